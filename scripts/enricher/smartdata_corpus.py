"""Reads the DFKI SmartData Corpus (German news, RSS items and tweets, CC BY 4.0)
into BIO sentences over PER/ORG/LOC, for prepare_ner_corpora.py.

The corpus stores each document's text with character spans of typed concept
mentions (no tokens in version 1), so this module tokenizes the text,
splits sentences and projects the spans onto tokens.
"""
import collections
import gzip
import json
import re

# The corpus's fine-grained types mapped to ours. Routes (train and bus line
# numbers such as "RE 7") are not places; dates, numbers, triggers and the
# like are no names.
TYPE_MAP = {
    "person": "PER",
    "organization": "ORG",
    "organization-company": "ORG",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "location-stop": "LOC",
}
# Words joined by inner hyphens, apostrophes or dots stay one token, as in
# GermEval ("EU-Kommission"); any other non-space character is a token.
TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|\S")
SENTENCE_END = {".", "!", "?"}


def documents(raw_json):
    """The corpus file is a sequence of pretty-printed JSON objects."""
    decoder, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(raw_json) and raw_json[i].isspace():
            i += 1
        if i >= len(raw_json):
            return out
        doc, i = decoder.raw_decode(raw_json, i)
        out.append(doc)


def mentions(doc):
    """(start, end, type) of the name mentions of a document. A mention that
    starts in lower case is a derived adjective ("italienische") or a common
    word, not a name, and is dropped."""
    text = doc["text"]["string"]
    out = []
    for m in (doc.get("conceptMentions") or {}).get("array", []):
        kind = TYPE_MAP.get(m["type"])
        start, end = m["span"]["start"], m["span"]["end"]
        if kind and text[start:end][:1].isupper():
            out.append((start, end, kind))
    return out


def tagged_tokens(text, spans):
    """Tokens with BIO tags: a token inside a span takes its type; a span's
    leading and trailing punctuation stays outside it."""
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    tags = ["O"] * len(tokens)
    for start, end, kind in spans:
        inside = [i for i, (s, e, w) in enumerate(tokens) if s < end and e > start and (w[0].isalnum())]
        if not inside or any(tags[i] != "O" for i in inside):
            continue
        for n, i in enumerate(range(inside[0], inside[-1] + 1)):
            tags[i] = ("B-" if n == 0 else "I-") + kind
    return tokens, tags


def sentences_of(text, spans):
    """A document's sentences: a break at a line end, and after . ! ? when a
    capitalised token follows, never inside an entity."""
    tokens, tags = tagged_tokens(text, spans)
    out, current = [], []
    for i, ((start, end, word), tag) in enumerate(zip(tokens, tags)):
        current.append((word, tag))
        if i + 1 == len(tokens):
            break
        next_start, _, next_word = tokens[i + 1]
        next_inside = tags[i + 1].startswith("I-")
        line_break = "\n" in text[end:next_start]
        stop = word in SENTENCE_END and next_word[:1].isupper()
        if not next_inside and (line_break or stop):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def inconsistent_words(all_sentences):
    """Single words the annotators typed as a name in fewer than half of their
    occurrences: coreferent common nouns ("die Gruppe" for a firm named just
    before) rather than names. Their tags are removed."""
    typed, seen = collections.Counter(), collections.Counter()
    for sentence in all_sentences:
        for i, (word, tag) in enumerate(sentence):
            seen[word] += 1
            alone = tag.startswith("B-") and (i + 1 == len(sentence) or not sentence[i + 1][1].startswith("I-"))
            typed[word] += alone
    return {w for w, n in typed.items() if n and n * 2 < seen[w]}


def untag(sentence, words):
    out = []
    for i, (word, tag) in enumerate(sentence):
        alone = tag.startswith("B-") and (i + 1 == len(sentence) or not sentence[i + 1][1].startswith("I-"))
        out.append((word, "O" if alone and word in words else tag))
    return out


def smartdata_sentences(compressed_files):
    """BIO sentences of every document in the given .json.gz corpus files."""
    result = []
    for data in compressed_files:
        for doc in documents(gzip.decompress(data).decode("utf-8")):
            result.extend(sentences_of(doc["text"]["string"], mentions(doc)))
    common = inconsistent_words(result)
    return [untag(s, common) for s in result]
