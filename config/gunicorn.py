"""gunicorn settings for the metrics' multiprocess mode (ADR 0030): ``gunicorn -c config/gunicorn.py
config.wsgi``. With ``PROMETHEUS_MULTIPROC_DIR`` set, each worker writes its request counts to
files there and a scrape of any worker adds them up; the directory is emptied when gunicorn
starts (counts of an earlier run would be added in), and a worker that exits is marked dead.
Everything else comes from the command line or GUNICORN_CMD_ARGS as before."""

import os
import shutil
from pathlib import Path


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        # Empty it, but keep the directory: under systemd it is a RuntimeDirectory in /run that
        # the service's user may fill but not create.
        for child in path.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
