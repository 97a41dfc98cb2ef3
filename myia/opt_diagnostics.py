"""``myia-opt``'s diagnostics: errors rendered as ``file:line:col: error:``
paragraphs, and the ``expected-error`` annotations of ``--verify-diagnostics``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from myia.errors import MyiaError, MyiaWarning

# ---------------------------------------------------------------------------
# Diagnostics


def render_error(err: MyiaError) -> str:
    """``file:line:col: error: message`` and the source line, as mlir-opt prints;
    for a compile-time traceback (type and shape errors), that line (at the
    innermost frame) and then the traceback."""
    if err.frames or err.operation:
        located = [f.location for f in err.frames if f.location is not None]
        head = f"{located[-1]}: error: {err.message}\n" if located else ""
        return head + err.render().lstrip("\n")
    parts: list[str] = []
    if err.location is not None:
        head = f"{err.location}: error: {err.message}"
        excerpt = err.location.excerpt()
        parts.append(f"{head}\n{excerpt}" if excerpt else head)
    else:
        parts.append(f"error: {err.message}")
    return "\n".join(parts)


def render_warning(warning: MyiaWarning) -> str:
    """``file:line:col: warning: message`` and the source line."""
    if warning.location is None:
        return f"warning: {warning.message}"
    excerpt = warning.location.excerpt()
    head = f"{warning.location}: warning: {warning.message}"
    return f"{head}\n{excerpt}" if excerpt else head


_EXPECTED = re.compile(
    r"(?://|#)\s*expected-(error|warning|note|remark)\s*"
    r"(?:@(?P<where>[+-]\d+|above|below|unknown))?\s*\{\{(?P<msg>.*?)\}\}"
)


@dataclass
class Expected:
    """One ``expected-error`` annotation: the line it applies to (None for
    ``@unknown``), the message it expects, and where it was written."""

    kind: str
    line: int | None
    message: str
    written_at: int
    seen: bool = False


def parse_expectations(text: str, line_offset: int) -> list[Expected]:
    out = []
    for index, line in enumerate(text.splitlines()):
        for match in _EXPECTED.finditer(line):
            here = index + 1 + line_offset
            where = match.group("where")
            if where is None:
                target: int | None = here
            elif where == "unknown":
                target = None
            elif where == "above":
                target = here - 1
            elif where == "below":
                target = here + 1
            else:
                target = here + int(where)
            out.append(Expected(match.group(1), target, match.group("msg").strip(), here))
    return out
