"""Reads the GUM corpus (Georgetown University Multilayer corpus, annotations
CC BY 4.0) into BIO sentences over PER/ORG/LOC, for prepare_ner_corpora.py.

GUM annotates every mention of an entity (named or not: "the team", "she")
with its type in the MISC column of its dependency files (dep/*.conllu,
"Entity=(3-organization-...", closed by "3)"). A named entity here is a
person, place or organisation mention whose syntactic head is a proper noun;
its name is the head with the words that belong to the name (flat and
compound parts, adjectives and determiners inside it, "of"-modifiers that
are themselves proper nouns, as in "Daughters of the American Revolution"),
but not titles or descriptions ("U.S. President" in "U.S. President Donald
Trump" is a nmod:desc), locative modifiers ("in Washington") or
appositions, and without determiners or punctuation at its edges.
"""
import re

TYPE_MAP = {"person": "PER", "place": "LOC", "organization": "ORG"}
# Dependents that are part of the name of their head.
# Coordinated names ("Ben Chan and Leung Che-cheung") stay apart.
NAME_RELATIONS = {"compound", "flat", "flat:name", "fixed", "amod", "det", "nummod", "goeswith", "case",
                  "punct", "compound:prt"}
EDGE_TRIM = {"DET", "ADP", "PUNCT", "PART", "CCONJ", "SCONJ"}
OPEN = re.compile(r"\((\d+)-([a-z]+)")
CLOSE = re.compile(r"(\d+)\)")


def documents(text):
    """(doc id, [sentence]) where a sentence is a list of token dicts."""
    docs, doc_id, sentence = [], None, []
    for line in text.split("\n"):
        if line.startswith("# newdoc id = "):
            doc_id = line.split("=", 1)[1].strip()
            docs.append((doc_id, []))
            continue
        if not line.strip():
            if sentence:
                docs[-1][1].append(sentence)
                sentence = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 10 or not cols[0].isdigit():
            continue  # multi-word token ranges and empty nodes
        sentence.append({"id": int(cols[0]), "form": cols[1], "upos": cols[3], "xpos": cols[4], "head": int(cols[6]),
                         "deprel": cols[7], "misc": cols[9]})
    if sentence and docs:
        docs[-1][1].append(sentence)
    return docs


def mentions(sentence):
    """(first, last, type) token positions of the typed mentions of a sentence."""
    out, open_ = [], {}
    for i, token in enumerate(sentence):
        field = next((p[7:] for p in token["misc"].split("|") if p.startswith("Entity=")), "")
        # Walk the bracket string in order: openings and closings interleave.
        pos = 0
        while pos < len(field):
            m = OPEN.match(field, pos)
            if m:
                open_.setdefault(m.group(1), []).append((i, m.group(2)))
                pos = m.end()
                # A mention closing on the token it opens on: "(7-time-...)".
                end = field.find(")", pos)
                nxt = field.find("(", pos)
                if end != -1 and (nxt == -1 or end < nxt):
                    start, kind = open_[m.group(1)].pop()
                    out.append((start, i, kind))
                    pos = end + 1
                continue
            m = CLOSE.match(field, pos)
            if m and open_.get(m.group(1)):
                start, kind = open_[m.group(1)].pop()
                out.append((start, i, kind))
                pos = m.end()
                continue
            pos += 1
    return out


def name_span(sentence, first, last, kind):
    """The name inside a mention, (first, last), or None when its head is not a proper noun."""
    inside = range(first, last + 1)
    index = {sentence[i]["id"]: i for i in inside}
    heads = [i for i in inside if sentence[i]["head"] not in index]
    if not heads or sentence[heads[0]]["upos"] != "PROPN":
        return None
    head = heads[0]
    keep, frontier = {head}, [head]
    while frontier:
        parent = sentence[frontier.pop()]["id"]
        for i in inside:
            t = sentence[i]
            if t["head"] != parent or i in keep:
                continue
            if t["deprel"] in NAME_RELATIONS or (kind != "PER" and is_of_name(sentence, i, inside)):
                keep.add(i)
                frontier.append(i)
    lo, hi = min(keep), max(keep)
    while lo < hi and sentence[lo]["upos"] in EDGE_TRIM:
        lo += 1
    while hi > lo and sentence[hi]["upos"] in EDGE_TRIM:
        hi -= 1
    if sentence[lo]["upos"] in EDGE_TRIM:
        return None
    # A lone plural proper noun names a group of people ("Muslims",
    # "Belgians"), which news NER leaves untyped.
    if lo == hi and sentence[lo]["xpos"] == "NNPS":
        return None
    return lo, hi


def is_of_name(sentence, i, inside):
    """A proper-noun nmod introduced by "of" continues the name ("Bank of England")."""
    t = sentence[i]
    if not t["deprel"].startswith("nmod") or t["deprel"] in ("nmod:desc", "nmod:poss") or t["upos"] != "PROPN":
        return False
    return any(sentence[j]["head"] == t["id"] and sentence[j]["deprel"] == "case"
               and sentence[j]["form"].lower() == "of" for j in inside)


def bio_sentence(sentence, countries):
    """The sentence's words with BIO tags; of overlapping names the longer wins.
    A country's name typed as an organisation (its national team, its
    government as actor: "Sweden beat England") is a place in news NER
    conventions, so it becomes LOC."""
    spans = []
    for first, last, etype in mentions(sentence):
        if etype not in TYPE_MAP:
            continue
        kind = TYPE_MAP[etype]
        span = name_span(sentence, first, last, kind)
        if not span:
            continue
        name = " ".join(t["form"] for t in sentence[span[0]:span[1] + 1]).lower()
        if kind == "ORG" and name in countries:
            kind = "LOC"
        spans.append((span[0], span[1], kind))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    tags = ["O"] * len(sentence)
    for lo, hi, kind in spans:
        if any(tags[k] != "O" for k in range(lo, hi + 1)):
            continue
        tags[lo] = "B-" + kind
        for k in range(lo + 1, hi + 1):
            tags[k] = "I-" + kind
    return [(t["form"], tag) for t, tag in zip(sentence, tags)]


def gum_sentences(text, countries):
    """(doc id, BIO sentences) for each document of a GUM .conllu file;
    `countries` holds lower-cased country names and their aliases."""
    return [(doc_id, [bio_sentence(s, countries) for s in sentences]) for doc_id, sentences in documents(text)]


def country_names(gazetteer_tsv):
    """Lower-cased names and aliases of the gazetteer's countries (kind C)
    and first-level divisions (kind A: England, Scotland)."""
    names = set()
    for line in gazetteer_tsv.split("\n"):
        cols = line.split("\t")
        if len(cols) >= 3 and cols[0] in ("C", "A"):
            names.add(cols[2].lower())
            if len(cols) >= 8 and cols[7]:
                names.update(a.lower() for a in cols[7].split("|"))
    return names
