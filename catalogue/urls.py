from django.urls import path

from catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
]
