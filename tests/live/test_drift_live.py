"""`python -m composer diff` on a real API server: nothing right after an install, and each
kind of hand edit a user makes (kubectl scale, an edited value, a deleted object) reported
with its field path, a Secret's value never; an unreachable cluster is exit 2 naming the
kubeconfig and the server. (That no route's fresh install shows drift is checked by
test_workloads_live for every route.)"""
from __future__ import annotations

import base64
import json

from composer import drift
from tests.helpers import composer
from tests.live import variants
from tests.live.cluster import write_overlay


def test_hand_edits_are_drift_and_secrets_stay_hidden(cluster, namespace, tmp_path):
    ns = namespace("drift")
    secret = "drift-secret-value"
    s = variants.settings("defaults", ns, secrets__apiKey=secret)
    cluster.kubectl("apply", "-k", str(write_overlay(s, tmp_path)))
    cluster.rollout(ns, "realtime-svg")
    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text(f"namespace: {ns}\nsecrets: {{apiKey: {secret}}}\n")
    args = ["diff", "--settings", str(settings_file), "--kubeconfig", str(cluster.kubeconfig)]

    clean = composer(*args)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.startswith("no drift: 8 objects")

    cluster.kubectl("scale", "deployment/realtime-svg", "-n", ns, "--replicas=5")
    config = next(o for o in cluster.objects(ns) if o["kind"] == "ConfigMap")["metadata"]["name"]
    cluster.kubectl("patch", "configmap", config, "-n", ns, "--type=merge", "-p", '{"data": {"LOG_LEVEL": "trace"}}')
    secret_name = next(o for o in cluster.objects(ns) if o["kind"] == "Secret")["metadata"]["name"]
    cluster.kubectl("patch", "secret", secret_name, "-n", ns, "--type=merge",
                    "-p", json.dumps({"data": {"apiKey": base64.b64encode(b"tampered-value").decode()}}))
    cluster.kubectl("delete", "service", "realtime-svg-redis", "-n", ns)

    for output in ("text", "json"):
        proc = composer(*args, "--output", output)
        assert proc.returncode == 1, proc.stderr
        for fragment in ("Deployment/" + ns + "/realtime-svg: spec.replicas: 2 != 5",
                         f"ConfigMap/{ns}/{config}: data.LOG_LEVEL: 'info' != 'trace'",
                         f"Service/{ns}/realtime-svg-redis: missing in the cluster",
                         f"Secret/{ns}/{secret_name}: data.apiKey: 'sha256:"):
            assert fragment in proc.stdout, proc.stdout
        for shown in (secret, "tampered-value", base64.b64encode(secret.encode()).decode(),
                      base64.b64encode(b"tampered-value").decode()):
            assert shown not in proc.stdout + proc.stderr
    assert json.loads(composer(*args, "--output", "json").stdout)["drift"] is True


def test_an_unreachable_cluster_is_exit_2_naming_kubeconfig_and_server(tmp_path):
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": "c",
        "clusters": [{"name": "c", "cluster": {"server": "https://127.0.0.1:9"}}],
        "contexts": [{"name": "c", "context": {"cluster": "c", "user": "u"}}],
        "users": [{"name": "u", "user": {"token": "x"}}]}))
    proc = composer("diff", "--kubeconfig", str(kubeconfig))
    assert proc.returncode == 2
    assert f"kubeconfig {kubeconfig}" in proc.stderr and "server https://127.0.0.1:9" in proc.stderr


def test_drift_of_a_system_installed_by_helm_is_nothing(cluster, namespace, tmp_path):
    """An install by another tool (Helm, with its own labels and field manager) is no drift."""
    ns = namespace("drift-helm")
    s = variants.settings("portfolio", ns)
    cluster.kubectl("create", "secret", "generic", "portfolio-db", "-n", ns,
                    "--from-literal=username=u", "--from-literal=password=p")
    from composer.helm import values
    from tests.helpers import CHART

    (tmp_path / "values.yaml").write_text(values.export(s))
    cluster.helm("install", s["name"], str(CHART), "-n", ns, "-f", str(tmp_path / "values.yaml"), "--wait")
    try:
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == []
    finally:
        cluster.helm("uninstall", s["name"], "-n", ns)
