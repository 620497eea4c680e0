"""chatterbot-corpus (BSD): small-talk conversations in 28 languages.

The first turn of a conversation is a prompt, the following turns are the bot's replies
(benign responses). Each conversation is one family. Duplicate turns within a language are kept
once.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from ..rows import Kind, Row
from .base import Context, Domain, labeled

LANGUAGE_CODES: dict[str, str] = {
    "bengali": "bn", "chinese": "zh", "dutch": "nl", "english": "en", "french": "fr",
    "german": "de", "hebrew": "he", "hindi": "hi", "hinglish": "hi", "indonesian": "id",
    "italian": "it", "japanese": "ja", "korean": "ko", "marathi": "mr", "oriya": "or",
    "persian": "fa", "portuguese": "pt", "russian": "ru", "spanish": "es", "swedish": "sv",
    "tamil": "ta", "telugu": "te", "thai": "th", "traditionalchinese": "zh", "turkish": "tr",
    "ukrainian": "uk", "urdu": "ur", "yoruba": "yo",
}
"""Corpus folder to ISO 639-1 (Hinglish, Hindi in Latin script, is tagged ``hi``)."""


def load(ctx: Context) -> Iterator[Row]:
    """Yield every distinct conversation opener (prompt) and reply (response).

    :param ctx: the run context.
    :raises MissingPackage: if chatterbot-corpus was not fetched.
    :raises KeyError: if a language folder is not in :data:`LANGUAGE_CODES`.
    """
    root = ctx.package("chatterbot-corpus", "chatterbot_corpus", "data")
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        lang = LANGUAGE_CODES[folder.name]
        domain = Domain.CHAT if lang == "en" else Domain.MULTILINGUAL
        seen: set[str] = set()
        for path in sorted(folder.glob("*.yml")):
            with open(path, encoding="utf-8") as handle:
                document = yaml.safe_load(handle) or {}
            for number, conversation in enumerate(document.get("conversations") or []):
                if not isinstance(conversation, list) or not conversation:
                    continue
                turns = [str(turn).strip() for turn in conversation if str(turn).strip()]
                if not turns:
                    continue
                family = f"chatterbot:{folder.name}/{path.stem}:{number}"
                opener = turns[0]
                if opener not in seen:
                    seen.add(opener)
                    yield labeled(opener, (), source="chatterbot", family=family, lang=lang,
                                  domain=domain, topic=path.stem)
                for reply in turns[1:]:
                    if reply in seen:
                        continue
                    seen.add(reply)
                    yield labeled(reply, (), source="chatterbot", family=family, lang=lang,
                                  kind=Kind.RESPONSE, prompt=opener, domain=domain,
                                  topic=path.stem)
