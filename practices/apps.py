from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Knowledge base"

    def ready(self):
        from practices import signals, versioning  # noqa: F401

        versioning.register()
