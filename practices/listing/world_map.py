"""The world map and charts of a selection of practices, drawn on the server.

Country shapes come from data/world.json (Natural Earth, built once by
scripts/build_world_map.py). Counts come from the list's own statement
(facets.listing_counts), so the map always says what the list says."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practices.listing.filters import with_params
from practices.localized import sort_key

ASSET = Path(__file__).resolve().parent / "data" / "world.json"

# Viridis, light to dark: a colour-blind-safe sequential scale whose
# lightness falls steadily, so the classes stay apart in greyscale too.
# Countries with no practice are left white.
VIRIDIS = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
# Text on each colour that keeps a contrast of at least 4.5:1.
INK_ON = {"#fde725": "#000", "#5ec962": "#000", "#21918c": "#fff",
          "#3b528b": "#fff", "#440154": "#fff"}  # fmt: skip


@cache
def world():
    """The map asset, read once per process. Its path data (most of the map
    page's bytes) is escaped here once, not on every page that draws it."""
    asset = json.loads(ASSET.read_text(encoding="utf-8"))
    asset["sphere"] = escape(asset["sphere"])
    asset["unnamed"] = [escape(d) for d in asset["unnamed"]]
    for shape in asset["countries"].values():
        shape["d"] = escape(shape["d"])
    return asset


@dataclass(frozen=True)
class MapClass:
    low: int
    high: int | None  # None: and more
    colour: str

    @property
    def ink(self):
        return INK_ON[self.colour]

    @property
    def label(self):
        if self.high is None:
            return _("%(low)s or more") % {"low": self.low}
        if self.low == self.high:
            return str(self.low)
        return _("%(low)s to %(high)s") % {"low": self.low, "high": self.high}


def map_classes(largest):
    """At most five classes covering 1..largest: one per value while there are
    few, else bounds growing geometrically (counts are skewed: a few countries
    have many practices)."""
    if largest < 1:
        return []
    if largest <= len(VIRIDIS):
        lows = list(range(1, largest + 1))
    else:
        steps = len(VIRIDIS)
        lows = sorted({max(1, round(largest ** (k / steps))) for k in range(steps)})
    classes = []
    for index, low in enumerate(lows):
        high = lows[index + 1] - 1 if index + 1 < len(lows) else largest
        # Spread the colours over the whole scale when there are fewer classes.
        colour = VIRIDIS[round(index * (len(VIRIDIS) - 1) / max(len(lows) - 1, 1))]
        classes.append(MapClass(low, high, colour))
    return classes


def class_for(count, classes):
    for map_class in classes:
        if map_class.low <= count <= map_class.high:
            return map_class
    return None


@dataclass(frozen=True)
class CountryShape:
    code: str
    name: str
    count: int
    d: str
    marker: tuple | None
    map_class: MapClass | None
    url: str

    @property
    def accessible_name(self):
        return ngettext(
            "%(country)s: %(count)s practice",
            "%(country)s: %(count)s practices",
            self.count,
        ) % {"country": self.name, "count": self.count}


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    sphere: str
    blank: list  # path data of countries with no practice here
    linked: list  # CountryShape with practices here, by name
    classes: list
    missing: list  # countries with practices that the map does not draw

    @property
    def blank_path(self):
        """The countries with no practice here as one path's data."""
        # Each piece was escaped when the asset was read (world()).
        return mark_safe("".join(self.blank))

    def country_links(self):
        """Each country with practices as a link around its shape (and a
        marker for a small one), in the order of `linked`. Built here rather
        than in a template loop: hundreds of shapes, each read eight times,
        took a third of the map page's time."""
        return format_html_join("\n", "{}", ((_country_link(c),) for c in self.linked))


def _country_link(country):
    name, fill = country.accessible_name, country.map_class.colour
    marker = ""
    if country.marker:
        x, y = country.marker
        marker = format_html('<circle cx="{}" cy="{}" r="5" fill="{}"/>', x, y, fill)
    return format_html(
        '<a href="{}" aria-label="{}" class="world-map__country"><title>{}</title>'
        '<path d="{}" fill="{}"/>{}</a>',
        country.url,
        name,
        name,
        country.d,
        fill,
        marker,
    )


def world_map(country_facet, params, list_url):
    """The map of a country facet (every value: listing_counts with
    expand=("country",)); each country links to the list of `params` narrowed
    to it."""
    asset = world()
    counts = {o.value: (o.label, o.count) for o in country_facet.options if o.count}
    classes = map_classes(max((count for _label, count in counts.values()), default=0))
    blank, linked, missing = [], [], []
    for code, shape in asset["countries"].items():
        if code not in counts:
            blank.append(shape["d"])
    # In the order a reader of the page's language expects (the order the
    # keyboard reaches them): "Égypte" among the E's.
    by_name = sorted(counts.items(), key=lambda item: sort_key(item[1][0]))
    for code, (name, count) in by_name:
        shape = asset["countries"].get(code)
        url = with_params(list_url, {**params, "country": [code], "page": ""})
        country = CountryShape(
            code,
            name,
            count,
            shape["d"] if shape else "",
            tuple(shape["marker"]) if shape and "marker" in shape else None,
            class_for(count, classes),
            url,
        )
        (linked if shape else missing).append(country)
    return WorldMap(
        asset["width"],
        asset["height"],
        asset["sphere"],
        blank + asset["unnamed"],
        linked,
        classes,
        missing,
    )


def region_map(countries):
    """The map of a UNESCO region's page: its countries with practices (each
    with `practice_count`), shaded like the world map and each a link to its
    country page, drawn over the static world (static/img/world.svg) so the
    page stays light."""
    asset = world()
    counted = sorted(
        (country for country in countries if country.practice_count),
        key=lambda country: sort_key(country.display_name),
    )
    classes = map_classes(max((c.practice_count for c in counted), default=0))
    linked, missing = [], []
    for country in counted:
        shape = asset["countries"].get(country.code)
        drawn = CountryShape(
            country.code,
            country.display_name,
            country.practice_count,
            shape["d"] if shape else "",
            tuple(shape["marker"]) if shape and "marker" in shape else None,
            class_for(country.practice_count, classes),
            country.get_absolute_url(),
        )
        (linked if shape else missing).append(drawn)
    return WorldMap(asset["width"], asset["height"], "", [], linked, classes, missing)


def locator_map(code):
    """A small map with one country marked, for that country's page."""
    asset = world()
    shape = asset["countries"].get(code)
    if shape is None:
        return None
    # The other countries are a static image (static/img/world.svg) the
    # browser keeps; only the country itself is drawn in the page.
    return {
        "width": asset["width"],
        "height": asset["height"],
        "d": shape["d"],
        "marker": shape.get("marker"),
    }


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    url: str
    percent: float  # of the longest bar


def chart(facet, params, list_url):
    """A facet's values with practices as bars, each a link to the list
    narrowed to that value (the other filters kept)."""
    options = [option for option in facet.options if option.count]
    longest = max((option.count for option in options), default=0)
    return [
        Bar(
            option.label,
            option.count,
            with_params(list_url, {**params, facet.name: [option.value], "page": ""}),
            round(100 * option.count / longest, 1) if longest else 0,
        )
        for option in options
    ]
