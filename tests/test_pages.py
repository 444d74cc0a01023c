"""What the pages show: labels in the reader's language, quotes in context, escaping."""

from __future__ import annotations

import doctest
import re
from types import ModuleType

import pytest
from flask.testing import FlaskClient

from yanvar import labels, passages, representations, terms, times

CLAIM_DEATHS = "/claim/black-january-deaths"
DOCUMENT = "/doc/mfa-az-2025-01-20-national-mourning"


def _page(client: FlaskClient, path: str, language: str | None = None) -> str:
    headers = {"Accept-Language": language} if language else {}
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("module", [labels, passages, representations, terms, times])
def test_doctests(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("accept_language", "heading", "badge"),
    [
        (None, "Black January", "en · translation"),
        ("en-GB,en;q=0.9", "Black January", "en · translation"),
        ("ru-RU, ru;q=0.9, en;q=0.5", "Черный январь", "ru · original"),
        ("az", "Qara Yanvar", "az · translation"),
        ("de, az;q=0.4", "Qara Yanvar", "az · translation"),
        ("fr", "Black January", "en · translation"),
    ],
)
def test_entity_heading_follows_the_reader_language(
    pages_client: FlaskClient, accept_language: str | None, heading: str, badge: str
) -> None:
    page = _page(pages_client, "/id/black-january", accept_language)
    assert re.search(rf"<h1[^>]*>{heading}</h1>", page)
    assert badge in page


def test_lang_parameter_overrides_accept_language(pages_client: FlaskClient) -> None:
    page = pages_client.get("/id/baku?lang=az", headers={"Accept-Language": "ru"}).text
    assert '<h1 lang="az">Bakı</h1>' in page


def test_a_label_only_in_one_language_falls_back(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/id/fixture-author", "ru")
    assert '<h1 lang="en">Fixture author</h1>' in page


def test_entity_page_shows_each_claim_with_its_quote_highlighted(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/id/black-january")
    assert "<mark>150 мирных жителей были убиты</mark>" in page
    assert "стариков, <mark>" in page  # the passage around the quote
    assert f'href="{CLAIM_DEATHS}"' in page
    assert f'href="{DOCUMENT}#quote-black-january-deaths"' in page


def test_entity_page_shows_figures_with_what_they_count(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/id/black-january")
    assert '<data class="figure" value="150">150</data>' in page
    assert "number of killed (civilians)" in page
    assert '<data class="figure" value="744">744</data>' in page


def test_entity_page_shows_dates_with_their_precision(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/id/black-january")
    assert "19–20 January 1990" in page
    assert "interval precision" in page
    page = _page(pages_client, "/id/milli-majlis")
    assert '<time datetime="1994-03">March 1994</time>' in page
    assert "month precision" in page


def test_entity_page_links_to_wikidata_and_local_pages(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/id/black-january")
    assert 'href="https://www.wikidata.org/wiki/Q815436"' in page
    assert 'href="/id/heydar-aliyev"' in page
    assert "https://w3id.org/yanvar/id/" not in page.replace(
        "<code>https://w3id.org/yanvar/id/black-january</code>", ""
    )


def test_what_links_here(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/id/civilians")
    section = page.split('id="links-here"', 1)[1]
    assert 'href="/claim/black-january-deaths"' in section
    assert "applies to part" in section


def test_entity_named_as_a_value_lists_those_claims(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/id/baku")
    assert "Claims that name it as their value" in page
    assert "<mark>в Баку</mark>" in page


def test_literals_are_escaped(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/id/black-january")
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_claim_page(pages_client: FlaskClient) -> None:
    page = _page(pages_client, CLAIM_DEATHS)
    assert "The statement: Black January killed 150 civilians" in page
    assert "<mark>150 мирных жителей были убиты</mark>" in page
    assert "TextQuoteSelector" in page and "<code>1712</code>" in page
    assert "<code>числе детей, женщин и стариков, </code>" in page
    assert 'href="/id/civilians"' in page
    others = page.split('id="others"', 1)[1]
    assert 'href="/claim/fixture-second-deaths"' in others
    assert "<mark>147 civilians were killed</mark>" in others


def test_claim_without_other_sources_says_so(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/claim/black-january-made-known")
    assert "No other source makes this claim." in page


def test_document_page_marks_every_quote_and_links_its_claims(pages_client: FlaskClient) -> None:
    page = _page(pages_client, DOCUMENT)
    assert "✓ matches the shipped text" in page
    assert "773d18d5b27c84f60df3ff3b00202d09aca433bb32cbf99eae3212351fcc9206" in page
    text = page.split('class="source-text"', 1)[1].split("</div>", 1)[0]
    claims = page.split('id="claims"', 1)[1]
    for slug in ("black-january-deaths", "black-january-date", "resolution-adopted"):
        assert f'id="quote-{slug}"' in text
        assert f'href="/claim/{slug}"' in claims
    # "в Баку" is quoted by two claims (the date and the location): marked twice as deep
    assert '<mark class="depth-2">в Баку</mark>' in text
    assert text.count("<sup") == 7
    assert "Да здравствует Азербайджан!" in text


def test_a_second_document_verifies_its_own_text(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/doc/fixture-second")
    assert "✓ matches the shipped text" in page


def test_time_value_page_reads_the_date(pages_client: FlaskClient) -> None:
    page = _page(pages_client, "/time/1990-01-19_1990-01-20")
    assert "<h1>19–20 January 1990</h1>" in page
    assert 'href="/claim/black-january-date"' in page


def test_query_page_keeps_the_shared_query_and_lists_examples(pages_client: FlaskClient) -> None:
    query = "SELECT * WHERE { ?s ?p '<script>' }"
    response = pages_client.get(
        "/sparql", query_string={"q": query}, headers={"Accept": "text/html"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "SELECT * WHERE { ?s ?p &#39;&lt;script&gt;&#39; }</textarea>" in page
    assert 'data-run="true"' in page
    assert page.count("data-example=") >= 5
    assert re.findall(r'<script src="([^"]+)"', page) == ["/static/query.js"]  # no CDN


def test_query_page_without_a_query_shows_an_example(pages_client: FlaskClient) -> None:
    page = pages_client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'data-run="false"' in page
    assert "casualtyFigure" in page


def test_a_name_with_no_russian_original_is_not_called_a_translation(
    pages_client: FlaskClient,
) -> None:
    page = _page(pages_client, "/id/fixture-author")
    assert "translation" not in page.split("</header>", 2)[1]
