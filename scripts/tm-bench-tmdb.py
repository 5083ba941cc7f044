#!/usr/bin/python3
"""The tm benchmark's reference: Translate Toolkit's tmdb on the same memory.

    /usr/bin/python3 scripts/tm-bench-tmdb.py DATADIR DB OUT.json [BUDGET_SECONDS [EVERY [PER_QUERY_SECONDS [PLAN]]]]

Builds a tmdb (translate.storage.tmdb: SQLite + FTS3 prefilter + character
Levenshtein, as tmserver uses it) from DATADIR/mem-*.tmx (the units as
stored, plus the Arabic-English ones reversed so that English queries find
Arabic), unless DB exists; then runs DATADIR/queries.jsonl at
min_similarity 75, 5 candidates, one thread, until BUDGET_SECONDS (default
900) are spent, and writes each query's latency and best match to OUT.json.

EVERY (default 1) keeps every EVERY-th query of each kind (a deterministic
sample: EVERY=10 keeps 100 of the 1,000, 50 near-duplicates and 50
unrelated). PER_QUERY_SECONDS (default 0:
none) bounds each query: the queries run in a worker process, and one that
has not answered within the budget is recorded as a timeout (WallMS = the
budget, TimedOut true, no match) and its worker is killed and restarted;
tmdb's queries cannot be interrupted otherwise (the time goes into SQLite's
FTS3 OR-query and Python's Levenshtein loop).
PLAN "shipped" (the default) runs tmdb's translate_unit as it is; PLAN
"fts-first" runs the same SQL with the joins written as CROSS JOINs so that
SQLite evaluates the FTS3 MATCH once, as the outer loop: tmdb 3.8's query
(sources JOIN targets JOIN fulltext ... AND fulltext MATCH ?) is planned
with the full-text table innermost, so the OR-query is run again for every
target row of the language in the length window (EXPLAIN QUERY PLAN:
SEARCH t USING INDEX targets_lang_idx, then SCAN f VIRTUAL TABLE INDEX 3),
which is why a query of more than three words of three letters or more
takes seconds to minutes even on 100,000 units. The rows, the Levenshtein comparer and the ranking are
tmdb's; only rows tied on quality may come back in another order.
Needs Debian's translate-toolkit and python3-levenshtein (without it tmdb
falls back to a pure-Python distance hundreds of times slower).
"""
import glob
import html
import json
import os
import re
import subprocess
import sys
import time

from translate.storage import tmdb as tmdbmod
from translate.storage.tmdb import TMDB

TU = re.compile(r'<tu tuid="[^"]*" srclang="([^"]+)"><tuv xml:lang="[^"]+"><seg>(.*?)</seg></tuv>'
                r'<tuv xml:lang="([^"]+)"><seg>(.*?)</seg></tuv></tu>')


class FTSFirstTMDB(TMDB):
    """tmdb 3.8's translate_unit with the FTS3 table as the outer loop (see PLAN)."""

    def translate_unit(self, unit_source, source_langs, target_langs):
        source_langs = tmdbmod.data.normalize_code(source_langs)
        target_langs = tmdbmod.data.normalize_code(target_langs)
        minlen = tmdbmod.min_levenshtein_length(len(unit_source), self.min_similarity)
        maxlen = tmdbmod.max_levenshtein_length(len(unit_source), self.min_similarity, self.max_length)
        unit_words = [w for w in tmdbmod.STRIP_REGEXP.sub(" ", unit_source).split() if len(w) > 2]
        if self.fulltext and len(unit_words) > 3:
            query = """SELECT s.text, t.text, s.context, s.lang, t.lang FROM fulltext f
                       CROSS JOIN sources s ON s.sid = f.docid CROSS JOIN targets t ON s.sid = t.sid
                       WHERE s.lang IN (?) AND t.lang IN (?) AND s.length BETWEEN ? AND ?
                       AND fulltext MATCH ?"""
            self.cursor.execute(query, (source_langs, target_langs, minlen, maxlen, " OR ".join(unit_words)))
        else:
            query = """SELECT s.text, t.text, s.context, s.lang, t.lang FROM sources s JOIN targets t ON s.sid = t.sid
            WHERE s.lang IN (?) AND t.lang IN (?)
            AND s.length >= ? AND s.length <= ?"""
            self.cursor.execute(query, (source_langs, target_langs, minlen, maxlen))
        results = []
        for row in self.cursor:
            quality = self.comparer.similarity(unit_source, row[0], self.min_similarity)
            if quality >= self.min_similarity:
                results.append({"source": row[0], "target": row[1], "context": row[2], "quality": quality})
        results.sort(key=lambda match: match["quality"], reverse=True)
        return results[: self.max_candidates]


