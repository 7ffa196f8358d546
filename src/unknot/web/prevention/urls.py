"""The prevention pages' routes, under /prevention/. Reads are GETs; every change is a
POST with a CSRF token."""

from django.urls import path

from unknot.web.prevention import (
    views,
    views_insights,
    views_log,
    views_warnings,
    views_workstation,
)

app_name = "prevention"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("warnings/", views_warnings.warnings, name="warnings"),
    path("warnings/checkin/", views_warnings.checkin, name="checkin"),
    path("warnings/spot/", views_warnings.spot, name="spot"),
    path("warnings/areas/", views_warnings.area_add, name="area_add"),
    path("warnings/areas/<int:pk>/remove/", views_warnings.area_remove, name="area_remove"),
    path("warnings/quiet/", views_warnings.quiet, name="quiet"),
    path("warnings/cadence/", views_warnings.cadence, name="cadence"),
    path("workstation/", views_workstation.checklist, name="workstation"),
    path("workstation/<int:pk>/", views_workstation.result, name="workstation_result"),
    path("log/", views_log.log, name="log"),
    path("log/water-unit/", views_log.water_unit, name="water_unit"),
    path("relax/", views.relax, name="relax"),
    path("insights/", views_insights.insights, name="insights"),
]
