"""The Terraform route on a real API server, with OpenTofu and the kbst/kustomization
provider from the local mirror: apply until Ready, the same live objects as the kubectl and
Helm routes, no drift on a second plan, a replicas change is an in-place update of one
object without losing ready pods, Secret data never in plan output, destroy leaves nothing;
a system of workloads installs the same objects as `kubectl apply -k`, and adding a
workload to an installed app creates its objects and touches none of the app's."""
from __future__ import annotations

import base64
import json
import threading
import time

import pytest

from composer import parity, render, settings as settings_mod, system
from composer.helm import values
from tests.helpers import CHART, objects
from tests.live import variants
from tests.live.cluster import write_overlay
from tests.test_terraform import NO_NETWORK, Tofu, require_tools, two_workloads

APP = "realtime-svg"


@pytest.fixture
def tofu(cluster, tmp_path):
    require_tools()
    t = Tofu.copy_of_repo(tmp_path, NO_NETWORK)  # the API server is on loopback: never proxied
    t.init()
    t.kubeconfig = str(cluster.kubeconfig)
    t.last_vars = []
    yield t
    # whatever a failed test left behind in its namespace goes with the namespace
    if (t.dir / "terraform.tfstate").exists() and t.run("state", "list", check=False).stdout.strip():
        t.run("destroy", "-auto-approve", "-input=false", "-no-color", f"-var=kubeconfig_path={t.kubeconfig}",
              *t.last_vars, check=False)


def _apply(t: Tofu, vars_file, *extra) -> float:
    t.last_vars = [f"-var-file={vars_file}"]
    start = time.monotonic()
    t.run("apply", "-auto-approve", "-input=false", "-no-color", f"-var-file={vars_file}",
          f"-var=kubeconfig_path={t.kubeconfig}", *extra)
    return time.monotonic() - start


def _apply_timed(cluster, t: Tofu, vars_file, ns: str, replicas: int) -> tuple[float, float]:
    """(seconds until the Deployment is Ready as seen on the server, seconds until apply
    returns), both from the start of apply."""
    result: dict[str, float] = {}
    failed: list[BaseException] = []
    start = time.monotonic()

    def run() -> None:
        try:
            _apply(t, vars_file)
        except BaseException as exc:  # re-raised below
            failed.append(exc)
        result["apply"] = time.monotonic() - start

    worker = threading.Thread(target=run)
    worker.start()
    while worker.is_alive() and "ready" not in result:
        proc = cluster.kubectl("get", "deployment", APP, "-n", ns, "-o", "json", check=False)
        if proc.returncode == 0:
            status = json.loads(proc.stdout).get("status", {})
            if status.get("readyReplicas") == replicas == status.get("updatedReplicas"):
                result["ready"] = time.monotonic() - start
        time.sleep(0.2)
    worker.join()
    if failed:
        raise failed[0]
    return result.get("ready", result["apply"]), result["apply"]


def _plan_changes(t: Tofu, vars_file) -> list[dict]:
    """The resource changes a plan for ``vars_file`` holds, other than no-ops."""
    plan = t.dir / "check.plan"
    t.run("plan", "-input=false", "-no-color", f"-var-file={vars_file}", f"-var=kubeconfig_path={t.kubeconfig}",
          f"-out={plan}")
    shown = json.loads(t.run("show", "-json", str(plan)).stdout)
    return [c for c in shown.get("resource_changes", []) if c["change"]["actions"] != ["no-op"]]


def _keys(objs):
    return {(o["kind"], o["metadata"]["name"]) for o in objs}


def _other_routes(cluster, namespace, s_for, tmp_path):
    """The same settings installed by `kubectl apply -k` and by Helm, each in its own namespace."""
    ns_k, ns_h = namespace("tf-k"), namespace("tf-helm")
    s_k, s_h = s_for(ns_k), s_for(ns_h)
    for ns, s in ((ns_k, s_k), (ns_h, s_h)):
        variants.prepare(cluster, ns, s)
    cluster.kubectl("apply", "-k", str(write_overlay(s_k, tmp_path / "kubectl")))
    values_file = tmp_path / "values.yaml"
    values_file.write_text(values.export(s_h))
    cluster.helm("install", APP, str(CHART), "-n", ns_h, "-f", str(values_file), "--wait", "--timeout", "120s")
    cluster.rollout(ns_k, APP)
    return cluster.objects(ns_k), cluster.objects(ns_h)


