"""The pages' routes. Reads are GETs; every change is a POST with a CSRF token."""

from django.urls import path

from unknot.web.journal import (
    views_check,
    views_dose,
    views_knots,
    views_muscles,
    views_plans,
    views_profile,
    views_session,
    views_today,
)

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
    path("knots/<int:pk>/plan/choose/", views_plans.knot_plan_choose, name="knot_plan_choose"),
    path("knots/<int:pk>/session/play/", views_session.session_play, name="session_play"),
    path("knots/<int:pk>/session/finish/", views_session.session_finish, name="session_finish"),
    path("knots/<int:pk>/session/stop/", views_session.session_stop, name="session_stop"),
    path("knots/<int:pk>/session/recheck/", views_session.session_recheck, name="session_recheck"),
    path("muscles/", views_muscles.muscles, name="muscles"),
    path("muscles/<slug:muscle_id>/", views_muscles.muscle, name="muscle"),
    path("profile/", views_profile.profile, name="profile"),
    path("causes/", views_profile.causes, name="causes"),
    path("dose/", views_dose.dose, name="dose"),
    path("dose/<int:pk>/morning/", views_dose.dose_morning, name="dose_morning"),
]
