"""The system's Kafka (settings ``kafka``) -> its kustomization directory, and what a
workload that uses it (``workloads.<name>.kafka``) gets.

Kafka runs in KRaft mode: ZooKeeper was removed in Kafka 4.0, so every pod of the StatefulSet
is a broker and a controller, and the controllers' quorum (controller.quorum.voters, one or
three pods over the headless Service) replaces spec 003's ZooKeeper.

The overlay's kafka/ builds components/kafka-client (a ConfigMap `<name>-kafka` with
`bootstrapServers`) and, in-cluster, components/kafka (StatefulSet, Services), renamed from
realtime-svg to the settings' name, every setting a JSON6902 patch, as postgresql/ does.
A workload reads the address by reference (configMapKeyRef); an init container holds it
until a broker answers; a digest of the address in a pod annotation rolls it when it moves.
"""
from __future__ import annotations

import hashlib
from typing import Any

from composer import datapart, sources
from composer.derived import SYSTEM_NAME, Derived, Digest, EnvVar, JoinRange, Ref, Str
from composer.edges import EdgeRule, PortOf, Split, workloads
from composer.rules import Each, G, Fmt, Int, Lit, Lt, Ne, Not, Pick, S, Var

BASE = f"{sources.BASE_NAME}-kafka"
POD = "/spec/template/spec"
CONTAINER = f"{POD}/containers/0"
PORT = 9092
CONTROLLER_PORT = 9093
CONNECTION_ANNOTATION = "kafka.realtime-svg.dev/connection"
CLIENT_COMPONENT = "kafka-client"
SERVER_COMPONENT = "kafka"
QUORUM_COMPONENT = "kafka-quorum"
# every component the part may add (the Terraform module embeds their objects: sources.tf)
COMPONENTS = (CLIENT_COMPONENT, SERVER_COMPONENT, QUORUM_COMPONENT)
# The index of each env entry of components/kafka/statefulset.yaml the overlay sets.
ENV = {"CLUSTER_ID": 1, "KAFKA_CONTROLLER_QUORUM_VOTERS": 3, "KAFKA_ADVERTISED_LISTENERS": 5,
       "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": 10, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": 11,
       "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": 12, "KAFKA_MIN_INSYNC_REPLICAS": 13,
       "KAFKA_DEFAULT_REPLICATION_FACTOR": 14}
# What the waiting init container runs: until one of the bootstrap servers accepts a TCP
# connection. bash's /dev/tcp (the image's start scripts are bash scripts; it has no nc -z
# for certain), each attempt bounded by `timeout`.
WAIT_SCRIPT = ('until for s in ${KAFKA_BOOTSTRAP_SERVERS//,/ }; do '
               'timeout 3 bash -c "exec 3<>/dev/tcp/${s%:*}/${s##*:}" 2>/dev/null && break; false; done; do '
               'echo "waiting for Kafka at $KAFKA_BOOTSTRAP_SERVERS"; sleep 2; done')


def users(settings: dict[str, Any]) -> list[str]:
    """The enabled workloads that use Kafka, sorted."""
    return [n for n, w in sorted(settings.get("workloads", {}).items())
            if w["enabled"] and w["kafka"]["enabled"]]


def active(settings: dict[str, Any]) -> bool:
    """Whether the system has a kafka/ part: an in-cluster Kafka, or a workload that uses an
    external one."""
    return bool(settings["kafka"]["enabled"] or users(settings))


