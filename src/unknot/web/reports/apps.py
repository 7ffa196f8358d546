from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "unknot.web.reports"
    label = "reports"
    verbose_name = "Reports and your data"
    default_auto_field = "django.db.models.BigAutoField"
