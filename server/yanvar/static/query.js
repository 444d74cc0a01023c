// The query page: run the editor's query against the endpoint and draw the results.
// No dependencies; every value from a result is inserted as text, never as HTML.
"use strict";

(() => {
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const downloads = document.getElementById("downloads");
  const base = form.dataset.base;
  const endpoint = form.getAttribute("action");
  const WIKIDATA = "http://www.wikidata.org/entity/";
  const PREFIXES = [
    ["yv:", base + "ontology#"],
    ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"],
    ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
    ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
    ["oa:", "http://www.w3.org/ns/oa#"],
    ["prov:", "http://www.w3.org/ns/prov#"],
    ["skos:", "http://www.w3.org/2004/02/skos/core#"],
    ["wd:", WIKIDATA],
  ];

  function href(iri) {
    if (iri.startsWith(base)) return "/" + iri.slice(base.length);
    if (iri.startsWith(WIKIDATA)) return "https://www.wikidata.org/wiki/" + iri.slice(WIKIDATA.length);
    return iri;
  }

  function short(iri) {
    for (const [prefix, namespace] of PREFIXES) {
      if (iri.startsWith(namespace)) return prefix + iri.slice(namespace.length);
    }
    return iri.startsWith(base) ? iri.slice(base.length) : iri;
  }

  function element(name, text, attributes = {}) {
    const node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    return node;
  }

  function termCell(term) {
    const cell = element("td");
    if (!term) return cell;
    if (term.type === "uri") {
      cell.append(element("a", short(term.value), { href: href(term.value), title: term.value }));
    } else if (term.type === "bnode") {
      cell.append(element("code", "_:" + term.value));
    } else {
      const literal = element("span", term.value);
      if (term["xml:lang"]) literal.setAttribute("lang", term["xml:lang"]);
      cell.append(literal);
      const note = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? short(term.datatype) : "";
      if (note) cell.append(" ", element("small", note, { class: "note" }));
    }
    return cell;
  }

  function table(variables, rows) {
    const result = element("table");
    result.append(element("caption", rows.length + (rows.length === 1 ? " result" : " results")));
    const head = element("tr");
    for (const name of variables) head.append(element("th", "?" + name, { scope: "col" }));
    const thead = element("thead");
    thead.append(head);
    result.append(thead);
    const body = element("tbody");
    for (const row of rows) {
      const line = element("tr");
      for (const name of variables) line.append(termCell(row[name]));
      body.append(line);
    }
    result.append(body);
    return result;
  }

  // N-Triples, one triple a line, as the endpoint writes them: subject, predicate, object.
  function triples(text) {
    const pattern = /^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(.*)\s*\.\s*$/;
    const rows = [];
    for (const line of text.split("\n")) {
      const match = pattern.exec(line);
      if (!match) continue;
      const term = (token) => token.startsWith("<") ? { type: "uri", value: token.slice(1, -1) }
        : token.startsWith("_:") ? { type: "bnode", value: token.slice(2) }
        : { type: "literal", value: token };
      rows.push({ subject: term(match[1]), predicate: { type: "uri", value: match[2] }, object: term(match[3].trim()) });
    }
    return rows;
  }

  function offerDownloads(query, kind) {
    for (const group of downloads.querySelectorAll("[data-kind]")) group.hidden = group.dataset.kind !== kind;
    for (const link of downloads.querySelectorAll("a[data-format]")) {
      const params = new URLSearchParams({ query, format: link.dataset.format });
      link.href = endpoint + "?" + params.toString();
    }
    downloads.hidden = false;
  }

  async function run() {
    const query = editor.value;
    history.replaceState(null, "", "?" + new URLSearchParams({ q: query }).toString());
    status.className = "status";
    status.textContent = "Running…";
    const started = performance.now();
    let response;
    let text;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        body: new URLSearchParams({ query }),
        headers: { Accept: "application/sparql-results+json, application/n-triples;q=0.9" },
      });
      text = await response.text();
    } catch (error) {
      status.className = "status error";
      status.textContent = "The endpoint could not be reached: " + error;
      return;
    }
    const took = Math.round(performance.now() - started);
    if (!response.ok) {
      status.className = "status error";
      status.textContent = response.status + " " + text;
      results.replaceChildren();
      downloads.hidden = true;
      return;
    }
    results.replaceChildren();
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("sparql-results+json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        results.append(element("p", "Answer: " + (data.boolean ? "yes (true)" : "no (false)")));
        status.textContent = "Asked in " + took + " ms.";
      } else {
        const rows = data.results.bindings;
        results.append(table(data.head.vars, rows));
        status.textContent = rows.length + " results in " + took + " ms.";
      }
      offerDownloads(query, "results");
    } else {
      const rows = triples(text);
      results.append(table(["subject", "predicate", "object"], rows));
      status.textContent = rows.length + " triples in " + took + " ms.";
      offerDownloads(query, "graph");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  editor.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      run();
    }
  });
  if (form.dataset.run === "true") run();
})();
