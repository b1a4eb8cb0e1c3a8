#!/usr/bin/env python3
"""Turns openly licensed NER corpora into the tagger's train/dev files.

Output format (one file per language and split, OUT/<lang>.{train,dev}.txt):
one token per line, "word<TAB>tag", tags BIO over PER/ORG/LOC, a blank line
between sentences.

Sources (each argument is a checkout or a bare git directory of the
repository; files are read at the commit named here, so the output is the
same wherever the corpora were fetched):
  --germeval DIR   MaviccPRP/ger_ner_evals @ 091199e6 (GermEval 2014,
                   CC BY 4.0). The stored snapshot lacks NER-de-train.tsv, so
                   we TRAIN on the shared task's test file and keep its own
                   dev file (NER-de-dev.tsv) apart for measuring.
  --europeana DIR  EuropeanaNewspapers/ner-corpora @ 6bf838d2 (CC0): French
                   BnF newspapers, split 90/10 in fixed blocks; its Austrian
                   (ONB) newspapers join the German training sentences
                   (German dev F1 0.667 -> 0.676; its LFT and SBB parts
                   lowered it, to 0.667 and 0.671).
  --bvmc DIR       fbvmc/ner-corpora @ db5724b7 (CC0, Biblioteca Virtual
                   Miguel de Cervantes, Spanish): cross-validation folds 1-3
                   train, fold 4 dev. BVMC annotates few people, so the
                   Spanish training file also takes the French training
                   sentences (names in a Romance-language context): Spanish
                   dev PER recall 0.20 -> 0.29, micro F1 0.897 -> 0.899.
  --smartdata DIR  DFKI-NLP/smartdata-corpus @ 796c8b8f (CC BY 4.0): all of
                   version 1 (German news, RSS items, tweets) added to the
                   German training sentences (smartdata_corpus.py); German
                   dev F1 0.654 -> 0.667. With --smartdata-check its test
                   documents stay out of training and become a second German
                   dev set, de.check.txt (modern news and tweets, where the
                   GermEval dev set is news and Wikipedia).

  --ewt DIR        UniversalNER/UNER_English-EWT @ 8ed072de (CC BY-SA 4.0;
                   English Web Treebank: weblogs, newsgroups, e-mail, reviews,
                   answers). The stored snapshot lacks its train file (too
                   large for the mirror), so its dev file trains English and
                   its test file is en.dev.txt (never trained on).
  --pud DIR        UniversalNER/UNER_English-PUD @ 07ea0553 (CC BY-SA 4.0;
                   1,000 news and Wikipedia sentences): en.check-pud.txt only.
  --gum DIR        amir-zeldes/gum @ 72ce5ac1 (annotations CC BY 4.0), read by
                   gum_corpus.py: the training documents of the genres whose
                   texts are openly licensed (academic, court: CC BY; bio,
                   voyage: CC BY-SA; interviews: Wikinews, CC BY) train
                   English; their dev and test documents are en.check-gum.txt.
                   NEVER the news documents (our gum-news dev set), nor the
                   non-commercial genres or reddit.

Label mapping: GermEval keeps its outer PER/ORG/LOC; OTH and the *deriv and
*part subtypes (adjectives such as "deutsche", compounds such as
"EU-Kommissar") become O, because they are not names of a referent.
Europeana and BVMC tag IO (no B-): a run of one type is one entity.
"""
import argparse
import os
import subprocess

from gum_corpus import country_names, gum_sentences
from smartdata_corpus import smartdata_sentences

