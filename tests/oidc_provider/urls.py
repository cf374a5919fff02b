from django.contrib.auth import login
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.urls import include, path


def login_as(request, username):
    """For the HTTP-level tests: a session of one of the provider's accounts, without its form."""
    login(request, User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    return HttpResponse("ok")


def expire_codes(request):
    """For the expired-code test: every authorisation code issued so far is past its lifetime."""
    from datetime import timedelta

    from django.utils import timezone
    from oauth2_provider.models import Grant

    Grant.objects.update(expires=timezone.now() - timedelta(seconds=1))
    return HttpResponse("ok")


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("login-as/<str:username>/", login_as),
    path("expire-codes/", expire_codes),
]
