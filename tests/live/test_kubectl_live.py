"""The kubectl routes on a real API server: `kubectl apply -k overlays/...` and
`kubectl apply -f rendered/`: install, Ready, idempotent, config change rolls and prunes,
delete leaves nothing."""
from __future__ import annotations

import pytest

from composer import render
from tests.helpers import ROOT, objects
from tests.live import variants
from tests.live.cluster import write_overlay

PRUNE = ["--prune", "-l", "app.kubernetes.io/instance=realtime-svg"]


def _keys(objs):
    return {(o["kind"], o["metadata"]["name"]) for o in objs}


def _template_refs(cluster, ns):
    spec = cluster.deployment(ns, "realtime-svg")["spec"]["template"]["spec"]["containers"][0]
    return spec["envFrom"][0]["configMapRef"]["name"]


def _check_installed(cluster, ns, s):
    expected = objects(render.render(s))
    live = cluster.objects(ns)
    assert _keys(expected) <= _keys(live), f"missing: {_keys(expected) - _keys(live)}"
    cluster.rollout(ns, "realtime-svg")
    if s["redis"]["enabled"]:
        cluster.rollout(ns, "realtime-svg-redis")
    assert cluster.deployment(ns, "realtime-svg")["status"].get("readyReplicas") == s["replicas"]


@pytest.mark.parametrize("variant", variants.VARIANTS)
def test_apply_k_lifecycle(cluster, namespace, variant, tmp_path):
    ns = namespace("k")
    s = variants.settings(variant, ns)
    variants.prepare(cluster, ns, s)
    overlay_dir = write_overlay(s, tmp_path)
    cluster.kubectl("apply", "-k", str(overlay_dir))
    _check_installed(cluster, ns, s)

    # A second apply changes nothing.
    assert cluster.kubectl("diff", "-k", str(overlay_dir), check=False).returncode == 0

    # A config change: new hash-suffixed ConfigMap, the pods roll, the old one is pruned.
    old_config = _template_refs(cluster, ns)
    changed = variants.settings(variant, ns, config__logLevel="debug")
    write_overlay(changed, tmp_path)
    with cluster.ready_watcher(ns, "realtime-svg") as watcher:
        cluster.kubectl("apply", "-k", str(overlay_dir), *PRUNE)
        cluster.rollout(ns, "realtime-svg")
    new_config = _template_refs(cluster, ns)
    assert new_config != old_config
    configmaps = {o["metadata"]["name"] for o in cluster.objects(ns) if o["kind"] == "ConfigMap"}
    assert configmaps == {new_config}, "the old generated ConfigMap must not linger"
    assert watcher.minimum >= s["replicas"], f"ready pods dropped to {watcher.minimum} during the roll"

    cluster.kubectl("delete", "-k", str(overlay_dir))
    assert cluster.wait_gone(ns) == []


def test_apply_f_rendered_into_the_default_namespace(cluster, tmp_path):
    """rendered/ has no namespace field: it lands in the current namespace (FR-016)."""
    ns = "default"
    before = cluster.json("get", "namespace", ns)["metadata"].get("labels", {})
    cluster.restrict(ns)
    try:
        cluster.kubectl("apply", "-f", str(ROOT / "rendered"))
        _check_installed(cluster, ns, variants.settings("defaults"))
        assert cluster.kubectl("diff", "-f", str(ROOT / "rendered"), check=False).returncode == 0

        old_config = _template_refs(cluster, ns)
        changed_dir = tmp_path / "rendered"
        changed_dir.mkdir()
        (changed_dir / "install.yaml").write_text(render.render(variants.settings("defaults", config__logLevel="warn")))
        with cluster.ready_watcher(ns, "realtime-svg") as watcher:
            cluster.kubectl("apply", "-f", str(changed_dir), *PRUNE)
            cluster.rollout(ns, "realtime-svg")
        assert _template_refs(cluster, ns) != old_config
        assert old_config not in {o["metadata"]["name"] for o in cluster.objects(ns)}
        assert watcher.minimum >= 2

        cluster.kubectl("delete", "-f", str(changed_dir))
        assert cluster.wait_gone(ns) == []
    finally:
        cluster.kubectl("delete", "-f", str(ROOT / "rendered"), "--ignore-not-found", check=False)
        for key in ("pod-security.kubernetes.io/enforce", "pod-security.kubernetes.io/enforce-version"):
            if key not in before:
                cluster.kubectl("label", "namespace", ns, f"{key}-", check=False)


def test_restricted_namespace_rejects_a_privileged_pod(cluster, namespace):
    """The admission the tests rely on is real: it rejects what "restricted" forbids."""
    ns = namespace("psa")
    pod = ('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad"},"spec":{"containers":'
           '[{"name":"c","image":"busybox","securityContext":{"privileged":true}}]}}')
    proc = cluster.kubectl("apply", "-n", ns, "-f", "-", input=pod, check=False)
    assert proc.returncode != 0 and "violates PodSecurity" in proc.stderr
