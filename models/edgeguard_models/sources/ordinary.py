"""Ordinary text from pinned registry packages: code, docs, licences, changelogs, data files.

The guard model must let everyday text through: source files, READMEs, licence texts,
changelogs, configuration files, command-line documentation and non-English docs. These loaders
read them from the pinned npm tarballs, crates.io ``.crate`` archives and PyPI sdists in
:data:`edgeguard_models.fetch.ORDINARY_PACKAGES` (never from this machine's own files), one benign
row per file. Every row is labeled benign (``labels=()``) and names its :class:`Domain`.

Rules, shared by every collection:

* a file is read whole; files under :data:`MIN_WORDS` words are dropped, and a file over
  :data:`MAX_WORDS` words is cut at line boundaries into consecutive pieces of at most
  :data:`MAX_WORDS` words (each piece is a row of its own, same family);
* minified, generated, binary, lock files, files that are mostly base64 or hex, and files with
  attack strings (XSS or SQL injection payloads, path traversal, shell fork bombs) or obscene
  words are skipped, so every row is genuinely benign;
* selection is deterministic: candidates are ranked by a hash of their path, capped per package
  and per collection;
* the family is ``<source>:<package>``, so one package's files never straddle splits.

Hold-outs: for every domain one whole collection is registered with ``holdout=True`` (see
:data:`edgeguard_models.sources.SOURCES`): for code whole languages (the Pygments example files:
Go, Java, Ruby, ...), for docs, licences and changelogs the PyPI sdists, for data files and shell
the Pygments examples, for non-English text the npm translated READMEs.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .. import fetch
from ..fetch import package as pinned
from ..rows import Kind, Row
from .base import Context, Domain, labeled, script_lang, short_hash

MIN_WORDS = 5
"""Files with fewer words are dropped."""

MAX_WORDS = 4000
"""Longer files are cut into pieces of at most this many words."""

MAX_BYTES = 400_000
"""Larger files are not read at all (generated tables, bundles)."""

Picked = tuple[Domain, dict[str, str]]
"""What a selector says about a file: its domain and the row's extra metadata."""

Selector = Callable[[PurePosixPath], "Picked | None"]
"""Decides whether a path (relative to the package root) belongs to a collection."""


@dataclass(frozen=True)
class Collection:
    """One registered source of ordinary text.

    :param source: the source name every row carries.
    :param packages: the package keys it reads (see :mod:`edgeguard_models.fetch`).
    :param select: the file selector.
    :param per_package: at most this many files per package.
    :param total: at most this many files in all.
    :param origin_name: the origin when it is not the list of pins (the ``Cargo.lock`` slices).
    :param max_words: longer files are cut into pieces of at most this many words.
    :param prefer: ranks a package's candidate files (higher first, ties by a hash of the path)
        before the per-package cap; none ranks by the hash alone.
    :param extract: turns a file's text into the row text (None drops the file); none keeps
        the text whole.
    """

    source: str
    packages: tuple[str, ...]
    select: Selector
    per_package: int
    total: int
    origin_name: str = ""
    prefer: Callable[[str], float] | None = None
    max_words: int = MAX_WORDS
    extract: Callable[[PurePosixPath, str], str | None] | None = None

    @property
    def origin(self) -> str:
        """The origin string: one prefix, then every pin, comma separated."""
        if self.origin_name:
            return self.origin_name
        origins = [pinned(key).origin for key in self.packages]
        prefix = origins[0].split(":", 1)[0]
        if any(not o.startswith(prefix + ":") for o in origins):
            raise ValueError(f"{self.source}: packages from several registries")
        return prefix + ":" + ",".join(o.split(":", 1)[1] for o in origins)


# --- file filters ------------------------------------------------------------------------------

_SKIP_DIRS = frozenset({"node_modules", "dist", "build", "vendor", "target", ".git", "__pycache__",
                        "testdata", "fixtures", "benches", "bench", "_static", "_build", "umd",
                        "cjs", "esm5", "bundles"})
_SKIP_NAMES = re.compile(
    r"(?i)(\.min\.|\.map$|\.lock$|^package-lock\.json$|^yarn\.lock$|^pnpm-lock|^cargo\.lock$"
    r"|^flake\.lock$|^pkg-info$|\.pyc$|\.(png|jpe?g|gif|ico|svg|woff2?|ttf|eot|exe|dll|so|a|o"
    r"|zip|gz|tgz|bz2|xz|whl|bin|dat|pickle|pkl|mo|pdf)$|naughty|blns|badwords|profan|obscen)")
