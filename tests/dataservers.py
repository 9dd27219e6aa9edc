"""Real PostgreSQL and Redis servers on 127.0.0.1 for the tests, started and stopped by them.

The local cluster's kwok nodes run no containers, so what a data service's container would
do (the init Job's SQL, Redis replication and eviction) is proven here against the same
server releases the images carry (Debian's packages, hack/install-data-servers.sh), with
the commands and scripts taken from the rendered objects.
"""
from __future__ import annotations

import contextlib
import glob
import itertools
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tests.helpers import ROOT


# Ports for the servers the tests start: each process (each pytest-xdist worker, gw0, gw1, ...)
# hands them out in turn from a block of its own below the kernel's ephemeral range (32768 and
# up), starting at a random place in it. So two workers never hand out the same port, a port is
# not handed out twice in a run (a test may stop a server and start it again on its port, or
# need one nothing listens on), and no client socket's ephemeral port takes one meanwhile.
_PORT_BLOCK = 1000
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_BLOCK_START = 20000 + _PORT_BLOCK * (int(_WORKER[2:]) % 12 if _WORKER[2:].isdigit() else 0)
_ports = itertools.count(random.randrange(_PORT_BLOCK))


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now, from this process's own block."""
    for _ in range(_PORT_BLOCK):
        port = _BLOCK_START + next(_ports) % _PORT_BLOCK
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in 127.0.0.1:{_BLOCK_START}-{_BLOCK_START + _PORT_BLOCK - 1}")


def wait_for(predicate, timeout: float, what: str, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if not found:
        raise RuntimeError("no PostgreSQL server: run hack/install-data-servers.sh (make tools does)")
    return Path(found[-1]).parent


@dataclass
class Postgres:
    port: int
    bindir: Path
    user: str
    superuser: str

    def psql(self, *args: str, database: str = "postgres", user: str | None = None, password: str = "",
             stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """psql as a client would run it in a pod: over TCP to 127.0.0.1, PG* variables set."""
        env = {"PATH": os.environ["PATH"], "PGHOST": "127.0.0.1", "PGPORT": str(self.port),
               "PGUSER": user or self.superuser, "PGDATABASE": database, "PGPASSWORD": password,
               "PGCONNECT_TIMEOUT": "5"}
        proc = subprocess.run([str(self.bindir / "psql"), "-X", "-v", "ON_ERROR_STOP=1", *args], env=env,
                              input=stdin, capture_output=True, text=True, user=self.user)
        if check and proc.returncode != 0:
            raise AssertionError(f"psql {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def query(self, sql: str, **kw) -> list[str]:
        out = self.psql("-At", "-c", sql, **kw).stdout
        return [line for line in out.splitlines() if line]


@contextlib.contextmanager
def postgres(superuser: str = "postgres", password: str = "") -> Iterator[Postgres]:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (trust auth unless ``password``), run
    as the `postgres` account: the server refuses root."""
    bindir = _postgres_bin()
    account = "postgres"
    tmp = Path(tempfile.mkdtemp(prefix="rsvg-pg-"))
    shutil.chown(tmp, account)
    data, sock = tmp / "data", tmp / "sock"
    sock.mkdir()
    shutil.chown(sock, account)
    port = free_port()
    proc = None
    try:
        init = [str(bindir / "initdb"), "-D", str(data), "-U", superuser, "--auth=trust", "-E", "UTF8",
                "--no-sync", "--locale=C"]
        if password:
            pwfile = tmp / "pw"
            pwfile.write_text(password)
            shutil.chown(pwfile, account)
            init[init.index("--auth=trust")] = "--auth=scram-sha-256"
            init += ["--pwfile", str(pwfile)]
        subprocess.run(init, check=True, capture_output=True, user=account)
        proc = subprocess.Popen([str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port),
                                 "-k", str(sock), "-c", "fsync=off"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, user=account)
        server = Postgres(port, bindir, account, superuser)

        def ready() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"postgres exited {proc.returncode}: {proc.stderr.read().decode()}")
            return subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                                  capture_output=True).returncode == 0
        wait_for(ready, 30, "postgres on 127.0.0.1")
        yield server
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()  # smart shutdown; the cluster is thrown away
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class Redis:
    port: int
    password: str = ""

    def cli(self, *args: str, check: bool = True) -> str:
        cmd = [str(ROOT / "bin" / "redis-cli"), "-h", "127.0.0.1", "-p", str(self.port), "--no-auth-warning"]
        if self.password:
            cmd += ["-a", self.password]
        proc = subprocess.run(cmd + list(args), capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise AssertionError(f"redis-cli {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
        return proc.stdout.strip()

    def info(self, section: str) -> dict[str, str]:
        return dict(line.split(":", 1) for line in self.cli("INFO", section).splitlines()
                    if ":" in line and not line.startswith("#"))


@contextlib.contextmanager
def redis(argv: list[str], port: int, password: str = "", cwd: Path | None = None) -> Iterator[Redis]:
    """Debian's redis-server with ``argv`` (the arguments a rendered container passes, its
    host names already pointed at 127.0.0.1), listening on 127.0.0.1:``port``."""
    binary = ROOT / "bin" / "redis-server"
    if not binary.exists():
        raise RuntimeError("bin/redis-server missing: run hack/install-data-servers.sh (make tools does)")
    workdir = cwd or Path(tempfile.mkdtemp(prefix="rsvg-redis-"))
    proc = subprocess.Popen([str(binary), *argv, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(workdir)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=workdir)
    server = Redis(port, password)
    try:
        def ready() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"redis-server {' '.join(argv)} exited {proc.returncode}:\n{proc.stdout.read().decode()}")
            return server.cli("PING", check=False) == "PONG"
        wait_for(ready, 20, f"redis-server on 127.0.0.1:{port}")
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if cwd is None:
            shutil.rmtree(workdir, ignore_errors=True)
