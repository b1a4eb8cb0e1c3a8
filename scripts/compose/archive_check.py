#!/usr/bin/env python3
"""Checks for scripts/compose/ci-test.sh, reading JSON on stdin (stdlib only).

  archive_check.py stored  --site DIR --base URL --batch feeds|all [--format jsonl|urls]
      The stored set (stdin: `newswire-storage export --jsonl`, or with
      --format urls one canonical URL per line, as a SQL query gives them)
      against what the sample site's manifest says the batch must store.
      Exit 0: exactly the expected articles, each once. Exit 3: some still
      missing (keep waiting). Exit 2: duplicates or unexpected articles (a
      failure no amount of waiting fixes).
  archive_check.py idle                                              < status.json
      Exit 0 when no queue has ready or in-flight work.
  archive_check.py field QUEUE NAME                                  < status.json
      Prints one number of one queue (completed, depth, inFlight, workers...).
  archive_check.py deadletters                                       < status.json
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_links(site: Path) -> set:
    """Article links of the bundled RSS and Atom feeds, with {{BASE_URL}} left in."""
    links = set()
    for name in ("feeds/rss.xml", "feeds/atom.xml"):
        root = ET.parse(site / name).getroot()
        for item in root.iter("item"):
            link = item.find("link")
            if link is not None and link.text:
                links.add(link.text.strip())
        for entry in root.iter(ATOM + "entry"):
            for link in entry.iter(ATOM + "link"):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    links.add(link.get("href").strip())
    return links


def expected_keys(site: Path, base: str, batch: str) -> set:
    manifest = json.loads((site / "manifest.json").read_text())
    pages = [p for p in manifest["pages"] if p["kind"] == "article"]
    if batch == "feeds":
        links = feed_links(site)
        pages = [p for p in pages if p.get("url") in links]
    resolve = lambda s: s.replace("{{BASE_URL}}", base)

    def key(page):
        # A canonical link to another site is not trusted as the storage key
        # (a page could otherwise overwrite another site's article): such a
        # page is kept under the URL it was fetched from.
        canonical = page.get("canonical")
        if canonical and canonical.startswith("{{BASE_URL}}"):
            return resolve(canonical)
        return resolve(page["url"])

    return {key(p) for p in pages}


def stored_keys(lines, form: str = "jsonl") -> list:
    keys = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if form == "urls":
            keys.append(line)
            continue
        record = json.loads(line)
        article = record.get("article", {}).get("article", record.get("article", {}))
        keys.append(article.get("canonicalURL") or article.get("url"))
    return keys


def stored(args) -> int:
    opts = dict(zip(args[::2], args[1::2]))
    expected = expected_keys(Path(opts["--site"]), opts["--base"].rstrip("/"), opts["--batch"])
    keys = stored_keys(sys.stdin, opts.get("--format", "jsonl"))
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    extra = sorted(set(keys) - expected)
    missing = sorted(expected - set(keys))
    print(f"stored {len(set(keys) & expected)}/{len(expected)} expected, {len(keys)} rows, "
          f"{len(duplicates)} duplicated, {len(extra)} unexpected")
    if duplicates or extra:
        for k in duplicates:
            print(f"  duplicated: {k}")
        for k in extra:
            print(f"  unexpected: {k}")
        return 2
    if missing:
        for k in missing[:10]:
            print(f"  missing: {k}")
        return 3
    return 0


def main() -> int:
    command, args = sys.argv[1], sys.argv[2:]
    if command == "stored":
        return stored(args)
    status = json.load(sys.stdin)
    queues = {q["name"]: q for q in status["queues"]}
    if command == "idle":
        busy = [f"{q['name']} ready {q['depth'] - q['delayed']} in flight {q['inFlight']}"
                for q in status["queues"] if q["depth"] - q["delayed"] > 0 or q["inFlight"] > 0]
        print("; ".join(busy) if busy else "idle")
        return 1 if busy else 0
    if command == "field":
        print(queues.get(args[0], {}).get(args[1], 0))
        return 0
    if command == "deadletters":
        print(status.get("deadLetters", 0))
        return 0
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main())
