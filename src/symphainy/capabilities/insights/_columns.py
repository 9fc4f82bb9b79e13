"""Column descriptors, and evidence that two columns correspond: names, types, values, meaning.

A `ColumnInfo` is what the matchers know of a column: its type family, expected format, counts,
and its distinct values as strings (when there are at most MAX_DISTINCT of them). Meaning is the
cosine similarity of the columns' all-MiniLM-L6-v2 vectors: taken from the parsed file's stored
`embeddings` artifact when there is one, otherwise computed now from the same metadata text the
content capability embeds.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Final

import numpy as np
import polars as pl
from numpy.typing import NDArray

from symphainy.capabilities.content import ENCODERS, metadata_text
from symphainy.capabilities.insights import _formats, _quality, _source
from symphainy.contracts import ArtifactView
from symphainy.runtime import ExecutionContext

MAX_DISTINCT: Final = 200_000
SYNONYMS: Final = (
    frozenset({"email", "mail", "e_mail", "email_address"}),
    frozenset({"phone", "telephone", "tel", "phone_no", "phone_number", "mobile"}),
    frozenset({"zip", "zipcode", "zip_code", "postal_code", "postcode"}),
    frozenset({"name", "full_name", "fullname", "display_name"}),
    frozenset({"dob", "birth_date", "date_of_birth", "birthday"}),
    frozenset({"created_at", "created", "signup", "signup_date", "joined", "registered_at"}),
    frozenset({"amount", "total", "value", "sum"}),
    frozenset({"qty", "quantity", "units", "count"}),
)
Vector = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """One column (or data-model field) as the matchers see it."""

    source: str
    table: str
    label: str
    name: str
    family: str
    fmt: str | None
    rows: int = 0
    present: int = 0
    distinct: int = 0
    values: frozenset[str] | None = None
    samples: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def unique(self) -> bool:
        """No missing values and no repeats."""
        return self.rows > 0 and self.present == self.rows == self.distinct

    def ref(self) -> dict[str, Any]:
        """Where the column lives."""
        return {
            "parsed_file_id": self.source,
            "table": self.table,
            "label": self.label,
            "column": self.name,
        }


def family(dtype: pl.DataType) -> str:
    """integer, number, date, boolean, text or other."""
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_integer():
        return "integer"
    if dtype.is_numeric():
        return "number"
    if dtype.is_temporal():
        return "date"
    return "text" if dtype == pl.String else "other"


def describe(table: _source.LoadedTable) -> list[ColumnInfo]:
    """ColumnInfo for every column of a loaded table."""
    ratios = _quality.format_ratios(table.frame)
    out = []
    for name in table.frame.columns:
        series = table.frame[name]
        fam = family(series.dtype)
        fmt = _formats.expected(name, ratios.get(name) or {}, 0.8) if fam == "text" else None
        values = series.drop_nulls()
        distinct = values.n_unique() if fam != "other" else 0
        keep = fam in ("integer", "text", "date") and 0 < distinct <= MAX_DISTINCT
        as_text = values.cast(pl.String).str.strip_chars() if keep else None
        out.append(
            ColumnInfo(
                source=table.parsed_file_id,
                table=table.name,
                label=table.label,
                name=name,
                family="date" if fmt == "date" else fam,
                fmt=fmt,
                rows=series.len(),
                present=values.len(),
                distinct=distinct,
                values=frozenset(as_text.unique().to_list()) if as_text is not None else None,
                samples=tuple(
                    str(v) for v in values.unique(maintain_order=True).head(10).to_list()
                ),
            )
        )
    return out


def tokens(name: str) -> set[str]:
    """The words of a column name, singular (`customer_ids` → {customer, id})."""
    return {singular(t) for t in _formats.snake(name).split("_") if t}


def singular(word: str) -> str:
    """A crude English singular: `categories` → `category`, `addresses` → `address`."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def name_similarity(a: str, b: str) -> float:
    """1 for one name, 0.9 for known synonyms, else the best of edit ratio and token overlap."""
    x, y = _formats.snake(a), _formats.snake(b)
    if x == y:
        return 1.0
    if any(x in group and y in group for group in SYNONYMS):
        return 0.9
    ta, tb = tokens(a), tokens(b)
    jaccard = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    return round(max(SequenceMatcher(None, x, y).ratio(), jaccard), 6)


