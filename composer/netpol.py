"""NetworkPolicies from the wiring (settings ``networkPolicy``; spec 004 phase 1).

The overlay's network-policy/ part builds components/network-policy (deny all ingress and
egress of every pod in the namespace, allow DNS) and one generated NetworkPolicy per group
of pods that the wiring connects, allowing exactly the edges ``edges()`` returns.

The edge list is DATA, computed in one place: each entry of ``EDGE_SOURCES`` is a function
from settings to edges. A data service's wiring adds its edges with one line there
(PostgreSQL, Kafka, the Redis roles, Prometheus to the metrics ports).

Pods are selected by the stable `app` label that their Services and Deployments already
select on (never the app.kubernetes.io/* labels). A port in a policy is the pod's port
(the Service's targetPort), which is what a NetworkPolicy matches, not the Service's port.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from composer import kafka, monitoring, postgresql, redis, sources, system, yamlio

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


def enabled(settings: dict[str, Any]) -> bool:
    return bool(settings.get("networkPolicy", {}).get("enabled"))


def _app_edges(settings: dict[str, Any]) -> Iterable[Edge]:
    """The realtime-svg app: the ingress controller to it, it to its Redis."""
    if not settings["enabled"]:
        return
    app = pods(settings["name"])
    if settings["ingress"]["enabled"]:
        yield Edge(INGRESS_CONTROLLER, app, APP_PORT, why="ingress")
    redis = settings["redis"]
    if redis["enabled"]:
        yield Edge(app, pods(f"{settings['name']}-redis"), REDIS_PORT, why="redis")
    else:
        yield Edge(app, EXTERNAL, redis["port"], why="redis.host")


def _ingress_edges(settings: dict[str, Any]) -> Iterable[Edge]:
    """The ingress controller to each routed workload, on its container port."""
    for name, w in system.active(settings).items():
        if w["ingress"]["enabled"]:
            yield Edge(INGRESS_CONTROLLER, pods(name), w["port"], why=f"workloads.{name}.ingress")


def _service_url_edges(settings: dict[str, Any]) -> Iterable[Edge]:
    """A workload to another it names by serviceUrlOf in its env."""
    workloads = system.active(settings)
    for name, w in workloads.items():
        for var, value in sorted(w["env"].items()):
            if isinstance(value, dict) and "serviceUrlOf" in value and value["serviceUrlOf"] in workloads:
                target = value["serviceUrlOf"]
                yield Edge(pods(name), pods(target), workloads[target]["port"], why=f"workloads.{name}.env.{var}")


def _postgresql_edges(settings: dict[str, Any]) -> Iterable[Edge]:
    """Each workload with postgresql.enabled to the server (its wait init container is in
    the same pod); the init Job to the in-cluster server."""
    pg = settings["postgresql"]
    server = pods(postgresql.name(settings))
    users = postgresql.users(settings)
    for name in users:
        if pg["enabled"]:
            yield Edge(pods(name), server, postgresql.PORT, why=f"workloads.{name}.postgresql")
        else:
            yield Edge(pods(name), EXTERNAL, pg["port"], why=f"workloads.{name}.postgresql (postgresql.host)")
    if pg["enabled"]:
        yield Edge(pods(f"{postgresql.name(settings)}-init"), server, postgresql.PORT, why="postgresql init Job")


def _redis_role_pods(settings: dict[str, Any], role: str) -> Peer | None:
    """The pods behind a Redis role: `<name>-redis` (the primary), `<name>-redis-replica`,
    `<name>-redis-cache` (components/redis-*); None for an external primary."""
    if role == "primary" and not settings["redis"]["enabled"]:
        return None
    return pods(f"{settings['name']}-redis" + {"primary": "", "replica": "-replica", "cache": "-cache"}[role])


def redis_role_edges(settings: dict[str, Any]) -> Iterable[Edge]:
    """Redis roles (workloads.<n>.redis): each workload to its role's pods on 6379 (its wait
    init container is in the same pod); an external primary on redis.port at any address;
    the read replicas to the primary (replicaof)."""
    r = settings["redis"]
    for name in redis.users(settings):
        role = settings["workloads"][name]["redis"]["role"]
        target = _redis_role_pods(settings, role)
        if target is None:
            yield Edge(pods(name), EXTERNAL, r["port"], why=f"workloads.{name}.redis (redis.host)")
        else:
            yield Edge(pods(name), target, redis.PORT, why=f"workloads.{name}.redis.role {role}")
    if redis.active(settings) and "replica" in redis.roles(settings):
        yield Edge(pods(f"{settings['name']}-redis-replica"), pods(f"{settings['name']}-redis"), redis.PORT,
                   why="redis.replica (replicaof the primary)")


def kafka_edges(settings: dict[str, Any]) -> Iterable[Edge]:
    """Kafka: each workload with kafka.enabled to the brokers on 9092 (in-cluster) or to the
    ports of kafka.bootstrapServers at any address (external); the in-cluster nodes to each
    other on 9092 (replication) and 9093 (the KRaft controllers' quorum)."""
    k = settings["kafka"]
    brokers = pods(kafka.name(settings))
    external_ports = sorted({int(hp.rsplit(":", 1)[1]) for hp in k["bootstrapServers"].split(",") if hp})
    for name in kafka.users(settings):
        if k["enabled"]:
            yield Edge(pods(name), brokers, kafka.PORT, why=f"workloads.{name}.kafka")
        else:
            for port in external_ports:
                yield Edge(pods(name), EXTERNAL, port, why=f"workloads.{name}.kafka (kafka.bootstrapServers)")
    if k["enabled"]:
        yield Edge(brokers, brokers, kafka.PORT, why="kafka brokers (replication)")
        yield Edge(brokers, brokers, kafka.CONTROLLER_PORT, why="kafka controllers (KRaft quorum)")


def metrics_edges(settings: dict[str, Any]) -> Iterable[Edge]:
    """Prometheus (networkPolicy.prometheus) to the metrics port of each workload with
    metrics.serviceMonitor.enabled: its own metrics.port, or the app's port."""
    for name, w in system.active(settings).items():
        if monitoring.wants_service_monitor(w):
            port = w["metrics"]["port"] if monitoring.own_port(w) else w["port"]
            yield Edge(PROMETHEUS, pods(name), port, why=f"workloads.{name}.metrics.serviceMonitor")


# One line per source of wiring: a data service's edges are one function here.
EDGE_SOURCES: list[Callable[[dict[str, Any]], Iterable[Edge]]] = [
    _app_edges,
    _ingress_edges,
    _service_url_edges,
    _postgresql_edges,
    kafka_edges,
    metrics_edges,
    redis_role_edges,
]


def edges(settings: dict[str, Any]) -> list[Edge]:
    """Every connection the settings wire, sorted, without duplicates (the `why` of the
    first kept)."""
    seen: dict[tuple[Peer, Peer, int, str], Edge] = {}
    for source in EDGE_SOURCES:
        for e in source(settings):
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
