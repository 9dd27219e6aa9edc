"""examples/portfolio.yaml with networkPolicy.enabled on a real API server, by every route
that builds NetworkPolicies (kubectl -k, kubectl -f, Pulumi): the same objects, no change on
a second run, nothing left after uninstall; Helm refuses the setting. The local cluster has
no network plugin that enforces NetworkPolicies: enforcement is not proven here, only that
the API server takes the policies (their meaning is checked offline in
tests/test_network_policy.py)."""
from __future__ import annotations

from composer import drift, parity
from tests.live import variants
from tests.live.test_workloads_live import render_objects, routes, wait_ready  # noqa: F401 (fixture)

ROUTES = ["kustomize", "rendered", "pulumi"]
NETWORK_POLICY = {"enabled": True, "ingressController": {"namespace": "kube-system",
                                                         "podLabels": {"app.kubernetes.io/name": "traefik"}}}


def test_portfolio_with_network_policies_by_every_route(cluster, namespace, routes):  # noqa: F811
    live = {}
    ns = namespace("np")
    s = variants.settings("portfolio", ns, networkPolicy=NETWORK_POLICY)
    variants.prepare(cluster, ns, s)  # the password Secret only (a username equal to the name trips the secret scan)
    expected = sorted(o["metadata"]["name"] for o in render_objects(s) if o["kind"] == "NetworkPolicy")
    assert expected == ["api-gateway-allow", "frontend-allow", "portfolio-allow-dns", "portfolio-default-deny",
                        "portfolio-postgresql-allow", "portfolio-postgresql-init-allow"]
    for route in ROUTES:
        r = routes(route)
        getattr(r, route)(s)
        wait_ready(cluster, ns, s)
        r.no_change(route, s)
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        assert sorted(o["metadata"]["name"] for o in live[route] if o["kind"] == "NetworkPolicy") == expected, route
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
    reference = live.pop("kustomize")
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)