@pytest.mark.parametrize("variant", variants.VARIANTS)
def test_tofu_lifecycle(cluster, namespace, tofu, variant, tmp_path):
    ns = namespace("tf")
    s = variants.settings(variant, ns)
    variants.prepare(cluster, ns, s)
    vars_file = tofu.write_vars(variant, s)

    # apply: every object, the Deployment Ready when apply returns (wait = true)
    ready_after, took = _apply_timed(cluster, tofu, vars_file, ns, s["replicas"])
    live = cluster.objects(ns)
    assert _keys(objects(render.render(s))) == _keys(live)
    dep = cluster.deployment(ns, APP)
    assert dep["status"].get("readyReplicas") == s["replicas"] == dep["status"].get("updatedReplicas")
    cluster.rollout(ns, APP, timeout="5s")
    print(f"\n[{variant}] tofu apply: Deployment Ready after {ready_after:.1f}s, apply returned after {took:.1f}s "
          f"({len(live)} objects)")

    # the same live objects as the kubectl and Helm routes
    by_kubectl, by_helm = _other_routes(cluster, namespace, lambda n: variants.settings(variant, n), tmp_path)
    assert parity.compare_live(live, by_kubectl, ("terraform", "kubectl")) == []
    assert parity.compare_live(live, by_helm, ("terraform", "helm")) == []

    # a second plan: nothing to do
    start = time.monotonic()
    proc = tofu.run("plan", "-detailed-exitcode", "-input=false", "-no-color", f"-var-file={vars_file}",
                    f"-var=kubeconfig_path={tofu.kubeconfig}", check=False)
    plan_took = time.monotonic() - start
    assert proc.returncode == 0, proc.stdout + proc.stderr
    print(f"[{variant}] tofu plan on the unchanged stack: {plan_took:.1f}s")

    # replicas + 1: an in-place update of exactly the app's Deployment, ready pods never drop
    before = s["replicas"]
    scaled = tofu.write_vars(f"{variant}-scaled", variants.settings(variant, ns, replicas=before + 1))
    changes = _plan_changes(tofu, scaled)
    assert [(c["type"], c["change"]["actions"]) for c in changes] == [("kustomization_resource", ["update"])], changes
    assert changes[0]["index"] == f"apps/Deployment/{ns}/{APP}"
    with cluster.ready_watcher(ns, APP) as watcher:
        _apply(tofu, scaled)
    assert watcher.minimum >= before, f"ready pods dropped to {watcher.minimum} (before: {before})"
    assert cluster.deployment(ns, APP)["status"].get("readyReplicas") == before + 1

    # a configuration change: a new ConfigMap (new hash), the pods roll, the old one is deleted
    old_config = {o["metadata"]["name"] for o in cluster.objects(ns) if o["kind"] == "ConfigMap"}
    debug = tofu.write_vars(f"{variant}-debug", variants.settings(variant, ns, replicas=before + 1,
                                                                  config__logLevel="debug"))
    actions = sorted((c["index"].split("/")[1], c["change"]["actions"][0]) for c in _plan_changes(tofu, debug))
    assert actions == [("ConfigMap", "create"), ("ConfigMap", "delete"), ("Deployment", "update")], actions
    with cluster.ready_watcher(ns, APP) as watcher:
        _apply(tofu, debug)
    new_config = {o["metadata"]["name"] for o in cluster.objects(ns) if o["kind"] == "ConfigMap"}
    assert len(new_config) == 1 and new_config.isdisjoint(old_config)
    assert watcher.minimum >= before + 1, f"ready pods dropped to {watcher.minimum} during the roll"

    # destroy: nothing left
    tofu.run("destroy", "-auto-approve", "-input=false", "-no-color", f"-var-file={debug}",
             f"-var=kubeconfig_path={tofu.kubeconfig}")
    assert cluster.wait_gone(ns) == []
    assert tofu.run("state", "list").stdout.strip() == ""


def test_secret_data_never_shows_in_plan_output(cluster, namespace, tofu):
    ns = namespace("tf-secret")
    password, api_key = "pa55-only-in-the-secret", "key-only-in-the-secret"
    s = variants.settings("defaults", ns, redis__password=password, secrets__apiKey=api_key)
    vars_file = tofu.write_vars("secret", s)
    proc = tofu.run("plan", "-input=false", "-no-color", f"-var-file={vars_file}",
                    f"-var=kubeconfig_path={tofu.kubeconfig}")
    assert "_/Secret/" in proc.stdout and "(sensitive value)" in proc.stdout
    for value in (password, api_key):
        for shown in (value, base64.b64encode(value.encode()).decode()):
            assert shown not in proc.stdout and shown not in proc.stderr


# -- systems of workloads -----------------------------------------------------------------------

# Every kind a workload or the app creates.
KINDS = ("deployments,services,configmaps,secrets,serviceaccounts,poddisruptionbudgets,ingresses,"
         "horizontalpodautoscalers")


def _system_objects(cluster, ns: str, instance: str) -> list[dict]:
    items = cluster.json("get", KINDS, "-n", ns, "-l", f"app.kubernetes.io/instance={instance}")["items"]
    return sorted(items, key=lambda o: (o["kind"], o["metadata"]["name"]))


def _workload_settings(ns: str) -> dict:
    raw = two_workloads()
    raw["namespace"] = ns
    return settings_mod.validate(raw)


def _prepare_workloads(cluster, ns: str) -> None:
    """What the settings ask a user to create first: the Secret api-gateway's
    DATABASE_PASSWORD refers to (secretKeyRef portfolio-db/password)."""
    cluster.kubectl("create", "secret", "generic", "portfolio-db", "-n", ns,
                    "--from-literal=password=not-a-real-password")


