from django.urls import path

from evaluations import evaluation_views, views
from evaluations.activity_urls import urlpatterns as activity_patterns

app_name = "evaluations"
urlpatterns = [
    path("internships/<uuid:pk>/feedback/new/", views.sheet_new, name="sheet_new"),
    path("feedback/<uuid:pk>/", views.sheet_detail, name="sheet"),
    path("feedback/<uuid:pk>/save/", views.sheet_save, name="sheet_save"),
    path("feedback/<uuid:pk>/submit/", views.sheet_submit, name="sheet_submit"),
    path("feedback/<uuid:pk>/review/", views.sheet_review, name="sheet_review"),
    path("feedback/<uuid:pk>/reflection/", views.sheet_reflect, name="sheet_reflect"),
    path("feedback/<uuid:pk>/addendum/", views.sheet_addendum, name="sheet_addendum"),
    path("feedback/review/", views.review_queue, name="review_queue"),
    path("internships/<uuid:pk>/evaluations/<str:kind>/start/", evaluation_views.evaluation_start, name="evaluation_start"),
    path("evaluations/<uuid:pk>/", evaluation_views.evaluation_detail, name="evaluation"),
    path("evaluations/<uuid:pk>/save/", evaluation_views.evaluation_save, name="evaluation_save"),
    path("evaluations/<uuid:pk>/sign/", evaluation_views.evaluation_sign, name="evaluation_sign"),
    path("evaluations/<uuid:pk>/correct/", evaluation_views.evaluation_correct, name="evaluation_correct"),
    path("evaluations/<uuid:pk>/history/", evaluation_views.evaluation_history, name="evaluation_history"),
    path("internships/<uuid:pk>/progress/", evaluation_views.progress_view, name="progress"),
    path("groups/<int:pk>/overview/", evaluation_views.group_overview, name="group_overview"),
] + activity_patterns
