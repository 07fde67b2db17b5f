"""The frozen records that flow between stages: parse -> extract -> resolve -> rdf/render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Status = Literal["read", "to-read"]
Kind = Literal["paper", "model", "technique", "dataset", "metric", "organization", "task", "person"]
RelationName = Literal["buildsOn", "comparesTo", "uses", "proposes"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning about the input: where it is and what was done about it."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Line:
    """A line of notes; `links` are the character spans [start, end) of `text` the author wrote as wiki links
    (`[[Diffusion Policy]]`), each of which names one thing."""

    number: int
    text: str
    links: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper of the log, as written: nothing here is interpreted beyond the layout."""

    title: str
    alias: str | None
    read_on: date | None
    published: str | None  # "2023" or "2023-05", as precise as the note says
    orgs_text: str  # the line that says when and by whom the paper was published ("" if none)
    body: tuple[Line, ...]
    source: str
    line: int
    status: Status = "read"
    short_title: str | None = None  # the title without a leading alias (`VQVAE: X` -> `X`)

    @property
    def key(self) -> str:
        """The name the entry's work goes by: its alias, else its title."""
        return self.alias or self.title


@dataclass(frozen=True, slots=True)
class FileReport:
    source: str
    layout: str
    entries: int
    other_items: int  # reading-list items that name no paper (topics, tasks)
    outside: tuple[int, ...] = ()  # lines (1-based) of text that no layout read as an entry's (a section's prose)


@dataclass(frozen=True, slots=True)
class ParsedLog:
    entries: tuple[Entry, ...]
    warnings: tuple[Diagnostic, ...]
    files: tuple[FileReport, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in an entry, typed by the vocabulary or by the cue around it."""

    text: str
    kind: Kind
    concept: str | None  # vocabulary concept IRI when the vocabulary knows the name
    canonical: str  # the vocabulary's preferred label, else the text as written
    line: int
    rule: str


@dataclass(frozen=True, slots=True)
class Relation:
    """subject --predicate--> object, with the sentence that says so.

    None, as subject or object, stands for the entry's own work
    (`为后续X做了铺垫`: X builds on the entry, so the object is None).
    """

    subject: Mention | None
    predicate: RelationName
    object: Mention | None
    quote: str
    line: int
    rule: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extract found in one entry."""

    entry: Entry
    orgs: tuple[Mention, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
