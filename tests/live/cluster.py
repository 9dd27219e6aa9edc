"""Talking to the live test cluster: kubectl and helm against its kubeconfig, reading
back what a route installed, and watching ready pods during a rollout.

Shared by the live tests of every route (kubectl, Helm, Terraform, Pulumi)."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from composer import overlay, render
from tests.helpers import ROOT, env

# The kinds an install creates (seed 001's table, plus the SA and PDB, and the data services'
# StatefulSets and Jobs). Volume claims are not among them: they outlive an uninstall.
APP_KINDS = ("deployments,services,configmaps,secrets,serviceaccounts,poddisruptionbudgets,ingresses,"
             "horizontalpodautoscalers,statefulsets,jobs,cronjobs,networkpolicies,servicemonitors.monitoring.coreos.com,"
             "certificates.cert-manager.io,roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io,"
             "limitranges")


class Cluster:
    def __init__(self, kubeconfig: Path):
        self.kubeconfig = Path(kubeconfig)

    def env(self) -> dict[str, str]:
        e = env()
        e["KUBECONFIG"] = str(self.kubeconfig)
        here = cluster_dir()
        e["KUBECACHEDIR"] = str(here / "kubectl-cache")
        e["HELM_CACHE_HOME"] = str(here / "helm-cache")
        e["HELM_CONFIG_HOME"] = str(here / "helm-config")
        e["HELM_DATA_HOME"] = str(here / "helm-data")
        return e

    def run(self, *args: str, check: bool = True, input: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        proc = subprocess.run(list(args), cwd=ROOT, env=self.env(), capture_output=True, text=True,
                              input=input, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def kubectl(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return self.run(str(ROOT / "bin" / "kubectl"), *args, **kw)

    def helm(self, *args: str, binary: str = "helm", **kw) -> subprocess.CompletedProcess:
        return self.run(str(ROOT / "bin" / binary), *args, **kw)

    def with_token(self, token: str, path: Path) -> "Cluster":
        """This cluster as the holder of ``token`` sees it: a kubeconfig at ``path`` with the
        server, its CA and the token, and no credential of the admin's."""
        config = self.json("config", "view", "--raw", "--minify")
        cluster = config["clusters"][0]["cluster"]
        path.write_text(json.dumps({
            "apiVersion": "v1", "kind": "Config", "current-context": "token",
            "clusters": [{"name": "c", "cluster": {"server": cluster["server"],
                                                   "certificate-authority-data": cluster["certificate-authority-data"]}}],
            "users": [{"name": "token", "user": {"token": token}}],
            "contexts": [{"name": "token", "context": {"cluster": "c", "user": "token"}}]}))
        return Cluster(path)

    def json(self, *args: str) -> Any:
        return json.loads(self.kubectl(*args, "-o", "json").stdout)

    # -- namespaces ------------------------------------------------------------------
    def create_namespace(self, name: str, restricted: bool = True) -> str:
        self.kubectl("create", "namespace", name)
        if restricted:
            self.restrict(name)
        return name

    def restrict(self, name: str) -> None:
        """Let the real PodSecurity admission reject any pod that breaks "restricted"."""
        self.kubectl("label", "--overwrite", "namespace", name,
                     "pod-security.kubernetes.io/enforce=restricted",
                     "pod-security.kubernetes.io/enforce-version=latest")

    def delete_namespace(self, name: str) -> None:
        self.kubectl("delete", "namespace", name, "--wait=false", "--ignore-not-found", check=False)

    # -- reading back ----------------------------------------------------------------
    def objects(self, namespace: str, instance: str = "realtime-svg") -> list[dict[str, Any]]:
        """Every object of the app in ``namespace``, found by its instance label."""
        items = self.json("get", APP_KINDS, "-n", namespace, "-l", f"app.kubernetes.io/instance={instance}")["items"]
        return sorted(items, key=lambda o: (o["kind"], o["metadata"]["name"]))

    def versions(self, namespace: str, instance: str = "realtime-svg") -> dict[tuple[str, str], str]:
        """What a second run of a route must leave as it is: each object's resourceVersion,
        or, for an object whose status a controller writes, everything but that status. The
        autoscaler controller writes an HPA's status on every sync (15 s), so its
        resourceVersion moves during a second `helm upgrade` that changes nothing."""
        return {(o["kind"], o["metadata"]["name"]): _version(o) for o in self.objects(namespace, instance)}

    def rollout(self, namespace: str, deployment: str, timeout: str = "120s", kind: str = "deployment") -> None:
        self.kubectl("rollout", "status", f"{kind}/{deployment}", "-n", namespace, f"--timeout={timeout}")

    def wait_complete(self, namespace: str, job: str, timeout: str = "120s") -> None:
        self.kubectl("wait", "--for=condition=complete", f"job/{job}", "-n", namespace, f"--timeout={timeout}")

    def claims(self, namespace: str, instance: str) -> list[dict[str, Any]]:
        return self.json("get", "persistentvolumeclaims", "-n", namespace,
                         "-l", f"app.kubernetes.io/instance={instance}")["items"]

    def deployment(self, namespace: str, name: str) -> dict[str, Any]:
        return self.json("get", "deployment", name, "-n", namespace)

    def wait_gone(self, namespace: str, instance: str = "realtime-svg", timeout: float = 60) -> list[dict[str, Any]]:
        """Wait until nothing of the app is left; returns what is still there at the end."""
        deadline = time.monotonic() + timeout
        while True:
            left = self.objects(namespace, instance)
            left += self.json("get", "pods", "-n", namespace, "-l", f"app.kubernetes.io/instance={instance}")["items"]
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.5)

    def ready_watcher(self, namespace: str, app: str) -> "ReadyWatcher":
        return ReadyWatcher(self.kubeconfig, namespace, app)


