"""A HorizontalPodAutoscaler acts on the local cluster: metrics-server serves the CPU usage
kwok simulates from a pod annotation, the HPA controller reads it and scales a Deployment.

Low usage (10m of a 100m request, 10 %) keeps the HPA at its minimum; high usage (400m,
400 % against a 50 % target) scales the Deployment up, to its maximum and not beyond.
Prints how long the first pod metrics and the scale-up took."""
from __future__ import annotations

import json

import pytest

from tests.live.metrics import (USAGE_CPU, hpa_condition, hpa_cpu_utilization, poll, usage_annotation,
                                wait_for_pod_metrics)

NAME = "hpa-probe"
SELECTOR = f"app={NAME}"
MIN, MAX, TARGET = 1, 4, 50
REQUEST = "100m"
LOW, HIGH = "10m", "400m"


def deployment(cpu_usage: str) -> dict:
    """One replica (the HPA owns the count afterwards), Pod Security "restricted"."""
    probe = {"httpGet": {"path": "/health", "port": "http"}, "periodSeconds": 10}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": NAME, "labels": {"app": NAME}},
        "spec": {
            "replicas": MIN,
            "selector": {"matchLabels": {"app": NAME}},
            "template": {
                "metadata": {"labels": {"app": NAME}, "annotations": usage_annotation(cpu_usage)},
                "spec": {
                    "automountServiceAccountToken": False,
                    "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001,
                                        "seccompProfile": {"type": "RuntimeDefault"}},
                    "containers": [{
                        "name": "app",
                        # kwok does not pull or run images: any reference will do
                        "image": "registry.invalid/realtime-svg/hpa-probe:1",
                        "ports": [{"name": "http", "containerPort": 8080}],
                        "resources": {"requests": {"cpu": REQUEST, "memory": "64Mi"},
                                      "limits": {"cpu": "500m", "memory": "128Mi"}},
                        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                            "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}},
                        "livenessProbe": probe,
                        "readinessProbe": {**probe, "httpGet": {"path": "/ready", "port": "http"},
                                           "periodSeconds": 5},
                    }],
                },
            },
        },
    }


def hpa() -> dict:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": NAME},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": NAME},
            "minReplicas": MIN,
            "maxReplicas": MAX,
            "metrics": [{"type": "Resource", "resource": {
                "name": "cpu", "target": {"type": "Utilization", "averageUtilization": TARGET}}}],
        },
    }


def test_hpa_scales_on_simulated_cpu(cluster, namespace, capsys, record_property):
    ns = namespace("hpa")
    cluster.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(deployment(LOW)))
    cluster.rollout(ns, NAME)
    cluster.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(hpa()))

    # Low usage: metrics appear (about 10 m of CPU per pod) ...
    metrics, t_metrics = wait_for_pod_metrics(
        cluster, ns, timeout=90, selector=SELECTOR,
        accept=lambda m: all(5 <= p["cpu"] <= 20 for p in m.values()))
    assert len(metrics) == MIN
    top = cluster.kubectl("top", "pods", "-n", ns, "-l", SELECTOR, "--no-headers").stdout
    assert top.split()[1].endswith("m"), f"kubectl top pods shows no CPU value:\n{top}"

    # ... the HPA computes about 10 % and keeps the minimum.
    def hpa_sees_metrics():
        h = cluster.json("get", "hpa", NAME, "-n", ns)
        active = hpa_condition(h, "ScalingActive").get("status") == "True"
        return h if active and hpa_cpu_utilization(h) is not None else None

    low, t_hpa = poll(hpa_sees_metrics, 60, "the HPA to compute the CPU utilization")
    assert hpa_cpu_utilization(low) < TARGET, low["status"]
    assert low["status"]["desiredReplicas"] == MIN, low["status"]
    assert cluster.deployment(ns, NAME)["spec"]["replicas"] == MIN

    # High usage: the new pod template rolls the pod; the HPA scales up, to the maximum.
    cluster.kubectl("patch", "deployment", NAME, "-n", ns, "--type", "merge", "-p",
                    json.dumps({"spec": {"template": {"metadata": {"annotations": {USAGE_CPU: HIGH}}}}}))
    seen: list[int] = []

    def replicas_above(n):
        def check():
            replicas = cluster.deployment(ns, NAME)["spec"]["replicas"]
            seen.append(replicas)
            return replicas if replicas > n else None
        return check

    first, t_scale = poll(replicas_above(MIN), 90, f"the HPA to scale {NAME} above {MIN}")
    final, t_max = poll(replicas_above(MAX - 1), 60, f"the HPA to scale {NAME} to {MAX}")
    cluster.rollout(ns, NAME)

    assert MIN < first <= MAX and final == MAX, seen
    assert max(seen) <= MAX, f"scaled beyond maxReplicas: {seen}"

    # The HPA's own status catches up at its next sync: at the maximum, wanting more.
    def hpa_at_max():
        h = cluster.json("get", "hpa", NAME, "-n", ns)
        return h if h["status"].get("currentReplicas") == MAX else None

    high, _ = poll(hpa_at_max, 60, f"the HPA status to show {MAX} replicas")
    assert hpa_cpu_utilization(high) > TARGET, high["status"]
    assert hpa_condition(high, "ScalingLimited").get("reason") == "TooManyReplicas", high["status"]
    assert cluster.deployment(ns, NAME)["status"].get("readyReplicas") == MAX

    figures = {"pod_metrics_s": round(t_metrics, 1), "hpa_low_s": round(t_hpa, 1),
               "scale_up_s": round(t_scale, 1), "to_max_s": round(t_scale + t_max, 1),
               "first_step": first, "utilization_low": hpa_cpu_utilization(low),
               "utilization_high": hpa_cpu_utilization(high)}
    for key, value in figures.items():
        record_property(key, value)
    with capsys.disabled():
        print(f"\n[hpa] first pod metrics after {t_metrics:.1f}s; HPA at {figures['utilization_low']}% "
              f"after {t_hpa:.1f}s more; after the patch to {HIGH}: {first} replicas after {t_scale:.1f}s, "
              f"{MAX} after {t_scale + t_max:.1f}s ({figures['utilization_high']}% of the request)")


pytestmark = pytest.mark.live
