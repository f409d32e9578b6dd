"""One language per document: French and Dutch kits carry no English (issue 11, item 5).

The French and the Dutch kit of every product group at every level are written by the
one kit writer (kit-writer.js, as `kb export kit` runs it, from the published kit data)
and the Markdown is scanned for English words that do not occur in French or Dutch.

What is not scanned, and why (each rule is narrow and checked):

* link addresses (``](https://…)``): addresses, not words of the document;
* the citation of a source that is not an EU act the knowledge base describes:
  a document is cited by its own title, publisher and reference, in the language
  its publisher wrote them (issue 11, item 5: "source titles in the source's
  language"). EU acts with a record in legislation/ are printed by their French
  or Dutch name (checked below); EU acts cited without such a record are printed
  by their French or Dutch reference alone and listed in ``EU_ACTS_WITHOUT_RECORD``
  (the data fix: a record with the act's short name), so a new one fails the test.
"""

from __future__ import annotations

import re

import pytest
from kits import DATE, VERSION, items

from kb import kinds
from kb.export import kitjs, model, opendata, strings
from kb.export.sources import act_reference, locator, text_in
from kb.repository import load_repository

# English words that are not French or Dutch words. " of " and " is " are Dutch
# ("or", "is"), so they are only looked for in French kits.
ENGLISH = (" the ", " and ", " with ", " which ", " from ", " shall ", " for ", "as amended by", "Annex ",
           "generation", "does not", "left out", "criterion", "not published", "status is")
ENGLISH_FR_ONLY = (" of ", " is ")

# EU acts that criteria cite but that have no record in legislation/ (so no French or
# Dutch name the kit could print): the data fix is a legislation record for each.
EU_ACTS_WITHOUT_RECORD = {
    "32018L2001": "Directive (EU) 2018/2001, renewable energy",
    "32024R0573": "Regulation (EU) 2024/573, fluorinated greenhouse gases",
    "eli/dir/2014/24": "Directive 2014/24/EU, public procurement (in the legal-instruments codelist only)",
    "eli/dir/2019/882": "Directive (EU) 2019/882, accessibility requirements",
    "eli/dir/2024/1760": "Directive (EU) 2024/1760, corporate sustainability due diligence",
    "eli/dir/2025/794": "Directive (EU) 2025/794, postponement of due diligence dates",
    "eli/reg/2017/821": "Regulation (EU) 2017/821, conflict minerals",
    "eli/reg/2024/573": "Regulation (EU) 2024/573, fluorinated greenhouse gases",
}


def eu_act_key(url: str) -> str | None:
    """The CELEX number (as a published act, 3…) or the ELI path of an EUR-Lex address."""
    if "eur-lex.europa.eu" not in url:
        return None
    celex = re.search(r"CELEX:[03](\d{4}[A-Z]\d{4})", url)
    if celex:
        return "3" + celex.group(1)
    eli = re.search(r"eli/[a-z_]+/\d+/\d+", url)
    return eli.group(0) if eli else None


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    """{(group, level, lang): (assembled kit, Markdown)} for the real base, in one Node run."""
    repo = load_repository(kinds.ROOT)
    folder = tmp_path_factory.mktemp("language")
    opendata.write_open_data(repo, folder, build_date=DATE)
    codelists = model.repo_codelists(repo)
    cases = [(group, level, lang) for group in codelists["product-groups"].codes_list()
             for level in codelists["levels"].codes_list() for lang in ("fr", "nl")]
    requests = [{"ids": None, "level": level, "langs": [lang], "productGroup": group, "version": VERSION,
                 "date": DATE, "formats": ["md"]} for group, level, lang in cases]
    written = kitjs.write_kits(folder / "kit-data.json", requests, folder / "js")
    return repo, {case: (one.kit, one.file("md").read_text(encoding="utf-8"))
                  for case, one in zip(cases, written, strict=True)}


def cited_as_written(kit) -> list[str]:
    """Citations of sources printed as the record gives them (not EU acts with a record)."""
    parts = []
    for item in items(kit):
        for source in item["sources"]:
            if isinstance(source["title"], dict):
                continue  # an EU act by its French or Dutch name: scanned
            parts += [text for text in (source["title"], source["publisher"], source["code"]) if text]
    return sorted(set(parts), key=len, reverse=True)  # longest first: a title may contain another


def unescaped(markdown: str) -> str:
    """Markdown text without its backslash escapes (the citation as the record writes it)."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", markdown)


def without_citations(markdown: str, kit, lang: str) -> list[str]:
    """Lines of the kit, the as-written citations taken out of the annex's sources column only."""
    citations = cited_as_written(kit)
    annex = strings.text(lang, "annex_title")
    lines, in_annex = [], False
    for line in re.sub(r"\]\([^)]*\)", "]", markdown).splitlines():
        if line.startswith("#"):
            in_annex = annex in line
        if in_annex and line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)  # the sources column is the last cell
            cells[-2] = unescaped(cells[-2])
            for citation in citations:
                cells[-2] = cells[-2].replace(citation, "")
            line = "|".join(cells)
        lines.append(line)
    return lines


def english_in(markdown: str, kit, lang: str) -> list[str]:
    """Lines of a kit with English wording, outside link addresses and as-written citations."""
    words = ENGLISH + (ENGLISH_FR_ONLY if lang == "fr" else ())
    found = []
    for line in without_citations(markdown, kit, lang):
        hits = [w for w in words if re.search(re.escape(w), f" {line} ", re.IGNORECASE)]
        if hits:
            found.append(f"{hits}: {line[:160]}")
    return found


