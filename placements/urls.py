from django.urls import path

from placements import views

app_name = "placements"
urlpatterns = [
    path("", views.index, name="index"),
    path("periods/add/", views.period_add, name="period_add"),
    path("offers/publish/", views.offer_publish, name="offer_publish"),
    path("demand/add/", views.demand_add, name="demand_add"),
    path("requests/new/", views.request_add, name="request_add"),
    path("requests/<uuid:pk>/", views.request_detail, name="request"),
    path("requests/<uuid:pk>/answer/", views.request_answer, name="request_answer"),
    path("requests/<uuid:pk>/reply/", views.request_reply, name="request_reply"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
