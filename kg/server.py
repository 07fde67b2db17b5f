"""A real SPARQL endpoint over the export (the `oxigraph` server binary), and pushing the export to a triple store.

`serve` loads the export into an Oxigraph store beside it (`<data>.server.oxigraph/`, git-ignored, reloaded when
the export's bytes or the derivation queries change) and runs `oxigraph serve-read-only` on it: SPARQL 1.1 Protocol
at `/query`, the Graph Store Protocol (read) at `/store`. As in `kg query`, the default graph is the export and the
named graph kg.query.DERIVED_GRAPH holds what `queries/derived/` derives from it (taken from the query store).

`push` sends the export to any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol: POST appends, PUT
replaces, at `{store}?graph=IRI` or `{store}?default`. The store URL to give, by server:

- Oxigraph (`oxigraph serve`): the base URL `http://127.0.0.1:7878` (push adds `/store`), or `.../store`;
  the `/query` URL `kg serve` prints works too.
- Apache Jena Fuseki: the dataset's data service, `http://HOST:3030/DATASET/data`.
- GraphDB: `http://HOST:7200/repositories/REPO/rdf-graphs/service`.
- Virtuoso: `http://HOST:8890/sparql-graph-crud` (anonymous writes must be allowed for the graph; push sends no
  credentials).
Only Oxigraph is exercised by the tests; the others follow the same protocol.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING

from kg.errors import DataError, ServerError
from kg.query import derivations, dump_derived, open_store, store_digest

if TYPE_CHECKING:
    import pyoxigraph

START_TIMEOUT = 15.0
_CONTENT_TYPES = {".ttl": "text/turtle", ".turtle": "text/turtle", ".nt": "application/n-triples"}
_RDF_SUFFIXES = (".ttl", ".turtle", ".nt", ".ntriples", ".jsonld", ".json")


@dataclass(frozen=True)
class Endpoint:
    url: str
    location: Path
    process_id: int


@dataclass(frozen=True)
class PushResult:
    endpoint: str
    graph: str | None
    triples: int
    replaced: bool


def oxigraph_binary() -> Path:
    """The `oxigraph` server binary: beside this Python (the venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ServerError("the `oxigraph` server binary was not found beside Python nor on PATH: pip install oxigraph")


def _check_data(data: Path) -> None:
    if not data.is_file():
        raise DataError(f"data file not found: {data} (run `kg build` first, or pass --data)")
    if data.suffix.lower() not in _RDF_SUFFIXES:
        raise DataError(f"{data}: unknown RDF format for suffix '{data.suffix}' (known: {', '.join(_RDF_SUFFIXES)})")


def prepare_store(data: Path, location: Path) -> None:
    """Load `data` into a fresh Oxigraph store at `location` with `oxigraph load`."""
    _check_data(data)
    if location.exists():
        shutil.rmtree(location)
    location.parent.mkdir(parents=True, exist_ok=True)
    command = [str(oxigraph_binary()), "load", "--location", str(location), "--file", str(data)]
    if data.suffix.lower() in (".jsonld", ".json"):
        command += ["--format", "application/ld+json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(location, ignore_errors=True)
        raise DataError(f"oxigraph could not load {data}: {_first_lines(done.stderr or done.stdout)}")


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def start_server(
    location: Path, host: str = "127.0.0.1", port: int = 7878, read_only: bool = True
) -> subprocess.Popen[bytes]:
    """Start `oxigraph serve[-read-only]` on `location` and return once it answers HTTP (at most ~15 s)."""
    if port_in_use(host, port):
        raise ServerError(f"port {port} on {host} is already in use: stop what listens there or pick another port")
    command = [str(oxigraph_binary()), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"{host}:{port}"]
    url = f"http://{_url_host(host)}:{port}/"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise ServerError(f"oxigraph exited with status {process.returncode}: {_read_log(log)}")
            if _answers(url):
                return process
            if time.monotonic() > deadline:
                stop_server(process)
                raise ServerError(f"oxigraph did not answer at {url} within {START_TIMEOUT:.0f} s: {_read_log(log)}")
            time.sleep(0.1)


def stop_server(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate the server and wait for it; kill it if it does not stop in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return int(response.status) < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except (urllib.error.URLError, OSError):
        return False


def _read_log(log: IO[bytes]) -> str:
    log.seek(0)
    return _first_lines(log.read().decode("utf-8", "replace")) or "(no output)"


def _first_lines(text: str, count: int = 5) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[:count])


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def server_store(data: Path) -> Path:
    """Where `serve` keeps the server's store: `<data>.server.oxigraph/` beside the export."""
    return data.with_name(data.name + ".server.oxigraph")


def refresh_server_store(data: Path) -> Path:
    """The server's store for `data`, reloaded only when the export or the derivations changed. Returns its location.

    The export is loaded with `oxigraph load`; the derived graph is copied from the query store (`kg query`'s, built
    or reused by kg.query.open_store) as N-Quads, so only pyoxigraph runs the derivations and the two stores agree.
    """
    _check_data(data)
    base = server_store(data)
    stamp = base / "stamp"
    location = base / "db"
    digest = store_digest(data, derivations())
    if location.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest:
        return location
    base.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    derived = base / "derived.nq"
    _write_derived(data, derived)
    try:
        prepare_store(data, location)
        _load_more(location, derived)
    finally:
        derived.unlink(missing_ok=True)
    stamp.write_text(digest + "\n", encoding="utf-8")
    return location


def _write_derived(data: Path, path: Path) -> None:
    dump_derived(open_store(data), path)  # the store handle is dropped on return, before any server starts


def _load_more(location: Path, path: Path) -> None:
    """Add the quads of the N-Quads file `path` to the store at `location` with `oxigraph load`."""
    command = [str(oxigraph_binary()), "load", "--location", str(location), "--file", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(location, ignore_errors=True)
        raise DataError(f"oxigraph could not load {path}: {_first_lines(done.stderr or done.stdout)}")


class _Stop(Exception):
    pass


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: only Ctrl-C / the caller can stop us
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(data: Path, host: str, port: int, echo: Callable[[str], None]) -> int:
    """Serve the export read-only until Ctrl-C or SIGTERM; returns the exit status (0)."""
    location = refresh_server_store(data)
    with _sigterm_stops():
        process = start_server(location, host, port, read_only=True)
        try:
            echo(f"SPARQL endpoint: http://{_url_host(host)}:{port}/query  (read-only; Ctrl-C to stop)")
            status = process.wait()
            raise ServerError(f"oxigraph stopped by itself with status {status}")
        except (KeyboardInterrupt, _Stop):
            return 0
        finally:
            stop_server(process)


# ---------------------------------------------------------------------------------------------------------
# Graph Store Protocol


def store_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL for `endpoint` (see the module doc) and the target graph."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ServerError(f"not an http(s) URL: {endpoint!r} (e.g. http://127.0.0.1:7878)")
    path = parts.path
    if path in ("", "/") or path.rstrip("/") == "/query":
        path = "/store"
    target = f"graph={urllib.parse.quote(graph, safe='')}" if graph is not None else "default"
    query = f"{parts.query}&{target}" if parts.query else target
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _payload(data: Path) -> tuple[bytes, str, int]:
    """The bytes to send, their media type, and the number of triples they hold."""
    import pyoxigraph

    _check_data(data)
    suffix = data.suffix.lower()
    try:
        triples = list(pyoxigraph.parse(path=str(data), format=_ox_format(suffix)))
    except SyntaxError as exc:
        raise DataError(f"{data}: not valid RDF: {exc}") from None
    if suffix in _CONTENT_TYPES:
        return data.read_bytes(), _CONTENT_TYPES[suffix], len(triples)
    body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
    return body, "application/n-triples", len(triples)


def _ox_format(suffix: str) -> pyoxigraph.RdfFormat:
    import pyoxigraph

    if suffix in (".ttl", ".turtle"):
        return pyoxigraph.RdfFormat.TURTLE
    if suffix in (".nt", ".ntriples"):
        return pyoxigraph.RdfFormat.N_TRIPLES
    return pyoxigraph.RdfFormat.JSON_LD


def push(
    data: Path, endpoint: str, graph: str | None = None, replace: bool = False, timeout: float = 30
) -> PushResult:
    """Send the export to a Graph Store Protocol endpoint: POST appends to the graph, PUT (replace) overwrites it."""
    body, content_type, count = _payload(data)
    url = store_url(endpoint, graph)
    request = urllib.request.Request(
        url, data=body, method="PUT" if replace else "POST", headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        answer = exc.read().decode("utf-8", "replace")
        raise ServerError(
            f"{request.get_method()} {url} failed: HTTP {exc.code} {exc.reason}: {_first_lines(answer) or '(empty)'}"
        ) from None
    except urllib.error.URLError as exc:
        raise ServerError(f"cannot reach {url}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise ServerError(f"cannot reach {url}: {exc}") from None
    return PushResult(endpoint=url, graph=graph, triples=count, replaced=replace)
