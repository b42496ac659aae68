from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Knowledge base"

    def ready(self):
        from practices import signals
        from practices.curation import revisions

        signals.connect()
        revisions.register()
