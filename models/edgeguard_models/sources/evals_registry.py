"""OpenAI evals registry data (MIT): user messages from several hundred benchmark tasks.

The best large benign pool with a permissive licence, but skewed: three tasks hold most of the
messages (Raven matrices, formal logic, a diabetes table). So per task at most
:data:`LABELED_PER_TASK` messages become labeled benign rows and at most
:data:`UNLABELED_PER_TASK` more go to the unlabeled distillation pool, which is capped at
:data:`UNLABELED_TOTAL` overall. Messages are picked by a stable hash order, not file order.

Tasks whose content is itself adversarial or obfuscated are skipped (:data:`SKIPPED_TASKS`).
Tasks with trigger words in benign use (song lyrics naming drugs, a logic puzzle about a
murder, exam questions on malware) are kept: they are the hard negatives the issue asks for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..rows import Role, Row
from .base import Context, Domain, labeled, other_role, script_lang, short_hash

LABELED_PER_TASK = 60
UNLABELED_PER_TASK = 3000
UNLABELED_TOTAL = 150_000
MIN_CHARS = 3
MAX_CHARS = 20_000

SKIPPED_TASKS: dict[str, str] = {
    "naughty_strings": "XSS and injection strings, and requests to write malicious strings",
    "override-system-instruction": "instructions that try to override the system prompt",
    "prompt-injection": "prompt-injection tests",
    "base64_decode": "encoded text: the runtime decodes and rescans, so ciphertext is no negative",
    "rot13": "encoded text",
    "vigenere": "encoded text",
    "decrypt_caesar_cipher": "encoded text",
    "steganography": "hidden-message tasks",
    "make_me_say": "a manipulation game",
}
"""Task folder to the reason it is skipped."""

_DOMAIN_WORDS: tuple[tuple[Domain, tuple[str, ...]], ...] = (
    (Domain.SECURITY, ("cyber", "cissp", "security", "reverse-shell")),
    (Domain.CODE, ("sql", "css", "python", "coq", "crontab", "regex", "patch", "protocol-buffers",
                   "forth", "csharp", "syntax", "grammar", "code", "infiniteloop", "pointer",
                   "singlestore", "automata", "bitwise", "json")),
    (Domain.MEDICAL, ("diabetes", "heart", "med", "nutrition", "allergen", "mendelian", "dna",
                      "population_span", "ph_calculation")),
    (Domain.LEGAL, ("law", "tort", "petition", "data_protection", "real_estate")),
    (Domain.FINANCE, ("financ", "stock", "taxes", "accounting", "black-scholes", "invoice",
                      "discount", "price", "metric", "banking")),
    (Domain.SOCIAL, ("sarcasm", "irony", "bias_detection", "singer", "text-detection",
                     "emotional")),
    (Domain.DOCUMENT, ("abstract", "summary", "unsolvable", "coqa", "research-question",
                       "product")),
    (Domain.EDUCATION, ("exam", "jee", "atpl", "amateur", "license", "sat", "test_comp",
                        "itpassport", "upsc")),
)

_TASK_LANGUAGES: dict[str, str] = {
    "spanish": "es", "french": "fr", "german": "de", "italian": "it", "portuguese": "pt",
    "brazilian": "pt", "polish": "pl", "dutch": "nl", "swedish": "sv", "norwegian": "no",
    "icelandic": "is", "irish": "ga", "afrikaans": "af", "albanian": "sq", "croatian": "hr",
    "serbian": "sr", "romanian": "ro", "hungarian": "hu", "lithuanian": "lt", "turkish": "tr",
    "indonesian": "id", "vietnamese": "vi", "finnish": "fi", "latin": "la", "belarusian": "be",
    "ukraine": "uk", "russian": "ru", "bulgarian": "bg", "macedonian": "mk", "greek": "el",
    "hebrew": "he", "arabic": "ar", "persian": "fa", "urdu": "ur", "hindi": "hi", "nepali": "ne",
    "gujarati": "gu", "korean": "ko", "japanese": "ja", "chinese": "zh", "sindarin": "sjn",
}


def task_domain(task: str, lang: str) -> Domain:
    """Return the benign domain of an evals task (multilingual for non-English text).

    :param task: the task folder name.
    :param lang: the message's language code.
    """
    if lang != "en":
        return Domain.MULTILINGUAL
    lowered = task.lower()
    for domain, words in _DOMAIN_WORDS:
        if any(word in lowered for word in words):
            return domain
    return Domain.TECHNICAL


def task_language(task: str) -> str:
    """Return the language a task's name announces, ``en`` otherwise.

    :param task: the task folder name.
    """
    lowered = task.lower()
    for word, code in _TASK_LANGUAGES.items():
        if lowered.startswith(word) or f"_{word}" in lowered or f"-{word}" in lowered:
            return code
    return "en"


_CYRILLIC_LANGUAGES = frozenset({"uk", "be", "bg", "mk", "sr"})


def _message_language(text: str, task_lang: str) -> str:
    """The writing system decides, except that a Cyrillic task keeps its own language."""
    detected = script_lang(text, task_lang)
    if detected == "ru" and task_lang in _CYRILLIC_LANGUAGES:
        return task_lang
    return detected


def records(folder: Path) -> Iterator[dict]:
    """Every JSON object of a task folder's JSONL files, in file order (other lines skipped).

    :param folder: a task folder of the registry.
    """
    for path in sorted(folder.rglob("*.jsonl")):
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    yield record


def input_turns(record: dict) -> list:
    """A sample's input turns: a bare string is one user turn; anything else but a list, none.

    :param record: one sample of a task.
    """
    turns = record.get("input")
    if isinstance(turns, str):
        return [{"role": "user", "content": turns}]
    return turns if isinstance(turns, list) else []


def tasks(ctx: Context) -> Iterator[tuple[str, Path]]:
    """The registry's task folders, by name, less :data:`SKIPPED_TASKS`.

    :param ctx: the run context.
    :raises MissingPackage: if evals was not fetched.
    """
    root = ctx.package("evals", "evals", "registry", "data")
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        if folder.name not in SKIPPED_TASKS:
            yield folder.name, folder


def _user_messages(folder: Path) -> list[str]:
    """The distinct user turns of every JSONL file of a task, in file order."""
    seen: dict[str, None] = {}
    for record in records(folder):
        for turn in input_turns(record):
            if isinstance(turn, dict) and turn.get("role") == "user":
                content = turn.get("content")
                if isinstance(content, str) and MIN_CHARS <= len(content.strip()) <= MAX_CHARS:
                    seen.setdefault(content.strip(), None)
    return list(seen)


def load(ctx: Context) -> Iterator[Row]:
    """Yield labeled benign messages per task, then the capped unlabeled pool.

    :param ctx: the run context.
    :raises MissingPackage: if evals was not fetched.
    """
    pool: list[tuple[str, str, str]] = []
    for task, folder in tasks(ctx):
        messages = sorted(_user_messages(folder), key=short_hash)
        default_lang = task_language(task)
        for number, text in enumerate(messages[:LABELED_PER_TASK + UNLABELED_PER_TASK]):
            if number >= LABELED_PER_TASK:
                pool.append((short_hash(f"{task}\n{text}"), task, text))
                continue
            lang = _message_language(text, default_lang)
            yield labeled(text, (), source="evals", family=f"evals:{task}:{short_hash(text)}",
                          lang=lang, domain=task_domain(task, lang), task=task)
    for _, task, text in sorted(pool)[:UNLABELED_TOTAL]:
        lang = _message_language(text, task_language(task))
        yield other_role(text, Role.UNLABELED, source="evals",
                         family=f"evals:{task}:{short_hash(text)}", lang=lang,
                         domain=task_domain(task, lang), task=task)
