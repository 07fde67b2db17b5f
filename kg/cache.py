"""A cache of what extract found in each entry, so a rebuild after a small edit re-reads only what changed.

Layout: `.kg-cache/extract-<version>/shard-<xx>.pickle`, where `<version>` hashes everything extraction
depends on besides the entry itself: the vocabulary's version, the cue patterns' version and the code's
(kg.__version__ and the bytes of kg/*.py and kg/patterns/*). An entry's key hashes its content: title, alias,
dates, the publication line, its notes with line numbers counted from the entry's own line, and its file. So an
entry that only moved (lines added above it) is still a hit, and its cached lines are moved with it.

Each shard is a pickled dict key -> (orgs, mentions, relations), written atomically (a temporary file renamed
over the old one). A shard that cannot be read, for any reason, counts as empty and is written anew: a corrupt
cache costs time, never a failed build. Folders of other versions are removed when a shard is written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import kg
from kg.model import Entry, Extraction, Mention, Relation

DEFAULT_CACHE_DIR = Path(".kg-cache")
_PREFIX = "extract-"
_SHARD_CHARS = 2  # 256 shards

Payload = tuple[tuple[Mention, ...], tuple[Mention, ...], tuple[Relation, ...]]  # lines relative to entry.line


@lru_cache(maxsize=1)
def code_version() -> str:
    """kg.__version__ and a hash of the package's Python sources and pattern files."""
    digest = hashlib.sha256(kg.__version__.encode("utf-8"))
    package = Path(kg.__file__).resolve().parent
    for path in sorted([*package.glob("*.py"), *package.glob("patterns/*")]):
        if path.is_file():
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def version_key(vocabulary_version: str, patterns_version: str) -> str:
    parts = (vocabulary_version, patterns_version, code_version())
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:20]


def entry_key(entry: Entry) -> str:
    """A hash of what extraction reads in an entry, with line numbers relative to the entry's line."""
    fields = [
        entry.source, entry.title, entry.alias or "\0", entry.read_on.isoformat() if entry.read_on else "\0",
        entry.published or "\0", entry.orgs_text, entry.status, entry.short_title or "\0",
    ]
    for line in entry.body:
        fields.append(f"{line.number - entry.line}:{line.text}" + (f"\x1f{line.links}" if line.links else ""))
    return hashlib.sha256("\x1e".join(fields).encode("utf-8")).hexdigest()


def _moved_mention(m: Mention | None, delta: int) -> Mention | None:
    return None if m is None else replace(m, line=m.line + delta)


def _moved(payload: Payload, delta: int) -> Payload:
    if delta == 0:
        return payload
    orgs, mentions, relations = payload
    return (
        tuple(replace(m, line=m.line + delta) for m in orgs),
        tuple(replace(m, line=m.line + delta) for m in mentions),
        tuple(
            replace(r, subject=_moved_mention(r.subject, delta), object=_moved_mention(r.object, delta),
                    line=r.line + delta)
            for r in relations
        ),
    )


def to_payload(ex: Extraction) -> Payload:
    return _moved((ex.orgs, ex.mentions, ex.relations), -ex.entry.line)


def from_payload(entry: Entry, payload: Payload) -> Extraction:
    orgs, mentions, relations = _moved(payload, entry.line)
    return Extraction(entry, orgs, mentions, relations)


@dataclass
class ExtractionCache:
    """The shards of one version, loaded on demand; `store` writes back the shards that changed."""

    root: Path
    version: str
    _shards: dict[str, dict[str, Payload]] = field(default_factory=dict)
    _dirty: set[str] = field(default_factory=set)
    _used: dict[str, set[str]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    @property
    def folder(self) -> Path:
        return self.root / f"{_PREFIX}{self.version}"

    def _shard(self, name: str) -> dict[str, Payload]:
        shard = self._shards.get(name)
        if shard is None:
            shard = self._shards[name] = _read_shard(self.folder / f"shard-{name}.pickle")
        return shard

    def lookup(self, entries: Sequence[Entry]) -> tuple[list[Extraction | None], list[str]]:
        """The cached extraction of each entry (None where there is none) and the entries' keys."""
        keys = [entry_key(e) for e in entries]
        found: list[Extraction | None] = []
        for entry, key in zip(entries, keys, strict=True):
            name = key[:_SHARD_CHARS]
            self._used.setdefault(name, set()).add(key)
            payload = self._shard(name).get(key)
            if payload is None:
                self.misses += 1
                found.append(None)
            else:
                self.hits += 1
                found.append(from_payload(entry, payload))
        return found, keys

    def payload(self, key: str) -> Payload | None:
        """What the cache holds under one key (lines relative to its entry), reading only that key's shard."""
        return self._shard(key[:_SHARD_CHARS]).get(key)

    def keep(self, keys: Iterable[str]) -> None:
        """Count these keys as used by this build, so `store` keeps them in the shards it writes (a build that
        looked up only the entries that changed names the others so)."""
        for key in keys:
            self._used.setdefault(key[:_SHARD_CHARS], set()).add(key)

    def put(self, key: str, extraction: Extraction) -> None:
        name = key[:_SHARD_CHARS]
        self._shard(name)[key] = to_payload(extraction)
        self._used.setdefault(name, set()).add(key)
        self._dirty.add(name)

    def release(self) -> None:
        """Forget the shards read and written (a large log's extractions): the build looks nothing up again."""
        self._shards.clear()
        self._used.clear()
        self._dirty.clear()

    def store(self) -> None:
        """Write the shards that gained entries (keeping only the entries of this build), atomically."""
        if not self._dirty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in sorted(self._dirty):
            used = self._used.get(name, set())
            shard = {k: v for k, v in self._shards[name].items() if k in used}
            _write_atomically(self.folder / f"shard-{name}.pickle", pickle.dumps(shard, protocol=5))
        self._dirty.clear()
        _remove_other_versions(self.root, self.folder.name)


def open_cache(vocabulary_version: str, patterns_version: str, root: Path = DEFAULT_CACHE_DIR) -> ExtractionCache:
    return ExtractionCache(root, version_key(vocabulary_version, patterns_version))


def _read_shard(path: Path) -> dict[str, Payload]:
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except FileNotFoundError:
        return {}
    except Exception:  # a truncated, corrupt or foreign file: rebuilt, never a failed build
        return {}
    if not isinstance(data, dict) or not all(_valid(k, v) for k, v in data.items()):
        return {}
    return data


def _valid(key: object, value: object) -> bool:
    return (
        isinstance(key, str)
        and isinstance(value, tuple)
        and len(value) == 3
        and all(isinstance(part, tuple) for part in value)
        and all(isinstance(m, Mention) for m in value[0])
        and all(isinstance(m, Mention) for m in value[1])
        and all(isinstance(r, Relation) for r in value[2])
    )


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_other_versions(root: Path, keep: str) -> None:
    for folder in _other_versions(root, keep):
        shutil.rmtree(folder, ignore_errors=True)


def _other_versions(root: Path, keep: str) -> Iterable[Path]:
    if not root.is_dir():
        return []
    return [p for p in root.iterdir() if p.is_dir() and p.name.startswith(_PREFIX) and p.name != keep]
