"""The systems of specs 002-004 on a real API server, by every route: examples/portfolio.yaml,
examples/count-system.yaml and examples/saga.yaml, each installed by kubectl apply -k, kubectl
apply -f of a render, Helm 4 and 3, Terraform and Pulumi, one route after the other in one
namespace. After each install: every Deployment and StatefulSet rolled out with all its pods
Ready and every init Job complete (what the render says there is, nothing named by hand), no
change on a second apply/upgrade/plan/preview, no drift; after each uninstall: nothing of the
system left but its data volume claims. At the end, the live objects of every route are the
same."""
from __future__ import annotations

from typing import Any

import pytest
import yaml

from composer import drift, parity, render
from tests.live import variants
from tests.live.test_workloads_live import ROUTES, routes  # noqa: F401  (routes is a fixture)

SYSTEMS = ["count-system", "saga"]


def rendered(s: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(render.render(s)) if d]


def wait_all_ready(cluster, ns: str, objects: list[dict[str, Any]]) -> None:
    """Every rollout the render asks for done, and every Job complete: the data services
    first (the workloads' init containers wait on them, so their order is the objects')."""
    order = {"StatefulSet": 0, "Job": 1, "Deployment": 2}
    for o in sorted((o for o in objects if o["kind"] in order), key=lambda o: order[o["kind"]]):
        name = o["metadata"]["name"]
        if o["kind"] == "Job":
            cluster.wait_complete(ns, name, timeout="180s")
        else:
            cluster.rollout(ns, name, kind=o["kind"].lower(), timeout="180s")


def expected_claims(objects: list[dict[str, Any]]) -> set[str]:
    """The claims the StatefulSets' volumeClaimTemplates make: <template>-<statefulset>-<ordinal>."""
    return {f"{t['metadata']['name']}-{o['metadata']['name']}-{i}"
            for o in objects if o["kind"] == "StatefulSet"
            for t in o["spec"].get("volumeClaimTemplates", [])
            for i in range(o["spec"].get("replicas", 1))}


@pytest.mark.parametrize("name", SYSTEMS)
def test_system_installs_by_every_route_with_the_same_objects(cluster, namespace, routes, name):  # noqa: F811
    ns = namespace(name[:10])
    s = variants.settings(name, ns)
    variants.prepare(cluster, ns, s)
    want = rendered(s)
    claims = expected_claims(want)
    assert claims, f"{name}: a system with data services keeps its data on claims"
    live = {}
    for route in ROUTES:
        r = routes(route)
        getattr(r, route)(s)
        wait_all_ready(cluster, ns, want)
        r.no_change(route, s)
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        for o in live[route]:
            if o["kind"] in ("Deployment", "StatefulSet"):
                assert o["status"].get("readyReplicas") == o["spec"]["replicas"], (route, o["metadata"]["name"], o["status"])
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
        assert {c["metadata"]["name"] for c in cluster.claims(ns, s["name"])} == claims, route
    reference = live.pop("kustomize")
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)
