#!/usr/bin/env python3
"""The targets of a thesaurus file (docs/thesaurus.md) that the text of a corpus directory does
not hold: one a line with the line it is on, exit 1 when there is any (a dead mapping), 2 when
a line is not in the format.  usage: thesaurus_targets.py THESAURUS.tsv CORPUS_DIR"""
import os
import sys


def mappings(path):
    """(line number, domain, key, [targets]) of each mapping; exits 2 on a bad line."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3 or not all(fields):
                print(f"{path}:{n}: expected DOMAIN<TAB>COLLOQUIAL<TAB>TERM,TERM...", file=sys.stderr)
                sys.exit(2)
            targets = fields[2].split(",")
            if not all(targets):
                print(f"{path}:{n}: an empty target", file=sys.stderr)
                sys.exit(2)
            out.append((n, fields[0], fields[1], targets))
    return out


def corpus_text(root):
    parts = []
    for d, _, files in os.walk(root):
        for name in sorted(files):
            with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                parts.append(f.read())
    return "\n".join(parts)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    m = mappings(sys.argv[1])
    text = corpus_text(sys.argv[2])
    seen, dead = {}, []
    for n, _, _, targets in m:
        for t in targets:
            if t not in seen:
                seen[t] = t in text
            if not seen[t]:
                dead.append((n, t))
    for n, t in dead:
        print(f"line {n}: {t}")
    print(f"{len(m)} mappings, {len(seen)} distinct targets, {len(dead)} not in the corpus",
          file=sys.stderr)
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
