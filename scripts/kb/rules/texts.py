"""Rules on the texts of a record: languages, Markdown subset, placeholders."""

from __future__ import annotations

import re
from functools import cache

from .. import textrules
from ..messages import WARNING
from .base import Finding, rule

LANGUAGES = {"fr": "French", "nl": "Dutch", "en": "English"}

# Texts whose {{placeholders}} are filled per level.
PARAMETERISED = (("clause",), ("award", "scoring"))


def walk_strings(value, path=()):
    """Every (path, string) in a nested structure."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, path + (index,))


def record_strings(record, ctx) -> list:
    """``walk_strings(record.data)`` as a list, walked once for all the rules that check one
    record with one ``ctx`` (kb.repository gives each record its own)."""
    memo = ctx.get("strings") if isinstance(ctx, dict) else None
    if memo is None or memo[0] is not record:
        memo = (record, list(walk_strings(record.data)))
        if isinstance(ctx, dict):
            ctx["strings"] = memo
    return memo[1]


def record_parses(ctx) -> dict:
    """Parser results by text, shared by the rules that check one record with one ``ctx``
    (never across records: each record's texts are parsed once, by whichever rule is first)."""
    if not isinstance(ctx, dict):
        return {}
    return ctx.setdefault("parsed", {})


@rule("missing-language", "record", "Every text has French and Dutch; a text of only spaces counts as missing.")
def check_blank_language(record, ctx):
    # The schema reports absent and empty ("") texts; "  " passes its length check.
    for path, text in record_strings(record, ctx):
        if path and path[-1] in LANGUAGES and text and not text.strip():
            yield Finding(record, path, f"the {LANGUAGES[path[-1]]} text is blank",
                          "write the text in both languages; translate only what you can proofread")


@rule("markdown", "record", "Texts use restricted Markdown (paragraphs, lists, emphasis, https links), checked by a "
                           "CommonMark parser, also with each level's values filled into the placeholders.")
def check_markdown(record, ctx):
    # One parse per distinct text of the record: a clause is parsed as written and again as
    # the baseline of _check_filled, and levels with equal values fill in the same text
    # (on the real records, 503 distinct texts of 1,330 checks need the parser).
    parsed = record_parses(ctx)
    problems = cache(lambda text: textrules.find_problems(text, parsed))
    for path, text in record_strings(record, ctx):
        for message, hint in problems(text):
            yield Finding(record, path, message, hint)
    yield from _check_filled(record, problems)


def _check_filled(record, problems):
    """Clause texts as they are published: a value can complete a construct ({{scheme}}:…).
    ``problems`` is ``textrules.find_problems`` (memoised for this record)."""
    if record.kind.name != "criterion" or not isinstance(record.data.get("parameters"), dict):
        return
    from ..render.criterion import fill

    params = record.data["parameters"]
    levels = [lvl for lvl in record.data.get("levels") or [] if isinstance(lvl, str)]
    for base in PARAMETERISED:
        texts = record.data
        for key in base:
            texts = texts.get(key) if isinstance(texts, dict) else None
        if not isinstance(texts, dict):
            continue
        for lang in ("fr", "nl"):
            text = texts.get(lang)
            if not isinstance(text, str) or not textrules.placeholders(text):
                continue
            alone = {message for message, _hint in problems(text)}
            for level in levels:
                try:
                    filled = fill(text, params, level, lang)
                except (AttributeError, TypeError):  # malformed parameters: the schema reports them
                    return
                for message, hint in problems(filled):
                    if message not in alone:
                        yield Finding(record, base + (lang,), f"with the {level} values filled in, the text {message}",
                                      hint + "; check the parameter values")


@rule("placeholders", "record", "Clause placeholders are well formed, defined, used, and the same in French and Dutch.")
def check_placeholders(record, ctx):
    if record.kind.name != "criterion":
        return
    data = record.data
    params = data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
    used_anywhere: set[str] = set()
    for base in PARAMETERISED:
        texts = data
        for key in base:
            texts = texts.get(key) if isinstance(texts, dict) else None
        if not isinstance(texts, dict):
            continue
        per_lang = {}
        for lang in ("fr", "nl"):
            text = texts.get(lang)
            if not isinstance(text, str):
                continue
            for bad in textrules.malformed_placeholders(text):
                yield Finding(record, base + (lang,), f"malformed placeholder {bad!r}",
                              "write placeholders as {{snake_case_name}}")
            per_lang[lang] = textrules.placeholders(text)
            for name in sorted(per_lang[lang] - set(params)):
                yield Finding(record, base + (lang,), f"placeholder {{{{{name}}}}} is not defined under parameters",
                              f"add parameters: {name}: with a value per level, or fix the spelling")
        if len(per_lang) == 2 and per_lang["fr"] != per_lang["nl"]:
            only_fr = sorted(per_lang["fr"] - per_lang["nl"])
            only_nl = sorted(per_lang["nl"] - per_lang["fr"])
            detail = "; ".join(
                part for part in (
                    f"only in French: {', '.join(only_fr)}" if only_fr else "",
                    f"only in Dutch: {', '.join(only_nl)}" if only_nl else "",
                ) if part
            )
            yield Finding(record, base + ("nl",), f"French and Dutch use different placeholders ({detail})",
                          "both languages must use the same {{placeholders}}")
        for names in per_lang.values():
            used_anywhere |= names
    for name in sorted(set(params) - used_anywhere):
        yield Finding(record, ("parameters", name), f"parameter {name!r} is never used in the clause",
                      "use it as {{" + name + "}} in clause.fr and clause.nl, or remove it", at_key=True)
    for path, text in record_strings(record, ctx):
        if path[:1] in (("clause",), ("award",)) or path[:1] == ("parameters",):
            continue
        if ("{{" in text or "}}" in text) and (textrules.placeholders(text) or textrules.malformed_placeholders(text)):
            yield Finding(record, path, "placeholders are only filled in clause and award.scoring",
                          "write the value in words here, or move the sentence into the clause")


# A number as a tender text writes it: "1 000", "1.000" and "1000" are one number, "0,1" keeps
# its decimal comma. A digit run glued to a letter before it (CO2, IP67, TS2) is a name, not a
# quantity; letters after it are an ordinal ending ("1er", "3e", "2de") and are ignored.
_NUMBER = re.compile(r"(?<![^\W_])\d+(?:[ \u00a0\u202f.]\d{3}(?!\d))*(?:,\d+)?")
_DIGIT = re.compile(r"\d")
_GROUP_SEPARATOR = re.compile(r"[ \u00a0\u202f.](?=\d{3}(?!\d))")


def text_numbers(text: str) -> set[str]:
    """The numbers written in digits in ``text``, without thousands separators."""
    if not _DIGIT.search(text):
        return set()
    return {_GROUP_SEPARATOR.sub("", match.group(0)) for match in _NUMBER.finditer(text)}


def _language_pairs(strings):
    """(path, French text, Dutch text) of every text given in both languages, from
    ``record_strings`` (translation_sync holds fingerprints, not texts)."""
    dutch = {path[:-1]: text for path, text in strings if path and path[-1] == "nl"}
    for path, text in strings:
        if path and path[-1] == "fr" and path[:-1] in dutch and "translation_sync" not in path:
            yield path[:-1], text, dutch[path[:-1]]


@rule("translation-numbers", "record",
      "The French and Dutch versions of a text give the same numbers (thresholds, years, article numbers).")
def check_translation_numbers(record, ctx):
    # A number that differs between the two languages is the costliest translation slip in a
    # tender document; words around it may differ freely.
    for path, fr, nl in _language_pairs(record_strings(record, ctx)):
        if fr == nl:  # names written the same way in both languages
            continue
        in_fr, in_nl = text_numbers(fr), text_numbers(nl)
        if in_fr == in_nl:
            continue
        only_fr, only_nl = in_fr - in_nl, in_nl - in_fr
        if only_fr or only_nl:
            detail = "; ".join(part for part in (
                f"only in French: {', '.join(sorted(only_fr))}" if only_fr else "",
                f"only in Dutch: {', '.join(sorted(only_nl))}" if only_nl else "") if part)
            yield Finding(record, path + ("nl",), f"French and Dutch give different numbers ({detail})",
                          "correct the translation; write each number in digits in both languages "
                          "(e.g. 'alinéa 3' / 'lid 3')")


def _short(words: str, limit: int = 200) -> str:
    # A hostile text can nest or repeat lists until the description fills the screen.
    return words if len(words) <= limit else words[:limit - 1].rstrip() + "…"


@rule("translation-structure", "record",
      "The French and Dutch versions of a text have the same paragraphs and list items, item for item.")
def check_translation_structure(record, ctx):
    # A list item or a paragraph left out of one translation is a requirement that one language
    # imposes and the other does not; words may differ, the blocks may not.
    parsed = record_parses(ctx)
    for path, fr, nl in _language_pairs(record_strings(record, ctx)):
        if fr == nl or not fr.strip() or not nl.strip():  # blank texts: missing-language says so
            continue
        in_fr, in_nl = textrules.block_shape(fr, parsed), textrules.block_shape(nl, parsed)
        if in_fr != in_nl:
            yield Finding(record, path + ("nl",),
                          f"French and Dutch have different blocks (French: {_short(textrules.describe_shape(in_fr))}; "
                          f"Dutch: {_short(textrules.describe_shape(in_nl))})",
                          "translate every paragraph and list item, one for one; a blank line starts a new "
                          "paragraph, a line starting with '- ' or '1. ' a new list item")


@rule(
    "translation",
    "record",
    "When one language changed since the last joint review, the other may be outdated (warning).",
)
def check_translation(record, ctx):
    from ..translations import status

    state = status(record)
    if state.stale_language:
        other = "French" if state.stale_language == "nl" else "Dutch"
        lang = "Dutch" if state.stale_language == "nl" else "French"
        yield Finding(record, ("translation_sync",),
                      f"the {other} texts changed since the last joint review; the {lang} texts may be outdated",
                      f"review the {lang} texts, then run `kb translations --mark-reviewed {record.id}`",
                      level=WARNING, at_key=True)


@rule("todo", "record", "No TODO left from `kb new` (an unfinished record never passes).")
def check_todo(record, ctx):
    for path, text in record_strings(record, ctx):
        if "TODO" in text:
            yield Finding(record, path, "still says TODO", "fill in the field, or delete it if it is optional")
