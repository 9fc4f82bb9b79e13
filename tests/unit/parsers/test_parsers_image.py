from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from symphainy.errors import MissingDependency
from symphainy.parsers import ParseError
from symphainy.parsers._limits import ParserSettings
from symphainy.parsers.image_parser import parse_image

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed"
)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _render(path: Path, lines: list[str], fmt: str) -> Path:
    image_mod = pytest.importorskip("PIL.Image")
    draw_mod = pytest.importorskip("PIL.ImageDraw")
    font_mod = pytest.importorskip("PIL.ImageFont")
    font = font_mod.truetype(str(DEJAVU), 48) if DEJAVU.exists() else font_mod.load_default(size=48)
    image = image_mod.new("RGB", (1000, 90 * len(lines) + 40), "white")
    draw = draw_mod.Draw(image)
    for index, line in enumerate(lines):
        draw.text((30, 30 + 90 * index), line, fill="black", font=font)
    image.save(path, format=fmt)
    return path


@needs_tesseract
@pytest.mark.parametrize(("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg"), ("TIFF", "tiff")])
def test_ocr_recognises_rendered_text(tmp_path, out_dir, fmt, kind):
    path = _render(tmp_path / "scan.img", ["Invoice Total 4521", "Symphainy parses images"], fmt)

    outcome = parse_image(path, out_dir)

    doc = outcome.document
    assert outcome.content_kind == kind
    assert doc["text"].splitlines() == ["Invoice Total 4521", "Symphainy parses images"]
    assert [w["text"] for w in doc["words"]][:3] == ["Invoice", "Total", "4521"]
    assert all(0 <= w["confidence"] <= 100 for w in doc["words"])
    assert doc["mean_confidence"] > 60
    assert [w["line"] for w in doc["words"]] == [1, 1, 1, 2, 2, 2]


@needs_tesseract
def test_corrupt_image_raises(write_file, out_dir):
    path = write_file("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(ParseError) as caught:
        parse_image(path, out_dir)
    assert caught.value.extra == {"page": 1}


def test_missing_tesseract_is_a_configuration_error(tmp_path, out_dir):
    missing = str(tmp_path / "no-such-tesseract")
    settings = dataclasses.replace(ParserSettings.defaults(), tesseract_cmd=missing)
    path = tmp_path / "x.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(MissingDependency) as caught:
        parse_image(path, out_dir, None, settings)
    assert caught.value.extra == {"dependency": "tesseract"}


def test_non_image_is_rejected(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_image(write_file("x.png", "hello, world\n"), out_dir)
    assert caught.value.extra == {"offset": 0}