def _settled(cluster, ns: str, s: dict, timeout: float = 120) -> None:
    """Every workload rolled out, and each autoscaled one at its autoscaler's minimum (which
    the HorizontalPodAutoscaler sets a moment after the Deployment is created)."""
    deadline = time.monotonic() + timeout
    for name, w in system.active(s).items():
        cluster.rollout(ns, name)
        want = w["autoscaling"]["minReplicas"] if w["autoscaling"]["enabled"] else w["replicas"]
        while True:
            status = cluster.deployment(ns, name).get("status", {})
            if status.get("readyReplicas") == want == status.get("replicas"):
                break
            assert time.monotonic() < deadline, f"{name}: {status}"
            time.sleep(0.5)


def test_tofu_installs_a_system_of_workloads_like_kubectl(cluster, namespace, tofu, tmp_path):
    """The two-workload system by `kubectl apply -k` of the composer's overlay, then, in the
    same namespace (in-cluster URLs and so the ConfigMaps' hashes name it), by tofu: the same
    live objects; a second plan changes nothing; destroy leaves nothing."""
    ns = namespace("tf-wl")
    s = _workload_settings(ns)
    _prepare_workloads(cluster, ns)

    overlay_dir = write_overlay(s, tmp_path / "kubectl")
    cluster.kubectl("apply", "-k", str(overlay_dir))
    _settled(cluster, ns, s)
    by_kubectl = _system_objects(cluster, ns, s["name"])
    cluster.kubectl("delete", "-k", str(overlay_dir), "--wait=true")
    assert cluster.wait_gone(ns, s["name"]) == []

    vars_file = tofu.write_vars("portfolio", s)
    # the Secret of a workload is sensitive in plan output too
    proc = tofu.run("plan", "-input=false", "-no-color", f"-var-file={vars_file}",
                    f"-var=kubeconfig_path={tofu.kubeconfig}")
    assert "_/Secret/" in proc.stdout and "(sensitive value)" in proc.stdout
    for shown in ("s3cr3t", base64.b64encode(b"s3cr3t").decode()):
        assert shown not in proc.stdout and shown not in proc.stderr

    took = _apply(tofu, vars_file)
    _settled(cluster, ns, s)
    live = _system_objects(cluster, ns, s["name"])
    assert _keys(objects(render.render(s))) == _keys(live)
    print(f"\n[workloads] tofu apply: {took:.1f}s ({len(live)} objects)")
    problems = parity.compare_live(live, by_kubectl, ("terraform", "kubectl"))
    assert problems == [], "\n".join(problems)

    # a second plan: nothing to do (the replicas the autoscaler set are not the module's)
    start = time.monotonic()
    proc = tofu.run("plan", "-detailed-exitcode", "-input=false", "-no-color", f"-var-file={vars_file}",
                    f"-var=kubeconfig_path={tofu.kubeconfig}", check=False)
    print(f"[workloads] tofu plan on the unchanged stack: {time.monotonic() - start:.1f}s")
    assert proc.returncode == 0, proc.stdout + proc.stderr

    # destroy: nothing left of the system (the user's Secret stays)
    start = time.monotonic()
    tofu.run("destroy", "-auto-approve", "-input=false", "-no-color", f"-var-file={vars_file}",
             f"-var=kubeconfig_path={tofu.kubeconfig}")
    print(f"[workloads] tofu destroy: {time.monotonic() - start:.1f}s")
    assert cluster.wait_gone(ns, s["name"]) == []
    assert _system_objects(cluster, ns, s["name"]) == []
    assert tofu.run("state", "list").stdout.strip() == ""
    cluster.json("get", "secret", "portfolio-db", "-n", ns)


def test_adding_a_workload_to_an_installed_app_creates_only_its_objects(cluster, namespace, tofu):
    """The kustomization_resource addresses are the objects' IDs: the app's stay where they
    were when workloads join it, so no object of the app is replaced or even updated."""
    ns = namespace("tf-add")
    app = variants.settings("defaults", ns)
    _apply(tofu, tofu.write_vars("app", app))
    before = cluster.versions(ns, APP)

    raw = {"namespace": ns, "workloads": {"worker": {"image": {"repository": "example.com/worker", "tag": "1"},
                                                      "env": {"APP_URL": "http://realtime-svg:8080"}}}}
    both = tofu.write_vars("both", settings_mod.validate(raw))
    changes = _plan_changes(tofu, both)
    assert {c["change"]["actions"][0] for c in changes} == {"create"}, changes
    assert all(c["index"].split("/")[-1].startswith("worker") for c in changes), changes
    _apply(tofu, both)
    after = cluster.versions(ns, APP)  # the worker has the app's instance label too
    assert {k: v for k, v in after.items() if k in before} == before
    assert ("Deployment", "worker") in after
    assert cluster.deployment(ns, "worker")["status"].get("readyReplicas") == 1

    tofu.run("destroy", "-auto-approve", "-input=false", "-no-color", f"-var-file={both}",
             f"-var=kubeconfig_path={tofu.kubeconfig}")
    assert cluster.wait_gone(ns) == []
