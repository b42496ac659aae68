"""The sitemap as a search engine reads it: the index at /sitemap.xml, then
every sitemap it names."""

from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_addresses(client):
    """The path (and query) of every sitemap the index names."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    addresses = []
    for loc in root.findall(f"{SITEMAP}sitemap/{SITEMAP}loc"):
        parts = urlsplit(loc.text)
        addresses.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return addresses


def sitemap_entries(client):
    """Every <url> element of every sitemap the index names."""
    entries = []
    for address in sitemap_addresses(client):
        response = client.get(address)
        assert response.status_code == 200, address
        root = ET.fromstring(response.content)
        assert root.tag == f"{SITEMAP}urlset"
        entries += root.findall(f"{SITEMAP}url")
    return entries