def containment(part: ColumnInfo, whole: ColumnInfo) -> float | None:
    """Share of `part`'s distinct values found among `whole`'s (None when either is unknown)."""
    if part.values is None or whole.values is None or not part.values:
        return None
    return round(len(part.values & whole.values) / len(part.values), 6)


def jaccard(a: ColumnInfo, b: ColumnInfo) -> float | None:
    """Overlap of the two columns' distinct values."""
    if a.values is None or b.values is None or not (a.values | b.values):
        return None
    return round(len(a.values & b.values) / len(a.values | b.values), 6)


def type_similarity(a: ColumnInfo, b: ColumnInfo) -> float:
    """1 for the same family, 0.5 for compatible ones (integer/number, text with anything)."""
    if a.family == b.family:
        return 1.0
    if {a.family, b.family} == {"integer", "number"} or "text" in (a.family, b.family):
        return 0.5
    return 0.0


def format_similarity(a: ColumnInfo, b: ColumnInfo) -> float:
    """1 when both hold the same detected format, 0.5 when neither has one, else 0."""
    if a.fmt is None and b.fmt is None:
        return 0.5
    return 1.0 if a.fmt == b.fmt else 0.0


class Meanings:
    """Column vectors by (source, table, column): stored ones first, the rest encoded on demand."""

    def __init__(self) -> None:
        self.vectors: dict[tuple[str, str, str], Vector] = {}
        self.used: list[str] = []
        self.computed = 0

    async def load(
        self, ctx: ExecutionContext, source: str, embedding: ArtifactView | None
    ) -> None:
        """Take the column_metadata vectors of a stored embeddings artifact."""
        if embedding is None:
            return
        stored = await _source.column_vectors(ctx, embedding)
        for (table, column, kind), vector in stored.items():
            if kind == "column_metadata":
                self.vectors[(source, table, column)] = vector
        self.used.append(embedding.artifact_id)

    async def complete(self, columns: list[ColumnInfo]) -> None:
        """Encode the columns no stored embedding covered."""
        missing = [c for c in columns if (c.source, c.table, c.name) not in self.vectors]
        if not missing:
            return
        texts = [metadata_text(_metadata(c)) for c in missing]
        encoded = await asyncio.to_thread(ENCODERS.get().encode, texts)
        for column, vector in zip(missing, encoded, strict=True):
            self.vectors[(column.source, column.table, column.name)] = vector
        self.computed += len(missing)

    def similarity(self, a: ColumnInfo, b: ColumnInfo) -> float:
        """Cosine similarity of the two columns' vectors, floored at 0."""
        va = self.vectors[(a.source, a.table, a.name)]
        vb = self.vectors[(b.source, b.table, b.name)]
        norm = float(np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0
        return round(max(float(va @ vb) / norm, 0.0), 6)

    def provenance(self) -> dict[str, Any]:
        """Which embeddings artifacts were read and how many vectors were computed here."""
        return {"embedding_ids": list(self.used), "computed_vectors": self.computed}


_DTYPE_OF: Final = {"integer": "Int64", "number": "Float64", "date": "Date", "boolean": "Boolean"}


def _metadata(column: ColumnInfo) -> dict[str, Any]:
    formats = {column.fmt: 1.0} if column.fmt else {}
    return {
        "name": column.name,
        "dtype": _DTYPE_OF.get(column.family, "String"),
        "formats": formats,
    }


def fk_name_score(column: ColumnInfo, key: ColumnInfo) -> float:
    """How strongly a column's name says it refers to `key`'s table.

    1.0: `customer_id` → customers.id, or the same non-generic name on both sides;
    0.6: the target table's singular name is one of the column's words; else 0.
    """
    name, key_name = _formats.snake(column.name), _formats.snake(key.name)
    table = singular(_formats.snake(key.label))
    if name in {f"{table}_{key_name}", f"{table}{key_name}"}:
        return 1.0
    if name == key_name and key_name not in {"id", "key", "code", "name"}:
        return 1.0
    words = re.split(r"_+", name)
    return 0.6 if table in {singular(w) for w in words} else 0.0
