"""analyze_unstructured_data: keywords, entities by pattern, sections and text statistics."""

from __future__ import annotations

from typing import Any, Final

from symphainy.capabilities.insights import _entities, _narrate, _source, _svg, _text_stats
from symphainy.capabilities.insights._models import (
    AnalyzeUnstructuredDataParams,
    AnalyzeUnstructuredDataResult,
)
from symphainy.capabilities.insights._store import Chart, save_report
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "analysis_report"


async def analyze_unstructured_data(
    ctx: ExecutionContext, p: AnalyzeUnstructuredDataParams
) -> AnalyzeUnstructuredDataResult:
    """Analyse the text of a parsed document (Word, PDF, HTML, Markdown, text, …).

    Raises:
        ArtifactNotFound: the parsed file is not the caller's.
        InvalidRequest: the parsed file has no text.
    """
    parsed = await _source.ready(ctx, p.parsed_file_id)
    passages = await _source.passages(ctx, parsed)
    if not passages:
        raise InvalidRequest(
            f"parsed content {parsed.artifact_id} has no text "
            f"(parser {parsed.semantic_descriptor.get('parser')!r}); this intent needs a document"
        )
    options = p.analysis_options
    await ctx.emit(message=f"analysing {len(passages)} passages", percent=20)
    body: dict[str, Any] = {
        "parsed_file_id": parsed.artifact_id,
        "statistics": _text_stats.statistics(passages),
        "keywords": _text_stats.keywords(passages, options.top_keywords),
        "key_phrases": _text_stats.key_phrases(passages, options.top_keywords),
        "entities": _entities.find(passages, options.max_entities),
        "sections": _text_stats.sections(passages),
    }
    facts = {k: body[k] for k in ("statistics", "keywords", "key_phrases", "sections")}
    body.update(await _narrate.narrate(ctx, "document text analysis", facts))
    summary = {
        "parsed_file_id": parsed.artifact_id,
        "analysis": "unstructured",
        "words": body["statistics"]["words"],
        "top_keywords": [k["term"] for k in body["keywords"][:5]],
    }
    saved = await save_report(
        ctx,
        ARTIFACT_TYPE,
        body,
        parents=[parsed.artifact_id],
        summary=summary,
        charts=_charts(body),
    )
    return AnalyzeUnstructuredDataResult(report_id=saved.report_id, charts=saved.charts, **body)


def _charts(body: dict[str, Any]) -> list[Chart]:
    charts = []
    if body["keywords"]:
        terms = body["keywords"][:15]
        svg = _svg.bar_chart(
            "Keywords (TF-IDF over sections)",
            [k["term"] for k in terms],
            [k["score"] for k in terms],
        )
        charts.append(Chart("keywords", "Keywords", "bar", svg))
    named = [s for s in body["sections"] if s["heading"]]
    if len(named) >= 2:
        svg = _svg.bar_chart(
            "Words per section", [s["heading"] for s in named], [s["words"] for s in named]
        )
        charts.append(Chart("section_words", "Words per section", "bar", svg))
    return charts
