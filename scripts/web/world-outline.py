#!/usr/bin/env python3
"""Rebuilds Services/Web/WebCore/Public/world.svg, the web app's offline world
outline, from Natural Earth's 1:110m land polygons (public domain).

    scripts/web/world-outline.py ne_110m_land.geojson > Services/Web/WebCore/Public/world.svg

Input: ne_110m_land.geojson from Natural Earth (naturalearthdata.com, "Land",
1:110m physical vectors; the GeoJSON export in the natural-earth-vector
repository, geojson/ne_110m_land.geojson). Projection: equirectangular, one
SVG unit per degree, viewBox 0 0 360 180, x = longitude + 180, y = 90 -
latitude; the app places markers with the same formula. Coordinates are
rounded to 0.1 degree and repeated points dropped, which keeps the file small.
"""
import json
import sys


def ring_path(ring):
    points = []
    for lon, lat in ring:
        point = (round(lon + 180, 1), round(90 - lat, 1))
        if not points or points[-1] != point:
            points.append(point)
    if len(points) < 3:
        return ""
    def fmt(v):
        return ("%.1f" % v).rstrip("0").rstrip(".")
    return "M" + "L".join(fmt(x) + " " + fmt(y) for x, y in points) + "Z"


def polygons(geometry):
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]


def main(path):
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    parts = []
    for feature in collection["features"]:
        for polygon in polygons(feature["geometry"]):
            for ring in polygon:
                parts.append(ring_path(ring))
    d = "".join(p for p in parts if p)
    sys.stdout.write(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180">'
        "<!-- Natural Earth 1:110m land, public domain; rebuilt by scripts/web/world-outline.py -->"
        '<path class="land" fill-rule="evenodd" d="' + d + '"/></svg>\n')


if __name__ == "__main__":
    main(sys.argv[1])
