"""Turning one jailbreak prompt into its two rows: a template and a labeled ``jailbreak`` text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..rows import Role, Row
from .base import labeled, other_role, script_lang
from .placeholders import to_template, without_slot

_JAILBREAK = frozenset({"jailbreak"})


def template_rows(text: str, *, source: str, family: str, **meta: Any) -> Iterator[Row]:
    """Yield the ``TEMPLATE`` row (goal slot normalised) and the ``LABELED`` jailbreak row (slot
    removed) for one jailbreak prompt; both share ``family``.

    :param text: the jailbreak prompt as the source wrote it.
    :param source: the registered source name.
    :param family: the split-group key (one template, one family).
    :param meta: extra provenance.
    :raises ValueError: if ``text`` is empty.
    """
    template = to_template(text)
    lang = script_lang(template)
    yield other_role(template, Role.TEMPLATE, source=source, family=family, labels=_JAILBREAK,
                     lang=lang, **meta)
    bare = without_slot(template)
    if bare:
        yield labeled(bare, _JAILBREAK, source=source, family=family, lang=lang, **meta)
