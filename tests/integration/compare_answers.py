#!/usr/bin/python3
"""Asks two searchd the same searches and compares the answers: the same hits in the same
order with the same scores (within 1e-9; hits whose scores agree within 1e-9 may come in either
order, as rounding puts them, and the last such group may be cut differently by the page), the
same total and the same facets wherever both count them exactly.

usage: compare_answers.py BASE_A BASE_B [PARAMS] < QUERIES   (one query a line)
Prints what differs and a tally line "N compared, F facet sets compared, D differ"; exits 1
when an answer differs, 2 when a request fails.
"""
import json
import sys
import urllib.parse
import urllib.request


def ask(base, q, params):
    url = "%s/api/search?q=%s%s" % (base, urllib.parse.quote(q), params)
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def tie_groups(hits):
    """The hits' ids in order, those whose scores agree within 1e-9 (a tie that rounding may
    order either way) as one set."""
    groups = []
    for h in hits:
        if groups and abs(groups[-1][0] - h["score"]) <= 1e-9:
            groups[-1][1].add(h["id"])
        else:
            groups.append((h["score"], {h["id"]}))
    return [g[1] for g in groups]


def differs(a, b):
    """What differs between answers a and b ("" when nothing), and whether facets were compared."""
    ha, hb = a["hits"], b["hits"]
    if len(ha) != len(hb):
        return "%d hits vs %d" % (len(ha), len(hb)), False
    for x, y in zip(ha, hb):
        if abs(x["score"] - y["score"]) > 1e-9:
            return "rank %d: %s %r vs %s %r" % (x["rank"], x["id"], x["score"], y["id"], y["score"]), False
    ga, gb = tie_groups(ha) or [set()], tie_groups(hb) or [set()]
    if ga[:-1] != gb[:-1] or not (ga[-1] <= gb[-1] or gb[-1] <= ga[-1] or len(ga[-1]) == len(gb[-1])):
        return "hits %s vs %s" % ([h["id"] for h in ha][:5], [h["id"] for h in hb][:5]), False
    if a.get("partial") or b.get("partial"):
        return "a partial answer", False
    if a["total_exact"] and b["total_exact"] and a["total"] != b["total"]:
        return "total %d vs %d" % (a["total"], b["total"]), False
    exact = a.get("facets_exact") and b.get("facets_exact")
    if exact and (a.get("facets") != b.get("facets") or a["facets_total"] != b["facets_total"]):
        if a["facets_total"] != b["facets_total"]:
            return "facets_total %d vs %d" % (a["facets_total"], b["facets_total"]), True
        return "facets %s vs %s" % (a.get("facets"), b.get("facets")), True
    return "", bool(exact)


def main():
    base_a, base_b = sys.argv[1], sys.argv[2]
    params = sys.argv[3] if len(sys.argv) > 3 else ""
    n = facets = bad = 0
    for line in sys.stdin:
        q = line.strip()
        if not q:
            continue
        try:
            a, b = ask(base_a, q, params), ask(base_b, q, params)
        except Exception as e:  # the test reports which request failed
            print("request failed for %s: %s" % (q, e))
            sys.exit(2)
        what, compared = differs(a, b)
        n += 1
        facets += compared
        if what:
            bad += 1
            if bad <= 5:
                print("differs: %s: %s" % (q, what))
    print("%d compared, %d facet sets compared, %d differ" % (n, facets, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
