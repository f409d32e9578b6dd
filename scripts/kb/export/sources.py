"""Sources of a criterion as a kit cites them, EU acts in French and Dutch.

A source is printed as its record gives it (a document is cited by its own
title, in its publisher's language), except an EU act that ``legislation/``
describes: the kit then cites it by its French or Dutch reference ("Règlement
(UE) 2023/1670 de la Commission" / "Verordening (EU) 2023/1670 van de
Commissie", derived from the record's official English reference with the
Official Journal's fixed conventions) and the record's short name, links the
EUR-Lex page in that language and words the locator ("annexe II, point 2.1").
An EU act on EUR-Lex without a record is cited by its French or Dutch reference
alone (derived the same way from the source's English title or code), never by
an English title in a French or Dutch document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import strings
from .strings import LANGS


@dataclass(frozen=True)
class Source:
    """A public source of a criterion: as read (``lang``: the language of its title, from
    the schema-checked field, so that the writers mark it for screen readers and spell
    checkers), or, for an EU act the knowledge base describes (legislation/), ``title``,
    ``publisher``, ``url`` and ``code`` as ``{lang: text}`` in the kit's languages."""

    title: str | dict
    publisher: str | dict
    url: str | dict
    code: str | dict | None = None
    date: str | None = None
    lang: str | None = None  # the language of a title printed as read (an EU act's names are the kit's)


# An EUR-Lex address by CELEX number or by ELI (eli/dir/2019/882/oj).
_EUR_LEX = re.compile(r"^https://eur-lex\.europa\.eu/")
# CELEX number of an EUR-Lex address; a consolidated text (0YYYY…) is the same act (3YYYY…).
_CELEX = re.compile(r"CELEX:[03](\d{4}[A-Z]\d{4})")
_ROMAN_OR_CODE = re.compile(r"^(?:[IVXLC]+(?:[–-][IVXLC]+)?|[A-Z]?[\d.()–-]+[a-z]?|[A-Z](?:\.[\d()]+)+)[,;]?$")


# The official short reference of an EU act ("Commission Delegated Regulation (EU)
# 2023/1669", "Directive 2012/19/EU", "Regulation (EC) No 1907/2006") and its
# French and Dutch forms, which follow the Official Journal's fixed conventions.
_ACT = re.compile(r"^(?P<commission>Commission )?(?P<delegated>Delegated )?(?P<kind>Regulation|Directive) "
                  r"(?:\((?P<union>EU|EC)\) (?P<no>No )?(?P<number>\d{4}/\d+|\d+/\d{4})"
                  r"|(?P<old>\d{4}/\d+)/(?P<old_union>EU|EC))\b")
_ACT_WORDS = {
    "fr": {"Regulation": "Règlement", "Directive": "Directive",
           "delegated": {"Regulation": "Règlement délégué", "Directive": "Directive déléguée"},
           "EU": "UE", "EC": "CE", "No": "n°", "commission": " de la Commission"},
    "nl": {"Regulation": "Verordening", "Directive": "Richtlijn",
           "delegated": {"Regulation": "Gedelegeerde Verordening", "Directive": "Gedelegeerde Richtlijn"},
           "EU": "EU", "EC": "EG", "No": "nr.", "commission": " van de Commissie"},
}


def act_reference(act: str, lang: str) -> str | None:
    """The short reference of an EU act in ``lang``, from its English form; None when unknown."""
    found = _ACT.match(act or "")
    if not found:
        return None
    words = _ACT_WORDS[lang]
    kind = found["kind"]
    name = words["delegated"][kind] if found["delegated"] else words[kind]
    if found["old"]:
        number = f"{found['old']}/{words[found['old_union']]}"
    elif found["no"]:  # "Regulation (EC) No 1907/2006": numbered before 2015
        number = f"({words['EC']}) {words['No']} {found['number']}"
    else:
        number = f"({words[found['union']]}) {found['number']}"
    return f"{name} {number}" + (words["commission"] if found["commission"] else "")