class ReadyWatcher:
    """Follows the pods of one app through the watch API and records the lowest number of
    Ready, not terminating pods seen at any moment: the zero-downtime measure.

    ``reconnect``: survive the API server going away (tests/live/test_faults_live.py). When
    the watch breaks, list the pods again (the list replaces what was known) and go on,
    counting ``reconnects``. While there is no API server nothing can change in the store,
    so no dip is missed. Without it, a broken watch is an error raised on exit."""

    def __init__(self, kubeconfig: Path, namespace: str, app: str, reconnect: bool = False):
        from kubernetes import client, config

        self.api = client.CoreV1Api(config.new_client_from_config(config_file=str(kubeconfig)))
        self.namespace, self.selector = namespace, f"app={app}"
        self.reconnect = reconnect
        self.minimum: int | None = None
        self.maximum = 0
        self.events = 0
        self.reconnects = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._error: BaseException | None = None

    @staticmethod
    def _ready(pod) -> bool:
        if pod.metadata.deletion_timestamp is not None:
            return False
        return any(c.type == "Ready" and c.status == "True" for c in (pod.status.conditions or []))

    def _record(self, pods: dict[str, bool]) -> None:
        count = sum(pods.values())
        self.minimum = count if self.minimum is None else min(self.minimum, count)
        self.maximum = max(self.maximum, count)

    def _follow(self) -> None:
        """List the pods, then apply every watch event to that list until stopped."""
        from kubernetes import watch

        listed = self.api.list_namespaced_pod(self.namespace, label_selector=self.selector, _request_timeout=5)
        pods = {p.metadata.name: self._ready(p) for p in listed.items}
        self._record(pods)
        version = listed.metadata.resource_version
        while not self._stop.is_set():
            stream = watch.Watch().stream(self.api.list_namespaced_pod, self.namespace,
                                          label_selector=self.selector, resource_version=version,
                                          timeout_seconds=1, _request_timeout=5)
            for event in stream:
                if event["type"] == "ERROR":  # e.g. 410 Gone: the list is too old
                    raise RuntimeError(event["raw_object"])
                pod = event["object"]
                version = pod.metadata.resource_version
                if event["type"] == "DELETED":
                    pods.pop(pod.metadata.name, None)
                else:
                    pods[pod.metadata.name] = self._ready(pod)
                self.events += 1
                self._record(pods)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._follow()
            except BaseException as exc:
                if not self.reconnect:
                    self._error = exc  # surfaced by __exit__
                    return
                self.reconnects += 1  # the API server is away: list again when it is back
                self._stop.wait(0.2)

    def __enter__(self) -> "ReadyWatcher":
        self._thread.start()
        deadline = time.monotonic() + 30
        while self.minimum is None:  # the first list is in before the change starts
            if self._error:
                raise self._error
            assert time.monotonic() < deadline, f"could not list the pods of {self.selector} in {self.namespace}"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        if self._error:
            raise self._error


