"""Our own scripts and styles are published minified; the repository keeps them readable.

After MkDocs has built the site (in ``kb site``'s temporary folder), every ``.js`` and ``.css``
file that comes from ``docs/assets/`` (ours and the vendored fflate; never the theme's, which
ship minified) is rewritten with rJSmin and rCSSmin, two small minifiers that only remove
white space and comments (names and code stay as written, so a stack trace still reads).
Comments that start with ``/*!`` (licence notices) are kept. A test parses every source and its
published copy with ESLint's parser and requires the same syntax tree, so a minifier mistake
cannot change what a script does. ``mkdocs serve`` (the preview) serves the readable files.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
}


def minify_assets(docs_dir: Path, site_dir: Path) -> tuple[int, int]:
    """Minify, in ``site_dir``, the published copy of every script and style sheet of
    ``docs_dir/assets``; returns the bytes of those files before and after."""
    before = after = 0
    assets = docs_dir / "assets"
    if not assets.is_dir() or assets.is_symlink():
        return 0, 0
    for source in sorted(assets.rglob("*")):
        minify = MINIFIERS.get(source.suffix)
        target = site_dir / source.relative_to(docs_dir)
        # Only regular files MkDocs copied (nothing followed; kb.fsguard rejects links in docs/).
        if minify is None or source.is_symlink() or not target.is_file() or target.is_symlink():
            continue
        text = target.read_text(encoding="utf-8")
        small = minify(text)
        target.write_text(small, encoding="utf-8")
        before += len(text.encode("utf-8"))
        after += len(small.encode("utf-8"))
    return before, after
