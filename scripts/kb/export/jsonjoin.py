"""JSON documents put together from items serialized once, byte for byte what ``json.dumps``
writes for the whole document.

The open-data files hold one entry per record (``criteria.json``, ``kit-data.json``) and the
basket's kit parts hold the same kit entries again. Serializing every entry once and joining
the texts saves the second serialization in every build, and lets a live preview keep the
text of each unchanged record between two rebuilds (kb.render.memo): after an edit only the
edited record is serialized again instead of the whole 9 MB document at 1,000 criteria.

Why joining is exact: ``json.dumps`` escapes every control character inside strings, so a
serialized value holds a line break only where indentation put one; indenting a nested value
one level deeper is therefore prefixing each of its lines. Keys are sorted as ``sort_keys``
sorts them (plain string order). tests/test_jsonjoin.py compares with ``json.dumps`` on the
real open data and on generated documents.
"""

from __future__ import annotations

import json


def dumps(value, compact: bool) -> str:
    """``value`` as the open data writes it (sorted keys, UTF-8 text), without a final newline:
    compact (no spaces) or indented by two spaces."""
    if compact:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)


def item(value, compact: bool) -> bytes:
    """The UTF-8 text of one list item of a top-level member (see ``document``): for the
    indented form already moved two levels in, as it stands inside the document. Bytes, not
    text: a text holding one character beyond Latin-1 takes two or four bytes per character,
    and at 5,000 criteria these items are tens of megabytes."""
    text = dumps(value, compact)
    return (text if compact else "    " + text.replace("\n", "\n    ")).encode("utf-8")


def document(members: dict, lists: dict[str, list[bytes]], compact: bool) -> bytes:
    """``dumps(members | lists, compact)`` plus a newline, as UTF-8, where each value of
    ``lists`` is a list given as the texts of its items, made by ``item`` with the same
    ``compact``. The pieces are joined once, so the items are not copied twice."""
    overlap = members.keys() & lists.keys()
    if overlap:
        raise ValueError(f"keys given twice: {sorted(overlap)}")
    keys = sorted(members.keys() | lists.keys())
    if not keys:
        return b"{}\n"
    pieces = [b"{" if compact else b"{\n"]
    for position, key in enumerate(keys):
        if position:
            pieces.append(b"," if compact else b",\n")
        name = json.dumps(key, ensure_ascii=False)
        pieces.append(f"{name}:".encode() if compact else f"  {name}: ".encode())
        if key not in lists:
            text = dumps(members[key], compact)
            pieces.append((text if compact else text.replace("\n", "\n  ")).encode("utf-8"))
        elif not lists[key]:
            pieces.append(b"[]")
        else:
            separator = b"," if compact else b",\n"
            pieces.append(b"[" if compact else b"[\n")
            for index, text in enumerate(lists[key]):
                if index:
                    pieces.append(separator)
                pieces.append(text)
            pieces.append(b"]" if compact else b"\n  ]")
    pieces.append(b"}\n" if compact else b"\n}\n")
    return b"".join(pieces)
