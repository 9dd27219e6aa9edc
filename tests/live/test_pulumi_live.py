"""The Pulumi route on a real API server, with bin/pulumi, the language host and the kubernetes
provider built from the Go module proxy, a local file backend and no network: `pulumi up` until
every object is Ready (awaited, not skipped), the same live objects as the kubectl, Helm and
Terraform routes, no change on a second preview, a replicas change is one updated object without
losing ready pods, a config change rolls the pods and deletes the old ConfigMap only after the
rollout, another field manager on spec.replicas does not make the next apply conflict (and
would without patchForce), destroy leaves nothing."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from composer import parity, render
from composer.pulumi_route import config as pconfig
from tests.helpers import objects
from tests.live import routes, variants
from tests.live.cluster import Cluster
from tests.test_pulumi_route import Pulumi

APP = "realtime-svg"


class FakeIngressController:
    """Gives every Ingress of a namespace an address, as an ingress controller would (the test
    cluster has none, as kwok stands in for kubelets): Pulumi awaits that address."""

    def __init__(self, cluster: Cluster, namespace: str):
        self.cluster, self.namespace = cluster, namespace
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        status = json.dumps({"status": {"loadBalancer": {"ingress": [{"ip": "127.0.0.1"}]}}})
        while not self._stop.wait(0.2):
            listed = self.cluster.kubectl("get", "ingress", "-n", self.namespace, "-o", "json", check=False)
            if listed.returncode != 0:
                continue
            for ing in json.loads(listed.stdout)["items"]:
                if not (ing.get("status", {}).get("loadBalancer") or {}).get("ingress"):
                    self.cluster.kubectl("patch", "ingress", ing["metadata"]["name"], "-n", self.namespace,
                                         "--subresource=status", "--type=merge", "-p", status, check=False)

    def __enter__(self) -> "FakeIngressController":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@pytest.fixture
def stack(cluster, tmp_path):
    """A Pulumi project copy with its own backend; whatever is left is destroyed afterwards."""
    p = Pulumi(tmp_path, kubeconfig=cluster.kubeconfig)
    yield p
    if p.stack:
        p.run("destroy", "--yes", "--skip-preview", check=False)


def up(p: Pulumi, *extra: str) -> float:
    start = time.monotonic()
    p.run("up", "--yes", "--skip-preview", *extra)
    return time.monotonic() - start


def last_changes(p: Pulumi) -> dict[str, int]:
    history = json.loads(p.run("stack", "history", "--json", "--show-secrets").stdout)
    return {k: v for k, v in history[0]["resourceChanges"].items() if k != "same"}


def spec_versions(cluster: Cluster, ns: str) -> dict[tuple[str, str], str]:
    """What changes when an object's desired state does: metadata.generation where the API server
    keeps one (a controller's status update does not count), else the resourceVersion."""
    return {(o["kind"], o["metadata"]["name"]): str(o["metadata"].get("generation") or o["metadata"]["resourceVersion"])
            for o in cluster.objects(ns)}


def init(p: Pulumi, s: dict[str, Any], name: str = "live") -> None:
    p.init(name, pconfig.stack_config(s, "tests/live/test_pulumi_live.py"))


def terraform_route(cluster: Cluster, ns: str, s: dict[str, Any], tmp: Path) -> list[dict[str, Any]]:
    """The same settings by the Terraform route (tests/test_terraform.py's tofu helper)."""
    from tests.test_terraform import NO_NETWORK, Tofu, require_tools

    require_tools()
    t = Tofu.copy_of_repo(tmp, NO_NETWORK)
    t.init()
    t.run("apply", "-auto-approve", "-input=false", "-no-color", f"-var-file={t.write_vars('live', s)}",
          f"-var=kubeconfig_path={cluster.kubeconfig}")
    return cluster.objects(ns)


@pytest.mark.parametrize("variant", variants.VARIANTS)
def test_pulumi_lifecycle(cluster, namespace, stack, variant, tmp_path):
    ns = namespace("pu")
    s = variants.settings(variant, ns)
    variants.prepare(cluster, ns, s)
    init(stack, s)

    # up: every object, each one Ready when up returns (awaited by the provider)
    with FakeIngressController(cluster, ns):
        took = up(stack)
    live = cluster.objects(ns)
    expected = objects(render.render(s))
    assert {(o["kind"], o["metadata"]["name"]) for o in live} == {(o["kind"], o["metadata"]["name"]) for o in expected}
    for dep in (d for d in live if d["kind"] == "Deployment"):
        want = dep["spec"]["replicas"]
        assert dep["status"].get("readyReplicas") == want == dep["status"].get("updatedReplicas"), dep["status"]
    print(f"\n[{variant}] pulumi up to Ready: {took:.1f}s ({len(live)} objects)")

    # no change right after
    start = time.monotonic()
    stack.run("preview", "--expect-no-changes")
    print(f"[{variant}] pulumi preview on the unchanged stack: {time.monotonic() - start:.1f}s")

    # the same live objects as kubectl apply -k, Helm and Terraform, each in its own namespace
    others = {}
    for route, install in {"kubectl -k": routes.kustomize, "helm": routes.helm}.items():
        others[route] = routes.install_fresh(cluster, namespace, variant, install, tmp_path, "pu-parity")
    tf_ns = namespace("pu-parity-tf")
    tf_settings = variants.settings(variant, tf_ns)
    variants.prepare(cluster, tf_ns, tf_settings)
    (tmp_path / "tf").mkdir()
    others["terraform"] = terraform_route(cluster, tf_ns, tf_settings, tmp_path / "tf")
    for route, objs in others.items():
        problems = parity.compare_live(live, objs, ("pulumi", route))
        assert problems == [], "\n".join(problems)

    # destroy: nothing left, in the cluster or in the stack
    start = time.monotonic()
    stack.run("destroy", "--yes", "--skip-preview")
    print(f"[{variant}] pulumi destroy: {time.monotonic() - start:.1f}s")
    assert cluster.wait_gone(ns) == []
    assert not json.loads(stack.run("stack", "export").stdout)["deployment"].get("resources")
    stack.stack = None


def test_replicas_change_is_one_update_without_losing_ready_pods(cluster, namespace, stack):
    ns = namespace("pu-scale")
    s = variants.settings("defaults", ns)
    init(stack, s)
    up(stack)
    before = spec_versions(cluster, ns)

    stack.run("config", "set", "replicas", "3")
    with cluster.ready_watcher(ns, APP) as watcher:
        took = up(stack)
    assert last_changes(stack) == {"update": 1}
    assert watcher.minimum >= s["replicas"], f"ready pods dropped to {watcher.minimum} (before: {s['replicas']})"
    dep = cluster.deployment(ns, APP)
    assert dep["spec"]["replicas"] == 3 == dep["status"].get("readyReplicas")
    after = spec_versions(cluster, ns)
    changed = {key for key in before if after.get(key) != before[key]}
    assert changed == {("Deployment", APP)}, changed
    print(f"\npulumi up of replicas 2 -> 3: {took:.1f}s, ready pods never below {watcher.minimum}")


def test_config_change_rolls_pods_and_drops_the_old_configmap_after_the_rollout(cluster, namespace, stack):
    """A new ConfigMap (new hash, new resource), the Deployment rolls; the old ConfigMap is
    neither mutated nor replaced in place, and is deleted only once the rollout is complete."""
    ns = namespace("pu-config")
    s = variants.settings("defaults", ns)
    init(stack, s)
    up(stack)
    old_cm = next(o["metadata"]["name"] for o in cluster.objects(ns) if o["kind"] == "ConfigMap")
    old_template = cluster.deployment(ns, APP)["spec"]["template"]

    seen: dict[str, Any] = {}
    stop = threading.Event()

    def watch_old_configmap() -> None:
        while not stop.is_set():
            gone = cluster.kubectl("get", "configmap", old_cm, "-n", ns, check=False).returncode != 0
            if gone:
                seen["deployment_status"] = cluster.deployment(ns, APP)["status"]
                return
            time.sleep(0.1)

    watcher_thread = threading.Thread(target=watch_old_configmap, daemon=True)
    stack.run("config", "set", "--path", "config.logLevel", "debug")
    with cluster.ready_watcher(ns, APP) as watcher:
        watcher_thread.start()
        up(stack)
        watcher_thread.join(timeout=30)
    stop.set()

    assert last_changes(stack) == {"create": 1, "update": 1, "delete": 1}  # no "replace"
    new_cm = next(o for o in cluster.objects(ns) if o["kind"] == "ConfigMap")
    assert new_cm["metadata"]["name"] != old_cm and new_cm["data"]["LOG_LEVEL"] == "debug"
    dep = cluster.deployment(ns, APP)
    assert dep["spec"]["template"] != old_template
    assert new_cm["metadata"]["name"] in json.dumps(dep["spec"]["template"])
    status = seen["deployment_status"]  # when the old ConfigMap disappeared: the rollout was done
    assert status.get("updatedReplicas") == status.get("readyReplicas") == s["replicas"], status
    assert watcher.minimum >= s["replicas"], f"ready pods dropped to {watcher.minimum}"


def scale_by_another_manager(cluster: Cluster, ns: str, replicas: int) -> None:
    """What an autoscaler or another tool does: write spec.replicas through the scale subresource
    under its own field manager (the provider itself adopts fields of the manager `kubectl`)."""
    cluster.kubectl("patch", "deployment", APP, "-n", ns, "--subresource=scale", "--type=merge",
                    "--field-manager=autoscaler", "-p", json.dumps({"spec": {"replicas": replicas}}))


def replicas_managers(cluster: Cluster, ns: str) -> set[str]:
    """The field managers that own the Deployment's spec.replicas."""
    dep = cluster.json("get", "deployment", APP, "-n", ns, "--show-managed-fields")
    return {f["manager"] for f in dep["metadata"]["managedFields"]
            if "f:replicas" in (f.get("fieldsV1") or {}).get("f:spec", {})}


def test_another_field_manager_does_not_make_the_next_apply_conflict(cluster, namespace, stack):
    """Server-side apply: after another field manager owns spec.replicas, a changed `replicas` is
    applied (patchForce), not refused as a field-manager conflict."""
    ns = namespace("pu-ssa")
    init(stack, variants.settings("defaults", ns))
    up(stack)
    scale_by_another_manager(cluster, ns, 4)
    assert "autoscaler" in replicas_managers(cluster, ns)

    stack.run("config", "set", "replicas", "3")
    up(stack)
    assert cluster.deployment(ns, APP)["spec"]["replicas"] == 3
    owners = replicas_managers(cluster, ns)
    assert owners and all(m.startswith("pulumi") for m in owners), owners
    stack.run("preview", "--expect-no-changes")


WITHOUT_PATCH_FORCE = """\
from composer.pulumi_route import program
program.PATCH_FORCE["patch"] = program.PATCH_FORCE["patch"].replace("true", "false")
program.run()
"""


def test_without_patch_force_another_field_manager_makes_the_next_apply_conflict(cluster, namespace, tmp_path):
    """The trap is real: the same steps with patchForce "false" fail on spec.replicas."""
    p = Pulumi(tmp_path, kubeconfig=cluster.kubeconfig, main=WITHOUT_PATCH_FORCE)
    ns = namespace("pu-ssa-neg")
    init(p, variants.settings("defaults", ns))
    try:
        up(p)
        annotations = cluster.deployment(ns, APP)["metadata"]["annotations"]
        assert annotations["pulumi.com/patchForce"] == "false"
        scale_by_another_manager(cluster, ns, 4)
        p.run("config", "set", "replicas", "3")
        proc = p.run("up", "--yes", "--skip-preview", check=False)
        assert proc.returncode != 0
        assert "conflict" in proc.stdout.lower() and ".spec.replicas" in proc.stdout, proc.stdout
        assert cluster.deployment(ns, APP)["spec"]["replicas"] == 4
    finally:
        p.run("destroy", "--yes", "--skip-preview", check=False)
