"""CSV of the practice list, with the list's own filters, streamed row by row.

The whole base (no filter) is the download that costs the most and the one
asked for the most: it is kept as a file in EXPORT_CACHE_DIR, named after the
content generation of the page cache (tvetkb/page_cache.py). Any change to the
content starts a new generation, so the next whole-base download is read from
the database again, and saved as it is sent; until then every one is the file.
Filtered downloads are always read from the database."""

import csv
import hashlib
import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation

from practices.content_languages import localized_text, translated_fields
from practices.listing.filters import PracticeFilterSet
from practices.models import Practice
from practices.open_data import languages as in_languages
from practices.plain_text import without_control_characters
from tvetkb import page_cache

logger = logging.getLogger(__name__)

# Every public field of a practice, one column each. Consumers read columns by
# name: add columns, never rename or remove them.
COLUMNS = [
    "slug",
    "title",
    "summary",
    "description",
    "context",
    "transferability",
    "target_groups",
    "scope",
    "url",
    "website",
    "countries",
    "regions",
    "themes",
    "challenges",
    "institutions",
    "evidence_level",
    "last_verified",
    "source",
    "source_section",
    "inferred_fields",
    "editorial_note",
    "published_at",
    "updated_at",
]
# With `?lang=`, a column per text column, after the others, saying which
# language its text is in: the one asked for, or "en" where not translated yet
# ("fr; en" for a list of names, name by name). Country and region names and
# labels are always in the language asked for.
# A practice's own texts are its translated fields (practices/translation.py),
# in the order of the columns.
PRACTICE_TEXTS = [name for name in COLUMNS if name in translated_fields(Practice)]
TEXT_COLUMNS = [*PRACTICE_TEXTS, "themes", "challenges", "institutions"]
LANGUAGE_COLUMNS = [f"{name}_language" for name in TEXT_COLUMNS]
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else without_control_characters(str(value))
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def unneutralise(value):
    """The text `neutralise` was given: what an exported file re-imported
    must store."""
    if isinstance(value, str) and value[1:].startswith(FORMULA_PREFIXES):
        return value.removeprefix("'")
    return value


def practice_row(practice, page_url, language=None):
    if language is not None:
        return practice_row_in(practice, page_url, language)
    countries = list(practice.countries.all())
    inferred = set(practice.inferred_fields or [])
    return [
        practice.slug,
        practice.title,
        practice.summary,
        practice.description,
        practice.context,
        practice.transferability,
        practice.target_groups,
        practice.get_scope_display() if practice.scope else "",
        page_url(practice),
        practice.website,
        "; ".join(c.name for c in countries),
        "; ".join(sorted({c.get_region_display() for c in countries if c.region})),
        "; ".join(t.name for t in practice.themes.all()),
        "; ".join(c.name for c in practice.challenges.all()),
        "; ".join(
            f"{i.institution.name} ({i.get_role_display()})"
            for i in practice.involvements.all()
        ),
        practice.get_evidence_level_display(),
        practice.last_verified.isoformat() if practice.last_verified else "",
        practice.source.title if practice.source else "",
        practice.source_section,
        "; ".join(
            name for name, _label in practice.INFERABLE_FIELDS if name in inferred
        ),
        practice.editorial_note,
        practice.published_at.isoformat() if practice.published_at else "",
        practice.updated_at.isoformat() if practice.updated_at else "",
    ]


def practice_row_in(practice, page_url, language):
    """The row of `practice` with its texts in `language` (English where not
    translated), followed by the language of each text column."""
    row = practice_row(practice, page_url)  # labels are in the active language
    texts = [localized_text(practice, field, language) for field in PRACTICE_TEXTS]
    for field, text in zip(PRACTICE_TEXTS, texts, strict=True):
        row[COLUMNS.index(field)] = text
    row[COLUMNS.index("countries")] = "; ".join(
        country.display_name for country in practice.countries.all()
    )
    languages = [text.lang for text in texts]

    def name(record):
        return localized_text(record, "name", language)

    lists = {
        "themes": [(name(t), "") for t in practice.themes.all()],
        "challenges": [(name(c), "") for c in practice.challenges.all()],
        "institutions": [
            (name(i.institution), f" ({i.get_role_display()})")
            for i in practice.involvements.all()
        ],
    }
    for column, names in lists.items():
        row[COLUMNS.index(column)] = "; ".join(f"{n}{after}" for n, after in names)
        languages.append("; ".join(n.lang for n, _after in names))
    return [*row, *languages]


class _Echo:
    def write(self, value):
        return value


