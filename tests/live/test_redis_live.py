"""Redis in its roles on a real API server: a persistent primary, two read replicas and a
cache, with three workloads wired to them (one per role), installed by kubectl apply -k,
kubectl apply -f, Helm 4 and 3, Terraform and Pulumi one after the other in one namespace: the primary's
StatefulSet rolled out with its claim bound (kwok runs no containers: the pods are Ready,
the local volume provisioner binds the claim), the replicas, the cache and every workload
Ready after its wait-for-redis init container, no change on a second run, no drift, and
after uninstalling nothing left but the primary's data claim. The live objects of every
route are the same as those of kubectl apply -k."""
from __future__ import annotations

from typing import Any

from composer import drift, parity, redis, system
from tests.live.test_workloads_live import ROUTES, routes  # noqa: F401  (the fixture)

IMAGE = "registry.example.com/count/{}"
SETTINGS = {
    "name": "count", "enabled": False,
    "redis": {"password": "live-redis-pw", "persistence": {"enabled": True, "size": "1Gi"},
              "replica": {"count": 2}, "cache": {"enabled": True, "maxmemory": "32mb", "maxmemoryPolicy": "allkeys-lfu"}},
    "workloads": {
        "writer": {"image": {"repository": IMAGE.format("writer"), "tag": "1.0.0"}, "redis": {"enabled": True}},
        "reader": {"image": {"repository": IMAGE.format("reader"), "tag": "1.0.0"}, "replicas": 2,
                   "redis": {"enabled": True, "role": "replica"}},
        "cacher": {"image": {"repository": IMAGE.format("cacher"), "tag": "1.0.0"},
                   "redis": {"enabled": True, "role": "cache",
                             "env": {"host": "CACHE_HOST", "port": "CACHE_PORT", "password": "CACHE_PASSWORD"}}},
    },
}
CLAIM = "data-count-redis-0"


def settings(ns: str) -> dict[str, Any]:
    from composer import settings as settings_mod

    return settings_mod.validate({**SETTINGS, "namespace": ns})


def wait_ready(cluster, ns: str, s: dict[str, Any]) -> None:
    cluster.rollout(ns, redis.name(s), kind="statefulset", timeout="180s")
    cluster.rollout(ns, f"{redis.name(s)}-replica")
    cluster.rollout(ns, f"{redis.name(s)}-cache")
    for name in system.active(s):
        cluster.rollout(ns, name)


def test_redis_roles_install_by_every_route_with_the_same_objects(cluster, namespace, routes):  # noqa: F811
    live = {}
    ns = namespace("redis")
    s = settings(ns)
    for route in ROUTES:
        r = routes(route)
        getattr(r, route)(s)
        wait_ready(cluster, ns, s)
        r.no_change(route, s)
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        bound = {c["metadata"]["name"]: c["status"].get("phase") for c in cluster.claims(ns, s["name"])}
        assert bound == {CLAIM: "Bound"}, (route, bound)
        by_name = {(o["kind"], o["metadata"]["name"]): o for o in live[route]}
        assert by_name[("StatefulSet", "count-redis")]["status"].get("readyReplicas") == 1, route
        assert by_name[("Deployment", "count-redis-replica")]["status"].get("readyReplicas") == 2, route
        assert by_name[("Deployment", "count-redis-cache")]["status"].get("readyReplicas") == 1, route
        assert by_name[("Deployment", "reader")]["status"].get("readyReplicas") == 2, route
        assert {n for k, n in by_name if k == "Service"} >= {"count-redis", "count-redis-headless", "count-redis-read",
                                                             "count-redis-cache"}, route
        assert by_name[("ConfigMap", "count-redis")]["data"] == {
            "primaryHost": "count-redis", "replicaHost": "count-redis-read", "cacheHost": "count-redis-cache",
            "port": "6379"}, route
        for name, key in (("writer", "primaryHost"), ("reader", "replicaHost"), ("cacher", "cacheHost")):
            pod = by_name[("Deployment", name)]["spec"]["template"]
            assert [c["name"] for c in pod["spec"]["initContainers"]] == ["wait-for-redis"], (route, name)
            refs = [e["valueFrom"] for e in pod["spec"]["containers"][0]["env"]]
            assert {"configMapKeyRef": {"name": "count-redis", "key": key}} in refs, (route, name)
            assert redis.CONNECTION_ANNOTATION in pod["metadata"]["annotations"], (route, name)
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
        assert [c["metadata"]["name"] for c in cluster.claims(ns, s["name"])] == [CLAIM], route
    reference = live.pop("kustomize")
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)
