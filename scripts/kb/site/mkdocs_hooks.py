"""MkDocs hook: regenerate pages from the YAML records before each build.

``mkdocs serve`` watches criteria/, schema/ … (added in ``on_serve``); on a
change it rebuilds and this hook regenerates the Markdown pages. Pages
are written only when their bytes change, so the rebuild does not trigger
another one (no reload loop), and the second language build that
mkdocs-static-i18n runs finds nothing to do. ``kb site`` generates the pages
itself and sets KB_SKIP_GENERATE so the work is not done twice; a plain
``mkdocs build`` after ``kb generate`` finds docs/.generated current and skips it too.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from kb.site.page_cache import WarningCounter

log = logging.getLogger("mkdocs.hooks.kb")
_last_signature = None
_serving = False
_caches: dict = {}  # language -> (page cache, warnings logged before it, pages to build)
_warnings = WarningCounter()
_nav_caches: dict = {}  # language -> kb.site.nav_cache.NavCache of its build
WATCHED = ("criteria", "practices", "labels", "glossary", "coverage", "legislation", "register", "schema", "scripts/kb")


def on_startup(command, dirty=False, **kwargs):
    """Remember whether this is ``mkdocs serve`` (see on_config) and whether its rebuilds are
    dirty (``kb serve``: see kb.site.preview)."""
    global _serving
    _serving = command == "serve"
    if _serving:
        from kb.site import preview

        preview.start(dirty)


def on_config(config, **kwargs):
    """Under ``mkdocs serve`` only, let the Content-Security-Policy allow MkDocs' live-reload
    script, which is injected inline with a different text on every request
    (overrides/partials/csp.html). Built sites never set it. Always: keep the theme's
    search plugin from building its index (see drop_theme_search_index), and let
    Python-Markdown skip the inline patterns on plain texts (kb.site.plain_text: same HTML)."""
    from kb.site import plain_text

    if _serving:
        config.extra["kb_live_preview"] = True
    drop_theme_search_index(config.plugins)
    if plain_text.NAME not in config["markdown_extensions"]:
        config["markdown_extensions"].append(plain_text.NAME)
    return config


def drop_theme_search_index(plugins) -> int:
    """Unregister the theme search plugin's indexing (``on_page_context``, which parses
    every page's HTML, and ``on_post_build``, which writes search/search_index.json).

    The plugin stays configured because the theme's header shows its search button and
    dialog only when it is (partials/header.html); our dialog (overrides/partials/
    search.html) reads the per-language indexes under data/ and never that merged one,
    which cost about a fifth of MkDocs' time. Returns the number of handlers removed.
    """
    plugin = plugins.get("material/search") if hasattr(plugins, "get") else None
    events = getattr(plugins, "events", None)
    if plugin is None or events is None:
        return 0
    removed = 0
    for event in ("page_context", "post_build"):
        kept = [method for method in events.get(event, []) if getattr(method, "__self__", None) is not plugin]
        removed += len(events.get(event, [])) - len(kept)
        events[event] = kept
    return removed


def on_serve(server, config, builder, **kwargs):
    """Rebuild when a record, a schema, the generator, a hand-written page or an
    override changes, but not when the hook itself writes generated pages.

    MkDocs watches the whole docs/ folder; the generated folders in it are written by
    this hook during the rebuild, so every edit rebuilt the site twice. docs/ is
    replaced by its hand-written entries (a page added at the top of docs/ needs a
    restart of the preview). The watching itself uses the system's change events, not
    MkDocs' polling (kb.site.watcher says why; ``KB_SERVE_POLL=1`` keeps the polling)."""
    from kb.render.generate import GENERATED
    from kb.site import watcher

    if watcher.use_native_events(server):
        log.info("kb: watching with the system's change events (KB_SERVE_POLL=1 polls instead)")
    root = Path(config["config_file_path"]).resolve().parent
    docs = Path(config["docs_dir"]).resolve()
    try:
        server.unwatch(str(docs))
    except (KeyError, ValueError):
        pass  # not watched (e.g. a future MkDocs); nothing to undo
    if docs.is_dir():
        for entry in sorted(docs.iterdir()):
            if entry.name not in GENERATED and not entry.name.startswith("."):
                server.watch(str(entry))
    for folder in WATCHED + ("overrides",):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server


def _signature(root: Path) -> tuple:
    # Cheap change detection: sizes and mtimes of every data and code file.
    parts = []
    for folder in WATCHED:
        base = root / folder
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    parts.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(parts)


