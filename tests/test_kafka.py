"""Kafka (KRaft) as the composer renders it: one or three nodes, an external Kafka, the
wiring of the workloads that use it, the rules across settings, and the same objects by the
routes that build from the overlay (kubectl -k, kubectl -f, Pulumi)."""
from __future__ import annotations

import pytest
import yaml

from composer import kafka, routebuild, settings as settings_mod
from tests.helpers import by_id, composer, label_violations, objects, restricted_violations

API = {"image": {"repository": "registry.example.com/api", "tag": "1.0.0"}}


def render(tmp_path, data: dict) -> list[dict]:
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(data))
    return objects(composer("render", "--settings", str(path), check=True).stdout)


def system(**k) -> dict:
    return {"name": "shop", "namespace": "shop", "enabled": False, "kafka": {"enabled": True, **k},
            "workloads": {"api": {**API, "kafka": {"enabled": True}}}}


def env_of(container: dict) -> dict:
    return {e["name"]: e for e in container.get("env", [])}


def test_one_node_kraft(tmp_path):
    objs = by_id(render(tmp_path, system(storage={"size": "3Gi", "storageClassName": "local-path"})))
    sts = objs[("StatefulSet", "shop-kafka")]
    assert sts["spec"]["replicas"] == 1 and sts["spec"]["serviceName"] == "shop-kafka-headless"
    c = sts["spec"]["template"]["spec"]["containers"][0]
    env = env_of(c)
    assert env["KAFKA_PROCESS_ROLES"]["value"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"]["value"] == "0@shop-kafka-0.shop-kafka-headless:9093"
    assert env["KAFKA_ADVERTISED_LISTENERS"]["value"] == "PLAINTEXT://$(POD_NAME).shop-kafka-headless:9092"
    assert env["POD_NAME"]["valueFrom"] == {"fieldRef": {"fieldPath": "metadata.name"}}
    names = [e["name"] for e in c["env"]]
    assert names.index("POD_NAME") < names.index("KAFKA_ADVERTISED_LISTENERS"), "$(POD_NAME) expands only from earlier entries"
    assert env["CLUSTER_ID"]["value"] == "5L6g3nShT-eMCtK--X86sw"
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]["value"] == "1"
    assert "KAFKA_NODE_ID=\"${HOSTNAME##*-}\"" in c["command"][2], "node.id is the pod's ordinal"
    claim = sts["spec"]["volumeClaimTemplates"][0]
    assert claim["spec"] == {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "3Gi"}},
                             "storageClassName": "local-path"}
    assert "app.kubernetes.io/version" not in claim["metadata"]["labels"], "claim templates are immutable"
    assert objs[("Service", "shop-kafka")]["spec"]["ports"][0]["port"] == 9092
    assert objs[("Service", "shop-kafka-headless")]["spec"]["clusterIP"] == "None"
    assert objs[("ConfigMap", "shop-kafka")]["data"] == {"bootstrapServers": "shop-kafka:9092"}
    assert ("PodDisruptionBudget", "shop-kafka") not in objs, "one node: a budget could only block drains"
    for obj in objs.values():
        assert label_violations(obj) == []
        # the image's run script writes /opt/kafka/config: the one rule the broker cannot keep
        assert [v for v in restricted_violations(obj) if v != "StatefulSet/shop-kafka container kafka: root filesystem is writable"] == []


def test_three_nodes_quorum_and_budget(tmp_path):
    objs = by_id(render(tmp_path, system(nodes=3)))
    sts = objs[("StatefulSet", "shop-kafka")]
    assert sts["spec"]["replicas"] == 3 and sts["spec"]["podManagementPolicy"] == "Parallel"
    env = env_of(sts["spec"]["template"]["spec"]["containers"][0])
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"]["value"] == ",".join(
        f"{i}@shop-kafka-{i}.shop-kafka-headless:9093" for i in range(3))
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]["value"] == "3"
    assert env["KAFKA_MIN_INSYNC_REPLICAS"]["value"] == "2"
    pdb = objs[("PodDisruptionBudget", "shop-kafka")]
    assert pdb["spec"] == {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "shop-kafka"}}}
    assert label_violations(pdb) == []


def test_one_to_three_nodes_changes_only_the_kafka_objects_it_must(tmp_path):
    one = by_id(render(tmp_path, system()))
    three = by_id(render(tmp_path, system(nodes=3)))
    assert set(three) - set(one) == {("PodDisruptionBudget", "shop-kafka")}
    changed = {key for key in one if one[key] != three[key]}
    assert changed == {("StatefulSet", "shop-kafka")}, "the address and the workloads stay as they are"
    a, b = one[("StatefulSet", "shop-kafka")], three[("StatefulSet", "shop-kafka")]
    assert a["spec"]["volumeClaimTemplates"] == b["spec"]["volumeClaimTemplates"], "immutable: an update must not touch it"
    assert a["spec"]["selector"] == b["spec"]["selector"] and a["spec"]["serviceName"] == b["spec"]["serviceName"]


