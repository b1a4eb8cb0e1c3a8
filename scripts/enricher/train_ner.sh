#!/usr/bin/env bash
# Rebuilds the entity tagger models Services/Enricher/EnricherCore/Data/ner-{en,de,fr,es}.bin
# from the openly licensed corpora, and prints each language's dev P/R/F1
# (English also on its check sets, never trained on).
# Nothing is downloaded: give the repositories' checkouts (or bare git
# directories, e.g. from a `git clone --bare`):
#   GERMEVAL   github.com/MaviccPRP/ger_ner_evals           (GermEval 2014, CC BY 4.0)
#   EUROPEANA  github.com/EuropeanaNewspapers/ner-corpora   (CC0)
#   BVMC       github.com/fbvmc/ner-corpora                 (CC0)
#   SMARTDATA  github.com/DFKI-NLP/smartdata-corpus         (CC BY 4.0), German extra
#   EWT        github.com/UniversalNER/UNER_English-EWT     (CC BY-SA 4.0)
#   PUD        github.com/UniversalNER/UNER_English-PUD     (CC BY-SA 4.0), English check only
#   GUM        github.com/amir-zeldes/gum                   (annotations CC BY 4.0)
# The commits used are fixed in scripts/enricher/prepare_ner_corpora.py.
# Usage: scripts/enricher/train_ner.sh GERMEVAL EUROPEANA BVMC SMARTDATA EWT PUD GUM [path/to/newswire-enricher]
set -euo pipefail
if [ $# -lt 7 ]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
cd "$(dirname "$0")/../.."
GERMEVAL="$1"; EUROPEANA="$2"; BVMC="$3"; SMARTDATA="$4"; EWT="$5"; PUD="$6"; GUM="$7"
BIN="${8:-.build/release/newswire-enricher}"
if [ ! -x "$BIN" ]; then
  swift build -c release --product newswire-enricher
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 scripts/enricher/prepare_ner_corpora.py \
  --germeval "$GERMEVAL" --europeana "$EUROPEANA" --bvmc "$BVMC" --smartdata "$SMARTDATA" \
  --ewt "$EWT" --pud "$PUD" --gum "$GUM" --out "$WORK"
for lang in de fr es; do
  "$BIN" train-ner --language "$lang" --train "$WORK/$lang.train.txt" --dev "$WORK/$lang.dev.txt" \
    --out "Services/Enricher/EnricherCore/Data/ner-$lang.bin"
done
"$BIN" train-ner --language en --train "$WORK/en.train.txt" --dev "$WORK/en.dev.txt" \
  --check "$WORK/en.check-pud.txt" --check "$WORK/en.check-gum.txt" \
  --out "Services/Enricher/EnricherCore/Data/ner-en.bin"
