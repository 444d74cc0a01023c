"""Source texts and the passages around their quotes, for highlighting on pages.

Offsets are Unicode code points of the shipped text (Python ``str`` indices), end
exclusive, as oa:TextPositionSelector counts them.

>>> text = "First paragraph.\\n\\nThe army killed 150 people. Then more."
>>> p = passage(text, 34, 37)
>>> (p.before, p.exact, p.after)
('The army killed ', '150', ' people. Then more.')
>>> locate(text, 0, 3, "150", "killed ", " people")
(34, 37)
>>> [(s.text, s.spans) for s in segments("abcdef", [Span(1, 4, 0), Span(2, 3, 1)])]
[('a', ()), ('b', (0,)), ('c', (0, 1)), ('d', (0,)), ('ef', ())]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from yanvar import dataset

#: How far a passage reaches on either side of its quote when the paragraph is longer.
REACH = 160


@dataclass(frozen=True)
class Passage:
    """A quote inside the words around it."""

    before: str
    exact: str
    after: str


@dataclass(frozen=True)
class Span:
    """A quoted range of a text and the number of the quote it belongs to."""

    start: int
    end: int
    number: int


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same quotes; which quotes start and end at its edges."""

    text: str
    spans: tuple[int, ...]
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()


@lru_cache(maxsize=64)
def read(path: Path) -> str:
    """Read a shipped source text once (it never changes while the server runs)."""
    return dataset.read_text(path)


def find(name: str, directories: tuple[Path, ...]) -> Path | None:
    """Return the file ``name`` (a bare file name) from the first directory that has it."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    for directory in directories:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def locate(
    text: str, start: int, end: int, exact: str, prefix: str = "", suffix: str = ""
) -> tuple[int, int] | None:
    """Return where ``exact`` is: at its position selector, else where its quote selector fits."""
    if text[start:end] == exact:
        return start, end
    found = text.find(prefix + exact + suffix)
    if found >= 0:
        return found + len(prefix), found + len(prefix) + len(exact)
    found = text.find(exact)
    return (found, found + len(exact)) if found >= 0 and exact else None


def passage(text: str, start: int, end: int) -> Passage:
    """Return the paragraph around ``text[start:end]``, cut at words if it is long."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    before = text[max(para_start, start - REACH) : start]
    after = text[end : min(para_end, end + REACH)]
    if para_start < start - REACH:
        before = "…" + before.split(" ", 1)[-1]
    if para_end > end + REACH:
        after = after.rsplit(" ", 1)[0] + "…"
    return Passage(before.lstrip(), text[start:end], after.rstrip())


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` where any span starts or ends; each segment knows the spans covering it."""
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    result = []
    for a, b in itertools.pairwise(cuts):
        result.append(
            Segment(
                text[a:b],
                tuple(s.number for s in spans if s.start <= a and b <= s.end),
                tuple(s.number for s in spans if s.start == a),
                tuple(s.number for s in spans if s.end == b),
            )
        )
    return result
