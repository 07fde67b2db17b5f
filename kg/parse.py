"""Markdown reading logs -> Entry records.

Four layouts are recognised, per file:

- ``daily``: dated headings, each paper opened by a line starting with its title in 《》 and followed by a
  line saying when and by whom it was published (the bundled log);
- ``headings``: each paper is a heading holding its title (``## Title``, ``### [2023-10-14] (Short) Title``,
  ``# 3. Short: Title (2021)``), its notes below it;
- ``list``: numbered or bulleted items under a dated line, the title in 《》, ``<u>…</u>``, quotes or bold;
- ``table``: a Markdown table with a title column, one entry per row.

Reading-list checkboxes (``- [ ] Title``) become entries with status ``to-read`` in every layout. A file that
changes layout part-way is read in each: what its main layout left unread is read again (``_unread``).
Nothing here interprets the notes beyond the layout: extract does that.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from kg.errors import InputError
from kg.model import Diagnostic, Entry, FileReport, Line, ParsedLog, Status
from kg.runtime import no_gc

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH_NAME = r"(?P<mname>[A-Za-z]{3,9})\.?"
_FULL_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:[./\-]|年)\s*(?P<m>\d{1,2})\s*(?:[./\-]|月)\s*(?P<d>\d{1,2})\s*日?(?!\d)"
    rf"|{_MONTH_NAME}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_NAME.replace('mname', 'mname3')}\s+(?P<y3>(?:19|20)\d\d)"
)
_YEAR_MONTH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?:[./\-]|年)\s*(?P<m>\d{1,2})(?:\s*月)?(?![\d.])")
_YEAR = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?:\s*年)?(?!\d)")
# `Jan 2024`, `December 2023`, `Sept. 2023`, `Mar 5, 2024`: a month's name (capitalised, as a date writes it) and a year
_NAMED_MONTH = re.compile(r"(?<![A-Za-z])(?P<mname>[A-Z][a-z]{2,8})\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+"
                          r"(?P<y>(?:19|20)\d\d)(?!\d)")
# an arXiv identifier (`arXiv 2410.05258`, `arXiv:2410.05258v2`, `arxiv.org/abs/2410.05258`) says the year and month a
# paper was first posted: `2410` is 2024-10
_ARXIV_ID = re.compile(r"(?i)arxiv(?:\.org/(?:abs|pdf)/|\s*[:：]?\s*)(?P<y>[0-2]\d)(?P<m>[01]\d)\.\d{4,5}(?!\d)")
_WEEKDAY = re.compile(r"(?i)(?:mon|tue|wed|thu|fri|sat|sun)\w*|星期.|周.")
# words that frame a date in a heading and make it no title: `Week of 2024-05-13`, `w/c 2024-05-13`
_CALENDAR_WORDS = re.compile(r"(?i)\b(?:weeks?|weekly|commencing|starting|beginning|ending|from|until|through"
                             r"|meetings?|session|seminar|sync|standup|minutes|reading group|journal club"
                             r"|quarter|spring|summer|autumn|winter)\b"
                             r"|组会|周会|例会|读书会|讨论班|研讨会"  # `2024-10-08 meeting`, `2024-10-08 读书会`
                             r"|第?[一二三四1-4]?季度|[上下]半年|[春夏秋冬]季")  # `2024年第三季度`, `Summer 2024`
_WORDS_BESIDE_DATE = re.compile(r"[A-Za-z]{4,}|[\u4e00-\u9fff]{3,}")
# a day written without its year (`5/2`, `May 2`, `2nd May`, `5月2日`): a heading above says which year (and month)
_DAY_OF_YEAR = re.compile(
    r"(?<![\d/.\-])(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})(?![\d/])"
    r"|(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?(?!\d)"
    rf"|{_MONTH_NAME}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
    rf"|(?<!\d)(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_NAME.replace('mname', 'mname3')}"
    r"|(?<![\d/.\-])(?P<d4>\d{1,2})\s*[日号](?!\d)"  # `12日`: a day of the month a heading above names
)
# a heading that names a month and nothing more (`### 7月`, `### August`): the month of the days below it
_BARE_MONTH = re.compile(r"^[\s*_\[(（【]*(?:(?P<n>\d{1,2})\s*月份?|(?P<name>[A-Za-z]{3,9})\.?)[\s*_\])）】]*$")

_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_CHECKBOX = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)、])\s+\[(?P<mark>[ xX])\]\s*(?P<text>.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)、])\s+(?P<text>.*)$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)")
_TAG = re.compile(r"</?(?:u|b|i|em|strong)>")
_LEADING_ALIAS = re.compile(r"^[(（]\s*(?P<alias>[^()（）]{1,40}?)\s*[)）]\s*(?P<rest>\S.*)$")
_COLON_ALIAS = re.compile(r"^(?P<alias>[^:：]{1,40}?)\s*[:：]\s*(?P<rest>\S.*)$")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'\-]*")
_GLUED_YEAR = re.compile(r"(?<=[A-Za-z])(?:19|20)\d\d\s*$")
_PUBLISHED_CUE = re.compile(r"一篇|的工作|合作|联合|出品|发表|published|affiliations?\s*[:：]|^\s*from\s*[:：]",
                            re.IGNORECASE)  # (`From: Meta FAIR`: where the paper comes from, in a plain-text log)
# `Name: value`, `**Name**: value`, `name:: value` (Obsidian/Logseq properties) or `【名】value`
_FIELD = re.compile(r"^\s*[-*]?\s*(?:【|\**)(?P<name>[A-Za-z\u4e00-\u9fff ][A-Za-z\u4e00-\u9fff /&+、]{1,19}?)"
                    r"(?:\**\s*(?:::|[:：])|】\s*[:：]?)\s*(?P<value>.*)$")
# a wiki link `[[Name]]` or `[[Name|shown text]]`: what it shows is the name
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?(?P<text>[^\]|]+)\]\]")
# a tag of a note-taking app that says an item is still to read (`#to-read`, `#toread`, `#unread`, `#待读`)
_TO_READ_TAG = re.compile(r"(?i)(?<!\S)#(?:[\w-]+/)*(?:to-?read|unread|todo|待读|未读)(?![\w/-])")  # `#status/to-read`
# a mark after a title that says the paper is still to read: `Title（待读）`, `Title (to read)`, `Title [TODO]`
_TO_READ_SUFFIX = re.compile(r"\s*[(（\[【]\s*(?:to[- ]?read|unread|todo|待读|未读)\s*[)）\]】]\s*$", re.IGNORECASE)
# a mark opening an entry's first note that says the paper is still to read: `- （待读）听说是…`, `(unread) …`
_TO_READ_LEAD = re.compile(
    r"^\s*(?:[-*+]\s+|\d{1,3}[.)、]\s*)?[(（\[【]\s*(?:to[- ]?read|unread|待读|未读)\s*[)）\]】]", re.IGNORECASE
)
# an outliner's task marker before a title (`TODO read [[Title]]`, `LATER [[Title]]`, `DONE read [[Title]]`)
_TASK_MARKER = re.compile(r"(?P<m>TODO|LATER|NOW|DOING|WAIT(?:ING)?|DONE)(?:\s+(?i:read|to read|reading))?")
_TAG_WORD = re.compile(r"(?<!\S)#[\w/-]+")  # (a nested tag: `#status/read`)
_ORG_FIELDS = {"affiliation", "affiliations", "org", "orgs", "organization", "organizations", "organisation",
               "organisations", "机构", "单位", "作者单位", "institution", "institutions", "authors", "作者"}
_DATE_FIELDS = {"date", "published", "publication date", "year", "发表", "发表时间", "时间", "日期", "venue"}
# a field that says when the reader read the paper (`- 阅读日期：2024-08-01`), or the short name they call it by
_READ_FIELDS = {"read", "read on", "date read", "reading date", "读于", "阅读日期", "阅读时间", "读完日期", "阅读于"}
_ALIAS_FIELDS = {"alias", "aka", "short name", "short", "abbr", "abbreviation", "nickname", "简称", "缩写", "别名"}
_PUBLICATION_FIELDS = _ORG_FIELDS | _DATE_FIELDS
_ENTRY_FIELDS = _PUBLICATION_FIELDS | _READ_FIELDS | _ALIAS_FIELDS
# a field name that joins two (`authors/org`, `venue & affiliation`, `作者/单位`) is read by its parts; its value
# then holds one side for each (`Kerbl, Kopanas / Inria, MPI Informatik`)
_FIELD_NAME_PARTS = re.compile(r"\s*(?:/|&|\+|、)\s*")
_VALUE_SIDES = re.compile(r"\s+/\s+|\s*[／]\s*")
_PEOPLE_FIELDS = {"author", "authors", "作者", "people", "researchers", "人"}


def _field_parts(name: str) -> list[str]:
    """The parts of a field name that joins two (`authors/org` -> `authors`, `org`); [name] for any other."""
    if "/" not in name and "&" not in name and "+" not in name and "、" not in name:
        return [name]
    return [part for part in _FIELD_NAME_PARTS.split(name) if part] or [name]


def _field_orgs(parts: Sequence[str], value: str) -> str | None:
    """The organisations a field names (None for a field that names none): the whole value of an organisations
    field (`Affiliations: …`); of a field that names people and organisations together (`authors/org: Kerbl,
    Kopanas / Inria, MPI Informatik`, `org / authors: …`), the side of the value where the name puts them, or the
    whole value when it has one side (`authors/org: Google Research, UC Berkeley`)."""
    if len(parts) == 1:
        return value if parts[0] in _ORG_FIELDS else None
    where = [k for k, part in enumerate(parts) if part in _ORG_FIELDS and part not in _PEOPLE_FIELDS]
    if not where:
        return value if any(part in _ORG_FIELDS for part in parts) else None
    sides = _VALUE_SIDES.split(value) if "/" in value or "／" in value else [value]
    if len(sides) != len(parts):
        return value
    return " ".join(sides[k].strip() for k in where)


@dataclass(frozen=True)
class _Text:
    """A file's text as numbered lines, with what the layout detector and the readers both ask of it (found once):
    whether a date stands on a line of its own, which lines hold a mark some layout looks for (`_marked_lines`),
    and the `_title_line` of each line that opens with a 《title》."""

    source: str
    lines: tuple[str, ...]
    dated: bool
    marked: tuple[int, ...]
    titles: Mapping[int, tuple[str, str, bool]]
    year: int | None = None  # the one year the file's title names (`# 2024年读论文日记`), if it names one


def _text(source: str, lines: tuple[str, ...], year: int | None = None) -> _Text:
    year = year or _title_year(lines)
    dated = _has_date_lines(lines) or (year is not None and any(
        ln.startswith("#") and _day_in_year(ln.lstrip("#").strip(), year, None)[0] for ln in lines))
    marked = _marked_lines(lines, dated)
    titles = {i: title for i in marked if (title := _title_line(lines[i])) is not None}
    return _Text(source, lines, dated, marked, titles, year)


def _title_year(lines: Sequence[str]) -> int | None:
    """The year a file's title (its first line, a `# ` heading) names, when it names one: the year of the days its
    headings write without one (`### 11月3日 周日` under `# 2024年读论文日记`)."""
    first = next((ln for ln in lines if ln.strip()), "")
    years = _YEAR.findall(first) if first.startswith("# ") else []
    return int(years[0]) if len(set(years)) == 1 else None


# ---------------------------------------------------------------------------------------------- reading files


def collect_files(paths: Sequence[Path]) -> tuple[Path, ...]:
    """Markdown files named or found (recursively) in folders, in a stable order."""
    return tuple(path for path, _ in _collect(paths))


def _collect(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """collect_files, each file with its resolved path (resolving costs a system call per part of the path, and
    a log kept as one file per month has hundreds of files: it is done once per file)."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError("no such file or folder", str(path))
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file()
            )
            if not inside:
                raise InputError("folder holds no Markdown files (*.md)", str(path))
            found.extend(inside)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for p in found:
        real = p.resolve()
        if real not in seen:
            seen.add(real)
            unique.append((p, real))
    return unique


def read_text(path: Path) -> str:
    """UTF-8 (a BOM is fine) with any line ends; anything else is an InputError naming the byte offset."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded "
            "(save the file as UTF-8)",
            str(path),
            line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def parse_paths(paths: Sequence[Path]) -> ParsedLog:
    files = _collect(paths)
    cwd = Path.cwd().resolve()
    return parse_texts((_display_name(p, real, cwd), read_text(p)) for p, real in files)


def display_name(path: Path) -> str:
    return _display_name(path, path.resolve(), Path.cwd().resolve())


def _display_name(path: Path, real: Path, cwd: Path) -> str:
    """The path relative to the working folder (both resolved), else as given."""
    try:
        return real.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def parse_texts(texts: Iterable[tuple[str, str]]) -> ParsedLog:
    with no_gc():
        return _parse_texts(texts)


def _parse_texts(texts: Iterable[tuple[str, str]]) -> ParsedLog:
    entries: list[Entry] = []
    warnings: list[Diagnostic] = []
    reports: list[FileReport] = []
    for source, text in texts:
        if text.startswith("---") and (matter := _front_matter_end(text)) is not None:
            if (page := _page_of(source, text, matter)) is not None:
                entries.append(page[0])  # a note-taking app's page of one paper, its properties in front matter
                warnings.extend(page[1])
                reports.append(FileReport(source, "page", 1, 0))
                continue
            text = _without_front_matter(text, matter)  # a log's front matter says nothing of its entries
        doc = _text(source, tuple(text.split("\n")))
        layout = _layout_of(doc)
        file_entries, state = _LAYOUTS[layout](doc)
        file_warnings, others = state.warnings, state.others
        layouts = [layout]
        # a log whose author changed habits part-way (《》 days, then `### date — Title` headings): what the
        # file's main layout left unread is read again in the layout it is written in
        rest = _unread(doc, state.used)
        taken = list(state.used)
        while rest is not None:
            more, more_state = _LAYOUTS[(more_layout := _layout_of(rest))](rest)
            kept = _not_over_read(more, more_state.used, _in_ranges(taken), doc)
            sections = {e.line for e in more} - {e.line for e in kept}
            more = kept
            if not more:
                break
            taken += more_state.used
            read = _in_ranges([(start, stop) for start, stop in more_state.used if start + 1 not in sections])
            file_entries = sorted([*file_entries, *(_code_back(e, doc) for e in more)], key=_line_of)
            file_warnings += [w for w in more_state.warnings if read(w.line - 1)]  # the rest were said already
            others += more_state.others
            layouts.append(more_layout)
            rest = _unread(rest, more_state.used)
        if not file_entries:
            file_warnings.append(Diagnostic(source, 1, "no paper entries found in this file"))
        file_warnings.sort(key=_line_of)
        entries.extend(file_entries)
        warnings.extend(file_warnings)
        # (a file of none is warned about; the first line read, not the first entry, ends what may be its title)
        first_read = min((start for start, _ in taken), default=file_entries[0].line - 1) if file_entries else 0
        outside = _outside(rest, first_read + 1) if file_entries else ()
        reports.append(FileReport(source, " and ".join(layouts), len(file_entries), others, outside))
    return ParsedLog(tuple(entries), tuple(warnings), tuple(reports))


def _front_matter_end(text: str) -> int | None:
    """The index of the line that closes a file's front matter (`---` lines around `key: value` lines), if any."""
    lines = text.split("\n", 200)[:200]
    if lines[0].rstrip() != "---":
        return None
    end = next((k for k in range(1, len(lines)) if lines[k].rstrip() == "---"), None)
    if end is None or not all(not ln.strip() or ln[0].isspace() or _YAML_KEY.match(ln) for ln in lines[1:end]):
        return None  # (a rule over Markdown is no front matter)
    return end


_YAML_KEY = re.compile(r"^[\w\u4e00-\u9fff][\w \-\u4e00-\u9fff]{0,30}:(?:\s|$)")


def _without_front_matter(text: str, end: int) -> str:
    """The text with its front matter's lines blank (numbers kept)."""
    return "\n" * (end + 1) + text.split("\n", end + 1)[end + 1] if text.count("\n") > end else "\n" * end


def _page_of(source: str, text: str, end: int) -> tuple[Entry, list[Diagnostic]] | None:
    """The entry of a file that is one paper's page: front matter between `---` lines that names its title
    (`title: …`, with `read: 2024-09-03`, `org: [Vireo AI, MIT]`, `aliases: [Halo]`, `status: to-read`…), over notes
    that hold no entries of their own; its notes are the rest of the file (a heading that repeats the title aside).
    None for any other file (a log with front matter is read by its layout)."""
    lines = text.split("\n")
    properties = _front_matter(lines[1:end], 2)
    title_at = next((ln for ln in properties if _column(ln.text.split(":", 1)[0]) in _TITLE_FIELDS), None)
    title = _yaml_scalar(title_at.text.split(":", 1)[1]) if title_at else ""
    if title_at is None or not title:
        return None
    if _parse_texts([(source, _without_front_matter(text, end))]).entries:
        return None
    state = _State(source)
    fields = _fields([ln for ln in properties if ln is not title_at], state)
    aliases = next((_yaml_scalar(ln.text.split(":", 1)[1]).split(",")[0].strip() for ln in fields.rest
                    if _column(ln.text.split(":", 1)[0]) == "aliases"), None)
    status: Status = "to-read" if any(_says_to_read(ln.text) or _front_matter_tags_to_read(ln.text)
                                      for ln in fields.rest) else "read"
    heading = f"# {title}"
    kept = [ln for ln in fields.rest if _column(ln.text.split(":", 1)[0]) != "aliases"]  # (`tags: …`, `url: …`)
    body = kept + [ln for ln in _block(lines, end + 1, len(lines)) if ln.text.strip() != heading]
    published = fields.published or next((found for ln in kept if (found := find_publication(ln.text))
                                          and _ARXIV_ID.search(ln.text)), None)  # `url: arxiv.org/abs/2405.…`
    if not fields.dated and status == "read":
        state.warnings.append(Diagnostic(source, title_at.number, "page names no reading date (`read: 2024-09-03`): "
                                         "entry kept without a reading date"))
    entry = _make_entry(title, read_on=fields.read_on if status == "read" else None, pub_line=fields.orgs,
                        body=body, source=source, line=title_at.number, status=status,
                        alias=fields.alias or aliases or None, published=published)
    return entry, state.warnings


