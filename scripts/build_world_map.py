"""Build the world map assets, practices/listing/data/world.json and
static/img/world.svg, once.

The country shapes are Natural Earth's Admin 0 countries at 1:50m (public
domain, https://www.naturalearthdata.com/about/terms-of-use/), as packaged in
TopoJSON by the npm package `world-atlas` (ISC licence). scripts/world_map/
project.mjs simplifies them and projects them with Equal Earth into SVG path
data; this script names each shape by the ISO 3166-1 alpha-2 code that
django-countries uses and writes the compact asset the site renders.

To re-run it (after changing the projection, the simplification or the
package versions in scripts/world_map/package.json):

    cd scripts/world_map && npm ci && cd ../..
    .venv/bin/python scripts/build_world_map.py

The site itself needs neither Node nor the npm packages: only the JSON file.
"""

import json
import subprocess
import sys
from pathlib import Path

import django
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "scripts" / "world_map" / "project.mjs"
ASSET = ROOT / "practices" / "listing" / "data" / "world.json"
# Every country in grey: the background of the locator maps on country pages,
# one file the browser keeps, under each page's own highlighted country.
BACKGROUND = ROOT / "static" / "img" / "world.svg"

# Shapes Natural Earth draws apart from the country ISO 3166 counts them in,
# or without an ISO numeric code, by their Natural Earth name.
NAMED_SHAPES = {
    "Somaliland": "SO",
    "N. Cyprus": "CY",
    "Kosovo": "XK",  # drawn as a country only where django-countries knows XK
    "Indian Ocean Ter.": "",  # Christmas Island and Cocos, not drawn apart
    "Siachen Glacier": "",
}
# Shapes smaller than this (in square units of the 960-wide map) also get a
# marker, so a small state can still be seen and clicked.
SMALL_AREA = 30


def alpha2_codes():
    settings.configure(USE_I18N=False, INSTALLED_APPS=["django_countries"])
    django.setup()
    from django_countries import countries

    known = {code for code, _name in countries}
    return known, countries.alpha2


def main():
    projected = json.loads(
        subprocess.run(
            ["node", str(PROJECT)], check=True, capture_output=True, text=True
        ).stdout
    )
    known, alpha2 = alpha2_codes()
    shapes, unnamed = {}, []
    for shape in projected["shapes"]:
        if not shape["d"]:
            continue
        if shape["name"] in NAMED_SHAPES:
            code = NAMED_SHAPES[shape["name"]]
        else:
            code = alpha2(shape["numeric"]) if shape["numeric"] else ""
        if code not in known:
            unnamed.append(shape["d"])
            continue
        if code in shapes:  # a part drawn apart (Somaliland, N. Cyprus)
            shapes[code]["d"] += shape["d"]
            continue
        shapes[code] = {"d": shape["d"]}
        if shape["area"] < SMALL_AREA:
            shapes[code]["marker"] = [round(v) for v in shape["centroid"]]
    asset = {
        "source": projected["source"],
        "licence": "Natural Earth: public domain; world-atlas packaging: ISC",
        "projection": "Equal Earth",
        "width": projected["width"],
        "height": projected["height"],
        "sphere": projected["sphere"],
        "countries": dict(sorted(shapes.items())),
        "unnamed": unnamed,  # land not named by any code we know: drawn, not linked
    }
    ASSET.parent.mkdir(parents=True, exist_ok=True)
    ASSET.write_text(json.dumps(asset, separators=(",", ":"), ensure_ascii=False))
    land = "".join(shape["d"] for shape in shapes.values()) + "".join(unnamed)
    BACKGROUND.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {asset["width"]} {asset["height"]}">'
        f'<path d="{asset["sphere"]}" fill="#eef3f7" stroke="#5f6b71"/>'
        f'<path d="{land}" fill="#d5dde0" stroke="#fff" stroke-width="0.5"/></svg>\n'
    )
    print(f"{len(shapes)} countries, {len(unnamed)} unnamed shapes -> {ASSET}")


if __name__ == "__main__":
    sys.exit(main())
