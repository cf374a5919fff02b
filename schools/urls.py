from django.urls import path

from schools import views

app_name = "schools"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/import/", views.import_students, name="import"),
    path("groups/new/", views.group_add, name="group_add"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/overview/", views.group_overview, name="group_overview"),
    path("groups/<int:pk>/students/new/", views.student_add, name="student_add"),
    path("students/<uuid:pk>/", views.student_detail, name="student"),
    path("students/<uuid:pk>/edit/", views.student_edit, name="student_edit"),
    path("students/<uuid:pk>/archive/", views.student_archive, name="student_archive"),
]
