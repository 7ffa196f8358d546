from django.urls import include, path

urlpatterns = [
    path("api/", include("unknot.web.api.urls")),
    path("prevention/", include("unknot.web.prevention.urls")),
    path("breaks/", include("unknot.web.breaks.urls")),
    path("experiments/", include("unknot.web.experiments.urls")),
    path("settings/", include("unknot.web.reports.urls")),
    path("", include("unknot.web.journal.urls")),
]
