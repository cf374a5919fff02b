from django.urls import path

from api import views

app_name = "apitokens"
urlpatterns = [
    path("", views.tokens, name="index"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
