"""What django-reversion records together: a practice's version carries its
institution links and, for a community submission, who submitted it, so that
restoring or recovering it brings them back too."""

import reversion

from practices.models import Institution, Involvement, Practice, Submission


def register():
    if reversion.is_registered(Practice):
        return
    reversion.register(Practice, follow=["involvements", "submission"])
    reversion.register(Involvement)
    reversion.register(Submission)
    reversion.register(Institution)