NODES = Int(G(S, "kafka.nodes"))
# What Kafka computes from more than one setting, once: the composer evaluates it, the chart
# and the module get it as a named template and a local (composer/derived.py).
DERIVED = (
    Derived("kafkaName", Fmt("{name}-kafka", {"name": SYSTEM_NAME}),
            "Kafka's objects are named after the system"),
    Derived("kafkaHeadless", Fmt("{kafka}-headless", {"kafka": Ref("kafkaName")}),
            "The headless Service that gives each node its DNS name"),
    Derived("kafkaBootstrap", Pick(G(S, "kafka.enabled"), Fmt(f"{{kafka}}:{PORT}", {"kafka": Ref("kafkaName")}),
                                   G(S, "kafka.bootstrapServers")),
            "The bootstrap servers: the in-cluster Service, else kafka.bootstrapServers"),
    Derived("kafkaVoters", JoinRange(NODES, "i", Fmt(f"{{i}}@{{kafka}}-{{i}}.{{headless}}:{CONTROLLER_PORT}", {
        "i": Var("i"), "kafka": Ref("kafkaName"), "headless": Ref("kafkaHeadless")}), ","),
            "controller.quorum.voters: <id>@<pod>.<headless>:9093 for each node, id = ordinal"),
    Derived("kafkaAdvertisedListeners", Fmt(f"PLAINTEXT://$(POD_NAME).{{headless}}:{PORT}",
                                            {"headless": Ref("kafkaHeadless")}),
            "The listener each broker advertises: its own pod's DNS name"),
    Derived("kafkaReplication", Str(NODES), "Replication factor of every topic: the node count"),
    Derived("kafkaMinIsr", Pick(Lt(NODES, Lit(3)), Lit("1"), Lit("2")),
            "Minimum in-sync replicas: 2 with three nodes (one may be down), else 1"),
    Derived("kafkaDigest", Digest((Ref("kafkaBootstrap"),)),
            "A user's pod annotation: rolls its pods when the bootstrap servers move",
            annotation=CONNECTION_ANNOTATION, used_by="kafka.enabled"),
)
# Each env entry of components/kafka/statefulset.yaml the overlay sets from a derived value.
ENV_DERIVED = {"KAFKA_CONTROLLER_QUORUM_VOTERS": "kafkaVoters", "KAFKA_ADVERTISED_LISTENERS": "kafkaAdvertisedListeners",
               "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "kafkaReplication",
               "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "kafkaReplication",
               "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "kafkaMinIsr", "KAFKA_MIN_INSYNC_REPLICAS": "kafkaMinIsr",
               "KAFKA_DEFAULT_REPLICATION_FACTOR": "kafkaReplication"}

# What a workload that uses Kafka reads, by reference: the bootstrap servers, named by its
# `kafka.env.bootstrapServers`.
WORKLOAD_ENV = (EnvVar("bootstrapServers", "configMapKeyRef", Ref("kafkaName"), Lit("bootstrapServers")),)

# Who reaches the brokers (composer/edges.py): each workload with kafka.enabled, on 9092 in the
# cluster or on the ports of kafka.bootstrapServers at any address; the in-cluster nodes each
# other on 9092 (replication) and 9093 (the KRaft controllers' quorum).
_USERS = workloads(G(Var("w"), "kafka.enabled"))
_BROKERS = Ref("kafkaName")
EDGES = (
    EdgeRule("pod", Var("n"), "pod", _BROKERS, Lit(PORT), Fmt("workloads.{n}.kafka", {"n": Var("n")}),
             when=G(S, "kafka.enabled"), loops=(_USERS,)),
    EdgeRule("pod", Var("n"), "external", Lit(""), PortOf(Var("hp")),
             Fmt("workloads.{n}.kafka (kafka.bootstrapServers)", {"n": Var("n")}), when=Not(G(S, "kafka.enabled")),
             loops=(_USERS, Each("i", "hp", Split(G(S, "kafka.bootstrapServers"), ","), Ne(Var("hp"), Lit(""))))),
    EdgeRule("pod", _BROKERS, "pod", _BROKERS, Lit(PORT), Lit("kafka brokers (replication)"), when=G(S, "kafka.enabled")),
    EdgeRule("pod", _BROKERS, "pod", _BROKERS, Lit(CONTROLLER_PORT), Lit("kafka controllers (KRaft quorum)"),
             when=G(S, "kafka.enabled")),
)


def derived(settings: dict[str, Any]) -> dict[str, Any]:
    """Every value of DERIVED for the settings."""
    from composer import derived as derived_mod

    return derived_mod.evaluate(DERIVED, settings)


def name(settings: dict[str, Any]) -> str:
    return derived(settings)["kafkaName"]


def bootstrap_servers(settings: dict[str, Any]) -> str:
    return derived(settings)["kafkaBootstrap"]


def connection_digest(settings: dict[str, Any]) -> str:
    return derived(settings)["kafkaDigest"]


def version(settings: dict[str, Any]) -> str:
    return settings["kafka"]["image"]["tag"]


