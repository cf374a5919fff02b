from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("mine/", views.my_data, name="mine"),
    path("students/<uuid:pk>/", views.student_data, name="student"),
    path("students/<uuid:pk>/erase/", views.erase_student, name="erase"),
    path("exports/<uuid:pk>/", views.export_job, name="export_job"),
    path("exports/<uuid:pk>/progress/", views.export_progress, name="export_progress"),
    path("exports/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("exports/<uuid:pk>/retry/", views.export_retry, name="export_retry"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/anonymise/", views.anonymise, name="anonymise"),
]
