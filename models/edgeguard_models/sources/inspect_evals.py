"""inspect-evals (MIT): WritingBench long writing requests and FreshQA questions.

WritingBench queries are long (median about 3,000 characters, some over 10,000), often with
reference material pasted in, in English and Chinese: benign documents-as-prompts across
finance, law, literature, academia, marketing and education. FreshQA questions include false
premises ("what year did the first human land on Mars?"): benign.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..rows import Row
from .base import Context, Domain, labeled, read_jsonl, script_lang

WRITINGBENCH_DOMAINS: dict[str, Domain] = {
    "Academic & Engineering": Domain.DOCUMENT,
    "Finance & Business": Domain.FINANCE,
    "Politics & Law": Domain.LEGAL,
    "Literature & Arts": Domain.DOCUMENT,
    "Advertising & Marketing": Domain.DOCUMENT,
    "Education": Domain.EDUCATION,
}
"""WritingBench ``domain1`` to our benign domain (non-English queries are multilingual)."""


def load_writingbench(ctx: Context) -> Iterator[Row]:
    """Yield the 1,000 WritingBench queries.

    :param ctx: the run context.
    :raises MissingPackage: if inspect-evals was not fetched.
    """
    path = ctx.package("inspect-evals", "inspect_evals", "writingbench", "benchmark_all.jsonl")
    for record in read_jsonl(path):
        text = record["query"]
        lang = script_lang(text)
        domain = WRITINGBENCH_DOMAINS.get(record.get("domain1", ""), Domain.DOCUMENT)
        yield labeled(text, (), source="writingbench", family=f"writingbench:{record['index']}",
                      lang=lang, domain=domain if lang == "en" else Domain.MULTILINGUAL,
                      topic=record.get("domain2"))


def load_freshqa(ctx: Context) -> Iterator[Row]:
    """Yield the FreshQA questions (latest release in the package).

    :param ctx: the run context.
    :raises MissingPackage: if inspect-evals was not fetched.
    """
    path = ctx.package("inspect-evals", "inspect_evals", "abstention_bench", "data", "freshqa",
                       "FreshQA_v12182024.csv")
    raw = path.read_text(encoding="utf-8")
    table = raw[raw.index("id,split,question"):]  # two banner lines precede the header
    for record in csv.DictReader(io.StringIO(table)):
        question = record["question"].strip()
        if question:
            yield labeled(question, (), source="freshqa", family=f"freshqa:{record['id']}",
                          domain=Domain.CHAT, false_premise=record.get("false_premise"))