def _front_matter(lines: Sequence[str], first: int) -> list[Line]:
    """The properties of front matter (its lines from line number `first`) as `key: value` lines, a list written
    as items under its key (`org:` then `  - Vireo AI`) joined into its value."""
    out: list[Line] = []
    for number, ln in enumerate(lines, first):
        item = re.match(r"^\s+-\s+(?P<v>.*)$", ln)
        if item and out:
            last = out[-1]
            value = _yaml_scalar(item["v"])
            out[-1] = Line(last.number, f"{last.text} {value}" if last.text.endswith(":") else f"{last.text}, {value}")
        elif ":" in ln and ln.strip():
            key, value = ln.split(":", 1)
            out.append(Line(number, f"{key.strip()}: {_yaml_scalar(value)}".rstrip()))
    return out


def _yaml_scalar(value: str) -> str:
    """A front matter value as plain text: quotes and list brackets off (`"Title"` -> `Title`, `[a, b]` -> `a, b`)."""
    value = value.strip()
    if value[:1] == "[" and value[-1:] == "]":
        return ", ".join(_yaml_scalar(v) for v in value[1:-1].split(","))
    return value[1:-1].strip() if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" else value


def _front_matter_tags_to_read(text: str) -> bool:
    """`tags: paper, to-read`: a front matter tag that says the paper is still to read."""
    key, _, value = text.partition(":")
    return _column(key) == "tags" and any(_column(t).lstrip("#") in _TO_READ for t in value.split(","))


def _not_over_read(entries: list[Entry], used: Sequence[tuple[int, int]], read: Callable[[int], bool],
                   doc: _Text) -> list[Entry]:
    """The entries a layout found in what another left unread, without the headings over what that one read: a
    heading whose every line below (to the next heading) the other layout took (`## 1. Long-term forecasting` over
    a table of papers) names their section, and opens no entry of its own."""
    starts = {start: stop for start, stop in used}

    def over_read(entry: Entry) -> bool:
        stop = starts.get(entry.line - 1)
        if entry.body or entry.orgs_text or entry.published or stop is None:
            return False
        below = [k for k in range(entry.line, stop) if doc.lines[k].strip()]
        return bool(below) and all(read(k) for k in below)

    return [e for e in entries if not over_read(e)]


def _line_of(item: Entry | Diagnostic) -> int:
    return item.line


def _unread(doc: _Text, used: Sequence[tuple[int, int]]) -> _Text | None:
    """The file with the lines a layout read blanked out (numbers kept; headings and dates stay where they
    were), and with the file's title and the preface under it blanked too; None when no line is left but blank
    lines and headings: nothing more to read."""
    lines = list(doc.lines)
    for start, stop in used:
        lines[start:stop] = [""] * (stop - start)
    fence = ""  # in a fenced code block, `# a comment` is code, not a heading (`_code_back` undoes the mark)
    for i, ln in enumerate(doc.lines):
        mark = ln.lstrip()[:3]
        if mark in ("```", "~~~"):
            fence = "" if fence == mark else (fence or mark)
        elif fence and lines[i].startswith("#"):
            lines[i] = _CODE + ln
    headings = (i for i, ln in enumerate(lines) if ln.startswith("#"))
    first = next(headings, len(lines))
    if first < len(lines) and lines[first].startswith("# ") and not any(ln.strip() for ln in lines[:first]):
        # the file's title and its preface (a table in it is no preface), which ends where the first entry starts
        first = min(next(headings, len(lines)), min((start for start, _ in used), default=len(lines)))
        lines[:first] = [ln if ln.lstrip().startswith("|") else "" for ln in lines[:first]]
    if all(not ln.strip() or ln.startswith("#") for ln in lines):
        return None
    return _text(doc.source, tuple(lines), doc.year)


_CODE = "\x00"  # marks a line of code that looks like a heading, in what a layout left unread


def _outside(rest: _Text | None, first_entry: int) -> tuple[int, ...]:
    """The numbers of the lines of text that every layout left unread (`rest`, from `_unread`): prose under a
    section's heading, a table of scores, a remark between entries. Headings, lines of nothing but a date or a
    month (which date the entries below them), rules and the file's title and preface are none of them (a first
    line before every entry is the title of a file that writes it without `#`)."""
    if rest is None:
        return ()
    out: list[int] = []
    for i, ln in enumerate(rest.lines):
        text = ln.strip().strip("*_").strip()
        if not text or ln.startswith("#") or _RULE.fullmatch(text):
            continue
        if not out and i + 1 < first_entry and not any(x.strip() for x in rest.lines[:i]) and len(text) <= 60:
            continue
        if len(text) <= 40 and (_heading_date(text) != (None, None) or _month_heading(text) is not None):
            continue
        out.append(i + 1)
    return tuple(out)


_RULE = re.compile(r"[-*_=\s]{3,}|\|?[\s:|-]+\|?")  # `---`, `***`, a table's `|---|---|`


def _code_back(entry: Entry, doc: _Text) -> Entry:
    """The entry with its lines of code as written (without `_CODE`)."""
    if not any(ln.text.startswith(_CODE) for ln in entry.body):
        return entry
    body = tuple(_block(doc.lines, ln.number - 1, ln.number)[0] if ln.text.startswith(_CODE) else ln
                 for ln in entry.body)
    return replace(entry, body=body)


