"""The reader's language and the label to show for an IRI in it.

Labels come in Russian (the source's own wording: the original), English and Azerbaijani
(translations). The reader's Accept-Language picks the first choice; the others follow as
fallbacks, English first, so a page always has a name to show.

>>> choose_languages("az, ru;q=0.5")
('az', 'ru', 'en')
>>> choose_languages(None)
('en', 'ru', 'az')
>>> pick({"ru": "Баку", "en": "Baku"}, ("az", "ru", "en"))
Label(text='Баку', language='ru', original=True, translation=False)
>>> pick({"ru": "Баку", "en": "Baku"}, ("en",)).translation
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from yanvar.terms import Term, local_name

#: Languages with labels, in fallback order when the reader states no preference.
LANGUAGES = ("en", "ru", "az")
#: The language of the source document: its labels are the original wording.
ORIGINAL = "ru"
NAMES = {"en": "English", "ru": "Русский", "az": "Azərbaycanca"}
#: Wikidata items of languages (as dct:language values) -> BCP 47 tags, for lang attributes.
LANGUAGE_ITEMS = {
    # Only identifiers from the checked reference list (shared/reference): Russian.
    "http://www.wikidata.org/entity/Q7737": "ru",
}

#: (predicate, object) of every triple about an IRI.
Facts = Callable[[str], list[tuple[str, Term]]]


@dataclass(frozen=True)
class Label:
    """A label in one language: the source's wording (original), a translation of it, or
    neither (a name the curators gave that has no Russian original)."""

    text: str
    language: str
    original: bool
    translation: bool = False


def choose_languages(accept_language: str | None) -> tuple[str, ...]:
    """Order ru/en/az by the reader's Accept-Language, the rest in the default order."""
    accept = parse_accept_header(accept_language, LanguageAccept)
    preferred: list[str] = []
    for value, quality in accept:
        primary = value.lower().split("-")[0]
        if quality > 0 and primary in LANGUAGES and primary not in preferred:
            preferred.append(primary)
    return tuple(preferred + [lang for lang in LANGUAGES if lang not in preferred])


def pick(by_language: dict[str, str], languages: tuple[str, ...]) -> Label | None:
    """Return the label in the first of ``languages`` that has one (any other language last)."""
    for lang in (*languages, *sorted(by_language)):
        if lang in by_language:
            original = lang == ORIGINAL
            return Label(
                by_language[lang], lang, original, not original and ORIGINAL in by_language
            )
    return None


class Labels:
    """Labels of many IRIs, fetched once each, picked in the reader's languages."""

    def __init__(
        self, facts: Facts, languages: tuple[str, ...], predicates: tuple[str, ...]
    ) -> None:
        self._facts = facts
        self.languages = languages
        self._predicates = predicates  # in order of preference
        self._known: dict[str, dict[str, str]] = {}

    def fetch(self, iris: Iterable[str]) -> None:
        """Fetch the labels of every IRI not fetched yet (index lookups, no query to plan)."""
        for iri in sorted({i for i in iris if i not in self._known}):
            ranked: dict[str, tuple[int, str]] = {}
            for predicate, label in self._facts(iri):
                if predicate not in self._predicates:
                    continue
                rank, lang = self._predicates.index(predicate), label.language or ""
                if lang not in ranked or (rank, label.value) < ranked[lang]:
                    ranked[lang] = (rank, label.value)
            self._known[iri] = {lang: text for lang, (_, text) in ranked.items()}

    def all(self, iri: str) -> dict[str, str]:
        """Return the label of ``iri`` in each language it has one in (fetched on demand)."""
        if iri not in self._known:
            self.fetch([iri])
        return self._known[iri]

    def label(self, iri: str) -> Label:
        """Return the label to show for ``iri``; its local name when it has none."""
        found = pick(self.all(iri), self.languages)
        return found or Label(local_name(iri), "", original=False)
