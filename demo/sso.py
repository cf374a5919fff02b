"""Login with the school's account in the demo region (ADR 0026): Campus De Lindeboom has a
Microsoft 365 provider configured but switched off (its issuer is a placeholder tenant), so
schooladmin@uniform.demo sees it on "Inloggen met schoolaccount" and no demo login changes."""

from __future__ import annotations


def seed_sso() -> None:
    from sso.models import LoginProvider
    from tenancy.models import Organisation

    school = Organisation.objects.filter(network__slug="limburg", name="Campus De Lindeboom").first()
    if school is None:
        return
    LoginProvider.objects.update_or_create(key="demo-lindeboom", defaults={
        "network": school.network, "organisation": school, "kind": LoginProvider.Kind.MICROSOFT,
        "name": "Microsoft 365 (Campus De Lindeboom)",
        "issuer_url": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
        "client_id": "00000000-0000-0000-0000-000000000000", "client_secret": "demo-placeholder-secret-not-real",
        "allowed_domains": "lindeboom.be, leerling.lindeboom.be", "enforces_mfa": False, "is_active": False,
    })
