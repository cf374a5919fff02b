"""Development mail backend: print to the console and append to a file (settings.MAIL_LOG_FILE)."""

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class ConsoleAndFileBackend(ConsoleBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        if email_messages:
            path = settings.MAIL_LOG_FILE
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                for message in email_messages:
                    fh.write(message.message().as_string())
                    fh.write("\n" + "-" * 79 + "\n")
        return sent
