"""The activity list of an internship (mounted under internships/<uuid:internship_pk>/activities/)."""

from django.urls import path

from evaluations.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("add/", views.activity_add, name="activity_add"),
    path("confirm-all/", views.activity_confirm_all, name="activity_confirm_all"),
    path("<int:pk>/confirm/", views.activity_confirm, name="activity_confirm"),
]
