"""``application/x-www-form-urlencoded`` decoding, strict and fast: the SPARQL query string.

A GET query arrives percent-encoded, often with an escape every eight bytes; urllib
decodes escapes one by one in Python (about 12 µs for a 600-byte lookup, as much as the
rest of the request's Python). :func:`unquote_plus` has the ``unicode_escape`` codec do
the work in C: every ``%`` becomes ``\\x`` (and every backslash ``\\\\``), so the codec
reads exactly the percent-escapes and passes every other byte through. A ``%`` not
followed by two hex digits, which urllib keeps as it is, makes the codec fail; then
urllib decodes that string. The two agree on every input (``tests/test_forms.py``).
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from yanvar.errors import BadRequest


def decode_form(raw: bytes, where: str) -> dict[str, list[str]]:
    """Parse form-encoded bytes into lists of values by name, refusing what is not UTF-8.

    Decoded exactly once: ``50%2541`` stays ``50%41``. ``where`` names the bytes in errors.

    >>> decode_form(b"query=ASK+%7B%7D&format=json&format=", "the URL")
    {'query': ['ASK {}'], 'format': ['json', '']}
    """
    utf8(raw, where)
    params: dict[str, list[str]] = {}
    for pair in raw.split(b"&"):
        if pair:
            name, _, value = pair.partition(b"=")
            params.setdefault(_text(name, where), []).append(_text(value, where))
    return params


def utf8(raw: bytes, where: str) -> str:
    """Decode ``raw`` as strict UTF-8; ``where`` names the bytes in the error.

    :raises BadRequest: for bytes that are not UTF-8.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{where} is not valid UTF-8: {exc}") from exc


def unquote_plus(raw: bytes) -> bytes:
    """Decode percent-escapes and ``+`` (a space) as urllib's ``unquote_plus`` would, to bytes.

    >>> unquote_plus(b"a+b%2B%e2%80%94%zz\\\\")
    b'a b+\\xe2\\x80\\x94%zz\\\\'
    """
    spaced = raw.replace(b"+", b" ")
    if b"%" not in spaced:
        return spaced
    escaped = spaced.replace(b"\\", b"\\\\").replace(b"%", b"\\x")
    try:
        return escaped.decode("unicode_escape").encode("latin-1")
    except UnicodeDecodeError:  # a '%' that starts no escape: urllib keeps it as it is
        return unquote_to_bytes(spaced)


def _text(raw: bytes, where: str) -> str:
    try:
        return unquote_plus(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{where} percent-encodes bytes that are not UTF-8: {exc}") from exc
