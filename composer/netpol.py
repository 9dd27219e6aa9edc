"""NetworkPolicies from the wiring (settings ``networkPolicy``; spec 004 phase 1).

The overlay's network-policy/ part builds components/network-policy (deny all ingress and
egress of every pod in the namespace, allow DNS) and one generated NetworkPolicy per group
of pods that the wiring connects, allowing exactly the edges ``edges()`` returns.

The edge list is DATA: each source of wiring lists its edges as rules (composer/edges.py) in
an ``EDGES`` table: the app's and the workloads' here, each data service's in its own module
(PostgreSQL, Kafka, the Redis roles). The composer evaluates the tables, and they are emitted
to the chart's template and the Terraform module, so every route has the same edges.

Pods are selected by the stable `app` label that their Services and Deployments already
select on (never the app.kubernetes.io/* labels). A port in a policy is the pod's port
(the Service's targetPort), which is what a NetworkPolicy matches, not the Service's port.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from composer import edges as edges_mod
from composer import sources, system, yamlio
from composer.derived import SYSTEM_NAME
from composer.edges import EdgeRule
from composer.rules import (ACTIVE, And, Each, Eq, Fmt, G, Get, Has, In, Index, Int, IsNull, Keys, Lit, Ne, Not, Pick, S,
                            Var)

COMPONENT = "network-policy"
APP_PORT = 8080  # the realtime-svg container's
REDIS_PORT = 6379  # the in-cluster Redis's
# kustomize sets this label on every namespace since Kubernetes 1.21.
NAMESPACE_LABEL = "kubernetes.io/metadata.name"
EVERYWHERE = "0.0.0.0/0"


@dataclass(frozen=True, order=True)
class Peer:
    """One end of an edge: pods of this system (kind "pod", name = their `app` label), the
    ingress controller ("ingress-controller"), or any address ("external")."""

    kind: str
    name: str = ""


@dataclass(frozen=True, order=True)
class Edge:
    source: Peer
    target: Peer
    port: int
    protocol: str = "TCP"
    why: str = ""


def pods(app: str) -> Peer:
    return Peer("pod", app)


INGRESS_CONTROLLER = Peer("ingress-controller")
PROMETHEUS = Peer("prometheus")
EXTERNAL = Peer("external")
# The Kubernetes API: its Service `kubernetes` listens on 443, the servers behind it mostly on
# 6443; a policy sees the address after the Service has been translated, on most plugins.
KUBE_API_PORTS = (443, 6443)


def enabled(settings: dict[str, Any]) -> bool:
    return bool(settings.get("networkPolicy", {}).get("enabled"))


_W = Var("w")
_V = Var("v")
_URL_OF = Get(_V, "serviceUrlOf")
_OWN_METRICS_PORT = And(G(_W, "metrics.enabled"), Not(IsNull(G(_W, "metrics.port"))),
                        Ne(G(_W, "metrics.port"), G(_W, "port")))

# The app, the Ingress and serviceUrlOf (the data services' edges are in their own modules'
# EDGES; composer/edges.py emits every table to the chart and the module).
APP_EDGES = (
    # the realtime-svg app: the ingress controller to it, it to its Redis
    EdgeRule("ingress-controller", Lit(""), "pod", SYSTEM_NAME, Lit(APP_PORT), Lit("ingress"),
             when=And(G(S, "enabled"), G(S, "ingress.enabled"))),
    EdgeRule("pod", SYSTEM_NAME, "pod", Fmt("{name}-redis", {"name": SYSTEM_NAME}), Lit(REDIS_PORT), Lit("redis"),
             when=And(G(S, "enabled"), G(S, "redis.enabled"))),
    EdgeRule("pod", SYSTEM_NAME, "external", Lit(""), Int(G(S, "redis.port")), Lit("redis.host"),
             when=And(G(S, "enabled"), Not(G(S, "redis.enabled")))),
    # the ingress controller to each routed workload, on its container port (a worker has
    # none: the rules refuse its ingress, and no route may fail on the edge before they do)
    EdgeRule("ingress-controller", Lit(""), "pod", Var("n"), Int(G(_W, "port")), Fmt("workloads.{n}.ingress", {"n": Var("n")}),
             loops=(edges_mod.workloads(And(G(_W, "ingress.enabled"), Not(IsNull(G(_W, "port"))))),)),
    # a workload to another it names by serviceUrlOf in its env
    EdgeRule("pod", Var("n"), "pod", _URL_OF, Int(Index(ACTIVE, _URL_OF, ("port",), 0)),
             Fmt("workloads.{n}.env.{var}", {"n": Var("n"), "var": Var("var")}),
             loops=(edges_mod.workloads(), Each("var", "v", G(_W, "env"), And(
                 Has(_V, Lit("serviceUrlOf")), In(edges_mod.Try(_URL_OF, ""), Keys(ACTIVE)),
                 Not(IsNull(Index(ACTIVE, edges_mod.Try(_URL_OF, ""), ("port",), 0))))))),
    # a workload that starts after a Job (its job.before) to the Kubernetes API, where its
    # wait container watches the Job: the API server's Service port and its usual own port
    *(EdgeRule("pod", Var("b"), "external", Lit(""), Lit(port), Fmt("workloads.{n}.job.before", {"n": Var("n")}),
               loops=(edges_mod.workloads(Eq(G(_W, "kind"), Lit("Job"))),
                      Each("i", "b", G(_W, "job.before"), Has(ACTIVE, Var("b")))))
      for port in KUBE_API_PORTS),
)
# Prometheus (networkPolicy.prometheus) to the metrics port of each workload with
# metrics.serviceMonitor.enabled: its own metrics.port, or the app's port.
_SCRAPED_PORT = Pick(_OWN_METRICS_PORT, G(_W, "metrics.port"), G(_W, "port"))
METRICS_EDGES = (
    EdgeRule("prometheus", Lit(""), "pod", Var("n"), Int(_SCRAPED_PORT),
             Fmt("workloads.{n}.metrics.serviceMonitor", {"n": Var("n")}),
             loops=(edges_mod.workloads(And(G(_W, "metrics.enabled"), G(_W, "metrics.serviceMonitor.enabled"),
                                            Not(IsNull(_SCRAPED_PORT)))),)),
)


def edges(settings: dict[str, Any]) -> list[Edge]:
    """Every connection the settings wire (composer/edges.py, the EDGES tables), sorted,
    without duplicates (the `why` of the first kept)."""
    from composer import derived

    env = {"s": settings, "active": system.active(settings),
           "derived": {k: v for _, table in derived.tables() for k, v in derived.evaluate(table, settings).items()}}
    seen: dict[tuple[Peer, Peer, int, str], Edge] = {}
    for sk, sn, tk, tn, port, why in edges_mod.edges(env):
        e = Edge(Peer(sk, sn), Peer(tk, tn), port, why=why)
        seen.setdefault((e.source, e.target, e.port, e.protocol), e)
    return sorted(seen.values(), key=lambda e: (e.source, e.target, e.port, e.protocol))


def _selector(labels: dict[str, str]) -> dict[str, Any]:
    return {"matchLabels": dict(labels)} if labels else {}


def _peer_rule(settings: dict[str, Any], peer: Peer) -> dict[str, Any]:
    if peer.kind == "pod":
        return {"podSelector": {"matchLabels": {"app": peer.name}}}
    if peer.kind in ("ingress-controller", "prometheus"):
        ic = settings["networkPolicy"]["ingressController" if peer.kind == "ingress-controller" else "prometheus"]
        return {"namespaceSelector": {"matchLabels": {NAMESPACE_LABEL: ic["namespace"]}},
                "podSelector": _selector(ic["podLabels"])}
    return {"ipBlock": {"cidr": EVERYWHERE}}


def policy_name(app: str) -> str:
    return f"{app}-allow"


def policies(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """One NetworkPolicy per group of this system's pods that an edge touches: its ingress
    rules (who may reach it, on which port) and its egress rules (what it may reach)."""
    groups: dict[str, dict[str, list[tuple[dict[str, Any], int, str]]]] = {}
    for e in edges(settings):
        if e.source.kind == "pod":
            groups.setdefault(e.source.name, {"ingress": [], "egress": []})["egress"].append(
                (_peer_rule(settings, e.target), e.port, e.protocol))
        if e.target.kind == "pod":
            groups.setdefault(e.target.name, {"ingress": [], "egress": []})["ingress"].append(
                (_peer_rule(settings, e.source), e.port, e.protocol))
    out = []
    for app, rules in sorted(groups.items()):
        spec: dict[str, Any] = {"podSelector": {"matchLabels": {"app": app}}, "policyTypes": []}
        for direction, key in (("ingress", "from"), ("egress", "to")):
            if rules[direction]:
                spec["policyTypes"].append(direction.capitalize())
                spec[direction] = [{key: [peer], "ports": [{"protocol": protocol, "port": port}]}
                                   for peer, port, protocol in rules[direction]]
        out.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                    "metadata": {"name": policy_name(app), "labels": {"app": app}}, "spec": spec})
    return out


def dns_peer(settings: dict[str, Any]) -> dict[str, Any]:
    dns = settings["networkPolicy"]["dns"]
    return {"namespaceSelector": {"matchLabels": {NAMESPACE_LABEL: dns["namespace"]}},
            "podSelector": _selector(dns["podLabels"])}


def labels(settings: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"includeSelectors": False, "includeTemplates": False,
             "pairs": {"app.kubernetes.io/name": COMPONENT, "app.kubernetes.io/instance": settings["name"],
                       "app.kubernetes.io/part-of": settings["name"], "app.kubernetes.io/component": COMPONENT,
                       # the system's version: the realtime-svg image's tag, as the app's objects carry it
                       "app.kubernetes.io/version": settings["image"]["tag"]}}]


def build(settings: dict[str, Any], root_rel: str) -> dict[str, str]:
    """network-policy/: the component (default deny, DNS) renamed to the system's name with
    the DNS peer patched in, and the generated per-group policies."""
    name = settings["name"]
    files: dict[str, str] = {}
    resources = []
    generated = policies(settings)
    if generated:
        files["policies.yaml"] = "---\n".join(yamlio.dump(p) for p in generated)
        resources.append("policies.yaml")
    dns_ops = [{"op": "replace", "path": "/spec/egress/0/to", "value": [dns_peer(settings)]}]
    patches = [
        {"path": "patch-dns.yaml", "target": {"kind": "NetworkPolicy", "name": f"{sources.BASE_NAME}-allow-dns"}},
    ]
    files["patch-dns.yaml"] = yamlio.dump(dns_ops
                                          + ([{"op": "replace", "path": "/metadata/name", "value": f"{name}-allow-dns"}]
                                             if name != sources.BASE_NAME else []))
    if name != sources.BASE_NAME:
        files["patch-deny.yaml"] = yamlio.dump(
            [{"op": "replace", "path": "/metadata/name", "value": f"{name}-default-deny"}])
        patches.append({"path": "patch-deny.yaml",
                        "target": {"kind": "NetworkPolicy", "name": f"{sources.BASE_NAME}-default-deny"}})
    kustomization: dict[str, Any] = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization"}
    if resources:
        kustomization["resources"] = resources
    kustomization["components"] = [f"{root_rel}/components/{COMPONENT}"]
    kustomization["labels"] = labels(settings)
    kustomization["patches"] = patches
    files["kustomization.yaml"] = ("# NetworkPolicies of the system: generated from the settings; do not edit.\n"
                                   + yamlio.dump(kustomization))
    return files
