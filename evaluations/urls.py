from django.urls import path

from evaluations import views
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
] + activity_patterns
