from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "unknot.web.journal"
    label = "journal"
    verbose_name = "Knot journal"
    default_auto_field = "django.db.models.BigAutoField"
