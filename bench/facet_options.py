"""Time the facet checkboxes rendered as practices/templatetags/facet_options.py
does (html.escape), against Django's format_html_join, for one facet of 100
options: `PYTHONPATH=. .venv/bin/python bench/facet_options.py`."""

import os
import sys
import timeit
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tvetkb.settings_test")
django.setup()

from django.utils.html import format_html_join  # noqa: E402

from practices.listing.facets import Facet, FacetOption  # noqa: E402
from practices.templatetags.facet_options import facet_options  # noqa: E402


def with_format_html_join(facet):
    return format_html_join(
        "\n",
        '<li><input type="checkbox" id="f-{0}-{1}" name="{0}" value="{2}"{3}> '
        '<label for="f-{0}-{1}">{4} <span class="count">({5})</span></label></li>',
        (
            (
                facet.name,
                number,
                option.value,
                " checked" if option.selected else "",
                option.label,
                int(option.count),
            )
            for number, option in enumerate(facet.options, 1)
        ),
    )


def main(repeat=2000):
    facet = Facet(
        "country",
        "Country",
        [FacetOption(f"C{i}", f"Country <{i}>", i, i % 7 == 0) for i in range(100)],
    )
    assert str(facet_options(facet)) == str(with_format_html_join(facet))
    for name, render in [
        ("html.escape (in use)", facet_options),
        ("format_html_join", with_format_html_join),
    ]:
        seconds = min(timeit.repeat(lambda r=render: r(facet), number=repeat, repeat=3))
        print(f"{name:22} {seconds / repeat * 1e6:8.0f} µs per 100 options")


if __name__ == "__main__":
    main()
