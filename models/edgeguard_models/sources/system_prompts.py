"""Benign system prompts from three pinned packages (domain ``system_prompt``).

An application's system prompt is ordinary text the guard sees on every request ("You are a
customer support assistant for ...", "Answer with the letter only"). Safety judges' system
prompts are full of hazard words and are still benign instructions. Three collections:

- :func:`load_evals` (evals, MIT): the ``system`` messages of the registry samples that read as
  instructions or personas (:data:`INSTRUCTION_START`). Many tasks put puzzle data in the system
  role; those are skipped by the instruction filter. At most :data:`PER_TASK` per task, picked by
  a stable hash order. Adversarial tasks (``evals_registry.SKIPPED_TASKS`` and
  :data:`EXTRA_SKIPPED_TASKS`) are skipped.
- :func:`load_pyrit` (PyRIT, MIT): the scorer and judge system prompts under
  ``pyrit/datasets/score`` (Likert scales, true/false classifiers, refusal judges). Attacker and
  red-teaming prompts (``executors/``, ``jailbreak/``, and score files named after red teaming or
  personas) are not read.
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


def _constants(path: Path) -> Iterator[tuple[str, str]]:
    """``(name, text)`` of module-level string constants named like system prompts."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
            continue
        if not isinstance(node.value.value, str):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and _NAME.search(target.id):
                yield target.id, node.value.value


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
