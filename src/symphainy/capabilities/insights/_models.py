"""Parameter and result models shared by the insights intents, and those of the data reports."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from symphainy.contracts import FileId, ParsedFileId


class Params(BaseModel):
    """Intent parameters refuse unknown fields."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class ChartRef(BaseModel):
    """A chart stored as its own `visualization` artifact (an SVG image)."""

    artifact_id: str
    title: str
    kind: str
    filename: str
    format: str = "svg"


class Narrated(BaseModel):
    """Prose from the reasoning provider, or why there is none."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    narrative: str | None = None
    narrative_status: Literal["absent", "generated"] = "absent"


class Report(Narrated):
    """Every insights result names the artifact that keeps it and the charts drawn from it."""

    report_id: str
    charts: list[ChartRef] = Field(default_factory=list)


class QualityOptions(Params):
    """Thresholds of the quality checks."""

    format_threshold: float = Field(default=0.6, gt=0.0, le=1.0)
    """Share of a column's values that must match a format for it to be the expected one."""
    outlier_iqr_factor: float = Field(default=3.0, gt=0.0, le=100.0)
    """Values beyond Q1 - k·IQR or Q3 + k·IQR are outliers (3 = Tukey's "far out")."""
    max_examples: int = Field(default=5, ge=1, le=50)


class AssessDataQualityParams(Params):
    """Assess a parsed file's data quality (upstream names kept).

    `source_file_id`, when given, must be the file the parsed content came from.
    `deterministic_embedding_id`, when given, supplies the column profiles (and joins the
    report's lineage) instead of profiling the tables again.
    """

    parsed_file_id: ParsedFileId
    source_file_id: FileId | None = None
    deterministic_embedding_id: str | None = None
    table: str | None = None
    quality_options: QualityOptions = Field(default_factory=QualityOptions)


Severity = Literal["low", "medium", "high"]


class Finding(BaseModel):
    """One problem in one column, with evidence (rows, values) and a likely cause."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    dimension: Literal["completeness", "validity", "uniqueness", "consistency", "outliers"]
    issue: str
    count: int
    ratio: float
    severity: Severity
    """At least the check's own floor, raised by the share of values affected (see
    `_quality_checks.severity`)."""
    examples: list[dict[str, Any]] = Field(default_factory=list)
    root_cause_hint: str
    related_columns: list[str] = Field(default_factory=list)
    """The other columns of a cross-column finding (the start date of an end date, the parts
    of a total)."""


class ColumnQuality(BaseModel):
    """A column's checks: what was expected of it and what was found."""

    name: str
    dtype: str
    expected_format: str | None
    present: int
    missing: int
    invalid: int
    duplicates: int
    inconsistent: int
    outliers: int
    score: float
    findings: list[Finding]


class TableQuality(BaseModel):
    """A table's dimension scores, duplicate rows and columns."""

    name: str
    label: str
    row_count: int
    rows_analyzed: int
    duplicate_rows: int
    scores: dict[str, float]
    columns: list[ColumnQuality]


class AssessDataQualityResult(Report):
    """The quality report: a grade, dimension scores and per-column findings."""

    parsed_file_id: str
    source_file_id: str | None
    grade: Literal["A", "B", "C", "D", "F"]
    score: float
    scores: dict[str, float]
    confidence: dict[str, float]
    parsing: dict[str, Any]
    tables: list[TableQuality]
    finding_count: int


class AnalysisOptions(Params):
    """What the structured analysis computes."""

    table: str | None = None
    top_n: int = Field(default=10, ge=1, le=100)
    bins: int = Field(default=10, ge=2, le=100)
    min_correlation: float = Field(default=0.5, ge=0.0, le=1.0)
    """Pairs at or above this |r| are listed as strong correlations."""
    trend_period: Literal["auto", "day", "week", "month", "quarter", "year"] = "auto"
    max_charts: int = Field(default=12, ge=0, le=100)


class AnalyzeStructuredDataParams(Params):
    """Descriptive analysis of a parsed file's tables."""

    parsed_file_id: ParsedFileId
    analysis_options: AnalysisOptions = Field(default_factory=AnalysisOptions)


class AnalyzeStructuredDataResult(Report):
    """Per table: statistics, distributions, top values, correlations and trends."""

    parsed_file_id: str
    tables: list[dict[str, Any]]


class UnstructuredOptions(Params):
    """How many keywords and entity examples to keep."""

    top_keywords: int = Field(default=20, ge=1, le=200)
    max_entities: int = Field(default=50, ge=1, le=1000)


class AnalyzeUnstructuredDataParams(Params):
    """Text analysis of a parsed document."""

    parsed_file_id: ParsedFileId
    analysis_options: UnstructuredOptions = Field(default_factory=UnstructuredOptions)


class AnalyzeUnstructuredDataResult(Report):
    """Keywords, entities found by pattern, sections and summary statistics."""

    parsed_file_id: str
    statistics: dict[str, Any]
    keywords: list[dict[str, Any]]
    key_phrases: list[dict[str, Any]]
    entities: dict[str, list[dict[str, Any]]]
    sections: list[dict[str, Any]]
