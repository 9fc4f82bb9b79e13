"""An SOP as Markdown and as a Word document, written so our parsers read the same SOP back."""

from __future__ import annotations

import io

from symphainy.capabilities.operations._models import SopDocument, SopException, SopStep


def step_line(step: SopStep) -> str:
    """`If <condition>, <Role>: <action> (after steps …) [<task type>]` without the number."""
    text = f"{step.role}: {step.action}" if step.role else step.action
    if step.condition:
        text = f"If {_lower_first(step.condition)}, {text}"
    after = step.after if step.after is not None else [step.number - 1] * (step.number > 1)
    if not after and step.number > 1:
        text += " (at the start)"
    elif after != [step.number - 1] * (step.number > 1):
        text += f" (after {_steps(after)})"
    default_type = "userTask" if step.role else "task"
    if step.task_type != default_type:
        text += f" [{step.task_type}]"
    return text


def exception_line(exc: SopException) -> str:
    """`If <condition> at step N, <Role>: <handling>`."""
    where = f" at step {exc.step}" if exc.step is not None else ""
    handling = f"{exc.role}: {exc.handling}" if exc.role else exc.handling
    return f"If {_lower_first(exc.condition)}{where}, {handling}"


def _steps(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"step {numbers[0]}"
    return "steps " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def sop_markdown(sop: SopDocument) -> str:
    """The SOP as Markdown: Purpose, Roles, Procedure (numbered), Exceptions, Notes."""
    out = [f"# {sop.title}", ""]
    if sop.purpose:
        out += ["## Purpose", "", sop.purpose, ""]
    if sop.roles:
        out += ["## Roles", "", *(f"- {role}" for role in sop.roles), ""]
    out += ["## Procedure", "", *(f"{s.number}. {step_line(s)}" for s in sop.steps), ""]
    if sop.exceptions:
        out += ["## Exceptions", "", *(f"- {exception_line(e)}" for e in sop.exceptions), ""]
    if sop.notes:
        out += ["## Notes", "", *(f"- {note}" for note in sop.notes), ""]
    return "\n".join(out)


def sop_docx(sop: SopDocument) -> bytes:
    """The SOP as a .docx: headings per section, numbered steps, and a step table."""
    import docx

    document = docx.Document()
    document.core_properties.title = sop.title
    document.add_heading(sop.title, level=0)
    if sop.purpose:
        document.add_heading("Purpose", level=1)
        document.add_paragraph(sop.purpose)
    if sop.roles:
        document.add_heading("Roles", level=1)
        for role in sop.roles:
            document.add_paragraph(role, style="List Bullet")
    document.add_heading("Procedure", level=1)
    for step in sop.steps:
        document.add_paragraph(f"{step.number}. {step_line(step)}")
    _step_table(document, sop)
    _bullets(document, "Exceptions", [exception_line(e) for e in sop.exceptions])
    _bullets(document, "Notes", sop.notes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _step_table(document: object, sop: SopDocument) -> None:
    table = document.add_table(rows=1, cols=4)  # type: ignore[attr-defined]
    for cell, text in zip(
        table.rows[0].cells, ("Step", "Role", "Action", "Condition"), strict=True
    ):
        cell.text = text
    for step in sop.steps:
        cells = table.add_row().cells
        values = (str(step.number), step.role or "", step.action, step.condition or "")
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def _bullets(document: object, heading: str, lines: list[str]) -> None:
    if not lines:
        return
    document.add_heading(heading, level=1)  # type: ignore[attr-defined]
    for line in lines:
        document.add_paragraph(line, style="List Bullet")  # type: ignore[attr-defined]
