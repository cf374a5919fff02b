"""URL patterns of the activity list (part of the "evaluations" namespace)."""

from django.urls import path

from evaluations import activity_views as views

urlpatterns: list = [
    path("internships/<uuid:pk>/activities/", views.activities, name="activities"),
    path("internships/<uuid:pk>/activities/add/", views.activity_add, name="activity_add"),
    path("internships/<uuid:pk>/activities/confirm-all/", views.activity_confirm_all, name="activity_confirm_all"),
    path("internships/<uuid:pk>/activities/<int:entry_pk>/confirm/", views.activity_confirm, name="activity_confirm"),
]
