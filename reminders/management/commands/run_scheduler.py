"""The scheduler: every minute, the reminders that are due, the daily digests, the training
sessions' reminders. ``--once`` runs one minute and stops (for cron). Safe to start twice and
to kill at any moment (ADR 0016, reminders.services)."""

from __future__ import annotations

import os
import signal
import socket
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = "Send due reminders and digests every minute (--once: one minute, for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the current minute and stop.")

    def handle(self, *args, once: bool = False, **options):
        worker = f"{socket.gethostname()}:{os.getpid()}"
        stopping = {"now": False}

        def stop(signum, frame):
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            try:
                tick = services.tick(worker=worker)
            except Exception as exc:  # the database went away: try again next minute
                self.stderr.write(f"scheduler: {exc!r}")
            else:
                if tick.ran:
                    done = ", ".join(f"{k} {v}" for k, v in tick.counts.items() if v)
                    self.stdout.write(f"{timezone.localtime(tick.minute):%Y-%m-%d %H:%M} {done or 'nothing due'}")
                else:
                    self.stdout.write(f"{timezone.localtime(tick.minute):%Y-%m-%d %H:%M} run by another scheduler")
            if once:
                return
            # Sleep to the start of the next minute, waking each second to notice a stop.
            deadline = (int(time.time()) // 60 + 1) * 60 + 0.05
            while not stopping["now"] and time.time() < deadline:
                time.sleep(max(0.0, min(1.0, deadline - time.time())))
            if stopping["now"]:
                return
            close_old_connections()  # a connection the database dropped while we slept
