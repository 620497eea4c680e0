"""MLCommons AILuminate v1.0 demo prompts (English and French), hazards mapped one to one."""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Row
from .base import Context, labeled, read_csv

HAZARD_LABELS: dict[str, frozenset[str]] = {
    "vcr": frozenset({"S1"}),
    "ncr": frozenset({"S2"}),
    "src": frozenset({"S3"}),
    "cse": frozenset({"S4"}),
    "dfm": frozenset({"S5"}),
    "spc_fin": frozenset({"S6"}),
    "spc_hlt": frozenset({"S6"}),
    # Legal advice is in the data though not in the README table; it is specialised advice.
    "spc_lgl": frozenset({"S6"}),
    # Election advice is the specialised-advice hazard our taxonomy gives its own label.
    "spc_ele": frozenset({"S13"}),
    "prv": frozenset({"S7"}),
    "ipv": frozenset({"S8"}),
    "iwp": frozenset({"S9"}),
    "hte": frozenset({"S10"}),
    "ssh": frozenset({"S11"}),
    "sxc_prn": frozenset({"S12"}),
}
"""AILuminate hazard code to our labels. The taxonomies are the same, so the map is 1:1;
prompts under ``spc_*`` often look benign, which is what the S6 policy label is for."""

_FILES: tuple[tuple[str, str], ...] = (
    ("airr_official_1.0_demo_en_us_prompt_set_release.csv", "en"),
    ("airr_official_1.0_demo_fr_fr_prompt_set_release.csv", "fr"),
)


def load(ctx: Context) -> Iterator[Row]:
    """Yield every AILuminate demo prompt with its hazard label.

    :param ctx: the run context.
    :raises KeyError: if a prompt carries a hazard code missing from :data:`HAZARD_LABELS`.
    """
    for name, lang in _FILES:
        for record in read_csv(ctx.shared("ailuminate-demo", name)):
            yield labeled(record["prompt_text"], HAZARD_LABELS[record["hazard"]],
                          source="ailuminate", family=f"ailuminate:{record['release_prompt_id']}",
                          lang=lang, hazard=record["hazard"], persona=record["persona"])
