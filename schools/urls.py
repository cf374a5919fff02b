from django.urls import path

from schools import views

app_name = "schools"
urlpatterns = [
    path("students/<uuid:pk>/", views.student_detail, name="student"),
]
