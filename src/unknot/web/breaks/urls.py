"""Break pages. Reads are GETs; every change is a POST with a CSRF token."""

from django.urls import path

from unknot.web.breaks import views

app_name = "breaks"

urlpatterns = [
    path("", views.breaks, name="breaks"),
    path("now/", views.take, name="take"),
    path("overlay/", views.overlay, name="overlay"),
    path("outcome/", views.outcome, name="outcome"),
    path("movements/", views.movements, name="movements"),
    path("movements/<slug:movement_id>/feedback/", views.feedback, name="feedback"),
]
