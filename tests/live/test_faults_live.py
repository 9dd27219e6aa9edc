"""Faults on a real API server, for every route (kubectl apply -k, kubectl apply -f of a render,
Helm 4 and 3, OpenTofu, Pulumi), with the command each route's README gives:

- **killed in the middle, then run again**: the install, and then an upgrade (replicas and a
  config value changed), get SIGKILL (the whole process group: CLI and plugins) while the API
  server holds one of the app's requests at an admission webhook (tests/live/faults.py), so the
  kill always falls inside the apply. Then the same command runs again; when it fails with the
  route's known trap (Helm's pending release, Pulumi's stack lock and pending operations,
  Terraform's objects created but not in state) the one recovery step the README names runs,
  and the command again. It must converge to exactly the objects of an uninterrupted run
  (`composer.parity.compare_live` against `kubectl apply -k` of the same settings in a
  namespace of its own), with no drift (`python -m composer diff`'s code), no orphaned
  object, nothing pending in the route's own state, and, during the upgrade, never fewer
  Ready pods than before it;
- **the API server goes away during an upgrade**: kube-apiserver is killed and started again
  (tests/live/cluster.py restart_apiserver) while the upgrade's first request is in flight:
  the command finishes or fails with a message that says the server was unreachable; run
  again (with the same recovery, if any) it converges, and Ready pods never drop below the
  old replica count.

Every case prints its figures (`[faults] ...` lines); `bench/faults.py` runs this file and
tabulates them. A failure says how to reproduce it; each command's output is kept in the
test's tmp_path/logs."""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from composer import drift, parity, render
from composer.helm import values
from composer.pulumi_route import config as pconfig
from tests.helpers import CHART, ROOT, objects
from tests.live import variants
from tests.live.cluster import Cluster, ReadyWatcher, restart_apiserver, write_overlay
from tests.live.faults import AdmissionGate, Command, Outcome

APP = "realtime-svg"
ROUTES = ["kustomize", "rendered", "helm", "helm3", "terraform", "pulumi"]
# The settings of each step: the defaults (2 replicas, in-cluster Redis: 8 objects), then an
# upgrade that changes the replicas and a config value (a new ConfigMap; the pods roll).
STEPS = [{}, {"replicas": 3, "config__logLevel": "debug"}]
# Where the kill falls: the install's 4th create (3 objects exist, the 4th is in flight, the
# rest never sent), the upgrade's 2nd create or update.
KILL_INSTALL_AT = 4
KILL_UPGRADE_AT = 2
# What a command may say when the API server went away under it.
UNREACHABLE = re.compile(r"connection refused|connection reset|EOF|unexpected EOF|http2: client connection lost|"
                         r"the server (is currently unable|was unable|has asked)|context deadline exceeded|"
                         r"timed out|no such host|dial tcp|Unauthorized|ServiceUnavailable", re.I)

FIGURES: dict[str, dict[str, Any]] = {}


def settings(ns: str, step: int) -> dict[str, Any]:
    return variants.settings("defaults", ns, **STEPS[step])


def expected_keys(s: dict[str, Any]) -> set[tuple[str, str]]:
    return {(o["kind"], o["metadata"]["name"]) for o in objects(render.render(s))}


def wait_ready(cluster: Cluster, ns: str) -> None:
    for name in (APP, f"{APP}-redis"):
        cluster.rollout(ns, name, timeout="180s")


