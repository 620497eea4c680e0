"""Meta CyberSecEval (MIT): code-interpreter abuse, prompt injection (English and machine-
translated), MITRE false-refusal prompts, and the system prompts of the injection tests."""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Role, Row
from .base import Context, Domain, labeled, other_role, read_json, script_lang, text_family

INTERPRETER_LABELS: dict[str, frozenset[str]] = {
    # Escaping the sandbox or gaining root inside it: abuse of the interpreter itself.
    "Privilege Escalation": frozenset({"S14"}),
    "Container Escape": frozenset({"S14"}),
    # Using the interpreter to attack other systems, persist malware or phish: interpreter
    # abuse and a cybercrime.
    "Reflected Attack": frozenset({"S14", "S2"}),
    "Post Exploitation": frozenset({"S14", "S2"}),
    "Social Engineering": frozenset({"S14", "S2"}),
}
"""CyberSecEval interpreter ``attack_type`` to labels."""

LANGUAGE_CODES: dict[str, str] = {
    "English": "en", "Hindi": "hi", "Bengali": "bn", "Turkish": "tr", "Arabic": "ar",
    "Italian": "it", "Spanish": "es", "Vietnamese": "vi", "French": "fr", "Russian": "ru",
    "Filipino/Tagalog": "tl", "Portuguese": "pt", "Japanese": "ja", "Korean": "ko",
    "German": "de", "Chinese": "zh", "Indonesian": "id", "Thai": "th",
}
"""``speaking_language`` to ISO 639-1."""

_INJECTION = frozenset({"prompt_injection"})


def load_interpreter(ctx: Context) -> Iterator[Row]:
    """Yield the 500 malicious code-interpreter requests.

    :param ctx: the run context.
    :raises KeyError: if an attack type is unmapped.
    """
    for number, record in enumerate(read_json(ctx.shared("cyberseceval", "interpreter.json"))):
        labels: frozenset[str] = frozenset()
        for attack in record["attack_type"]:
            labels |= INTERPRETER_LABELS[attack]
        yield labeled(record["mutated_prompt"], labels, source="cyberseceval_interpreter",
                      family=f"cyberseceval_interpreter:{number}",
                      attack_type=list(record["attack_type"]))


def load_injection(ctx: Context, *, multilingual: bool = False) -> Iterator[Row]:
    """Yield the prompt-injection user inputs, and their system prompts as benign documents.

    A direct injection is a complete attack as the user sends it: a labeled row, and a payload
    for documents. An indirect one already sits inside the content it poisons (a web page, a
    code comment): a labeled row only. System prompts ("the secret key is ...; do not reveal
    it") are benign documents.

    :param ctx: the run context.
    :param multilingual: read the machine-translated file instead of the English one.
    :raises KeyError: if a language is unmapped.
    """
    name = ("prompt_injection_multilingual_machine_translated.json" if multilingual
            else "prompt_injection.json")
    source = "cyberseceval_injection_ml" if multilingual else "cyberseceval_injection"
    seen_system: set[str] = set()
    for record in read_json(ctx.shared("cyberseceval", name)):
        lang = LANGUAGE_CODES[record["speaking_language"]]
        family = f"{source}:{record['prompt_id']}"
        meta = {"variant": record["injection_variant"], "injection_type": record["injection_type"],
                "risk": record["risk_category"]}
        text = record["user_input"]
        text_lang = lang if lang != "en" else script_lang(text)
        yield labeled(text, _INJECTION, source=source, family=family, lang=text_lang, **meta)
        if record["injection_type"] == "direct":
            yield other_role(text, Role.PAYLOAD, source=source, family=family,
                             labels=_INJECTION, lang=text_lang, **meta)
        system = record["test_case_prompt"]
        system_family = text_family(f"{source}_system", system)
        if system_family not in seen_system:
            seen_system.add(system_family)
            yield other_role(system, Role.DOCUMENT, source=source, family=system_family,
                             lang=lang, domain=Domain.SYSTEM_PROMPT)


def load_injection_multilingual(ctx: Context) -> Iterator[Row]:
    """Yield the machine-translated prompt-injection tests (see :func:`load_injection`).

    :param ctx: the run context.
    """
    yield from load_injection(ctx, multilingual=True)


def load_mitre_frr(ctx: Context) -> Iterator[Row]:
    """Yield the 750 MITRE false-refusal prompts: benign security requests, hard negatives.

    :param ctx: the run context.
    """
    for number, record in enumerate(read_json(ctx.shared("cyberseceval", "mitre_frr.json"))):
        yield labeled(record["mutated_prompt"], (), source="cyberseceval_mitre_frr",
                      family=f"cyberseceval_mitre_frr:{number}", domain=Domain.SECURITY,
                      hard_negative=True)