def test_the_workload_reads_the_address_by_reference_and_waits(tmp_path):
    objs = by_id(render(tmp_path, system()))
    pod = objs[("Deployment", "api")]["spec"]["template"]
    env = env_of(pod["spec"]["containers"][0])
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == {
        "name": "KAFKA_BOOTSTRAP_SERVERS", "valueFrom": {"configMapKeyRef": {"name": "shop-kafka", "key": "bootstrapServers"}}}
    init = pod["spec"]["initContainers"]
    assert [c["name"] for c in init] == ["wait-for-kafka"]
    assert env_of(init[0])["KAFKA_BOOTSTRAP_SERVERS"]["valueFrom"]["configMapKeyRef"]["name"] == "shop-kafka"
    assert pod["metadata"]["annotations"][kafka.CONNECTION_ANNOTATION] == kafka.connection_digest(settings_mod.validate(system()))
    assert "shop-kafka:9092" not in yaml.safe_dump(objs[("Deployment", "api")]), "never copied into the workload"


def test_renamed_variable_and_external_kafka_and_the_digest_rolls(tmp_path):
    data = {"name": "shop", "enabled": False, "kafka": {"bootstrapServers": "k1.example.com:9092,k2.example.com:9092"},
            "workloads": {"api": {**API, "kafka": {"enabled": True, "env": {"bootstrapServers": "BROKERS"}}}}}
    objs = by_id(render(tmp_path, data))
    assert not [k for k in objs if k[0] in ("StatefulSet", "Service") and k[1].startswith("shop-kafka")]
    assert objs[("ConfigMap", "shop-kafka")]["data"] == {"bootstrapServers": "k1.example.com:9092,k2.example.com:9092"}
    pod = objs[("Deployment", "api")]["spec"]["template"]
    assert "BROKERS" in env_of(pod["spec"]["containers"][0])
    before = pod["metadata"]["annotations"][kafka.CONNECTION_ANNOTATION]
    data["kafka"]["bootstrapServers"] = "k3.example.com:9092"
    after = by_id(render(tmp_path, data))[("Deployment", "api")]["spec"]["template"]["metadata"]["annotations"]
    assert after[kafka.CONNECTION_ANNOTATION] != before


@pytest.mark.parametrize("data, message", [
    ({"name": "shop", "enabled": False, "workloads": {"api": {**API, "kafka": {"enabled": True}}}},
     "workloads.api.kafka.enabled: true, but kafka.enabled is false and kafka.bootstrapServers is empty; "
     "allowed: kafka.enabled: true (in-cluster) or kafka.bootstrapServers (external)"),
    ({"name": "shop", "enabled": False, "kafka": {"enabled": True},
      "workloads": {"shop-kafka": {**API}}},
     "workloads.shop-kafka: \"shop-kafka\" is the name of an object of Kafka (name: \"shop\"); "
     "allowed: a workload name not in shop-kafka, shop-kafka-headless"),
    ({"name": "shop", "enabled": False, "kafka": {"enabled": True},
      "workloads": {"api": {**API, "env": {"KAFKA_BOOTSTRAP_SERVERS": "x:1"}, "kafka": {"enabled": True}}}},
     "workloads.api.kafka.env.bootstrapServers: KAFKA_BOOTSTRAP_SERVERS is also set by "
     "workloads.api.env.KAFKA_BOOTSTRAP_SERVERS; allowed: a variable name the workload's env does not set"),
    ({"name": "shop", "enabled": False, "kafka": {"enabled": True, "nodes": 2}}, "kafka.nodes: 2"),
    ({"name": "shop", "enabled": False, "kafka": {"enabled": True, "clusterId": "short"}},
     "kafka.clusterId: \"short\""),
    ({"name": "shop", "enabled": False, "kafka": {"bootstrapServers": "no-port"}}, "kafka.bootstrapServers"),
])
def test_bad_settings_are_refused(tmp_path, data, message):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({**data, "workloads": data.get("workloads", {"api": API})}))
    out = composer("render", "--settings", str(path))
    assert out.returncode != 0
    assert message in out.stderr, out.stderr


@pytest.mark.parametrize("k", [{}, {"nodes": 3}, {"enabled": False, "bootstrapServers": "k.example.com:9092"}])
def test_overlay_routes_build_the_same_objects(k):
    data = system(**k)
    s = settings_mod.validate(data)
    report = routebuild.compare_routes(s, ("kubectl -k", "kubectl -f", "pulumi"))
    assert report.skipped == {} and report.differences == [], report.as_json()
    assert report.objects >= 4

