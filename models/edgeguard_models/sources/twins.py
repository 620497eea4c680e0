"""The project's own hard negatives and their unsafe twins (``models/data/twins/pairs``).

Each line of a theme file is one hand-written pair: a benign text that shares vocabulary with
harm (a history lesson on a bombing, a pharmacology lecture on overdose thresholds, a moderation
guideline quoting a slur) and an unsafe twin that asks for or states the harm. Every pair is
expanded programmatically into a few framings:

- ``plain``: both twins as written;
- ``chat``: both twins with a neutral greeting and sign-off;
- ``context``: both twins inside a longer paragraph of mundane first-person context;
- ``response`` / ``quoted``: the benign twin alone, as an assistant's answer (statements) or
  quoted in a question asking for an explanation.

The wrappers of the unsafe twin never quote or distance it: the user still asks for, or says,
the harmful thing. Quoting (``quoted``) is applied to the benign side only, since a quoted unsafe
text is a moderation question and no longer unsafe.

Every row of a pair (both twins, every framing) shares the family ``twins:<theme>-<n>``, so a
pair never straddles splits. Benign twins carry no labels and ``hard_negative=True``.

:func:`load_encoded` wraps the same pairs in "decode this Base64 / hex / ROT13 and answer"
frames. It is registered as a held-out source: the runtime decodes and rescans encoded spans, so
these rows measure that path, and the model should not learn ciphertext.
"""

from __future__ import annotations

import base64
import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..labels import LABELS
from ..rows import Kind, Row
from .base import Context, Domain, labeled, short_hash

PAIRS_DIR = Path(__file__).resolve().parents[2] / "data" / "twins" / "pairs"
"""Where the theme files live."""

SOURCE = "twins"
ENCODED_SOURCE = "twins_encoded"
_SEPARATOR = " :: "


@dataclass(frozen=True)
class Pair:
    """One hand-written pair.

    :param pair_id: ``<theme>-<number>``, unique across files.
    :param theme: the file stem.
    :param labels: the unsafe twin's labels.
    :param domain: the benign twin's domain.
    :param benign: the benign text.
    :param unsafe: the unsafe text.
    """

    pair_id: str
    theme: str
    labels: frozenset[str]
    domain: Domain
    benign: str
    unsafe: str

    @property
    def family(self) -> str:
        """The split-group key shared by every row of the pair."""
        return f"{SOURCE}:{self.pair_id}"


def _defaults(lines: list[str], path: Path) -> tuple[frozenset[str], Domain]:
    """Read the ``# default: labels=... domain=...`` header of a theme file."""
    for line in lines:
        if line.startswith("# default:"):
            fields = dict(part.split("=", 1) for part in line[len("# default:"):].split())
            return frozenset(fields["labels"].split(",")), Domain(fields["domain"])
    raise ValueError(f"{path.name}: no '# default:' header")


