"""Redis in its roles (a persistent primary, two read replicas, a cache) and three workloads
wired to them, one per role, on a real API server, installed by kubectl apply -k (the
reference), Helm 4 and Helm 3 one after the other: the primary's StatefulSet rolled out with
its claim bound, the replicas, the cache and the workloads Ready after their wait-for-redis
init containers (kwok runs no containers), the same live objects as kubectl -k, no change on
a second run, no drift, and after uninstalling nothing left but the primary's data claim."""
from __future__ import annotations

from typing import Any

from composer import drift, parity, redis, system
from tests.live.test_workloads_live import routes  # noqa: F401  (the fixture)

ROUTES = ["kustomize", "helm", "helm3"]
IMAGE = "registry.example.com/count/{}"
SETTINGS = {
    "name": "count", "enabled": False,
    "redis": {"password": "s3cret pass", "persistence": {"enabled": True, "size": "1Gi"},
              "replica": {"count": 2}, "cache": {"enabled": True, "maxmemory": "32mb"}},
    "workloads": {
        "writer": {"image": {"repository": IMAGE.format("writer"), "tag": "1.0.0"}, "redis": {"enabled": True}},
        "reader": {"image": {"repository": IMAGE.format("reader"), "tag": "1.0.0"}, "replicas": 2,
                   "redis": {"enabled": True, "role": "replica"}},
        "cacher": {"image": {"repository": IMAGE.format("cacher"), "tag": "1.0.0"},
                   "redis": {"enabled": True, "role": "cache",
                             "env": {"host": "CACHE_HOST", "port": "CACHE_PORT", "password": "CACHE_PASSWORD"}}},
    },
}


def settings(ns: str) -> dict[str, Any]:
    from composer import settings as settings_mod

    return settings_mod.validate({**SETTINGS, "namespace": ns})


def wait_ready(cluster, ns: str, s: dict[str, Any]) -> None:
    cluster.rollout(ns, redis.name(s), kind="statefulset", timeout="180s")
    for name in (f"{redis.name(s)}-replica", f"{redis.name(s)}-cache", *system.active(s)):
        cluster.rollout(ns, name)


def test_redis_roles_install_by_helm_with_the_objects_of_kubectl_k(cluster, namespace, routes):  # noqa: F811
    live = {}
    ns = namespace("redis")
    s = settings(ns)
    claims = ["data-count-redis-0"]
    for route in ROUTES:
        r = routes(route)
        getattr(r, route)(s)
        wait_ready(cluster, ns, s)
        r.no_change(route, s)
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        bound = {c["metadata"]["name"]: c["status"].get("phase") for c in cluster.claims(ns, s["name"])}
        assert bound == {c: "Bound" for c in claims}, (route, bound)
        ready = {o["metadata"]["name"]: o["status"].get("readyReplicas") for o in live[route]
                 if o["kind"] in ("Deployment", "StatefulSet")}
        assert ready == {"count-redis": 1, "count-redis-replica": 2, "count-redis-cache": 1,
                         "writer": 1, "reader": 2, "cacher": 1}, (route, ready)
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
        assert sorted(c["metadata"]["name"] for c in cluster.claims(ns, s["name"])) == claims, route
    reference = live.pop("kustomize")
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)
