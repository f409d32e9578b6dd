"""Search relevance on judged queries (tests/search_relevance.yaml): recall@10 and hit@3 of the
criteria each query should find, on a built index. Shared by the relevance test and the
benchmark, so both judge with the same code."""

from __future__ import annotations

from kb.render import search_query


def criterion_id(url: str) -> str | None:
    """The criterion id of a criterion page's address (``criteria/<id>/``), else None."""
    return url.split("/")[1] if url.startswith("criteria/") and url.count("/") == 2 else None


def scores(built: dict, lang: str, cases: list[dict]) -> dict:
    """recall@10 and hit@3 of ``cases`` on a built index ({"manifest", "shards"})."""
    manifest, shards = built["manifest"], built["shards"]
    recalls, hits, misses = [], [], []
    for case in cases:
        hits_ranked = search_query.search(manifest, shards.get, case["query"])
        ranked = [criterion_id(manifest["docs"][n][0]) for n, _s in hits_ranked]
        ranked = [c for c in ranked if c]
        expected = set(case["expected"])
        recall = len(expected & set(ranked[:10])) / min(len(expected), 10)
        hit = bool(expected & set(ranked[:3]))
        recalls.append(recall)
        hits.append(hit)
        if recall < 1 or not hit:
            misses.append((case["query"], round(recall, 2), hit, ranked[:5]))
    return {"recall_at_10": sum(recalls) / len(recalls), "hit_at_3": sum(hits) / len(hits), "misses": misses,
            "queries": len(cases)}
