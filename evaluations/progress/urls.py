"""The progress grid of an internship (mounted under internships/<uuid:internship_pk>/progress/)."""

from django.urls import path

from evaluations.progress import views

app_name = "progress"
urlpatterns = [
    path("", views.progress_detail, name="progress_detail"),
]
