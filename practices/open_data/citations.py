"""How to cite a practice: plain text, BibTeX and RIS, naming the source and
the section of it the practice comes from."""

import re

from django.utils import timezone

SITE = "tvetkb: innovation practices in TVET"


def _source_note(practice):
    source = practice.source
    if not source:
        return ""
    parts = [source.title]
    if source.publisher:
        parts.append(source.publisher)
    if source.year:
        parts.append(str(source.year))
    note = ", ".join(parts)
    if practice.source_section:
        note += f", section “{practice.source_section}”"
    return note


def plain_text(practice, url, accessed=None):
    accessed = accessed or timezone.localdate()
    year = practice.published_at.year if practice.published_at else accessed.year
    text = f"“{practice.title}” ({year}). {SITE}. {url} (accessed {accessed:%d %B %Y})."
    if note := _source_note(practice):
        text += f" Drawn from: {note}."
    return text


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_~^])")


def _bibtex_escape(text):
    def replace(match):
        char = match.group(1)
        # Every brace counts in BibTeX, escaped or not: write braces as commands.
        return {
            "\\": r"\textbackslash{}",
            "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}",
            "{": r"\textbraceleft{}",
            "}": r"\textbraceright{}",
        }.get(char, "\\" + char)

    return _BIBTEX_SPECIAL.sub(replace, " ".join(str(text).split()))


def bibtex(practice, url, accessed=None):
    accessed = accessed or timezone.localdate()
    year = practice.published_at.year if practice.published_at else accessed.year
    key = re.sub(r"[^a-z0-9]+", "", practice.slug.lower())[:40] or "practice"
    fields = [
        ("title", practice.title),
        ("year", str(year)),
        ("howpublished", f"\\url{{{url}}}"),
        ("organization", SITE),
        (
            "note",
            f"Accessed {accessed.isoformat()}. Drawn from: {_source_note(practice)}"
            if practice.source
            else f"Accessed {accessed.isoformat()}",
        ),
        ("url", url),
    ]
    lines = [f"@misc{{tvetkb:{key},"]
    for name, value in fields:
        escaped = value if name in {"howpublished", "url"} else _bibtex_escape(value)
        lines.append(f"  {name} = {{{escaped}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _ris_value(text):
    return " ".join(str(text).split())


def ris(practice, url, accessed=None):
    accessed = accessed or timezone.localdate()
    year = practice.published_at.year if practice.published_at else accessed.year
    lines = [
        ("TY", "ELEC"),
        ("TI", practice.title),
        ("PY", str(year)),
        ("UR", url),
        ("Y2", accessed.isoformat()),
        ("PB", SITE),
        ("AB", practice.summary),
    ]
    lines += [("KW", theme.name) for theme in practice.themes.all()]
    if practice.source:
        lines.append(("T2", practice.source.title))
        if practice.source_section:
            lines.append(("SE", practice.source_section))
        if practice.source.publisher:
            lines.append(("N1", f"Drawn from: {_source_note(practice)}"))
    lines.append(("ER", ""))
    return (
        "\r\n".join(f"{tag}  - {_ris_value(value)}".rstrip() for tag, value in lines)
        + "\r\n"
    )


def source_citation(source):
    """The source document's own citation, from only what it states:
    publisher, year, title, address (each left out when unknown)."""
    if source is None:
        return ""
    text = source.publisher or ""
    if source.year:
        text = f"{text} ({source.year})" if text else f"({source.year})"
    text = f"{text}. {source.title}." if text else f"{source.title}."
    if source.url:
        text += f" {source.url}"
    return text
