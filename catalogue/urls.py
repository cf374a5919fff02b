from django.urls import path

from catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/new/", views.programme_create, name="programme_new"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/versions/new/", views.version_new, name="version_new"),
    path("programmes/<int:pk>/import/", views.version_import, name="import"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/export.<str:fmt>", views.version_export, name="export"),
    path("versions/<int:pk>/edit/", views.version_edit, name="edit"),
    path("versions/<int:pk>/settings/", views.version_settings, name="settings"),
    path("versions/<int:pk>/diff/", views.version_diff, name="diff"),
    path("versions/<int:pk>/history/", views.version_history, name="history"),
    path("versions/<int:pk>/publish/", views.version_publish, name="publish"),
    path("versions/<int:pk>/retire/", views.version_retire, name="retire"),
    path("versions/<int:pk>/delete/", views.version_delete, name="delete"),
    path("versions/<int:pk>/reorder/", views.version_reorder, name="reorder"),
    path("versions/<int:pk>/clusters/add/", views.cluster_add, name="cluster_add"),
    path("versions/<int:pk>/levels/add/", views.level_add, name="level_add"),
    path("versions/<int:pk>/activities/add/", views.activity_add, name="activity_add"),
    path("clusters/<int:pk>/", views.cluster_update, name="cluster"),
    path("clusters/<int:pk>/delete/", views.cluster_delete, name="cluster_delete"),
    path("clusters/<int:pk>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("indicators/<int:pk>/", views.indicator_update, name="indicator"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("levels/<int:pk>/", views.level_update, name="level"),
    path("levels/<int:pk>/delete/", views.level_delete, name="level_delete"),
    path("activities/<int:pk>/", views.activity_update, name="activity"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("<str:kind>/<int:pk>/move/", views.part_move, name="move"),
]
