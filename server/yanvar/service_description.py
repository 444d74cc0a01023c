"""The SPARQL 1.1 Service Description of the endpoint (answered to GET /sparql, no query).

https://www.w3.org/TR/sparql11-service-description/: the endpoint, the language, the
result formats, and the dataset: a default graph (the union of the named graphs unless
the operator turned that off) and each named graph.
"""

from __future__ import annotations

from collections.abc import Iterable

from yanvar import formats

_FORMAT_IRIS = [f.oxigraph.iri for f in (*formats.RESULT_FORMATS, *formats.GRAPH_FORMATS)]


def describe(endpoint: str, graphs: Iterable[str], *, union_default_graph: bool) -> str:
    """Return the service description of ``endpoint`` in Turtle.

    >>> text = describe("http://127.0.0.1/sparql", ["http://ex.org/g"], union_default_graph=True)
    >>> "sd:endpoint <http://127.0.0.1/sparql>" in text and "sd:UnionDefaultGraph" in text
    True
    """
    features = ["sd:UnionDefaultGraph"] if union_default_graph else []
    named = "".join(
        f"        sd:namedGraph [ a sd:NamedGraph ; sd:name <{name}> ] ;\n"
        for name in sorted(graphs)
    )
    lines = [
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "",
        f"<{endpoint}> a sd:Service ;",
        f"    sd:endpoint <{endpoint}> ;",
        "    sd:supportedLanguage sd:SPARQL11Query ;",
        "    sd:resultFormat " + ", ".join(f"<{iri}>" for iri in _FORMAT_IRIS) + " ;",
        *(f"    sd:feature {feature} ;" for feature in features),
        "    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;",
        "    sd:defaultDataset [",
        "        a sd:Dataset ;",
        named + "        sd:defaultGraph [ a sd:Graph ]",
        "    ] .",
    ]
    return "\n".join(lines) + "\n"