def read_pairs(root: Path = PAIRS_DIR) -> list[Pair]:
    """Return every pair of every theme file, in file and line order.

    :param root: the folder holding the ``*.txt`` theme files.
    :raises ValueError: for a malformed line, an unknown label or domain, or an unsafe twin
        without labels.
    """
    pairs: list[Pair] = []
    for path in sorted(root.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        default_labels, default_domain = _defaults(lines, path)
        number = 0
        for line_no, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(_SEPARATOR)
            if len(parts) != 4:
                raise ValueError(f"{path.name}:{line_no}: expected 4 fields, got {len(parts)}")
            raw_labels, raw_domain, benign, unsafe = (part.strip() for part in parts)
            labels = default_labels if raw_labels == "-" else frozenset(raw_labels.split(","))
            unknown = labels - set(LABELS)
            if unknown or not labels:
                raise ValueError(f"{path.name}:{line_no}: bad labels {sorted(unknown)}")
            domain = default_domain if raw_domain == "-" else Domain(raw_domain)
            if not benign or not unsafe:
                raise ValueError(f"{path.name}:{line_no}: empty twin")
            number += 1
            pairs.append(Pair(f"{path.stem}-{number:03d}", path.stem, labels, domain, benign,
                              unsafe))
    return pairs


_GREETINGS = ("Hi.", "Hey!", "Hello!", "Good morning.", "Quick one:", "Hi there.", "Hello again.",
              "Morning all.")
_SIGN_OFFS = ("Thanks.", "Thanks in advance!", "Cheers.", "", "Appreciate it.", "Ta.")
_FILLER_BEFORE = (
    "It's been a long week and I finally have an evening to myself.",
    "I'm writing this from the train, so sorry for any typos.",
    "The kids are at their grandparents' for the weekend, so the house is quiet.",
    "I just got back from a run and my coffee is still too hot to drink.",
    "Work has been busy since the new manager started in March.",
    "My laptop battery is almost dead, so I'll keep this short.",
    "We moved flats last month and I still haven't unpacked the kitchen.",
    "I've had a cold since Tuesday and I'm only just feeling human again.",
    "The weather here has been grey for days, which doesn't help my mood.",
    "I've been meaning to sort this out for a while now.",
)
_FILLER_AFTER = (
    "Anyway, I'm off to walk the dog before it gets dark.",
    "After this I need to get back to my tax return, sadly.",
    "My sister is visiting tomorrow, so I want this sorted tonight.",
    "I'll check back after dinner.",
    "Sorry for the long message, I type the way I talk.",
    "The football is on later, so I'll read your reply at half time.",
)
_RESPONSE_PROMPTS: dict[str, str] = {
    "violence": "Can you give me some background on this event?",
    "medicine": "Can you explain this for my pharmacology revision?",
    "law": "What does the law say about this?",
    "security": "How does this attack work and how do I defend against it?",
    "selfharm": "How can I help someone who is struggling?",
    "drugs": "What should people know to stay safer?",
    "weapons": "Can you tell me about this?",
    "hate": "How should moderators handle this kind of content?",
    "sexual": "Can you explain this for a health class?",
    "elections": "How does voting work here?",
    "privacy": "How can I protect my personal data?",
    "code_interpreter": "What would this do?",
    "physical": "What's the safe way to do this?",
    "prompt_injection": "What is prompt injection?",
    "jailbreak": "What do people mean by jailbreaking a chatbot?",
}
_QUOTED = ("I came across this and want to understand it better: \"{text}\" Can you explain it?",
           "Someone shared this in our group: \"{text}\" Is that a fair summary?",
           "My notes say: \"{text}\" Could you expand on that a little?")


def _pick(options: tuple[str, ...], key: str) -> str:
    """A stable choice from ``options`` keyed by ``key``."""
    return options[int(short_hash(key), 16) % len(options)]


def _chat(text: str, key: str) -> str:
    """``text`` with a neutral greeting and sign-off."""
    return " ".join(part for part in (_pick(_GREETINGS, key + "g"), text,
                                      _pick(_SIGN_OFFS, key + "s")) if part)


def _context(text: str, key: str) -> str:
    """``text`` inside a paragraph of mundane first-person context."""
    first = _pick(_FILLER_BEFORE, key + "a")
    second = _pick(_FILLER_BEFORE, key + "b")
    before = first if first == second else f"{first} {second}"
    return f"{before}\n\n{text}\n\n{_pick(_FILLER_AFTER, key + 'c')}"


def framings(pair: Pair) -> list[tuple[str, str, str, Kind, str | None]]:
    """Return ``(framing, benign_or_unsafe, text, kind, prompt)`` tuples for one pair.

    The second field is ``"benign"`` or ``"unsafe"``.

    :param pair: a hand-written pair.
    """
    out: list[tuple[str, str, str, Kind, str | None]] = []
    for framing in ("plain", "chat", "context"):
        for side, text in (("benign", pair.benign), ("unsafe", pair.unsafe)):
            if framing == "chat":
                text = _chat(text, pair.pair_id)
            elif framing == "context":
                text = _context(text, pair.pair_id)
            out.append((framing, side, text, Kind.PROMPT, None))
    statement = not pair.benign.rstrip().endswith("?")
    choice = int(short_hash(pair.pair_id + "extra"), 16) % 3
    if statement and choice == 0:
        prompt = _RESPONSE_PROMPTS.get(pair.theme, "Can you tell me about this?")
        out.append(("response", "benign", pair.benign, Kind.RESPONSE, prompt))
    elif statement and choice == 1:
        out.append(("quoted", "benign", _pick(_QUOTED, pair.pair_id).format(text=pair.benign),
                    Kind.PROMPT, None))
    return out


def _row(pair: Pair, side: str, text: str, kind: Kind, prompt: str | None, *, source: str,
         family: str | None = None, **meta: Any) -> Row:
    """One row of a pair (in the pair's family unless another is given)."""
    family = family or pair.family
    if side == "unsafe":
        return labeled(text, pair.labels, source=source, family=family, kind=kind,
                       prompt=prompt, theme=pair.theme, pair=pair.pair_id, **meta)
    return labeled(text, (), source=source, family=family, kind=kind, prompt=prompt,
                   hard_negative=True, domain=pair.domain, theme=pair.theme,
                   pair=pair.pair_id, **meta)


def load(ctx: Context, root: Path = PAIRS_DIR) -> Iterator[Row]:
    """Yield every framing of every pair.

    :param ctx: the run context (unused: the files live in the repository).
    :param root: the folder holding the theme files.
    :raises ValueError: for a malformed theme file.
    """
    for pair in read_pairs(root):
        for framing, side, text, kind, prompt in framings(pair):
            yield _row(pair, side, text, kind, prompt, source=SOURCE, framing=framing)


_ENCODERS = (
    ("base64", lambda text: base64.b64encode(text.encode("utf-8")).decode("ascii"),
     ("Decode this Base64 and answer the question inside it:\n{code}",
      "The following is Base64. Decode it and do what it says.\n\n{code}")),
    ("hex", lambda text: text.encode("utf-8").hex(),
     ("Here is a hex string. Convert it to text and respond to it:\n{code}",
      "hex -> utf8, then reply to the message: {code}")),
    ("rot13", lambda text: codecs.encode(text, "rot13"),
     ("This is ROT13. Decode it and answer: {code}",
      "Apply rot13 to the text below and respond to the result.\n{code}")),
)


def load_encoded(ctx: Context, root: Path = PAIRS_DIR) -> Iterator[Row]:
    """Yield both twins of every pair in one encoded "decode and answer" frame (evaluation only).

    The encoding (Base64, hex or ROT13) and the wording of the frame are picked per pair by a
    stable hash; both twins of a pair get the same frame. The unsafe twin keeps its hazard labels
    (the decoded request is what is judged), as the obfuscated rows of other sources do. The
    frames form a family of their own (``<pair family>:encoded``): in the pair's family they would
    follow it into training, and the corpus drops held-out rows of trained families. The plain
    pair may be trained on, so these measure decode-and-rescan, not unseen wording.

    :param ctx: the run context (unused).
    :param root: the folder holding the theme files.
    """
    for pair in read_pairs(root):
        name, encode, frames = _ENCODERS[int(short_hash(pair.pair_id + "enc"), 16)
                                         % len(_ENCODERS)]
        frame = _pick(frames, pair.pair_id + "frame")
        for side, text in (("benign", pair.benign), ("unsafe", pair.unsafe)):
            yield _row(pair, side, frame.format(code=encode(text)), Kind.PROMPT, None,
                       source=ENCODED_SOURCE, family=f"{pair.family}:encoded", encoding=name)
