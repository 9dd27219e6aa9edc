"""The rendered Kafka (KRaft) against real Kafka 4.1.0 brokers (the apache/kafka image's
release, jars from Maven Central, hack/install-kafka.sh) on 127.0.0.1.

The configuration is not retyped: the StatefulSet rendered by the composer (one node, three
nodes) gives each pod's environment as the kubelet would ($(POD_NAME) expanded, HOSTNAME the
pod's name), the container's own `sh -c` line computes KAFKA_NODE_ID, and what the image's
launch runs, Kafka's own KafkaDockerWrapper (tests/kafkabroker.py), turns it into
server.properties and formats the storage with CLUSTER_ID. The only changes: the Services' host names and the container
ports become 127.0.0.1 and free ports, the volume a temporary directory, and the heap smaller.
A workload reaches the brokers by the address its environment refers to (ConfigMap, Service).
"""
from __future__ import annotations

import re

import pytest
import yaml

from tests import dataservers, kafkabroker
from tests.helpers import by_id, composer, objects

API = {"image": {"repository": "registry.example.com/api", "tag": "1.0.0"}}


def render(tmp_path_factory, nodes: int) -> dict:
    path = tmp_path_factory.mktemp(f"kafka{nodes}") / "settings.yaml"
    path.write_text(yaml.safe_dump({"name": "shop", "namespace": "shop", "enabled": False,
                                    "kafka": {"enabled": True, "nodes": nodes},
                                    "workloads": {"api": {**API, "kafka": {"enabled": True}}}}))
    return by_id(objects(composer("render", "--settings", str(path), check=True).stdout))


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> dict:
    return render(tmp_path_factory, 1)


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> dict:
    return render(tmp_path_factory, 3)


def kafka_container(objs: dict) -> dict:
    return objs[("StatefulSet", "shop-kafka")]["spec"]["template"]["spec"]["containers"][0]


def workload_address(objs: dict) -> tuple[str, int]:
    """The Service and port the workload's bootstrap variable refers to (ConfigMap), checked
    to lead to the Kafka container's client port."""
    container = objs[("Deployment", "api")]["spec"]["template"]["spec"]["containers"][0]
    (ref,) = [e["valueFrom"]["configMapKeyRef"] for e in container["env"]
              if "configMapKeyRef" in e.get("valueFrom", {}) and e["valueFrom"]["configMapKeyRef"]["name"] == "shop-kafka"]
    (server,) = objs[("ConfigMap", ref["name"])]["data"][ref["key"]].split(",")
    host, port = server.rsplit(":", 1)
    service = objs[("Service", host)]
    sts = objs[("StatefulSet", "shop-kafka")]
    assert service["spec"]["selector"].items() <= sts["spec"]["template"]["metadata"]["labels"].items()
    (svc_port,) = [p for p in service["spec"]["ports"] if p["port"] == int(port)]
    (target,) = [p["containerPort"] for p in kafka_container(objs)["ports"] if p["name"] == svc_port["targetPort"]]
    return host, target


def describe_topic(c: kafkabroker.Cluster, topic: str | None = None) -> list[dict[str, str]]:
    """The partitions of the topic (of every topic without one)."""
    out = c.tool("org.apache.kafka.tools.TopicCommand", "--bootstrap-server", c.bootstrap(), "--describe",
                 *(["--topic", topic] if topic else []))
    rows = []
    for line in out.splitlines():
        fields = dict(re.findall(r"(\w+): ([^\t]*)", line))
        if "Partition" in fields:
            rows.append(fields)
    return rows


def topic_config(c: kafkabroker.Cluster, topic: str) -> dict[str, tuple[str, str]]:
    """Each config of the topic: its value and where it comes from (the synonyms, first wins)."""
    out = c.tool("kafka.admin.ConfigCommand", "--bootstrap-server", c.bootstrap(), "--describe", "--all",
                 "--entity-type", "topics", "--entity-name", topic)
    return {k: (v, syn) for k, v, syn in re.findall(r"^\s+([a-z0-9.]+)=(\S*) sensitive=\w+ synonyms=\{(.*)\}$", out, re.M)}


def produce(c: kafkabroker.Cluster, topic: str, *messages: str) -> None:
    c.tool("org.apache.kafka.tools.ConsoleProducer", "--bootstrap-server", c.bootstrap(), "--topic", topic,
           "--producer-property", "acks=all", "--producer-property", "enable.idempotence=true",
           stdin="".join(m + "\n" for m in messages))


def consume(c: kafkabroker.Cluster, topic: str, count: int, group: str) -> list[str]:
    out = c.tool("org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", c.bootstrap(),
                 "--topic", topic, "--group", group, "--from-beginning", "--max-messages", str(count),
                 "--timeout-ms", "30000")
    return out.splitlines()


def quorum_leader(c: kafkabroker.Cluster) -> int:
    out = c.tool("org.apache.kafka.tools.MetadataQuorumCommand", "--bootstrap-server", c.bootstrap(),
                 "describe", "--status")
    return int(re.search(r"^LeaderId:\s+(\d+)", out, re.M).group(1))


# -- the image's rules, on the render (no broker) ---------------------------------------------