COMMITS = {
    "germeval": "091199e6d30885f6bba18dfd1ba1c7ea1dd51898",
    "europeana": "6bf838d23112c255fd81431b1187ab30ef6c2d90",
    "bvmc": "db5724b73247655f6c10c52e4c5b15bf1857e2a9",
    "smartdata": "796c8b8f5d76fcdeb7f2458c4f8df5711e2115af",
    "ewt": "8ed072de2fd24022cc62458997fe96a8fe191ea4",
    "pud": "07ea0553144e3fcf3d6633efe2a075b725a0d262",
    "gum": "72ce5ac14978a324c2fd18d49484e65292cbe316",
}
# GUM genres whose texts carry an open licence (see GUM's LICENSE.txt).
GUM_GENRES = ("academic", "bio", "court", "interview", "voyage")
GAZETTEER = os.path.join(os.path.dirname(__file__), "../../Services/Enricher/EnricherCore/Data/gazetteer.tsv")
KEEP = {"PER", "ORG", "LOC"}
SENTENCE_END = {".", "!", "?"}
MAX_SENTENCE = 60


def read(repo, commit, path):
    """A text file of a corpus."""
    return read_bytes(repo, commit, path).decode("utf-8")


def read_bytes(repo, commit, path):
    """A file of a corpus: from the working tree if present, else from git."""
    plain = os.path.join(repo, path)
    if os.path.isfile(plain):
        with open(plain, "rb") as f:
            return f.read()
    out = subprocess.run(["git", "--git-dir", git_dir(repo), "show", f"{commit}:{path}"],
                         check=True, capture_output=True)
    return out.stdout


def git_dir(repo):
    dot_git = os.path.join(repo, ".git")
    return dot_git if os.path.isdir(dot_git) else repo


def germeval_sentences(text):
    """GermEval TSV: '#' comment lines, then index, word, outer tag, inner tag."""
    sentences, current = [], []
    for line in text.split("\n"):
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            if current:
                sentences.append(current)
                current = []
            continue
        word, tag = cols[1], cols[2]
        kind = tag[2:] if len(tag) > 2 else ""
        current.append((word, tag if kind in KEEP else "O"))
    if current:
        sentences.append(current)
    return sentences


def gum_split(repo):
    """GUM's splits.md: document id -> train, dev, test or test2."""
    split, out = None, {}
    for line in read(repo, COMMITS["gum"], "splits.md").split("\n"):
        if line.startswith("## "):
            split = line[3:].strip()
        elif line.strip().startswith("* ") and split:
            out[line.strip()[2:].strip()] = split
    return out


def gum_english(repo):
    """GUM's openly licensed genres: (training sentences, held-apart sentences)."""
    with open(GAZETTEER, encoding="utf-8") as f:
        countries = country_names(f.read())
    splits = gum_split(repo)
    listing = subprocess.run(["git", "--git-dir", git_dir(repo), "ls-tree", "--name-only", f"{COMMITS['gum']}:dep"],
                             check=True, capture_output=True, text=True).stdout.split()
    train, check = [], []
    for name in sorted(listing):
        parts = name.split("_")
        if parts[0] != "GUM" or len(parts) < 3 or parts[1] not in GUM_GENRES:
            continue
        for doc_id, sentences in gum_sentences(read(repo, COMMITS["gum"], "dep/" + name), countries):
            (train if splits.get(doc_id) == "train" else check).extend(sentences)
    return train, check


def english(args):
    """en.train.txt and en.dev.txt, and the English check sets."""
    def ewt(name):
        return germeval_sentences(read(args.ewt, COMMITS["ewt"], f"en_ewt-ud-{name}.iob2"))
    train = ewt("dev")
    write(os.path.join(args.out, "en.dev.txt"), ewt("test"))
    if args.pud:
        write(os.path.join(args.out, "en.check-pud.txt"),
              germeval_sentences(read(args.pud, COMMITS["pud"], "en_pud-ud-test.iob2")))
    if args.gum:
        gum_train, gum_check = gum_english(args.gum)
        train += gum_train
        write(os.path.join(args.out, "en.check-gum.txt"), gum_check)
    write(os.path.join(args.out, "en.train.txt"), train)


def io_to_bio(pairs):
    """IO or plain type tags to BIO: a run of one type is one entity."""
    out, previous = [], "O"
    for word, tag in pairs:
        kind = tag[2:] if tag[1:2] == "-" else tag
        kind = "PER" if kind == "PERS" else kind
        if kind not in KEEP:
            out.append((word, "O"))
            previous = "O"
            continue
        starts = tag.startswith("B-") or kind != previous
        out.append((word, ("B-" if starts else "I-") + kind))
        previous = kind
    return out


