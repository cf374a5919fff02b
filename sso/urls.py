from django.urls import path

from sso import views

app_name = "sso"
urlpatterns = [
    path("", views.provider_list, name="list"),
    path("new/", views.provider_new, name="new"),
    path("<int:pk>/", views.provider_edit, name="edit"),
    path("<int:pk>/delete/", views.provider_delete, name="delete"),
]
