#!/usr/bin/env python3
"""Builds Services/Enricher/EnricherCore/Data/stopwords.tsv, the function
words the keyword extractor leaves out, per language, from stopwords-iso
(MIT) as shipped by the PyPI package stopwordsiso, installed at development
time only:

    pip install stopwordsiso==0.7.1
    python3 scripts/enricher/build_stopwords.py

Rows: ISO 639-1 code, tab, lower-cased word; sorted, so the output is
deterministic. English is left out: the enricher keeps its own hand-written
English lists (stopwords-iso's English list holds content words such as
"world", "state" and "year" that news keywords need).
Languages: those the language identifier knows that are written with
spaces between words (keywords of Chinese, Japanese, Thai are not words).
"""
import os

import stopwordsiso

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Services", "Enricher", "EnricherCore", "Data", "stopwords.tsv")

LANGUAGES = [
    "bg", "ca", "cs", "da", "de", "el", "es", "et", "fa", "fi", "fr", "he", "hr", "hu", "id", "it", "lt", "lv",
    "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sv", "sw", "tl", "tr", "uk", "vi",
]


def main():
    rows = set()
    for lang in LANGUAGES:
        for word in stopwordsiso.stopwords(lang):
            word = word.strip().lower()
            if word and "\t" not in word and "\n" not in word:
                rows.add((lang, word))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("".join(f"{lang}\t{word}\n" for lang, word in sorted(rows)))
    print(f"{len(rows)} words, {len(LANGUAGES)} languages -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
