"""The pages' routes. Reads are GETs; every change is a POST with a CSRF token."""

from django.urls import path

from unknot.web.journal import views_check, views_knots, views_muscles, views_today

app_name = "journal"

urlpatterns = [
    path("", views_today.today, name="today"),
    path("sample/", views_today.sample_load, name="sample_load"),
    path("sample/remove/", views_today.sample_remove, name="sample_remove"),
    path("check/", views_check.check, name="check"),
    path("check/result/", views_check.check_result, name="check_result"),
    path("knots/", views_knots.knot_list, name="knots"),
    path("knots/new/", views_knots.knot_new, name="knot_new"),
    path("knots/<int:pk>/", views_knots.knot_detail, name="knot"),
    path("knots/<int:pk>/edit/", views_knots.knot_edit, name="knot_edit"),
    path("knots/<int:pk>/checkin/", views_knots.knot_checkin, name="knot_checkin"),
    path("knots/<int:pk>/session/", views_knots.knot_session, name="knot_session"),
    path("knots/<int:pk>/archive/", views_knots.knot_archive, name="knot_archive"),
    path("muscles/", views_muscles.muscles, name="muscles"),
    path("muscles/<slug:muscle_id>/", views_muscles.muscle, name="muscle"),
]
