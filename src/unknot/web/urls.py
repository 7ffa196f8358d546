from django.urls import include, path

urlpatterns = [
    path("api/", include("unknot.web.api.urls")),
    path("", include("unknot.web.journal.urls")),
]
