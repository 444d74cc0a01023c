"""Anchor a quote in a source text: the W3C Web Annotation text selectors for exact words.

Offsets count Unicode code points of the text as shipped (Python ``str`` indices), end
exclusive, as TextPositionSelector defines them.

>>> a = anchor("в ночь с 19 на 20 января", "на 20")
>>> (a.start, a.end, a.prefix, a.suffix)
(12, 17, 'в ночь с 19 ', ' января')
"""

from __future__ import annotations

from dataclasses import dataclass

#: How many code points of context a TextQuoteSelector keeps on each side.
CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in a text: both selectors' values."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def anchor(text: str, exact: str, occurrence: int = 1) -> Anchor:
    """Return the selectors of the ``occurrence``-th (1-based) appearance of ``exact``.

    :raises ValueError: if ``exact`` does not occur that often in ``text``.
    """
    start = -1
    for _ in range(occurrence):
        start = text.find(exact, start + 1)
        if start < 0:
            raise ValueError(f"quote {exact!r} does not occur {occurrence} time(s) in the text")
    end = start + len(exact)
    return Anchor(
        exact, text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT], start, end
    )


def _literal(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def to_turtle(found: Anchor, slug: str, source_file: str) -> str:
    """Render the target and its two selectors as Turtle for ``claim/<slug>``."""
    claim = f"claim/{slug}"
    return "\n".join(
        [
            f"<{claim}#target> a oa:SpecificResource ;",
            f"    oa:hasSource <sources/{source_file}> ;",
            f"    oa:hasSelector <{claim}#quote> , <{claim}#position> .",
            f"<{claim}#quote> a oa:TextQuoteSelector ;",
            f"    oa:exact {_literal(found.exact)} ;",
            f"    oa:prefix {_literal(found.prefix)} ;",
            f"    oa:suffix {_literal(found.suffix)} .",
            f"<{claim}#position> a oa:TextPositionSelector ;",
            f"    oa:start {found.start} ;",
            f"    oa:end {found.end} .",
        ]
    )
