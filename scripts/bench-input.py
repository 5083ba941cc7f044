#!/usr/bin/env python3
"""bench-input.py EVAL_DIR N OUT_DIR KIND: build a one-document eval set of
about N lines per side for speed measurements (scripts/bench-large.sh,
scripts/peer-galechurch.sh).

KIND textberg: textberg-dev-de-fr repeated (periodic: a hard case for a
coarse-to-fine search, whose coarse levels see every period alike).
KIND ar-en (any other value): the Arabic-English sentence sets (ntrex-dev-ar-en,
quran-dev-ar-en, ntrex-dev-ar-en-noisy) concatenated, about 5.2k lines, repeated.
The documents are repeated round(N / lines) times (at least once), gold beads
shifted accordingly. Writes OUT_DIR/<src>/dev, OUT_DIR/<tgt>/dev,
OUT_DIR/gold/dev and OUT_DIR/manifest.tsv; prints the two line counts.
"""
import os, sys, ast
ev, n, out, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def beads(path):
    g = []
    for line in open(path):
        f = [x.strip() for x in line.split(":") if x.strip()]
        g.append((ast.literal_eval(f[0]), ast.literal_eval(f[1])))
    return g
def lines(path):
    return open(path, encoding="utf-8").read().splitlines()
if kind == "textberg":
    sets = [("textberg-dev-de-fr", "de", "fr")]
    L1, L2 = "de", "fr"
else:
    sets = [("ntrex-dev-ar-en", "ar", "en"), ("quran-dev-ar-en", "ar", "en"),
            ("ntrex-dev-ar-en-noisy", "ar", "en")]
L1, L2 = sets[0][1], sets[0][2]
de, fr, gold = [], [], []
for name, a, b in sets:
    d = os.path.join(ev, name)
    for doc in sorted(os.listdir(os.path.join(d, "gold"))):
        s, t = lines(os.path.join(d, a, doc)), lines(os.path.join(d, b, doc))
        for x, y in beads(os.path.join(d, "gold", doc)):
            gold.append(([i + len(de) for i in x], [j + len(fr) for j in y]))
        de += s
        fr += t
reps = max(1, round(n / len(de)))
for d in (L1, L2, "gold"):
    os.makedirs(os.path.join(out, d), exist_ok=True)
with open(os.path.join(out, L1, "dev"), "w") as f:
    f.write("\n".join(de * reps) + "\n")
with open(os.path.join(out, L2, "dev"), "w") as f:
    f.write("\n".join(fr * reps) + "\n")
with open(os.path.join(out, "gold/dev"), "w") as f:
    for r in range(reps):
        for s, t in gold:
            f.write("%s:%s\n" % ([x + r * len(de) for x in s], [x + r * len(fr) for x in t]))
with open(os.path.join(out, "manifest.tsv"), "w") as f:
    f.write("doc\tn_%s\tn_%s\tn_beads\ndev\t%d\t%d\t%d\n" % (L1, L2, len(de) * reps, len(fr) * reps, len(gold) * reps))
print(len(de) * reps, len(fr) * reps)