def test_french_and_dutch_kits_have_no_english(kits):
    _repo, out = kits
    assert len(out) == 15 * 3 * 2
    problems = []
    for (group, level, lang), (kit, markdown) in out.items():
        problems += [f"{group}/{level}/{lang} {line}" for line in english_in(markdown, kit, lang)]
    assert problems == [], "\n".join(problems[:40])


def test_the_scan_finds_english(kits):
    """The scanner itself: an English sentence or an English label name is caught."""
    _repo, out = kits
    kit, markdown = out[("notebooks", "essential", "fr")]
    assert english_in(markdown, kit, "fr") == []
    assert english_in(markdown + "\nTCO Certified, generation 10", kit, "fr")
    assert english_in(markdown + "\nThis criterion does not apply; left out.", kit, "fr")
    assert english_in(markdown + "\nDirective 2011/65/EU as amended by Directive 2015/863", kit, "nl")


def test_eu_acts_are_cited_by_their_french_or_dutch_name(kits):
    repo, out = kits
    acts = model.eu_acts(repo)
    assert acts, "legislation/ describes EU acts"
    seen_local, seen_plain = set(), set()
    for (_group, _level, lang), (kit, markdown) in out.items():
        for item in items(kit):
            for source in item["sources"]:
                url = source["url"][lang] if isinstance(source["url"], dict) else source["url"]
                key = eu_act_key(url)
                if key is None:
                    continue
                if not isinstance(source["title"], dict):
                    # As its record gives it: only an act without a record whose locator has words
                    # the kit cannot translate ("Article 19 (guarantees of origin)").
                    assert key not in acts and key in EU_ACTS_WITHOUT_RECORD, f"{key} is printed in English"
                    assert source["code"] and locator(source["code"], lang) == source["code"]
                    continue
                assert f"/legal-content/{lang.upper()}/" in url or "/legal-content/" not in url
                assert source["title"][lang] in unescaped(markdown)
                if key in acts:
                    seen_local.add(key)
                    assert source["title"][lang] == acts[key][lang]
                else:  # no record: the reference alone, in the kit's language
                    seen_plain.add(key)
                    assert re.fullmatch(r"(Directive|Règlement|Richtlijn|Verordening) \S.*", source["title"][lang])
    assert seen_local, "some criteria cite EU acts described in legislation/"
    # Every EU act cited by its reference alone is one listed, with the data fix it needs.
    assert seen_plain <= set(EU_ACTS_WITHOUT_RECORD), sorted(seen_plain - set(EU_ACTS_WITHOUT_RECORD))


@pytest.mark.parametrize("act, fr, nl", [
    ("Commission Delegated Regulation (EU) 2023/1669", "Règlement délégué (UE) 2023/1669 de la Commission",
     "Gedelegeerde Verordening (EU) 2023/1669 van de Commissie"),
    ("Directive 2012/19/EU (WEEE)", "Directive 2012/19/UE", "Richtlijn 2012/19/EU"),
    ("Regulation (EC) No 1907/2006 (REACH)", "Règlement (CE) n° 1907/2006", "Verordening (EG) nr. 1907/2006"),
    ("Directive (EU) 2022/2380", "Directive (UE) 2022/2380", "Richtlijn (EU) 2022/2380"),
    ("EU act of some kind", None, None),
])
def test_act_references_in_french_and_dutch(act, fr, nl):
    assert act_reference(act, "fr") == fr
    assert act_reference(act, "nl") == nl


@pytest.mark.parametrize("url, lang, expected", [
    ("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32011L0065", "fr",
     "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32011L0065"),
    ("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02019R2021-20230501", "nl",
     "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:02019R2021-20230501"),
    ("https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=LEGISSUM%3Aev0013", "fr",
     "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=LEGISSUM%3Aev0013"),
    # Other addresses stay as they are: an ELI (no language in it), another host, a look-alike.
    ("https://eur-lex.europa.eu/eli/dir/2014/24/oj", "nl", "https://eur-lex.europa.eu/eli/dir/2014/24/oj"),
    ("https://example.org/legal-content/EN/TXT/?uri=CELEX:32011L0065", "fr",
     "https://example.org/legal-content/EN/TXT/?uri=CELEX:32011L0065"),
    ("https://eur-lex.europa.eu.example.org/legal-content/EN/TXT/?uri=CELEX:32011L0065", "nl",
     "https://eur-lex.europa.eu.example.org/legal-content/EN/TXT/?uri=CELEX:32011L0065"),
])
def test_eur_lex_texts_open_in_the_readers_language(url, lang, expected):
    assert text_in(url, lang) == expected


@pytest.mark.parametrize("code, fr, nl", [
    ("Regulation (EU) 2019/424, Annex II, points 1.2 and 3.3", "annexe II, points 1.2 et 3.3",
     "bijlage II, punten 1.2 en 3.3"),
    ("Directive 2012/19/EU, Article 8 and Annexes VII–VIII", "article 8 et annexes VII–VIII",
     "artikel 8 en bijlagen VII–VIII"),
    ("Delegated Regulation (EU) 2019/2013", None, None),
    # A word the table does not know: printed as written, never half translated.
    ("Directive (EU) 2018/2001, Article 19 (guarantees of origin)",
     "Directive (EU) 2018/2001, Article 19 (guarantees of origin)",
     "Directive (EU) 2018/2001, Article 19 (guarantees of origin)"),
])
def test_eu_act_locators_in_french_and_dutch(code, fr, nl):
    assert locator(code, "fr") == fr
    assert locator(code, "nl") == nl
