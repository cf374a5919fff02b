from django.urls import path

from network import views

app_name = "network"
urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("add/<str:kind>/", views.organisation_add, name="organisation_add"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:pk>/invite/", views.organisation_invite, name="organisation_invite"),
    path("<int:pk>/status/", views.organisation_status, name="organisation_status"),
]
