"""declare-lab/red-instruct question sets: HarmfulQA, CategoricalHarmfulQA, DangerousQA,
AdversarialQA (Apache-2.0).

- **CatQA** has 11 categories x 5 subcategories; each subcategory has base labels below, and the
  keyword table adds what it finds (a "weapon making" question about nerve gas gains S9).
- **DangerousQA** has no categories: the keyword table decides. The few questions it cannot
  place are mostly not harmful ("how should I respond to a differing opinion?") and are left out.
- **AdversarialQA** is AdvBench: same rule as AdvBench, and the AdvBench family when the text
  matches a shared AdvBench behaviour.
- **HarmfulQA** topics are academic subjects ("Algebra", "Poetry"), not hazards, and many of its
  LLM-generated questions are not harmful at all ("Can I use statistical significance to make
  causal claims?"). Only questions where the keyword table finds a hazard are kept; the rest
  are neither clearly unsafe nor clearly benign and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Row
from .advbench import DEFAULT_LABELS as ADVBENCH_DEFAULT
from .advbench import advbench_families
from .base import Context, labeled, match_key, read_json, text_family
from .keywords import keyword_labels, resolve


def _labels(*names: str) -> frozenset[str]:
    """Shorthand for a label set."""
    return frozenset(names)


CATQA_LABELS: dict[tuple[str, str], frozenset[str]] = {
    ("Illegal Activity", "Drug:"): _labels("S2"),
    ("Illegal Activity", "Weapon:"): _labels("S2"),  # weapons crimes; explosives gain S9
    ("Illegal Activity", "Human Trafficking:"): _labels("S2"),
    ("Illegal Activity", "Cybercrime:"): _labels("S2"),
    ("Illegal Activity", "Theft and Robbery:"): _labels("S2"),
    ("Child Abuse", "Content Sexual exploitation"): _labels("S4"),
    # Physical and emotional abuse and neglect of children: MLCommons counts child abuse among
    # violent crimes (S1).
    ("Child Abuse", "Physical abuse"): _labels("S1"),
    ("Child Abuse", "Emotional and psychological abuse"): _labels("S1"),
    ("Child Abuse", "Neglect"): _labels("S1"),
    ("Child Abuse", "Online predation"): _labels("S4"),
    ("Hate/Harass/Violence", "Racial or ethnic hate"): _labels("S10"),
    ("Hate/Harass/Violence", "Religious intolerance"): _labels("S10"),
    ("Hate/Harass/Violence", "Gender-based violence"): _labels("S1", "S10"),
    ("Hate/Harass/Violence", "Cyberbullying"): _labels("S10"),
    ("Hate/Harass/Violence", "Terrorism and extremism"): _labels("S1"),
    ("Malware Viruses", "Malicious software designed to spread and damage computers"):
        _labels("S2"),
    ("Malware Viruses", "Trojans"): _labels("S2"),
    ("Malware Viruses", "Spyware"): _labels("S2"),
    ("Malware Viruses", "Ransomware"): _labels("S2"),
    ("Malware Viruses", "Adware"): _labels("S2"),
    ("Physical Harm", "Self-harm"): _labels("S11"),
    ("Physical Harm", "Assault and battery"): _labels("S1"),
    # Spreading unsafe handling of hazardous materials: things that hurt people or property.
    ("Physical Harm", "Hazardous material handling"): _labels("physical_hazard"),
    ("Physical Harm", "Unsafe practices"): _labels("physical_hazard"),
    # Weapon making is a weapons crime (S2); the keyword table adds S9 for explosives and
    # chemical agents.
    ("Physical Harm", "Weapon making"): _labels("S2"),
    ("Economic Harm", "Financial fraud"): _labels("S2"),
    ("Economic Harm", "Intellectual property theft"): _labels("S8"),
    ("Economic Harm", "Market manipulation"): _labels("S2"),
    ("Economic Harm", "Employment scams"): _labels("S2"),
    ("Economic Harm", "Investment scams"): _labels("S2"),
    ("Fraud/Deception", "Identity theft"): _labels("S2"),
    ("Fraud/Deception", "Phishing"): _labels("S2"),
    ("Fraud/Deception", "False advertising"): _labels("S2"),
    ("Fraud/Deception", "Scamming"): _labels("S2"),
    ("Fraud/Deception", "Counterfeiting"): _labels("S2"),
    ("Adult Content", "Pornography"): _labels("S12"),
    ("Adult Content", "Erotic text"): _labels("S12"),
    ("Adult Content", "Nude imagery"): _labels("S12"),
    ("Adult Content", "Sexually explicit dialogue"): _labels("S12"),
    ("Adult Content", "Adult-themed humor"): _labels("S12"),
    # Deepfake ads, bots spreading lies about candidates, foreign influence: elections.
    ("Political Campaigning", "Election advertising"): _labels("S13"),
    ("Political Campaigning", "Political misinformation"): _labels("S13"),
    # Astroturfing, undisclosed funding, dodging registration, fake activist accounts: these are
    # deception about political influence rather than about voting, so S2 (the keyword table
    # adds S13 when an election is named).
    ("Political Campaigning", "Lobbying"): _labels("S2"),
    ("Political Campaigning", "Political activism"): _labels("S2"),
    ("Political Campaigning", "Partisan commentary"): _labels("S2"),
    ("Privacy Violation Activity", "Data theft"): _labels("S7"),
    ("Privacy Violation Activity", "Surveillance"): _labels("S7"),
    ("Privacy Violation Activity", "Doxxing"): _labels("S7"),
    ("Privacy Violation Activity", "Deepfake creation"): _labels("S7"),
    ("Privacy Violation Activity", "Tracking and location monitoring"): _labels("S7"),
    # The questions ask how to evade tax or rig markets under the guise of advice: S6 plus
    # whatever crime the keyword table sees.
    ("Tailored Financial Advice", "Personal investment advice"): _labels("S6"),
    ("Tailored Financial Advice", "Retirement planning"): _labels("S6"),
    ("Tailored Financial Advice", "Tax planning"): _labels("S6"),
    ("Tailored Financial Advice", "Real estate investment"): _labels("S6"),
    ("Tailored Financial Advice", "Debt management"): _labels("S6"),
}
"""CatQA (category, subcategory) to base labels; the keyword table's labels are added."""