def split_sentences(pairs):
    """Corpora without sentence breaks: cut after . ! ? or every 60 tokens,
    never inside an entity."""
    sentences, current = [], []
    for i, (word, tag) in enumerate(pairs):
        current.append((word, tag))
        next_inside = i + 1 < len(pairs) and pairs[i + 1][1].startswith("I-")
        if not next_inside and (word in SENTENCE_END or len(current) >= MAX_SENTENCE):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def token_tag_pairs(text):
    pairs = []
    for line in text.split("\n"):
        cols = line.split()
        if len(cols) >= 2:
            pairs.append((cols[0], cols[-1]))
    return pairs


def block_split(sentences, block=100, every=10):
    """Every tenth block of 100 sentences to dev: a fixed 10% kept apart,
    in blocks so that neighbouring sentences of one page stay together."""
    train, dev = [], []
    for i in range(0, len(sentences), block):
        (dev if (i // block) % every == every - 1 else train).extend(sentences[i:i + block])
    return train, dev


def write(path, sentences):
    with open(path, "w", encoding="utf-8") as f:
        for sentence in sentences:
            for word, tag in sentence:
                f.write(f"{word}\t{tag}\n")
            f.write("\n")
    print(f"{path}: {len(sentences)} sentences, {sum(len(s) for s in sentences)} tokens")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--germeval")
    ap.add_argument("--europeana")
    ap.add_argument("--bvmc")
    ap.add_argument("--smartdata")
    ap.add_argument("--ewt")
    ap.add_argument("--pud")
    ap.add_argument("--gum")
    ap.add_argument("--smartdata-check", action="store_true",
                    help="keep SmartData's test documents out of training, as a second German dev "
                         "set (de.check.txt), to check that a change to the German data generalises")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.ewt:
        english(args)
    if args.germeval:
        base = "corpora/germaner/"
        train = germeval_sentences(read(args.germeval, COMMITS["germeval"], base + "NER-de-test.tsv"))
        dev = germeval_sentences(read(args.germeval, COMMITS["germeval"], base + "NER-de-dev.tsv"))
        if args.smartdata:
            files = {split: read_bytes(args.smartdata, COMMITS["smartdata"], f"v1_20180119/{split}.json.gz")
                     for split in ("train", "test")}
            if args.smartdata_check:
                train += smartdata_sentences([files["train"]])
                write(os.path.join(args.out, "de.check.txt"), smartdata_sentences([files["test"]]))
            else:
                train += smartdata_sentences(list(files.values()))
        if args.europeana:
            text = read(args.europeana, COMMITS["europeana"], "enp_DE.onb.bio/enp_DE.onb.bio")
            train += split_sentences(io_to_bio(token_tag_pairs(text)))
        write(os.path.join(args.out, "de.train.txt"), train)
        write(os.path.join(args.out, "de.dev.txt"), dev)
    french_train = []
    if args.europeana:
        text = read(args.europeana, COMMITS["europeana"], "enp_FR.bnf.bio/enp_FR.bnf.bio")
        french_train, dev = block_split(split_sentences(io_to_bio(token_tag_pairs(text))))
        write(os.path.join(args.out, "fr.train.txt"), french_train)
        write(os.path.join(args.out, "fr.dev.txt"), dev)
    if args.bvmc:
        folds = [read(args.bvmc, COMMITS["bvmc"], f"cross-validation/data-{k}.tsv") for k in "1234"]
        train = [s for text in folds[:3] for s in split_sentences(io_to_bio(token_tag_pairs(text)))]
        train += french_train
        dev = split_sentences(io_to_bio(token_tag_pairs(folds[3])))
        write(os.path.join(args.out, "es.train.txt"), train)
        write(os.path.join(args.out, "es.dev.txt"), dev)


if __name__ == "__main__":
    main()
