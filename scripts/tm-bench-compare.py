#!/usr/bin/env python3
"""Compare bitext's and tmdb's answers to the same benchmark queries.

    scripts/tm-bench-compare.py BITEXT.json TMDB.json [SHOW]

Over the queries tmdb ran: p50/p99 latency of each and their ratio, and how
often the best matches agree: the same target text for the top match where
both find one at or above 75 (and how often also the same source text), how
often neither finds one, and how often only one of them does. SHOW (default
0) prints that many disagreements of each sort with both answers.
A query tmdb did not answer within its budget (TimedOut, see
tm-bench-tmdb.py's PER_QUERY_SECONDS) counts in the latencies as the budget,
so tmdb's percentiles and the ratios are lower bounds, and is left out of
the agreement, which is over the queries tmdb answered.
"""
import json
import math
import sys


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)]


def main():
    bx = {(r["from"], r["text"]): r for r in json.load(open(sys.argv[1], encoding="utf-8"))}
    td = json.load(open(sys.argv[2], encoding="utf-8"))
    show = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    rows = [(bx[(r["from"], r["text"])], r) for r in td["results"] if (r["from"], r["text"]) in bx]
    if not rows:
        sys.exit("no common queries")
    for kind in ["all", "near", "unrelated"]:
        sel = [(b, t) for b, t in rows if kind == "all" or b["kind"] == kind]
        if not sel:
            continue
        bw = [b["WallMS"] for b, _ in sel]
        tw = [t["WallMS"] for _, t in sel]
        timeouts = sum(1 for _, t in sel if t.get("TimedOut"))
        ans = [(b, t) for b, t in sel if not t.get("TimedOut")]
        both = [(b, t) for b, t in ans if b["Matches"] and t["Matches"]]
        same = sum(1 for b, t in both if b["BestTarget"] == t["BestTarget"])
        same_src = sum(1 for b, t in both if b["BestTarget"] == t["BestTarget"] and b["BestSource"] == t["BestSource"])
        # the same source text with another target: a tie between units that share a source, broken differently
        tie = sum(1 for b, t in both if b["BestTarget"] != t["BestTarget"] and b["BestSource"] == t["BestSource"])
        none = sum(1 for b, t in ans if not b["Matches"] and not t["Matches"])
        only_b = sum(1 for b, t in ans if b["Matches"] and not t["Matches"])
        only_t = sum(1 for b, t in ans if t["Matches"] and not b["Matches"])
        bound = ">=" if timeouts else ""
        print("%-9s n=%4d (tmdb timeouts %d)  bitext p50 %.2f p99 %.2f ms | tmdb p50 %s%.1f p99 %s%.1f ms | ratio p50 %s%.0fx p99 %s%.0fx"
              % (kind, len(sel), timeouts, pct(bw, 50), pct(bw, 99), bound, pct(tw, 50), bound, pct(tw, 99),
                 bound, pct(tw, 50) / max(pct(bw, 50), 1e-9), bound, pct(tw, 99) / max(pct(bw, 99), 1e-9)))
        print("          answered by tmdb %d: same best target %d of %d where both match (same source too %d); neither %d; "
              "only bitext %d; only tmdb %d; agreement %d of %d (%.1f%%)\n"
              "          of the %d different best targets, %d have the same best source (units sharing a source, tie broken differently)"
              % (len(ans), same, len(both), same_src, none, only_b, only_t, same + none, len(ans),
                 100 * (same + none) / max(len(ans), 1), len(both) - same, tie))
        tc = [t["CPUMS"] for _, t in ans if "CPUMS" in t]
        if tc:
            print("          tmdb thread CPU over the %d answered: p50 %.1f p99 %.1f ms" % (len(tc), pct(tc, 50), pct(tc, 99)))
        if kind == "all" and show:
            sorts = [("different best match", [(b, t) for b, t in both if b["BestTarget"] != t["BestTarget"]]),
                     ("only bitext", [(b, t) for b, t in ans if b["Matches"] and not t["Matches"]]),
                     ("only tmdb", [(b, t) for b, t in ans if t["Matches"] and not b["Matches"]])]
            for name, xs in sorts:
                for b, t in xs[:show]:
                    print("  [%s] %s %s->%s: %s" % (name, b["kind"], b["from"], b["to"], b["text"]))
                    print("      bitext %s: %s => %s" % (b.get("BestScore"), b.get("BestSource"), b.get("BestTarget")))
                    print("      tmdb   %s: %s => %s" % (t.get("BestScore"), t.get("BestSource"), t.get("BestTarget")))


if __name__ == "__main__":
    main()