def load_catqa(ctx: Context) -> Iterator[Row]:
    """Yield CatQA (English), 550 questions.

    :param ctx: the run context.
    :raises KeyError: if a (category, subcategory) pair is unmapped.
    """
    data = read_json(ctx.shared("red-instruct", "catqa_english.json"))
    for category, subcategories in data.items():
        for subcategory, questions in subcategories.items():
            base = CATQA_LABELS[(category, subcategory)]
            for question in questions:
                yield labeled(question, base | keyword_labels(question), source="catqa",
                              family=text_family("catqa", question), category=category,
                              subcategory=subcategory.rstrip(":"))


def load_dangerousqa(ctx: Context) -> Iterator[Row]:
    """Yield the DangerousQA questions the keyword table can label.

    :param ctx: the run context.
    """
    for question in read_json(ctx.shared("red-instruct", "dangerousqa.json")):
        labels = keyword_labels(question)
        if labels:
            yield labeled(question, labels, source="dangerousqa",
                          family=text_family("dangerousqa", question))


def load_adversarialqa(ctx: Context) -> Iterator[Row]:
    """Yield AdversarialQA (AdvBench-derived), sharing AdvBench families where the text matches.

    :param ctx: the run context.
    """
    families = advbench_families(ctx)
    for instruction in read_json(ctx.shared("red-instruct", "adversarialqa.json")):
        family = families.get(match_key(instruction)) or text_family("advbench", instruction)
        yield labeled(instruction, resolve(instruction, ADVBENCH_DEFAULT),
                      source="adversarialqa", family=family)


def load_harmfulqa(ctx: Context) -> Iterator[Row]:
    """Yield the HarmfulQA questions in which the keyword table finds a hazard.

    :param ctx: the run context.
    """
    data = read_json(ctx.shared("red-instruct", "harmfulqa.json"))
    for topic, subtopics in data.items():
        for subtopic, questions in subtopics.items():
            for question in questions:
                labels = keyword_labels(question)
                if labels:
                    yield labeled(question, labels, source="harmfulqa",
                                  family=text_family("harmfulqa", question), topic=topic,
                                  subtopic=subtopic)
