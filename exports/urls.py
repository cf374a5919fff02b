from django.urls import path

from exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:pk>/", views.job_detail, name="job"),
    path("<uuid:pk>/progress/", views.job_progress, name="progress"),
    path("<uuid:pk>/download/", views.download, name="download"),
    path("<uuid:pk>/retry/", views.retry, name="retry"),
]
