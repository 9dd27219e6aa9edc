"""Kafka (KRaft, three nodes) and a workload wired to it on a real API server, installed by
kubectl apply -k, kubectl apply -f, Helm 4 and 3, Terraform and Pulumi one after the other:
the StatefulSet rolled out with its claims bound (kwok runs no containers: the pods are
Ready, the local volume provisioner binds the claims), the workload Ready after its
wait-for-kafka init container, the same live objects by every route, no change on a second
run, and after uninstalling nothing left but the three data claims."""
from __future__ import annotations

from typing import Any

from composer import drift, kafka, parity, system
from tests.live import variants
from tests.live.test_workloads_live import ROUTES, routes  # noqa: F401  (the fixture)

SETTINGS = {
    "name": "events", "enabled": False,
    "kafka": {"enabled": True, "nodes": 3, "storage": {"size": "1Gi"}},
    "workloads": {"orders": {"image": {"repository": "registry.example.com/events/orders", "tag": "1.0.0"},
                             "replicas": 2, "kafka": {"enabled": True}}},
}


def settings(ns: str) -> dict[str, Any]:
    from composer import settings as settings_mod

    return settings_mod.validate({**SETTINGS, "namespace": ns})


def wait_ready(cluster, ns: str, s: dict[str, Any]) -> None:
    cluster.rollout(ns, kafka.name(s), kind="statefulset", timeout="180s")
    for name in system.active(s):
        cluster.rollout(ns, name)


def test_kafka_installs_by_every_route_with_the_same_objects(cluster, namespace, routes):  # noqa: F811
    live = {}
    ns = namespace("kafka")
    s = settings(ns)
    claims = [f"data-events-kafka-{i}" for i in range(3)]
    for route in ROUTES:
        r = routes(route)
        getattr(r, route)(s)
        wait_ready(cluster, ns, s)
        r.no_change(route, s)
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        bound = {c["metadata"]["name"]: c["status"].get("phase") for c in cluster.claims(ns, s["name"])}
        assert bound == {c: "Bound" for c in claims}, (route, bound)
        sts = next(o for o in live[route] if o["kind"] == "StatefulSet")
        assert sts["status"].get("readyReplicas") == 3, (route, sts["status"])
        orders = next(o for o in live[route] if o["kind"] == "Deployment")
        assert orders["status"].get("readyReplicas") == 2, (route, orders["status"])
        assert {o["kind"] for o in live[route]} >= {"StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget", "Deployment"}
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
        assert sorted(c["metadata"]["name"] for c in cluster.claims(ns, s["name"])) == claims, route
    reference = live.pop("kustomize")
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)
