"""Start the test OpenID Connect provider: ``python -m tests.oidc_provider.serve PORT DBFILE REDIRECT_URIS``.

Makes a fresh RSA key (never written to the repository), migrates a SQLite file, creates the
provider's accounts (tests/oidc_provider/validator.py, password ``idp-password``) and one
confidential client ``uniform-test`` / ``uniform-test-secret``, then serves until killed."""

import os
import sys


def main() -> None:
    port, db, redirect_uris = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ["OIDC_RSA_PRIVATE_KEY"] = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    os.environ["OIDC_PROVIDER_DB"] = db
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    from tests.oidc_provider.validator import PEOPLE

    call_command("migrate", verbosity=0)
    for username in PEOPLE:
        if not User.objects.filter(username=username).exists():
            User.objects.create_user(username, password="idp-password")  # noqa: S106
    Application.objects.update_or_create(client_id="uniform-test", defaults={
        "name": "Uniform", "client_secret": "uniform-test-secret", "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE, "redirect_uris": redirect_uris,
        "algorithm": Application.RS256_ALGORITHM, "skip_authorization": True,
    })
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
