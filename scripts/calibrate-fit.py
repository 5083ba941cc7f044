#!/usr/bin/env python3
"""calibrate-fit.py: fit align's confidence calibration (align/calibrate.go).

Reads the TSV TestCalibration writes (go test ./internal/eval -run
TestCalibration -devsets -calib.out FILE: set, document index, raw confidence,
correct), fits an isotonic (pool-adjacent-violators) map from raw
confidence to accuracy on the even-numbered documents of every set pooled
(sets with one document are left out of the fit), and prints the knots as
the Go table calibrate.go embeds, and the ECE of the held-out odd half
before and after.

Usage: scripts/calibrate-fit.py FILE
"""
import sys

rows = []
sets = {}
for line in open(sys.argv[1]):
    s, i, c, ok = line.rstrip("\n").split("\t")
    rows.append((s, int(i), float(c), ok == "true"))
    sets[s] = max(sets.get(s, 0), int(i) + 1)
fit = sorted((c, ok) for s, i, c, ok in rows if i % 2 == 0 and sets[s] > 1)
held = [(c, ok) for s, i, c, ok in rows if i % 2 == 1 or sets[s] == 1]

# Pool adjacent violators over the sorted raw confidences.
blocks = []  # [sum_conf, sum_ok, n]
for c, ok in fit:
    blocks.append([c, float(ok), 1])
    while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
        b = blocks.pop()
        blocks[-1] = [blocks[-1][0] + b[0], blocks[-1][1] + b[1], blocks[-1][2] + b[2]]
# Merge small blocks so each knot stands for at least minN beads.
minN = 100
merged = []
for b in blocks:
    if merged and merged[-1][2] < minN:
        merged[-1] = [merged[-1][0] + b[0], merged[-1][1] + b[1], merged[-1][2] + b[2]]
    else:
        merged.append(b)
if len(merged) > 1 and merged[-1][2] < minN:
    b = merged.pop()
    merged[-1] = [merged[-1][0] + b[0], merged[-1][1] + b[1], merged[-1][2] + b[2]]
knots = [(b[0] / b[2], b[1] / b[2]) for b in merged]
# Monotone after merging too, and never 1: no bead is certain.
out = []
for x, y in knots:
    y = min(y, 0.995)
    if out and y < out[-1][1]:
        y = out[-1][1]
    out.append((x, y))


def apply(c):
    if c <= out[0][0]:
        return out[0][1]
    for (x0, y0), (x1, y1) in zip(out, out[1:]):
        if c <= x1:
            return y0 + (y1 - y0) * (c - x0) / (x1 - x0) if x1 > x0 else y1
    return out[-1][1]


def ece(pairs):
    n = [0] * 10; sc = [0.0] * 10; sa = [0.0] * 10
    for c, ok in pairs:
        k = min(9, max(0, int(c * 10)))
        n[k] += 1; sc[k] += c; sa[k] += ok
    return sum(abs(sa[k] - sc[k]) for k in range(10)) / max(1, len(pairs)), n, sc, sa


print("// fitted on %d beads; held-out ECE %.3f -> %.3f over %d beads" % (
    len(fit), ece(held)[0], ece([(apply(c), ok) for c, ok in held])[0], len(held)))
for x, y in out:
    print("\t{%.4f, %.4f}," % (x, y))
e, n, sc, sa = ece([(apply(c), ok) for c, ok in held])
print("| confidence | beads | mean confidence | accuracy |")
print("|---|---|---|---|")
for k in range(10):
    print("| %.1f–%.1f | %d | %s | %s |" % (k / 10, (k + 1) / 10, n[k],
          "%.3f" % (sc[k] / n[k]) if n[k] else "—", "%.3f" % (sa[k] / n[k]) if n[k] else "—"))
