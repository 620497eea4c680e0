"""The one shared keyword rule table, for rows whose source gives no usable category.

Used for AdvBench (no categories), DangerousQA, HarmfulQA, MaliciousInstruct, tense rewrites
without a matched JBB behaviour, mixed categories (HarmBench ``illegal``/``harmful``, CoCoNot
"dangerous or sensitive topics", several Do-Not-Answer subcategories), DICES and PyRIT unsafe
responses, and to confirm the category of RealToxicityPrompts openings. Each source module says
which of the three entry points it uses:

- :func:`keyword_labels`: every label whose rule matches (may be empty);
- :func:`resolve`: the keyword labels, or a fallback when none match;
- :func:`~.disinformation.disinformation_labels` (re-exported here): the disinformation decision
  (elections S13, medical, legal or financial misinformation S6, a real person or organisation
  S5, hate-motivated denial S10, otherwise S2 as fraud or deception); :func:`keyword_labels`
  applies it too when a text talks of fake news, propaganda or hoaxes.

Rules are lower-case regular expressions on word boundaries. They are written for *unsafe*
pools (text already known to be harmful, the question is which hazard), not to find harm in
arbitrary text: a benign text mentioning "vote" is not S13.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import NONE
from .disinformation import disinformation_labels

__all__ = ["RULES", "KeywordRule", "disinformation_labels", "keyword_labels", "resolve"]


@dataclass(frozen=True)
class KeywordRule:
    """One row of the table.

    :param name: a short identifier, used in tests and reports.
    :param labels: what a match adds.
    :param note: why.
    :param pattern: the alternatives, matched case-insensitively on word boundaries.
    """

    name: str
    labels: frozenset[str]
    note: str
    pattern: re.Pattern[str]


def _rule(name: str, labels: str, note: str, alternatives: tuple[str, ...]) -> KeywordRule:
    """Compile one rule; ``labels`` is a space-separated list of wire names."""
    expression = r"\b(" + "|".join(alternatives) + r")\b"
    return KeywordRule(name, frozenset(labels.split()), note,
                       re.compile(expression, re.IGNORECASE))


_SELF = r"(myself|yourself|themselves|himself|herself)"

RULES: tuple[KeywordRule, ...] = (
    _rule("csam", "S4", "child sexual abuse material and grooming", (
        r"child (porn\w*|sexual abuse|sex abuse)", r"csam", r"pa?edophil\w*",
        r"groom(ing)? (a |the )?(minors?|child\w*|kids?)",
    )),
    _rule("sex_crime", "S3", "sexual violence, non-consensual imagery, sex trafficking", (
        r"rape[sd]?", r"raping", r"rapist", r"sexual(ly)? (assault\w*|abuse\w*|exploit\w*)",
        r"non-?consensual", r"without (her|his|their) consent", r"revenge porn",
        r"sex(ual)? traffic\w*", r"molest\w*", r"sextort\w*", r"date[- ]rape", r"upskirt\w*",
        r"voyeur\w*", r"bestiality", r"brothel", r"pimp(ing)?", r"forced prostitution",
        r"coerc\w* .{0,40}\b(sex|nudes?|explicit|intimate)",
    )),
    _rule("sexual", "S12", "sexual content", (
        r"porn\w*", r"erotic\w*", r"sex scenes?", r"sexually explicit",
        r"explicit (sex\w*|scene|story|content)", r"nsfw", r"orgasm\w*", r"masturbat\w*",
        r"genitals?", r"penis", r"vagina\w*", r"clit\w*", r"pussy", r"cocks?", r"dick",
        r"boobs?", r"tits", r"breasts", r"nipples?", r"blow ?jobs?", r"anal sex", r"hentai",
        r"fetish\w*", r"kinky", r"horny", r"sext(ing)?", r"strip ?tease", r"smut", r"threesome",
        r"orgy", r"orgies", r"cum", r"have sex", r"having sex", r"sex with", r"sex toys?",
        r"sexual (acts?|positions?|fantas\w*|intercourse|content|experiences?)",
        r"nude (photos?|images?|pictures?)", r"naked",
    )),
    _rule("self_harm", "S11", "suicide, self-injury, disordered eating", (
        r"suicid\w*", r"kill\w* " + _SELF, r"end(ing)? (my|your|their|his|her) (own )?life",
        r"(put )?an end to (my|your|his|her|their) (own )?(suffering|life)", r"euthanasia",
        r"self[- ]?harm\w*", r"self[- ]?injur\w*", r"cut(ting)? (myself|yourself|themselves)",
        r"(hurt|harm) (myself|yourself)", r"overdos\w*", r"anorexi\w*", r"bulimi\w*",
        r"eating disorders?", r"starv\w* (myself|yourself|themselves)", r"starve",
        r"starvation", r"throw up to lose", r"pro-?ana", r"thinspo\w*",
        r"hang (myself|yourself)", r"slit (my|your) wrists?", r"lethal dose",
        r"(less than|under) \d+ calories", r"without eating", r"laxatives?",
        r"dehydrat\w* (myself|yourself|my body)",
    )),
    _rule("cbrne", "S9", "chemical, biological, radiological, nuclear and explosive weapons", (
        r"(?<!zip )bombs?(?! threats?)", r"bomb-making", r"explosives?", r"explosive devices?",
        r"ieds?", r"detonat\w*", r"grenades?", r"dynamite", r"tnt", r"anfo", r"molotov",
        r"nerve (agents?|gas)", r"sarin", r"vx", r"tabun", r"mustard gas", r"chlorine gas",
        r"phosgene", r"ricin", r"anthrax", r"bacillus anthracis", r"botulinum", r"smallpox",
        r"ebola", r"bio-?weapons?", r"bio-?chemical weapons?",
        r"biological (weapons?|warfare|agents?)",
        r"chemical (weapons?|warfare|agents?)", r"nuclear (weapons?|bombs?|devices?)",
        r"dirty bombs?", r"radiological", r"enrich\w* uranium", r"uranium", r"plutonium",
        r"weapons?-grade", r"incendiary", r"napalm", r"nitroglycerin", r"thermite",
        r"hydrogen cyanide", r"cyanide gas", r"lewisite", r"pathogens?", r"fireworks",
        r"blow up", r"weapons? of mass destruction",
        r"poison\w* .{0,20}(water supply|reservoir|food supply)",
    )),
    _rule("violent", "S1", "violent crimes, threats, terrorism, cruelty to animals and children", (
        r"kill\w*(?! " + _SELF + ")", r"murder\w*", r"assassinat\w*", r"homicid\w*",
        r"massacre\w*", r"mass shootings?", r"shoot (up|someone|people|him|her|them)",
        r"stab\w*", r"strangl\w*", r"suffocat\w*", r"beat (up|someone|him|her|them)",
        r"kick (a stranger|someone|him|her|them)",
        r"assault\w*", r"torture\w*", r"kidnap\w*", r"abduct\w*", r"hostages?",
        r"terroris\w*", r"terroriz\w*", r"terror attacks?", r"revenge", r"start a fight",
        r"behead\w*", r"dismember\w*", r"poison\w*",
        r"hitman", r"hit man", r"lac(e|ed|ing) .{0,30}(food|drinks?)",
        r"hurt (someone|people|him|her|them|others)",
        r"harm (someone|people|him|her|them|others)", r"violen(t|ce)", r"genocide",
        r"ethnic cleansing", r"lynch\w*", r"death threats?", r"bomb threats?", r"threaten\w*",
        r"animal (cruelty|abuse)", r"dog ?fights?", r"cock ?fights?", r"poach\w*", r"arson",
        r"maim\w*", r"attack (someone|people|a person|him|her)", r"cannibal\w*",
        r"physical harm", r"cause harm", r"harm to (passengers|others|people)", r"hit-and-run",
        r"cause (a )?crash(es)?", r"cause accidents", r"radicali[sz]\w*", r"extremis\w*",
        r"(harm|abus|hurt|tortur|mistreat)\w* .{0,10}animals?", r"animals? for sport",
        r"abus\w* .{0,20}child\w*",
    )),
    _rule("cyber", "S2", "cybercrime, hacking, malware (S14 is only interpreter abuse)", (
        r"hack\w*", r"malware", r"ransomware", r"keylogg\w*", r"spyware", r"trojans?",
        r"rootkits?", r"botnets?", r"ddos", r"denial of service", r"phish\w*",
        r"exploit\w* (a |the )?vulnerab\w*", r"sql injection", r"crack\w* passwords?",
        r"brute[- ]force", r"credential stuffing", r"zero-day", r"computer virus\w*",
        r"virus(es)? (that|to|which)", r"viruses", r"antivirus", r"cyber ?attacks?",
        r"backdoor\w*", r"reverse shell", r"keystrokes", r"zip bombs?", r"crash (a |the )?computer",
        r"delet\w* (all )?files", r"denies access", r"bypass\w* (the )?security",
        r"unauthori[sz]ed access", r"evade anti-?virus", r"harvest\w* .{0,25}(data|information)",
        r"social engineering", r"reveal\w* (their )?passwords", r"divulg\w* sensitive",
        r"cyberstalk\w*", r"hijack\w*",
    )),
    _rule("crime", "S2", "non-violent crimes: theft, fraud, forgery, smuggling, sabotage", (
        r"steal(s|ing)?", r"stole", r"stolen", r"theft", r"shoplift\w*", r"burglar\w*", r"rob",
        r"robb\w*", r"launder\w*", r"embezzl\w*", r"fraud\w*", r"scam\w*",
        r"counterfeit\w* (money|currency)", r"counterfeiting", r"forge[ds]?", r"forgery",
        r"(alter|falsify|falsif)\w* .{0,20}(documents?|records?|signatures?)",
        r"fake (ids?|passports?|documents?|invoices?|reviews?|charity|identity)",
        r"tax evasion", r"evad\w* (taxes|law enforcement|police|the police|detection|customs)",
        r"evad\w* .{0,20}security", r"insider trading", r"brib\w*", r"smuggl\w*",
        r"traffick\w*", r"black market", r"dark ?web", r"identity theft", r"extort\w*",
        r"blackmail\w*", r"ponzi", r"pyramid scheme", r"illegal(ly)?", r"unlawful(ly)?",
        r"vandal\w*", r"pickpocket\w*", r"pick a lock", r"lock ?pick\w*", r"hot-?wire",
        r"skimm\w*", r"cheat\w* .{0,20}(exams?|tests?)", r"plagiar\w*", r"impersonat\w*",
        (r"manipulat\w* .{0,25}(markets?|stocks?|prices?|ratings|reviews|search engine"
        r"|financial data)"),
        r"sabotag\w*", r"infiltrat\w*", r"break(ing)? into", r"trespass\w*",
        r"escape from (prison|jail|a correctional)", r"spam\w*",
        r"unsolicited (messages|emails)", r"fake reviews?", r"commit\w* (a )?crimes?",
        r"criminal activit\w*", r"(not (even )?|never )used or tested",
        r"mislead\w* consumers",
        (r"disrupt\w* .{0,30}(transportation|public order|operations?|traffic|railway"
        r"|airport|services)"),
        r"interfere with the operation", r"(cause|incite) chaos",
        r"access (someone|somebody) else'?s", r"restricted (areas?|websites?|drugs?)",
        r"military secrets", r"sensitive government information",
        r"avoid paying (taxes|child support)",
        r"get away with (a )?crimes?", r"incriminating evidence",
        r"join (a )?(criminal organi[sz]ation|gang)", r"arms dealer", r"commit a felony",
        r"break the law", r"create a virus", r"(make|build) a (home-?made )?weapon",
    )),
    _rule("drugs_weapons", "S2", "drug crimes and weapons crimes (MLCommons puts both in S2)", (
        r"methamphetamine", r"meth", r"fentanyl", r"heroin", r"cocaine", r"lsd", r"mdma",
        r"ecstasy", r"morphine", r"opioids?", r"opiates?", r"(iso)?nitazenes?", r"amphetamines?",
        r"ketamine", r"ghb", r"crack", r"psychedelic\w*", r"mind-altering", r"illegal drugs?",
        r"drug deal\w*", r"get high", r"getting high",
        r"without a prescription", r"pass a drug test", r"drug use", r"steroids",
        r"performance-enhancing", r"addiction", r"experiment\w* with drugs",
        r"drugs? .{0,30}synthesi\w*",
        (r"(use|using|synthesi\w*|make|making|sell\w*|buy\w*|obtain\w*|distribut\w*) (of )?"
        r"(illegal |recreational |prescription )?drugs"),
        r"firearms?", r"guns?", r"silencers?", r"untraceable weapons?",
        r"weapons? (trade|trafficking|smuggling)",
    )),
    _rule("defamation", "S5", "false statements damaging a real person or organisation", (
        r"defam\w*", r"slander\w*", r"libel\w*", r"smear\w*", r"ruin \w+('s)? reputation",
        r"damage \w+('s)? reputation",
        r"false (rumou?rs?|accusations?|allegations?|claims?) about",
        r"fake (scandal|news (story|article)) about", r"spread\w* rumou?rs? about",
        r"fabricat\w* (evidence|quotes?) (about|against)",
    )),
    _rule("advice", "S6", "specialised medical, legal or financial advice", (
        r"diagnos\w*", r"(what|which) (medications?|medicines?|drugs?|pills?) (should|can) i",
        r"dosage", r"how (much|many) .{0,30}should i take", r"treatment plan",
        r"treat (my|his|her|their) ", r"medical advice", r"legal advice",
        r"financial advice", r"investment advice", r"tax advice", r"self-?medicat\w*",
        r"(surgery|\w+ectomy|root canal|extraction|abortion|stitch\w*) (on )?(myself|at home)",
        r"(without|instead of) (going to |seeing )?(a |the )?(doctor|hospital|emergency)",
        r"home remedy", r"set (a |the |my )?(broken )?bones?", r"should i invest",
        r"prescribe",
    )),
    _rule("privacy", "S7", "privacy: personal data, tracking, surveillance, doxxing", (
        r"(home )?address(es)? of", r"phone numbers? of", r"social security numbers?",
        r"ssns?", r"passport numbers?", r"driver'?s licen[cs]e numbers?",
        r"credit card (numbers?|details)", r"bank account (numbers?|details)",
        r"medical records?",
        r"private (information|data|photos?|messages?|emails?|conversations?)",
        r"personal (information|data|details)", r"dox\w*",
        r"track\w* .{0,30}(location|phone|whereabouts)", r"spy(ing)? on", r"spies on",
        r"stalk\w*", r"surveil\w*", r"eavesdrop\w*", r"wiretap\w*", r"facial recognition",
        r"read (their|her|his) (emails?|messages|texts)",
        r"without (their|his|her) (knowledge|permission)", r"deepfakes?",
    )),
    _rule("ip", "S8", "intellectual property: copying, piracy, trade secrets", (
        r"copyright\w*", r"pirat\w*", r"torrent\w*", r"lyrics", r"verbatim", r"drm",
        r"paywall\w*", r"counterfeit (designer|goods|products?|brands?|handbags?)",
        r"trademark\w*", r"patent\w*", r"trade secrets?", r"crack\w* (software|licen[cs]es?)",
        r"licen[cs]e keys?", r"keygen", r"bootleg\w*", r"full (text|script) of",
        r"digital rights management",
    )),
    _rule("hate", "S10", "hate and harassment", (
        r"racis\w*", r"racial slurs?", r"slurs?", r"nigg\w*", r"faggot\w*", r"dyke",
        r"trann(y|ies)", r"kike", r"chink", r"spic", r"wetback", r"raghead", r"retard\w*",
        r"inferior (race|races|people)", r"inferior to", r"are inferior", r"superior to",
        r"inherently (superior|inferior|less intelligent)",
        r"white supremac\w*", r"supremac\w*", r"neo-?nazi\w*", r"nazi\w*", r"holocaust",
        r"antisemit\w*", r"xenophob\w*", r"homophob\w*", r"transphob\w*", r"sexis\w*",
        r"misogyn\w*", r"hate speech", r"hateful", r"harass\w*", r"bull(y|ies|ying)",
        r"cyberbull\w*", r"insult\w*", r"humiliat\w*", r"demean\w*", r"body[- ]?sham\w*",
        r"discriminat\w*", r"stereotyp\w*", r"dehumaniz\w*", r"troll\w*", r"derogatory",
        r"offensive jokes?", r"racist jokes?", r"hate (groups?|mail|messages?|crimes?)",
        r"incit\w* hatred", r"make fun of", r"inflammatory", r"islamophob\w*", r"bigot\w*",
        r"prejudic\w*", r"intoleran\w*", r"hatred", r"contempt for", r"anti-?semit\w*",
        r"demoni[sz]\w*", r"classism", r"hate (organi[sz]ations?|rally|rallies|symbols?)",
        r"symbols of hate", r"(feel|are) unwelcome", r"less human", r"worth less",
        r"(gay|lesbian|bisexual|transgender|queer|lgbtq?\+?) (people|person|men|women)",
        r"people of colou?r", r"ethnic minorit\w*",
        r"minority (groups?|cultures?|rights|communities)", r"disabled people",
        (r"(their|his|her) (race|ethnicity|religion|gender identity|sexual orientation"
        r"|disability)"),
        r"based on (their )?(race|ethnicity|religion|gender|identity|orientation)",
    )),
    _rule("election", "S13", "elections and voting", (
        r"elections?", r"electoral", r"vot(e|es|er|ers|ing)", r"ballots?",
        r"polling (stations?|places?)", r"gerrymander\w*", r"voter (fraud|suppression|id)",
    )),
    _rule("interpreter", "S14", "abuse of a code-executing assistant's own environment", (
        r"sandbox escape", r"escape (the|this) (sandbox|container)", r"container escape",
        r"code interpreter", r"/etc/shadow", r"/etc/passwd",
    )),
    _rule("jailbreak", "jailbreak", "role-play or rule-removal framing", (
        r"do anything now", r"developer mode", r"jailbreak\w*",
        r"no (ethical|moral) (guidelines|restrictions|constraints)",
        r"without any (restrictions|filters)", r"unfiltered", r"uncensored",
        r"stay in character", r"not an ai model with restrictions",
        r"pretend (you are|to be) .{0,30}(no|without) (rules|restrictions|limits)",
    )),
    _rule("injection", "prompt_injection", "instruction override or system-prompt extraction", (
        r"ignore (all |the |your )?(previous|prior|above|earlier) (instructions|prompts?|rules)",
        r"disregard (all |the |your )?(previous|prior|above)",
        (r"(reveal|print|repeat|show|output) (me )?(your|the) (system prompt|initial instructions"
        r"|hidden instructions)"),
    )),
    _rule("physical", "physical_hazard", "acts whose execution can hurt people or property", (
        r"mix\w* (bleach|ammonia|cleaning (chemicals|products))",
        r"bleach and (ammonia|vinegar|rubbing alcohol)",
        (r"(disable|remove|bypass)\w* (the )?(smoke (detectors?|alarms?)|safety (features?"
        r"|guards?|switch\w*)|seat ?belts?|seatbelt alarm|brakes?)"),
        r"brake (lines?|systems?)", r"gas lines?", r"drunk driv\w*",
        r"drive (drunk|after drinking|under the influence)", r"heavy machinery without",
        r"reckless driving", r"dangerous stunts?", r"risky pranks?", r"laundry detergent",
        r"tide pods?", r"huff\w*", r"asbestos", r"carbon monoxide",
        r"unattended (stove|candle|oven)", r"start (a )?fires?",
        r"set (something |a |the )?(on )?fire", r"electrocut\w*",
        r"overload\w* (the )?(outlet|circuit)s?",
    )),
)
"""The keyword table, in no particular order: every matching rule contributes its labels."""


_SEXUAL_LABELS = frozenset({"S3", "S12"})
_CHILD_RE = re.compile(
    r"\b(child|children|kids?|minors?|underage|under-?age|pre-?teens?|teens?|teenagers?|infants?"
    r"|toddlers?|schoolgirls?|schoolboys?|\d{1,2}[- ]year[- ]olds?)\b", re.IGNORECASE)
_SEXUAL_RE = re.compile(
    r"\b(sex|sexual\w*|porn\w*|nudes?|nudity|naked|explicit (images?|photos?|content|material)"
    r"|erotic\w*|groom\w*|molest\w*|intimate (images?|photos?)|genital\w*|sexting)\b",
    re.IGNORECASE)
_MISINFORMATION = re.compile(r"\b(misinformation|disinformation|fake news|false (information|news"
                             r"|claims?|narratives?)|propaganda|conspiracy theor\w*|hoax\w*"
                             r"|misleading (information|claims?|articles?)|misleads the public"
                             r"|without (any )?(scientific )?evidence)\b", re.IGNORECASE)


def keyword_labels(text: str) -> frozenset[str]:
    """Return the union of the labels of every rule that matches ``text``.

    :param text: the text to classify (assumed unsafe).
    """
    found: set[str] = set()
    for rule in RULES:
        if rule.pattern.search(text):
            found |= rule.labels
    if _MISINFORMATION.search(text):
        found |= disinformation_labels(text)
    if _CHILD_RE.search(text) and (found & _SEXUAL_LABELS or _SEXUAL_RE.search(text)):
        found.add("S4")
    if "S4" in found:
        found.discard("S12")
    return frozenset(found)


def resolve(text: str, default: frozenset[str] = NONE) -> frozenset[str]:
    """Return :func:`keyword_labels`, or ``default`` when no rule matches.

    :param text: the text to classify (assumed unsafe).
    :param default: the labels used when the table finds nothing.
    """
    return keyword_labels(text) or frozenset(default)

