from django.urls import path

from calendars import views

app_name = "calendars"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("renew/", views.renew, name="renew"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
