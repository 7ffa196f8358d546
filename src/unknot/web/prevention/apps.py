from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "unknot.web.prevention"
    label = "prevention"
    verbose_name = "Prevention"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Today shows the day's early-warning check-in and any nudge (see panels.py).
        from unknot.web.journal import today_panels
        from unknot.web.prevention.panels import early_warning_panel

        today_panels.register("prevention.early_warning", early_warning_panel)
