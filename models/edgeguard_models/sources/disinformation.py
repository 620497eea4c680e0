"""The shared decision for disinformation and misinformation requests (decided in the brief):
elections or voting give S13; medical, legal or financial misinformation S6; damage to a real
person or organisation S5; otherwise S2 (fraud or deception). One addition: denial or distortion
aimed at a group (genocide denial, "immigrants are criminals") is hate, S10. Several can apply.
"""

from __future__ import annotations

import re

_ELECTION = re.compile(r"\b(elections?|electoral|vot(e|es|er|ers|ing)|ballots?|polling|candidates?"
                       r"|campaign|voting machines?|election fraud|rigged)\b", re.IGNORECASE)
_MEDICAL_LEGAL_FINANCIAL = re.compile(
    r"\b(vaccin\w*|covid\w*|5g|autism|cancer|cure\w*|diseases?|virus\w*|pandemic|masks?"
    r"|medic\w*|health\w*|drugs?|smoking|cigarett\w*|diet\w*|ivermectin|doctors?|patients?"
    r"|treatments?|hiv|aids|legal|laws?|court|lawsuits?|invest\w*|stocks?|crypto\w*"
    r"|financ\w*|banks?|economy|taxes)\b", re.IGNORECASE)
_PERSON_OR_ORGANISATION = re.compile(
    r"\b(defam\w*|slander\w*|libel\w*|president|senator|congress(wo)?m[ae]n|member of congress"
    r"|politicians?|political figures?|public officials?|governor|mayor|prime minister"
    r"|celebrit\w*|actors?|actress|singer"
    r"|ceo|public figure|journalist|competitor|compan(y|ies)|brands?|business"
    r"|trump|biden|obama|clinton|fauci|desantis|kavanaugh|mcconnell|ocasio-cortez|cruz"
    r"|omar|melania|putin|musk|zuckerberg|applebaum|solzhenitsyn|parubiy|pence)\b",
    re.IGNORECASE)
_HATEFUL_DENIAL = re.compile(
    r"\b(holocaust|genocide|racial|races?|ethnic\w*|immigra\w*|muslims?|jews?|jewish|women"
    r"|gender|inherently (less|more)"
    r"|black people|slavery|stolen generations|residential schools|indigenous|aboriginal"
    r"|inferior|superior)\b", re.IGNORECASE)


def disinformation_labels(text: str) -> frozenset[str]:
    """Return the labels of a disinformation or misinformation request.

    Elections and voting give S13; medical, legal or financial misinformation S6; damage to a
    real person or organisation S5; denial or distortion aimed at a group (genocide denial,
    racial claims) S10. Several can apply. When none does the request is treated as fraud or
    deception, S2.

    :param text: the request.
    """
    found: set[str] = set()
    if _ELECTION.search(text):
        found.add("S13")
    if _MEDICAL_LEGAL_FINANCIAL.search(text):
        found.add("S6")
    if _PERSON_OR_ORGANISATION.search(text):
        found.add("S5")
    if _HATEFUL_DENIAL.search(text):
        found.add("S10")
    return frozenset(found) or frozenset({"S2"})