def csv_chunks(practices, page_url, language=None):
    """The CSV as text chunks: a byte order mark, the header, a line per
    practice; its texts in `language` (None: English, without the language
    columns)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # lets spreadsheet programs detect UTF-8
    yield writer.writerow(COLUMNS if language is None else COLUMNS + LANGUAGE_COLUMNS)
    for practice in practices:
        # Row by row: the chunks are read after the view has returned, and
        # the practices are read and ordered as without `lang`.
        with in_languages.texts_in(language):
            row = practice_row(practice, page_url, language)
        yield writer.writerow([neutralise(v) for v in row])


def asks_for_whole_base(query):
    """No filter, search or sort given a value: parameters the list does not
    read (`?utm_source=...`) leave the download whole."""
    return not any(
        value.strip()
        for name in PracticeFilterSet.base_filters
        for value in query.getlist(name)
    )


def understands_nothing(filterset):
    """Every value given was dropped as not understood (`?theme=no-such`):
    the download is the whole base, in its usual order."""
    return not any(filterset.as_params().values())


def whole_base_file(request, generation, language=None):
    """Where the whole base is kept for this content generation. The file holds
    absolute page addresses, so each scheme and host has its own, and each
    language asked for with `lang` (its texts, and its pages' addresses)."""
    served_as = f"{request.build_absolute_uri('/')}\n{translation.get_language()}"
    if language is not None:
        served_as += f"\nlang={language}"
    digest = hashlib.sha256(served_as.encode()).hexdigest()[:16]
    return Path(settings.EXPORT_CACHE_DIR) / f"practices-{generation}-{digest}.csv"


def saved_while_sent(chunks, path, generation):
    """Yield `chunks` as they come, writing them to a temporary file that
    becomes `path` only once the last one is sent: a download cut short or
    failing leaves no file, and one being written is never read. The files
    of other generations are then removed. The download never fails for the
    file's sake (a full disk, a folder that cannot be written): it is only
    not kept."""
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    file = _open_for_writing(part)
    try:
        for chunk in chunks:
            if file is not None:
                try:
                    file.write(chunk.encode())
                except OSError as error:
                    _not_kept(path, error)
                    file = _discard(file, part)
            yield chunk
        if file is not None:
            file.close()
            os.replace(part, path)
            file = None
            _remove_other_generations(path.parent, generation)
    finally:
        if file is not None:
            _discard(file, part)


def _open_for_writing(part):
    try:
        part.parent.mkdir(parents=True, exist_ok=True)
        return part.open("wb")
    except OSError as error:
        _not_kept(part, error)
        return None


def _discard(file, part):
    file.close()
    part.unlink(missing_ok=True)


def _not_kept(path, error):
    logger.warning("The CSV of the whole base cannot be kept in %s: %s", path, error)


def _remove_other_generations(folder, generation):
    for stale in folder.glob("practices-*.csv"):
        if not stale.name.startswith(f"practices-{generation}-"):
            stale.unlink(missing_ok=True)


def practices_csv(request):
    """/practices.csv: the practices the list shows for the same filters, in
    the language `?lang=` asks for."""
    try:
        language = in_languages.requested_language(request.GET)
    except in_languages.UnknownLanguage as error:
        return in_languages.unknown_language_response(error)
    filterset = PracticeFilterSet(request.GET, queryset=Practice.objects.published())
    filterset.search_language = language  # a search reads its index too
    generation = None
    # Checked without a query first; values that are not understood cost the
    # queries that find so, and still get the kept file.
    if page_cache.enabled() and (
        asks_for_whole_base(request.GET) or understands_nothing(filterset)
    ):
        # None while the cache cannot be reached: read from the database.
        generation = page_cache.current_generation()
    if generation is not None:
        kept = whole_base_file(request, generation, language)
        try:
            response = FileResponse(
                kept.open("rb"), content_type="text/csv; charset=utf-8"
            )
        except OSError:  # not kept yet (or the folder cannot be read)
            pass
        else:
            return _as_attachment(response)

    practices = (
        filterset.qs.with_links()
        .prefetch_related("challenges")
        .iterator(chunk_size=500)
    )

    def page_url(practice):
        # The page in the language asked for (texts_in is active).
        return request.build_absolute_uri(practice.get_absolute_url())

    chunks = csv_chunks(practices, page_url, language)
    if generation is not None:
        chunks = saved_while_sent(chunks, kept, generation)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    return _as_attachment(response)


def _as_attachment(response):
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="tvetkb-practices-{stamp}.csv"'
    )
    return response