def test_each_pod_gets_its_own_node_id_and_address(three):
    """The environment the image's launch runs with, for each pod."""
    container = kafka_container(three)
    mount = next(m["mountPath"] for m in container["volumeMounts"] if m["name"] == "data")
    for i in range(3):
        env = kafkabroker.image_environment(kafkabroker.entrypoint_env(container, f"shop-kafka-{i}"))
        assert env["CLUSTER_ID"] == "5L6g3nShT-eMCtK--X86sw"
        assert env["KAFKA_NODE_ID"] == str(i), "node.id is the pod's ordinal, from the container's own sh line"
        assert env["KAFKA_ADVERTISED_LISTENERS"] == f"PLAINTEXT://shop-kafka-{i}.shop-kafka-headless:9092"
        assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == ",".join(f"{j}@shop-kafka-{j}.shop-kafka-headless:9093" for j in range(3))
        assert env["KAFKA_LOG_DIRS"].startswith(mount + "/"), "the log dir is a subdirectory of the volume"


def test_the_heap_fits_the_memory_limit(three):
    container = kafka_container(three)
    heap = next(e["value"] for e in container["env"] if e["name"] == "KAFKA_HEAP_OPTS")
    xmx = re.search(r"-Xmx(\d+)([mg])", heap)
    heap_mi = int(xmx.group(1)) * (1024 if xmx.group(2) == "g" else 1)
    limit = container["resources"]["limits"]["memory"]
    limit_mi = int(limit[:-2]) * (1024 if limit.endswith("Gi") else 1)
    assert heap_mi + 256 <= limit_mi, "the heap leaves room for the JVM's own memory"


# -- real brokers ---------------------------------------------------------------------------

def test_one_node_serves_the_workload(one):
    host, port = workload_address(one)
    assert (host, port) == ("shop-kafka", 9092)
    with kafkabroker.cluster(one[("StatefulSet", "shop-kafka")]) as c:
        props = c.nodes[0].properties()  # written by the image's KafkaDockerWrapper
        assert props["node.id"] == "0" and props["process.roles"] == "broker,controller"
        assert props["advertised.listeners"] == f"PLAINTEXT://{c.bootstrap()}"
        assert props["default.replication.factor"] == props["min.insync.replicas"] == "1"
        assert "heap.opts" not in props, "the JVM's variables stay out of server.properties"
        c.tool("org.apache.kafka.tools.TopicCommand", "--bootstrap-server", c.bootstrap(), "--create", "--topic", "orders")
        (partition,) = describe_topic(c, "orders")
        assert partition["Replicas"] == "0" and partition["Isr"] == "0"
        produce(c, "orders", "order-1")
        assert consume(c, "orders", 1, "api") == ["order-1"]


def test_three_nodes_form_a_quorum_replicate_survive_one_stopped_and_take_it_back(three):
    workload_address(three)
    with kafkabroker.cluster(three[("StatefulSet", "shop-kafka")]) as c:
        for node in c.nodes:
            props = node.properties()
            assert props["node.id"] == str(node.index)
            assert props["advertised.listeners"] == f"PLAINTEXT://127.0.0.1:{node.ports[9092]}", "its own address"
            assert props["controller.quorum.voters"] == ",".join(f"{n.index}@127.0.0.1:{n.ports[9093]}" for n in c.nodes)
        c.tool("org.apache.kafka.tools.TopicCommand", "--bootstrap-server", c.bootstrap(), "--create",
               "--topic", "orders", "--partitions", "3")
        value, source = topic_config(c, "orders")["min.insync.replicas"]
        assert value == "2"
        # Kafka 4 writes it into the cluster's metadata when the storage is formatted (docs/settings.md)
        assert source.startswith("DYNAMIC_DEFAULT_BROKER_CONFIG:min.insync.replicas=2, STATIC_BROKER_CONFIG:min.insync.replicas=2")
        produce(c, "orders", "order-1")
        assert consume(c, "orders", 1, "api") == ["order-1"]
        partitions = describe_topic(c)  # every topic: orders and the consumer offsets the group made
        orders = [p for p in partitions if p["Topic"] == "orders"]
        assert len(orders) == 3
        for p in orders:
            assert sorted(p["Replicas"].split(",")) == ["0", "1", "2"], "the default replication factor is 3"
            assert sorted(p["Isr"].split(",")) == ["0", "1", "2"]
        offsets = [p for p in partitions if p["Topic"] == "__consumer_offsets"]
        assert offsets and all(len(p["Replicas"].split(",")) == 3 for p in offsets), "the offsets topic: 3 replicas"

        leader = quorum_leader(c)
        c.stop(c.nodes[leader])
        assert quorum_leader(c) != leader, "the two left elect a new controller"
        produce(c, "orders", "order-2")  # acks=all: two in-sync replicas are enough
        assert sorted(consume(c, "orders", 2, "audit")) == ["order-1", "order-2"]

        # the pod back on its volume: the same node, its data kept, in sync again
        c.restart(c.nodes[leader])
        dataservers.wait_for(lambda: all(sorted(p["Isr"].split(",")) == ["0", "1", "2"] for p in describe_topic(c, "orders")),
                             60, "the restarted node back in every partition's in-sync replicas", interval=1)
