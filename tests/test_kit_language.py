"""One language per document: French and Dutch kits carry no English (issue 11, item 5).

The French and the Dutch kit of every product group at every level are built
twice, by ``kb export kit`` (the function it calls to render) and by the browser
writer (kit-writer.js under Node, from the published kit-data.json). Both must
give the same Markdown, and the Markdown is scanned for English words that do not
occur in French or Dutch.

What is not scanned, and why (each rule is narrow and checked):

* link addresses (``](https://…)``): addresses, not words of the document;
* the citation of a source that is not an EU act the knowledge base describes:
  a document is cited by its own title, publisher and reference, in the language
  its publisher wrote them (issue 11, item 5: "source titles in the source's
  language"). EU acts with a record in legislation/ are printed by their French
  or Dutch name (checked below); EU acts cited without such a record are listed
  in ``EU_ACTS_WITHOUT_RECORD``, so a new one fails until a record is written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kb import kinds
from kb.export import cli, model, opendata, strings
from kb.export.blocks import paragraph
from kb.export.sources import act_reference, locator
from kb.export.text import md_inline
from kb.repository import load_repository

DRIVER = Path(__file__).parent / "kit_writer_driver.mjs"
VERSION, DATE = "1.0.0", "2026-03-01"

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


def node() -> str:
    found = shutil.which("node")
    if not found:
        pytest.fail("Node.js is not installed: run `make test`, which installs it", pytrace=False)
    return found


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
    """{(group, level, lang): (python kit, Python Markdown, browser Markdown)} for the real base."""
    repo = load_repository(kinds.ROOT)
    folder = tmp_path_factory.mktemp("language")
    opendata.write_open_data(repo, folder, build_date=DATE)
    codelists = model.repo_codelists(repo)
    cases = [(group, level, lang) for group in codelists["product-groups"].codes_list()
             for level in codelists["levels"].codes_list() for lang in ("fr", "nl")]
    batch = [{"out": str(folder / "js" / f"{group}-{level}-{lang}"), "ids": None, "level": level,
              "langs": [lang], "productGroup": group, "version": VERSION, "date": DATE, "formats": ["md"]}
             for group, level, lang in cases]
    request = folder / "request.json"
    request.write_text(json.dumps({"kitData": str(folder / "kit-data.json"), "batch": batch}))
    result = subprocess.run([node(), "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(DRIVER), str(request)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    out = {}
    for (group, level, lang), one in zip(cases, batch, strict=True):
        selection = model.select(repo, product_group=group, level=level)
        kit = model.build_kit(repo, selection, level, (lang,), version=VERSION, date=DATE)
        python_md = cli.render(kit, "md").decode("utf-8")
        out[(group, level, lang)] = (kit, python_md, (Path(one["out"]) / "kit.md").read_text(encoding="utf-8"))
    return repo, out


def cited_as_written(kit) -> list[str]:
    """Citations of sources printed as the record gives them (not EU acts with a record), as Markdown."""
    parts = []
    for item in kit.items:
        for source in item.sources:
            if isinstance(source.title, dict):
                continue  # an EU act by its French or Dutch name: scanned
            for text in (source.title, source.publisher, source.code):
                if text:
                    parts.append(md_inline(paragraph(text), in_table=True))
    return sorted(set(parts), key=len, reverse=True)  # longest first: a title may contain another


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


def test_every_kit_is_the_same_from_the_cli_and_the_browser(kits):
    _repo, out = kits
    assert len(out) == 15 * 3 * 2
    different = [case for case, (_kit, python_md, js_md) in out.items() if python_md != js_md]
    assert different == []


def test_french_and_dutch_kits_have_no_english(kits):
    _repo, out = kits
    problems = []
    for (group, level, lang), (kit, python_md, js_md) in out.items():
        for door, markdown in (("kb export kit", python_md), ("browser", js_md)):
            problems += [f"{group}/{level}/{lang} ({door}) {line}" for line in english_in(markdown, kit, lang)]
    assert problems == [], "\n".join(problems[:40])


def test_the_scan_finds_english(kits):
    """The scanner itself: an English sentence or an English label name is caught."""
    _repo, out = kits
    kit, markdown, _js = out[("notebooks", "essential", "fr")]
    assert english_in(markdown, kit, "fr") == []
    assert english_in(markdown + "\nTCO Certified, generation 10", kit, "fr")
    assert english_in(markdown + "\nThis criterion does not apply; left out.", kit, "fr")
    assert english_in(markdown + "\nDirective 2011/65/EU as amended by Directive 2015/863", kit, "nl")


def test_eu_acts_are_cited_by_their_french_or_dutch_name(kits):
    repo, out = kits
    acts = model.eu_acts(repo)
    assert acts, "legislation/ describes EU acts"
    seen_local, seen_plain = set(), set()
    for (_group, _level, lang), (kit, markdown, _js) in out.items():
        for item in kit.items:
            for source in item.sources:
                url = source.url[lang] if isinstance(source.url, dict) else source.url
                key = eu_act_key(url)
                if key is None:
                    continue
                if isinstance(source.title, dict):
                    seen_local.add(key)
                    assert source.title[lang] == acts[key][lang]
                    assert f"/legal-content/{lang.upper()}/" in url or "/legal-content/" not in url
                    assert md_inline(paragraph(source.title[lang]), in_table=True) in markdown
                else:
                    seen_plain.add(key)
                    assert key not in acts, f"{key} has a record but is printed in English"
    assert seen_local, "some criteria cite EU acts described in legislation/"
    # Every EU act cited in English is one listed, with the data fix it needs.
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
