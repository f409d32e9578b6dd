"""End-to-end checks in headless Chromium on the built site: the finder's facets and text
filter, the basket buttons and the basket across pages, and the guard that watches every
browser test (a request that leaves 127.0.0.1, a 4xx/5xx response or a console error fails it).
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import LANGS, accented_word, open_page, page_url, strip_accents

from kb import wording
from kb.render.finder import fold, match_text
from kb.wording import section

pytestmark = pytest.mark.browser


# ---- finder -----------------------------------------------------------------------------------


def french_spacing(text: str, lang: str) -> str:
    """A catalogue string as the site's scripts show it (French: no-break space before ':')."""
    return wording.french_spacing(text) if lang == "fr" else text


def finder_index(built_site, lang: str) -> dict:
    return json.loads((built_site / "site" / "data" / f"finder-{lang}.json").read_text(encoding="utf-8"))


def finder_rows(built_site, lang: str) -> list[dict]:
    """The finder's rows as records: the index (facet positions read back as codes) joined
    with the text of its shards, the way kb-finder.js reads them."""
    data = finder_index(built_site, lang)
    texts = []
    for n in range(-(-len(data["criteria"]) // data["shard"])):
        shard = json.loads((built_site / "site" / "data" / f"finder-{lang}" / f"{n}.json").read_text(encoding="utf-8"))
        assert shard["key"] == data["key"]
        texts += shard["text"]
    rows = []
    for row, (title, summary) in zip(data["criteria"], texts, strict=True):
        ident, version, status, *facets = row
        record = {"id": ident, "v": version, "st": status, "t": title, "s": summary,
                  "x": match_text(ident, title, summary)}
        for param, positions in zip(data["columns"], facets, strict=True):
            record[param] = [data["facets"][param][at][0] for at in positions]
        rows.append(record)
    return rows


def requested(page) -> list[str]:
    """Paths (under the site) of every request the page makes from now on."""
    seen = []
    page.on("request", lambda request: seen.append(urlsplit(request.url).path.split("/ict-criteria/", 1)[-1]))
    return seen


def shards(paths: list[str], lang: str) -> set[int]:
    return {int(m.group(1)) for p in paths if (m := re.fullmatch(rf"data/finder-{lang}/(\d+)\.json", p))}


def found(page) -> int:
    """The number in the finder's status line ("12 critères trouvés")."""
    return int(re.match(r"\d+", page.inner_text("#kb-results-status")).group(0))


def wait_for_finder(page) -> None:
    """Wait for the first results, then open the collapsible filter panel (closed by default)."""
    page.wait_for_function("() => /^\\d+ /.test(document.getElementById('kb-results-status').textContent)")
    if not page.locator("details.kb-filter-panel").evaluate("d => d.open"):
        page.click("details.kb-filter-panel > summary")


def wait_for_count(page, n: int) -> None:
    """Wait until the status line gives ``n`` results (after "loading" or "searching")."""
    page.wait_for_function(f"() => document.getElementById('kb-results-status').textContent.startsWith('{n} ')")


def option_count(page, facet: str, code: str) -> int:
    return int(page.inner_text(f'fieldset[data-facet="{facet}"] .kb-count[data-code="{code}"]').strip("()"))


@pytest.mark.parametrize("lang", LANGS)
def test_finder_facets_and_text_filter_narrow_the_list(page, site_url, built_site, site_repo, lang):
    data = finder_index(built_site, lang)
    rows = finder_rows(built_site, lang)
    published = [r for r in site_repo.of_kind("criterion") if r.data.get("status") != "deprecated"]
    assert [r["id"] for r in rows] == [r.id for r in published]
    fetched = requested(page)
    open_page(page, site_url, lang, "finder/")
    wait_for_finder(page)
    # The count comes from the index; the rows are drawn once their text shard has arrived.
    page.wait_for_function("n => document.querySelectorAll('#kb-results > li.kb-result').length === n",
                           arg=min(len(rows), 50))
    assert found(page) == len(rows)
    # The first screen needs the index and the text of the first results only.
    page.wait_for_load_state("networkidle")
    assert f"data/finder-{lang}.json" in fetched and shards(fetched, lang) == {0}
    first = rows[0]
    item = page.locator("#kb-results > li.kb-result").first
    assert item.get_attribute("data-kb-id") == first["id"]
    assert item.locator(".kb-result-title a").inner_text() == first["t"]
    assert item.locator(".kb-result-summary").inner_text() == first["s"]
    assert item.locator(".kb-result-meta").inner_text().endswith(f"{first['id']} v{first['v']}")

    # The product group with the most criteria, short of all of them.
    groups = sorted(((sum(code in r["pg"] for r in rows), code) for code, _ in data["facets"]["pg"]), reverse=True)
    count, group = next((n, c) for n, c in groups if 0 < n < len(rows))
    assert option_count(page, "pg", group) == count
    page.check(f'input[name="pg"][value="{group}"]')
    assert found(page) == count
    in_group = [r for r in rows if group in r["pg"]]
    theme = in_group[0]["theme"][0]
    assert option_count(page, "theme", theme) == sum(theme in r["theme"] for r in in_group)
    page.wait_for_function(f"() => document.querySelector('#kb-results > li').dataset.kbId === '{in_group[0]['id']}'")

    # The text filter narrows further, ignoring case and accents: typing fetches the text
    # of every criterion (once), then filters on it.
    word, _ = accented_word({r["id"]: r["t"] for r in in_group})
    page.fill("#kb-q", strip_accents(word).upper())
    expected = [r["id"] for r in in_group if fold(word) in r["x"]]
    wait_for_count(page, len(expected))
    assert found(page) == len(expected) > 0
    assert shards(fetched, lang) == set(range(-(-len(rows) // data["shard"])))
    shown = page.eval_on_selector_all("#kb-results > li.kb-result", "items => items.map(li => li.dataset.kbId)")
    assert sorted(shown) == sorted(expected)

    # The state lives in the address and survives a reload.
    query = parse_qs(urlsplit(page.url).query)
    assert query["pg"] == [group] and fold(query["q"][0]) == fold(word)
    page.reload(wait_until="networkidle")
    wait_for_finder(page)
    assert page.is_checked(f'input[name="pg"][value="{group}"]')
    assert fold(page.input_value("#kb-q")) == fold(word)
    wait_for_count(page, len(expected))

    # Reset empties the filters again.
    page.click(".kb-finder button[type=reset]")
    wait_for_count(page, len(rows))
    assert parse_qs(urlsplit(page.url).query) == {}


def test_finder_index_holds_no_text(built_site, site_repo):
    """What a first visit downloads does not grow with the text: the index has ids,
    versions, statuses and facet positions, never a title or a summary."""
    for lang in LANGS:
        data = finder_index(built_site, lang)
        assert set(data) == {"columns", "criteria", "facets", "key", "lang", "shard"}
        loaded = json.dumps(data["criteria"], ensure_ascii=False)
        for record in site_repo.of_kind("criterion"):
            assert record.data["title"][lang] not in loaded and record.data["summary"][lang] not in loaded
        for row in data["criteria"]:
            assert all(isinstance(v, str) for v in row[:3]) and all(
                isinstance(at, int) for column in row[3:] for at in column)


@pytest.mark.parametrize("lang", LANGS)
def test_finder_draws_more_results_with_their_text(page, site_url, built_site, lang):
    rows = finder_rows(built_site, lang)
    if len(rows) <= 50:
        pytest.skip("one page of results")
    fetched = requested(page)
    open_page(page, site_url, lang, "finder/")
    wait_for_finder(page)
    more = page.locator("#kb-results > li.kb-more button")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#kb-results > li.kb-result').length > 50")
    items = page.locator("#kb-results > li.kb-result")
    assert items.count() == min(len(rows), 100)
    # The focus goes to the first new result; its text came with the next shard.
    assert page.evaluate("document.activeElement.closest('li').dataset.kbId") == rows[50]["id"]
    assert items.nth(50).locator(".kb-result-title a").inner_text() == rows[50]["t"]
    assert items.nth(99 if len(rows) >= 100 else len(rows) - 1).locator(".kb-result-summary").inner_text()
    assert shards(fetched, lang) == {0, 1}


# ---- basket -----------------------------------------------------------------------------------


def basket_ids(page) -> list[str]:
    return page.evaluate("JSON.parse(localStorage.getItem('kb-basket') || '[]')")


@pytest.mark.parametrize("lang", LANGS)
def test_basket_buttons_and_the_basket_across_pages(page, site_url, built_site, lang):
    open_page(page, site_url, lang, "finder/")
    wait_for_finder(page)
    results = page.locator("#kb-results > li.kb-result")
    first, second = (results.nth(i).get_attribute("data-kb-id") for i in (0, 1))
    toggle = results.nth(0).locator("button.kb-basket-toggle")
    title = results.nth(0).locator(".kb-result-title a").inner_text()
    ui = section("ui", lang)
    # A plain button that says what it does (not aria-pressed: its name changes), named with its
    # criterion, filled while the criterion is in the basket; what it did is said in a status line.
    assert toggle.get_attribute("aria-pressed") is None
    assert page.get_by_role("button", name=f"{ui['finder.add']} ({title})", exact=True).count() == 1
    toggle.click()
    assert page.get_by_role("button", name=f"{ui['finder.remove']} ({title})", exact=True).count() == 1
    assert toggle.get_attribute("data-kb-in-basket") == "true"
    said = page.locator("#kb-basket-said[role=status]")
    assert said.inner_text() == french_spacing(ui["finder.added"], lang).format(title=title)
    toggle.click()
    assert toggle.get_attribute("data-kb-in-basket") == "false" and basket_ids(page) == []
    assert said.inner_text() == french_spacing(ui["finder.removed"], lang).format(title=title)
    toggle.click()
    results.nth(1).locator("button.kb-basket-toggle").click()
    assert basket_ids(page) == [first, second]
    assert re.search(r"\(2\)", page.inner_text(".kb-finder .kb-basket-link"))

    # Another page: the criterion's own button shows it is in the basket.
    open_page(page, site_url, lang, f"criteria/{first}/")
    button = page.locator("button.kb-basket-toggle")
    assert button.get_attribute("data-kb-in-basket") == "true"
    assert button.evaluate("b => b.firstChild.nodeValue") == section("ui", lang)["finder.remove"]
    assert re.search(r"\(2\)", page.inner_text(".kb-basket-bar .kb-basket-link"))
    button.click()
    assert basket_ids(page) == [second]
    button.click()

    # The basket page lists the selection, from the data of these two criteria only.
    fetched = requested(page)
    with page.expect_navigation(wait_until="load"):
        page.click(".kb-basket-bar .kb-basket-link")
    assert urlsplit(page.url).path == urlsplit(page_url(site_url, lang, "basket/")).path
    page.wait_for_selector("#kb-basket-items > li")
    listed = page.eval_on_selector_all(
        "#kb-basket-items > li", "items => items.map(li => li.dataset.kbId || li.querySelector('a').href)")
    assert [re.sub(r".*/criteria/([^/]+)/$", r"\1", item) for item in listed] == [second, first]
    page.wait_for_load_state("networkidle")
    data = [p for p in fetched if p.startswith("data/")]
    assert sorted(data) == sorted([f"data/kit/{second}.json", f"data/kit/{first}.json"])
    rows = {r["id"]: r for r in finder_rows(built_site, lang)}
    titles = page.eval_on_selector_all("#kb-basket-items .kb-result-title a", "links => links.map(a => a.textContent)")
    assert titles == [rows[second]["t"], rows[first]["t"]]


# ---- the guard itself -------------------------------------------------------------------------


def test_the_guard_sees_third_party_requests_errors_and_console_errors(chromium, site_url):
    """The watch every browser test relies on (its own context: this page misbehaves on purpose)."""
    from browser import Guard

    guard = Guard()
    context = chromium.new_context()
    try:
        guard.attach(context)
        context.route("https://example.org/**", lambda route: route.abort())  # nothing really leaves
        page = context.new_page()
        page.goto(site_url + "data/finder-fr.json", wait_until="load")
        page.goto(site_url + "no-such-page/", wait_until="load")
        page.set_content('<img src="https://example.org/pixel.png"><script>console.error("boom")</script>'
                         '<script>throw new Error("uncaught")</script>')
        page.wait_for_timeout(200)
    finally:
        context.close()
    problems = "\n".join(guard.problems)
    assert "third-party request: https://example.org/pixel.png" in problems
    assert f"HTTP 404: {site_url}no-such-page/" in problems
    assert "console error: boom" in problems
    assert "script error" in problems and "uncaught" in problems
    with pytest.raises(AssertionError):
        guard.check()
