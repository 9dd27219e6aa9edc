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


WITH_POSTGRESQL = {
    "name": "shop", "namespace": "shop", "enabled": False, "imagePullSecrets": ["regcred"],
    "kafka": {"enabled": True, "nodes": 3, "storage": {"storageClassName": "local-path"}},
    "postgresql": {"enabled": True, "password": "pw", "databases": {"orders": {}}},
    "workloads": {
        "both": {**API, "postgresql": {"enabled": True, "database": "orders"}, "kafka": {"enabled": True}},
        "pg-only": {**API, "postgresql": {"enabled": True, "database": "orders"}},
        "kafka-only": {**API, "kafka": {"enabled": True, "env": {"bootstrapServers": "BROKERS"}}, "podAnnotations": {"a/b": "c"}},
        "neither": {**API},
    },
}


@pytest.mark.parametrize("data", [system(), system(nodes=3), system(enabled=False, bootstrapServers="k.example.com:9092"),
                                  {**system(), "enabled": True, "namespace": "team-b"}, WITH_POSTGRESQL],
                         ids=["one node", "three nodes", "external", "beside the app", "with postgresql"])
def test_every_route_builds_the_same_objects(data):
    s = settings_mod.validate(data)
    report = routebuild.compare_routes(s, routebuild.ROUTES)  # kubectl -k/-f, helm 4 and 3, terraform, pulumi
    assert report.skipped == {} and report.differences == [], report.as_json()
    assert report.objects >= 4



def test_both_wait_containers_in_order(tmp_path):
    objs = by_id(render(tmp_path, WITH_POSTGRESQL))
    names = {n: [c["name"] for c in objs[("Deployment", n)]["spec"]["template"]["spec"].get("initContainers", [])]
             for n in WITH_POSTGRESQL["workloads"]}
    assert names == {"both": ["wait-for-postgresql", "wait-for-kafka"], "pg-only": ["wait-for-postgresql"],
                     "kafka-only": ["wait-for-kafka"], "neither": []}


@pytest.mark.parametrize("binary", ["helm", "helm3"])
def test_helm_refuses_what_the_composer_refuses_in_the_same_words(tmp_path, binary):
    from tests.helpers import CHART, helm
    from tests.test_postgresql_helm import _settings_file, _values_file

    bad = {"name": "shop", "enabled": False,
           "workloads": {"api": {**API, "kafka": {"enabled": True}}, "shop-kafka": {**API},
                         "dup": {**API, "env": {"KAFKA_BOOTSTRAP_SERVERS": "x"}, "kafka": {"enabled": True}}}}
    proc = composer("render", "--settings", str(_settings_file(tmp_path, bad)))
    composer_lines = [line.split(": ", 2)[2] for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert proc.returncode != 0 and len(composer_lines) == 4, proc.stderr
    proc = helm("template", "shop", str(CHART), "-f", str(_values_file(tmp_path, bad)), binary=binary, check=False)
    assert proc.returncode != 0
    assert [line.removeprefix("error: values: ") for line in proc.stderr.splitlines()
            if line.startswith("error: values: ")] == composer_lines


def test_the_wait_script_holds_until_a_server_accepts_connections():
    """composer/kafka.py WAIT_SCRIPT under bash against real listeners on 127.0.0.1: it keeps
    waiting while no server of the list accepts, and ends once one does."""
    import os
    import socket
    import subprocess
    import time

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    closed_a, closed_b = free_port(), free_port()
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{closed_a},localhost:{closed_b}"}
    proc = subprocess.Popen(["bash", "-c", kafka.WAIT_SCRIPT], env=env, stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        assert proc.poll() is None, "nothing listens: it must still be waiting"
        with socket.socket() as server:
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind(("127.0.0.1", closed_b))  # the second server of the list
            server.listen()
            assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "waiting for Kafka at 127.0.0.1:" in proc.stdout.read()
