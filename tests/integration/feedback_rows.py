#!/usr/bin/env python3
"""The suggestions of the feedback files under ROOT, read without npcsearch: an independent
count for the tests.  CSV tables (UTF-8, else GB18030) by the csv module, Markdown submissions
by their front matter; an article label read as numbers (第十五条,第十六条 → 15 16; 第12条 → 12).

    feedback_rows.py ROOT [--draft D] [--article N] [--contact-point P] [--status S]
        the ids (file name#rN, or the file name for a .md) matching, sorted, one a line
    feedback_rows.py ROOT --counts DRAFT
        JSON: {"total", "statuses": {…}, "contact_points": {…},
               "articles": {"12": {"total", "statuses", "contact_points"}, "0": …}}
"""
import argparse
import collections
import csv
import io
import json
import os
import re

DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn_number(s):
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for c in s:
        if c in DIGITS:
            cur = DIGITS[c]
        elif c in "十百千":
            total += (cur or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            cur = 0
    return total + cur


def articles(label):
    seen = []
    for m in re.finditer(r"第([0-9零一二三四五六七八九十百千]+)条", label or ""):
        n = cn_number(m.group(1))
        if n not in seen:
            seen.append(n)
    return seen


def key(v):
    return (v or "").replace(" ", "").replace("\u3000", "").replace("(", "（").replace(")", "）")


def rows(root):
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            p = os.path.join(dirpath, f)
            if f.endswith(".csv"):
                raw = open(p, "rb").read()
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = raw.decode("gb18030")
                for i, r in enumerate(csv.DictReader(io.StringIO(text)), 1):
                    if not (r.get("草案名称") or r.get("意见建议")):
                        continue
                    yield {"id": f"{f}#r{i}", "draft": r.get("草案名称", ""),
                           "article": r.get("条款", ""), "contact_point": r.get("联系点", ""),
                           "status": r.get("办理情况", ""), "text": r.get("意见建议", "")}
            elif f.endswith(".md") and f not in ("README.md", "SOURCES.md"):
                text = open(p, encoding="utf-8").read()
                m = re.match(r"---\n(.*?)\n---\n", text, re.S)
                fm = dict(l.split(":", 1) for l in m.group(1).splitlines() if ":" in l) if m else {}
                fm = {k.strip(): v.strip() for k, v in fm.items()}
                if fm.get("type") == "feedback":
                    yield {"id": f, "draft": fm.get("draft", ""), "article": fm.get("article", ""),
                           "contact_point": fm.get("contact_point", ""),
                           "status": fm.get("status", ""), "text": text[m.end():].strip()}


def counts(root, draft):
    out = {"total": 0, "statuses": collections.Counter(), "contact_points": collections.Counter(),
           "articles": {}}
    for r in rows(root):
        if key(r["draft"]) != key(draft):
            continue
        out["total"] += 1
        out["statuses"][r["status"]] += 1
        out["contact_points"][r["contact_point"]] += 1
        for a in articles(r["article"]) or [0]:
            row = out["articles"].setdefault(str(a), {"total": 0,
                                                      "statuses": collections.Counter(),
                                                      "contact_points": collections.Counter()})
            row["total"] += 1
            row["statuses"][r["status"]] += 1
            row["contact_points"][r["contact_point"]] += 1
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--draft")
    ap.add_argument("--article", type=int)
    ap.add_argument("--contact-point")
    ap.add_argument("--status")
    ap.add_argument("--counts")
    a = ap.parse_args()
    if a.counts:
        print(json.dumps(counts(a.root, a.counts), ensure_ascii=False, sort_keys=True))
        return
    ids = [r["id"] for r in rows(a.root)
           if (a.draft is None or key(r["draft"]) == key(a.draft))
           and (a.article is None or a.article in articles(r["article"]))
           and (a.contact_point is None or key(r["contact_point"]) == key(a.contact_point))
           and (a.status is None or key(r["status"]) == key(a.status))]
    print("\n".join(sorted(ids)))


if __name__ == "__main__":
    main()
