"""Validate a dataset against the SHACL shapes and summarise the report for a person."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyshacl
import rdflib
from rdflib.namespace import SH

from yanvar import paths
from yanvar.errors import InvalidData
from yanvar.iris import IriScheme
from yanvar.store import GraphStore


@dataclass(frozen=True)
class Finding:
    """One result of a SHACL report, in the terms a curator reads."""

    severity: str
    focus: str
    shape: str
    message: str
    path: str | None = None
    value: str | None = None

    def line(self) -> str:
        """Render the finding on one line: severity, focus node, shape, message."""
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{where} [{self.shape}] {self.message}"


@dataclass(frozen=True)
class Report:
    """The findings of one validation, worst first."""

    findings: list[Finding]

    @property
    def violations(self) -> list[Finding]:
        """Return the findings that stop publication."""
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        """True when nothing stops publication (warnings and infos allowed)."""
        return not self.violations


def load_shapes(scheme: IriScheme, shapes_dir: Path | None = None) -> rdflib.Graph:
    """Parse the shapes under the base; resolve relative ``sh:namespace`` values against it."""
    shapes = rdflib.Graph()
    for path in sorted((shapes_dir or paths.shapes_dir()).glob("*.ttl")):
        shapes.parse(path, format="turtle", publicID=scheme.base)
    for declaration, namespace in list(shapes.subject_objects(SH.namespace)):
        if not urlsplit(str(namespace)).scheme:  # relative: urljoin would drop an empty "#"
            absolute = scheme.base + str(namespace)
            shapes.set(
                (declaration, SH.namespace, rdflib.Literal(absolute, datatype=rdflib.XSD.anyURI))
            )
    return shapes


def validate(graph_store: GraphStore, shapes_dir: Path | None = None) -> Report:
    """Validate every triple of the store (all graphs merged) against the shapes.

    pyshacl runs the SPARQL constraints on pyoxigraph here: on rdflib the quote check alone
    took seconds per hundred claims.
    """
    scheme = graph_store.scheme
    _, results, text = pyshacl.validate(
        graph_store.merged(),  # type: ignore[arg-type]  # pyshacl takes a pyoxigraph Store
        shacl_graph=load_shapes(scheme, shapes_dir),
    )
    if not isinstance(results, rdflib.Graph):  # pyshacl could not run the shapes at all
        raise InvalidData(f"the SHACL shapes could not be applied: {text}")
    return Report(sorted(_findings(results, scheme), key=_order))


def _findings(results: rdflib.Graph, scheme: IriScheme) -> list[Finding]:
    def short(term: rdflib.term.Node | None) -> str | None:
        if term is None:
            return None
        if isinstance(term, rdflib.URIRef):
            text = str(term)
            return text[len(scheme.base) :] if text.startswith(scheme.base) else f"<{text}>"
        if isinstance(term, rdflib.BNode):
            return "(blank node)"
        return term.n3()

    found = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        # SPARQL-based constraints are named by sh:sourceConstraint (sh:sourceShape: node shape).
        constraint = results.value(result, SH.sourceConstraint)
        shape = (
            constraint
            if isinstance(constraint, rdflib.URIRef)
            else results.value(result, SH.sourceShape)
        )
        message = results.value(result, SH.resultMessage)
        found.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1],
                focus=short(results.value(result, SH.focusNode)) or "?",
                shape=(short(shape) if isinstance(shape, rdflib.URIRef) else None)
                or _describe(results, shape),
                message=str(message) if message is not None else "",
                path=short(results.value(result, SH.resultPath)),
                value=short(results.value(result, SH.value)),
            )
        )
    return found


def _describe(results: rdflib.Graph, shape: rdflib.term.Node | None) -> str:
    """Name an anonymous shape by the constraint it carries (its path, when it has one)."""
    path = results.value(shape, SH.path) if shape is not None else None
    return f"anonymous shape on {path.n3()}" if path is not None else "anonymous shape"


def _order(finding: Finding) -> tuple[int, str, str]:
    rank = {"Violation": 0, "Warning": 1, "Info": 2}.get(finding.severity, 3)
    return (rank, finding.focus, finding.shape)