def _in_ranges(ranges: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    starts = sorted(ranges)
    def inside(i: int) -> bool:
        k = bisect_right(starts, (i, sys.maxsize)) - 1
        return k >= 0 and starts[k][0] <= i < starts[k][1]
    return inside


# ---------------------------------------------------------------------------------------------- dates


def find_date(text: str) -> tuple[date | None, str | None]:
    """The first full date in the text: (date, None), or (None, the text of an impossible date), or (None, None)."""
    m = _FULL_DATE.search(text)
    return _date_of(m) if m else (None, None)


def _date_of(m: re.Match[str]) -> tuple[date | None, str | None]:
    """find_date's answer for a match of _FULL_DATE."""
    try:
        if m.group("y"):
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d"))), None
        if m.group("y2"):
            month = _MONTHS.get(m.group("mname").lower())
            if month is None:
                return None, None
            return date(int(m.group("y2")), month, int(m.group("d2"))), None
        month = _MONTHS.get(m.group("mname3").lower())
        if month is None:
            return None, None
        return date(int(m.group("y3")), month, int(m.group("d3"))), None
    except ValueError:
        return None, m.group(0).strip()  # (the match takes the spaces after a day: `2024-07-32 — Title`)


def find_publication(text: str) -> str | None:
    """`2023.5 微软…` -> `2023-05`; `Mistral AI, Jan 2024` -> `2024-01`; `[arXiv 2410.05258]` -> `2024-10`;
    `2021年Google…` -> `2021`; None when the text names no year."""
    arxiv = _ARXIV_ID.search(text) if "xiv" in text or "Xiv" in text or "XIV" in text else None
    if arxiv is None and "19" not in text and "20" not in text:
        # the cheap test first: a year is written 19xx or 20xx, or as two digits before 年 and a month
        short = _SHORT_YEAR_MONTH.search(text) if "年" in text else None
        return f"20{short['y']}-{int(short['m']):02d}" if short and 1 <= int(short["m"]) <= 12 else None
    m = _YEAR_MONTH.search(text)
    while m:
        month = int(m["m"])
        if 1 <= month <= 12:
            return f"{m['y']}-{month:02d}"
        m = _YEAR_MONTH.search(text, m.end())  # (a lookbehind still sees the text before m.end())
    for named in _NAMED_MONTH.finditer(text):
        if (named_month := _MONTHS.get(named["mname"].lower())) is not None:
            return f"{named['y']}-{named_month:02d}"
    if arxiv and 1 <= int(arxiv["m"]) <= 12:
        return f"20{arxiv['y']}-{arxiv['m']}"
    year = _YEAR.search(text)
    if year:
        return year["y"]
    short = _SHORT_YEAR_MONTH.search(text) if "年" in text else None
    return f"20{short['y']}-{int(short['m']):02d}" if short and 1 <= int(short["m"]) <= 12 else None


# a year written with two digits before 年 and a month (`22年10月挂的arXiv`): of this century
_SHORT_YEAR_MONTH = re.compile(r"(?<![\d.])(?P<y>[0-3]\d)\s*年\s*(?P<m>\d{1,2})\s*月")


def _heading_date(text: str) -> tuple[date | None, str | None]:
    """A heading that is only a date (brackets and weekday words aside)."""
    m = _FULL_DATE.search(text)
    if not m:
        return None, None
    found, bad = _date_of(m)
    if found is None and bad is None:
        return None, None
    if not _only_date_beside(text, m):
        return None, None  # a heading that holds a date and a title is an entry, not a date heading
    return found, bad


def _only_date_beside(text: str, m: re.Match[str]) -> bool:
    """Is the text the date m found and nothing more (brackets, numbers, weekdays and words that frame a date, as
    `Week of`, aside)?"""
    rest = text[: m.start()] + text[m.end() :]
    return not rest or not _WORDS_BESIDE_DATE.search(_CALENDAR_WORDS.sub("", _WEEKDAY.sub("", rest)))


# a span of days a heading names: `Sep 9–15, 2024`, `Sep 30–Oct 6, 2024`, `2024-09-09 ~ 2024-09-15`
_DAY_SPAN = re.compile(
    r"(?P<m1>[A-Za-z]{3,9})\.?\s+(?P<d1>\d{1,2})\s*(?:[–—~]|-{1,2}|to)\s*(?:(?P<m2>[A-Za-z]{3,9})\.?\s+)?"
    r"(?P<d2>\d{1,2}),?\s+(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})\s*(?:[–—~]|-{1,2}|to)\s*"
    r"(?P<y4>(?:19|20)\d\d)-(?P<m4>\d{1,2})-(?P<d4>\d{1,2})(?!\d)"
)
_WEEK_OF = re.compile(r"(?i)\bweek\s+(?:of|from|starting|beginning|commencing)\b|\bw/c\b")
_WEEKDAYS = {name: k for k, names in enumerate((
    ("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "weds", "wednesday"), ("thu", "thur", "thurs", "thursday"),
    ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday"))) for name in names}
# the weekday a paper was read, in the line that says where it comes from: `Meta · arXiv 2408.11039 · read Thu`
_READ_WEEKDAY = re.compile(r"(?i)(?:^|\s*[·|;,，；]\s*|\s+)\bread(?:\s+on)?\s+(?P<wd>[A-Za-z]{3,9}\.?)\s*"
                           r"(?=$|[·|;,，；])")


def _day_span(text: str) -> tuple[date, date] | None:
    """(first, last) of a span of at most a fortnight that a heading names and nothing more besides words of the
    calendar (`Week 37 (Sep 9–15, 2024)`); None otherwise."""
    m = _DAY_SPAN.search(text)
    if m is None or not _only_date_beside(text, m):
        return None
    try:
        if m["y"]:
            m1 = _MONTHS.get(m["m1"].lower())
            m2 = _MONTHS.get(m["m2"].lower()) if m["m2"] else m1
            if m1 is None or m2 is None:
                return None
            first = date(int(m["y"]) - (m2 < m1), m1, int(m["d1"]))  # (the year written is the last day's)
            last = date(int(m["y"]), m2, int(m["d2"]))
        else:
            first = date(int(m["y3"]), int(m["m3"]), int(m["d3"]))
            last = date(int(m["y4"]), int(m["m4"]), int(m["d4"]))
    except ValueError:
        return None
    return (first, last) if 0 < (last - first).days <= 14 else None


def _month_heading(text: str) -> tuple[int, int | None] | None:
    """(year, month or None) of a heading that names a month or a year and nothing more: `May 2024`, `2024年8月`,
    `2024.5`, `2024`, `2024 Q2`."""
    if "19" not in text and "20" not in text:
        return None
    for pattern in (_YEAR_MONTH, _NAMED_MONTH):
        m = pattern.search(text)
        if m and _only_date_beside(text, m):
            month = int(m["m"]) if pattern is _YEAR_MONTH else _MONTHS.get(m["mname"].lower(), 0)
            if 1 <= month <= 12:
                return int(m["y"]), month
            if pattern is _YEAR_MONTH:
                return None  # (`Summer 2024` names no month: its year is read below)
    m = _YEAR.search(text)
    return (int(m["y"]), None) if m and _only_date_beside(text, m) else None


def _day_in_year(text: str, year: int, month: int | None) -> tuple[date | None, str | None]:
    """The day a text names without a year (`5/2`, `May 2`, `5月2日`, a weekday aside), in the year (and month) of
    the heading above: (date, None), (None, the text of an impossible day), or (None, None). `5/2` is month/day,
    unless the heading's month says it is day/month (`2/5` under `## May 2024`)."""
    m = _DAY_OF_YEAR.search(text)
    if m is None or not _only_date_beside(text, m):
        return None, None
    if m["a"]:
        first, second = int(m["a"]), int(m["b"])
        day_first = second == month != first or first > 12
        mon, day = (second, first) if day_first else (first, second)
    elif m["m"]:
        mon, day = int(m["m"]), int(m["d"])
    elif m["d4"]:
        if month is None:
            return None, None
        mon, day = month, int(m["d4"])
    else:
        mon = _MONTHS.get((m["mname"] or m["mname3"]).lower(), 0)
        day = int(m["d2"] or m["d3"])
        if not mon:
            return None, None
    try:
        return date(year, mon, day), None
    except ValueError:
        return None, m.group(0).strip()


# ---------------------------------------------------------------------------------------------- titles


def clean_title(text: str) -> str:
    if "<" in text:
        text = _TAG.sub("", text)
    if "*" in text or "_" in text or "~" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    return " ".join(text.split()).strip(" \t-–—:：,，")  # str.split parts at what \s matches


def split_alias(title: str) -> tuple[str | None, str]:
    """(alias, title without it). `(CM3leon)Scaling…` and `VQVAE: Neural…` carry one; a colon after three
    or more words (`Multimodal Foundation Models: From…`) is part of the title."""
    m = _LEADING_ALIAS.match(title) if title.startswith(("(", "（")) else None
    if m and len(m.group("alias").split()) <= 3:
        return m.group("alias").strip(), m.group("rest").strip()
    m = _REPORT.match(title) if "Report" in title or "Card" in title or "报告" in title else None
    if m and len(m.group("name").split()) <= 4 and not _SEVERAL.search(m.group("name")):
        return m.group("name"), title  # `Gemma 3 Technical Report`: the report of the work it names
    m = _COLON_ALIAS.match(title) if ":" in title or "：" in title else None
    if m:
        alias = m.group("alias").strip()
        if 1 <= len(alias.split()) <= 2 and not alias.endswith("?"):
            return alias, m.group("rest").strip()
    m = _TRAILING_ALIAS.search(title) if title.endswith((")", "）")) else None
    if m and not m.group("alias").isupper() and m.group("alias").lower() not in _NO_ALIAS \
            and len(_LATIN_WORD.findall(title[: m.start()])) >= 3:
        return m.group("alias"), title[: m.start()].strip()  # `Are Transformers Effective…? (DLinear)`
    return None, title


# a title that is a work's report: `Qwen2.5 Technical Report`, `Phi-3 Technical Report: A Highly Capable …`
_REPORT = re.compile(r"(?P<name>[^:：]{2,40}?)\s*(?:(?:Technical|Tech)\s+Report|System\s+Card|Model\s+Card|技术报告)"
                     r"\s*(?:[:：]|$)", re.IGNORECASE)
_SEVERAL = re.compile(r"[,，、&]|\sand\s|和")  # `gpt-oss-120b & gpt-oss-20b Model Card`: the report of two
# the reader's short name for a paper in brackets after its title: one name-like word (`(DLinear)`, `(TimesFM)`)
_NO_ALIAS = {"oral", "spotlight", "poster", "workshop", "preprint", "draft", "survey", "reread", "revisited", "todo"}
_TRAILING_ALIAS = re.compile(r"\s*[(（](?P<alias>[A-Z][A-Za-z0-9.+-]{1,24}|[a-z]+[A-Z][A-Za-z0-9.+-]{0,20})[)）]$")


def _make_entry(
    raw_title: str,
    *,
    read_on: date | None,
    pub_line: str,
    body: Sequence[Line],
    source: str,
    line: int,
    status: Status,
    alias: str | None = None,
    published: str | None = None,
) -> Entry:
    if raw_title.endswith((")", "）", "]", "】")) and (marked := _TO_READ_SUFFIX.search(raw_title)):
        raw_title, status, read_on = raw_title[: marked.start()], "to-read", None  # `Title（待读）`
    elif pub_line.endswith((")", "）", "]", "】")) and (marked := _TO_READ_SUFFIX.search(pub_line)):
        pub_line, status, read_on = pub_line[: marked.start()], "to-read", None  # `《Title》（Meta，2024.9）（待读）`
    elif body and _TO_READ_LEAD.match(body[0].text):
        status, read_on = "to-read", None  # the first note says it: `- （待读）听说是…`
    title = clean_title(raw_title)
    found_alias, rest = split_alias(title)
    if alias is None:
        alias = found_alias
        short = rest if found_alias else None
        if found_alias and ((title.startswith(("(", "（")) and _LEADING_ALIAS.match(title))
                            or _TRAILING_ALIAS.search(title)):
            title = rest  # `(CM3leon)Scaling…`, `… (DLinear)`: the bracketed name is the reader's label, no title
    else:
        short = None
    if published is None or (("review" in pub_line or "ubmi" in pub_line or "投" in pub_line)
                             and published == find_publication(pub_line)):
        # `(under review at MLSys 2025)`: the year of a venue the paper is sent to is no publication date
        published = find_publication(_UNDER_REVIEW.sub(" ", pub_line))
    return Entry(
        title=title,
        alias=alias,
        read_on=read_on,
        published=published,
        orgs_text=pub_line.strip(),
        body=tuple(body),
        source=source,
        line=line,
        status=status,
        short_title=short,
    )


# a venue the paper is sent to, not yet published at: `under review at MLSys 2025`, `submitted to ICLR 2025`,
# `在投 ACL 2025`
_UNDER_REVIEW = re.compile(r"(?i)(?:under review|submitted|in submission)\s+(?:at|to|for)\s+[^,;()（），；]{0,40}"
                           r"|(?:在投|投稿中?|投到了?)\s*[^,;()（），；]{0,40}")


def _is_publication_line(text: str) -> bool:
    return bool(find_publication(text) or _PUBLISHED_CUE.search(text))


# ---------------------------------------------------------------------------------------------- reading list


_LINK_LEAD = re.compile(r"^(?:\[(?P<text>[^\]]+)\]\([^)\s]*\)|\[\[(?P<wiki>[^\]|]+)(?:\|[^\]]*)?\]\])\s*(?P<rest>.*)$")
# verbs a to-do opens with (`Write up a 1-pager…`, `Reproduce the ablation…`), in the imperative of a task
_TASK_VERBS = frozenset({
    "write", "read", "reread", "re-read", "reproduce", "check", "compare", "try", "ask", "finish", "prepare", "review",
    "look", "email", "send", "summarize", "summarise", "run", "test", "implement", "update", "fix", "find", "make",
    "add", "share", "present", "discuss", "plan", "organize", "organise", "draft", "submit", "schedule", "port",
    "skim", "go", "figure", "sort", "set", "collect", "rerun", "re-run", "benchmark", "ping", "reply",
})


def _is_task(words: Sequence[str]) -> bool:
    """Do an item's Latin words read as a to-do rather than a title? A title opens with a capital (`Learning to
    summarize…`) or a mixed-case name (`xLSTM: …`); a task is a sentence that opens with a verb in lower case
    (`write up a 1-pager comparing DPO…`) or with one of the verbs of a to-do and goes on in lower case
    (`Reproduce the ablation on our data`)."""
    first = words[0]
    if first.islower():
        return True
    return first.lower() in _TASK_VERBS and len(words) > 1 and words[1].islower() and \
        sum(w[0].isupper() for w in words[1:]) * 2 < len(words) - 1


def reading_list_title(text: str) -> tuple[str, str] | None:
    """(title, remark) when a checkbox item names a paper, else None.

    A paper title is the item's leading link (`[Title](https://arxiv.org/…)`, `[[Title]]`), or its leading run of
    Latin text with four or more words (or a `Name: title` form), not an acronym followed by its expansion
    (`GAP global average pooling`), nor a task (`write up a 1-pager comparing DPO / KTO`). Tags (`#to-read`) are
    no part of the remark: the checkbox says whether the paper is read."""
    if "#" in text:
        text = _TAG_WORD.sub("", text).strip()
    linked = _LINK_LEAD.match(text) if text.startswith("[") else None
    if linked:
        title = clean_title(linked["text"] or linked["wiki"])
        words = _LATIN_WORD.findall(title)
        if not _TWO_WORD_CHARS.search(title) or (words and _is_task(words)):
            return None
        return title, linked["rest"].strip(" \t-–—:：,，")
    marked = _title_line(text) if text.startswith("《") else None
    if marked:  # `《Title》（CMU，2024.9）（待读）`
        return (clean_title(marked[0]), marked[1]) if marked[2] and clean_title(marked[0]) else None
    cut = _CJK.search(text)
    head, remark = (text[: cut.start()], text[cut.start() :]) if cut else (text, "")
    glued = _GLUED_YEAR.search(head)  # `…translation2014年`
    if glued:
        head, remark = head[: glued.start()], head[glued.start() :] + remark
    if "  " in head.strip():  # two spaces part a title from a remark in Latin
        head, extra = head.lstrip().split("  ", 1)
        remark = extra.lstrip() + remark  # (`…Modeling  SANA和…`: the remark as written)
    at = _title_tail(head, dashes=False)  # `Title [arXiv 2412.06464] (NVIDIA, MIT)`, `Title (Meta)`
    if at is not None:
        head, remark = head[:at], head[at:] + remark
    head = clean_title(head)
    words = _LATIN_WORD.findall(head)
    if len(words) < 4 and not (":" in head and len(words) >= 3):
        return None
    first = words[0]
    if first.isupper() and len(first) >= 2:
        initials = "".join(w[0] for w in words[1 : 1 + len(first)]).upper()
        if initials == first:
            return None  # `GAP global average pooling`: a term and its expansion
    if _is_task(words):
        return None
    return head, remark.strip()


# ---------------------------------------------------------------------------------------------- layouts


def detect_layout(lines: Sequence[str]) -> str:
    """Pick the layout a file is written in by counting what its lines look like.

    《title》 opening a plain line is the daily layout; titles marked inside list items (《》, <u>, bold, quotes)
    are the list layout; headings that hold titles are the headings layout; a Markdown table with a title
    column (`| Date | Paper | Notes |`) is the table layout; a file whose lines are messages (`[2024-07-01 09:40]
    小王: …`) is a chat export. A file that matches none is read as daily (it then yields no entries, with a
    warning, and nothing crashes). Marks that ordinary documents use too (plain
    headings, bold list items) count only in a file that reads like a log (dates on lines of their
    own, publication lines under the headings): a README is no reading log."""
    return _layout_of(_text("", tuple(lines)))


def _is_list_item(line: str) -> bool:
    return line[0] != "《" and _LIST_ITEM.match(line) is not None  # (the cheap test first: most titles open so)


def _layout_of(doc: _Text) -> str:
    """detect_layout. Each count looks with str tests for the mark its regexes need, so they run on few lines."""
    if _is_chat(doc):  # `[2024-07-01 09:40] 小王: 今天读了《…》`: a chat pasted in
        return "chat"
    lines, dated = doc.lines, doc.dated  # without dates, only 《》 marks a title (not **bold** words)
    bare_titles = sum(1 for i in doc.marked if (i in doc.titles and not _is_list_item(lines[i]))
                      or (dated and _line_title(lines[i]) is not None))
    # a title in a list item is marked by 《》 or, in a dated log, by one of the other marks `_MARKED` knows
    list_titles = sum(
        1 for ln in (lines[i] for i in doc.marked) if ln[0] not in "《#|" and (dated or "《" in ln)
        and (m := _LIST_ITEM.match(ln)) and not _CHECKBOX.match(ln) and _marked_title(m.group("text"))
    )
    table_rows = sum(len(rows) if header else 1 for _, header, rows in _paper_tables(doc))  # (a card: one paper)
    daily = bare_titles and bare_titles >= list_titles
    table_may_win = table_rows and table_rows >= max(bare_titles, list_titles)
    # the title headings are counted only when the answer depends on them (a daily log has thousands of headings)
    entry_headings = len(_entry_headings(doc)) if table_may_win or not daily else 0
    if table_may_win and table_rows >= entry_headings:
        return "table"
    if daily:
        return "daily"
    if dated:  # titles no mark sets apart: `- Title [arXiv 2410.05258] (MSR)` with notes below, under a date
        # (nested too: an outliner nests its papers under a day's bullet, `- Aug 2, 2024` over `\t- Title (Org, 2024)`)
        list_titles += sum(1 for i, ln in enumerate(lines) if (c := ln.lstrip()[:1]) and (c in "-*+" or c.isdigit())
                           and (m := _LIST_ITEM.match(ln)) and not _CHECKBOX.match(ln)
                           and not _marked_title(m.group("text")) and _bare_title(lines, i, m.group("text")))
    if entry_headings and entry_headings >= list_titles:
        return "headings"
    if list_titles:
        return "list"
    return "daily"


_STRONG_HEADING = re.compile(
    r"^\[[^\]]*\]|^\d{1,3}[.)]\s|^[(（][^)）]{1,40}[)）]|[(（](?:19|20)\d\d[^)）]*[)）]\s*$|《[^》]+》"
)


def _entry_headings(doc: _Text) -> list[int]:
    """Indexes of the headings that open entries.

    A heading that holds a title (not a date, not a short section name) opens an entry when it sits at the
    level where entries are: the level of the headings marked as entries (`[2023-10-14] …`, `3. …`, `(Alias) …`,
    `… (2021)`), else the most common level of title headings. A title heading followed directly by a deeper
    heading is a section (`# Papers I read in March` over `## March 3, 2024`)."""
    lines = doc.lines
    found: list[tuple[int, int, bool]] = []
    for i in doc.marked:  # every line that starts with # is among them
        m = _HEADING.match(lines[i]) if lines[i][0] == "#" else None
        if m and _heading_entry(m.group("text")):
            found.append((i, len(m.group("hashes")), bool(_STRONG_HEADING.search(m.group("text")))))
    if not found:
        return []
    strong = [lvl for _, lvl, st in found if st]
    levels = strong or [lvl for _, lvl, _ in found]
    level = max(set(levels), key=lambda lv: (levels.count(lv), lv))
    out = []
    any_strong = False
    for i, lvl, st in found:
        if lvl != level:
            continue
        deeper = _HEADING.match(_next_text(lines, i))
        if not st and deeper and len(deeper.group("hashes")) > lvl:
            continue
        out.append(i)
        any_strong = any_strong or st
    if out and not any_strong and not _reads_like_a_log(lines, out, doc.dated):
        return []  # plain headings of a document (`## The command line`), not a reading log's entries
    if len(out) == 1 and doc.dated and level == 1 and not any(ln.strip() for ln in lines[: out[0]]):
        return []  # the `# title` of a log with dates is no entry, and the log's only one the less
    return out


# fields under a heading that say where a paper comes from
_SOURCE_FIELDS = _ORG_FIELDS | _DATE_FIELDS | {"author", "link", "url", "paper", "链接", "论文", "conference",
                                               "journal", "source", "来源"}
_PAPER_LINK = re.compile(r"arxiv\.org/|doi\.org/|openreview\.net/|aclanthology\.org/|proceedings\.", re.I)
# a line of nothing but names (`Mistral AI`, `Google DeepMind, Stanford University`): who published a work
_ONE_NAME = r"[A-Z][\w&.'’-]*(?: [\w&.'’()-]+){0,5}"
_ORG_NAMES = re.compile(rf"{_ONE_NAME}(?:(?:, | and | & ){_ONE_NAME})*")


def _next_text(lines: Sequence[str], i: int) -> str:
    """The first line after line i that is not blank ("" when there is none)."""
    for k in range(i + 1, len(lines)):
        if lines[k].strip():
            return lines[k]
    return ""


def _has_date_lines(lines: Sequence[str]) -> bool:
    """Does a date stand on a line of its own (a heading or not), as reading logs date their entries?"""
    for ln in lines:
        if "19" not in ln and "20" not in ln:
            continue  # every date _FULL_DATE reads has its year so
        text = ln.lstrip("#").strip().strip("*_")
        if text and len(text) <= 40 and _heading_date(text)[0] is not None:
            return True
        field = _FIELD.match(text.lstrip("-*+ ")) if ":" in text or "：" in text else None
        if field and _column(field.group("name")) in _READ_FIELDS and find_date(field.group("value"))[0]:
            return True  # `date read: 2024-07-02`: each entry dated by a field of its own
    return False


def _reads_like_a_log(lines: Sequence[str], openers: Sequence[int], dated: bool) -> bool:
    """Title headings with no entry marks of their own open entries only in a file that reads like a log: one
    with dates on lines of their own (headings or not), or whose headings mostly sit over lines that say where
    the work comes from (`Meta AI, 2023.4`, `Affiliations: …`, `- Authors: …`, `- Year: 2017`, an arXiv link).
    `dated` is `_has_date_lines(lines)`."""
    if dated:
        return True
    sourced = 0
    for i in openers:
        first = [ln.strip() for ln in lines[i + 1 : i + 12] if ln.strip()][:3]
        first = first[: next((k for k, ln in enumerate(first) if _HEADING.match(ln)), len(first))]
        if any(_says_where_from(ln) for ln in first):
            sourced += 1
    return sourced * 2 >= len(openers)


def _says_where_from(line: str) -> bool:
    field = _FIELD.match(line)
    if field and field.group("name").strip().lower() in _SOURCE_FIELDS:
        return True
    return bool(_PAPER_LINK.search(line) or _is_publication_line(line) or _ORG_NAMES.fullmatch(line))


_DATE_START = re.compile(
    r"(?:[【\[(（]\s*)?(?:(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+|(?:星期|周)[一二三四五六日天]\s*)?"
    r"(?:(?:19|20)\d\d\s*(?:[./\-]|年)\s*\d{1,2}\s*(?:[./\-]|月)\s*\d|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]"
    r"|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)"
)
_DATE_LEADS = frozenset("【[(（周星MTWFSJAOND")  # a bracket, a weekday or a month's name before a date


def _may_be_date_line(line: str) -> bool:
    """Could the line hold nothing but a date (`2024.3.5`, `5 March 2024`, `Mon 14 Oct 2024`, `【2024-11-05】`,
    `October 14, 2024`)? A cheap test before the date regex: short, and opening with a whole date, a day and a
    month's name, or these after a bracket or a weekday; numbered notes (`1. …`) and publication lines
    (`2023.5 Meta AI …`), most of a log's short lines, do not."""
    return ((line[0].isdigit() or line[0] in _DATE_LEADS) and len(line) <= 40
            and _DATE_START.match(line) is not None)


def _marked_lines(lines: Sequence[str], dated: bool) -> tuple[int, ...]:
    """Indexes of the lines that hold a mark some layout's regexes need: `#` first (headings), 《 or [ (titles,
    checkboxes, links), | (tables), and in a dated log `*`/`_` first or a colon in the first 12 characters (bold
    and field titles) or a quote, ** or <u> (titles marked in list items). One pass of str tests over every line,
    so that the regexes run on these alone; blank lines, a third of a log, fail the first."""
    if dated:
        return tuple([i for i, ln in enumerate(lines) if ln and (
            "《" in ln or "[" in ln or ln[0] in "#*_【" or ":" in (head := ln[:12]) or "：" in head or "|" in ln
            or " - " in head or " — " in head or " – " in head
            or '"' in ln or "“" in ln or "**" in ln or "<u>" in ln or _may_be_date_line(ln))])
    return tuple([i for i, ln in enumerate(lines) if ln and ("《" in ln or "[" in ln or ln[0] == "#" or "|" in ln
                                                              or (ln[0] in _QUOTE_LEADS and ('"' in ln or "“" in ln)))])


_QUOTE_LEADS = frozenset("*_N0123456789")  # a running number or a day before a quoted title: `**#12** 2024-07-29 "…"`


_TITLE_LEAD = re.compile(r"^\s*(?:[-*+]\s+|\d{1,3}[.)、]\s*)?(?:\*\*|__)?")


def _title_line(line: str) -> tuple[str, str, bool] | None:
    """(title, rest of line, closed) for a line that opens an entry with 《title》."""
    if "《" not in line and '"' not in line and "“" not in line:  # (the cheap test first)
        return None
    stripped = line if line[0] == "《" else _TITLE_LEAD.sub("", line, count=1)
    if not stripped.startswith("《"):
        dated = _DATED_LEAD.match(line) if line.lstrip()[:1] in _DATED_LEAD_FIRST else None
        if dated is None or not (dated["num"] or dated["day"]):
            return None
        stripped = line[dated.end() - 1 :]  # `**#37** 2024/7/29 《Title》 — 机构`: the title the day was read
        if stripped[0] != "《":  # `**#12** 2024-07-29 "Title" — Org`: a title in quotes
            close = stripped.find('"' if stripped[0] == '"' else "”", 1)
            if close < 0 or not _TWO_WORD_CHARS.search(stripped, 1, close):
                return None
            return stripped[1:close], stripped[close + 1 :].lstrip("*_ ").strip(), True
    close = stripped.find("》")
    if close < 0:
        return stripped[1:].strip(), "", False
    if not _TWO_WORD_CHARS.search(stripped, 1, close):  # `《…》 stands for a title`: some title, none
        return None
    rest = stripped[close + 1 :].lstrip("*_ ").strip()
    return stripped[1:close], rest, True


# a line that opens with a day or a running number (`**#37**`, `#37`, `[37]`, `No. 37`) or both, after a list mark
# if any, and then holds a 《title》, with at most a short label between (`12/11 VAR：`, `12/10 读了 LlamaGen ——`): an
# entry (read that day), in any layout
_NUMBER_MARK = r"(?:\*\*|__)#?\d{1,4}(?:\*\*|__)|#\d{1,4}|No\.?\s*\d{1,4}"  # `**#37**`, `#37`, `No. 37`
_RUNNING_NUMBER = _NUMBER_MARK + r"|[\[【]\d{1,4}[\]】]"  # and `[37]`
# a day as a line opens with it: `2024-07-12`, `2024年7月12日`, or without its year, `7/12`, `7月12日`
_LEAD_DAY = (r"(?:19|20)\d\d\s*(?:[./\-]|年)\s*\d{1,2}\s*(?:[./\-]|月)\s*\d{1,2}\s*日?"
             r"|\d{1,2}\s*/\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*[日号]?")
_READ_WORD = r"(?:读了|读完|看了|看完|重读|读|看|(?i:read|re-read|finished)\b)"  # what the reader did that day
_DATED_LEAD = re.compile(
    rf"^\s*(?:[-*+]\s+|\d{{1,3}}[.)、]\s+)?(?P<num>{_RUNNING_NUMBER})?\s*(?:\*\*|__)?"
    rf"(?:(?P<day>{_LEAD_DAY}|\d{{1,2}}\s*[日号]"
    r"|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s+\d{1,2}(?:st|nd|rd|th)?)"
    r"(?![\d/.\-])(?:\*\*|__)?)?\s*"
    rf"(?:{_READ_WORD}?\s*(?P<label>[A-Za-z][\w.+\-]{{0,30}})?\s*"
    r"(?:[:：]|——|—|--|–|-)\s*"
    rf"|{_READ_WORD}\s*)?[《\"“]"
)
_DATED_LEAD_FIRST = frozenset("-*+_#[【N0123456789")
# an item that opens with a day and a reading word as entries do (`7/12 读 …`, `2024-07-12 read …`)
_READ_DAY_LEAD = re.compile(rf"(?:{_LEAD_DAY})(?![\d/.\-])\s*[:：,，]?\s*{_READ_WORD}")


def _dated_lead(state: _State, line: str, number: int) -> tuple[date | None, bool, str | None]:
    """(the day, whether the line names one, the label) of a line `_DATED_LEAD` matches: `2024/7/29` as written,
    `12/10` in the year (and month) the file or a heading above names (a day that cannot be read is warned of)."""
    m = _DATED_LEAD.match(line)
    if m is None or not m["day"]:
        return None, False, m["label"] if m and m["num"] else None
    found, bad = find_date(m["day"])
    if found is None and bad is None:
        found, named = state.day(m["day"].strip(), number)
        return found, named, m["label"]
    if bad is not None:
        state.warnings.append(Diagnostic(state.source, number, f"date '{bad}' is not a date; entry kept without "
                                         "a reading date"))
    return found, True, m["label"]


# a 《title》 the reader passed over for the next one on its line: `《Qwen1.5-MoE? 不是论文》 跳过 → 换成
# 《LongRoPE…》`, `《X》 skipped -> 《Y》`, `《X》（读错了，改读）《Y》`
_REPLACED_BY = re.compile(r"^(?P<why>[^《》]{0,24}?(?:→|->|=>|⇒|换成|改成|改读|改为|换为|instead|replaced by)"
                          r"[^《》]{0,8}?)《(?P<title>[^》]+)》\s*(?P<rest>.*)$", re.IGNORECASE)


_NUMBERED_LINE = re.compile(rf"^\s*(?:{_NUMBER_MARK})\s")
_NUMBER_MARKS = frozenset("*_#N")


def _warn_numbered_notes(state: _State, body: Sequence[Line]) -> None:
    """A note that opens with a running number as entries do (`**#9** 2023/3/12 Title — Org`) but holds no 《title》
    is read as a note of the entry above: said, so that the entry it was meant to be is not lost unseen."""
    for ln in body:
        if ln.text[:1] in _NUMBER_MARKS and _NUMBERED_LINE.match(ln.text):
            state.warnings.append(Diagnostic(state.source, ln.number, "line opens with a running number as an "
                                             "entry does but holds no 《title》: read as a note of the entry above "
                                             "(mark its title with 《》 to make it an entry)"))


_NO_LEAD: tuple[date | None, bool, str | None] = (None, False, None)
_LEAD_DASH = re.compile(r"^(?:——|—|–)\s*|^--?\s+")


def _passed_over(state: _State, title: str, rest: str, number: int) -> tuple[str, str]:
    """(title, rest of the line) of the 《title》 the reader took when the line says they passed over the first for
    the next (`_REPLACED_BY`); the one passed over is said in a warning, not read as the entry."""
    m = _REPLACED_BY.match(rest)
    if m is None:
        return title, rest
    state.warnings.append(Diagnostic(state.source, number, f"《{title}》 passed over ('{m['why'].strip()}'): "
                                     f"read 《{m['title']}》 as the entry"))
    return m["title"], m["rest"]


_BOLD_TITLE = re.compile(
    r"^(?:(?:\*\*|__)(?P<title>[^*_]+?)(?:\*\*|__)|\[(?P<linked>[^\]]+)\]\([^)\s]*\))(?P<rest>.*)$"
)


def _line_title(line: str) -> tuple[str, str, bool] | None:
    """(title, rest of line, True) for a line that opens with a bold or linked title of three words or more and is
    no list item (`**Mamba: Linear-Time Sequence Modeling** (CMU, 2023.12)`, `[Mamba: …](https://arxiv.org/…)`),
    or that is a title field (`Title: …`, `论文：…`). Counted only in a dated file."""
    if ":" in line[:12] or "：" in line[:12] or line[0] == "【" or " - " in line[:12] or " — " in line[:12] \
            or " – " in line[:12]:
        field = _FIELD.match(line) or _DASHED_FIELD.match(line)
        if field and _column(field.group("name")) in _TITLE_FIELDS and field.group("value").strip():
            return _MD_LINK.sub(lambda m: m.group("text"), field.group("value")).strip().strip("《》"), "", True
    if not line.startswith(("**", "__", "[")):
        return None
    m = _BOLD_TITLE.match(line)
    title = (m.group("title") or m.group("linked")) if m else ""
    if m is None or _heading_date(title)[0]:
        return None
    if len(_LATIN_WORD.findall(title)) < 3 and not _SAYS_WHERE_FROM.match(m.group("rest")):
        return None  # (a short bold title opens an entry when who published it and when follow it)
    if m.group("title") and title.rstrip()[-1:] in ".:：。":
        return None  # `**Relation to prior work.** It builds on…`: a paragraph's lead, no title
    return title.strip(), m.group("rest").strip(" \t-–—:：,，"), True


# after a short bold title, where it comes from: `**Pixtral 12B** — Mistral AI · arXiv 2410.07073`, `**Mamba** (CMU,
# 2023)`
_SAYS_WHERE_FROM = re.compile(r"^\s*(?:[—–|]|--?\s|[(（])[^《》]{0,60}?"
                              r"(?:\b(?:19|20)\d\d\b|arxiv\s*[:：]?\s*\d{4}\.\d)", re.IGNORECASE)
# a field written with a dash, as a log that writes `Notes - …` writes its title: `Paper - SAM 2: …`, `Title — …`
_DASHED_FIELD = re.compile(r"^(?P<name>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff ]{1,11}?)\s+[-–—]{1,2}\s+"
                           r"(?P<value>\S.*)$")
# a title field with no title (`Paper:`, `【论文】`), in a log whose entries open with such fields
_EMPTY_TITLE_FIELD = re.compile(r"^\s*(?:【\s*(?P<a>[^】]{1,8})\s*】|(?P<b>[A-Za-z\u4e00-\u9fff ]{2,12}?)\s*[:：])\s*$")
# a line `Title: …` opens an entry (not `文章：…`, which notes use for what the article does)
_TITLE_FIELDS = {"title", "paper", "paper title", "论文", "标题", "题目", "论文标题", "论文名称"}

_MARKED = re.compile(
    r"《(?P<a>[^》]+)》|<u>(?P<b>.+?)</u>|\*\*(?P<c>[^*]+)\*\*|\"(?P<d>[^\"]{8,})\"|“(?P<e>[^”]{8,})”"
    r"|\[(?P<f>[^\]]{8,})\]\([^)\s]*\)"  # a link to the paper: [Title](https://arxiv.org/…)
    r"|\[\[(?P<g>[^\]|]{8,})(?:\|[^\]]*)?\]\]"  # a wiki link to the paper's page: [[Title]], [[Title|Short]]
)


_TWO_WORD_CHARS = re.compile(r"\w\w")


def _marked_title(text: str) -> tuple[str, int, int] | None:
    """A title marked in a list item: 《…》, <u>…</u>, **…**, "…" (with three or more words unless 《》)."""
    m = _MARKED.search(text)
    if not m:
        return None
    title = next(g for g in m.groups() if g)
    if m.group("a") is None and len(_LATIN_WORD.findall(title)) < 3:
        return None
    if not _TWO_WORD_CHARS.search(title):  # 《…》 in a sentence stands for some title, it is none
        return None
    return title, m.start(), m.end()


# what follows a title that no mark sets apart in a list item (`- Title [arXiv 2410.05258] (MSR, Tsinghua)`,
# `1. Title — 字节跳动`): an arXiv id or a link to the paper, or who published it, in brackets or after a dash
_TITLE_TAIL = re.compile(r"\s*(?:\[\s*arxiv\b|\barxiv\s*[:：]?\s*\d{4}\.\d|https?://|[(（\[]|\s[—–|]\s|\s--?\s)",
                         re.IGNORECASE)
_SPACED_DASH = re.compile(r"\s*(?:\s[—–|]\s|\s--?\s)")
_BRACKETS_TO_END = re.compile(r"\s*(?:[(（\[][^()（）\[\]]*[)）\]]\s*)+")
_PAPER_REF = re.compile(r"(?i)\[[^\]]*\]\(\S+?\)|\[\s*arxiv[^\]]*\]|\barxiv\s*[:：]?\s*\d{4}\.\d{4,5}(?:v\d+)?|https?://\S+")
_FIRST_BRACKETS = re.compile(r"^[(（\[](?P<inside>[^()（）\[\]]*)[)）\]]")
_PAPER_TAIL = re.compile(r"(?i)arxiv|https?://|doi\.org")
_CITATION = re.compile(r"\bet al\b|\d\s*[-–]\s*\d|^(?:e\.g|i\.e|see|cf)\b", re.IGNORECASE)


def _bare_title(lines: Sequence[str], i: int, text: str) -> tuple[str, int, int] | None:
    """A title that no mark sets apart, opening the list item at line i (its text `text`): a title-like run of
    Latin words (two or more, the first a capital or a mixed-case name as `nGPT`, no to-do) followed by what says
    where the paper comes from: an arXiv id or a link to it, or who published it in brackets or after a dash
    (`(MSR, Tsinghua)`, `— 字节跳动`, not a citation `(Liu et al.)`). The item opens an entry when it holds the paper's
    id or link, says the paper is to read (`（待读）`), or has notes indented below it."""
    at = _title_tail(text)
    if at is None:
        return None
    title = text[:at].rstrip()
    rest = text[at:].strip(" ，,。:：-—–|")
    words = _LATIN_WORD.findall(title)
    if not rest or len(words) < 2 or _CJK.search(title) or not title[0].isalnum() or _is_task(words):
        return None
    if title[0].islower() and not any(c.isupper() for c in words[0]):
        return None
    paper = _PAPER_TAIL.search(rest) is not None or _YEAR_ONLY.fullmatch(rest) is not None  # `Title (2024)`
    if not paper:
        said = rest.lstrip("(（[").lstrip()
        if not said or not (said[0].isupper() or _CJK.match(said)) or _CITATION.search(said):
            return None
    if paper or _TO_READ_SUFFIX.search(rest) or _indented_below(lines, i):
        return title, 0, at
    return None


# a title alone on an outliner's bullet under a day's: a name, a colon and capitalised words, no sentence's end
# (`Kestrel: Draft-Verify Decoding for On-Device Speech Recognition`)
_OUTLINE_TITLE = re.compile(r"[A-Z][\w.+-]*(?: [A-Z0-9][\w.+-]*){0,2}: [A-Z][^.!?。:：]{8,150}(?<![.!?。])")
# brackets that say only the year a work came out (`(2024)`, `（2024.7）`), after a title no mark sets apart
_YEAR_ONLY = re.compile(r"[(（]\s*(?:19|20)\d\d(?:[./-]\d{1,2})?\s*[)）]")


def _who_of_tail(tail: str) -> str:
    """Who published a paper, as the tail of a title no mark sets apart says it (`_bare_title`): without the paper's
    id or link, and out of the brackets around it (`[arXiv 2410.05258] (MSR, Tsinghua)` -> `MSR, Tsinghua`)."""
    text = _PAPER_REF.sub(" ", tail).strip(" ，,;；")
    m = _FIRST_BRACKETS.match(text)
    if m:
        text = m.group("inside") + text[m.end() :]
    return " ".join(text.split()).strip(" ，,;；")


def _title_tail(text: str, dashes: bool = True) -> int | None:
    """Where what follows a title no mark sets apart begins (`_TITLE_TAIL`): an arXiv id or a link, a dash (unless
    `dashes` is False), or brackets that close the text (`(MSR, Tsinghua)`, `（CMU，2024.9）（待读）`, not the
    `(BiT)` of `Big Transfer (BiT): General Visual…`); None when nothing does."""
    for m in _TITLE_TAIL.finditer(text):
        if m.start() == 0:
            continue
        mark = m.group().strip()
        if mark[0] not in "([（":
            if dashes or not _SPACED_DASH.fullmatch(m.group()):
                return m.start()
        elif _PAPER_TAIL.search(m.group()) or _PAPER_TAIL.match(text, m.end()) \
                or _BRACKETS_TO_END.fullmatch(text, m.start()):
            return m.start()
    return None


def _indented_below(lines: Sequence[str], i: int) -> bool:
    """Is the first line after line i that is not blank indented deeper than line i?"""
    nxt = _next_text(lines, i)
    return bool(nxt) and len(nxt) - len(nxt.lstrip()) > len(lines[i]) - len(lines[i].lstrip())


# a heading that is a day, a dash (or a bar or colon) and a short title: `2024-03-05 — InstructBLIP`, `2024.3.5 | Mamba`
_DATED_NAME = re.compile(rf"^(?:{_FULL_DATE.pattern})\s*[—–\-|:：·]+\s*(?P<rest>[^\s].*)$")
# a word written as a work's name: capitals inside or after the first letter, a digit or a joined part (`BERT`,
# `InstructBLIP`, `LLaVA-1.5`, `Mamba-2`, `GPT4`); a title of two or three capitalised words (`Segment Anything`)
_NAME_WORD = re.compile(r"[A-Za-z][a-z]*(?:[A-Z][A-Za-z]*|\d[\w.]*|[-.][A-Za-z0-9][\w.-]*)+|[A-Z]{2,}")
_TITLE_CASE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][A-Za-z]+){1,2}")


def _names_a_work(text: str) -> bool:
    """Is the text after a heading's day the name of a work (`InstructBLIP`, `LLaVA-1.5`, `Segment Anything`), not
    a weekday, a month or a word of the calendar (`Monday`, `Week 10`)?"""
    text = text.strip().strip("*_").strip()
    if _WEEKDAY.fullmatch(text) or text.lower() in _MONTHS or _CALENDAR_WORDS.search(text):
        return False
    return _NAME_WORD.fullmatch(text) is not None or _TITLE_CASE.fullmatch(text) is not None


_BRACKET_LEAD = re.compile(r"^\[[^\]]*\]\s*")
_NUMBER_LEAD = re.compile(r"^\d{1,3}[.)]\s*")
_MARKED_TITLE = re.compile(r"《[^》]+》")


def _heading_entry(text: str) -> bool:
    """A heading that holds a paper title rather than a date or a section name: three Latin words or more, or
    two when the heading is marked as an entry (`[2023-10-16] Segment Anything`, `4. Mistral 7B (2023)`)."""
    if text.startswith("[[") and (page := _WIKI_HEADING.match(text)):
        return bool(_TWO_WORD_CHARS.search(page["target"])) and _heading_date(page["target"]) == (None, None)
    if (role := _ROLE_LEAD.match(text)) and "《" not in text:
        text = text[role.end() :]  # `报告人：张三 — Title (Org, arXiv …)`: the title after who presents it
    if (dated := _DATED_NAME.match(text)) and _names_a_work(dated["rest"]):
        return True  # `2024-03-05 — InstructBLIP`: a day, a dash and a name, however short the title
    strong = bool(_STRONG_HEADING.search(text))
    text = _BRACKET_LEAD.sub("", text)
    text = _NUMBER_LEAD.sub("", text)
    marked = "《" in text and _MARKED_TITLE.search(text) is not None
    words = len(_LATIN_WORD.findall(text)) >= (2 if strong else 3)
    if not (marked or words):
        return False  # (the cheap test first: most headings of a log are dates)
    found, bad = _heading_date(text)
    if found or bad:
        return False
    return marked or (words and not _CJK.match(text))  # `2024.03.02 《多模态大模型综述》`: a title in any language


class _State:
    """What the reader knows at a point of a file: the reading date and the warnings so far."""

    def __init__(self, source: str, year: int | None = None) -> None:
        self.source = source
        self.read_on: date | None = None
        self.saw_date = False
        self.year: int | None = year  # the year and month of the last heading that named them: a day written
        self.month: int | None = None  # without its year (`5/2`, `May 2`) is a day of them
        self.warnings: list[Diagnostic] = []
        self.others = 0
        self.used: list[tuple[int, int]] = []  # the line ranges [start, stop) (0-based) read as entries or items
        self.to_read_level = 0  # the level of the heading over a section of papers still to read (0: none)
        self.week: tuple[date, date] | None = None  # the days a heading spans (`## Week 37 (Sep 9–15, 2024)`)

    @property
    def to_read(self) -> bool:
        """Are the entries here in a section of papers still to read (`### 推荐了但还没读`, `## To read`)?"""
        return self.to_read_level > 0

    def section(self, level: int, text: str) -> None:
        """A heading of the level: it opens a section of papers still to read when it says so, and a heading no
        deeper than that section's ends it."""
        if self.to_read_level and level > self.to_read_level:
            return
        self.to_read_level = level if len(text) <= 40 and _TO_READ_SECTION.search(text) else 0

    def take(self, start: int, stop: int) -> None:
        """Lines [start, stop) were read as an entry (or a reading-list item)."""
        self.used.append((start, stop))

    def heading(self, number: int, text: str) -> bool:
        """Update the reading date from a heading; True if the heading was a date heading. A heading that names a
        month or a year (`## May 2024`) is the year of the days written without one below it (`### May 2`)."""
        span = _day_span(text) if "19" in text or "20" in text else None
        if span is not None:  # `## Week 40 (Sep 30–Oct 6, 2024)`: dated by its first day, a weekday in it by its own
            self.dated(span[0])
            self.week = span
            return True
        found, bad = _heading_date(text)
        if found is None and bad is None:
            month = _month_heading(text)
            if month is not None:
                self.year, self.month = month
                return False
            if self.year is None:
                return False
            found, bad = _day_in_year(text, self.year, self.month)
            if found is None and bad is None and (bare := _BARE_MONTH.match(text)):
                named = int(bare["n"]) if bare["n"] else _MONTHS.get(bare["name"].lower(), 0)
                if 1 <= named <= 12:
                    self.month = named  # `## 2024` over `### 7月`: July 2024
                return False
        if bad is not None:
            self.warnings.append(
                Diagnostic(self.source, number, f"heading date '{bad}' is not a date; "
                           "entries under it are kept without a reading date")
            )
            self.read_on, self.saw_date = None, True
            return True
        if found is not None:
            self.dated(found)
            if _WEEK_OF.search(text):  # `## Week of Sep 9, 2024`: its weekdays are the seven days from that one
                self.week = (found, found + timedelta(6))
            return True
        return False

    def dated(self, day: date) -> None:
        self.read_on, self.saw_date, self.year, self.month = day, True, day.year, day.month
        self.week = None

    def weekday(self, text: str) -> tuple[date | None, str]:
        """(the day of the heading's span a `read Tue` in the text names, the text without it); (None, the text)
        when the text names no weekday read or no heading above spans days."""
        m = _READ_WEEKDAY.search(text) if self.week is not None else None
        if m is None or self.week is None:
            return None, text
        wanted = _WEEKDAYS.get(m["wd"].lower().rstrip("."))
        first, last = self.week
        days = [first + timedelta(k) for k in range((last - first).days + 1)]
        found = next((d for d in days if d.weekday() == wanted), None)
        if found is None:
            return None, text
        return found, (text[: m.start()] + text[m.end() :]).strip(" \t·|;,，；")

    def day(self, text: str, number: int) -> tuple[date | None, bool]:
        """(the day a cell names without its year (`5/2`) in the year of the heading above, whether the cell names
        such a day at all); a day that cannot be read so is warned of."""
        if self.year is None:
            if not _DAY_OF_YEAR.search(text):
                return None, False
            self.warnings.append(Diagnostic(self.source, number, f"date '{text}' names no year and no heading "
                                            "above names one: entry kept without a reading date"))
            return None, True
        found, bad = _day_in_year(text, self.year, self.month)
        if bad is not None:
            self.warnings.append(Diagnostic(self.source, number, f"date '{bad}' is not a date; entry kept "
                                            "without a reading date"))
        return found, found is not None or bad is not None

    def check_dated(self, number: int) -> None:
        if not self.saw_date:
            self.warnings.append(
                Diagnostic(self.source, number, "entry before any date heading: kept without a reading date")
            )


def _checkbox(state: _State, lines: Sequence[str], i: int) -> Entry | None:
    m = _CHECKBOX.match(lines[i]) if "[" in lines[i] else None
    return _checkbox_entry(state, m, i) if m else None


def _checkbox_entry(state: _State, m: re.Match[str], i: int) -> Entry | None:
    """The entry a reading-list checkbox (matched by _CHECKBOX at line i) names, else None (counted)."""
    found = reading_list_title(m.group("text").strip())
    state.take(i, i + 1)
    if found is None:
        state.others += 1
        return None
    title, remark = found
    status: Status = "read" if m.group("mark") in "xX" else "to-read"
    body = (Line(i + 1, remark),) if remark else ()
    # `[arXiv 2412.06464] (NVIDIA, MIT)` after the title: the id says when, the brackets who
    who = _who_of_tail(remark) if _PAPER_REF.search(remark) else remark
    return _make_entry(title, read_on=None, pub_line=who, body=body, source=state.source,
                       line=i + 1, status=status, published=find_publication(remark))


def _block(lines: Sequence[str], start: int, stop: int) -> list[Line]:
    """The non-blank lines start..stop as numbered notes; a wiki link (`builds on [[ColBERT]]`) is markup around
    a name, so a note holds the name as written between the brackets, and where it stands."""
    return [_linked_line(n, text) if "[[" in text else Line(n, text)
            for n, text in enumerate(lines[start:stop], start + 1) if text.strip()]


def _linked_line(number: int, text: str) -> Line:
    """A note line without its wiki links' brackets, with the span of each link's text: the author made each
    one name (`[[Diffusion Policy]]`, `[[Alpaca]] data`)."""
    parts: list[str] = []
    links: list[tuple[int, int]] = []
    at = length = 0
    for m in _WIKI_LINK.finditer(text):
        parts.append(text[at : m.start()])
        length += m.start() - at
        shown = m.group("text")
        parts.append(shown)
        links.append((length, length + len(shown)))
        length += len(shown)
        at = m.end()
    parts.append(text[at:])
    return Line(number, "".join(parts), tuple(links))


def _is_field(text: str) -> bool:
    """`Affiliations: …`, `Date: …`, `- 阅读日期：…`: a field `_fields` reads."""
    m = _FIELD.match(text) if ":" in text or "：" in text or "】" in text else None
    return m is not None and any(part in _ENTRY_FIELDS for part in _field_parts(m.group("name").strip().lower()))


@dataclass(frozen=True)
class _Fields:
    """What the fields of an entry's body say (`Affiliations: …`, `- 发表：…`, `- 阅读日期：…`, `- 简称：…`), and the
    body's other lines."""

    orgs: str
    published: str | None
    read_on: date | None
    alias: str | None
    rest: list[Line]
    dated: bool = False  # a reading-date field was there (read_on is None when its date is no date: said so)

    def read(self, default: date | None) -> date | None:
        """The reading date: the field's, else (without a field) the default."""
        return self.read_on if self.dated else default


def _fields(body: list[Line], state: _State) -> _Fields:
    """The fields of a body, as lines of their own or list items; a reading date that is no date is warned of."""
    orgs: list[str] = []
    venues: list[str] = []  # `Venue: ICLR 2022, University of Washington + FAIR`: where and by whom, as one line says
    published = read_on = alias = None
    dated = False
    rest: list[Line] = []
    if any(ln.text[:1] == "|" for ln in body):
        body = _field_rows(body)  # `| Org | DeepSeek |`: a table of fields, read as `Org: DeepSeek`
    for ln in body:
        text = ln.text
        if not dated and (said := _read_line(text)) is not None:  # `*read 2024-08-03*`: a line that says only that
            read_on, dated = _field_day(said, ln.number, state), True
            continue
        if ":" in text and "::" in text and (properties := _properties(ln)) is not None:
            each = _fields(properties, state)  # `read:: 2024-09-03 · published:: 2024-08 · org:: [[Meta]]`
            orgs += [each.orgs] if each.orgs else []
            published = published or each.published
            if each.dated and not dated:
                read_on, dated = each.read_on, True
            alias = alias or each.alias
            rest += each.rest
            continue
        m = _FIELD.match(text) if ":" in text or "：" in text or "】" in text else None
        if m is not None:
            name = m.group("name").strip().lower()
            value = _WIKI_LINK.sub(r"\g<text>", m.group("value")) if "[[" in text else m.group("value")
            parts = _field_parts(name)
            if (named := _field_orgs(parts, value)) is not None:
                orgs.append(named)
                if published is None and len(parts) > 1 and any(part in _DATE_FIELDS for part in parts):
                    published = find_publication(value)  # `venue/org: NeurIPS 2023 / Meta`
                continue
            if name in _DATE_FIELDS and published is None:
                published = find_publication(value)
                if name in _VENUE_FIELDS and _NAME_BESIDE_YEAR.search(_YEAR.sub("", value)):
                    venues.append(value)
                continue
            if name in _READ_FIELDS and not dated and _DIGIT.search(value):  # (`Read: twice` is a note)
                read_on, dated = _field_day(value, ln.number, state), True
                continue
            if name in _ALIAS_FIELDS and alias is None and (short := clean_title(value)):
                alias = short
                continue
            if name in _OUTLINER_STATE and "::" in text:
                continue  # `collapsed:: true`: how an outliner shows the block, written by the app, not the reader
        rest.append(ln)
    return _Fields(" ".join(orgs or venues), published, read_on, alias, rest, dated)


_VENUE_FIELDS = {"venue", "发表"}
_OUTLINER_STATE = {"collapsed"}  # a property an outliner (Logseq) writes of a block's display
_NAME_BESIDE_YEAR = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]{2,}")
# a line that says when the reader read the paper and nothing more: `*read 2024-08-03*`, `(read on 2024-08-03)`,
# `Read 8/3`, `读于 2024-08-03`
_READ_LINE = re.compile(r"^[\s*_(（\[【-]*(?i:read(?:\s+on)?|finished(?:\s+on)?|读于|阅读于|读完于?)\s*[:：]?\s*"
                        r"(?P<day>\d[\d./\-年月日 ]{2,14}?|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?"
                        r"|\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?)[\s*_)）\]】.]*$")


def _read_line(text: str) -> str | None:
    """The day a line names that says only when the paper was read (`*read 2024-08-03*`), else None."""
    if len(text) > 40 or not any(c.isdigit() for c in text):
        return None
    m = _READ_LINE.match(text)
    return m["day"] if m else None


_DIGIT = re.compile(r"\d")
# where a line of properties (`read:: 2024-09-12 · published:: 2024-08 · org:: [[Meta]]`) starts its next one
_NEXT_PROPERTY = re.compile(r"\s*[·|;,，；]?\s+(?=[A-Za-z\u4e00-\u9fff][\w-]{0,19}::)")


def _properties(line: Line) -> list[Line] | None:
    """A line of two or more properties (`key:: value`, as note-taking apps write them inline) or of properties in
    brackets (`[read:: 2025-03-04] [org:: [[Meta]]]`) as one line per property, each numbered as the line; None
    for any other line."""
    text = line.text
    if text.lstrip()[:1] in "[(" and not _BRACKETED_PROPERTY.sub("", text).strip():
        return [Line(line.number, f"{m['name']}:: {m['value'].strip()}") for m in _BRACKETED_PROPERTY.finditer(text)]
    if text.count("::") >= 2 and _FIELD.match(text):
        parts = [Line(line.number, part) for part in _NEXT_PROPERTY.split(text) if part.strip()]
        return parts if len(parts) > 1 else None
    return None


# a property in brackets, as a note-taking app writes one inline: `[read:: 2025-03-04]`, `(org:: [[Meta]])`
_BRACKETED_PROPERTY = re.compile(r"[\[(](?P<name>[A-Za-z\u4e00-\u9fff][\w -]{0,19}?)::\s*"
                                 r"(?P<value>(?:\[\[[^\]]*\]\]|[^\[\]()])*)[\])]")


def _field_day(value: str, number: int, state: _State) -> date | None:
    """The day a reading-date field names (`2024-08-01`, or `8/1` under `## 2024年8月`)."""
    found, bad = find_date(value)
    if found is None and bad is None:
        found, named = state.day(value.strip(), number)
        bad = None if named else value.strip()
    if bad:
        state.warnings.append(Diagnostic(state.source, number, f"date '{bad}' is not a date; entry kept without "
                                         "a reading date"))
    return found


def _section_line(state: _State, lines: Sequence[str], i: int, entries: list[Entry]) -> bool:
    """A heading sets the reading date; a reading-list checkbox is a to-read entry (or, naming no paper, a
    counted item). True when line i was one of them."""
    line = lines[i]
    hm = _HEADING.match(line) if line.startswith("#") else None
    if hm:
        state.section(len(hm.group("hashes")), hm.group("text"))
        state.heading(i + 1, hm.group("text"))
        return True
    if "[" not in line:  # no checkbox (the cheap test first: this is asked of every line)
        return False
    box = _checkbox(state, lines, i)
    if box is not None:
        entries.append(box)
    return _CHECKBOX.match(line) is not None


def _opening(doc: _Text, i: int) -> re.Match[str] | tuple[str, str, bool] | date | None:
    """What opens a block at line i (one of doc.marked): the match of a heading or of a reading-list checkbox, the
    (title, rest, closed) of a 《title》 line (or, in a dated log, a **bold title** one), or the date of a line that
    holds nothing but a date (a log that dates its days without headings); None for other lines. Each regex is
    tried only when its mark is there."""
    line = doc.lines[i]
    if line[0] == "#" and (heading := _HEADING.match(line)):
        return heading
    if doc.dated and _may_be_date_line(line) and (day := _heading_date(line.strip())[0]):
        return day
    if "[" in line and (box := _CHECKBOX.match(line)):
        return box
    return doc.titles.get(i) or (_line_title(line) if doc.dated else None) or _narrated_title(line, doc.dated)


_NARRATED = re.compile(
    r"^(?P<lead>[^《*#\n]{0,16}?(?:读的是|读了|读完|看了|看的是|读|看|先是|然后是|接着是|另一篇是))\s*"
    r"(?:《(?P<a>[^》]+)》|\*\*(?P<b>[^*]+)\*\*)\s*(?:[（(](?P<full>[^（）()]{8,})[）)])?"
)


# a paragraph whose first sentence names a work and, right after it, where it comes from:
# `**AutoGen**（AutoGen: …），微软研究院等，2023年8月。`, `本周就读了一篇，《Agent Workflow Memory》，CMU 和 MIT，
# 2024年9月。`, `回头把 **MemGPT**（…）读了，UC Berkeley，2023年10月。`
_PROVENANCE = re.compile(
    r"^(?P<lead>[^《*#\n。！？!?]{0,30}?)(?:《(?P<a>[^》]+)》|\*\*(?P<b>[^*]+)\*\*)\s*"
    r"(?:[（(](?P<full>[^（）()]{8,})[）)])?\s*(?:读了|读完|看了|看完)?(?=\s*[，,])"
)


def _narrated_title(line: str, bold: bool) -> tuple[str, str, bool] | None:
    """(title, rest, True) for a paragraph of a diary that says which paper it reads (`今天读的是《ReAct: …》，…`,
    `接着读 **Reflexion**（Reflexion: Language Agents …），…`), or whose first sentence says where the work it names
    comes from (`**AutoGen**（AutoGen: …），微软研究院等，2023年8月。`): the work named right after the reading words,
    by the full title in brackets after it where there is one; the bold form only in a dated log. A list item is
    a note, never this."""
    if _LIST_ITEM.match(line):
        return None
    m = _NARRATED.match(line)
    if m is None:
        m = _PROVENANCE.match(line)
        if m is not None:
            said = _FIRST_SENTENCE.search(line, m.end())
            if find_publication(line[m.end() : said.start() if said else len(line)]) is None:
                return None
    if m is None or (m.group("b") and not bold):
        return None
    full = m.group("full")
    title = full if full and len(_LATIN_WORD.findall(full)) >= 3 else (m.group("a") or m.group("b"))
    if not _TWO_WORD_CHARS.search(title):
        return None
    return title.strip(), line[m.end():].strip(), True


def _parse_daily(doc: _Text) -> tuple[list[Entry], _State]:
    lines = doc.lines
    state = _State(doc.source, doc.year)
    entries: list[Entry] = []
    # an entry's notes end at the next heading, title or reading-list item: the lines that open a block
    openers = [(i, opened) for i in doc.marked if (opened := _opening(doc, i))]
    for i in doc.marked:  # `Paper:` with nothing after it, where a title was meant: said, not passed over
        if (empty := _EMPTY_TITLE_FIELD.match(doc.lines[i])) and _column(empty["a"] or empty["b"]) in _TITLE_FIELDS:
            state.warnings.append(Diagnostic(doc.source, i + 1, "title field with no title: no entry is opened "
                                             "here for the lines below it"))
    numbered = False  # an entry opened with a running number (`**#37** 2024/7/29 《Title》`)
    for k, (i, opened) in enumerate(openers):
        if isinstance(opened, date):
            state.dated(opened)
            continue
        if isinstance(opened, re.Match):
            if opened.re is _HEADING:  # a heading sets the reading date
                state.section(len(opened.group("hashes")), opened.group("text"))
                state.heading(i + 1, opened.group("text"))
            elif (box := _checkbox_entry(state, opened, i)) is not None:
                entries.append(box)
            continue
        title, rest, closed = opened
        if not closed:
            state.warnings.append(Diagnostic(doc.source, i + 1, "unclosed 《 in a title: took the rest of the line "
                                             "as the title (close it with 》)"))
        day, dated, label = _dated_lead(state, lines[i], i + 1) if lines[i][0] in _DATED_LEAD_FIRST else _NO_LEAD
        numbered = numbered or (lines[i][0] in _NUMBER_MARKS and _NUMBERED_LINE.match(lines[i]) is not None)
        title, rest = _passed_over(state, title, rest, i + 1) if "《" in rest else (title, rest)
        stop = openers[k + 1][0] if k + 1 < len(openers) else len(lines)
        state.take(i, stop)
        body = _block(lines, i + 1, stop)
        body, pile = _to_read_list(body, doc.source)  # `On the pile for next week:` and a list: papers to read
        if numbered:  # (in a log whose entries are numbered)
            _warn_numbered_notes(state, body)
        if "《" in rest and _two_papers(title, rest, i + 1, ()) is not None:
            # `《Qwen2-VL: …》(阿里, 2024.9) 和 《LLaVA-OneVision: …》(字节, NTU, 2024.8)，两篇对着看：…`: two papers
            fields = _fields(body, state)
            if not fields.dated and not dated and not state.to_read:
                state.check_dated(i + 1)
            read_on = None if state.to_read else fields.read(day if dated else state.read_on)
            entries.extend(_make_entry(t, read_on=read_on, pub_line=where, body=notes, source=doc.source,
                                       line=i + 1, status="to-read" if state.to_read else "read",
                                       published=find_publication(where))
                           for t, where, notes in _two_papers(title, rest, i + 1, fields.rest) or ())
            continue
        named = _NAMED_AFTER.match(rest) if rest else None
        if named:  # `《Executable Code Actions …》，也就是 **CodeAct**，UIUC 和苹果`: the reader's short name
            rest = rest[named.end() :]
        said = _FIRST_SENTENCE.search(rest) if rest[:1] not in "(（" else None
        if said is None and (where := _where_then_notes(rest)) is not None:
            # `《Gemma 2》(Google DeepMind, 2024.6)：2B/9B 用…`: who and when in brackets, after a colon the notes
            rest, note = where
            body.insert(0, _linked_line(i + 1, note) if "[[" in note else Line(i + 1, note))
        elif said is None:
            said = _FIRST_SENTENCE.search(rest)
        if said and rest[said.end():].strip():
            # `《Tree of Thoughts》，普林斯顿和 Google DeepMind，NeurIPS 2023。把 CoT 的一条链…`: the notes written on
            # the title's line after the sentence that says where it comes from are notes too
            note = rest[said.end():].strip()
            body.insert(0, _linked_line(i + 1, note) if "[[" in note else Line(i + 1, note))
            rest = rest[: said.end()]
        if rest[:1] in "—–-" and (dash := _LEAD_DASH.match(rest)):
            rest = rest[dash.end() :]  # `《Title》 — DeepSeek-AI，2024.05`: who published it and when, after a dash
        weekday, rest = state.weekday(rest) if "ead" in rest else (None, rest)
        if weekday is not None:  # `Meta · arXiv 2408.11039 · read Thu` under `## Week 37 (Sep 9–15, 2024)`
            day, dated = weekday, True
        pub_line, published = rest, find_publication(rest)
        if not rest and body:
            first = body[0].text
            published = find_publication(first)
            if (published or _PUBLISHED_CUE.search(first)) and not _is_field(first):
                pub_line = first  # it stays in the body: it often says what the work builds on too
            else:
                published = None
        fields = _fields(body, state)
        if not fields.dated and not dated and not state.to_read:
            state.check_dated(i + 1)
        if fields.orgs:
            pub_line = f"{pub_line} {fields.orgs}" if pub_line else fields.orgs
        entries.append(
            _make_entry(title, read_on=None if state.to_read else fields.read(day if dated else state.read_on),
                        pub_line=pub_line, body=fields.rest, source=doc.source, line=i + 1,
                        status="to-read" if state.to_read else "read",
                        published=fields.published or published,
                        alias=fields.alias or ((named["a"] or named["b"]) if named else label))
        )
        entries.extend(pile)
    return entries, state


# a list item that is a title and nothing more, maybe in emphasis: `- *MIO: A Foundation Model on Multimodal Tokens*`
_ITEM_LEADS = frozenset("-*+")
_ITEM_TITLE = re.compile(r"^\s*[-*+]\s+(?P<title>[^《》\[\]\u3000-\u9fff]+)$")  # (a note in Chinese is no title)


def _to_read_list(body: list[Line], source: str) -> tuple[list[Line], list[Entry]]:
    """(the notes, the papers to read) of an entry's lines that end with a line naming a list of papers still to
    read (`On the pile for next week:`, `**To read**`) and the list, each item a title and nothing more; (the lines,
    []) when they do not. Read from the end, so that an entry whose last line is no such item costs one test."""
    items: list[tuple[str, Line]] = []
    k = len(body) - 1
    while k >= 0:
        text = body[k].text
        if text.strip():
            m = _ITEM_TITLE.match(text) if text.lstrip()[:1] in _ITEM_LEADS else None
            title = m["title"].strip().strip("*_").strip() if m else ""
            if len(_LATIN_WORD.findall(title)) < 2:
                break
            items.append((title, body[k]))
        k -= 1
    if not items or k < 0 or body[k].text[-1:] not in ":：*":
        return body, []
    label = _SECTION_LABEL.match(body[k].text)
    name = (label["b"] or label["c"]) if label else ""
    if not name or len(name) > 40 or not _TO_READ_SECTION.search(name):
        return body, []
    return body[:k], [_make_entry(title, read_on=None, pub_line="", body=(), source=source, line=ln.number,
                                  status="to-read") for title, ln in reversed(items)]


# the short name a reader gives a work right after its title: `，也就是 **CodeAct**，`, `, a.k.a. CodeAct,`, `（即 X）`
_NAMED_AFTER = re.compile(r"^[，,(（\s]*(?:也就是|也即|即|简称|又称|a\.k\.a\.?|aka|i\.e\.)\s*"
                          r"(?:\*\*(?P<a>[^*]{1,40})\*\*|(?P<b>[A-Za-z][\w.+-]{1,30}))\s*[)）]?")


def _split_heading_title(text: str) -> tuple[str, str | None, date | None, str | None, str | None, str, str]:
    """`[2023-10-14] (Short) Title (2021)`, `2024.03.02 《Title》`, `Title (CMU & Princeton, COLM 2024)` -> (title,
    alias, read date, impossible date, published, where it comes from: the brackets after the title that hold a
    year or an arXiv id, "" if none, and the label written before a 《title》: `报告人：张三`, "" if none)."""
    read_on = bad = None
    page = _WIKI_HEADING.match(text) if text.startswith("[[") else None
    if page:  # `[[Transfusion - Predict the Next Token…]]`: a note-taking app's page of the paper
        text = f"{page['target']} {page['rest']}".strip()
    bracket = re.match(r"^\[(?P<d>[^\]]*)\]\s*", text)
    lead = _FULL_DATE.match(text)
    if bracket:
        read_on, bad = find_date(bracket.group("d"))
        text = text[bracket.end():]
    elif lead and text[lead.end():].strip():  # `2024.03.02 《Title》`: the day it was read, then the title
        read_on, bad = find_date(lead.group())
        text = text[lead.end():].lstrip(" \t:：-—|")
    marked = re.match(r"^《(?P<title>[^》]+)》\s*(?P<rest>.*)$", text)
    label = ""
    if marked:
        rest = marked.group("rest")
        after = _LABEL_AFTER.match(rest) if rest[:1] in "—–-|" else None
        if after:  # `《Title》 — 报告人：李四 (Org, arXiv …)`
            label, rest = after["label"].strip(), rest[after.end() :]
        text = f"{marked.group('title')} {rest}".strip()
    elif labelled := _labelled_title(text):
        label = labelled["label"].strip()
        text = f"{labelled['title'] or labelled['quoted'] or labelled['curly']} {labelled['rest']}".strip()
    elif role := _ROLE_LEAD.match(text):  # `Presenter: Alice — Title (Org, arXiv …)`, a title with no marks
        label, text = role["label"].strip(), text[role.end() :]
    text = _NUMBER_LEAD.sub("", text)
    if text.endswith("]") and (cited := _CITED_AFTER.search(text)):
        text = text[: cited.start()]  # `Longformer: … [Beltagy et al., 2020]`: the key it is cited by, no title
    published = None
    where = ""
    year = re.search(r"\s*[(（]((?:19|20)\d\d(?:[.\-/]\d{1,2})?)[)）]\s*$", text)
    source = _WHERE_FROM.search(text) if year is None else None
    if year:
        published = find_publication(year.group(1))
        text = text[: year.start()]
    elif source and (published := find_publication(source.group(1))):
        where, text = source.group(1).strip(), text[: source.start()]
    alias = None
    m = _LEADING_ALIAS.match(text)
    if m:
        alias, text = m.group("alias").strip(), m.group("rest").strip()
    if page:
        alias = alias or (page["shown"] or "").strip() or _page_alias(page["target"])
    return text, alias, read_on, bad, published, where, label


# an author-year citation key after a heading's title: `[Beltagy et al., 2020]`, `[Press and Smith, 2022a]`
_CITED_AFTER = re.compile(r"\s*\[(?:[^\[\]]*\bet al\b\.?|[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?),?\s*"
                          r"(?:19|20)\d\d[a-z]?\]$")
# a heading that links to a page (`## [[Title]]`, `## [[Title|Short]]`), perhaps with more after it
_WIKI_HEADING = re.compile(r"^\[\[(?P<target>[^\]|]+)(?:\|(?P<shown>[^\]]+))?\]\]\s*(?P<rest>.*)$")
_PAGE_DASH = re.compile(r"^(?P<alias>[^\s:：-][^:：]{0,40}?)\s+[-–—]\s+\S")


def _page_alias(name: str) -> str | None:
    """The short name a page's name gives a paper: a page name cannot hold a colon, so `Transfusion - Predict the
    Next Token…` writes `Transfusion: Predict…` (one or two words before ` - `, as `split_alias` reads a colon)."""
    m = _PAGE_DASH.match(name)
    return m["alias"] if m and len(m["alias"].split()) <= 2 else None


_FIRST_SENTENCE = re.compile(r"[。；！？!?]|\.(?=\s)")
_WHERE_FROM = re.compile(r"\s*[(（]([^()（）]{2,80}?(?:(?:19|20)\d\d|arxiv\s*[:：]?\s*\d{4}\.\d{4,5})[^()（）]{0,20})"
                         r"[)）]\s*$", re.IGNORECASE)
# a heading that says who presents a paper before its 《title》 (or its quoted title): `报告人：张三 — 《Title》 (Org,
# arXiv 2408.03314)`, `Presenter: Alice — "Title"`, `张三：《Title》`; the label is no part of the title, nor who
# published the paper
_LABELLED = re.compile(r"^(?P<label>[^《》\"“]{1,40}?)\s*(?:——|—|–|--|-|:|：|\|)\s*"
                       r"(?:《(?P<title>[^》]+)》|\"(?P<quoted>[^\"]{8,})\"|“(?P<curly>[^”]{8,})”)\s*(?P<rest>.*)$")
# ... or after it: `《Title》 — 报告人：李四 (Org, arXiv …)`
_LABEL_AFTER = re.compile(r"^(?:——|—|–|--|\|)\s*(?P<label>[^()（）《》:：]{1,20}[:：]\s*[^()（）《》]{1,30}?)"
                          r"\s*(?=[(（]|$)")


# ... or before a title with no marks, named by the presenter's role: `Presenter: Alice — Title`, `报告人：张三 — Title`
_ROLE_LEAD = re.compile(r"^(?P<label>(?:报告人|主讲人?|汇报人|分享人|讲者|讲解人|presenter|speaker|presented by|led by)"
                        r"\s*[:：]?\s*[^—–|:：]{1,24}?)\s*(?:——|—|–|--|-|\|)\s+", re.IGNORECASE)


def _labelled_title(text: str) -> re.Match[str] | None:
    if text.startswith(("《", '"', "“")) or not ("《" in text or '"' in text or "“" in text):
        return None
    return _LABELLED.match(text)


def _bare_name_line(text: str) -> bool:
    """`Mistral AI`, `Google DeepMind, Stanford`: a short first line under a title heading that is no sentence
    names who wrote the paper."""
    if text.startswith("#") and not _TAG_WORD.sub("", text).strip():
        return False  # `#unified #diffusion`: the page's tags
    return len(text.split()) <= 8 and not re.search(r"[。.!?！？：:]\s*$|[。；;]", text.strip()) \
        and not _CJK.search(text)


def _parse_headings(doc: _Text) -> tuple[list[Entry], _State]:
    lines = doc.lines
    state = _State(doc.source, doc.year)
    entries: list[Entry] = []
    openers = set(_entry_headings(doc))
    i = 0
    while i < len(lines):
        hm = _HEADING.match(lines[i])
        if not hm:
            box = _checkbox(state, lines, i)
            if box is not None:
                entries.append(box)
            elif lines[i].strip() and not _LIST_ITEM.match(lines[i]):
                state.heading(i + 1, lines[i].strip().strip("*_"))  # a dated line that is not a heading
            i += 1
            continue
        level, text = len(hm.group("hashes")), hm.group("text")
        state.section(level, text)
        if i not in openers:
            state.heading(i + 1, text)
            i += 1
            continue
        title, alias, own_date, bad, published, where, label = _split_heading_title(text)
        if bad:
            state.warnings.append(Diagnostic(doc.source, i + 1, f"date '{bad}' is not a date; entry kept "
                                             "without a reading date"))
        stop = i + 1
        while stop < len(lines):
            nm = _HEADING.match(lines[stop])
            if nm and len(nm.group("hashes")) <= level:
                break
            stop += 1
        state.take(i, stop)
        papers, only = ([], False) if bad or own_date or published or where else _paper_items(lines, i + 1, stop)
        if only and len(papers) >= 2:  # `## Papers discussed but not yet in a table` over `- **Title** (Org, 2024) …`
            entries.extend(_paper_item_entry(doc.source, lines, item, state) for item in papers)
            i = stop
            continue
        if len(papers) >= 2:
            state.warnings.append(Diagnostic(doc.source, i + 1, f"{len(papers)} list items under this heading name "
                                             "papers and where they come from (lines "
                                             f"{', '.join(str(p.line + 1) for p in papers)}), but other lines "
                                             "stand beside them: read as the notes of one entry, the heading"))
        fields = _fields(_block(lines, i + 1, stop), state)
        status: Status = "to-read" if state.to_read or any(_says_to_read(ln.text) for ln in fields.rest) else "read"
        if not bad and own_date is None and not fields.dated and status == "read":
            state.check_dated(i + 1)
        body, pub_line = fields.rest, fields.orgs or where
        if not pub_line and body and not _LIST_ITEM.match(body[0].text) and (
            _is_publication_line(body[0].text) or _bare_name_line(body[0].text)
        ):
            pub_line = body.pop(0).text
        if label:
            body.insert(0, Line(i + 1, label))  # `报告人：张三`: who presented it, a note
        weekday, pub_line = state.weekday(pub_line) if "ead" in pub_line else (None, pub_line)
        read_on = own_date or fields.read(None if bad else (weekday or state.read_on))
        entries.append(
            _make_entry(title, read_on=read_on if status == "read" else None, pub_line=pub_line, body=body,
                        source=doc.source, line=i + 1, status=status, alias=fields.alias or alias,
                        published=published or fields.published or find_publication(pub_line))
        )
        i = stop
    return entries, state


def _says_to_read(text: str) -> bool:
    """Does a note under a title heading say the paper is still to read: a line of tags one of which says so
    (`#vlm #status/to-read`), or a status property (`status:: to-read`, `状态：待读`)?"""
    if text.startswith("#"):
        return not _TAG_WORD.sub("", text).strip() and _TO_READ_TAG.search(text) is not None
    field = _FIELD.match(text) if "status" in text.lower() or "状态" in text else None
    return field is not None and _column(field["name"]) in _STATUS_FIELDS and _column(field["value"]) in _TO_READ


_STATUS_FIELDS = {"status", "状态", "阅读状态", "reading status"}
# a short line that names the section below it, bold or ending with a colon: `**推荐了但还没读**`, `To read:`
_SECTION_LABEL = re.compile(r"^\s*(?:\*\*(?P<b>[^*]{1,30})\*\*\s*[:：]?"
                            r"|(?P<c>[^\s*#|-][^:：。.!?！？]{0,29})[:：])\s*$")
# a heading over papers still to read: `### 推荐了但还没读`, `## To read`, `## Not yet read`, `## Backlog`, `## 待读`
_TO_READ_SECTION = re.compile(r"(?i)\bto[- ]?read\b|\bunread\b|\bnot (?:yet )?read\b|\bbacklog\b|\bread later\b"
                              r"|\breading queue\b|\bwish ?list\b|\bup next\b|\bnext up\b|\bon the pile\b"
                              r"|\bfor next (?:week|time)\b"
                              r"|待读|未读|没读|待看|未看|还没看|想读|稍后读|以后读|下次读|准备读|计划读|打算读")


class _PaperItem(NamedTuple):
    """A list item that names a paper and says where it comes from (`_paper_items`)."""

    line: int  # index of the item's line
    stop: int  # index of the line after its notes
    title: str
    where: str  # what the brackets after the title say: who published it and when
    remark: str  # the rest of the item's line


# a reading date written in an item's line after where the paper comes from: `— read 2024-06-20, presented by 小王`
_READ_ON_CUE = re.compile(r"(?i)(?<![A-Za-z])(?:read(?:\s+on)?|finished|读于|阅读于|读完于?)\s*[:：]?\s*")


def _paper_items(lines: Sequence[str], start: int, stop: int) -> tuple[list[_PaperItem], bool]:
    """The list items among lines start..stop that each open with a marked title followed by where it comes from
    in brackets (`- **TimeGPT-1** (Nixtla, arXiv 2023.10) — read 2024-06-20`), and whether the lines are nothing
    but such items and the notes indented under them: the heading over them is a section's name then, not a
    paper's title."""
    items: list[_PaperItem] = []
    only = True
    for k in range(start, stop):
        ln = lines[k]
        if not ln.strip() or (ln[0].isspace() and items and items[-1].stop == stop):
            continue  # (a note indented under the last paper item)
        m = _LIST_ITEM.match(ln) if not ln[0].isspace() else None
        found = _paper_item(m.group("text")) if m and not _CHECKBOX.match(ln) else None
        if items and items[-1].stop == stop:
            items[-1] = items[-1]._replace(stop=k)
        if found is None:
            only = False
            continue
        items.append(_PaperItem(k, stop, *found))
    return items, only


def _paper_item(text: str) -> tuple[str, str, str] | None:
    """(title, where it comes from, the rest) of a list item that opens with a marked title (《》, bold, quotes, a
    link) followed by brackets that date it (`(Tsinghua & Ant Group, ICLR 2024)`, `(Nixtla, arXiv 2023.10)`)."""
    m = _MARKED.match(text)
    if m is None:
        return None
    title = next(g for g in m.groups() if g)
    rest = text[m.end() :].strip()
    where = _FIRST_BRACKETS.match(rest)
    if not _TWO_WORD_CHARS.search(title) or where is None or find_publication(where["inside"]) is None:
        return None
    return title, where["inside"].strip(), rest[where.end() :].strip(" \t-–—|,，;；")


def _paper_item_entry(source: str, lines: Sequence[str], item: _PaperItem, state: _State) -> Entry:
    """The entry of a paper a section lists: dated by the reading date its line writes (`read 2024-06-20`), else
    by the date above; the rest of its line is its first note."""
    fields = _fields(_block(lines, item.line + 1, item.stop), state)
    remark, read_on = item.remark, None
    cue = _READ_ON_CUE.search(remark)
    day = _FULL_DATE.match(remark, cue.end()) if cue else None
    if cue and day:
        read_on, bad = _date_of(day)
        if bad:
            state.warnings.append(Diagnostic(source, item.line + 1, f"date '{bad}' is not a date; entry kept "
                                             "without a reading date"))
        remark = f"{remark[: cue.start()]} {remark[day.end() :]}".strip(" \t-–—|,，;；")
    elif not fields.dated and not state.to_read:
        state.check_dated(item.line + 1)
        read_on = state.read_on
    body = [Line(item.line + 1, remark), *fields.rest] if remark else fields.rest
    pub_line = " ".join(x for x in (item.where, fields.orgs) if x)
    return _make_entry(item.title, read_on=None if state.to_read else fields.read(read_on), pub_line=pub_line,
                       body=body, source=source, line=item.line + 1, status="to-read" if state.to_read else "read",
                       alias=fields.alias,
                       published=fields.published or find_publication(item.where))


_CLAUSES = re.compile(r"[,，;；]")
# a second paper read on an item's line, after where the first comes from: `(阿里, 2024.9) 和 《Title》(字节, 2024.8)`
_AND_ANOTHER = re.compile(r"^(?P<where>[(（][^()（）]+[)）])\s*(?:和|与|及|以及|跟|、|,|，|and|&|\+|vs\.?)\s*"
                          r"《(?P<title>[^》]+)》\s*(?P<where2>[(（][^()（）]+[)）])[\s,，。.:：;；]*")
_NOTE_CLAUSES = re.compile(r"(?<=[。；;！？!?])\s*")


def _two_papers(title: str, rest: str, number: int, below: Sequence[Line]) -> list[tuple[str, str, list[Line]]] | None:
    """(title, where it comes from, notes) of each of two papers an item's line reads, each title marked and
    followed by brackets that date it (`《A》(阿里, 2024.9) 和 《B》(字节, NTU, 2024.8)，两篇对着看：A 是…；B 基于…`);
    None for a line that reads one. A clause of the notes (or a line below) belongs to the paper it names first, by
    its short name or title; one that names neither, to the paper of the clause before it (the first at the start)."""
    m = _AND_ANOTHER.match(rest)
    if m is None or find_publication(m["where"]) is None or find_publication(m["where2"]) is None:
        return None
    papers: list[tuple[str, str, list[Line]]] = [(title, m["where"], []), (m["title"].strip(), m["where2"], [])]
    names = [[n for n in (split_alias(clean_title(t))[0], clean_title(t)) if n] for t, _, _ in papers]
    after = rest[m.end():]
    if (colon := re.search(r"[:：]", after)) is not None and len(after[: colon.start()]) <= 20:
        lead, after = after[: colon.start()].strip(), after[colon.end():]  # `两篇对着看：`
    else:
        lead = ""
    notes = [Line(number, c) for c in _NOTE_CLAUSES.split(after) if c.strip(" ，,")] + list(below)
    owner = 0
    for note in notes:
        at = [min((k for n in own if (k := note.text.find(n)) >= 0), default=-1) for own in names]
        named = [(k, p) for p, k in enumerate(at) if k >= 0]
        owner = min(named)[1] if named else owner
        papers[owner][2].append(note)
    if lead:
        papers[0][2].insert(0, Line(number, lead))
    return papers
_NOTES_AFTER = re.compile(r"\s*[:：]\s*")  # (after a dash come who published it: `(NeurIPS 2023) — Stanford`)


def _where_then_notes(rest: str) -> tuple[str, str] | None:
    """(the brackets, the notes) of what follows a title when it is where the work comes from in brackets and,
    after a colon, notes (`(Google DeepMind, 2024.6)：2B/9B 用…`, `(Quarry Labs): a benchmark…`); else None."""
    if rest[:1] not in "(（" or (m := _FIRST_BRACKETS.match(rest)) is None:
        return None
    after = _NOTES_AFTER.match(rest, m.end())
    if after is None or not rest[after.end():].strip() or not m["inside"].strip():
        return None
    return m.group(0), rest[after.end():].strip()


_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def _publication_item(text: str) -> str | None:
    """The text of a list item that says who published a work and when, not a note (else None):
    `- HUST + Horizon Robotics, Jan 2024`, `- MIT + IBM (Songlin Yang, Yoon Kim), ICML 2024`, `- 2023.5 微软的一篇工作`,
    `- EMNLP 2023 Findings`: short, no sentence, and the date opens it or stands in its last clause of a few words
    (`- trained on data up to 2023` is a note)."""
    item = _LIST_ITEM.match(text)
    if item is None or not _is_publication_line(words := item.group("text").strip()):
        return None
    if len(words.split()) > 16 or re.search(r"[。！？!?;；]|\.$", words):  # (`Univ. of Warsaw` is no sentence)
        return None
    if _PUBLISHED_CUE.search(words) or find_publication(words.split()[0]):
        return words
    last = _CLAUSES.split(words)[-1]
    return words if len(last.split()) <= 4 and find_publication(last) is not None else None


def _parse_list(doc: _Text) -> tuple[list[Entry], _State]:
    lines = doc.lines
    state = _State(doc.source, doc.year)
    entries: list[Entry] = []
    indent_of = len
    day_depth: int | None = None  # the indent of the bullet of a day (`- Aug 2, 2024`) whose papers nest below it
    i = 0
    while i < len(lines):
        line = lines[i]
        if _section_line(state, lines, i, entries):
            i += 1
            continue
        item = _LIST_ITEM.match(line)
        marked = _marked_title(item.group("text")) if item else None
        bare = item is not None and marked is None and (marked := _bare_title(lines, i, item.group("text"))) is not None
        if item and day_depth is not None and len(line) - len(line.lstrip()) <= day_depth:
            day_depth = None  # (an item no deeper than the day's bullet ends the day's papers)
        if marked is None and item and day_depth is not None \
                and _OUTLINE_TITLE.fullmatch(item.group("text").rstrip()) and _indented_below(lines, i):
            # `- Aug 2, 2024` over `\t- Kestrel: Draft-Verify Decoding for …` with notes nested below it: an
            # outliner's paper, its title alone on its bullet
            marked, bare = (item.group("text").rstrip(), 0, len(item.group("text").rstrip())), True
        if item is None or marked is None:
            if not item and (section := _SECTION_LABEL.match(line)):
                state.section(7, section["b"] or section["c"])  # `**待读**`, `To read:`: a section named on a line
            if line.strip() and not item and state.heading(i + 1, line.strip().strip("*_")):
                pass  # a dated line that is not a heading
            elif item and (own := _heading_date(item.group("text").strip("*_ "))[0]) is not None:
                state.dated(own)  # `- Aug 2, 2024` over the papers nested below it, as an outliner writes a day
                day_depth = len(line) - len(line.lstrip())
            elif item and state.saw_date and not line[0].isspace() and _indented_below(lines, i):
                state.warnings.append(Diagnostic(doc.source, i + 1, "list item with notes below it names no paper "
                                                 "(no title in 《》, bold, quotes or a link, nor `Title (Org)` or "
                                                 "`Title [arXiv id]`): not read as an entry"))
            elif item and _READ_DAY_LEAD.match(item.group("text")):
                state.warnings.append(Diagnostic(doc.source, i + 1, "list item says a paper was read that day "
                                                 "but names no title this reader knows (in 《》, bold, quotes or a "
                                                 "link, nor `Title (Org)` or `Title [arXiv id]`): not read as an "
                                                 "entry"))
            i += 1
            continue
        title, start, end = marked
        rest = item.group("text")[end:].strip(" ，,。:：-—")
        # tags after the title (`[[Title]] #to-read #llm`) say whether it is read and are no publication line
        status: Status = "to-read" if state.to_read or ("#" in rest and _TO_READ_TAG.search(rest)) else "read"
        if "#" in rest:
            rest = _TAG_WORD.sub("", rest).strip(" ，,。:：-—")
        before = item.group("text")[:start].strip(" ，,。:：-—")
        task = _TASK_MARKER.fullmatch(before) if before[:1].isupper() else None
        if task is not None:  # `TODO read [[Title]]`: an outliner's task, still to do unless it is DONE
            status, before = ("read" if task["m"] == "DONE" else "to-read"), ""
        depth = indent_of(line) - len(line.lstrip())
        stop = i + 1
        while stop < len(lines):
            nxt = lines[stop]
            if not nxt.strip():
                stop += 1
                continue
            if _HEADING.match(nxt) or (len(nxt) - len(nxt.lstrip())) <= depth:
                break
            stop += 1
        state.take(i, stop)
        day, dated, label = _dated_lead(state, line, i + 1) if marked[1] > 0 and "《" in line \
            else _NO_LEAD  # `- 12/10 读了 LlamaGen —— 《Title》…`: read that day
        if dated:
            before = label or ""
        fields = _fields(_block(lines, i + 1, stop), state)
        if not fields.dated and not dated and status == "read":
            state.check_dated(i + 1)
        if not bare and "《" in rest and (pair := _two_papers(title, rest, i + 1, fields.rest)) is not None:
            # `- 9/2 读 《Qwen2-VL: …》(阿里, 2024.9) 和 《LLaVA-OneVision: …》(字节, NTU, 2024.8)，两篇对着看：…`
            read_on = None if status != "read" else fields.read(day if dated else state.read_on)
            entries.extend(_make_entry(t, read_on=read_on, pub_line=where, body=notes, source=doc.source, line=i + 1,
                                       status=status, published=find_publication(where))
                           for t, where, notes in pair)
            i = stop
            continue
        body = fields.rest
        item_pub = _publication_item(body[0].text) if body and not fields.orgs else None
        if bare:  # `[arXiv 2410.05258] (MSR, Tsinghua)`: the id says when, the brackets who
            published_here, rest = find_publication(rest), _who_of_tail(rest)
            fields = replace(fields, published=fields.published or published_here)
        if item_pub is not None and bare and rest:
            # a title no mark sets apart is followed by who published it (`1. Title — 字节跳动`): the first item
            # gives the date and stays a note (`- 2024.8，LLaVA-NeXT 系列的延续` says what the work builds on)
            pub_line = " ".join(x for x in (rest, fields.orgs) if x)
            fields = replace(fields, published=fields.published or find_publication(item_pub))
        elif item_pub is not None and not _is_publication_line(rest):
            # the first item under the title says who published it and when (`- CMU & Princeton, Dec 2023`); what
            # followed the title (`★ re-read`) is a note then
            pub_line = item_pub
            body = [Line(i + 1, rest), *body[1:]] if rest else body[1:]
        elif (where := _where_then_notes(rest)) is not None:
            # `《Title》(Google DeepMind, 2024.6)：2B/9B 用 knowledge distillation…`: who and when in brackets, then
            # after a colon the notes
            body = [Line(i + 1, where[1]), *body]
            pub_line = " ".join(x for x in (where[0], fields.orgs) if x)
        else:
            said = _FIRST_SENTENCE.search(rest)
            if said and rest[said.end() :].strip():
                # `（港大 & 字节，2024.06）。用原版 Llama 架构…`: the notes written after the sentence that says where
                # the work comes from are notes
                body = [Line(i + 1, rest[said.end() :].strip()), *body]
                rest = rest[: said.end()]
            pub_line = " ".join(x for x in (rest, fields.orgs) if x)
        alias = fields.alias
        shown = item.group("text")[start:end]
        if alias is None and shown.startswith("[[") and "|" in shown:
            alias = shown[shown.index("|") + 1 : -2].strip() or None  # `[[Title|Short]]`: the page and its short name
        if before and alias is None and len(before.split()) <= 2 and _LATIN_OR_DIGIT.search(before) \
                and "：" not in before and ":" not in before:
            alias = before.strip("()（）[]")
        elif before:  # `报告人：张三 — 《Title》`, `李四：《Title》`: who presents or reads it, a note (no short name)
            body = [Line(i + 1, before), *body]
        read_on = fields.read(day if dated else state.read_on)
        entries.append(
            _make_entry(title, read_on=read_on if status == "read" else None, pub_line=pub_line, body=body,
                        source=doc.source, line=i + 1, status=status, alias=alias,
                        published=fields.published or find_publication(pub_line))
        )
        i = stop
    return entries, state


# ---------------------------------------------------------------------------------------------- tables

_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\([^)]*\)")
_CELL_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# what a table's header calls its columns (lower case, emphasis and spaces around removed)
_TITLE_COLUMNS = {"title", "paper", "papers", "paper title", "论文", "标题", "文章", "题目", "论文标题", "论文名称"}
_READ_COLUMNS = {"date", "read", "read on", "date read", "日期", "阅读日期", "阅读时间", "读完日期"}
# a column that says only when a paper appeared gives its publication date; one that says where it appeared or who
# wrote it (`Venue`, `Org`, `Venue/Org`) is its publication line: the organisations and the date
_PUBLISHED_COLUMNS = {"year", "publication date", "date published", "pub date", "发表时间", "发表日期", "年份"}
_WHERE_COLUMNS = _ORG_FIELDS | {"lab", "labs", "team", "company", "实验室", "团队", "公司", "课题组",
                                "venue", "venues", "where", "published", "published in", "published at", "source",
                                "conference", "journal", "来源", "发表", "发表于", "会议", "期刊", "出处", "出自"}
_STATUS_COLUMNS = {"status", "状态"}
_TO_READ = {"to-read", "to read", "todo", "unread", "待读", "未读", "[ ]"}


def _cells(line: str) -> list[str]:
    m = _TABLE_ROW.match(line)
    return [c.strip() for c in m.group("cells").split("|")] if m else []


def _column(name: str) -> str:
    return clean_title(name).lower()


_COLUMN_PARTS = re.compile(r"\s*(?:/|&|\+|、|,|，|\band\b|\bor\b)\s*")
_COLUMN_KINDS = (("title", _TITLE_COLUMNS), ("read", _READ_COLUMNS), ("where", _WHERE_COLUMNS),
                 ("published", _PUBLISHED_COLUMNS), ("status", _STATUS_COLUMNS))


def _column_kind(name: str) -> str:
    """What a table column (its name as `_column` gives it) holds: `title`, `read` (the reading date),
    `where` (the publication line: who, where, when), `published` (only when), `status`, `notes` or `other`.
    A combined name (`Venue/Org`, `Affiliation(s)`, `机构、来源`) is read by its parts."""
    name = name.replace("(s)", "s")
    parts = [name, *(p for p in _COLUMN_PARTS.split(name) if p and p != name)]
    for kind, names in _COLUMN_KINDS:
        if any(p in names for p in parts):
            return kind
    return "notes" if name in _NOTE_COLUMNS else "other"


def _paper_tables(doc: _Text) -> list[tuple[int, list[str], list[int]]]:
    """Tables whose header names a title column: (header line index, column names, indexes of the rows); and
    cards, one paper's fields row by row (`_card_rows`): (header line index, [], indexes of the field rows)."""
    lines = doc.lines
    found: list[tuple[int, list[str], list[int]]] = []
    after = 0  # the first line after the last table found
    for i in doc.marked:
        if i < after or "|" not in lines[i] or i + 1 >= len(lines):
            continue
        header = _cells(lines[i])
        if len(header) == 2 and _TABLE_RULE.match(lines[i + 1]) and (card := _card_rows(lines, i)):
            found.append((i, [], card))
            after = card[-1] + 1
        elif header and _TABLE_RULE.match(lines[i + 1]) and any(_column_kind(_column(h)) == "title" for h in header):
            rows = []
            k = i + 2
            while k < len(lines) and _TABLE_ROW.match(lines[k]):
                rows.append(k)
                k += 1
            found.append((i, [_column(h) for h in header], rows))
            after = k
    return found


def _parse_table(doc: _Text) -> tuple[list[Entry], _State]:
    """One entry per row of a table with a title column: the reading date, publication date, organisations and
    status from the columns named so, the notes (cells split at `<br>`) and every other column's cell (`Code:
    …`) as the entry's notes; dates on lines of their own above a table date the rows without a date column."""
    lines = doc.lines
    state = _State(doc.source, doc.year)
    entries: list[Entry] = []
    tables = {i: (header, rows) for i, header, rows in _paper_tables(doc)}
    in_table = {k for _, rows in tables.values() for k in rows}
    i = 0
    while i < len(lines):
        if i not in tables:
            if lines[i].strip() and i not in in_table and not _section_line(state, lines, i, entries):
                state.heading(i + 1, lines[i].strip().strip("*_"))  # a dated line that is not a heading
            i += 1
            continue
        header, rows = tables[i]
        columns = [(name, _column_kind(name)) for name in header]
        state.take(i, (rows[-1] if rows else i + 1) + 1)
        if not header:  # a card: one paper, its fields row by row
            if (card := _card_entry(doc.source, lines, rows, state)) is not None:
                entries.append(card)
            i = rows[-1] + 1
            continue
        for k in rows:
            entry = _table_entry(doc.source, columns, _cells(lines[k]), k + 1, state)
            if entry is not None:
                entries.append(entry)
        i = (rows[-1] if rows else i + 1) + 1
    return entries, state


def _table_entry(source: str, columns: list[tuple[str, str]], cells: list[str], number: int,
                 state: _State) -> Entry | None:
    """The entry of a table row; `columns` are the header's (name, `_column_kind`)."""
    title = read_on = published = bad = None
    where_published = None  # a date column says when a paper appeared before a venue or an org column does
    orgs: list[str] = []
    body: list[Line] = []
    status: Status = "read"
    for (name, kind), cell in zip(columns, cells, strict=False):
        text = _MD_LINK.sub(lambda m: m.group("text"), cell).strip()
        if not text:
            continue
        if kind == "title" and title is None:
            title = text.strip("《》")
        elif kind == "read":
            read_on, bad = find_date(text)
            if bad:
                state.warnings.append(Diagnostic(source, number, f"date '{bad}' is not a date; entry kept "
                                                 "without a reading date"))
            elif read_on is None:
                read_on, named = state.day(text, number)
                bad = text if named and read_on is None else None  # unreadable, and said so: no other date
        elif kind == "published":
            published = find_publication(text) or published
        elif kind == "where":
            orgs.append(" ".join(_CELL_BREAK.split(text)))
            where_published = where_published or find_publication(text)
        elif kind == "status":
            status = "to-read" if text.lower() in _TO_READ else "read"
        else:
            prefix = "" if kind == "notes" else f"{name}: "
            body.extend(Line(number, prefix + part.strip()) for part in _CELL_BREAK.split(text) if part.strip())
    if not title:
        return None
    if read_on is None and status == "read" and bad is None:
        state.check_dated(number)
        read_on = state.read_on
    return _make_entry(title, read_on=read_on if status == "read" else None, pub_line=", ".join(orgs),
                       body=body, source=source, line=number, status=status, published=published or where_published)


def _card_rows(lines: Sequence[str], i: int) -> list[int] | None:
    """The indexes of the rows of a card whose header is line i: a two-column table whose left column holds field
    names (`| 字段 | 内容 |` over `| 论文 | … |`, `| 阅读日期 | 2025-01-23 |`, `| 机构 | … |`; `| Field | Value |` over
    `| Paper | … |`, `| Org | … |`), a title among them and another field an entry has: one paper's fields, as a
    field block writes them in `key: value` lines. The header is a row of it when it names a field (`| Paper |
    Title … |` over `|---|---|`). None for any other table (`| Paper | Notes |` over a row per paper)."""
    rows = [i] if _field_key(_cells(lines[i])[0]) else []
    k = i + 2
    while k < len(lines) and (cells := _cells(lines[k])):
        if len(cells) != 2 or len(_column(cells[0])) > 24:
            return None
        rows.append(k)
        k += 1
    keys = [_column(_cells(lines[r])[0]) for r in rows]
    if not any(key in _TITLE_FIELDS for key in keys) or sum(1 for key in keys if _field_key(key)) < 2:
        return None
    return rows


def _field_key(name: str) -> bool:
    """Does a table's left cell name a field of an entry (a title, a reading date, who published it, when…)?"""
    key = _column(name)
    return key in _TITLE_FIELDS or key in _STATUS_FIELDS or any(part in _ENTRY_FIELDS for part in _field_parts(key))


def _row_lines(number: int, name: str, value: str) -> list[Line]:
    """A field's row of a table (`| 机构 | DeepSeek |`) as the field line a field block writes (`机构：DeepSeek`), one
    per part of a cell split at `<br>`, each keeping the row's label."""
    colon = "：" if _CJK.match(name[-1:]) else ": "
    texts = [f"{name}{colon}{part.strip()}" for part in _CELL_BREAK.split(value) if part.strip()]
    return [_linked_line(number, text) if "[[" in text else Line(number, text) for text in texts]


def _field_rows(body: list[Line]) -> list[Line]:
    """A body with each table of fields in it (`| Field | Value |` over `| Org | DeepSeek |`, `| 阅读日期 | … |`: two
    columns, the left naming fields, one an entry has among them) as the field lines a field block writes, so that
    `_fields` reads them as it reads `key: value` lines; the header and rule of such a table go, other tables stay."""
    out: list[Line] = []
    k = 0
    while k < len(body):
        if body[k].text.lstrip()[:1] != "|":
            out.append(body[k])
            k += 1
            continue
        end = k
        while end < len(body) and body[end].text.lstrip()[:1] == "|" and body[end].number == body[k].number + end - k:
            end += 1
        table = body[k:end]
        ruled = len(table) > 1 and _TABLE_RULE.match(table[1].text) is not None
        rows = [ln for at, ln in enumerate(table) if not (ruled and at == 1)]
        cells = [_cells(ln.text) for ln in rows]
        if ruled and not _field_key(cells[0][0] if cells[0] else ""):
            rows, cells = rows[1:], cells[1:]  # (a header that names the columns, `| 字段 | 内容 |`)
        if rows and all(len(c) == 2 and len(_column(c[0])) <= 24 for c in cells) \
                and any(_field_key(c[0]) and _column(c[0]) not in _TITLE_FIELDS for c in cells):
            for ln, (key, cell) in zip(rows, cells, strict=True):
                value = _MD_LINK.sub(lambda m: m.group("text"), cell).strip()
                out += _row_lines(ln.number, clean_title(key), value) if value else []
        else:
            out += table
        k = end
    return out


def _card_entry(source: str, lines: Sequence[str], rows: Sequence[int], state: _State) -> Entry | None:
    """The entry of a card (`_card_rows`): its title row names the paper; every other row is read as the field line
    `key: value` of a field block (`_fields`), so the reading date, who published it and when, a short name and a
    status come from the rows named so, and the rest are its notes, each keeping its label (`基线/对比：…`,
    `Datasets: …`; a cell's `<br>` parts each a line). Dated by the rows, else by the date above."""
    title = None
    number = rows[0] + 1
    field_lines: list[Line] = []
    for k in rows:
        key, cell = _cells(lines[k])
        name, value = clean_title(key), _MD_LINK.sub(lambda m: m.group("text"), cell).strip()
        if not value:
            continue
        if title is None and _column(name) in _TITLE_FIELDS:
            title, number = value.strip("《》"), k + 1
            continue
        field_lines += _row_lines(k + 1, name, value)
    if not title:
        return None
    fields = _fields(field_lines, state)
    status: Status = "to-read" if any(_says_to_read(ln.text) for ln in fields.rest) else "read"
    if not fields.dated and status == "read":
        state.check_dated(number)
    return _make_entry(title, read_on=fields.read(state.read_on) if status == "read" else None,
                       pub_line=fields.orgs, body=fields.rest, source=source, line=number, status=status,
                       alias=fields.alias, published=fields.published)


_NOTE_COLUMNS = {"notes", "note", "笔记", "要点", "备注", "summary", "comment", "comments", "remarks", "takeaways",
                 "总结", "内容", "想法", "评价"}

# ---------------------------------------------------------------------------------------------- chat exports

# a message of a chat pasted into Markdown: `[2024-07-01 09:40] 小王: text`, `[09:40] 小王：text` (the day above),
# `2024-07-01 09:40 小王: text`, `**Li Wei** 2024-07-02: text`, `**Li Wei** (2024-07-02 14:05): text`,
# `[2024-07-01 14:05] **Li Wei** 2024-07-01: text`; a name without bold needs the time of day before it
# (`[2024-03-02] Mamba: …` is a dated title)
_CHAT_DAY = r"(?:19|20)\d\d\s*[./\-年]\s*\d{1,2}\s*[./\-月]\s*\d{1,2}日?"
_CHAT_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_CHAT_NAME = (r"(?:\*\*(?P<bold>[^*\n]{1,32})\*\*"
              r"|(?P<name>[^\s:：\[\]*#|《》\"“>@\-][^:：\[\]*#|《》\"“\n]{0,23}?))")
_CHAT_MESSAGE = re.compile(
    rf"^(?:\[(?P<stamp>[^\]\n]{{4,32}})\]\s*|(?P<lead>{_CHAT_DAY}\s+{_CHAT_TIME})\s+)?{_CHAT_NAME}"
    rf"\s*(?:[(（]?(?P<day>{_CHAT_DAY}(?:\s+{_CHAT_TIME})?)[)）]?\s*)?[:：]\s*(?P<text>.*)$")
# ... or a line of who wrote it and when, the message on the lines below: `小王 2024-07-01 09:40`, `**Anna** 2024/7/1
# 21:30` (as WeChat and some other apps export)
_CHAT_HEADER = re.compile(rf"^{_CHAT_NAME}\s+[(（]?(?P<day>{_CHAT_DAY}\s+{_CHAT_TIME})[)）]?\s*$")
_CLOCK = re.compile(r"(?<!\d)(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?::[0-5]\d)?(?!\d)")
# words that say a message's paper was read, or is kept to read later
_CHAT_READ = re.compile(r"(?i)读完|读了|看完|看了|(?<![Tt]o )\b(?:read|finished|went through)\b"
                        r"(?!\s+(?:it\s+|this\s+)?later)")
_CHAT_LATER = re.compile(r"(?i)马住|回头(?:再)?[看读]|稍后[看读]|以后[看读]|有空[看读]|待读|收藏|推荐|安利|"
                         r"\bread (?:it |this )?later\b|\bfor later\b|\bbookmark|\bto-?read\b|\breading list\b"
                         r"|\bworth (?:a )?read|\bmust[- ]read|\brecommend")
_CHAT_CLAUSE = re.compile(r"[，,。;；:：—–!?！？]|\.(?:\s|$)|\s-\s")
_CHAT_FINISHED = re.compile(r"(?i)读完|看完|读了|看了|\bfinished\b|\bjust read\b|\bhave read\b|\bread through\b")
_CHAT_CUE_LAST = re.compile(r"(?i)(?:读完了?|读了|看完了?|看了|\bread|\bfinished|later|马住|回头[看读])\s*[:：]?\s*$")
_CHAT_DONE = re.compile(r"^\s*(?:读完了?|看完了?|读了|看了)")  # `《Title》读完了：…`: the cue, then the notes
_BROADCAST = frozenset({"all", "everyone", "channel", "here", "所有人", "全体成员", "大家"})
_THREAD_MINUTES = 30  # a message this soon after the last of a paper's thread, the same day, goes on with it


class _Message(NamedTuple):
    """A message of a chat export (`_chat_messages`)."""

    start: int  # index of its first line
    stop: int  # index after its last line (lines below it up to the next message are its own)
    day: date | None  # the day it was written (its stamp's, else the date above it)
    minute: int | None  # when in the day, if its stamp says
    author: str
    text: str  # what it says on its first line
    more: tuple[Line, ...]  # its other lines
    number: int  # the number of the line of `text` (the line below a line of who and when)


def _chat_message(line: str) -> tuple[str, str, str] | None:
    """(who wrote it, when: the stamp as written, what it says on this line) for the first line of a chat message
    (`_CHAT_MESSAGE`, `_CHAT_HEADER`) that names who wrote it and when, else None."""
    m = _CHAT_MESSAGE.match(line) if line[:1] in "[*" or line[:1].isdigit() else None
    if m is not None:
        when = f"{m['lead'] or m['stamp'] or ''} {m['day'] or ''}".strip()
        if m["bold"] is None and not _CLOCK.search(when):
            return None
        if m["bold"] is not None and not (m["day"] or find_date(when)[0] or _CLOCK.search(when)):
            return None
    elif len(line) > 60 or (m := _CHAT_HEADER.match(line)) is None:
        return None
    else:
        when = m["day"]
    author = clean_title(m["bold"] if m["bold"] is not None else m["name"])
    return author, when, m["text"].strip() if "text" in m.re.groupindex else ""


def _is_chat(doc: _Text) -> bool:
    """Is the file a chat export: are three or more of its first `_CHAT_SAMPLE` lines that are not blank, and a third
    of them, the first lines of messages (`[2024-07-01 09:40] 小王: …`, `**Li Wei** 2024-07-02: …`, `小王 2024-07-01
    09:40`)? An export is written so throughout, so its first lines tell, and a long log is not read through."""
    lines = list(islice((ln for ln in doc.lines if ln.strip()), _CHAT_SAMPLE))
    messages = sum(1 for ln in lines if _chat_message(ln) is not None)
    return messages >= 3 and messages * 3 >= len(lines)


_CHAT_SAMPLE = 60


def _chat_messages(doc: _Text, state: _State) -> list[_Message]:
    """The messages of a chat export in order, each with the lines below it up to the next message; headings and
    lines of nothing but a date between them date the messages below that name no day."""
    lines = doc.lines
    out: list[_Message] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        said = _chat_message(line)
        if said is None:
            hm = _HEADING.match(line) if line.startswith("#") else None
            if hm or (len(line) <= 40 and state.heading(i + 1, line.strip().strip("*_-—= "))):
                if hm:
                    state.heading(i + 1, hm["text"])
                if out and out[-1].stop > i:
                    out[-1] = out[-1]._replace(stop=i)  # (a date line ends the message above)
                continue
            if out and out[-1].stop > i and not out[-1].text and not out[-1].more:
                out[-1] = out[-1]._replace(text=line.strip(), number=i + 1)  # (under a line of who and when)
            elif out and out[-1].stop > i:
                out[-1] = out[-1]._replace(more=(*out[-1].more, Line(i + 1, line.strip())))
            continue
        author, when, text = said
        day, bad = find_date(when)
        if bad:
            state.warnings.append(Diagnostic(doc.source, i + 1, f"date '{bad}' is not a date; message kept "
                                             "without a day"))
        elif day is not None:
            state.dated(day)
        else:
            day = state.read_on
        clock = _CLOCK.search(when)
        minute = int(clock["h"]) * 60 + int(clock["m"]) if clock else None
        if out and out[-1].stop > i:
            out[-1] = out[-1]._replace(stop=i)
        out.append(_Message(i, len(lines), day, minute, author, text, (), i + 1))
    if out:  # the last message's lines end at its last line, not the file's end
        out[-1] = out[-1]._replace(stop=out[-1].more[-1].number if out[-1].more else out[-1].number)
    return out


def _chat_paper(text: str) -> tuple[str, str, str, Status] | None:
    """(title, who published it, the notes, status) of a message that says its writer read a marked paper (`今天读了
    《Title》（Org），notes…`, `read "Title" (Org) — notes…`, `之前马住的《Title》读完了：…`), presents one (`《Title》
    （Org）：notes…`), or keeps one to read later (`先马住，回头看《Title》`, `to read later: "Title"`); None for any
    other message (a question about a paper, chatter, a reply)."""
    if text.startswith("@"):
        return None
    marked = _MARKED.search(text)
    if marked is None:
        return None
    title, start, end = next(g for g in marked.groups() if g), marked.start(), marked.end()
    before, after = text[:start], text[end:]
    if not _TWO_WORD_CHARS.search(title) or (marked["a"] is None and len(_LATIN_WORD.findall(title)) < 3
                                             and not _CHAT_CUE_LAST.search(before)):
        return None  # (a short title in quotes or bold right after the words that say it was read: `read "SAM 2"`)
    said = _FIRST_SENTENCE.search(after)
    if said and said.group() in "？?":
        return None  # `有人读过《Title》吗？`
    done = _CHAT_DONE.match(after)
    # what is said of the paper right after it (`先马住`), and in its sentence (`，今天读了`); a cue further on, in
    # the notes, says nothing of it (`… worth a read for anyone doing RL`)
    head = after.lstrip()
    head = head[m.end() :] if (m := _FIRST_BRACKETS.match(head)) else head
    head = _CHAT_CLAUSE.split(head, maxsplit=1)[0]
    status: Status
    if done or _CHAT_FINISHED.search(before) or _CHAT_FINISHED.search(after, 0, said.start() if said else len(after)):
        status = "read"
    elif _CHAT_LATER.search(before) or _CHAT_LATER.search(head):
        status = "to-read"  # `先马住，回头看《…》`, `worth a read: "…"`, `to read later: "…"`
    elif _CHAT_READ.search(before):
        status = "read"
    elif not before.strip(" \t:：,，") and after[:1] in "(（:：":
        status = "read"  # `《Qwen2 Technical Report》（阿里巴巴）：…`: the paper the message is about
    else:
        return None
    rest = after[done.end() :] if done else after
    where = _FIRST_BRACKETS.match(rest.lstrip())
    if where:
        rest = rest.lstrip()[where.end() :]
    rest = _CHAT_DONE.sub("", rest.lstrip(" \t,，。.:：;；—–-"), count=1).lstrip(" \t,，。.:：;；—–-")
    return title.strip(), where["inside"].strip() if where else "", rest.strip(), status


def _replied(text: str, people: set[str]) -> str | None:
    """What a reply says (`@小王 它的 tokenizer …` -> `它的 tokenizer …`) when it answers one of `people`, else
    None (no reply, or one to someone else or to everyone)."""
    if not text.startswith("@"):
        return None
    to = next((p for p in sorted(people, key=len, reverse=True) if p and text[1:].startswith(p)), None)
    if to is None or to.lower() in _BROADCAST:
        return None
    return text[1 + len(to) :].lstrip(" \t,，:：")


def _parse_chat(doc: _Text) -> tuple[list[Entry], _State]:
    """A chat export: a message that says its writer read a marked paper is an entry read that day (`_chat_paper`);
    the replies to the people of its thread right after it (`@小王 …`), and the messages written within
    `_THREAD_MINUTES` of the thread's last one that day, are its notes, until the next paper or another message;
    a paper kept to read later is to read, and when a later message says it was read, that message's entry is the
    one, read that day (its notes after the first's). Chatter is no entry: its lines are left unread."""
    state = _State(doc.source, doc.year)
    entries: list[Entry | None] = []
    later: dict[str, int] = {}  # folded title -> index in entries of a paper kept to read later
    thread: tuple[int, set[str], date | None, int | None] | None = None  # (entry index, people, day, minute)
    for msg in _chat_messages(doc, state):
        paper = _chat_paper(msg.text)
        if paper is not None:
            title, where, note, status = paper
            body = [*([_linked_line(msg.number, note) if "[[" in note else Line(msg.number, note)]
                      if note else []), *msg.more]
            key = "".join(ch for ch in title.lower() if ch.isalnum())
            # `(Microsoft, 2024.07)` says when it appeared, and so does an arXiv link or id in the message
            ref = _ARXIV_ID.search(msg.text) if "xiv" in msg.text.lower() else None
            published = find_publication(where) or (find_publication(ref.group()) if ref else None)
            kept = later.pop(key, None) if status == "read" else None
            if kept is not None and (first := entries[kept]) is not None:
                entries[kept] = None  # kept to read later, read now: one entry, the one of the day it was read
                where, body = where or first.orgs_text, [*first.body, *body]
                published = published or first.published
            if status == "read" and msg.day is None:
                state.check_dated(msg.number)
            if status == "to-read":
                later[key] = len(entries)
            entries.append(_make_entry(title, read_on=msg.day if status == "read" else None, pub_line=where,
                                       body=body, source=doc.source, line=msg.number, status=status,
                                       published=published))
            state.take(msg.start, msg.stop)
            thread = (len(entries) - 1, {msg.author}, msg.day, msg.minute)
            continue
        if thread is not None:
            at, people, day, minute = thread
            said = _replied(msg.text, people)
            soon = (said is None and not msg.text.startswith("@") and msg.minute is not None and minute is not None
                    and msg.day == day and 0 <= msg.minute - minute <= _THREAD_MINUTES)
            entry = entries[at]
            if entry is not None and (said is not None or soon):
                text = said if said is not None else msg.text
                notes = [Line(msg.number, text)] if text else []
                entries[at] = replace(entry, body=(*entry.body, *notes, *msg.more))
                state.take(msg.start, msg.stop)
                thread = (at, people | {msg.author}, msg.day, msg.minute if msg.minute is not None else minute)
                continue
        thread = None
    return [e for e in entries if e is not None], state


_LAYOUTS = {"daily": _parse_daily, "headings": _parse_headings, "list": _parse_list, "table": _parse_table,
            "chat": _parse_chat}
