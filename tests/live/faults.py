"""Fault injection for the live tests: kill an install or upgrade command at a chosen point of
its apply, as seen by the API server, and run commands so that they can be killed.

The point is chosen on the server, not by a sleep: an `AdmissionGate` is a validating admission
webhook (served here, over TLS, for one namespace and only the app's objects) that counts the
create/update requests a route makes and *holds* the N-th one. While that request waits in the
API server, the command's whole process group (the CLI and its plugins: tofu's provider,
Pulumi's language host and provider) gets SIGKILL; then the gate lets the held request go on.
So the kill always falls in the middle of the apply: the objects before the N-th exist, the
N-th is in flight, the rest were never sent.
"""
from __future__ import annotations

import base64
import json
import os
import signal
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

from tests.live.cluster import Cluster

# What the app is made of (the webhook's rules): never pods, ReplicaSets or status updates.
RESOURCES = [("", "v1", ["configmaps", "secrets", "services", "serviceaccounts"]),
             ("apps", "v1", ["deployments"]),
             ("policy", "v1", ["poddisruptionbudgets"]),
             ("networking.k8s.io", "v1", ["ingresses"]),
             ("autoscaling", "v2", ["horizontalpodautoscalers"])]
PROBE = "faults-gate-probe"


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the API server calls the webhook there)."""
    key, crt = directory / "gate.key", directory / "gate.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=faults-gate",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(crt)],
                   check=True, capture_output=True)
    return key, crt


@dataclass
class Request:
    operation: str
    kind: str
    name: str
    user: str


class AdmissionGate:
    """A validating webhook on the app's objects in one namespace. ``arm(n)`` makes it hold the
    n-th (1-based) matching request of a client (not a controller) until ``release()``; every
    request is allowed. ``requests`` lists what it saw."""

    def __init__(self, cluster: Cluster, namespace: str, directory: Path):
        self.cluster, self.namespace = cluster, namespace
        self.name = f"faults-gate-{namespace}"
        directory.mkdir(parents=True, exist_ok=True)
        self.key, self.crt = _certificate(directory)
        self.requests: list[Request] = []
        self.reached = threading.Event()
        self.held: Request | None = None
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._armed: tuple[int, tuple[str, ...]] | None = None
        self._count = 0
        self._probed = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # -- the webhook -------------------------------------------------------------------------
    def _review(self, body: dict[str, Any]) -> dict[str, Any]:
        req = body["request"]
        name = req.get("name") or (req.get("object") or {}).get("metadata", {}).get("name", "")
        if name == PROBE:
            self._probed.set()
        elif not req.get("dryRun"):
            seen = Request(req["operation"], req["kind"]["kind"], name, req["userInfo"]["username"])
            hold = False
            with self._lock:
                self.requests.append(seen)
                client = not seen.user.startswith("system:")  # controllers are system:...
                if self._armed and client and seen.operation in self._armed[1]:
                    self._count += 1
                    if self._count == self._armed[0]:
                        hold, self.held, self._armed = True, seen, None
            if hold:
                self.reached.set()
                self._release.wait(25)  # the webhook's own timeout is 30 s
        return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                "response": {"uid": req["uid"], "allowed": True}}

    def _handler(self):
        gate = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                out = json.dumps(gate._review(body)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def handle(self):
                try:
                    super().handle()
                except OSError:  # the API server gave up the call: its client was killed
                    pass

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self) -> "AdmissionGate":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.crt, self.key)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        port = self._server.server_address[1]
        config = {
            "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
            "metadata": {"name": self.name},
            "webhooks": [{
                "name": "gate.faults.realtime-svg.test", "admissionReviewVersions": ["v1"], "sideEffects": "None",
                "failurePolicy": "Ignore", "timeoutSeconds": 30,
                "clientConfig": {"url": f"https://127.0.0.1:{port}/",
                                 "caBundle": base64.b64encode(self.crt.read_bytes()).decode()},
                "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": self.namespace}},
                "objectSelector": {"matchExpressions": [{"key": "app.kubernetes.io/instance", "operator": "Exists"}]},
                "rules": [{"apiGroups": [g], "apiVersions": [v], "resources": r, "operations": ["CREATE", "UPDATE"],
                           "scope": "Namespaced"} for g, v, r in RESOURCES],
            }],
        }
        self.cluster.kubectl("apply", "-f", "-", input=json.dumps(config))
        self._wait_active()
        return self

    def _wait_active(self, timeout: float = 30) -> None:
        """The API server picks webhook configurations up asynchronously: dry-run a probe until
        the webhook sees it."""
        probe = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {
            "name": PROBE, "namespace": self.namespace, "labels": {"app.kubernetes.io/instance": PROBE}}})
        deadline = time.monotonic() + timeout
        while not self._probed.is_set():
            assert time.monotonic() < deadline, f"the admission webhook {self.name} never became active"
            self.cluster.kubectl("create", "--dry-run=server", "-f", "-", input=probe)
            self._probed.wait(0.2)

    def __exit__(self, *exc) -> None:
        self._release.set()
        self.cluster.kubectl("delete", "validatingwebhookconfiguration", self.name, "--ignore-not-found", check=False)
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # -- arming --------------------------------------------------------------------------------
    def arm(self, nth: int, operations: tuple[str, ...] = ("CREATE",)) -> None:
        with self._lock:
            self._armed, self._count, self.held = (nth, operations), 0, None
            self.reached.clear()
            self._release.clear()

    def release(self) -> None:
        with self._lock:
            self._armed = None
        self._release.set()


@dataclass
class Outcome:
    """How one run of a command ended."""
    argv: list[str]
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    killed_at: Request | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        how = f"killed at {self.killed_at}" if self.killed_at else f"exit {self.returncode}"
        return f"$ {' '.join(self.argv)}  ({how}, {self.seconds:.1f}s)\n{self.stdout[-3000:]}\n{self.stderr[-3000:]}"


@dataclass
class Command:
    argv: list[str]
    env: dict[str, str]
    cwd: Path

    def start(self, log_dir: Path) -> tuple[subprocess.Popen, Path, Path]:
        log_dir.mkdir(parents=True, exist_ok=True)
        n = len(list(log_dir.glob("*.out")))
        out, err = log_dir / f"{n:02d}.out", log_dir / f"{n:02d}.err"
        with open(out, "w") as o, open(err, "w") as e:
            proc = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdout=o, stderr=e,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        return proc, out, err

    def run(self, log_dir: Path, timeout: float = 300) -> Outcome:
        start = time.monotonic()
        proc, out, err = self.start(log_dir)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            raise AssertionError(f"{' '.join(self.argv)} did not finish in {timeout}s:\n{out.read_text()}{err.read_text()}")
        return Outcome(self.argv, proc.returncode, out.read_text(), err.read_text(), time.monotonic() - start)

    def run_killed(self, gate: AdmissionGate, nth: int, log_dir: Path, operations: tuple[str, ...] = ("CREATE",),
                   timeout: float = 120, while_held: Callable[[], Any] | None = None) -> Outcome:
        """Run, and SIGKILL the process group while the API server holds the ``nth`` matching
        request at the gate; then let that request go on (``while_held()`` runs just before, its
        result in Outcome.extra["while_held"]). Fails if the command ends first."""
        gate.arm(nth, operations)
        start = time.monotonic()
        proc, out, err = self.start(log_dir)
        deadline = start + timeout
        try:
            while not gate.reached.wait(0.05):
                if proc.poll() is not None:
                    raise AssertionError(f"{' '.join(self.argv)} ended (exit {proc.returncode}) before its request "
                                         f"#{nth} {operations} reached the API server; it made {gate.requests}:\n"
                                         f"{out.read_text()}{err.read_text()}")
                assert time.monotonic() < deadline, f"request #{nth} never came in {timeout}s: {gate.requests}"
            kill_group(proc)
            held = while_held() if while_held else None
        finally:
            gate.release()
            if proc.poll() is None:
                kill_group(proc)
        return Outcome(self.argv, proc.returncode, out.read_text(), err.read_text(), time.monotonic() - start,
                       killed_at=gate.held, extra={"while_held": held})


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(stat.parent.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree, out, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the process and everything it started, as a killed CI job's cgroup is: its process
    group, and the descendants that made groups of their own (Pulumi starts its language host
    and providers so)."""
    tree = descendants(proc.pid)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for pid in tree:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(30)
    deadline = time.monotonic() + 10
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def group_alive(pgid: int) -> list[int]:
    """The processes of group ``pgid`` still running (not zombies waiting to be reaped)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] not in "ZX" and int(fields[2]) == pgid:
            alive.append(int(stat.parent.name))
    return alive