def write_overlay(settings: dict[str, Any], directory: Path, name: str = "live") -> Path:
    """The settings' overlay, laid out as `composer overlay` would write it into
    overlays/NAME, under ``directory``; returns its directory."""
    return render.write_overlay_tree(directory, overlay.build(settings, render.overlay_header("tests/live")).files, name)


def cluster_dir() -> Path:
    """Where hack/cluster.sh keeps the local control plane of this process: RSVG_CLUSTER_DIR (a
    live test worker's own cluster, see conftest.py), else <repo>/.cluster."""
    return Path(os.environ.get("RSVG_CLUSTER_DIR") or ROOT / ".cluster")


def running_cluster() -> tuple[Path, bool]:
    """(kubeconfig, started_here): RSVG_KUBECONFIG when set, else the local control plane,
    started when it is not running (and then stopped by whoever started it)."""
    given = os.environ.get("RSVG_KUBECONFIG")
    if given:
        return Path(given), False
    script = str(ROOT / "hack" / "cluster.sh")
    kubeconfig = cluster_dir() / "kubeconfig"
    if subprocess.run([script, "status"], capture_output=True).returncode == 0:
        return kubeconfig, False
    # `up` repairs a running cluster whose volume provisioner stopped (it restarts only the
    # provisioner): that cluster was not started here, and must be left running
    api_up = kubeconfig.exists() and subprocess.run(
        [str(ROOT / "bin" / "kubectl"), "--kubeconfig", str(kubeconfig), "get", "--raw", "/readyz",
         "--request-timeout=5s"], capture_output=True, text=True).stdout == "ok"
    subprocess.run([script, "up"], check=True)
    return kubeconfig, not api_up


# -- the API server going away ---------------------------------------------------------------------
def kwok_cluster_dir() -> Path:
    """hack/cluster.sh's kwokctl work directory of this checkout's cluster."""
    name = os.environ.get("RSVG_CLUSTER_NAME", "realtime-svg")
    return cluster_dir() / "kwok" / "clusters" / name


def _api_ready(cluster: Cluster) -> bool:
    proc = cluster.kubectl("get", "--raw", "/readyz", "--request-timeout=2s", check=False, timeout=10)
    return proc.returncode == 0 and proc.stdout.strip() == "ok"


def _listening(host: str, port: int) -> bool:
    import socket

    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in "ZX"


