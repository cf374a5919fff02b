from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("ours/", views.opt_outs, name="opt_outs"),
]
