"""Form decoding in C (``yanvar.forms``) agrees with urllib on every input, and the
guard's quick test for trigger words is sound: what it passes unlexed, the full scan passes."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_to_bytes

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from yanvar import guard
from yanvar.errors import BadRequest
from yanvar.forms import decode_form, unquote_plus

#: Bytes that make percent-decoding interesting: escapes, broken escapes, backslashes that
#: the codec would read as escapes of its own, '+', separators and non-ASCII.
FORM_BYTES = st.lists(
    st.sampled_from(
        [
            b"%",
            b"%2",
            b"%41",
            b"%e2",
            b"%80",
            b"%94",
            b"%zz",
            b"%5C",
            b"\\",
            b"\\x41",
            b"\\n",
            b"\\N{DASH}",
            b"+",
            b"&",
            b"=",
            b"a",
            b"query",
            b"\xd0\x9f",
            b"\xff",
            b" ",
            b"%2B",
        ]
    )
).map(b"".join)


@given(FORM_BYTES)
@example(b"50%2541")
@example(b"%%41")
@example(b"\\%41")
def test_unquote_plus_agrees_with_urllib(raw: bytes) -> None:
    assert unquote_plus(raw) == unquote_to_bytes(raw.replace(b"+", b" "))


@given(FORM_BYTES)
def test_decode_form_agrees_with_parse_qsl_or_refuses(raw: bytes) -> None:
    try:
        expected: dict[str, list[str]] | None = {}
        text = raw.decode("utf-8")
        for name, value in parse_qsl(text, keep_blank_values=True, errors="strict"):
            expected.setdefault(name, []).append(value)  # type: ignore[union-attr]
    except UnicodeDecodeError:
        expected = None
    if expected is None:
        with pytest.raises(BadRequest, match="UTF-8"):
            decode_form(raw, "the test")
    else:
        assert decode_form(raw, "the test") == expected


WORDS = st.sampled_from(
    [
        "SERVICE",
        "service",
        "FROM",
        "NAMED",
        "SILENT",
        "true",
        "ASK",
        "E",
        ".",
        "LOAD",
        "WITH",
        "DROP",
        "X",
        "_",
        "1",
        "É",
        "Ж",
        " ",
        "<",
        ":",
        "?",
        "\n",
        "#",
        "ſ",
    ]
)


QUOTES_AND_SPACE = st.sampled_from(["'''", '"""', "'", '"', "\r", "\t", ">", "{"])


@given(st.lists(WORDS | QUOTES_AND_SPACE).map("".join))
@example("# read from its graph\nSELECT * FROM <g> {}")
@example('SELECT * { ?s ?p """\n# x """ . SERVICE <http://x/> {} }')
@example("ASK { ?s ?p '''\n#''' } FROM <g>")
@example("1SERVICE")
@example("1.5e3SERVICE")
@example("TRUESERVICE")
@example("ASKFROM")
@example("SERVICESILENT")
@example("FROMNAMED")
def test_a_query_passed_unlexed_is_passed_by_the_scan_too(text: str) -> None:
    """Sound: a query the quick test lets through unlexed, the full scan lets through too."""
    if guard._mentions_a_trigger(text.upper()):
        return
    scan = guard._Scan(guard.Policy(max_nesting=10_000))
    scan.run(text)  # raises on any trigger keyword the quick test missed
    assert not scan.declares_dataset


def test_a_trigger_word_in_a_comment_line_is_not_lexed() -> None:
    assert not guard._mentions_a_trigger("# READ FROM ITS GRAPH\nSELECT * {}")
    assert guard._mentions_a_trigger("# READ\nSELECT * FROM <G> {}")
    assert guard._mentions_a_trigger('"""\n# FROM """')  # a long string may hide no comment
