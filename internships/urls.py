from django.urls import path

from internships import views

app_name = "internships"
urlpatterns = [
    path("", views.internship_list, name="list"),
    path("new/", views.internship_create, name="new"),
    path("new/group/", views.internship_create_group, name="new_group"),
    path("document-types/", views.document_types, name="document_types"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/change/", views.change, name="change"),
    path("<uuid:pk>/status/", views.transition, name="transition"),
    path("<uuid:pk>/intake/", views.intake, name="intake"),
    path("<uuid:pk>/documents/add/", views.documents_add, name="documents_add"),
    path("<uuid:pk>/documents/<int:doc_pk>/status/", views.document_status, name="document_status"),
    path("<uuid:pk>/documents/<int:doc_pk>/upload/", views.document_upload, name="document_upload"),
    path("<uuid:pk>/documents/<int:doc_pk>/file/", views.document_file, name="document_file"),
    path(
        "<uuid:pk>/documents/<int:doc_pk>/versions/<int:version_pk>/file/", views.document_version_file,
        name="document_version_file",
    ),
    path("<uuid:pk>/visits/add/", views.visit_add, name="visit_add"),
    path("<uuid:pk>/visits/<int:visit_pk>/", views.visit_edit, name="visit"),
    path("<uuid:pk>/hours/add/", views.hours_add, name="hours_add"),
    path("<uuid:pk>/hours/<int:entry_pk>/decide/", views.hours_decide, name="hours_decide"),
    path("<uuid:pk>/hours/confirm-all/", views.hours_confirm_all, name="hours_confirm_all"),
]
