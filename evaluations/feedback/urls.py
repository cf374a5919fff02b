"""Feedback sheets, each under its internship (internships/<uuid:internship_pk>/feedback/), and
the coach's review queue, which spans the coach's sites (feedback/review/)."""

from django.urls import include, path

from evaluations.feedback import views

app_name = "feedback"

sheet_patterns = [
    path("new/", views.sheet_new, name="sheet_new"),
    path("<uuid:pk>/", views.sheet_detail, name="sheet_detail"),
    path("<uuid:pk>/save/", views.sheet_save, name="sheet_save"),
    path("<uuid:pk>/submit/", views.sheet_submit, name="sheet_submit"),
    path("<uuid:pk>/review/", views.sheet_review, name="sheet_review"),
    path("<uuid:pk>/reflection/", views.sheet_reflect, name="sheet_reflect"),
    path("<uuid:pk>/addendum/", views.sheet_addendum, name="sheet_addendum"),
]

urlpatterns = [
    path("internships/<uuid:internship_pk>/feedback/", include(sheet_patterns)),
    path("feedback/review/", views.review_queue, name="review_queue"),
]
