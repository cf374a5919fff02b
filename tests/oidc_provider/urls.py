from django.contrib.auth import login
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.urls import include, path


def login_as(request, username):
    """For the HTTP-level tests: a session of one of the provider's accounts, without its form."""
    login(request, User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    return HttpResponse("ok")


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("login-as/<str:username>/", login_as),
]
