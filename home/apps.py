from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The role homes: what each person sees first."""

    name = "home"
