"""The `kg` command: parses options, calls the stages, and maps domain errors to messages in one place."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KGError
from kg.paths import DEFAULT_DATA, DEFAULT_EXPORTS, DEFAULT_NOTES

F = TypeVar("F", bound=Callable[..., Any])


def _domain_errors(func: F) -> F:
    """The one place where a domain error becomes `Error: …` and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None

    return wrapper  # type: ignore[return-value]


# every command that reads an export takes it the same way
data_option = click.option("--data", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
                           help="The exported graph (Turtle, N-Triples or JSON-LD).")


@click.group(name="kg", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn a reading log in Markdown into a knowledge graph: RDF, SPARQL and a lineage map.

    \b
    Example:
        kg build notes/ -o exports/
    """


@main.command()
@click.argument("notes", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), default=DEFAULT_EXPORTS, show_default=True,
              help="Folder to write kg.ttl, kg.jsonld, kg.nt and lineage.html into.")
@click.option("--no-html", is_flag=True, help="Skip the lineage map.")
@click.option("--vocab", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of SKOS vocabularies to use instead of ontology/vocab/.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (and no progress bar).")
@click.option("--no-cache", is_flag=True,
              help="Re-read every entry instead of reusing what .kg-cache/ holds from earlier builds.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Processes that read entries (0: one per core; workers start only for large logs).")
@click.option("--focus", help="Draw only the neighbourhood of this work in the map (large logs).")
@click.option("--depth", type=click.IntRange(0, 20), default=2, show_default=True, help="Hops around --focus.")
@click.option("--timings", is_flag=True, help="Also print how long each stage took (on stderr).")
@_domain_errors
def build(notes: tuple[Path, ...], out: Path, no_html: bool, vocab: Path | None, quiet: bool, no_cache: bool,
          jobs: int, timings: bool, focus: str | None, depth: int) -> None:
    """Read Markdown notes (files or folders; default notes/) and write the graph.

    Writes every file or none: a failed build leaves the previous exports as they were. What each entry yields
    is kept in .kg-cache/, so a rebuild re-reads only the entries that changed.

    \b
    Example:
        kg build notes/papers-daily-2024.md -o exports/
    """
    from kg.build import ProgressBar, default_jobs, progress_wanted, summary, timing_report
    from kg.cache import open_cache
    from kg.extract import Extractor
    from kg.incremental import build_and_export

    extractor = Extractor(vocab_dir=vocab)
    cache = None if no_cache else open_cache(extractor.vocabulary.version, extractor.patterns.version)
    with ProgressBar(delay=2.0 if progress_wanted(quiet) else float("inf")) as bar:
        result = build_and_export(list(notes) or [DEFAULT_NOTES], extractor, cache=cache, out=out,
                                  html=not no_html, jobs=jobs or default_jobs(), feedback=bar, focus=focus,
                                  depth=depth)
    if not quiet:
        click.echo(summary(result))
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"wrote {out.as_posix()}/")
    if timings:
        click.echo(timing_report(result), err=True)


@main.command()
@click.argument("query")
@data_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of a named query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@_domain_errors
def query(query: str, data: Path, params: tuple[str, ...], fmt: str, engine: str) -> None:
    """Run SPARQL: a named query (see queries/), a .rq file, or the query text.

    \b
    Example:
        kg query lineage --param name=BLIP-2
    """
    from kg.query import format_result, resolve_query, run_query

    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param takes NAME=VALUE, not '{item}'")
        values[name] = value
    text = resolve_query(query, values)
    result = run_query(text, data, engine=engine)  # type: ignore[arg-type]
    click.echo(format_result(result, fmt).rstrip("\n"))  # type: ignore[arg-type]


@main.command()
@data_option
@_domain_errors
def stats(data: Path) -> None:
    """Count the papers, things and relations of an exported graph.

    \b
    Example:
        kg stats --data exports/kg.ttl
    """
    from kg.stats import graph_stats, load_export

    click.echo(graph_stats(load_export(data)))


@main.command()
@data_option
@_domain_errors
def validate(data: Path) -> None:
    """Check an exported graph against the SHACL shapes (ontology/shapes.ttl); exit 1 on any violation.

    \b
    Example:
        kg validate --data exports/kg.ttl
    """
    from kg.validate import validate_file

    report = validate_file(data)
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("name")
@data_option
@_domain_errors
def explain(name: str, data: Path) -> None:
    """Show every edge at a node with the rule, sentence and file:line behind it.

    \b
    Example:
        kg explain InstructBLIP
    """
    from kg.stats import explain_node, load_export

    click.echo(explain_node(load_export(data), name))


@main.command()
@data_option
@click.option("-o", "--out", type=click.Path(path_type=Path), default=DEFAULT_EXPORTS / "lineage.html",
              show_default=True)
@click.option("--focus", help="Draw only the neighbourhood of this work.")
@click.option("--depth", type=click.IntRange(0, 20), default=2, show_default=True, help="Hops around --focus.")
@_domain_errors
def render(data: Path, out: Path, focus: str | None, depth: int) -> None:
    """Draw the lineage map from an existing export, without re-reading the notes.

    \b
    Example:
        kg render --data exports/kg.ttl -o lineage.html --focus BLIP-2 --depth 2
    """
    from kg.rdf import write_atomically
    from kg.render import render_html
    from kg.stats import load_export

    html = render_html(load_export(data), focus=focus, depth=depth)
    write_atomically(out.parent if str(out.parent) else Path("."), {out.name: html.encode("utf-8")})
    click.echo(f"wrote {out.as_posix()}")


@main.command()
@data_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@_domain_errors
def serve(data: Path, host: str, port: int) -> None:
    """Serve the export as a read-only SPARQL 1.1 endpoint (Oxigraph's server); Ctrl-C stops it.

    \b
    Example:
        kg serve --port 7878
    """
    from kg.server import serve as run_server

    sys.exit(run_server(data, host, port, click.echo))


@main.command()
@click.option("--endpoint", required=True, help="Graph Store endpoint URL of a triple store.")
@data_option
@click.option("--graph", "graph_iri", help="Named graph IRI (default: the default graph).")
@click.option("--replace", is_flag=True, help="Replace the graph's contents instead of adding to them.")
@_domain_errors
def push(endpoint: str, data: Path, graph_iri: str | None, replace: bool) -> None:
    """Send the export to a triple-store server with the SPARQL 1.1 Graph Store Protocol.

    \b
    Example:
        kg push --endpoint http://127.0.0.1:7878/store --graph https://example.org/my-reading --replace
    """
    from kg.server import push as push_graph

    result = push_graph(data, endpoint, graph_iri, replace)
    verb = "replaced" if result.replaced else "added to"
    target = f"graph <{result.graph}>" if result.graph else "the default graph"
    click.echo(f"{verb} {target} at {result.endpoint}: {result.triples} triples")


def run() -> None:
    """The console script: `main`, then leave without the interpreter's tear-down.

    A large build leaves millions of small objects behind; freeing them one by one at exit takes seconds and
    gives the user nothing, since every file is written and closed by then. So once `main` is done the output
    streams are flushed and the process ends at once with `main`'s status."""
    status: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        status = exc.code
    if isinstance(status, str):  # sys.exit("message"): printed as Python would
        click.echo(status, err=True)
        status = 1
    code = 0 if status is None else status
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that went away, or a stream already closed
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    run()