_ATTACK = re.compile(
    r"(?i)(<script[^>]*>\s*alert|javascript:\s*alert|onerror\s*=\s*['\"]?alert|<img[^>]+onerror"
    r"|' ?or '?1'? ?= ?'?1|' ?or 1 ?= ?1|union\s+select\s+null|;\s*drop\s+table"
    r"|\.\./\.\./\.\./|/etc/passwd|:\(\)\s*\{\s*:\|:&\s*\};:|rm\s+-rf\s+/\s*($|[;&|])"
    r"|ignore (all )?(previous|prior) instructions)")
_OBSCENE = re.compile(r"(?i)\b(fuck\w*|shit\w*|cunt\w*|bitch\w*|nigg\w*|faggot\w*|whore\w*|"
                      r"retard\w*|dickhead\w*|motherf\w*|porn\w*)\b")
_BLOB = re.compile(r"[A-Za-z0-9+/=]{80,}|(?:0x[0-9a-fA-F]{1,2},\s*){16,}|[0-9a-fA-F]{64,}")


def skip_path(path: PurePosixPath) -> bool:
    """Return True for paths never worth reading: build output, binaries, lock files, blobs.

    :param path: a path relative to the package root.
    """
    if any(part in _SKIP_DIRS for part in path.parts[:-1]):
        return True
    return bool(_SKIP_NAMES.search(path.name))


def readable(text: str) -> bool:
    """Return True when ``text`` is ordinary, benign text worth a row.

    Refused: minified or generated text (very long lines, "generated" banners), text that is
    mostly base64 or hex, attack strings, obscene words, and control characters.

    :param text: the file's text.
    """
    if not text.strip() or "\x00" in text:
        return False
    lines = text.splitlines() or [text]
    longest = max(len(line) for line in lines)
    if longest > 2000 or len(text) / len(lines) > 250:
        return False
    head = text[:600].lower()
    if "do not edit" in head or "auto-generated" in head or "autogenerated" in head \
            or "this file is generated" in head or "@generated" in head:
        return False
    blob = sum(len(match) for match in _BLOB.findall(text))
    if blob > 0.2 * len(text):
        return False
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    if controls > 0:
        return False
    return not (_ATTACK.search(text) or _OBSCENE.search(text))


def word_count(text: str) -> int:
    """Return the number of white-space separated words.

    :param text: any text.
    """
    return len(text.split())


