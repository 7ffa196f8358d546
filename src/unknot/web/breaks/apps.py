from django.apps import AppConfig


class BreaksConfig(AppConfig):
    name = "unknot.web.breaks"
    label = "breaks"
    verbose_name = "Movement breaks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from unknot.web.breaks.panels import next_break_panel
        from unknot.web.journal import today_panels

        today_panels.register("breaks", next_break_panel)
