"""The real Oxigraph endpoint (`serve`) queried with SPARQLWrapper, and `push` to a writable Oxigraph server."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.errors import ServerError
from kg.query import DERIVED_GRAPH, resolve_query, run_query
from kg.server import push, start_server, stop_server

pytestmark = [pytest.mark.server, pytest.mark.usefixtures("private_log")]

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).parent / "data" / "query"
LOG = DATA_DIR / "log.ttl"  # a copy in a temporary folder while the tests run (conftest.private_log)
EXTRA = DATA_DIR / "extra.ttl"
LOG_TRIPLES = 196
EXTRA_TRIPLES = 3


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


SERVE = "import sys; from pathlib import Path; from kg.server import serve; " \
        "sys.exit(serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), lambda s: print(s, flush=True)))"


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[str]:
    """`serve` running in a child process on a free port; yields its query URL; stops it with SIGTERM."""
    data = tmp_path / "kg.ttl"
    shutil.copyfile(LOG, data)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", SERVE, str(data), str(port)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # serve echoes once the endpoint answers (or the child dies: EOF)
        expected = f"SPARQL endpoint: http://127.0.0.1:{port}/query  (read-only; Ctrl-C to stop)\n"
        assert line == expected, child.stderr.read() if child.stderr else line
        yield f"http://127.0.0.1:{port}/query"
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=20) == 0
        assert not listening(port)
        assert (tmp_path / "kg.ttl.server.oxigraph" / "stamp").is_file()
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[str]:
    """A writable `oxigraph serve` on an empty store in tmp_path; yields its base URL."""
    port = free_port()
    process = start_server(tmp_path / "writable-store", "127.0.0.1", port, read_only=False)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(process)


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def count(base: str, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    document = wrapper(f"{base}/query", f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", JSON).queryAndConvert()
    assert isinstance(document, dict)
    return int(document["results"]["bindings"][0]["n"]["value"])


def test_endpoint_answers_named_query_as_json(served: str) -> None:
    query = resolve_query("lineage", {"name": "BLIP-2"})
    document = wrapper(served, query, JSON).queryAndConvert()
    assert isinstance(document, dict)
    assert document["head"]["vars"] == ["direction", "work", "label"]
    rows = [(b["direction"]["value"], b["work"]["value"], b["label"]["value"]) for b in document["results"]["bindings"]]
    embedded = run_query(query, LOG)
    assert rows == [(d, w.replace("id:", "https://w3id.org/papers-kg/id/"), label) for d, w, label in embedded.rows]
    assert rows[0] == ("ancestor", "https://w3id.org/papers-kg/id/model/albef", "ALBEF")


def test_endpoint_answers_csv(served: str) -> None:
    query = resolve_query("orgs", {})
    raw = wrapper(served, query, CSV).queryAndConvert()
    assert isinstance(raw, bytes)
    assert list(csv.reader(io.StringIO(raw.decode("utf-8")))) == [
        ["org", "label", "papersRead"],
        ["https://w3id.org/papers-kg/id/organization/salesforce", "Salesforce", "3"],
        ["https://w3id.org/papers-kg/id/organization/upenn", "UPenn", "1"],
    ]


def test_endpoint_answers_the_queries_that_read_the_derived_graph(served: str) -> None:
    for name in ("most-built-upon", "unread-ancestors", "orgs"):
        query = resolve_query(name, {})
        document = wrapper(served, query, JSON).queryAndConvert()
        assert isinstance(document, dict)
        variables = document["head"]["vars"]
        rows = [tuple(b[v]["value"] for v in variables) for b in document["results"]["bindings"]]
        embedded = run_query(query, LOG)
        assert tuple(variables) == embedded.variables
        assert rows == [tuple(t.value for t in row if t is not None) for row in embedded.terms]
        assert rows, name


def test_endpoint_serves_the_derived_graph_beside_the_export(served: str) -> None:
    base = served.removesuffix("/query")
    graph = urllib.parse.quote(DERIVED_GRAPH, safe="")
    fetched = urllib.request.Request(f"{base}/store?graph={graph}", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(fetched, timeout=10) as response:
        served_derived = rdflib.Graph().parse(data=response.read().decode("utf-8"), format="nt")
    embedded = run_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}", LOG)
    want = rdflib.Graph().parse(data=embedded.graph_turtle, format="turtle")
    assert len(want) == 14
    if not isomorphic(served_derived, want):
        _, only_got, only_want = graph_diff(served_derived, want)
        got_text, want_text = only_got.serialize(format="nt"), only_want.serialize(format="nt")
        pytest.fail(f"only served:\n{got_text}\nonly in the query store:\n{want_text}")
    assert count(base) == LOG_TRIPLES
    assert count(base, DERIVED_GRAPH) == 14


def test_endpoint_construct_as_turtle(served: str) -> None:
    query = (
        "PREFIX kg: <https://w3id.org/papers-kg/ontology#>\n"
        "CONSTRUCT { ?a kg:buildsOn ?b } WHERE { ?a kg:buildsOn ?b }"
    )
    raw = wrapper(served, query, TURTLE).queryAndConvert()
    assert isinstance(raw, bytes)
    got = rdflib.Graph().parse(data=raw.decode("utf-8"), format="turtle")
    full = rdflib.Graph().parse(LOG)
    want = rdflib.Graph()
    for triple in full.triples((None, rdflib.URIRef("https://w3id.org/papers-kg/ontology#buildsOn"), None)):
        want.add(triple)
    assert len(want) == 5
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(got, want)
        got_text, want_text = only_got.serialize(format="nt"), only_want.serialize(format="nt")
        pytest.fail(f"only in answer:\n{got_text}\nonly expected:\n{want_text}")


def test_malformed_query_is_bad_request(served: str) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(served, "SELECT ?s WHERE { ?s ?p }", JSON).queryAndConvert()


def test_update_is_refused(served: str) -> None:
    client = SPARQLWrapper(served, updateEndpoint=served.replace("/query", "/update"))
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:x> <urn:p> <urn:o> }")
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403
    info.value.close()
    base = served.removesuffix("/query")
    assert count(base) == LOG_TRIPLES


def test_push_to_read_only_endpoint_is_refused(served: str) -> None:
    with pytest.raises(ServerError) as info:
        push(LOG, served)
    url = served.replace("/query", "/store?default")
    assert str(info.value).startswith(f"POST {url} failed: HTTP 403 Forbidden: ")


def test_push_replace_and_append_default_graph(writable: str) -> None:
    first = push(LOG, writable)
    assert first == push(LOG, writable)  # the same triples again: RDF graphs are sets
    assert first.endpoint == f"{writable}/store?default"
    assert (first.triples, first.replaced, first.graph) == (LOG_TRIPLES, False, None)
    assert count(writable) == LOG_TRIPLES
    replaced = push(LOG, writable, replace=True)
    assert (replaced.triples, replaced.replaced) == (LOG_TRIPLES, True)
    assert count(writable) == LOG_TRIPLES
    push(EXTRA, writable)
    assert count(writable) == LOG_TRIPLES + EXTRA_TRIPLES
    push(EXTRA, writable, replace=True)
    assert count(writable) == EXTRA_TRIPLES


def test_push_twice_to_named_graph(writable: str) -> None:
    graph = "https://w3id.org/papers-kg/graph/reading-log"
    store = f"{writable}/store"
    one = push(LOG, store, graph=graph)
    two = push(EXTRA, store, graph=graph)
    assert one.endpoint == two.endpoint == f"{store}?graph=https%3A%2F%2Fw3id.org%2Fpapers-kg%2Fgraph%2Freading-log"
    assert count(writable, graph) == LOG_TRIPLES + EXTRA_TRIPLES
    assert count(writable) == 0
    fetched = urllib.request.Request(one.endpoint, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(fetched, timeout=10) as response:
        stored = rdflib.Graph().parse(data=response.read().decode("utf-8"), format="nt")
    want = rdflib.Graph().parse(LOG)
    want.parse(EXTRA)
    assert isomorphic(stored, want)


def test_push_json_ld_export(writable: str, tmp_path: Path) -> None:
    data = tmp_path / "kg.jsonld"
    data.write_text(rdflib.Graph().parse(LOG).serialize(format="json-ld"), encoding="utf-8")
    assert push(data, writable).triples == LOG_TRIPLES
    assert count(writable) == LOG_TRIPLES


def test_push_to_nothing_listening() -> None:
    port = free_port()
    with pytest.raises(ServerError) as info:
        push(LOG, f"http://127.0.0.1:{port}", timeout=5)
    assert str(info.value) == f"cannot reach http://127.0.0.1:{port}/store?default: [Errno 111] Connection refused"


def test_push_to_unknown_path_reports_status(writable: str) -> None:
    with pytest.raises(ServerError, match=r"^POST .*/nowhere\?default failed: HTTP 404 "):
        push(LOG, f"{writable}/nowhere")


def test_push_rejects_non_http_url() -> None:
    with pytest.raises(ServerError, match=r"^not an http\(s\) URL: 'localhost:7878'"):
        push(LOG, "localhost:7878")


def test_start_server_on_busy_port(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServerError) as info:
            start_server(tmp_path / "store", "127.0.0.1", port)
    assert str(info.value) == (
        f"port {port} on 127.0.0.1 is already in use: stop what listens there or pick another port"
    )


def test_served_store_is_reused_until_the_export_changes(tmp_path: Path) -> None:
    from kg.server import refresh_server_store

    data = tmp_path / "kg.ttl"
    shutil.copyfile(LOG, data)
    location = refresh_server_store(data)
    marker = location / "kept"
    marker.write_text("", encoding="utf-8")
    assert refresh_server_store(data) == location and marker.exists()
    with data.open("a", encoding="utf-8") as out:
        out.write("<urn:a> <urn:b> <urn:c> .\n")
    assert refresh_server_store(data) == location and not marker.exists()
