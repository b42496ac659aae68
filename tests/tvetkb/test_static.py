"""Static files as production serves them: whitenoise's compressed storage with
hashed names, collected from our own folders only."""

from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from tvetkb import settings as production


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={**production.STORAGES},
    ):
        call_command("collectstatic", interactive=False, verbosity=0)

    css = list(Path(tmp_path, "css").glob("site.*.css"))
    assert len(css) == 1, "site.css gets a content hash in its name"
    assert Path(f"{css[0]}.gz").exists()
    assert (tmp_path / "staticfiles.json").exists()