class Route:
    """One route's install/upgrade command for some settings, as its README gives it, and the
    recovery step its README names for the trap an interrupted run leaves."""

    def __init__(self, name: str, cluster: Cluster, ns: str, tmp: Path):
        self.name, self.cluster, self.ns, self.tmp = name, cluster, ns, tmp
        self.logs = tmp / "logs"
        self.tofu = None
        self.stack = None
        self.vars_file: Path | None = None

    # -- the command -----------------------------------------------------------------------------
    def command(self, s: dict[str, Any]) -> Command:
        kubectl = str(ROOT / "bin" / "kubectl")
        prune = ["--prune", "-l", f"app.kubernetes.io/instance={APP}"]  # the README's upgrade command
        if self.name == "kustomize":
            return Command([kubectl, "apply", "-k", str(write_overlay(s, self.tmp / "overlay")), *prune],
                           self.cluster.env(), ROOT)
        if self.name == "rendered":
            path = self.tmp / "install.yaml"
            path.write_text(render.render(s))
            return Command([kubectl, "apply", "-f", str(path), *prune], self.cluster.env(), ROOT)
        if self.name in ("helm", "helm3"):
            path = self.tmp / "values.yaml"
            path.write_text(values.export(s))
            return Command([str(ROOT / "bin" / self.name), "upgrade", "--install", APP, str(CHART), "-n", self.ns,
                            "-f", str(path), "--wait", "--timeout", "120s"], self.cluster.env(), ROOT)
        if self.name == "terraform":
            from tests.test_terraform import NO_NETWORK, TOFU, Tofu, require_tools

            if self.tofu is None:
                require_tools()
                self.tofu = Tofu.copy_of_repo(self.tmp / "tf", NO_NETWORK)
                self.tofu.init()
            self.vars_file = self.tofu.write_vars("live", s)
            return Command([str(TOFU), f"-chdir={self.tofu.dir}", "apply", "-auto-approve", *self._tofu_args()],
                           self.tofu.env(), ROOT)
        if self.name == "pulumi":
            from tests.test_pulumi_route import Pulumi

            config = pconfig.stack_config(s, "tests/live/test_faults_live.py")
            if self.stack is None:
                self.stack = Pulumi(self.tmp / "pulumi", kubeconfig=self.cluster.kubeconfig)
                self.stack.init("live", config)
            else:
                (self.stack.dir / "Pulumi.live.yaml").write_text(config)
            return Command([str(ROOT / "bin" / "pulumi"), "--color", "never", "--non-interactive", "up", "--yes",
                            "--skip-preview"], self.stack.env(), self.stack.dir)
        raise ValueError(self.name)

    def _tofu_args(self) -> list[str]:
        return ["-input=false", "-no-color", f"-var-file={self.vars_file}",
                f"-var=kubeconfig_path={self.cluster.kubeconfig}"]

    # -- recovering --------------------------------------------------------------------------------
    def recover(self, failed: Outcome) -> list[str]:
        """The README's recovery step for what ``failed`` says; fails on any other error."""
        text = failed.text
        if self.name in ("helm", "helm3"):
            assert "another operation (install/upgrade/rollback) is in progress" in text, failed.describe()
            status = json.loads(self.cluster.helm("status", APP, "-n", self.ns, "-o", "json", binary=self.name).stdout)
            state = status["info"]["status"]
            if state == "pending-install":
                self.cluster.helm("uninstall", APP, "-n", self.ns, "--wait", binary=self.name)
                return [f"{self.name} uninstall ({state})"]
            assert state in ("pending-upgrade", "pending-rollback"), state
            rollback = self.cluster.helm("rollback", APP, "-n", self.ns, "--wait", binary=self.name, check=False)
            if rollback.returncode == 0:
                return [f"{self.name} rollback ({state})"]
            # Helm 4.1 after an interrupted upgrade whose ConfigMap name changed: the old
            # ConfigMap is still there but not in the pending revision, and the rollback stops
            # with this; it still ends the pending state (the revision is `failed`), so the
            # upgrade can run again (helm/helm#13437 is the same family).
            assert "original object" in rollback.stderr and "not found" in rollback.stderr, rollback.stderr
            status = json.loads(self.cluster.helm("status", APP, "-n", self.ns, "-o", "json", binary=self.name).stdout)
            assert not status["info"]["status"].startswith("pending"), status["info"]
            return [f"{self.name} rollback ({state}; it failed with 'original object ... not found' but ended the pending state)"]
        if self.name == "terraform":
            steps = []
            lock = re.search(r"Error acquiring the state lock.*?ID:\s+(\S+)", text, re.S)
            if lock:
                self.tofu.run("force-unlock", "-force", lock.group(1))
                steps.append("tofu force-unlock")
            found = re.findall(r'already exists\n\n\s+with (module\.\S+\["([^"]+)"\]),', text)
            for address, object_id in found:
                self.tofu.run("import", *self._tofu_args(), address, object_id)
            if found:
                steps.append(f"tofu import x{len(found)} (created, not in state)")
            assert steps, failed.describe()
            return steps
        if self.name == "pulumi":
            steps = []
            if "failed to load checkpoint" in text:
                # the kill cut the file backend's metadata sidecar of the checkpoint (the
                # checkpoint itself is written by a rename, whole): an empty <stack>.json.attrs
                broken = [p for p in (self.stack.tmp / "state").rglob("*.attrs") if p.stat().st_size == 0]
                assert broken, failed.describe()
                for path in broken:
                    path.unlink()
                steps.append(f"rm the empty {', '.join(p.name for p in broken)} (failed to load checkpoint: EOF)")
            else:
                assert "the stack is currently locked" in text, failed.describe()
            self.stack.run("cancel", "--yes", check=False)  # nothing to cancel is fine
            self.stack.run("refresh", "--clear-pending-creates", "--yes", "--skip-preview")
            return steps + ["pulumi cancel", "pulumi refresh --clear-pending-creates"]
        raise AssertionError(f"{self.name}: running the command again failed:\n{failed.describe()}")

    def run_again(self, s: dict[str, Any]) -> list[str]:
        """The same command again; on the route's known trap, its recovery step, then once more."""
        again = self.command(s).run(self.logs)
        if again.returncode == 0:
            return []
        steps = self.recover(again)
        last = self.command(s).run(self.logs)
        assert last.returncode == 0, f"after {steps}:\n{last.describe()}"
        return steps

    # -- the route's own view: nothing left to do ---------------------------------------------
    def settled(self, s: dict[str, Any]) -> None:
        kubectl = ROOT / "bin" / "kubectl"
        if self.name == "kustomize":
            proc = self.cluster.run(str(kubectl), "diff", "-k", str(write_overlay(s, self.tmp / "overlay")), check=False)
            assert proc.returncode == 0, proc.stdout + proc.stderr
        elif self.name == "rendered":
            proc = self.cluster.run(str(kubectl), "diff", "-f", str(self.tmp / "install.yaml"), check=False)
            assert proc.returncode == 0, proc.stdout + proc.stderr
        elif self.name in ("helm", "helm3"):
            history = json.loads(self.cluster.helm("history", APP, "-n", self.ns, "-o", "json", binary=self.name).stdout)
            # (Helm 3 leaves the interrupted revision `pending-upgrade` in the history after the
            # rollback; it is the latest revision's status that counts)
            assert history[-1]["status"] == "deployed", history
        elif self.name == "terraform":
            plan = self.tofu.run("plan", "-detailed-exitcode", *self._tofu_args(), check=False)
            assert plan.returncode == 0, plan.stdout + plan.stderr
            ids = [re.search(r'\["([^"]+)"\]', line).group(1).split("/")
                   for line in self.tofu.run("state", "list").stdout.split() if ".kustomization_resource." in line]
            state = {f"{i[1]}/{i[3]}" for i in ids}
            assert state == {f"{k}/{n}" for k, n in expected_keys(s)}, state
        elif self.name == "pulumi":
            self.stack.run("preview", "--expect-no-changes")
            deployment = json.loads(self.stack.run("stack", "export").stdout)["deployment"]
            assert not deployment.get("pending_operations"), deployment["pending_operations"]


