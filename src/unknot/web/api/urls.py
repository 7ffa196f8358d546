"""Everything under /api/: version 1, and a JSON 404 for any other address."""

from django.urls import path, re_path

from unknot.web.api import api
from unknot.web.api.errors import not_found

urlpatterns = [
    path("v1/", api.urls),
    re_path(r"", not_found),
]
