"""Midterm and final evaluations of an internship (mounted under internships/<uuid:internship_pk>/evaluations/)."""

from django.urls import path

from evaluations.evaluation import views

app_name = "evaluations"
urlpatterns = [
    path("<str:kind>/start/", views.evaluation_start, name="evaluation_start"),
    path("<uuid:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("<uuid:pk>/save/", views.evaluation_save, name="evaluation_save"),
    path("<uuid:pk>/sign/", views.evaluation_sign, name="evaluation_sign"),
    path("<uuid:pk>/correct/", views.evaluation_correct, name="evaluation_correct"),
    path("<uuid:pk>/history/", views.evaluation_history, name="evaluation_history"),
]
