"""Second line of defence: the HTML of every page body passes an allow-list sanitizer.

Record texts are parsed and re-escaped before they reach a page
(``kb.textrules``); should a way round that ever be found, the HTML MkDocs
makes of a page still goes through nh3 (the Python binding of the Rust
``ammonia`` sanitizer) with the tags, attributes and URL schemes the
generator and the hand-written pages actually use. Event handlers, ``style``,
``javascript:``/``data:`` addresses, images, frames and unknown tags go.
A test checks that this changes nothing on the real site.

The generator's own page scripts (``<script type="module" src="…/assets/javascripts/x.js">``,
an exact form) are kept; any other script element is removed.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "br", "button", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em", "fieldset",
    "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "input", "ins", "kbd", "label",
    "legend", "li", "mark", "nav", "noscript", "ol", "optgroup", "option", "output", "p", "pre", "q", "s",
    "section", "select", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "textarea",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
GENERIC = {"class", "id", "lang", "title", "hidden", "role", "tabindex", "dir"}
ATTRIBUTES = {
    "a": {"href", "hreflang", "download"},
    "button": {"type", "disabled", "value", "name"},
    "details": {"open"},
    "form": {"action", "method", "novalidate", "autocomplete"},
    "input": {"type", "name", "value", "checked", "disabled", "autocomplete", "spellcheck", "placeholder",
              "min", "max", "step", "required", "readonly", "inputmode", "size", "list", "form", "multiple"},
    "label": {"for"},
    "ol": {"start", "reversed", "type"},
    "option": {"value", "selected", "disabled", "label"},
    "output": {"for", "name"},
    "select": {"name", "multiple", "disabled", "required", "size", "autocomplete"},
    "td": {"colspan", "rowspan", "headers"},
    "textarea": {"name", "rows", "cols", "readonly", "placeholder", "spellcheck"},
    "th": {"colspan", "rowspan", "scope", "headers", "abbr"},
}
_OUR_SCRIPT = re.compile(r'<script type="module" src="(?:\.\./)*assets/javascripts/[a-z][a-z0-9-]*\.js"></script>')


# Built once: nh3.clean() turns these sets into a new Rust sanitizer on every call, which
# cost a quarter of the sanitizing time of a page (measured on criterion pages).
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes={"*": GENERIC, **ATTRIBUTES},
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes={"https"},
    link_rel=None,
    strip_comments=False,
)


def clean(html: str) -> str:
    """The page body ``html`` with only allowed tags, attributes and https/relative links."""
    scripts = _OUR_SCRIPT.findall(html)
    return _CLEANER.clean(_OUR_SCRIPT.sub("", html)) + "".join(scripts)
