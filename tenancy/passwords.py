"""Password rules with messages in our own catalogue.

Django 5.2 reworded the minimum-length message and its Dutch catalogue has no translation for
the new text yet (new users saw English on their very first screen), and its similarity message
reads "lijkt te veel op de e-mailadres" in Dutch. The rules are Django's; only the words are ours.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Your password needs at least %(min_length)d character.",
            "Your password needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("The password is too much like your %(verbose_name)s.")

    def get_help_text(self):
        return _("Your password cannot be too much like your name or email address.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self):
        return _("Your password cannot be a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_help_text(self):
        return _("Your password cannot be only digits.")
