#!/usr/bin/env python3
"""peer-galechurch.py SET_DIR PRED_DIR: align every document of an eval set
with NLTK's Gale-Church aligner and write its beads in the gold format.

The peer is nltk.translate.gale_church.align_blocks (Gale & Church 1993,
NLTK's port) with its default parameters (LanguageIndependent: mean 1,
variance 6.8, priors 1-1 .89, 2-1/1-2 .089, 1-0/0-1 .0099, 2-2 .011) and
sentence lengths in characters (Python code points of each line, spaces
included), as NLTK's align_texts documents. Each document is one block (the
eval sets carry no paragraph marks), so the whole document is in memory and
the search is the full O(n*m) table in pure Python. Only 1-1, 1-0, 0-1, 2-1,
1-2 and 2-2 beads exist for it.

align_blocks returns links (i, j), not beads; the beads are rebuilt exactly:
linked sentences grouped by shared ends (a bead's links connect all its
sentences and beads share none), an unlinked line is a 1-0 or 0-1 bead
(NLTK's 1-0/0-1 beads have no links, nor have lines trace() crosses; see
--floor below).

SET_DIR layout (../shared/eval/README.md): manifest.tsv whose n_<lang>
columns name the source then the target folder, <src>/<doc>, <tgt>/<doc>.
Writes PRED_DIR/<doc> ("[i]:[j, k]" lines, "[i]:[]" / "[]:[k]" for 1-0 /
0-1). Prints "docs N seconds S" (time inside align_blocks) to stderr.
Two diagnostics, off by default (they change the peer, so the comparison
uses neither): --bytes measures lengths in UTF-8 bytes (bertalign's own
Gale-Church, behind the published MAC numbers, counts bytes); --floor floors
the two-sided normal tail at 1e-12. Without it NLTK's tail (an erfc
approximation; its scipy import never succeeds) underflows to 0 at |delta|
about 9, the bead costs +inf, and a cell that only such beads reach is reset
to cost 0 with no back link (NLTK's fix for nltk/nltk#1293): the path may
start there for free, and trace() crosses such a cell diagonally without a
link or stops at it; the skipped lines come out as 1-0 and 0-1 beads.
"""
import math
import os
import sys
import time

from nltk.translate import gale_church


def read_manifest(set_dir):
    path = os.path.join(set_dir, "manifest.tsv")
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    langs = [c[2:] for c in rows[0] if c.startswith("n_")]
    if len(langs) < 2 or rows[0][0] != "doc":
        sys.exit("peer-galechurch: %s:1: want columns doc, n_<src>, n_<tgt>, got %r" % (path, rows[0]))
    return langs[0], langs[1], [r[0] for r in rows[1:]]


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def beads(links, n_src, n_tgt):
    """Beads [(src ids, tgt ids)] from align_blocks' links, in text order."""
    out = []
    for i, j in links:
        if out and (i in out[-1][0] or j in out[-1][1]):
            if i not in out[-1][0]:
                out[-1][0].append(i)
            if j not in out[-1][1]:
                out[-1][1].append(j)
        else:
            out.append(([i], [j]))
    linked_s = {i for i, _ in links}
    linked_t = {j for _, j in links}
    out += [([i], []) for i in range(n_src) if i not in linked_s]
    out += [([], [j]) for j in range(n_tgt) if j not in linked_t]
    return order(out)


def order(bs):
    """Sorts beads monotonically: by (min src, min tgt), 0-1 beads placed by target."""
    pos = []
    for s, t in bs:
        s, t = sorted(s), sorted(t)
        pos.append(((s[0] if s else None), (t[0] if t else None), s, t))
    with_src = sorted([p for p in pos if p[0] is not None], key=lambda p: p[0])
    ins = sorted([p for p in pos if p[0] is None], key=lambda p: p[1])
    res, k = [], 0
    for p in with_src:
        while k < len(ins) and p[1] is not None and ins[k][1] < p[1]:
            res.append(ins[k])
            k += 1
        res.append(p)
    res += ins[k:]
    return [(p[2], p[3]) for p in res]


def floor_tail():
    """Diagnostic: floors NLTK's normal tail at 1e-12 (see --floor)."""
    logsf = gale_church.norm_logsf
    low = math.log(1e-12)
    gale_church.norm_logsf = lambda x: max(logsf(x), low)


def main():
    args = sys.argv[1:]
    length = len
    while args and args[0].startswith("--"):
        if args[0] == "--bytes":
            length = lambda x: len(x.encode("utf-8"))
        elif args[0] == "--floor":
            floor_tail()
        else:
            sys.exit("peer-galechurch: unknown flag %s" % args[0])
        args = args[1:]
    if len(args) != 2:
        sys.exit("usage: peer-galechurch.py [--bytes] [--floor] SET_DIR PRED_DIR")
    set_dir, pred_dir = args
    src, tgt, docs = read_manifest(set_dir)
    os.makedirs(pred_dir, exist_ok=True)
    spent = 0.0
    for doc in docs:
        s = read_lines(os.path.join(set_dir, src, doc))
        t = read_lines(os.path.join(set_dir, tgt, doc))
        t0 = time.perf_counter()
        links = gale_church.align_blocks([length(x) for x in s], [length(x) for x in t])
        spent += time.perf_counter() - t0
        tmp = os.path.join(pred_dir, "." + doc + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            for a, b in beads(links, len(s), len(t)):
                f.write("%s:%s\n" % (a, b))
        os.replace(tmp, os.path.join(pred_dir, doc))
    print("docs %d seconds %.2f" % (len(docs), spent), file=sys.stderr)


if __name__ == "__main__":
    main()
