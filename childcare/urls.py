from django.urls import path

from childcare import profile_views, views

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

# Site profiles, the directory, kennismakingsmomenten (ADR 0017): stable names other pages link to.
urlpatterns += [
    path("directory/", profile_views.site_directory, name="site_directory"),
    path("sites/<int:pk>/profile/", profile_views.site_profile, name="site_profile"),
    path("sites/<int:pk>/profile/edit/", profile_views.site_profile_edit, name="site_profile_edit"),
    path("sites/<int:pk>/introductions/add/", profile_views.introduction_add, name="introduction_add"),
    path("introductions/<int:pk>/edit/", profile_views.introduction_edit, name="introduction_edit"),
    path("introductions/<int:pk>/register/", profile_views.introduction_register, name="introduction_register"),
    path("introduction-registrations/<int:pk>/cancel/", profile_views.registration_cancel, name="registration_cancel"),
]
