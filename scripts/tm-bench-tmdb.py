#!/usr/bin/python3
"""The tm benchmark's reference: Translate Toolkit's tmdb on the same memory.

    /usr/bin/python3 scripts/tm-bench-tmdb.py DATADIR DB OUT.json [BUDGET_SECONDS]

Builds a tmdb (translate.storage.tmdb: SQLite + FTS3 prefilter + character
Levenshtein, as tmserver uses it) from DATADIR/mem-*.tmx (the units as
stored, plus the Arabic-English ones reversed so that English queries find
Arabic), unless DB exists; then runs DATADIR/queries.jsonl at
min_similarity 75, 5 candidates, one thread, until BUDGET_SECONDS (default
900) are spent, and writes each query's latency and best match to OUT.json.
Needs Debian's translate-toolkit and python3-levenshtein (without it tmdb
falls back to a pure-Python distance hundreds of times slower).
"""
import glob
import html
import json
import os
import re
import sys
import time

from translate.storage.tmdb import TMDB

TU = re.compile(r'<tu tuid="[^"]*" srclang="([^"]+)"><tuv xml:lang="[^"]+"><seg>(.*?)</seg></tuv>'
                r'<tuv xml:lang="([^"]+)"><seg>(.*?)</seg></tuv></tu>')


def build(datadir, db):
    t0 = time.time()
    tm = TMDB(db, max_candidates=5, min_similarity=75)
    n = 0
    for path in sorted(glob.glob(os.path.join(datadir, "mem-*.tmx"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = TU.match(line)
                if not m:
                    continue
                sl, s, tl, t = m.group(1), html.unescape(m.group(2)), m.group(3), html.unescape(m.group(4))
                tm.add_dict({"source": s, "target": t, "context": None}, sl, tl, commit=False)
                n += 1
                if sl == "ar" and tl == "en":
                    tm.add_dict({"source": t, "target": s, "context": None}, tl, sl, commit=False)
                    n += 1
        tm.connection.commit()
    return n, time.time() - t0


def main():
    datadir, db, out = sys.argv[1], sys.argv[2], sys.argv[3]
    budget = float(sys.argv[4]) if len(sys.argv) > 4 else 900
    built = None
    if not os.path.exists(db):
        built = build(datadir, db)
        print("tmdb: %d rows added in %.0f s" % built, file=sys.stderr)
    tm = TMDB(db, max_candidates=5, min_similarity=75)
    results = []
    start = time.time()
    with open(os.path.join(datadir, "queries.jsonl"), encoding="utf-8") as f:
        qs = [json.loads(l) for l in f]
    # interleave the kinds so that a cut by the budget keeps both
    near = [q for q in qs if q["kind"] == "near"]
    unrel = [q for q in qs if q["kind"] != "near"]
    order = [q for pair in zip(near, unrel) for q in pair]
    for q in order:
        if time.time() - start > budget:
            break
        t0 = time.perf_counter()
        ms = tm.translate_unit(q["text"], q["from"], q["to"])
        d = (time.perf_counter() - t0) * 1000
        r = dict(q, WallMS=d, Matches=len(ms))
        if ms:
            r["BestSource"], r["BestTarget"], r["BestScore"] = ms[0]["source"], ms[0]["target"], ms[0]["quality"]
        results.append(r)
        # written after every query: a run cut short keeps what it measured
        with open(out, "w", encoding="utf-8") as w:
            json.dump({"built": built, "db_bytes": os.path.getsize(db), "results": results}, w, ensure_ascii=False, indent=1)
        print("tmdb: query %d: %.0f ms, %d matches" % (len(results), d, len(ms)), file=sys.stderr, flush=True)
    print("tmdb: %d of %d queries in %.0f s" % (len(results), len(qs), time.time() - start), file=sys.stderr)


if __name__ == "__main__":
    main()
