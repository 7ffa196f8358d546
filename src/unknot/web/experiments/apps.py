from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "unknot.web.experiments"
    label = "experiments"
    verbose_name = "Personal experiments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from unknot.web.experiments.panels import today_panel
        from unknot.web.journal import today_panels

        today_panels.register("experiments", today_panel)