def cut(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Cut ``text`` at line boundaries into consecutive pieces of at most ``max_words`` words.

    A single line longer than ``max_words`` is cut between words.

    :param text: the text to cut.
    :param max_words: the largest piece, in words.
    :raises ValueError: if ``max_words`` is not positive.
    """
    if max_words < 1:
        raise ValueError("max_words must be positive")
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for line in text.split("\n"):
        words = len(line.split())
        while words > max_words:
            if current:
                pieces.append("\n".join(current))
                current, count = [], 0
            tokens = line.split()
            pieces.append(" ".join(tokens[:max_words]))
            line = " ".join(tokens[max_words:])
            words = len(tokens) - max_words
        if count + words > max_words and current:
            pieces.append("\n".join(current))
            current, count = [], 0
        current.append(line)
        count += words
    if current:
        pieces.append("\n".join(current))
    return [piece.strip() for piece in pieces if piece.strip()]


# --- selectors ---------------------------------------------------------------------------------

_CODE_EXT = {".py": "python", ".rs": "rust", ".js": "javascript", ".mjs": "javascript",
             ".cjs": "javascript", ".ts": "typescript", ".mts": "typescript", ".c": "c",
             ".h": "c", ".cc": "cpp", ".cpp": "cpp", ".hpp": "cpp", ".cxx": "cpp"}
_CPP_PACKAGES = ("pybind11", "node-addon-api")
_LICENCE = re.compile(r"(?i)^(licen[cs]e|copying|notice|unlicense)([-._][\w.-]*)?$")
_CHANGELOG = re.compile(r"(?i)^(changelog|changes|history|news|release|releases)([-._]\w+)*$")
_TRANSLATED = re.compile(r"(?i)^readme[-._](zh|ja|ko|de|fr|es|ru|pt|it)([-_][a-z]{2})?\.(md|rst)$")
_DOC_EXT = (".md", ".rst", ".markdown")
_DATA_EXT = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".csv": "csv"}


def select_licence(path: PurePosixPath) -> Picked | None:
    """Licence texts and notices (``LICENSE``, ``LICENSE-MIT``, ``COPYING``, ``NOTICE`` ...).

    :param path: a path relative to the package root.
    """
    if _LICENCE.match(path.name):
        return Domain.LICENSE, {"doc_kind": "licence"}
    return None


def select_changelog(path: PurePosixPath) -> Picked | None:
    """Changelogs and release notes at any depth (``CHANGELOG.md``, ``History.md``, ...).

    :param path: a path relative to the package root.
    """
    if _CHANGELOG.match(path.name) and path.suffix.lower() in ("", ".md", ".rst", ".txt"):
        return Domain.CHANGELOG, {"doc_kind": "changelog"}
    if path.name.lower() == "changelog.rst" or "changes" in path.parts[-2:-1]:
        return Domain.CHANGELOG, {"doc_kind": "changelog"}
    return None


def select_docs(path: PurePosixPath) -> Picked | None:
    """English READMEs, markdown and reStructuredText docs (not changelogs or translations).

    :param path: a path relative to the package root.
    """
    if select_changelog(path) or select_licence(path) or _TRANSLATED.match(path.name):
        return None
    if path.suffix.lower() in _DOC_EXT or (path.name.lower().startswith("readme")
                                           and path.suffix.lower() in ("", ".txt")):
        kind = "readme" if path.name.lower().startswith("readme") else "docs"
        return Domain.DOCS, {"doc_kind": kind}
    return None


def select_code(path: PurePosixPath) -> Picked | None:
    """Source files by extension (TypeScript declaration files and tests are kept out).

    :param path: a path relative to the package root.
    """
    name = path.name.lower()
    if name.endswith(".d.ts") or name.endswith(".d.mts") or name.startswith("test_") \
            or "tests" in path.parts or "test" in path.parts or name == "setup.py":
        return None
    lang = _CODE_EXT.get(path.suffix.lower())
    if lang is None:
        return None
    if lang == "c" and any(p in str(path) for p in _CPP_PACKAGES):
        lang = "cpp"
    return Domain.CODE, {"code_lang": lang}


def select_data(path: PurePosixPath) -> Picked | None:
    """JSON, YAML, TOML and CSV files (package manifests, configs, locale tables).

    :param path: a path relative to the package root.
    """
    kind = _DATA_EXT.get(path.suffix.lower())
    if kind is None and path.name == "Cargo.toml.orig":
        kind = "toml"
    if kind is None or "locales" in path.parts:
        return None
    return Domain.DATA, {"doc_kind": kind}


def select_translated(path: PurePosixPath) -> Picked | None:
    """Translated READMEs (``README.zh-CN.md``) and locale tables (``locales/de.json``).

    :param path: a path relative to the package root.
    """
    match = _TRANSLATED.match(path.name)
    if match:
        return Domain.MULTILINGUAL, {"doc_kind": "readme", "lang": match.group(1).lower()}
    if "locales" in path.parts and path.suffix == ".json" and path.stem != "en":
        return Domain.MULTILINGUAL, {"doc_kind": "json", "lang": path.stem.split("_")[0].lower()}
    return None


def select_po(path: PurePosixPath) -> Picked | None:
    """Gettext translation catalogues, ``locale/<lang>/LC_MESSAGES/*.po``.

    :param path: a path relative to the package root.
    """
    if path.suffix == ".po" and "LC_MESSAGES" in path.parts and "tests" not in path.parts:
        lang = path.parts[path.parts.index("LC_MESSAGES") - 1].split("_")[0].lower()
        if lang not in ("en", "eo"):
            return Domain.MULTILINGUAL, {"doc_kind": "gettext", "lang": lang}
    return None


def select_cli(path: PurePosixPath) -> Picked | None:
    """Command-line documentation and shell scripts (the npm CLI packages).

    :param path: a path relative to the package root.
    """
    if path.parts[:1] == ("bin",) and path.suffix == "":
        return Domain.SHELL, {"doc_kind": "script", "code_lang": "bash"}
    if path.suffix in (".sh", ".bash"):
        return Domain.SHELL, {"doc_kind": "script", "code_lang": "bash"}
    if path.parts[:2] == ("doc", "cli") and path.suffix == ".txt" and path.stem != "logo":
        return Domain.SHELL, {"doc_kind": "cli help"}
    if path.name.lower().startswith("readme") and len(path.parts) == 1:
        return Domain.SHELL, {"doc_kind": "cli readme"}
    return None


def select_crate_docs(path: PurePosixPath) -> Picked | None:
    """A crate's READMEs and markdown/reStructuredText docs at any depth, outside test folders.

    :param path: a path relative to the crate root.
    """
    picked = select_docs(path)
    if picked is None or "tests" in path.parts or "test" in path.parts:
        return None
    return picked


def select_crate_code(path: PurePosixPath) -> Picked | None:
    """A crate's Rust, C and C++ sources (not ``build.rs``, examples' tests or test folders).

    :param path: a path relative to the crate root.
    """
    if path.name == "build.rs":
        return None
    return select_code(path)


def select_script(path: PurePosixPath) -> Picked | None:
    """Shell scripts (``*.sh``, ``*.bash``).

    :param path: a path relative to the package root.
    """
    if path.suffix in (".sh", ".bash"):
        return Domain.SHELL, {"doc_kind": "script", "code_lang": "bash"}
    return None


def documented(text: str) -> float:
    """The share of a source file's lines that are doc comments (``///``, ``//!``, ``/**``).

    :param text: a source file.
    """
    lines = text.splitlines() or [""]
    docs = sum(1 for line in lines if line.lstrip().startswith(("///", "//!", "/**", "* ")))
    return docs / len(lines)


_PERMISSIVE_IDS = re.compile(r"^(MIT|MIT-0|Apache-2\.0|BSD-[23]-Clause|0BSD)$")
"""The licence identifiers a crate may state: MIT, Apache-2.0 and BSD only (ISC, Zlib,
Unicode-3.0, MPL, copyleft and unknown identifiers make a crate skipped)."""


def permissive_licence(expression: str) -> bool:
    """Return True when an SPDX licence expression lets us use the crate under MIT/Apache/BSD.

    ``OR`` needs one permissive side, ``AND`` needs both; ``X WITH exception`` counts as ``X``.
    The old ``MIT/Apache-2.0`` form reads as ``OR``. Anything unparsable is refused.

    :param expression: a Cargo.toml ``license`` value.
    """
    tokens = re.findall(r"\(|\)|[^\s()]+", expression.replace("/", " OR "))
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def term() -> bool:
        nonlocal position
        token = peek()
        if token is None or token in (")", "AND", "OR", "WITH"):
            raise ValueError(expression)
        position += 1
        if token == "(":
            value = disjunction()
            if peek() != ")":
                raise ValueError(expression)
            position += 1
        else:
            value = bool(_PERMISSIVE_IDS.match(token))
        if peek() == "WITH":
            position += 2
        return value

    def conjunction() -> bool:
        nonlocal position
        value = term()
        while peek() == "AND":
            position += 1
            value = term() and value
        return value

    def disjunction() -> bool:
        nonlocal position
        value = conjunction()
        while peek() == "OR":
            position += 1
            value = conjunction() or value
        return value

    try:
        result = disjunction()
    except (ValueError, IndexError):
        return False
    return result and position == len(tokens)


def crate_licence(root: Path) -> str | None:
    """The ``license`` field of the crate unpacked at ``root`` (None when absent or unreadable).

    :param root: the crate's folder (holding ``Cargo.toml``).
    """
    try:
        manifest = tomllib.loads((root / "Cargo.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = manifest.get("package", {}).get("license")
    return value if isinstance(value, str) else None


def _pygments(language: Callable[[str], str | None], domain: Domain, meta_key: str) -> Selector:
    """A selector for ``tests/examplefiles/<lexer>/<file>``.

    :param language: maps a lexer folder name to the value recorded under ``meta_key``, or None
        to leave the folder out.
    :param domain: the rows' domain.
    :param meta_key: ``code_lang`` or ``doc_kind``.
    """
    def select(path: PurePosixPath) -> Picked | None:
        parts = path.parts
        if len(parts) != 4 or parts[:2] != ("tests", "examplefiles") or path.suffix == ".output":
            return None
        value = language(parts[2])
        return None if value is None else (domain, {meta_key: value})
    return select


PYGMENTS_TRAINED_OR_OTHER = frozenset({
    "python", "py2tb", "pycon", "pytb", "pypylog", "conftest.py", "rust", "js", "jsx", "ts",
    "tsx", "javascript+mozpreproc", "nodejsrepl", "c", "cpp", "ragel-cpp", "charmci", "arduino",
    "text", "output", "hexdump", "objdump-nasm", "email", "irc", "mime", "http", "kmsg", "wdiff",
    "tnt", "rst", "md", "org", "wikitext", "trac-wiki", "notmuch", "todotxt", "termcap",
    "terminfo", "groff", "ms", "tid", "vctreestatus", "rconsole", "matlabsession", "psysh",
    "iex", "jlcon", "gap-repl", "rbcon", "dylan-console", "postgres-explain", "sgf", "zone",
    "scdoc", "srcinfo", "tls", "ldif", "ldaprc", "bib", "bst", "yara", "redcode", "aheui",
})
"""Pygments lexers kept out of the held-out code set: languages the trainable collections
cover, prose and markup, transcripts, dumps, and files that test a lexer rather than show code."""


def pygments_code_language(lexer: str) -> str | None:
    """Return the lexer name when its example files belong to the held-out code set.

    :param lexer: a folder name under ``tests/examplefiles``.
    """
    excluded = PYGMENTS_TRAINED_OR_OTHER | set(PYGMENTS_SHELL) | set(PYGMENTS_DATA)
    return None if lexer in excluded else lexer


PYGMENTS_SHELL = {"bash": "bash", "console": "shell-session", "fish": "fish", "tcsh": "tcsh",
                  "tcshcon": "shell-session", "powershell": "powershell",
                  "pwsh-session": "shell-session", "bat": "batch", "doscon": "shell-session"}
PYGMENTS_DATA = {"json": "json", "jsonld": "json", "yaml": "yaml", "toml": "toml", "ini": "ini",
                 "properties": "properties", "nginx": "nginx config",
                 "apacheconf": "apache config", "xorg.conf": "xorg config", "docker": "dockerfile",
                 "pkgconfig": "pkg-config", "sourceslist": "apt sources"}


# --- reading -----------------------------------------------------------------------------------

def _package_root(ctx: Context, key: str) -> Path:
    """The folder holding the package's files (the single top folder of the archive)."""
    root = ctx.package(key)
    entries = [entry for entry in root.iterdir() if not entry.name.startswith(".edgeguard")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return root


def _candidates(root: Path, select: Selector) -> list[tuple[PurePosixPath, Picked]]:
    """Every selected file under ``root``, in sorted path order."""
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = PurePosixPath(path.relative_to(root).as_posix())
        if skip_path(rel) or path.stat().st_size > MAX_BYTES:
            continue
        picked = select(rel)
        if picked is not None:
            found.append((rel, picked))
    return found


def _read(path: Path) -> str | None:
    """The file as UTF-8 text, or None when it is not."""
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None


def rows_from_files(source: str, package_id: str,
                    files: list[tuple[PurePosixPath, Picked, str]],
                    *, per_package: int,
                    prefer: Callable[[str], float] | None = None,
                    max_words: int = MAX_WORDS) -> Iterator[Row]:
    """Yield the rows of one package's files (already read), after filtering and cutting.

    Files are ranked by a hash of their path and the first ``per_package`` that pass the
    filters are kept; their rows come out in path order.

    :param source: the source name.
    :param package_id: ``NAME@VERSION`` of the package (its family and provenance).
    :param files: ``(path, (domain, meta), text)`` per candidate file.
    :param per_package: at most this many files.
    :param prefer: ranks files first (higher first), before the hash.
    :param max_words: the largest piece, in words.
    """
    ranked = sorted(files, key=lambda item: (-(prefer(item[2]) if prefer else 0.0),
                                             short_hash(f"{package_id}/{item[0]}")))
    kept: list[tuple[Any, Any, str]] = []
    for path, picked, text in ranked:
        if len(kept) >= per_package:
            break
        if not readable(text) or word_count(text) < MIN_WORDS:
            continue
        kept.append((path, picked, text))
    family = f"{source}:{package_id.rsplit('@', 1)[0]}"
    for path, (domain, meta), text in sorted(kept, key=lambda item: str(item[0])):
        extra: dict[str, Any] = dict(meta)
        lang = extra.pop("lang", None)
        pieces = cut(text.replace("\r\n", "\n"), max_words)
        for index, piece in enumerate(pieces):
            if word_count(piece) < MIN_WORDS:
                continue
            row_lang = lang or ("en" if domain is not Domain.MULTILINGUAL else script_lang(piece))
            if domain is not Domain.MULTILINGUAL and script_lang(piece) != "en":
                row_lang = script_lang(piece)
            yield labeled(piece, (), source=source, family=family, kind=Kind.PROMPT,
                          lang=row_lang, domain=domain, package=package_id, path=str(path),
                          piece=index, pieces=len(pieces), **extra)


def load_collection(ctx: Context, collection: Collection) -> Iterator[Row]:
    """Yield the rows of one collection, capped per package and in all.

    :param ctx: the run context holding the fetched packages.
    :param collection: what to read.
    :raises MissingPackage: if a package of the collection was not fetched.
    """
    per_package: list[list[Row]] = []
    for key in collection.packages:
        pkg = pinned(key)
        root = _package_root(ctx, key)
        if pkg.kind == fetch.CRATE and not permissive_licence(crate_licence(root) or ""):
            continue
        files = []
        for rel, picked in _candidates(root, collection.select):
            text = _read(root / rel)
            if text is not None and collection.extract is not None:
                text = collection.extract(rel, text)
            if text is not None:
                files.append((rel, picked, text))
        package_id = f"{pkg.registry_name}@{pkg.version}"
        per_package.append(list(rows_from_files(collection.source, package_id, files,
                                                per_package=collection.per_package,
                                                prefer=collection.prefer,
                                                max_words=collection.max_words)))
    yield from cap_files(per_package, collection.total)


def cap_files(per_package: list[list[Row]], total: int) -> Iterator[Row]:
    """Keep at most ``total`` files, taken round-robin over the packages, whole files only.

    :param per_package: each package's rows, in path order.
    :param total: the most files kept.
    """
    files: list[list[list[Row]]] = []
    for rows in per_package:
        grouped: dict[str, list[Row]] = {}
        for row in rows:
            grouped.setdefault(row.meta["path"], []).append(row)
        files.append(sorted(grouped.values(), key=lambda group: short_hash(group[0].family
                                                                            + group[0].meta["path"])))
    chosen: set[int] = set()
    taken = 0
    depth = 0
    while taken < total and any(depth < len(group) for group in files):
        for group in files:
            if depth < len(group) and taken < total:
                chosen.add(id(group[depth]))
                taken += 1
        depth += 1
    for group in files:
        for rows in sorted(group, key=lambda rows: rows[0].meta["path"]):
            if id(rows) in chosen:
                yield from rows


# --- pure-Python wheels ------------------------------------------------------------------------

DOCSTRING_SHARE = 4
"""One Python module in this many (by a hash of its path) gives its docstrings to the wheels'
docs collection; the others are code rows, so no module is in both."""

MIN_DOCSTRING_WORDS = 40
"""A module whose docstrings hold fewer words gives no docs row."""


def _docstring_module(path: PurePosixPath) -> bool:
    """True for the share of Python modules whose docstrings become docs rows."""
    return int(short_hash(str(path)), 16) % DOCSTRING_SHARE == 0


def _wheel_python(path: PurePosixPath) -> bool:
    """A wheel's Python module outside test folders (not ``test_*.py``, ``conftest.py``)."""
    name = path.name.lower()
    return (path.suffix == ".py" and not name.startswith("test_") and name != "conftest.py"
            and not any(part in ("tests", "test", "testing") for part in path.parts))


def select_wheel_code(path: PurePosixPath) -> Picked | None:
    """A wheel's Python modules (all but one in :data:`DOCSTRING_SHARE`) and HTML templates.

    :param path: a path relative to the unpacked wheel.
    """
    if _wheel_python(path):
        return None if _docstring_module(path) else (Domain.CODE, {"code_lang": "python"})
    if path.suffix == ".html" and "templates" in path.parts and "tests" not in path.parts:
        return Domain.CODE, {"code_lang": "html"}
    return None


def select_wheel_docs(path: PurePosixPath) -> Picked | None:
    """A wheel's README (``*.dist-info/METADATA``), markdown/reST docs, and the docstrings of one
    Python module in :data:`DOCSTRING_SHARE` (see :func:`wheel_docstrings`).

    :param path: a path relative to the unpacked wheel.
    """
    if path.name == "METADATA" and path.parent.name.endswith(".dist-info"):
        return Domain.DOCS, {"doc_kind": "readme"}
    if _wheel_python(path):
        return (Domain.DOCS, {"doc_kind": "docstrings"}) if _docstring_module(path) else None
    if "static" in path.parts or "tests" in path.parts or path.parent.name.endswith(".dist-info"):
        return None
    return select_docs(path)


def wheel_docstrings(path: PurePosixPath, text: str) -> str | None:
    """The docstrings of a Python module (module, classes, functions), one paragraph each.

    Other files come through unchanged. None when the module does not parse or its docstrings
    hold fewer than :data:`MIN_DOCSTRING_WORDS` words.

    :param path: a path relative to the unpacked wheel.
    :param text: the file's text.
    """
    if path.suffix != ".py":
        return text
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    docs = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=True)
            if doc and doc.strip():
                docs.append(doc.strip())
    joined = "\n\n".join(docs)
    return joined if word_count(joined) >= MIN_DOCSTRING_WORDS else None


def has_docstring(text: str) -> float:
    """1.0 for a Python file with a triple-quoted string or a template with tags, else 0.0.

    :param text: a source file.
    """
    return 1.0 if '"""' in text or "'" * 3 in text or "{%" in text else 0.0


def select_django_po(path: PurePosixPath) -> Picked | None:
    """Django's main catalogue per language, ``django/conf/locale/<lang>/LC_MESSAGES/django.po``.

    :param path: a path relative to the unpacked wheel.
    """
    if path.parts[:3] == ("django", "conf", "locale") and path.name == "django.po":
        return select_po(path)
    return None


# --- the collections ---------------------------------------------------------------------------

NPM_CODE_PACKAGES = ("npm:lodash", "npm:express", "npm:koa", "npm:commander", "npm:axios",
                     "npm:zod", "npm:rxjs", "npm:node-addon-api", "npm:js-yaml", "npm:dayjs",
                     "npm:yargs", "npm:shelljs", "npm:nodemon", "npm:egg")
NPM_CLI_PACKAGES = ("npm:n", "npm:nodemon", "npm:tree-kill", "npm:shelljs", "npm:commander")
NPM_TRANSLATED_PACKAGES = ("npm:egg", "npm:egg-validate", "npm:egg-mysql", "npm:egg-logger",
                           "npm:egg-socket.io", "npm:yargs")
CRATES = fetch.lock_keys(heldout=False)
"""The trained slice of the repository's ``Cargo.lock`` crates (about 85 %)."""
CRATES_HELDOUT = fetch.lock_keys(heldout=True)
"""The held-out slice (about 15 %, by a hash of the crate name): docs, licences, changelogs."""
CRATES_NOTE = ("Cargo.lock crates: each crate's Cargo.toml license must be MIT, Apache-2.0 or BSD "
               "(ISC, Zlib, Unicode-3.0, MPL and missing licences are skipped)")
"""The licence note of the ``crates_*`` sources."""
_LOCK: dict[str, Any] = {"origin_name": fetch.LOCK_ORIGIN}
_LOCK_HELDOUT: dict[str, Any] = {"origin_name": fetch.LOCK_HELDOUT_ORIGIN}
PYPI_CODE_PACKAGES = ("click", "flask", "requests", "attrs", "pybind11", "cffi")
PYPI_DOC_PACKAGES = ("click", "flask", "requests", "attrs", "pybind11", "cffi", "sphinx")
PYPI_WHEEL_PACKAGES = ("django", "sympy", "networkx", "jinja2", "werkzeug", "markdown")
"""Pure-Python wheels (all BSD-3-Clause) read by the trained ``pypi_wheels_*`` collections."""
AUTH_WHEEL_PACKAGES = ("authlib", "google-auth", "msal", "hvac", "passlib", "urllib3", "httpx")
"""Pure-Python wheels of sign-in, secrets and HTTP libraries (BSD, MIT and Apache-2.0), read by the
trained ``pypi_auth_*`` collections: code full of tokens, credentials and secrets that is benign."""
BREADTH_WHEEL_PACKAGES = ("ebcdic", "ftfy", "fonttools", "rich", "pytest", "twisted", "scrapy",
                          "sqlalchemy", "nltk", "mpmath", "celery", "fabric", "invoke", "psutil",
                          "sh", "plumbum", "emoji", "tornado")
"""Wheels (BSD, MIT and Apache-2.0) read by the ``pypi_breadth_*`` collections for the kinds of
code the others lack: generated codec and Unicode tables, shell and process control (signals,
``kill``), SQL, networking, language processing. Held out (external code and docs): the shipped
recipe trained on them misses required behaviour cases (models/README.md). None of them is
installed on this machine, whose Python files stay out of training."""


NPM_DOC_PACKAGES = tuple(key for key in NPM_CODE_PACKAGES + NPM_TRANSLATED_PACKAGES[1:-1]
                         if key not in NPM_CLI_PACKAGES)
"""npm docs, without the CLI packages whose READMEs the shell collection takes."""
NPM_ALL_PACKAGES = tuple(dict.fromkeys(NPM_CODE_PACKAGES + NPM_TRANSLATED_PACKAGES
                                       + NPM_CLI_PACKAGES))


COLLECTIONS: dict[str, Collection] = {c.source: c for c in (
    Collection("npm_code", NPM_CODE_PACKAGES, select_code, per_package=320, total=2200),
    Collection("crates_code", CRATES, select_crate_code, per_package=12, total=2500,
               prefer=documented, **_LOCK),
    Collection("pypi_code", PYPI_CODE_PACKAGES, select_code, per_package=200, total=900),
    Collection("pypi_wheels_code", PYPI_WHEEL_PACKAGES, select_wheel_code, per_package=1000,
               total=3500, prefer=has_docstring),
    Collection("pypi_auth_code", AUTH_WHEEL_PACKAGES, select_wheel_code, per_package=120,
               total=600, prefer=has_docstring),
    Collection("pypi_breadth_code", BREADTH_WHEEL_PACKAGES, select_wheel_code, per_package=200,
               total=3000, prefer=has_docstring),
    Collection("pygments_code", ("pygments",), _pygments(pygments_code_language, Domain.CODE, "code_lang"),
               per_package=700, total=700),
    Collection("npm_docs", NPM_DOC_PACKAGES, select_docs,
               per_package=40, total=400),
    Collection("crates_docs", CRATES, select_crate_docs, per_package=16, total=1500,
               max_words=1000, **_LOCK),
    Collection("crates_docs_heldout", CRATES_HELDOUT, select_crate_docs, per_package=8,
               total=100, max_words=1000, **_LOCK_HELDOUT),
    Collection("pypi_docs", PYPI_DOC_PACKAGES, select_docs, per_package=150, total=700),
    Collection("pypi_wheels_docs", PYPI_WHEEL_PACKAGES, select_wheel_docs, per_package=150,
               total=300, extract=wheel_docstrings),
    Collection("pypi_auth_docs", AUTH_WHEEL_PACKAGES, select_wheel_docs, per_package=30,
               total=150, extract=wheel_docstrings),
    Collection("pypi_breadth_docs", BREADTH_WHEEL_PACKAGES, select_wheel_docs, per_package=30,
               total=500, extract=wheel_docstrings),
    Collection("npm_license", NPM_ALL_PACKAGES, select_licence, per_package=3, total=100),
    Collection("crates_license", CRATES, select_licence, per_package=2, total=300, **_LOCK),
    Collection("crates_license_heldout", CRATES_HELDOUT, select_licence, per_package=2,
               total=60, **_LOCK_HELDOUT),
    Collection("pypi_license", PYPI_DOC_PACKAGES + ("pygments",), select_licence, per_package=4,
               total=100),
    Collection("npm_changelog", NPM_ALL_PACKAGES, select_changelog, per_package=4, total=100),
    Collection("crates_changelog", CRATES, select_changelog, per_package=2, total=300,
               max_words=1500, **_LOCK),
    Collection("crates_changelog_heldout", CRATES_HELDOUT, select_changelog, per_package=2,
               total=60, max_words=1500, **_LOCK_HELDOUT),
    Collection("pypi_changelog", PYPI_DOC_PACKAGES + ("pygments",), select_changelog,
               per_package=4, total=100),
    Collection("npm_data", NPM_CODE_PACKAGES, select_data, per_package=40, total=300),
    Collection("crates_data", CRATES, select_data, per_package=6, total=800, **_LOCK),
    Collection("pygments_data", ("pygments",), _pygments(PYGMENTS_DATA.get, Domain.DATA, "doc_kind"),
               per_package=200, total=200),
    Collection("npm_shell", NPM_CLI_PACKAGES, select_cli, per_package=20, total=100),
    Collection("crates_shell", CRATES, select_script, per_package=5, total=100, **_LOCK),
    Collection("pygments_shell", ("pygments",),
               _pygments(PYGMENTS_SHELL.get, Domain.SHELL, "code_lang"), per_package=200, total=200),
    Collection("sphinx_multilingual", ("sphinx",), select_po, per_package=600, total=600),
    Collection("django_multilingual", ("django",), select_django_po, per_package=75, total=75),
    Collection("npm_multilingual", NPM_TRANSLATED_PACKAGES, select_translated, per_package=40,
               total=200),
)}
"""Every collection, by source name."""

HOLDOUT: frozenset[str] = frozenset({"pygments_code", "pypi_docs", "pypi_license",
                                     "pypi_changelog", "pygments_data", "pygments_shell",
                                     "npm_multilingual", "crates_docs_heldout",
                                     "crates_license_heldout", "crates_changelog_heldout",
                                     "pypi_breadth_code", "pypi_breadth_docs"})
"""Collections registered with ``holdout=True``: the external evaluation set of their domain."""


def loader(name: str) -> Callable[[Context], Iterator[Row]]:
    """Return the loader of the collection called ``name``.

    :param name: a key of :data:`COLLECTIONS`.
    :raises KeyError: if there is no such collection.
    """
    collection = COLLECTIONS[name]

    def load(ctx: Context) -> Iterator[Row]:
        return load_collection(ctx, collection)

    load.__doc__ = f"Yield the rows of the {name} collection."
    return load