def _process(pid: int) -> tuple[list[str], dict[str, str], str]:
    """(command line, environment, working directory) of a running process."""
    argv = [a for a in Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0") if a]
    environ = dict(e.split("=", 1) for e in Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0") if "=" in e)
    return argv, environ, os.readlink(f"/proc/{pid}/cwd")


def _start_component(workdir: Path, name: str, how: tuple[list[str], dict[str, str], str]) -> subprocess.Popen:
    """Start a control plane component as kwokctl does: its log under logs/, its pid under pids/."""
    argv, environ, cwd = how
    with open(workdir / "logs" / f"{name}.log", "a") as out:
        out.write(f"\n==== restarted by tests/live/cluster.py at {time.ctime()} ====\n")
        out.flush()
        # a session of its own: it outlives the test process, as kwokctl's processes do
        proc = subprocess.Popen(argv, cwd=cwd, env=environ, stdout=out, stderr=out, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    pid_file = workdir / "pids" / f"{name}.pid"
    tmp = pid_file.with_suffix(".tmp")
    tmp.write_text(f"{proc.pid}\n")
    tmp.replace(pid_file)
    return proc


def restart_apiserver(cluster: Cluster, signal_number: int = 9, timeout: float = 120) -> dict[str, Any]:
    """Kill the local control plane's kube-apiserver (SIGKILL: a crash, the API gone at once) and
    start it again with the same command line, environment, working directory and log file,
    recording its new pid where kwokctl keeps it (so `hack/cluster.sh down` stops it); wait until
    /readyz answers again. A component that exited meanwhile (the controller manager and the
    scheduler give up their leader lease after about 10 s without an API server) is started
    again, as a kubelet would. Only for the cluster hack/cluster.sh runs, not RSVG_KUBECONFIG's.
    Returns {"down": seconds without an API server, "revived": components started again}."""
    if os.environ.get("RSVG_KUBECONFIG"):
        raise RuntimeError("restart_apiserver works on the local control plane only (RSVG_KUBECONFIG is set)")
    workdir = kwok_cluster_dir()
    pids = {f.stem: int(f.read_text().strip()) for f in (workdir / "pids").glob("*.pid")}
    how = {name: _process(pid) for name, pid in pids.items() if _pid_alive(pid)}
    pid = pids["kube-apiserver"]
    start = time.monotonic()
    os.kill(pid, signal_number)
    while _pid_alive(pid):
        if time.monotonic() - start > 60:
            os.kill(pid, 9)
        time.sleep(0.05)
    # the killed process's threads may hold its port a moment longer than its pid
    port = next(a.split("=", 1)[1] for a in how["kube-apiserver"][0] if a.startswith("--secure-port="))
    while _listening("127.0.0.1", int(port)):
        if time.monotonic() - start > 30:
            raise RuntimeError(f"port {port} still taken 30s after kube-apiserver was killed")
        time.sleep(0.05)
    proc = _start_component(workdir, "kube-apiserver", how["kube-apiserver"])
    attempts = 1
    while not _api_ready(cluster):
        if proc.poll() is not None:  # e.g. the port was not free yet after all: once more
            if attempts == 3:
                raise RuntimeError(f"kube-apiserver exited {proc.returncode} after the restart; see {workdir}/logs")
            time.sleep(0.5)
            proc = _start_component(workdir, "kube-apiserver", how["kube-apiserver"])
            attempts += 1
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"kube-apiserver not ready {timeout}s after the restart; see {workdir}/logs")
        time.sleep(0.1)
    down = time.monotonic() - start
    return {"down": down, "revived": revive_components(how)}


def revive_components(how: dict[str, tuple[list[str], dict[str, str], str]] | None = None) -> list[str]:
    """Start again any control plane component whose process exited (``how``: their command
    lines, read before; the pid files name the rest). Returns the names started."""
    workdir = kwok_cluster_dir()
    revived = []
    for name, what in (how or {}).items():
        pid = int((workdir / "pids" / f"{name}.pid").read_text().strip())
        if not _pid_alive(pid):
            _start_component(workdir, name, what)
            revived.append(name)
    return revived


def _version(obj: dict[str, Any]) -> str:
    if "status" not in obj:
        return obj["metadata"]["resourceVersion"]
    meta = {k: v for k, v in obj["metadata"].items() if k not in ("resourceVersion", "managedFields")}
    rest = {k: v for k, v in obj.items() if k not in ("metadata", "status")}
    return "spec:" + hashlib.sha256(json.dumps([meta, rest], sort_keys=True).encode()).hexdigest()[:16]
