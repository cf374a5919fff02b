from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("students/<uuid:pk>/", views.student, name="student"),
    path("mine/", views.mine, name="mine"),
]
