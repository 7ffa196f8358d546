"""The experiment pages. Reads are GETs; every change is a POST with a CSRF token."""

from django.urls import path

from unknot.web.experiments import views, views_setup

app_name = "experiments"

urlpatterns = [
    path("", views.experiment_list, name="list"),
    path("new/", views_setup.experiment_new, name="new"),
    path("<int:pk>/", views.experiment_detail, name="detail"),
    path("<int:pk>/results/", views.experiment_results, name="results"),
    path("<int:pk>/record/", views.experiment_record, name="record"),
    path("<int:pk>/missed/", views.experiment_missed, name="missed"),
    path("<int:pk>/stop/", views.experiment_stop, name="stop"),
]
