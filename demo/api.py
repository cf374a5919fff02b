"""Demo: the school admin of Campus De Lindeboom links the student administration through the
API (ADR 0027). Its secret was shown once when it was made, so nobody knows it: the page lists the
token, and anyone can make a new one there to try the API."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def seed_api() -> None:
    from api import services
    from api.models import ApiToken
    from tenancy.models import User

    user = User.objects.filter(email="schooladmin@uniform.demo").first()
    if user is None or ApiToken.objects.filter(user=user, name="Informat-koppeling").exists():
        return
    token, _ = services.token_create(user=user, name="Informat-koppeling", scope=ApiToken.Scope.READ_WRITE,
                                     expires_at=timezone.now() + timedelta(days=300))
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(hours=20))
