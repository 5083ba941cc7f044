#!/usr/bin/env python3
"""Build the tm benchmark memory and its held-back queries, deterministically.

    scripts/tm-bench-data.py OUTDIR [UNITS]

Base pairs: the 1-1 eval sets under ../shared/eval (NTREX ar/de/fr/ru/ps/ckb/
el/ko-en, the Quran ar-en, MAC zh-en 1-1 beads) and the lingua test
sentences (each language's sentence i paired with English sentence i: not
translations, volume in 24 more languages). 500 Arabic-English base pairs
are held back whole. The rest are varied until UNITS (default 1,000,000)
units: variant 0 is the pair, variant v > 0 is made by a seeded mix of
splicing the head of the pair with the tail of another pair of the same
languages (both sides cut at the same relative point), dropping a word,
swapping two neighbours and writing a number; duplicates are skipped.

Writes OUTDIR/mem-NN.tmx (100,000 units each), OUTDIR/queries.jsonl (1,000:
500 near-duplicates of memory sentences edited by one or two words, 500
held-back sentences; both directions) and OUTDIR/README.
"""
import json
import os
import random
import sys
from xml.sax.saxutils import escape

EVAL = os.environ.get("BITEXT_EVAL", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
if not os.path.isdir(EVAL):
    EVAL = "/work/shared/eval"


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def one_to_one(dataset, src, tgt):
    d = os.path.join(EVAL, dataset)
    out = []
    for doc in sorted(os.listdir(os.path.join(d, "gold"))):
        s = lines(os.path.join(d, src, doc))
        t = lines(os.path.join(d, tgt, doc))
        for g in lines(os.path.join(d, "gold", doc)):
            a, b = g.split(":")
            a, b = json.loads(a), json.loads(b)
            if len(a) == 1 and len(b) == 1 and s[a[0]].strip() and t[b[0]].strip():
                out.append((s[a[0]].strip(), t[b[0]].strip()))
    return out


def bases():
    pairs = {}
    for l in ["ar", "de", "fr", "ru", "ps", "ckb", "el", "ko"]:
        pairs[(l, "en")] = one_to_one("ntrex-dev-%s-en" % l, l, "en")
    pairs[("ar", "en")] += one_to_one("quran-dev-ar-en", "ar", "en")
    pairs[("zh", "en")] = one_to_one("mac-dev-zh-en", "zh", "en")
    sd = os.path.join(EVAL, "langid-lingua-dev", "sentences")
    en = [x for x in lines(os.path.join(sd, "en.txt")) if x.strip()]
    for f in sorted(os.listdir(sd)):
        l = f[:-4]
        if l == "en" or not f.endswith(".txt"):
            continue
        xs = [x for x in lines(os.path.join(sd, f)) if x.strip()]
        pairs.setdefault((l, "en"), []).extend((x.strip(), en[i % len(en)].strip()) for i, x in enumerate(xs))
    return pairs


def cut(words, frac):
    return max(1, int(round(len(words) * frac)))


def variant(rng, s, t, others):
    sw, tw = s.split(), t.split()
    ops = rng.random()
    if ops < 0.6 and others:
        o_s, o_t = others[rng.randrange(len(others))]
        os_w, ot_w = o_s.split(), o_t.split()
        f = rng.uniform(0.3, 0.7)
        sw = sw[: cut(sw, f)] + os_w[cut(os_w, f):]
        tw = tw[: cut(tw, f)] + ot_w[cut(ot_w, f):]
    if rng.random() < 0.5 and len(sw) > 3:
        del sw[rng.randrange(len(sw))]
        if len(tw) > 3:
            del tw[rng.randrange(len(tw))]
    if rng.random() < 0.3 and len(sw) > 2:
        i = rng.randrange(len(sw) - 1)
        sw[i], sw[i + 1] = sw[i + 1], sw[i]
    if rng.random() < 0.4:
        n = str(rng.randrange(2, 2000))
        sw.insert(rng.randrange(len(sw) + 1), n)
        tw.insert(rng.randrange(len(tw) + 1), n)
    return " ".join(sw), " ".join(tw)


def edit(rng, text, vocab):
    w = text.split()
    for _ in range(rng.choice([1, 1, 2])):
        if len(w) > 4 and rng.random() < 0.5:
            del w[rng.randrange(len(w))]
        else:
            w[rng.randrange(len(w))] = vocab[rng.randrange(len(vocab))]
    return " ".join(w)


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    os.makedirs(out, exist_ok=True)
    rng = random.Random(15)
    pairs = bases()
    aren = pairs[("ar", "en")]
    held = set(rng.sample(range(len(aren)), 500))
    held_pairs = [aren[i] for i in sorted(held)]
    pairs[("ar", "en")] = [p for i, p in enumerate(aren) if i not in held]
    flat = [(k, p) for k in sorted(pairs) for p in pairs[k]]
    nbase = len(flat)
    per = -(-total // nbase)
    seen = set()
    units = []
    for v in range(per * 3):
        if len(units) >= total:
            break
        for i, (k, (s, t)) in enumerate(flat):
            if len(units) >= total:
                break
            if v == 0:
                u = (s, t)
            else:
                r = random.Random(v * 1000003 + i)
                u = variant(r, s, t, pairs[k])
            key = (k, u)
            if key in seen or not u[0].strip() or not u[1].strip():
                continue
            seen.add(key)
            units.append((k, u))
    hdr = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="tm-bench-data" '
           'creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="*all*" datatype="plaintext"/>\n<body>\n')
    chunk = 100000
    for f in range(0, len(units), chunk):
        with open(os.path.join(out, "mem-%02d.tmx" % (f // chunk)), "w", encoding="utf-8") as w:
            w.write(hdr)
            for n, ((sl, tl), (s, t)) in enumerate(units[f:f + chunk]):
                w.write('<tu tuid="%d" srclang="%s"><tuv xml:lang="%s"><seg>%s</seg></tuv><tuv xml:lang="%s"><seg>%s</seg></tuv></tu>\n'
                        % (f + n, sl, sl, escape(s), tl, escape(t)))
            w.write("</body>\n</tmx>\n")
    # queries: near-duplicates of in-memory ar-en sentences, and held-back ones
    qr = random.Random(16)
    mem_aren = pairs[("ar", "en")]
    ar_vocab = " ".join(s for s, _ in mem_aren[:2000]).split()
    en_vocab = " ".join(t for _, t in mem_aren[:2000]).split()
    qs = []
    for j in range(500):
        s, t = mem_aren[qr.randrange(len(mem_aren))]
        if j % 2 == 0:
            qs.append({"kind": "near", "from": "ar", "to": "en", "text": edit(qr, s, ar_vocab), "orig": s})
        else:
            qs.append({"kind": "near", "from": "en", "to": "ar", "text": edit(qr, t, en_vocab), "orig": t})
    for j, (s, t) in enumerate(held_pairs):
        if j % 2 == 0:
            qs.append({"kind": "unrelated", "from": "ar", "to": "en", "text": s})
        else:
            qs.append({"kind": "unrelated", "from": "en", "to": "ar", "text": t})
    with open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8") as w:
        for q in qs:
            w.write(json.dumps(q, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "README"), "w") as w:
        w.write("%d units from %d base pairs (%d language pairs), %d queries\n" % (len(units), nbase, len(pairs), len(qs)))
    print("%d units from %d base pairs, %d queries -> %s" % (len(units), nbase, len(qs), out))


if __name__ == "__main__":
    main()