def on_pre_build(config, **kwargs):
    """Validate the records and (re)write the generated pages if anything changed."""
    global _last_signature
    if os.environ.get("KB_SKIP_GENERATE") == "1":
        return
    from kb.buildlock import build_lock
    from kb.messages import format_text
    from kb.repository import load_repository
    from kb.site.build import FAILURES, explain, source_date_epoch
    from kb.site.digest import pages_are_current
    from kb.site.generated_files import generate_site_sources

    root = Path(config["config_file_path"]).resolve().parent
    signature = _signature(root)
    if signature == _last_signature:
        return
    if _serving:
        from kb.site import preview

        if preview.code_changed(root):
            raise PluginError("the generator's code (scripts/kb) changed while the preview runs: stop it (Ctrl+C) "
                              "and start `make serve` again to see what the new code makes")
    try:
        with build_lock(root, say=log.info):
            epoch = source_date_epoch(root)
            # e.g. `mkdocs build` right after `kb generate`. A preview skips the check: its first
            # build fills the record memo, and later builds run only after a change.
            if not _serving and pages_are_current(root, epoch):
                log.debug("kb: generated pages are current")
                _last_signature = signature
                return
            memo = generation = None
            if _serving:  # a preview keeps what did not change from one rebuild to the next
                from kb.site import preview

                memo, generation = preview.memo(), preview.generation_memo()
            repo = load_repository(root, memo=memo)
            if not repo.ok:
                log.error("\n" + format_text(repo.messages, repo.files_checked))
                raise PluginError("the YAML records have errors (see above); pages were not regenerated")
            report = generate_site_sources(repo, root, epoch, memo=generation)
    except FAILURES as exc:
        raise PluginError(f"pages not regenerated: {explain(exc)}") from None
    if report.changed:
        log.info("kb: %s", report.summary())
    _last_signature = signature


# Material's script fetches "sitemap.xml" next to every <link rel="alternate" hreflang>
# of the page head; with per-page alternates (mkdocs-static-i18n) those URLs do not
# exist and every page load logs two 404s. The language switch in the header and the
# hreflang alternates of sitemap.xml remain, so the head links are dropped, with the
# white space before each. The pattern starts with its literal text so that the regex
# engine can jump to it (a leading \s* made it try every position: 1.8 ms per page).
_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[a-z-]+">')


def drop_head_alternates(output: str) -> str:
    """``output`` without the head hreflang links and the white space before each (the
    same text as removing ``\\s*<link rel="alternate" …>``, leftmost first)."""
    pieces = []
    last = 0
    for match in _HEAD_ALTERNATE.finditer(output):
        start = match.start()
        while start > last and output[start - 1].isspace():
            start -= 1
        pieces.append(output[last:start])
        last = match.end()
    if not pieces:
        return output
    pieces.append(output[last:])
    return "".join(pieces)


# Theme markup that the Nu HTML checker rejects, made valid without any change in behaviour:
# - collapsible nav sections get tabindex="" (empty: browsers ignore it; not a valid integer);
# - the title of the table of contents is a <label for="__toc">, but the "__toc" checkbox is
#   only written for pages listed in the nav (record pages are not), so the label points at
#   nothing.
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="[^"]*" id="[^"]*") tabindex=""')
_TOC_TITLE = '<label class="md-nav__title" for="__toc">'


def valid_theme_markup(output: str) -> str:
    """``output`` without the empty tabindex and the dangling __toc label target."""
    output = _EMPTY_TABINDEX.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = output.replace(_TOC_TITLE, '<label class="md-nav__title">')
    return output


def _language(config) -> str:
    """The language being built (mkdocs-static-i18n builds one after the other)."""
    i18n = config.plugins.get("i18n") if hasattr(config.plugins, "get") else None
    return str(getattr(i18n, "current_language", None) or "default")


def on_files(files, config, **kwargs):
    """In a preview with dirty rebuilds, render every page again when the list of files or an
    input of every page changed (kb.site.preview)."""
    if _serving:
        from kb.site import preview

        forced = preview.plan_rebuild(files, Path(config["config_file_path"]).resolve().parent, _language(config))
        if forced:
            log.info("kb: the site's files or templates changed: %d pages rendered again", forced)
    return files


