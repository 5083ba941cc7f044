#!/usr/bin/env python3
"""Fit the document verdict's weights (align/verdict.go, verdictWeights).

Input: the TSV that `go test ./internal/eval -run TestDocVerdict -devsets
-verdict.derange 2 -verdict.out FILE` writes (one row per pair: every dev
document with its true partner and two wrong ones). Output: the weights
of Z, CostZ, CountRatio and log(CostSrc+CostTgt) and the intercept of a logistic regression of
"translation" on them, all sets pooled and the two classes weighted
equally (so the intercept is at even prior odds), and precision and recall
of "not a translation" on all pairs, and held out (fitted on the
even-numbered documents, scored on the odd ones, and the other way round).

No numpy: Newton's method on a 5x5 system. Usage:
    scripts/verdict-fit.py FILE [--floor 1.0] [--l2 0.01]
"""
import argparse
import math

ZCAP, COUNTCAP, MINUNITS, MINCOSTUNITS = 8.0, 2.0, 3, 15


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def read(path, floor):
    rows = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        r = dict(set=f[0], true=f[1] == "true", doc=int(f[2]), n=int(f[6]), m=int(f[7]),
                 anchors=int(f[8]), z=float(f[15]), cost=float(f[18]), cmean=float(f[19]),
                 csd=float(f[20]), cr=float(f[22]), units=int(f[24]) + int(f[25]))
        r["unsure"] = r["n"] == 0 or r["m"] == 0 or (min(r["n"], r["m"]) < MINUNITS and r["anchors"] == 0)
        r["costz"] = (r["cmean"] - r["cost"]) / max(r["csd"], floor)
        r["x"] = [clamp(r["z"], -ZCAP, ZCAP), clamp(r["costz"], -ZCAP, ZCAP), min(r["cr"], COUNTCAP),
                  math.log(max(MINCOSTUNITS, r["units"]))]
        rows.append(r)
    return rows


def fit(rows, l2):
    rows = [r for r in rows if not r["unsure"]]
    nt = sum(r["true"] for r in rows)
    nw = len(rows) - nt
    d = len(rows[0]["x"]) + 1
    w = [0.0] * d
    for _ in range(100):
        g = [0.0] * d
        h = [[0.0] * d for _ in range(d)]
        for r in rows:
            x = r["x"] + [1.0]
            c = len(rows) * (0.5 / nt if r["true"] else 0.5 / nw)
            s = clamp(sum(a * b for a, b in zip(w, x)), -30, 30)
            p = 1 / (1 + math.exp(-s))
            t = 1.0 if r["true"] else 0.0
            for i in range(d):
                g[i] += c * (p - t) * x[i]
                for j in range(d):
                    h[i][j] += c * p * (1 - p) * x[i] * x[j]
        for i in range(d - 1):
            g[i] += l2 * w[i]
            h[i][i] += l2
        a = [h[i][:] + [g[i]] for i in range(d)]
        for i in range(d):
            piv = max(range(i, d), key=lambda k: abs(a[k][i]))
            a[i], a[piv] = a[piv], a[i]
            for k in range(d):
                if k != i:
                    fac = a[k][i] / a[i][i]
                    for col in range(i, d + 1):
                        a[k][col] -= fac * a[i][col]
        dw = [a[i][d] / a[i][i] for i in range(d)]
        w = [x - y for x, y in zip(w, dw)]
        if max(abs(x) for x in dw) < 1e-9:
            break
    return w


def score(w, rows):
    tp = fp = fn = ut = uw = 0
    for r in rows:
        if r["unsure"]:
            ut += r["true"]
            uw += not r["true"]
            fn += not r["true"]  # an unsure pair counts as "translation"
            continue
        notx = sum(a * b for a, b in zip(w, r["x"] + [1.0])) < 0
        if notx and r["true"]:
            fp += 1
        elif notx:
            tp += 1
        elif not r["true"]:
            fn += 1
    return tp, fp, fn, ut, uw


def line(name, res):
    tp, fp, fn, ut, uw = res
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    rd = tp / max(1, tp + fn - uw)
    return f"{name}: precision {p:.4f} ({tp}/{tp + fp}), recall {r:.4f} ({tp}/{tp + fn}), decided recall {rd:.4f}, unsure {ut} true / {uw} wrong"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    ap.add_argument("--floor", type=float, default=1.0)
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--errors", action="store_true")
    o = ap.parse_args()
    rows = read(o.tsv, o.floor)
    w = fit(rows, o.l2)
    print("verdictWeights = [5]float64{" + ", ".join(f"{x:.3f}" for x in w) + "}")
    print(line("all pairs", score(w, rows)))
    even = [r for r in rows if r["doc"] % 2 == 0]
    odd = [r for r in rows if r["doc"] % 2 == 1]
    print(line("fitted on even, odd documents", score(fit(even, o.l2), odd)))
    print(line("fitted on odd, even documents", score(fit(odd, o.l2), even)))
    if o.errors:
        for r in rows:
            s = sum(a * b for a, b in zip(w, r["x"] + [1.0]))
            if not r["unsure"] and (s < 0) == r["true"]:
                print(f'{r["set"]:24} {"true " if r["true"] else "wrong"} doc {r["doc"]:3} n {r["n"]:3} m {r["m"]:3} anchors {r["anchors"]:3} z {r["z"]:6.2f} costz {r["costz"]:6.2f} cr {r["cr"]:.2f} llr {s:6.2f}')


if __name__ == "__main__":
    main()
