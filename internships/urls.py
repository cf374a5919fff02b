from django.urls import path

from internships import views

app_name = "internships"
urlpatterns = [
    path("<uuid:pk>/", views.detail, name="detail"),
]
