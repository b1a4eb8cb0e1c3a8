#!/usr/bin/env python3
"""Builds the dev-figure table from predictions already written by
`newswire-parser extract --bench` (OUT/extract.json, OUT/news.json), running the
bench scorers themselves (extract/score.py, news/score_meta.py) and reading
trafilatura's reference figures from the bench READMEs.
usage: table.py BENCH_DIR OUT_DIR"""
import json, os, re, subprocess, sys, tempfile

bench, out = sys.argv[1], sys.argv[2]


def text_scores(name):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        env = dict(os.environ, SCORE_JSON=f.name)
        subprocess.run([sys.executable, f"{bench}/extract/score.py", f"{bench}/{name}/ground-truth.json",
                        f"{out}/{name}.json"], env=env, check=True, stdout=subprocess.DEVNULL)
        return next(iter(json.load(open(f.name)).values()))


def meta_scores():
    run = subprocess.run([sys.executable, f"{bench}/news/score_meta.py", f"{bench}/news/ground-truth.json",
                          f"{out}/news.json"], check=True, capture_output=True, text=True)
    return {m.group(1): m.group(2) for m in re.finditer(r"^(\w+)\s.*exact\s+([\d.]+%)", run.stdout, re.M)}


def non_articles(name):
    pred = json.load(open(f"{out}/{name}.json", encoding="utf-8"))
    typed = sorted(k for k, v in pred.items() if v.get("outcome", "article") != "article")
    return f"{len(typed)}/{len(pred)}", typed


def trafilatura_rows(name):
    """The README table's trafilatura rows, the default-settings one first: {column: value}."""
    text = open(f"{bench}/{name}/README.md", encoding="utf-8").read()
    header, rows = None, []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            header = None
            continue
        if header is None:
            header = [c.lower() for c in cells]
        elif cells[0].lower().startswith("trafilatura"):
            rows.append(dict(zip(header, cells)))
    rows.sort(key=lambda r: "default" not in next(iter(r.values())))
    return rows[0] if rows else {}


def reference(row, *names):
    for key, value in row.items():
        if any(n in key for n in names):
            return value
    return "?"


extract, news, meta = text_scores("extract"), text_scores("news"), meta_scores()
tx, tn = trafilatura_rows("extract"), trafilatura_rows("news")
fmt = lambda s: f"{s['f1']:.3f} (P {s['precision']:.3f} / R {s['recall']:.3f}, empty {s['empty_pages']})"
lines = [
    ("bench/extract text F1", fmt(extract), reference(tx, "f1")),
    ("bench/news text F1", fmt(news), reference(tn, "text f1")),
    ("bench/news date exact", meta.get("date", "?"), reference(tn, "date")),
    ("bench/news title exact", meta.get("title", "?"), reference(tn, "title")),
    ("bench/news authors exact", meta.get("authors", "?"), reference(tn, "authors")),
]
for name in ("extract", "news"):
    count, typed = non_articles(name)
    lines.append((f"bench/{name} non-articles", count + ("  " + " ".join(t[:12] for t in typed) if typed else ""), "-"))
width = max(len(l[0]) for l in lines)
print(f"{'':{width}}  {'newswire':<48}  trafilatura")
for label, ours, theirs in lines:
    print(f"{label:{width}}  {ours:<48}  {theirs}")
