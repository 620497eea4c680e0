"""Long benign texts: multi-turn chats as one transcript, and prose or retrieved passages.

A guard deployed on a chat sees whole transcripts and long retrieved documents, not only short
prompts. Four sources:

- :func:`load_chatterbot` (chatterbot-corpus, BSD): the conversations of each language folder,
  shuffled by a stable hash and cut into consecutive runs of varying size, each run one
  ``User: ... / Assistant: ...`` transcript (domain ``conversation``). Every conversation is used
  once, so transcripts share no text; sizes run from one exchange to 2,000+ words.
- :func:`load_evals_chats` (evals, MIT, held out): registry samples whose input holds at least two
  user turns and one assistant turn (few-shot dialogues, role-play exchanges), rendered as one
  transcript, at most :data:`CHATS_PER_TASK` per task.
- :func:`load_evals_passages` (evals, MIT): long prose messages of the registry (reading
  comprehension stories, abstracts, claims to summarise), at most :data:`PASSAGES_PER_TASK` per
  task (domain ``prose``).
- :func:`load_bank_documents` (inspect-evals, MIT, held out): the knowledge-base articles of the
  tau2 banking domain, as an agent's retrieval tool returns them (domain ``tool_output``).

Adversarial evals tasks are skipped as in :mod:`.evals_registry`.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator

import yaml

from ..rows import Row
from .base import Context, Domain, clean, labeled, script_lang, short_hash
from .chatterbot import LANGUAGE_CODES
from .evals_registry import input_turns, records, task_language, tasks

CHATS_PER_TASK = 30
PASSAGES_PER_TASK = 25
PASSAGE_MIN_WORDS = 120
PASSAGE_MAX_CHARS = 40_000
RUN_SIZES = (1, 2, 3, 5, 8, 12, 20, 30, 45, 70, 110, 160)
"""Conversations per transcript, cycled through so that lengths span the buckets."""

_SPEAKERS = {"user": "User", "assistant": "Assistant", "system": "System"}


def _transcript(turns: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"{speaker}: {text}" for speaker, text in turns)


def load_chatterbot(ctx: Context) -> Iterator[Row]:
    """Yield transcripts built from runs of chatterbot conversations, per language.

    :param ctx: the run context.
    :raises MissingPackage: if chatterbot-corpus was not fetched.
    """
    root = ctx.package("chatterbot-corpus", "chatterbot_corpus", "data")
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        lang = LANGUAGE_CODES.get(folder.name)
        if lang is None:
            continue
        conversations: list[list[str]] = []
        for path in sorted(folder.glob("*.yml")):
            with open(path, encoding="utf-8") as handle:
                document = yaml.safe_load(handle) or {}
            for conversation in document.get("conversations") or []:
                if isinstance(conversation, list):
                    turns = [str(turn).strip() for turn in conversation if str(turn).strip()]
                    if len(turns) >= 2:
                        conversations.append(turns)
        conversations.sort(key=lambda turns: short_hash("\n".join(turns)))
        start, number = 0, 0
        while start < len(conversations):
            size = RUN_SIZES[number % len(RUN_SIZES)]
            run = conversations[start:start + size]
            start += size
            speakers = [("User" if index % 2 == 0 else "Assistant", text)
                        for conversation in run for index, text in enumerate(conversation)]
            yield labeled(_transcript(speakers), (), source="chatterbot_chats",
                          family=f"chatterbot_chats:{folder.name}:{number}", lang=lang,
                          domain=Domain.CONVERSATION, conversations=len(run))
            number += 1


def load_evals_chats(ctx: Context) -> Iterator[Row]:
    """Yield multi-turn evals samples as transcripts (held out).

    :param ctx: the run context.
    :raises MissingPackage: if evals was not fetched.
    """
    for task, folder in tasks(ctx):
        chats: dict[str, None] = {}
        for record in records(folder):
            rendered = [(_SPEAKERS[turn["role"]], clean(turn["content"]))
                        for turn in input_turns(record)
                        if isinstance(turn, dict) and turn.get("role") in _SPEAKERS
                        and isinstance(turn.get("content"), str) and turn["content"].strip()]
            speakers = [speaker for speaker, _ in rendered]
            if speakers.count("User") < 2 or "Assistant" not in speakers:
                continue
            chats.setdefault(_transcript(rendered), None)
        for text in sorted(chats, key=short_hash)[:CHATS_PER_TASK]:
            yield labeled(text, (), source="evals_chats",
                          family=f"evals_chats:{task}:{short_hash(text)}",
                          lang=script_lang(text, task_language(task)),
                          domain=Domain.CONVERSATION, task=task)


_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def _is_prose(text: str) -> bool:
    """Long, mostly letters, mostly running sentences (not tables or code)."""
    words = text.split()
    if len(words) < PASSAGE_MIN_WORDS or len(text) > PASSAGE_MAX_CHARS:
        return False
    letters = len(_LETTERS.findall(text))
    lines = text.count("\n") + 1
    return letters / max(1, len(text)) > 0.7 and len(words) / lines > 12 \
        and text.count(".") >= 4 and "{" not in text[:200]


def load_evals_passages(ctx: Context) -> Iterator[Row]:
    """Yield long prose messages of the evals registry (any role).

    :param ctx: the run context.
    :raises MissingPackage: if evals was not fetched.
    """
    for task, folder in tasks(ctx):
        passages: dict[str, None] = {}
        for record in records(folder):
            for turn in input_turns(record):
                content = turn.get("content") if isinstance(turn, dict) else None
                if isinstance(content, str) and _is_prose(clean(content)):
                    passages.setdefault(clean(content), None)
        for text in sorted(passages, key=short_hash)[:PASSAGES_PER_TASK]:
            yield labeled(text, (), source="evals_passages",
                          family=f"evals_passages:{task}:{short_hash(text)}",
                          lang=script_lang(text, task_language(task)),
                          domain=Domain.PROSE, task=task)


def load_bank_documents(ctx: Context) -> Iterator[Row]:
    """Yield the tau2 banking knowledge-base articles as retrieved passages (held out).

    :param ctx: the run context.
    :raises MissingPackage: if inspect-evals was not fetched.
    """
    path = ctx.package("inspect-evals", "inspect_evals", "tau2", "data", "domains",
                       "banking_knowledge", "documents.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        documents = json.load(handle)
    for document in documents:
        title, content = document.get("title", ""), document.get("content", "")
        if not isinstance(content, str) or not content.strip():
            continue
        text = f"{title}\n\n{content}" if title else content
        yield labeled(text, (), source="tau2_bank_documents",
                      family=f"tau2_bank_documents:{document.get('id', short_hash(text))}",
                      domain=Domain.TOOL_OUTPUT, doc_id=document.get("id"))