def _page_cache(config, files):
    """The page cache of the language being built (kb.site.page_cache), made on its first
    page, when every plugin has arranged the files; None when disabled."""
    from kb.site import page_cache

    if not page_cache.enabled():
        return None
    lang = _language(config)
    if lang not in _caches:
        root = Path(config["config_file_path"]).resolve().parent
        if _warnings not in logging.getLogger("mkdocs").handlers:
            logging.getLogger("mkdocs").addHandler(_warnings)
        cache = page_cache.PageCache(page_cache.cache_home(root) / lang, page_cache.settings_digest(config),
                                     page_cache.files_digest(files))
        _caches[lang] = (cache, _warnings.count, len(files.documentation_pages()))
    return _caches[lang][0]


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Reuse the HTML of a page whose Markdown converted before in the same conditions: MkDocs
    then converts an empty text and on_page_content puts the stored HTML back."""
    cache = _page_cache(config, files)
    if cache is None:
        return markdown
    key = cache.key(page, markdown)
    entry = cache.load(key)
    page.kb_cache = (key, entry)
    return "" if entry is not None else markdown


def on_page_content(html, page, config, files, **kwargs):
    """Clean the HTML of every page body with the allow-list sanitizer (second line of
    defence behind the escaping of record texts; see kb.site.sanitize), cached or not."""
    from kb.site.page_cache import PageCache
    from kb.site.sanitize import clean

    key, entry = getattr(page, "kb_cache", (None, None))
    if entry is not None:
        html = PageCache.restore(page, entry, files)
    elif key is not None:
        _caches[_language(config)][0].remember(key, page, html)
    return clean(html)


def on_post_build(config, **kwargs):
    """Store the conversions of this language's build if it logged no warning; a build of
    every page also forgets the entries it did not use."""
    nav = _nav_caches.pop(_language(config), None)
    if nav is not None:
        log.debug("kb: navigation rendered %d times for %d pages outside it", len(nav.html), nav.hits)
    cache, warnings_before, pages = _caches.pop(_language(config), (None, 0, 0))
    if cache is None:
        return
    if _warnings.count == warnings_before:
        cache.commit(full=len(cache.used) == pages)
    else:
        cache.discard()


def on_post_page(output, page, config, **kwargs):
    """Remove the head hreflang links that make the theme request missing sitemaps,
    and fix the theme markup the HTML checker rejects.

    Also let go of the page's Markdown and body: MkDocs writes ``output`` and needs neither
    again, but keeps every page object until the build ends, and mkdocs-static-i18n runs
    the Dutch build inside the French one's ``on_post_build``: without this, both languages'
    texts are held at once (at 5,000 criteria most of the build's peak memory)."""
    if page is not None:
        page.markdown = page.content = page.kb_cache = None
    return valid_theme_markup(drop_head_alternates(output))


def ui_wording(config) -> dict:
    """The site scripts' wording (section ``ui`` of kb/wording.yaml) in the language being built,
    French with its no-break spaces before ':' and ';' like the pages and the kits.

    mkdocs-static-i18n builds each language with the theme's ``language`` set to it."""
    from kb import wording

    lang = str((config.theme or {}).get("language") or "fr")[:2]
    lang = lang if lang in wording.LANGS else "fr"
    strings = wording.section("ui", lang)
    return {key: wording.french_spacing(value) for key, value in strings.items()} if lang == "fr" else strings


def on_env(env, config, files, **kwargs):
    """Reuse the theme templates compiled by the previous language or rebuild (kb.site.template_cache),
    and give overrides/partials/nav.html a navigation cache for this build (kb.site.nav_cache)."""
    from kb.site import nav_cache, template_cache

    template_cache.attach(env)
    cache = nav_cache.NavCache(files) if nav_cache.enabled() else None
    env.globals["kb_nav_cache"] = cache
    if cache is not None:
        _nav_caches[_language(config)] = cache
    return env


def on_page_context(context, page, config, nav, **kwargs):
    """Give every page template the scripts' wording (overrides/main.html writes it as JSON
    into <script type="application/json" id="kb-ui">, read by KB.text in kb-common.js)."""
    context["kb_ui"] = ui_wording(config)
    return context


def on_template_context(context, template_name, config, **kwargs):
    """Point the language switch of the 404 page at the home pages.

    mkdocs-static-i18n builds 404.html once, during the last language build, and
    leaves ``config.extra.alternate`` (an attribute, which Jinja reads before the
    item) with the links of the last page rendered, e.g. practices/."""
    if template_name == "404.html":
        context["kb_ui"] = ui_wording(config)
        base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        i18n = config.plugins.get("i18n")
        default = getattr(i18n, "default_language", None) or "fr"
        homes = [dict(alt, link=base if alt.get("lang") == default else f"{base}{alt.get('lang')}/")
                 for alt in config.extra.get("alternate") or []]
        config.extra["alternate"] = homes
        config.extra.alternate = homes
    return context


def on_post_template(output, template_name, config, **kwargs):
    """The 404 page too (see on_post_page)."""
    if template_name != "404.html":
        return output
    return valid_theme_markup(drop_head_alternates(output))
