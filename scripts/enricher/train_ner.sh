#!/usr/bin/env bash
# Rebuilds the entity tagger models Services/Enricher/EnricherCore/Data/ner-{de,fr,es}.bin
# from the openly licensed corpora, and prints each language's dev P/R/F1.
# Nothing is downloaded: give the three repositories' checkouts (or bare git
# directories, e.g. from a `git clone --bare`):
#   GERMEVAL   github.com/MaviccPRP/ger_ner_evals           (GermEval 2014, CC BY 4.0)
#   EUROPEANA  github.com/EuropeanaNewspapers/ner-corpora   (CC0)
#   BVMC       github.com/fbvmc/ner-corpora                 (CC0)
#   SMARTDATA  github.com/DFKI-NLP/smartdata-corpus         (CC BY 4.0), German extra
# The commits used are fixed in scripts/enricher/prepare_ner_corpora.py.
# Usage: scripts/enricher/train_ner.sh GERMEVAL EUROPEANA BVMC SMARTDATA [path/to/newswire-enricher]
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
cd "$(dirname "$0")/../.."
GERMEVAL="$1"; EUROPEANA="$2"; BVMC="$3"; SMARTDATA="$4"
BIN="${5:-.build/release/newswire-enricher}"
if [ ! -x "$BIN" ]; then
  swift build -c release --product newswire-enricher
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 scripts/enricher/prepare_ner_corpora.py \
  --germeval "$GERMEVAL" --europeana "$EUROPEANA" --bvmc "$BVMC" --smartdata "$SMARTDATA" --out "$WORK"
for lang in de fr es; do
  "$BIN" train-ner --language "$lang" --train "$WORK/$lang.train.txt" --dev "$WORK/$lang.dev.txt" \
    --out "Services/Enricher/EnricherCore/Data/ner-$lang.bin"
done
