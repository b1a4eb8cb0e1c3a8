#!/usr/bin/env python3
"""Lists the enricher's NER errors against a gold set, grouped by class.

Usage: ner_errors.py GOLD.jsonl PRED.jsonl [--context N]

Classes: wrong type (same span), boundary (overlapping spans), false
positive (no overlapping gold span), false negative (no overlapping
prediction). Each line shows the document, the span text and its context.
"""
import json
import sys
from collections import defaultdict


def load(path):
    with open(path, encoding="utf-8") as f:
        return {d["id"]: d for d in (json.loads(line) for line in f if line.strip())}


def spans(doc):
    return {(e["start"], e["end"], e["type"]) for e in doc.get("entities", []) if e["type"] in ("PER", "ORG", "LOC")}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    ctx = 40
    if "--context" in sys.argv:
        ctx = int(sys.argv[sys.argv.index("--context") + 1])
        args = [a for a in args if a != str(ctx)]
    gold, pred = load(args[0]), load(args[1])
    groups = defaultdict(list)
    for doc_id, g in gold.items():
        text = g["text"]
        gs = spans(g)
        ps = spans(pred.get(doc_id, {}))

        def show(s, e):
            left = text[max(0, s - ctx):s].replace("\n", " | ")
            right = text[e:e + ctx].replace("\n", " | ")
            return f"{doc_id[:22]:22} {left:>{ctx}}[{text[s:e]}]{right}"

        for s, e, t in sorted(ps - gs):
            same = [gt for gs_, ge, gt in gs if (gs_, ge) == (s, e)]
            over = [(gs_, ge, gt) for gs_, ge, gt in gs if gs_ < e and s < ge]
            if same:
                groups[f"type {same[0]}->{t}"].append(show(s, e))
            elif over:
                o = over[0]
                groups[f"boundary {t}"].append(
                    show(s, e) + f"   gold: {o[2]} [{text[o[0]:o[1]]}]")
            else:
                groups[f"FP {t}"].append(show(s, e))
        for s, e, t in sorted(gs - ps):
            if any((ps_, pe) == (s, e) for ps_, pe, _ in ps):
                continue
            if any(ps_ < e and s < pe for ps_, pe, _ in ps):
                continue  # listed as a boundary error
            groups[f"FN {t}"].append(show(s, e))
    for key in sorted(groups):
        print(f"== {key} ({len(groups[key])})")
        for line in groups[key]:
            print("  " + line)


if __name__ == "__main__":
    main()
