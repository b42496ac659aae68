"""The knowledge base for machines and for citing: the JSON API, CSV, the Atom
feed, sitemaps, citations and the structured data in pages."""
