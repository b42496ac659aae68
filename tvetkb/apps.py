from django.apps import AppConfig


class TvetkbConfig(AppConfig):
    name = "tvetkb"
    verbose_name = "tvetkb"

    def ready(self):
        from tvetkb import (
            checks,  # noqa: F401  (registers them)
            prepared_statements,  # noqa: F401  (its receiver)
        )