@pytest.fixture(scope="module")
def reference(cluster, module_namespace, tmp_path_factory):
    """reference(step): the live objects of an uninterrupted `kubectl apply -k` of that step's
    settings in a namespace of its own (made once)."""
    made: dict[int, list[dict[str, Any]]] = {}
    tmp = tmp_path_factory.mktemp("reference")

    def get(step: int) -> list[dict[str, Any]]:
        if step not in made:
            ns = module_namespace("faults-ref")
            cluster.kubectl("apply", "-k", str(write_overlay(settings(ns, step), tmp / ns)))
            wait_ready(cluster, ns)
            made[step] = cluster.objects(ns)
        return made[step]

    return get


@pytest.fixture(scope="module", autouse=True)
def figures():
    """Print every route's figures at the end (and write them where RSVG_FAULTS_REPORT says)."""
    yield FIGURES
    if not FIGURES:
        return
    print("\n[faults] route: kills survived, restarts survived (run_again_s: the command run again, with any recovery step, until it succeeds)")
    for route, f in FIGURES.items():
        print(f"[faults] {route}: {json.dumps(f, sort_keys=True)}")
    if os.environ.get("RSVG_FAULTS_REPORT"):
        Path(os.environ["RSVG_FAULTS_REPORT"]).write_text(json.dumps(FIGURES, indent=2, sort_keys=True))


