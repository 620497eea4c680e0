"""Benign system prompts from pinned packages (domain ``system_prompt``).

An application's system prompt is ordinary text the guard sees on every request ("You are a
customer support assistant for ...", "Answer with the letter only"). Safety judges' system
prompts are full of hazard words and are still benign instructions. The collections:

- :func:`load_evals` (evals, MIT): the ``system`` messages of the registry samples that read as
  instructions or personas (:data:`INSTRUCTION_START`). Many tasks put puzzle data in the system
  role; those are skipped by the instruction filter. At most :data:`PER_TASK` per task, picked by
  a stable hash order. Adversarial tasks (``evals_registry.SKIPPED_TASKS`` and
  :data:`EXTRA_SKIPPED_TASKS`) are skipped.
- :func:`load_pyrit` (PyRIT, MIT): the scorer and judge system prompts under
  ``pyrit/datasets/score`` (Likert scales, true/false classifiers, refusal judges). Attacker and
  red-teaming prompts (``executors/``, ``jailbreak/``, and score files named after red teaming or
  personas) are not read.
- :func:`load_frameworks` (six LLM frameworks, MIT and Apache-2.0, :data:`FRAMEWORKS`): the
  prompt templates they ship as string constants (``*PROMPT*``, ``*TEMPLATE*``, ``*TMPL*``,
  ``*SYSTEM*``, ``*INSTRUCTION*``): agent, RAG, summarising, extraction and judge prompts, with
  their ``{placeholders}`` kept, as an application sends them.
- :func:`load_inspect` (inspect-evals, MIT): string constants named ``*SYSTEM*`` or ``persona``
  in the evaluation code: agent, judge and tutor prompts. Registered as held out: the external
  set of the domain. Benchmarks whose system prompts play a victim or attacker role
  (:data:`INSPECT_SKIPPED`) are left out.

garak was searched as well: it holds two generic one-line assistant prompts and otherwise
attack material, so it gives no collection.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..rows import Row
from .base import Context, Domain, clean, labeled, script_lang, short_hash
from .evals_registry import input_turns, records, task_language, tasks

PER_TASK = 12
MIN_CHARS = 30
MAX_CHARS = 20_000

EXTRA_SKIPPED_TASKS: frozenset[str] = frozenset({
    "jailbreak", "self_prompting", "manipulation", "password", "deception", "lie",
    "persuasion", "red_team", "harmful",
})
"""Substrings of evals task names whose system prompts may be adversarial."""

INSTRUCTION_START = re.compile(
    r"^\s*(you are|you're|you will|you'll|you must|you should|your (task|job|role|goal)|as an? |"
    r"act as|acting as|pretend you|imagine you|assume you|the user will|the following|"
    r"answer|respond|reply|please|task:|instructions?:|read |given |generate|write|translate|"
    r"summari[sz]e|classify|determine|identify|provide|return|solve|choose|select|evaluate|"
    r"decide|convert|output|consider|follow|i will|i want you|in this task|your response)",
    re.IGNORECASE)
"""How an instruction or persona system prompt begins."""

INSPECT_SKIPPED: frozenset[str] = frozenset({"cyberseceval_4", "agentharm", "agentdojo",
                                             "make_me_pay", "stereoset"})
"""inspect-evals benchmarks whose system prompts role-play victims or attackers."""

_NAME = re.compile(r"system|persona", re.IGNORECASE)


def _is_instruction(text: str) -> bool:
    return MIN_CHARS <= len(text) <= MAX_CHARS and bool(INSTRUCTION_START.match(text))


def _system_messages(folder: Path) -> list[str]:
    """The distinct system messages of a task folder."""
    seen: dict[str, None] = {}
    for record in records(folder):
        for turn in input_turns(record):
            if isinstance(turn, dict) and turn.get("role") == "system" \
                    and isinstance(turn.get("content"), str):
                text = clean(turn["content"])
                if _is_instruction(text):
                    seen.setdefault(text, None)
    return list(seen)


def load_evals(ctx: Context) -> Iterator[Row]:
    """Yield up to :data:`PER_TASK` instruction-like system prompts per evals task.

    :param ctx: the run context.
    :raises MissingPackage: if evals was not fetched.
    """
    for task, folder in tasks(ctx):
        if any(word in task.lower() for word in EXTRA_SKIPPED_TASKS):
            continue
        for text in sorted(_system_messages(folder), key=short_hash)[:PER_TASK]:
            yield labeled(text, (), source="evals_system_prompts",
                          family=f"evals_system_prompts:{task}:{short_hash(text)}",
                          lang=script_lang(text, task_language(task)),
                          domain=Domain.SYSTEM_PROMPT, task=task)


_PYRIT_SKIP = re.compile(r"red_team|persona|gandalf|attack", re.IGNORECASE)


def load_pyrit(ctx: Context) -> Iterator[Row]:
    """Yield the scorer and judge system prompts of PyRIT (``datasets/score``).

    Each YAML file contributes its ``value`` (a template) and, for true/false scorers, the
    category descriptions joined into one judging instruction.

    :param ctx: the run context.
    :raises MissingPackage: if pyrit was not fetched.
    """
    root = ctx.package("pyrit", "pyrit", "datasets", "score")
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        if _PYRIT_SKIP.search(relative):
            continue
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
        if not isinstance(document, dict):
            continue
        texts = []
        if isinstance(document.get("value"), str):
            texts.append(document["value"])
        if isinstance(document.get("true_description"), str):
            texts.append(f"Classify the message into one of two categories.\n\nTrue: "
                         f"{document['true_description']}\nFalse: "
                         f"{document.get('false_description', '')}")
        for text in texts:
            text = clean(text)
            if len(text) < MIN_CHARS:
                continue
            yield labeled(text, (), source="pyrit_system_prompts",
                          family=f"pyrit_system_prompts:{relative}",
                          domain=Domain.SYSTEM_PROMPT, hard_negative=True, file=relative)


def _string(node: ast.expr) -> str | None:
    """The text of a string constant, or of an f-string with each field as ``{field}``."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(str(part.value) if isinstance(part, ast.Constant) else "{field}"
                       for part in node.values)
    return None


