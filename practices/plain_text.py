"""Control characters: refused where text comes in, dropped where it goes out.

Tabs and line breaks are text; the other C0 control characters (a vertical tab
is what a word processor's line break pastes as) are not, and XML 1.0 cannot
carry them at all: one of them in a summary would break the feed."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_plain_text(value):
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "This text contains invisible control characters (a line or page "
                "break pasted from a word processor, for example). Retype the "
                "line breaks or paste it as plain text."
            ),
            code="control_characters",
        )


def without_control_characters(value):
    """`value` with its control characters dropped (line and page breaks
    become a space); anything that is not text is returned as it is."""
    if not isinstance(value, str):
        return value
    return CONTROL_CHARACTERS.sub(
        lambda match: " " if match.group() in "\x0b\x0c" else "", value
    )


def single_line(value):
    """Text fit for one line, such as an email subject."""
    return " ".join(without_control_characters(str(value)).split())
