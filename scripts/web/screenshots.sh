#!/usr/bin/env bash
# Refreshes docs/screenshots/search.png and article.png: runs the web app's
# browser test (headless Chromium over the sample-site archive), which saves
# its screenshots in a folder of ours, and copies the two the docs show.
set -euo pipefail
cd "$(dirname "$0")/../.."
make --no-print-directory deps deps-test
out="$(pwd)/.build/web-screenshots"
rm -rf "$out"
NEWSWIRE_TEST_ONLY=WebTests swift build --build-tests
NEWSWIRE_SCREENSHOTS_DIR="$out" NEWSWIRE_TEST_ONLY=WebTests \
    swift test --skip-build --filter 'WebTests.BrowserTests'
mkdir -p docs/screenshots
cp "$out/search.png" "$out/article.png" docs/screenshots/
echo "docs/screenshots/search.png and article.png refreshed"
