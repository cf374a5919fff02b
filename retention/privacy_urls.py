from django.urls import path

from retention import views

app_name = "privacy_notice"
urlpatterns = [
    path("", views.privacy_index, name="index"),
    path("<slug:slug>/", views.privacy_page, name="page"),
]