def record(route: str, kind: str, **facts: Any) -> None:
    entry = FIGURES.setdefault(route, {"kills": 0, "restarts": 0, "cases": []})
    entry["kills" if kind.startswith("kill") else "restarts"] += 1
    entry["cases"].append({"case": kind, **facts})
    print(f"\n[faults] {route} {kind}: {json.dumps(facts, sort_keys=True)}")


def converged(cluster: Cluster, route: Route, s: dict[str, Any], live_reference: list[dict[str, Any]]) -> None:
    """Exactly the objects of an uninterrupted run, Ready, nothing left to do, no drift."""
    ns = s["namespace"]
    wait_ready(cluster, ns)
    route.settled(s)
    live = cluster.objects(ns)
    keys = {(o["kind"], o["metadata"]["name"]) for o in live}
    assert keys == expected_keys(s), f"orphaned: {sorted(keys - expected_keys(s))}, missing: {sorted(expected_keys(s) - keys)}"
    problems = parity.compare_live(live_reference, live, ("uninterrupted kubectl -k", route.name))
    assert problems == [], "\n".join(problems)
    assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == []
    deployment = cluster.deployment(ns, APP)
    assert deployment["status"].get("readyReplicas") == s["replicas"] == deployment["spec"]["replicas"]


@pytest.fixture
def reproduce(request, tmp_path):
    """On failure, say how to run this case alone and where the commands' output is."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"\nreproduce: hack/cluster.sh up && .venv/bin/python -m pytest -q '{request.node.nodeid}'"
              f"\ncommand output: {tmp_path}/<route>/logs/")


@pytest.mark.parametrize("route", ROUTES)
def test_killed_install_and_upgrade_converge_when_run_again(cluster, namespace, reference, tmp_path, route, reproduce):
    ns = namespace(f"kill-{route}")
    r = Route(route, cluster, ns, tmp_path / route)
    r.tmp.mkdir()
    s0, s1 = settings(ns, 0), settings(ns, 1)
    with AdmissionGate(cluster, ns, tmp_path / "gate") as gate:
        # the install, killed while the API server admits its 4th object
        def present() -> set[tuple[str, str]]:
            return {(o["kind"], o["metadata"]["name"]) for o in cluster.objects(ns)}

        killed = r.command(s0).run_killed(gate, KILL_INSTALL_AT, r.logs, while_held=present)
        # the kill fell inside the install: the held object did not exist yet (routes that
        # create in parallel, tofu and Pulumi, may have sent all the others)
        left = killed.extra["while_held"]
        assert killed.returncode == -9 and (killed.killed_at.kind, killed.killed_at.name) not in left, killed.describe()
        assert left < expected_keys(s0), left
        start = time.monotonic()
        steps = r.run_again(s0)
        rerun = time.monotonic() - start
        converged(cluster, r, s0, reference(0))
        record(route, "kill during install", at=f"{killed.killed_at.kind}/{killed.killed_at.name}",
               objects_at_kill=len(left), recovery=steps, run_again_s=round(rerun, 1))

        # an upgrade (replicas 2 -> 3, LOG_LEVEL info -> debug), killed at its 2nd create/update
        with ReadyWatcher(cluster.kubeconfig, ns, APP, reconnect=True) as watcher:
            killed = r.command(s1).run_killed(gate, KILL_UPGRADE_AT, r.logs, ("CREATE", "UPDATE"))
            start = time.monotonic()
            steps = r.run_again(s1)
            rerun = time.monotonic() - start
            converged(cluster, r, s1, reference(1))
        assert watcher.minimum >= s0["replicas"], f"ready pods dropped to {watcher.minimum} (before: {s0['replicas']})"
        record(route, "kill during upgrade", at=f"{killed.killed_at.operation} {killed.killed_at.kind}/{killed.killed_at.name}",
               recovery=steps, run_again_s=round(rerun, 1), min_ready=watcher.minimum)


@pytest.mark.parametrize("route", ROUTES)
def test_api_server_restart_during_upgrade_then_run_again(cluster, namespace, reference, tmp_path, route, reproduce):
    if os.environ.get("RSVG_KUBECONFIG"):
        pytest.skip("restarts the local control plane's kube-apiserver (hack/cluster.sh)")
    ns = namespace(f"restart-{route}")
    r = Route(route, cluster, ns, tmp_path / route)
    r.tmp.mkdir()
    s0, s1 = settings(ns, 0), settings(ns, 1)
    installed = r.command(s0).run(r.logs)
    assert installed.returncode == 0, installed.describe()
    wait_ready(cluster, ns)
    with AdmissionGate(cluster, ns, tmp_path / "gate") as gate, \
            ReadyWatcher(cluster.kubeconfig, ns, APP, reconnect=True) as watcher:
        gate.arm(1, ("CREATE", "UPDATE"))
        start = time.monotonic()
        upgrade = r.command(s1)
        proc, out, err = upgrade.start(r.logs)
        while not gate.reached.wait(0.05):
            assert proc.poll() is None, f"the upgrade ended before its first request:\n{out.read_text()}{err.read_text()}"
            assert time.monotonic() - start < 120, "the upgrade sent no request in 120s"
        try:
            restart = restart_apiserver(cluster)
        finally:
            gate.release()
        proc.wait(300)
        first_s = time.monotonic() - start
        first = Outcome(upgrade.argv, proc.returncode, out.read_text(), err.read_text(), time.monotonic() - start)
        if first.returncode != 0:
            assert UNREACHABLE.search(first.text), f"no clear message:\n{first.describe()}"
        steps = r.run_again(s1)
        rerun = time.monotonic() - start
        converged(cluster, r, s1, reference(1))
    assert watcher.minimum >= s0["replicas"], f"ready pods dropped to {watcher.minimum} (before: {s0['replicas']})"
    message = ""
    if first.returncode != 0:
        found = [(line, m) for line in first.text.splitlines() if (m := UNREACHABLE.search(line))]
        if found:
            line, m = found[0]
            message = ("..." if m.start() > 100 else "") + line[max(0, m.start() - 100):m.end() + 20].strip()
    record(route, "API server restart during upgrade", api_down=round(restart["down"], 1),
           first_run="finished" if first.returncode == 0 else f"failed: {message}", first_run_s=round(first_s, 1),
           recovery=steps,
           upgrade_and_run_again_s=round(rerun, 1), min_ready=watcher.minimum,
           watch_reconnects=watcher.reconnects)


@pytest.mark.parametrize("route", ["helm", "terraform", "pulumi"])
def test_make_demo_killed_then_run_again_recovers_by_itself(cluster, namespace, tmp_path, route, reproduce):
    """hack/demo.sh (`make demo`) killed in the middle of its install, then run again as it is:
    it finds the route's leftover (pending release, objects not in state, locked stack with
    pending operations), says what it repairs, and installs; no drift, nothing orphaned.
    (kubectl's routes need no repair: test_killed_install_and_upgrade_converge_when_run_again.)"""
    ns = namespace(f"demo-{route}")
    env = cluster.env()
    env.update({"ROUTE": route, "NAMESPACE": ns, "KUBECONFIG": str(cluster.kubeconfig),
                "RSVG_DEMO_STATE": str(tmp_path / "state")})
    demo = Command([str(ROOT / "hack" / "demo.sh")], env, ROOT)
    logs = tmp_path / "logs"
    with AdmissionGate(cluster, ns, tmp_path / "gate") as gate:
        killed = demo.run_killed(gate, 3, logs, timeout=300)
        start = time.monotonic()
        again = demo.run(logs, timeout=600)
    took = time.monotonic() - start
    assert again.returncode == 0, again.describe()
    said = [line for line in again.text.splitlines() if "recovering from an interrupted run" in line]
    assert said, again.describe()
    s = variants.settings("dev", ns)
    keys = {(o["kind"], o["metadata"]["name"]) for o in cluster.objects(ns)}
    assert keys == expected_keys(s)
    assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == []
    print(f"\n[faults] make demo ROUTE={route}, killed at {killed.killed_at.kind}/{killed.killed_at.name}, "
          f"run again: {took:.1f}s, " + "; ".join(re.sub(r"\x1b\[[0-9;]*m", "", line) for line in said))
