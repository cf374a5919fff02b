from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("sheets/<uuid:pk>.pdf", views.sheet, name="sheet"),
    path("evaluations/<uuid:pk>.pdf", views.evaluation, name="evaluation"),
    path("internships/<uuid:pk>/activities.pdf", views.activities, name="activities"),
    path("internships/<uuid:pk>/intake.pdf", views.intake, name="intake"),
    path("internships/<uuid:pk>/visits.pdf", views.visits, name="visits"),
    path("internships/<uuid:pk>/hours.pdf", views.hours, name="hours"),
    path("internships/<uuid:pk>/dossier.pdf", views.dossier, name="dossier"),
    path("dossiers/<uuid:pk>/", views.dossier_job, name="dossier_job"),
    path("dossiers/<uuid:pk>/progress/", views.dossier_progress, name="dossier_progress"),
    path("dossiers/<uuid:pk>/download/", views.dossier_download, name="dossier_download"),
    path("dossiers/<uuid:pk>/retry/", views.dossier_retry, name="dossier_retry"),
    path("catalogue/<int:pk>/blank-<str:kind>.pdf", views.blank, name="blank"),
    path("catalogue/<int:pk>.pdf", views.catalogue, name="catalogue"),
]