def labels(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The recommended labels (never in selectors); the version by patch, not on the
    immutable volumeClaimTemplates (composer/postgresql.py labels)."""
    stable = {"app.kubernetes.io/name": "kafka", "app.kubernetes.io/instance": settings["name"],
              "app.kubernetes.io/part-of": settings["name"]}
    return [{"includeSelectors": False, "includeTemplates": True, "pairs": stable},
            {"includeSelectors": False, "includeTemplates": False, "pairs": {"app.kubernetes.io/version": version(settings)}}]


_op = datapart.op


def _env_op(var: str, value: str) -> list[dict[str, Any]]:
    i = ENV[var]
    return [_op("test", f"{CONTAINER}/env/{i}/name", var), _op("replace", f"{CONTAINER}/env/{i}/value", value)]


def statefulset_ops(settings: dict[str, Any]) -> list[dict[str, Any]]:
    k = settings["kafka"]
    d = derived(settings)
    sc = k["securityContext"]
    storage = k["storage"]
    claim = "/spec/volumeClaimTemplates/0/spec"
    ops = [
        _op("replace", "/spec/replicas", k["nodes"]),
        _op("replace", "/spec/serviceName", d["kafkaHeadless"]),
        _op("replace", f"{CONTAINER}/image", f"{k['image']['repository']}:{k['image']['tag']}"),
        _op("replace", f"{CONTAINER}/imagePullPolicy", k["image"]["pullPolicy"]),
        _op("replace", f"{POD}/securityContext/runAsUser", sc["runAsUser"]),
        _op("replace", f"{POD}/securityContext/runAsGroup", sc["runAsGroup"]),
        _op("replace", f"{POD}/securityContext/fsGroup", sc["fsGroup"]),
        _op("add", "/spec/template/metadata/labels/app.kubernetes.io~1version", version(settings)),
        _op("replace", f"{CONTAINER}/resources", k["resources"]),
        _op("replace", f"{claim}/accessModes", [storage["accessMode"]]),
        _op("replace", f"{claim}/resources/requests/storage", storage["size"]),
    ]
    if storage["storageClassName"]:
        ops.append(_op("add", f"{claim}/storageClassName", storage["storageClassName"]))
    if settings["imagePullSecrets"]:
        ops.append(_op("add", f"{POD}/imagePullSecrets", [{"name": n} for n in settings["imagePullSecrets"]]))
    ops += _env_op("CLUSTER_ID", k["clusterId"])
    for var, value in ENV_DERIVED.items():
        ops += _env_op(var, d[value])
    return ops


def components(settings: dict[str, Any]) -> list[str]:
    k = settings["kafka"]
    return ([CLIENT_COMPONENT] + ([SERVER_COMPONENT] if k["enabled"] else [])
            + ([QUORUM_COMPONENT] if k["enabled"] and k["nodes"] > 1 else []))


def build(settings: dict[str, Any], root_rel: str) -> dict[str, str]:
    """The files of the overlay's kafka/ directory. ``root_rel`` is the path from it to the
    directory holding components/."""
    part = datapart.Part(settings, components(settings), root_rel)
    part.patch("ConfigMap", BASE, [_op("replace", "/data/bootstrapServers", bootstrap_servers(settings))])
    if settings["kafka"]["enabled"]:
        part.patch("StatefulSet", BASE, statefulset_ops(settings))
    return part.files("Kafka", labels(settings))


# -- a workload that uses it -------------------------------------------------------------------

def workload_env(settings: dict[str, Any], w: dict[str, Any]) -> list[dict[str, Any]]:
    """The container's connection variables (WORKLOAD_ENV)."""
    from composer import derived as derived_mod

    return derived_mod.workload_env("kafka", settings, w)


def wait_container(settings: dict[str, Any], w: dict[str, Any]) -> dict[str, Any]:
    """The init container that holds the workload until a broker accepts connections."""
    from composer import derived as derived_mod

    return datapart.wait_container("kafka", settings["kafka"]["image"], "bash", WAIT_SCRIPT, derived_mod.workload_env(
        "kafka", settings, w, {"bootstrapServers": "KAFKA_BOOTSTRAP_SERVERS"}))
