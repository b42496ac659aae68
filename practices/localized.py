"""Names in the page's language, and the order a reader of that language
expects them in."""

import unicodedata


def sort_key(text):
    """Accents and case do not move a name: "Égypte" sorts among the E's, not
    after "Zimbabwe"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