# An EUR-Lex page in one language: the same address serves every official language version,
# named by the two capital letters after legal-content/ (texts by CELEX number, summaries).
_EUR_LEX_PAGE = re.compile(r"^https://eur-lex\.europa\.eu/legal-content/[A-Z]{2}/")


def text_in(url: str, lang: str) -> str:
    """The address of an EUR-Lex page in the reader's language (``lang``: "fr" or "nl"); any
    other address as it is (the site, the kits and the open data use this one function)."""
    found = _EUR_LEX_PAGE.match(url or "")
    return f"https://eur-lex.europa.eu/legal-content/{lang.upper()}/{url[found.end():]}" if found else url


def act_name(act, lang: str) -> str | None:
    """How a legal act (legal_baseline[].act) is named in ``lang``: its French or Dutch text when
    the record gives both, the translated reference when the whole text is an EU act reference
    ("Regulation (EU) 2023/1670"), else None (rule baseline-act refuses it)."""
    if isinstance(act, dict):
        return act.get(lang)
    found = _ACT.match(act or "")
    return act_reference(act, lang) if found and found.end() == len(act) else None


def eu_acts(repo) -> dict:
    """French and Dutch names of the EU acts the knowledge base describes, by CELEX number:
    the act's reference in each language, then the record's short title."""
    acts = {}
    for record in repo.of_kind("legislation"):
        found = _CELEX.search(record.get("url") or "")
        title = record.get("title") or {}
        if found and all(title.get(lang) for lang in LANGS):
            refs = {lang: act_reference(record.get("act", ""), lang) for lang in LANGS}
            acts["3" + found.group(1)] = {lang: f"{refs[lang]} — {title[lang]}" if refs[lang] else title[lang]
                                    for lang in LANGS}
    return acts


def locator(code: str | None, lang: str) -> str | None:
    """The part of an EU act source's code after the act ("Annex II, point 2.1") in
    ``lang``; the code as read when a word is not in ``strings.LOCATOR_WORDS``."""
    if not code:
        return None
    _act, sep, rest = code.partition(", ")
    if not sep:
        return None  # the code is only the act, which the title already names
    words = []
    for word in rest.split(" "):
        bare = word.rstrip(",;")
        if bare in strings.LOCATOR_WORDS:
            words.append(strings.LOCATOR_WORDS[bare][lang] + word[len(bare):])
        elif _ROMAN_OR_CODE.match(word):
            words.append(word)
        else:
            return code
    return " ".join(words)


def sources_of(data: dict, acts: dict | None = None, langs=LANGS) -> list[Source]:
    """The sources of a criterion; an EU act described in legislation/ in the kit's languages."""
    out = []
    for s in data.get("sources") or []:
        found = _CELEX.search(s["url"])
        title = (acts or {}).get("3" + found.group(1)) if found and "eur-lex.europa.eu" in s["url"] else None
        if title is None and _EUR_LEX.match(s["url"]):
            # An EU act without a record: its reference in each language, when it can be read.
            refs = {lang: act_reference(s["title"], lang) or act_reference(s.get("code") or "", lang)
                    for lang in langs}
            # Only when the locator translates too ("Article 19 (guarantees of origin)" does not):
            # a citation is in one language, else it stays as its record gives it.
            translated = not s.get("code") or all(locator(s["code"], lang) != s["code"] for lang in langs)
            title = refs if all(refs.values()) and translated else None
        if title is None:
            title_lang = s.get("lang")
            title_lang = title_lang if isinstance(title_lang, str) and re.fullmatch("[a-z]{2}", title_lang) else None
            out.append(Source(s["title"], s["publisher"], s["url"], s.get("code"), s.get("date"), title_lang))
            continue
        # An EU act: its French or Dutch name, the EUR-Lex page in that language.
        publisher = ({lang: strings.text(lang, "eu_publisher") for lang in langs}
                     if s["publisher"].startswith("European Union") else s["publisher"])
        url = {lang: text_in(s["url"], lang) for lang in langs}
        code = {lang: locator(s.get("code"), lang) for lang in langs} if s.get("code") else None
        if code is not None and not any(code.values()):
            code = None
        out.append(Source({lang: title[lang] for lang in langs}, publisher, url, code, s.get("date")))
    return out
