"""What a client's query may do, checked before it reaches the engine.

pyoxigraph (and rdflib) open a network connection for ``SERVICE`` by default, accept
``FROM`` any IRI, and pyoxigraph's parser overflows its stack on very deep nesting
(10,000 brackets kill the process). So every query is scanned first, by a SPARQL
*lexer* (strings, IRIs, comments, prefixed names and variables are single tokens, so
``?service``, ``ex:from`` or ``"LOAD"`` are never taken for keywords), and refused with
a message that says why. The query workers also run without a network (see
:mod:`yanvar.querying`): this scan is what gives the client a clear answer.

The scan costs a few microseconds: a query that contains none of the keywords and
few brackets is passed without being lexed at all.

>>> policy = Policy(graphs=frozenset({"http://ex.org/g"}))
>>> check("SELECT * { ?service ?from 'SERVICE <http://x/>' }", policy)
False
>>> check("SELECT * FROM <http://ex.org/g> { ?s ?p ?o }", policy)
True
>>> check("SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }", policy)
Traceback (most recent call last):
...
yanvar.errors.Forbidden: SERVICE <http://evil.example/sparql> is refused: ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urljoin

from yanvar.errors import BadRequest, Forbidden

#: The SPARQL tokens the scan needs, longest forms first (SPARQL 1.1 Query, section 19.8).
_TOKEN = re.compile(
    r"""
    (?:\s|\#[^\r\n]*)*+  # whitespace and comments before a token (possessive: no backtracking)
    (?:
    (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<pname>(?:[^\W\d][\w.\-\u00b7]*)?:(?:[\w.\-:%\u00b7]|\\.)*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<other>.)
  | (?P<end>\Z)  # trailing whitespace ends here, not by a retry at every later position
    )
    """,
    re.VERBOSE | re.DOTALL,
)

#: Words that only SPARQL Update uses: a request containing one is an update.
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
#: Keywords the engine reads even inside a longer name: pyoxigraph parses ``SERVICESILENT
#: <…>`` as ``SERVICE SILENT <…>``, ``FROMNAMED <…>`` as ``FROM NAMED <…>``, and after the
#: words that may come right before them, ``?s ?p trueSERVICE <…>`` and ``ASKFROM <…>``.
RUN_ON_WORDS = ("SERVICE", "FROM")
_RUNS_ON_AFTER = ("TRUE", "FALSE", "ASK")
_RUN_ON = re.compile(f"({'|'.join(_RUNS_ON_AFTER)})?({'|'.join(RUN_ON_WORDS)})", re.IGNORECASE)
#: A query in which none of these appears as a word is not lexed at all (the common case).
_TRIGGER_WORDS = (*RUN_ON_WORDS, *sorted(UPDATE_WORDS))

READ_ONLY = "this endpoint is read-only: SPARQL Update ({word}) is refused and nothing changes"


@dataclass(frozen=True)
class Policy:
    """The limits of one endpoint: the dataset's graphs, allowed SERVICEs, nesting, base."""

    graphs: frozenset[str] = field(default_factory=frozenset)
    allowed_services: frozenset[str] = field(default_factory=frozenset)
    max_nesting: int = 200
    base_iri: str = ""


class _Token(NamedTuple):
    kind: str
    text: str


def _tokens(query: str) -> Iterator[_Token]:
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "end"
        if kind == "end":
            return
        yield _Token(kind, match.group(kind))


def check(query: str, policy: Policy) -> bool:
    """Refuse a query that would reach outside the dataset, change it, or nest too deep.

    :return: whether the query declares its own dataset (``FROM`` or ``FROM NAMED``),
        which then replaces the union default graph.

    :raises Forbidden: for SERVICE (unless allow-listed), FROM a graph not in the dataset,
        LOAD and every other update operation.
    :raises BadRequest: for brackets nested deeper than ``policy.max_nesting``.
    """
    brackets = query.count("(") + query.count("{") + query.count("[")
    if brackets <= policy.max_nesting and not _mentions_a_trigger(query.upper()):
        return False
    scan = _Scan(policy)
    scan.run(query)
    return scan.declares_dataset


def _mentions_a_trigger(upper: str) -> bool:
    """Tell whether the upper-cased query may hold a trigger keyword, outside comment lines.

    Found by substring search, then its neighbours checked: a regex search for any of the
    12 words costs about 7 µs on a 600-character query, this a tenth of that. A letter or
    ``_`` before the word makes it part of a longer name; a digit does not (``1SERVICE`` is a
    number, then the keyword); for SERVICE and FROM, neither TRUE, FALSE or ASK before nor
    anything after does (:data:`RUN_ON_WORDS`). A word on a line that starts with ``#`` is in
    a comment ("read from its graph"), unless the query has a long string, the only token
    that spans lines.
    """
    lines_are_tokens_apart = "'''" not in upper and '"""' not in upper
    for word in _TRIGGER_WORDS:
        runs_on = word in RUN_ON_WORDS
        start = upper.find(word)
        while start >= 0:
            end = start + len(word)
            before = upper[start - 1 : start]
            if (
                not (before.isalpha() or before == "_")
                or (runs_on and upper.endswith(_RUNS_ON_AFTER, 0, start))
            ) and (
                (runs_on or not _is_word_char(upper[end : end + 1]))
                and not (lines_are_tokens_apart and _on_a_comment_line(upper, start))
            ):
                return True
            start = upper.find(word, start + 1)
    return False


def _refuse_run_on(text: str) -> None:
    """Refuse a name in which the engine would read SERVICE or FROM (:data:`RUN_ON_WORDS`)."""
    match = _RUN_ON.match(text)
    if match:
        word = match.group(2).upper()
        raise BadRequest(
            f"the query engine reads {text!r} as holding the keyword {word}: write {word} "
            "as a word of its own, with spaces around it, or name the prefix otherwise"
        )


def _on_a_comment_line(text: str, position: int) -> bool:
    line_start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
    return text[line_start:position].lstrip(" \t").startswith("#")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def update_word(query: str) -> str | None:
    """Return the first SPARQL Update keyword of ``query``, if it has one.

    >>> update_word("PREFIX ex: <http://ex.org/> INSERT DATA { ex:a ex:b ex:c }")
    'INSERT'
    >>> update_word("SELECT ?insert { ?insert ex:delete 'DROP' }") is None
    True
    """
    for token in _tokens(query):
        if token.kind == "word" and token.text.upper() in UPDATE_WORDS:
            return token.text.upper()
    return None


class _Scan:
    """One pass over the tokens, remembering BASE and PREFIX to resolve IRIs."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.base = policy.base_iri
        self.prefixes: dict[str, str] = {}
        self.declares_dataset = False

    def run(self, query: str) -> None:
        depth = 0
        tokens = list(_tokens(query))
        for index, token in enumerate(tokens):
            if token.kind == "open":
                depth += 1
                if depth > self.policy.max_nesting:
                    raise BadRequest(
                        f"the query nests brackets more than {self.policy.max_nesting} deep "
                        "(SPARQL_MAX_NESTING); flatten it"
                    )
            elif token.kind == "close":
                depth -= 1
            elif token.kind == "word":
                if token.text.upper() not in RUN_ON_WORDS:
                    _refuse_run_on(token.text)  # no keyword or function name begins so
                self._keyword(token.text.upper(), tokens[index + 1 : index + 4])
            elif token.kind == "pname":
                after = tokens[index + 1 : index + 2]
                declared = index > 0 and tokens[index - 1].text.upper() == "PREFIX"
                if (after and after[0].text == "{") or (depth == 0 and not declared):
                    # where SERVICE <endpoint> { … } or FROM <graph> could stand
                    _refuse_run_on(token.text)

    def _keyword(self, word: str, following: list[_Token]) -> None:
        if word in UPDATE_WORDS:
            raise Forbidden(READ_ONLY.format(word=word))
        if word == "BASE" and following and following[0].kind == "iri":
            self.base = self._resolve(following[0])
        elif word == "PREFIX" and len(following) >= 2 and following[1].kind == "iri":
            self.prefixes[following[0].text] = self._resolve(following[1])
        elif word == "SERVICE":
            self._service(following)
        elif word == "FROM":
            self._from(following)

    def _resolve(self, token: _Token) -> str:
        """Return the absolute IRI an IRI or prefixed-name token stands for."""
        if token.kind == "iri":
            return urljoin(self.base, token.text[1:-1]) if self.base else token.text[1:-1]
        prefix, _, local = token.text.partition(":")
        return self.prefixes.get(f"{prefix}:", f"{prefix}:") + local.replace("\\", "")

    def _service(self, following: list[_Token]) -> None:
        if following and following[0].text.upper() == "SILENT":
            following = following[1:]
        if not following or following[0].kind not in ("iri", "pname"):
            raise Forbidden(
                "SERVICE with a variable endpoint is refused: this endpoint never makes "
                "outbound requests except to endpoints allowed by SPARQL_ALLOWED_SERVICES"
            )
        endpoint = self._resolve(following[0])
        if endpoint not in self.policy.allowed_services:
            raise Forbidden(
                f"SERVICE <{endpoint}> is refused: this endpoint never makes outbound requests "
                "except to endpoints allowed by SPARQL_ALLOWED_SERVICES"
            )

    def _from(self, following: list[_Token]) -> None:
        if following and following[0].text.upper() == "NAMED":
            following = following[1:]
        if following and following[0].kind in ("iri", "pname"):
            self.declares_dataset = True
            graph = self._resolve(following[0])
            if graph not in self.policy.graphs:
                raise Forbidden(
                    f"FROM <{graph}> is refused: it is not a graph of this dataset, and this "
                    "endpoint never loads graphs from the web"
                )
