"""MkDocs hook: regenerate pages from the YAML records before each build.

``mkdocs serve`` watches criteria/, schema/ … (added in ``on_serve``); on a
change it rebuilds and this hook regenerates the Markdown pages. Pages
are written only when their bytes change, so the rebuild does not trigger
another one (no reload loop), and the second language build that
mkdocs-static-i18n runs finds nothing to do. ``kb site`` generates the pages
itself and sets KB_SKIP_GENERATE so the work is not done twice.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.kb")
_last_signature = None
_serving = False
WATCHED = ("criteria", "practices", "labels", "glossary", "coverage", "legislation", "register", "schema", "scripts/kb")


def on_startup(command, **kwargs):
    """Remember whether this is ``mkdocs serve`` (see on_config)."""
    global _serving
    _serving = command == "serve"


def on_config(config, **kwargs):
    """Under ``mkdocs serve`` only, let the Content-Security-Policy allow MkDocs' live-reload
    script, which is injected inline with a different text on every request
    (overrides/partials/csp.html). Built sites never set it."""
    if _serving:
        config.extra["kb_live_preview"] = True
    return config


def on_serve(server, config, builder, **kwargs):
    """Rebuild when a record, a schema or the generator changes (folders that exist)."""
    root = Path(config["config_file_path"]).resolve().parent
    for folder in WATCHED:
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
    from kb.messages import format_text
    from kb.repository import load_repository
    from kb.site.build import source_date_epoch
    from kb.site.generated_files import generate_site_sources

    from kb.buildlock import build_lock
    from kb.site.build import FAILURES, explain

    root = Path(config["config_file_path"]).resolve().parent
    signature = _signature(root)
    if signature == _last_signature:
        return
    try:
        with build_lock(root, say=log.info):
            repo = load_repository(root)
            if not repo.ok:
                log.error("\n" + format_text(repo.messages, repo.files_checked))
                raise PluginError("the YAML records have errors (see above); pages were not regenerated")
            report = generate_site_sources(repo, root, source_date_epoch(root))
    except FAILURES as exc:
        raise PluginError(f"pages not regenerated: {explain(exc)}") from None
    if report.changed:
        log.info("kb: %s", report.summary())
    _last_signature = signature


# Material's script fetches "sitemap.xml" next to every <link rel="alternate" hreflang>
# of the page head; with per-page alternates (mkdocs-static-i18n) those URLs do not
# exist and every page load logs two 404s. The language switch in the header and the
# hreflang alternates of sitemap.xml remain, so the head links are dropped.
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[a-z-]+">')


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


def on_page_content(html, page, config, files, **kwargs):
    """Clean the HTML of every page body with the allow-list sanitizer (second line of
    defence behind the escaping of record texts; see kb.site.sanitize)."""
    from kb.site.sanitize import clean

    return clean(html)


def on_post_page(output, page, config, **kwargs):
    """Remove the head hreflang links that make the theme request missing sitemaps,
    and fix the theme markup the HTML checker rejects."""
    return valid_theme_markup(_HEAD_ALTERNATE.sub("", output))


def on_template_context(context, template_name, config, **kwargs):
    """Point the language switch of the 404 page at the home pages.

    mkdocs-static-i18n builds 404.html once, during the last language build, and
    leaves ``config.extra.alternate`` (an attribute, which Jinja reads before the
    item) with the links of the last page rendered, e.g. practices/."""
    if template_name == "404.html":
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
    return valid_theme_markup(_HEAD_ALTERNATE.sub("", output))
