from django.urls import path

from childcare import views

app_name = "childcare"
urlpatterns = [
    path("", views.index, name="index"),
    path("capacity/", views.capacity_overview, name="capacity"),
    path("sites/add/", views.site_add, name="site_add"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/capacity/add/", views.capacity_add, name="capacity_add"),
    path("capacity/<int:pk>/edit/", views.capacity_edit, name="capacity_edit"),
    path("capacity/<int:pk>/delete/", views.capacity_delete, name="capacity_delete"),
    path("memberships/<int:pk>/deactivate/", views.membership_deactivate, name="membership_deactivate"),
    path("memberships/<int:pk>/reactivate/", views.membership_reactivate, name="membership_reactivate"),
]
