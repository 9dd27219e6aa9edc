"""NetworkPolicies on a real API server, by every route (kubectl -k, kubectl -f, Helm 4 and 3,
Terraform, Pulumi), one after the other: examples/portfolio-monitoring.yaml (ServiceMonitors,
so Prometheus is a peer) and a Kafka system (the nodes reach each other) with
networkPolicy.enabled. The same live objects by every route, no change on a second run, no
drift, nothing left after uninstall but the data claims. The local cluster has no network
plugin that enforces NetworkPolicies: enforcement is not proven here, only that the API
server takes the policies every route makes (their meaning is checked offline in
tests/test_network_policy.py)."""
from __future__ import annotations

from composer import drift, kafka, parity, settings as settings_mod, system
from tests.live import variants
from tests.live.test_workloads_live import ROUTES, render_objects, routes, wait_ready  # noqa: F401 (fixture)

NETWORK_POLICY = {"enabled": True, "ingressController": {"namespace": "kube-system",
                                                         "podLabels": {"app.kubernetes.io/name": "traefik"}}}
KAFKA_SYSTEM = {
    "name": "events", "enabled": False,
    "kafka": {"enabled": True, "nodes": 3, "storage": {"size": "1Gi"}},
    "workloads": {"orders": {"image": {"repository": "registry.example.com/events/orders", "tag": "1.0.0"},
                             "kafka": {"enabled": True}, "ingress": {"enabled": True, "host": "orders.example.com"},
                             "metrics": {"enabled": True, "port": 9100, "serviceMonitor": {"enabled": True}}}},
    "networkPolicy": NETWORK_POLICY,
}


def _policies(objs: list[dict]) -> list[dict]:
    return [o for o in objs if o["kind"] == "NetworkPolicy"]


def _install_by_every_route(cluster, routes, ns, s, wait, claims):  # noqa: F811
    live = {}
    expected = sorted(o["metadata"]["name"] for o in _policies(render_objects(s)))
    for route in ROUTES:
        r = routes(route)
        getattr(r, route)(s)
        wait()
        r.no_change(route, s)
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        assert sorted(o["metadata"]["name"] for o in _policies(live[route])) == expected, route
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
        assert sorted(c["metadata"]["name"] for c in cluster.claims(ns, s["name"])) == claims, route
    reference = live.pop("kustomize")
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)
    return reference


def test_portfolio_with_network_policies_by_every_route(cluster, namespace, routes):  # noqa: F811
    ns = namespace("np")
    s = variants.settings("portfolio-monitoring", ns, networkPolicy=NETWORK_POLICY)
    variants.prepare(cluster, ns, s)  # the password Secret only (a username equal to the name trips the secret scan)
    expected = sorted(o["metadata"]["name"] for o in _policies(render_objects(s)))
    assert expected == ["api-gateway-allow", "frontend-allow", "portfolio-allow-dns", "portfolio-default-deny",
                        "portfolio-postgresql-allow", "portfolio-postgresql-init-allow"]
    reference = _install_by_every_route(cluster, routes, ns, s, lambda: wait_ready(cluster, ns, s),
                                        ["data-portfolio-postgresql-0"])
    gateway = next(p for p in _policies(reference) if p["metadata"]["name"] == "api-gateway-allow")
    prometheus = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}},
                  "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}}
    assert {"from": [prometheus], "ports": [{"port": 9100, "protocol": "TCP"}]} in gateway["spec"]["ingress"]


def test_kafka_system_with_network_policies_by_every_route(cluster, namespace, routes):  # noqa: F811
    ns = namespace("npk")
    s = settings_mod.validate({**KAFKA_SYSTEM, "namespace": ns})

    def wait() -> None:
        cluster.rollout(ns, kafka.name(s), kind="statefulset", timeout="180s")
        for name in system.active(s):
            cluster.rollout(ns, name)

    reference = _install_by_every_route(cluster, routes, ns, s, wait, [f"data-events-kafka-{i}" for i in range(3)])
    nodes = next(p for p in _policies(reference) if p["metadata"]["name"] == "events-kafka-allow")
    peer = [{"podSelector": {"matchLabels": {"app": "events-kafka"}}}]
    assert [r["ports"][0]["port"] for r in nodes["spec"]["egress"] if r["to"] == peer] == [9092, 9093]