PLANS = {"shipped": TMDB, "fts-first": FTSFirstTMDB}


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


def worker(db, plan):
    """Answers JSON-line queries from stdin, one JSON line each on stdout."""
    tm = PLANS[plan](db, max_candidates=5, min_similarity=75)
    print("ready", flush=True)
    for line in sys.stdin:
        q = json.loads(line)
        t0, c0 = time.perf_counter(), time.thread_time()
        ms = tm.translate_unit(q["text"], q["from"], q["to"])
        r = {"WallMS": (time.perf_counter() - t0) * 1000, "CPUMS": (time.thread_time() - c0) * 1000, "Matches": len(ms)}
        if ms:
            r["BestSource"], r["BestTarget"], r["BestScore"] = ms[0]["source"], ms[0]["target"], ms[0]["quality"]
        print(json.dumps(r, ensure_ascii=False), flush=True)


class Bounded:
    """A worker process per run of queries; one that overruns is killed."""

    def __init__(self, db, plan):
        self.db = db
        self.plan = plan
        self.p = None

    def ask(self, q, limit):
        import selectors
        if self.p is None:
            self.p = subprocess.Popen([sys.executable, __file__, "--worker", self.db, self.plan],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
            # opening the database is not the query's time
            if self.p.stdout.readline().strip() != "ready":
                sys.exit("tmdb worker failed to start")
        self.p.stdin.write(json.dumps(q, ensure_ascii=False) + "\n")
        self.p.stdin.flush()
        sel = selectors.DefaultSelector()
        sel.register(self.p.stdout, selectors.EVENT_READ)
        if not sel.select(limit):
            self.p.kill()
            self.p.wait()
            self.p = None
            return None
        return json.loads(self.p.stdout.readline())

    def close(self):
        if self.p is not None:
            self.p.stdin.close()
            self.p.wait()


def main():
    datadir, db, out = sys.argv[1], sys.argv[2], sys.argv[3]
    budget = float(sys.argv[4]) if len(sys.argv) > 4 else 900
    every = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    per_query = float(sys.argv[6]) if len(sys.argv) > 6 else 0
    plan = sys.argv[7] if len(sys.argv) > 7 else "shipped"
    if plan not in PLANS:
        sys.exit("PLAN must be one of %s" % ", ".join(sorted(PLANS)))
    built = None
    if not os.path.exists(db):
        built = build(datadir, db)
        print("tmdb: %d rows added in %.0f s" % built, file=sys.stderr)
    tm = None if per_query else PLANS[plan](db, max_candidates=5, min_similarity=75)
    bounded = Bounded(db, plan) if per_query else None
    results = []
    start = time.time()
    with open(os.path.join(datadir, "queries.jsonl"), encoding="utf-8") as f:
        qs = [json.loads(l) for l in f]
    # interleave the kinds so that a cut by the budget keeps both
    near = [q for q in qs if q["kind"] == "near"][::every]
    unrel = [q for q in qs if q["kind"] != "near"][::every]
    order = [q for pair in zip(near, unrel) for q in pair]
    for q in order:
        if time.time() - start > budget:
            break
        if bounded is not None:
            a = bounded.ask(q, per_query)
            if a is None:
                a = {"WallMS": per_query * 1000, "Matches": 0, "TimedOut": True}
            r = dict(q, **a)
        else:
            t0, c0 = time.perf_counter(), time.thread_time()
            ms = tm.translate_unit(q["text"], q["from"], q["to"])
            r = dict(q, WallMS=(time.perf_counter() - t0) * 1000, CPUMS=(time.thread_time() - c0) * 1000, Matches=len(ms))
            if ms:
                r["BestSource"], r["BestTarget"], r["BestScore"] = ms[0]["source"], ms[0]["target"], ms[0]["quality"]
        d = r["WallMS"]
        results.append(r)
        # written after every query: a run cut short keeps what it measured
        with open(out, "w", encoding="utf-8") as w:
            json.dump({"built": built, "db_bytes": os.path.getsize(db), "plan": plan, "per_query_seconds": per_query,
                       "results": results}, w, ensure_ascii=False, indent=1)
        print("tmdb: query %d: %.0f ms, %d matches%s" % (len(results), d, r["Matches"],
              " (timeout)" if r.get("TimedOut") else ""), file=sys.stderr, flush=True)
    if bounded is not None:
        bounded.close()
    print("tmdb: %d of %d queries in %.0f s" % (len(results), len(qs), time.time() - start), file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3])
    else:
        main()
