"""Do-Not-Answer: 939 questions (prompts) and six models' annotated answers (responses).

Question labels come from :mod:`.donotanswer_map`. A response marked harmful by the annotators
carries its question's labels (or, when the question itself is benign in our taxonomy, what the
keyword table finds in the response; with nothing found the row is left out); a response marked
harmless is benign, and a hard negative when it answers an unsafe question (refusals, safety
advice). Prompt and responses share the family ``donotanswer:<id>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Kind, Row
from .base import Context, Domain, labeled, read_csv
from .donotanswer_map import question_labels
from .keywords import keyword_labels

MODELS: tuple[str, ...] = ("GPT4", "ChatGPT", "Claude", "ChatGLM2", "llama2-7b-chat", "vicuna-7b")
"""The answering models, as the CSV column prefixes spell them."""

_SOURCE = "do_not_answer"


def load(ctx: Context) -> Iterator[Row]:
    """Yield every question and every annotated response.

    :param ctx: the run context.
    :raises KeyError: if a question's subcategory is unmapped.
    """
    for record in read_csv(ctx.shared("do-not-answer", "do_not_answer_data.csv")):
        question = record["question"].strip().strip('"').strip()
        question_id = int(record["id"])
        family = f"{_SOURCE}:{question_id}"
        labels, hard = question_labels(question_id, record["specific_harms"], question)
        yield labeled(question, labels, source=_SOURCE, family=family, domain=Domain.CHAT,
                      hard_negative=hard and not labels, risk_area=record["risk_area"],
                      harm_type=record["types_of_harm"])
        for model in MODELS:
            answer = record.get(f"{model}_response", "").strip()
            if not answer:
                continue
            harmful = record.get(f"{model}_harmful", "0").strip() == "1"
            if harmful:
                answer_labels = labels or keyword_labels(answer)
                if not answer_labels:
                    continue
                yield labeled(answer, answer_labels, source=_SOURCE, family=family,
                              kind=Kind.RESPONSE, prompt=question, model=model,
                              action=record.get(f"{model}_action", ""))
            else:
                yield labeled(answer, (), source=_SOURCE, family=family, kind=Kind.RESPONSE,
                              prompt=question, domain=Domain.CHAT, hard_negative=bool(labels),
                              model=model, action=record.get(f"{model}_action", ""))
