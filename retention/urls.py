from django.urls import path

from retention import views

app_name = "retention"
urlpatterns = [
    path("", views.policy, name="policy"),
    path("preview/", views.preview, name="preview"),
    path("school/", views.school, name="school"),
    path("students/<uuid:pk>/hold/", views.student_hold, name="student_hold"),
    path("internships/<uuid:pk>/hold/", views.internship_hold, name="internship_hold"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
]
