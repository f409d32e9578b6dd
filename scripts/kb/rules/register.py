"""The legal register (register/): every article a criterion cites is a record there, and
a provision is marked verified only with the evidence the project asks for.

Criteria cite ``{instrument, article}``; the register says what the article is about and
whether its number was confirmed. Pages, kits and the open data take the flag from the
register, so the same article can never be flagged differently in two places.
"""

from __future__ import annotations

import re

from .base import Finding, rule

PROVISION = "provision"


def provision_id(instrument: str, article: str) -> str:
    """The register id of a citation: ``be-law-2016`` + ``69, 1°`` → ``be-law-2016-art-69-1``."""
    text = article.replace("§ 1er", "1").replace("°", "")
    text = re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-").lower()
    return f"{instrument}-art-{text}"


def register_index(records) -> dict[tuple[str, str], object]:
    """Provision records by (instrument, article) as cited."""
    index = {}
    for record in records:
        if record.kind.name != PROVISION:
            continue
        data = record.data
        if isinstance(data.get("instrument"), str) and isinstance(data.get("article"), str):
            index.setdefault((data["instrument"], data["article"]), record)
    return index


def citations(record):
    """(index, instrument, article) of each well-formed legal_basis entry of a criterion."""
    refs = record.data.get("legal_basis")
    if record.kind.name != "criterion" or not isinstance(refs, list):
        return
    for index, ref in enumerate(refs):
        if isinstance(ref, dict) and isinstance(ref.get("instrument"), str) and isinstance(ref.get("article"), str):
            yield index, ref["instrument"], ref["article"]


def is_verified(provision) -> bool:
    verification = provision.data.get("verification") if provision is not None else None
    return isinstance(verification, dict) and verification.get("status") == "verified"


@rule("legal-register", "repository",
      "Every article a criterion cites (legal_basis) is in the legal register (register/), once.")
def check_citations(records, ctx):
    records = list(records)
    index = {}
    for record in records:
        if record.kind.name != PROVISION:
            continue
        data = record.data
        key = (data.get("instrument"), data.get("article"))
        if not all(isinstance(part, str) for part in key):
            continue
        if key in index:
            yield Finding(record, ("article",),
                          f"{key[0]} article {key[1]!r} is already in the register as {index[key].path}",
                          "keep one register record per cited provision")
            continue
        index[key] = record
        expected = provision_id(*key)
        if record.id != expected:
            yield Finding(record, ("id",), f"the id of {key[0]} article {key[1]!r} should be {expected!r}",
                          f"rename the file to register/{expected}.yaml and set id: {expected}")
    for record in records:
        for position, instrument, article in citations(record):
            if (instrument, article) in index:
                continue
            same_act = sorted(a for (i, a) in index if i == instrument)
            known = ", ".join(repr(a) for a in same_act[:12]) or "none yet"
            yield Finding(
                record,
                ("legal_basis", position, "article"),
                f"{instrument} article {article!r} is not in the legal register",
                f"cite it as written in register/ (known for {instrument}: {known}), or add "
                f"register/{provision_id(instrument, article)}.yaml with its title, paraphrase and verification",
            )


@rule("register-evidence", "record",
      "A provision marked verified rests on the official text or on two sources from different publishers.")
def check_evidence(record, ctx):
    if record.kind.name != PROVISION:
        return
    verification = record.data.get("verification")
    if not isinstance(verification, dict) or verification.get("status") != "verified":
        return
    sources = [s for s in verification.get("sources") or [] if isinstance(s, dict)]
    official = [s for s in sources if s.get("kind") == "official-text"]
    publishers = {s.get("publisher") for s in sources
                  if s.get("kind") == "guidance" and isinstance(s.get("publisher"), str)}
    if official or len(publishers) >= 2:
        return
    yield Finding(record, ("verification", "status"),
                  "verified needs the official text or two guidance sources from different publishers "
                  f"(found {len(official)} official text, {len(publishers)} publisher(s))",
                  "add the consolidated text (Justel, eJustice ELI, EUR-Lex) or a second independent source, "
                  "or set status: unverified with why")


TARGET_SHARE = 5  # percent of criterion pages that may cite an unverified article


def unverified_summary(records) -> list[str]:
    """Summary lines for `kb check`: the share of criterion pages citing an unverified article,
    then each unverified article with the number of criteria citing it and the reason."""
    records = list(records)
    index = register_index(records)
    criteria = [r for r in records if r.kind.name == "criterion"]
    if not criteria:
        return []
    flagged, per_article = 0, {}
    for record in criteria:
        bad = [(i, a) for _pos, i, a in citations(record) if not is_verified(index.get((i, a)))]
        flagged += bool(bad)
        for key in dict.fromkeys(bad):
            per_article[key] = per_article.get(key, 0) + 1
    share = 100 * flagged / len(criteria)
    lines = [f"legal register: {2 * flagged} of {2 * len(criteria)} criterion pages (FR+NL, {share:.0f} %) cite an "
             f"unverified article (target at most {TARGET_SHARE} %)"]
    for (instrument, article), count in sorted(per_article.items(), key=lambda kv: (-kv[1], kv[0])):
        provision = index.get((instrument, article))
        why = ((provision.data.get("verification") or {}).get("why") or {}).get("fr") if provision else None
        lines.append(f"  {instrument} art. {article}: {count} criteria; {why or 'not in the register'}")
    return lines
