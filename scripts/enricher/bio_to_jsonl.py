#!/usr/bin/env python3
"""Turns a BIO file of prepare_ner_corpora.py ("word<TAB>tag", a blank line
between sentences) into the JSON Lines gold that score_ner.py reads, so that
the whole enricher (tokenizer, language routing, recognizer, linker) can be
scored on a corpus split it was never tuned or trained on:

  scripts/enricher/bio_to_jsonl.py OUT/en.dev.txt > /tmp/ewt.jsonl
  newswire-enricher annotate --jsonl /tmp/ewt.jsonl > /tmp/pred.jsonl
  python3 ../shared/bench/ner/score_ner.py /tmp/ewt.jsonl /tmp/pred.jsonl

Words are joined by single spaces and sentences by newlines, `--per-text`
sentences (default 10) to a document, so the recognizers see some context.
"""
import argparse
import json


def sentences(path):
    out, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2:
                if current:
                    out.append(current)
                current = []
                continue
            current.append((cols[0], cols[-1]))
    if current:
        out.append(current)
    return out


def document(doc_id, group):
    """Text and character-offset entities of a group of sentences."""
    text, entities, open_ = "", [], None
    for k, sentence in enumerate(group):
        if k:
            text += "\n"
        for j, (word, tag) in enumerate(sentence):
            if j:
                text += " "
            if open_ and not (tag.startswith("I-") and tag[2:] == open_["type"]):
                entities.append(open_)
                open_ = None
            start = len(text)
            text += word
            if tag.startswith("B-") or (tag.startswith("I-") and open_ is None):
                open_ = {"start": start, "end": len(text), "type": tag[2:]}
            elif open_:
                open_["end"] = len(text)
        if open_:
            entities.append(open_)
            open_ = None
    for e in entities:
        e["text"] = text[e["start"]:e["end"]]
    return {"id": doc_id, "text": text, "entities": entities}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bio")
    ap.add_argument("--per-text", type=int, default=10)
    args = ap.parse_args()
    all_sentences = sentences(args.bio)
    for i in range(0, len(all_sentences), args.per_text):
        doc = document(f"doc{i // args.per_text:05d}", all_sentences[i:i + args.per_text])
        print(json.dumps(doc, ensure_ascii=False))


if __name__ == "__main__":
    main()
