"""The Helm route on a real API server: install --wait, zero-downtime upgrades, rolls on
config change, no-op upgrade, clean uninstall, ownership errors."""
from __future__ import annotations

import re

import pytest

from composer import render
from composer.helm import values
from tests.helpers import CHART, objects
from tests.live import variants

RELEASE = "realtime-svg"


def _install(cluster, ns, s, tmp_path, *extra, release=RELEASE, check=True):
    values_file = tmp_path / f"values-{ns}.yaml"
    values_file.write_text(values.export(s))
    return cluster.helm("install", release, str(CHART), "-n", ns, "-f", str(values_file),
                        "--wait", "--timeout", "120s", *extra, check=check)


def _upgrade(cluster, ns, *args, check=True):
    return cluster.helm("upgrade", RELEASE, str(CHART), "-n", ns, "--reuse-values", "--wait", "--timeout", "120s",
                        *args, check=check)


def _pod_images(cluster, ns):
    pods = cluster.json("get", "pods", "-n", ns, "-l", "app=realtime-svg")["items"]
    return {p["spec"]["containers"][0]["image"] for p in pods if not p["metadata"].get("deletionTimestamp")}


@pytest.mark.parametrize("variant", variants.VARIANTS)
def test_helm_lifecycle(cluster, namespace, variant, tmp_path):
    ns = namespace("helm")
    s = variants.settings(variant, ns)
    variants.prepare(cluster, ns, s)
    _install(cluster, ns, s, tmp_path)
    expected = {(o["kind"], o["metadata"]["name"]) for o in objects(render.render(s))}
    assert expected <= {(o["kind"], o["metadata"]["name"]) for o in cluster.objects(ns)}
    assert cluster.deployment(ns, "realtime-svg")["status"]["readyReplicas"] == s["replicas"]

    # The test Pod passes the restricted admission of this namespace (server-side dry run).
    test_pod = cluster.helm("template", RELEASE, str(CHART), "-n", ns, "--show-only", "templates/tests/test-ready.yaml").stdout
    cluster.kubectl("apply", "-n", ns, "--dry-run=server", "-f", "-", input=test_pod)

    # Scale up, seed 000 scenario 1.2: never fewer ready pods than the previous release had.
    before = s["replicas"]
    with cluster.ready_watcher(ns, "realtime-svg") as watcher:
        _upgrade(cluster, ns, "--set", f"replicas={before + 1}")
    assert watcher.minimum >= before, f"ready pods dropped to {watcher.minimum} (previous release: {before})"
    assert cluster.deployment(ns, "realtime-svg")["status"]["readyReplicas"] == before + 1
    print(f"\n[{variant}] scale {before}->{before + 1}: min ready {watcher.minimum}, {watcher.events} pod events")

    # A new image tag rolls every pod with the same guarantee.
    replicas = before + 1
    with cluster.ready_watcher(ns, "realtime-svg") as watcher:
        _upgrade(cluster, ns, "--set", "image.tag=v0.1.5")
    assert watcher.minimum >= replicas, f"ready pods dropped to {watcher.minimum} during the image roll"
    cluster.rollout(ns, "realtime-svg")
    assert _pod_images(cluster, ns) == {f"{s['image']['repository']}:v0.1.5"}
    print(f"[{variant}] image roll at {replicas} replicas: min ready {watcher.minimum}, {watcher.events} pod events")

    # A config or secret change rolls the pods; the old generated objects go.
    old = {o["metadata"]["name"] for o in cluster.objects(ns) if o["kind"] in ("ConfigMap", "Secret")}
    old_rs = {r["metadata"]["name"] for r in cluster.json("get", "rs", "-n", ns, "-l", "app=realtime-svg")["items"]}
    with cluster.ready_watcher(ns, "realtime-svg") as watcher:
        _upgrade(cluster, ns, "--set", "config.logLevel=debug", "--set", "secrets.apiKey=rotated")
    cluster.rollout(ns, "realtime-svg")
    new = {o["metadata"]["name"] for o in cluster.objects(ns) if o["kind"] in ("ConfigMap", "Secret")}
    assert new.isdisjoint(old - {s["redis"]["existingSecret"]}) and len(new) == len(old)
    new_rs = {r["metadata"]["name"] for r in cluster.json("get", "rs", "-n", ns, "-l", "app=realtime-svg")["items"]}
    assert new_rs - old_rs, "a new ReplicaSet (rolled pods) is expected"
    assert watcher.minimum >= replicas

    # Unchanged values: nothing changes on the server.
    versions = cluster.versions(ns)
    _upgrade(cluster, ns)
    assert cluster.versions(ns) == versions

    # Uninstall leaves nothing: no object of the release, no Secret or ConfigMap of it or of Helm.
    cluster.helm("uninstall", RELEASE, "-n", ns, "--wait", "--timeout", "60s")
    assert cluster.wait_gone(ns) == []
    leftovers = [o["metadata"]["name"] for o in cluster.json("get", "secrets,configmaps", "-n", ns)["items"]
                 if o["metadata"]["name"] not in ("kube-root-ca.crt", s["redis"]["existingSecret"])]
    assert leftovers == []


def test_second_install_is_refused_and_changes_nothing(cluster, namespace, tmp_path):
    ns = namespace("helm2")
    s = variants.settings("defaults", ns)
    _install(cluster, ns, s, tmp_path)
    versions = cluster.versions(ns)

    again = _install(cluster, ns, s, tmp_path, check=False)
    # Helm 4 says "reuse", Helm 3 "re-use".
    assert again.returncode != 0 and re.search(r"cannot re-?use a name that is still in use", again.stderr)

    # Another release that would create objects of the same name: Helm's ownership check.
    other = _install(cluster, ns, s, tmp_path, release="other", check=False)
    assert other.returncode != 0
    assert "invalid ownership metadata" in other.stderr or "exists and cannot be imported" in other.stderr
    assert cluster.versions(ns) == versions
    cluster.helm("uninstall", RELEASE, "-n", ns, "--wait")


def test_external_redis_that_is_unreachable_still_installs(cluster, namespace, tmp_path):
    """redis.enabled=false with a host nobody answers: the objects install and the
    Deployment becomes Ready as far as Kubernetes knows (README: what the app does)."""
    ns = namespace("helm3")
    s = variants.settings("defaults", ns, redis__enabled=False, redis__host="redis.invalid")
    _install(cluster, ns, s, tmp_path)
    config = next(o for o in cluster.objects(ns) if o["kind"] == "ConfigMap")
    assert config["data"]["REDIS_HOST"] == "redis.invalid"
    assert not [o for o in cluster.objects(ns) if o["metadata"]["name"] == "realtime-svg-redis"]
    cluster.helm("uninstall", RELEASE, "-n", ns, "--wait")


def test_helm3_installs_the_same_chart(cluster, namespace, tmp_path):
    """The chart keeps working on Helm 3 against a real API server."""
    ns = namespace("helmv3")
    s = variants.settings("defaults", ns)
    values_file = tmp_path / "v.yaml"
    values_file.write_text(values.export(s))
    cluster.helm("install", RELEASE, str(CHART), "-n", ns, "-f", str(values_file), "--wait", "--timeout", "120s",
                 binary="helm3")
    assert cluster.deployment(ns, "realtime-svg")["status"]["readyReplicas"] == 2
    cluster.helm("uninstall", RELEASE, "-n", ns, "--wait", binary="helm3")
    assert cluster.wait_gone(ns) == []