def _constants(path: Path, name: re.Pattern[str] = _NAME) -> Iterator[tuple[str, str]]:
    """``(name, text)`` of the string constants assigned to a name (or attribute) that
    ``name`` matches."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        text = _string(node.value)
        if text is None:
            continue
        for target in node.targets:
            target_name = target.id if isinstance(target, ast.Name) else \
                target.attr if isinstance(target, ast.Attribute) else ""
            if target_name and name.search(target_name):
                yield target_name, text


def load_inspect(ctx: Context) -> Iterator[Row]:
    """Yield the system-prompt constants of the inspect-evals benchmarks (held out).

    :param ctx: the run context.
    :raises MissingPackage: if inspect-evals was not fetched.
    """
    root = ctx.package("inspect-evals", "inspect_evals")
    seen: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        bench = path.relative_to(root).parts[0]
        if bench in INSPECT_SKIPPED:
            continue
        for name, raw in _constants(path):
            text = clean(raw)
            if len(text) < MIN_CHARS or " " not in text or text in seen:
                continue
            seen.add(text)
            yield labeled(text, (), source="inspect_system_prompts",
                          family=f"inspect_system_prompts:{bench}:{short_hash(text)}",
                          domain=Domain.SYSTEM_PROMPT, benchmark=bench, constant=name)


FRAMEWORKS = ("llama-index-core", "haystack-ai", "semantic-kernel", "dspy", "autogen-agentchat",
              "langchain-core")
"""The LLM-framework wheels whose prompt templates :func:`load_frameworks` reads."""

FRAMEWORKS_NOTE = ("wheel licence files: llama-index-core, dspy, langchain-core, semantic-kernel, "
                   "autogen-agentchat MIT; haystack-ai Apache-2.0")
"""Licences of :data:`FRAMEWORKS`."""

_TEMPLATE_NAME = re.compile(r"prompt|template|tmpl|system|instruction", re.IGNORECASE)
_TEMPLATE_SKIP = re.compile(r"red_?team|jailbreak|attack|guardrail|safety|toxic", re.IGNORECASE)
MIN_TEMPLATE_WORDS = 15
"""Shorter constants (format strings, error messages) are not templates."""


def load_frameworks(ctx: Context) -> Iterator[Row]:
    """Yield the prompt templates of the LLM frameworks in :data:`FRAMEWORKS`.

    Modules and templates about red teaming, jailbreaks or safety checks are skipped: their
    examples may quote harmful requests.

    :param ctx: the run context.
    :raises MissingPackage: if a framework was not fetched.
    """
    seen: set[str] = set()
    for framework in FRAMEWORKS:
        root = ctx.package(framework)
        for path in sorted(root.rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if _TEMPLATE_SKIP.search(relative) or "/tests/" in f"/{relative}":
                continue
            for name, raw in _constants(path, _TEMPLATE_NAME):
                text = clean(raw)
                if len(text.split()) < MIN_TEMPLATE_WORDS or text in seen \
                        or _TEMPLATE_SKIP.search(text):
                    continue
                seen.add(text)
                yield labeled(text, (), source="framework_system_prompts",
                              family=f"framework_system_prompts:{framework}:{short_hash(text)}",
                              lang=script_lang(text), domain=Domain.SYSTEM_PROMPT,
                              file=relative, constant=name)
