"""Test-side encoders: build real mainframe record bytes value by value."""

from __future__ import annotations


def text(value: str, width: int, encoding: str = "cp037") -> bytes:
    """PIC X(width): the value padded with spaces on the right."""
    assert len(value) <= width
    return value.ljust(width).encode(encoding)


def zoned(
    value: int,
    digits: int,
    *,
    signed: bool = True,
    ebcdic: bool = True,
    leading: bool = False,
    separate: bool = False,
    encoding: str = "cp037",
) -> bytes:
    """Zoned decimal: one byte per digit, sign overpunched (or separate) on the first/last."""
    magnitude = str(abs(value)).zfill(digits)
    assert len(magnitude) == digits
    zero = 0xF0 if ebcdic else 0x30
    body = bytearray(zero + int(d) for d in magnitude)
    negative = value < 0
    if separate:
        sign = ("-" if negative else "+").encode(encoding if ebcdic else "ascii")
        return bytes(sign + body) if leading else bytes(body + sign)
    if signed:
        index = 0 if leading else digits - 1
        digit = int(magnitude[index])
        if ebcdic:
            body[index] = (0xD0 if negative else 0xC0) | digit
        else:
            body[index] = ord(("}JKLMNOPQR" if negative else "{ABCDEFGHI")[digit])
    return bytes(body)


def packed(value: int, digits: int, *, signed: bool = True) -> bytes:
    """COMP-3: two digits per byte, sign nibble last (C +, D -, F unsigned)."""
    nbytes = digits // 2 + 1
    magnitude = str(abs(value)).zfill(nbytes * 2 - 1)
    sign = (0xD if value < 0 else 0xC) if signed else 0xF
    nibbles = [int(d) for d in magnitude] + [sign]
    return bytes(nibbles[i] << 4 | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def binary(value: int, size: int, *, signed: bool = True) -> bytes:
    """COMP/COMP-4/BINARY/COMP-5: big-endian two's complement."""
    return value.to_bytes(size, "big", signed=signed)


def rdw(data: bytes) -> bytes:
    """Prefix a record with its Record Descriptor Word."""
    return (len(data) + 4).to_bytes(2, "big") + b"\x00\x00" + data


def decode(tmp_path, copybook: str, data: bytes, **kwargs):
    """Write `data` to a file, decode it, and return (outcome, all rows read back from Parquet)."""
    import pyarrow.parquet as pq

    from symphainy.parsers.copybook import parse_copybook_records

    source = tmp_path / "records.dat"
    source.write_bytes(data)
    outcome = parse_copybook_records(source, tmp_path / "out", copybook=copybook, **kwargs)
    rows = pq.read_table(outcome.tables[0].parquet_path).to_pylist()
    return outcome, rows
