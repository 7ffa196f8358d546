"""The "Your data" routes. Downloads are GETs; every change is a POST with a CSRF token."""

from django.urls import path

from unknot.web.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("notes/", views.save_notes, name="notes"),
    path("report.pdf", views.report_pdf, name="report"),
    path("export.json", views.export_json, name="export"),
    path("export.fhir.json", views.export_fhir, name="export_fhir"),
    path("import/", views.import_file, name="import"),
    path("delete/", views.delete_everything, name="delete"),
]
