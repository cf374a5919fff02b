from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.course_create, name="course_new"),
    path("calendar.ics", views.calendar_ics, name="calendar"),
    path("<int:pk>/", views.course_detail, name="course"),
    path("<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("<int:pk>/publish/", views.course_publish, name="course_publish"),
    path("<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/cases/new/", views.case_create, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/reveal/", views.case_reveal, name="case_reveal"),
    path("registrations/<uuid:pk>/cancel/", views.registration_cancel, name="cancel"),
    path("registrations/<uuid:pk>/accept/", views.registration_accept, name="accept"),
    path("registrations/<uuid:pk>/decline/", views.registration_decline, name="decline"),
    path("registrations/<uuid:pk>/certificate.pdf", views.certificate, name="certificate"),
]
