// The query page: runs queries against this server's /sparql and shows the answer as a table.
// Plain JavaScript without libraries; it talks to no other server.
"use strict";

const SELECT_DOWNLOADS = [
  ["CSV", "text/csv", "csv"],
  ["TSV", "text/tab-separated-values", "tsv"],
  ["JSON", "application/sparql-results+json", "srj"],
  ["XML", "application/sparql-results+xml", "srx"],
];
const ASK_DOWNLOADS = SELECT_DOWNLOADS.slice(2);
const GRAPH_DOWNLOADS = [
  ["Turtle", "text/turtle", "ttl"],
  ["N-Triples", "application/n-triples", "nt"],
  ["JSON-LD", "application/ld+json", "jsonld"],
  ["RDF/XML", "application/rdf+xml", "rdf"],
];

const form = document.getElementById("vraag");
const editor = document.getElementById("query");
const picker = document.getElementById("voorbeeld");
const explanation = document.getElementById("uitleg");
const statusLine = document.getElementById("status");
const downloads = document.getElementById("downloads");
const table = document.getElementById("tabel");
const tokenField = document.getElementById("token");
const examples = JSON.parse(document.getElementById("voorbeelden").textContent);

function prefixes(text) {
  const found = [];
  for (const match of text.matchAll(/PREFIX\s+([\w-]*):\s*<([^>]*)>/gi)) {
    found.push([match[1], match[2]]);
  }
  return found.sort((a, b) => b[1].length - a[1].length);
}

function short(iri, known) {
  for (const [prefix, namespace] of known) {
    if (iri.startsWith(namespace) && /^[\w.-]*$/.test(iri.slice(namespace.length))) {
      return prefix + ":" + iri.slice(namespace.length);
    }
  }
  return "<" + iri + ">";
}

function cell(term, known) {
  const td = document.createElement("td");
  if (!term) {
    return td;
  }
  if (term.type === "uri") {
    td.textContent = short(term.value, known);
    td.title = term.value;
  } else if (term.type === "bnode") {
    td.textContent = "_:" + term.value;
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) {
      td.title = "@" + term["xml:lang"];
    } else if (term.datatype) {
      td.title = short(term.datatype, known);
    }
  }
  return td;
}

function headers(accept) {
  const result = { Accept: accept, "Content-Type": "application/x-www-form-urlencoded" };
  if (tokenField.value.trim()) {
    result.Authorization = "Bearer " + tokenField.value.trim();
  }
  return result;
}

function showError(answer, text) {
  let message = "De server gaf fout " + answer.status + ".";
  try {
    const error = JSON.parse(text).fout;
    message = error.melding + (error.regel ? " (regel " + error.regel + ", kolom " + error.kolom + ")" : "");
  } catch (ignored) {
    // not our JSON error: keep the status line
  }
  statusLine.textContent = message;
  statusLine.className = "fout";
}

function showDownloads(kinds, query) {
  downloads.replaceChildren(document.createTextNode("Download: "));
  for (const [label, type, extension] of kinds) {
    const link = document.createElement("a");
    link.href = "#";
    link.textContent = label;
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      const answer = await fetch("/sparql", {
        method: "POST",
        headers: headers(type),
        body: new URLSearchParams({ query }),
      });
      if (!answer.ok) {
        showError(answer, await answer.text());
        return;
      }
      const file = document.createElement("a");
      file.href = URL.createObjectURL(await answer.blob());
      file.download = "resultaat." + extension;
      file.click();
      URL.revokeObjectURL(file.href);
    });
    downloads.appendChild(link);
  }
  downloads.hidden = false;
}

function showTable(results, known) {
  const element = document.createElement("table");
  const head = element.createTHead().insertRow();
  for (const name of results.head.vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = element.createTBody();
  for (const binding of results.results.bindings) {
    const row = body.insertRow();
    for (const name of results.head.vars) {
      row.appendChild(cell(binding[name], known));
    }
  }
  table.replaceChildren(element);
}

async function run(query) {
  statusLine.className = "";
  statusLine.textContent = "Bezig…";
  downloads.hidden = true;
  table.replaceChildren();
  const started = performance.now();
  const answer = await fetch("/sparql", {
    method: "POST",
    headers: headers("application/sparql-results+json, text/turtle;q=0.9"),
    body: new URLSearchParams({ query }),
  });
  const text = await answer.text();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!answer.ok) {
    showError(answer, text);
    return;
  }
  const type = answer.headers.get("Content-Type") || "";
  if (type.startsWith("application/sparql-results+json")) {
    const results = JSON.parse(text);
    if ("boolean" in results) {
      statusLine.textContent = "Antwoord: " + (results.boolean ? "ja" : "nee") + " (" + seconds + " s)";
      showDownloads(ASK_DOWNLOADS, query);
      return;
    }
    const count = results.results.bindings.length;
    statusLine.textContent = count + (count === 1 ? " rij" : " rijen") + " (" + seconds + " s)";
    showTable(results, prefixes(query));
    showDownloads(SELECT_DOWNLOADS, query);
  } else {
    statusLine.textContent = "Graaf (" + seconds + " s)";
    const pre = document.createElement("pre");
    pre.textContent = text;
    table.replaceChildren(pre);
    showDownloads(GRAPH_DOWNLOADS, query);
  }
}

async function update(text) {
  statusLine.className = "";
  statusLine.textContent = "Bezig met de update…";
  downloads.hidden = true;
  table.replaceChildren();
  const answer = await fetch("/sparql", {
    method: "POST",
    headers: headers("application/json"),
    body: new URLSearchParams({ update: text }),
  });
  const body = await answer.text();
  if (!answer.ok) {
    showError(answer, body);
    return;
  }
  const result = JSON.parse(body);
  statusLine.textContent =
    "Update uitgevoerd: " + result.toegevoegd + " triples toegevoegd, " + result.verwijderd + " verwijderd.";
}

for (const [index, example] of examples.entries()) {
  const option = document.createElement("option");
  option.value = String(index);
  option.textContent = example.titel;
  picker.appendChild(option);
}

picker.addEventListener("change", () => {
  const example = examples[Number(picker.value)];
  if (!example) {
    explanation.textContent = "";
    return;
  }
  editor.value = example.tekst;
  explanation.textContent = example.beschrijving + " Als API: " + example.api;
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  history.replaceState(null, "", "/sparql?query=" + encodeURIComponent(editor.value));
  run(editor.value);
});

document.getElementById("update").addEventListener("click", () => update(editor.value));

if (new URLSearchParams(location.search).has("query")) {
  run(editor.value);
}
