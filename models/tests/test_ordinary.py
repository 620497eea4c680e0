"""Ordinary-text sources: filters, cutting, selection, licences and hold-outs (no downloads)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path, PurePosixPath

import pytest

from edgeguard_models import fetch
from edgeguard_models.sources import PERMISSIVE, SOURCES, Context, Domain, ordinary, source
from edgeguard_models.sources.ordinary import (
    Collection,
    cut,
    load_collection,
    readable,
    select_changelog,
    select_code,
    select_docs,
    select_licence,
    select_po,
    select_translated,
    skip_path,
)

_PROSE = "This library parses configuration files and reports every error it finds.\n"


def test_skip_path_refuses_build_output_binaries_and_locks() -> None:
    for name in ("dist/app.js", "lib/app.min.js", "package-lock.json", "Cargo.lock",
                 "node_modules/x/index.js", "img/logo.png", "tests/fixtures/blns.txt",
                 "data/naughty-strings.json"):
        assert skip_path(PurePosixPath(name)), name
    assert not skip_path(PurePosixPath("src/lib.rs"))


def test_readable_refuses_minified_blobs_attacks_and_obscene_text() -> None:
    assert readable(_PROSE * 5)
    assert not readable("var a=1;" * 400)
    assert not readable("QUJD" * 200 + "\n" + _PROSE)
    assert not readable(_PROSE + '<img src=x onerror="alert(1)">')
    assert not readable(_PROSE + "username: ' OR 1=1 --")
    assert not readable(_PROSE + "what the fuck is this")
    assert not readable("// DO NOT EDIT: this file is generated\n" + _PROSE)


def test_cut_keeps_pieces_under_the_limit_at_line_boundaries() -> None:
    text = "\n".join(f"line {i} has five words" for i in range(100))
    pieces = cut(text, max_words=52)
    assert all(len(piece.split()) <= 52 for piece in pieces)
    assert "\n".join(pieces).split("\n") == text.split("\n")
    assert len(pieces) == 10
    assert cut("one two three four five six", max_words=4) == ["one two three four", "five six"]
    with pytest.raises(ValueError):
        cut("x", max_words=0)


def test_selectors_route_files_to_their_domains() -> None:
    assert select_licence(PurePosixPath("LICENSE-MIT"))[0] is Domain.LICENSE
    assert select_changelog(PurePosixPath("History.md"))[0] is Domain.CHANGELOG
    assert select_docs(PurePosixPath("README.md"))[0] is Domain.DOCS
    assert select_docs(PurePosixPath("CHANGELOG.md")) is None
    assert select_docs(PurePosixPath("README.zh-CN.md")) is None
    assert select_translated(PurePosixPath("README.zh-CN.md"))[1]["lang"] == "zh"
    assert select_code(PurePosixPath("src/lib.rs"))[1] == {"code_lang": "rust"}
    assert select_code(PurePosixPath("index.d.ts")) is None
    assert select_po(PurePosixPath("locale/de/LC_MESSAGES/app.po"))[1]["lang"] == "de"


def _tarball(tmp_path: Path, files: dict[str, str]) -> Path:
    path = tmp_path / "demo-1.0.0.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_fetch_and_load_a_collection_from_an_npm_tarball(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = "\n".join(["word " * 10] * 900)
    archive = _tarball(tmp_path, {"README.md": _PROSE * 3, "LICENSE": _PROSE * 2,
                                  "docs/long.md": long_text, "docs/tiny.md": "two words",
                                  "docs/bad.md": _PROSE + "<script>alert(1)</script>"})
    archives = tmp_path / "cache" / "archives"
    archives.mkdir(parents=True)
    archive = archive.rename(archives / archive.name)
    pkg = fetch.Package("npm:demo", "1.0.0", archive.name, fetch.sha256_of(archive), "MIT",
                        "test", fetch.NPM, "https://registry.npmjs.org/demo/-/demo-1.0.0.tgz")
    monkeypatch.setattr(fetch, "ORDINARY_PACKAGES", (pkg,))
    monkeypatch.setattr(ordinary, "pinned", fetch.package)
    paths = fetch.fetch(tmp_path / "cache", ["npm:demo"])
    assert paths["npm:demo"].name == "npm-demo-1.0.0"
    ctx = Context(data_dir=tmp_path, packages=paths)
    docs = Collection("demo_docs", ("npm:demo",), select_docs, per_package=10, total=10)
    assert docs.origin == "npm:demo@1.0.0"
    rows = list(load_collection(ctx, docs))
    assert {row.meta["path"] for row in rows} == {"README.md", "docs/long.md"}
    long_rows = [row for row in rows if row.meta["path"] == "docs/long.md"]
    assert len(long_rows) == 3 and all(len(r.text.split()) <= 4000 for r in long_rows)
    assert {row.family for row in rows} == {"demo_docs:demo"}
    assert all(not row.labels and row.meta["domain"] == "docs" for row in rows)
    capped = Collection("demo_docs", ("npm:demo",), select_docs, per_package=1, total=1)
    assert len({row.meta["path"] for row in load_collection(ctx, capped)}) == 1


def test_tarball_members_cannot_escape(tmp_path: Path) -> None:
    path = tmp_path / "bad.tgz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("../escape.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(fetch.FetchError):
        fetch._extract_tar(path, tmp_path / "out")


def test_ordinary_sources_are_permissive_pinned_and_registered() -> None:
    names = {entry.name for entry in SOURCES}
    assert set(ordinary.COLLECTIONS) <= names
    for name in ordinary.COLLECTIONS:
        entry = source(name)
        assert entry.licence in PERMISSIVE and entry.trainable, name
        assert entry.holdout == (name in ordinary.HOLDOUT)
        assert fetch.origin_packages(entry.origin) == list(ordinary.COLLECTIONS[name].packages)
        assert set(fetch.origin_packages(entry.origin)) <= set(fetch.DATA_PACKAGES)
        if name.startswith("crates_"):
            assert entry.origin in (fetch.LOCK_ORIGIN, fetch.LOCK_HELDOUT_ORIGIN)
            assert entry.holdout == (entry.origin == fetch.LOCK_HELDOUT_ORIGIN)
    for pkg in fetch.ORDINARY_PACKAGES:
        assert len(pkg.sha256) == 64 and pkg.url.startswith("https://")
        assert pkg.kind in (fetch.SDIST, fetch.NPM, fetch.CRATE, fetch.WHEEL)


def test_every_ordinary_domain_has_a_trained_and_a_held_out_collection() -> None:
    domains = {"code": Domain.CODE, "docs": Domain.DOCS, "license": Domain.LICENSE,
               "changelog": Domain.CHANGELOG, "data": Domain.DATA, "shell": Domain.SHELL,
               "multilingual": Domain.MULTILINGUAL}
    for suffix in domains:
        members = [name for name in ordinary.COLLECTIONS if name.endswith("_" + suffix)]
        assert any(name in ordinary.HOLDOUT for name in members), suffix
        assert any(name not in ordinary.HOLDOUT for name in members), suffix


_LOCK = '''
version = 4

[[package]]
name = "edgeguard-core"
version = "0.1.0"
dependencies = ["demo"]

[[package]]
name = "demo"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "%s"

[[package]]
name = "demo"
version = "1.2.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "%s"

[[package]]
name = "windows-sys"
version = "0.61.2"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "%s"
''' % ("a" * 64, "b" * 64, "c" * 64)  # noqa: UP031 (a TOML template reads best with %s)


def test_parse_lock_pins_registry_crates_at_their_last_version() -> None:
    (pkg,) = fetch.parse_lock(_LOCK)
    assert (pkg.name, pkg.version, pkg.sha256, pkg.kind) == ("crates:demo", "1.2.0", "b" * 64,
                                                             fetch.CRATE)
    assert pkg.url == "https://static.crates.io/crates/demo/demo-1.2.0.crate"
    assert pkg.wheel == "demo-1.2.0.crate" and pkg.dir_name == "crate-demo-1.2.0"
    with pytest.raises(ValueError):
        fetch.parse_lock(_LOCK.replace("b" * 64, "not-a-hash"))
    with pytest.raises(ValueError):
        fetch.parse_lock("[[package]\n")


def test_lock_slices_are_disjoint_and_named_by_short_origins() -> None:
    trained = fetch.origin_packages(fetch.LOCK_ORIGIN)
    heldout = fetch.origin_packages(fetch.LOCK_HELDOUT_ORIGIN)
    assert not set(trained) & set(heldout)
    assert set(trained) | set(heldout) == {pkg.name for pkg in fetch.lock_packages()}
    assert all(fetch.lock_heldout(key.split(":", 1)[1]) for key in heldout)
    assert fetch.lock_heldout("demo") == fetch.lock_heldout("demo")


def test_permissive_licence_reads_spdx_expressions() -> None:
    for ok in ("MIT", "MIT OR Apache-2.0", "MIT/Apache-2.0", "Apache-2.0 WITH LLVM-exception",
               "BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-2-Clause", "ISC OR MIT"):
        assert ordinary.permissive_licence(ok), ok
    for bad in ("", "ISC", "Unicode-3.0", "(MIT OR Apache-2.0) AND Unicode-3.0", "MPL-2.0",
                "Zlib", "MIT OR", "GPL-3.0-only"):
        assert not ordinary.permissive_licence(bad), bad
