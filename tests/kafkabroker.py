"""Real Kafka brokers on 127.0.0.1, configured as the apache/kafka image would configure the
rendered Kafka container, for tests/test_kafka_broker.py.

No container runs here, so what the image's start scripts do with the container's
environment is done in Python, after apache/kafka's docker/resources/common-scripts (the
scripts the apache/kafka 4.x images carry as /etc/kafka/docker/*):

  run              sources configureDefaults (unless KAFKA_ZOOKEEPER_CONNECT is set), runs
                   configure, then launch.
  configureDefaults  sets each of its variables that is unset or empty (IMAGE_DEFAULTS).
  configure        KRaft mode (KAFKA_PROCESS_ROLES set): CLUSTER_ID must be set; without
                   KAFKA_LISTENERS a broker listens where it advertises, on 0.0.0.0; then
                   `utility render-properties kafka-propertiesSpec.json` writes
                   server.properties from the environment: every variable whose name starts
                   with KAFKA, except the spec's excludes, minus the `KAFKA_` prefix, each
                   single `_` between two other characters -> `.`, `___` -> `-`, `__` -> `_`,
                   lower case (utility.go ConvertKey; its environment map keeps only
                   NAME=VALUE entries with no further `=`).
  launch           `kafka-storage.sh format --cluster-id=$CLUSTER_ID -c server.properties`
                   (an already formatted directory is kept), then kafka-server-start.sh.

The Java side is the real one: Kafka 4.1.0 (the image's release) from Maven Central
(hack/install-kafka.sh, bin/kafka-java) on the machine's OpenJDK 17: kafka.tools.StorageTool
formats, kafka.Kafka serves, the tools of kafka-tools talk to it.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from tests.dataservers import free_port, wait_for
from tests.helpers import ROOT

KAFKA_JAVA = ROOT / "bin" / "kafka-java"
# docker/resources/common-scripts/configureDefaults
IMAGE_DEFAULTS = {
    "CLUSTER_ID": "5L6g3nShT-eMCtK--X86sw",
    "KAFKA_NODE_ID": "1",
    "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT",
    "KAFKA_LISTENERS": "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092",
    "KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:9092",
    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
    "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
    "KAFKA_PROCESS_ROLES": "broker,controller",
    "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@localhost:29093",
    "KAFKA_INTER_BROKER_LISTENER_NAME": "PLAINTEXT",
    "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
    "KAFKA_LOG_DIRS": "/tmp/kraft-combined-logs",
}
# docker/resources/common-scripts/kafka-propertiesSpec.json (KAFKA_HEAP_OPT sic: the image
# turns KAFKA_HEAP_OPTS into a `heap.opts` property too, which Kafka ignores as unknown).
EXCLUDES = ("KAFKA_VERSION", "KAFKA_HEAP_OPT", "KAFKA_LOG4J_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_ROOT_LOGLEVEL",
            "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL")
ENTRYPOINT = "exec /etc/kafka/docker/run"
# Three JVMs with the rendered -Xms512m -Xmx1g do not fit beside the other tests on this
# machine: the brokers here get a smaller heap (the only setting not taken from the render).
BROKER_JVM = ["-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"]
TOOL_JVM = ["-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
LOG4J = """rootLogger.level={level}
rootLogger.appenderRef.out.ref=out
appender.out.type=Console
appender.out.name=out
appender.out.target=SYSTEM_ERR
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
"""


def convert_key(name: str) -> str:
    """utility.go ConvertKey: the property name of a variable name without its prefix."""
    dotted = re.sub(r"[^_]_[^_]", lambda m: m.group(0).replace("_", "."), name)
    return dotted.replace("___", "-").replace("__", "_").lower()


def kubelet_expand(value: str, env: dict[str, str]) -> str:
    """A container env value as the kubelet expands it: $(NAME) of an earlier entry, $$ -> $."""
    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)",
                  lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)), value)


def pod_env(container: dict, pod: str) -> dict[str, str]:
    """The environment the kubelet gives the container of pod ``pod``."""
    env: dict[str, str] = {}
    for entry in container.get("env", []):
        if "value" in entry:
            env[entry["name"]] = kubelet_expand(entry["value"], env)
        elif entry.get("valueFrom") == {"fieldRef": {"fieldPath": "metadata.name"}}:
            env[entry["name"]] = pod
        else:
            raise AssertionError(f"env {entry['name']}: no value this test knows how to give: {entry}")
    return env


def entrypoint_env(container: dict, pod: str) -> dict[str, str]:
    """What the container's own `sh -c` line exports before it execs the image's run script,
    run by a real sh with the pod's environment and HOSTNAME (the pod's name, as in a pod)."""
    command = container["command"]
    assert command[:2] == ["sh", "-c"] and len(command) == 3 and not container.get("args"), command
    assert command[2].endswith(ENTRYPOINT), f"the container no longer ends in the image's entrypoint: {command[2]}"
    script = command[2][: -len(ENTRYPOINT)] + "exec env -0"
    base = {"PATH": "/usr/bin:/bin", "HOSTNAME": pod}
    out = subprocess.run(["sh", "-c", script], env={**base, **pod_env(container, pod)},
                         capture_output=True, check=True).stdout.decode()
    return dict(item.split("=", 1) for item in out.split("\0") if item)


def image_properties(env: dict[str, str]) -> tuple[dict[str, str], str]:
    """server.properties (as a dict) and the CLUSTER_ID the image's scripts derive from the
    environment ``env``."""
    env = dict(env)
    if not env.get("KAFKA_ZOOKEEPER_CONNECT"):
        for key, value in IMAGE_DEFAULTS.items():
            if not env.get(key):
                env[key] = value
    assert env.get("KAFKA_PROCESS_ROLES"), "the image runs KRaft only with KAFKA_PROCESS_ROLES"
    assert env.get("CLUSTER_ID"), "CLUSTER_ID environment variable not set"
    if not env.get("KAFKA_LISTENERS") and env["KAFKA_PROCESS_ROLES"] != "controller" and env.get("KAFKA_ADVERTISED_LISTENERS"):
        env["KAFKA_LISTENERS"] = re.sub(r"://[^:]*:", "://0.0.0.0:", env["KAFKA_ADVERTISED_LISTENERS"])
    props = {convert_key(k[len("KAFKA") + 1:]): v for k, v in env.items()
             if k.startswith("KAFKA") and k not in EXCLUDES and "=" not in v}
    return props, env["CLUSTER_ID"]


@dataclass
class Node:
    index: int
    pod: str
    dir: Path
    properties: dict[str, str]
    ports: dict[int, int]
    proc: subprocess.Popen | None = None

    @property
    def log(self) -> Path:
        return self.dir / "server.log"

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


@dataclass
class Cluster:
    """Kafka nodes as the rendered StatefulSet's pods, each on 127.0.0.1 with free ports."""
    statefulset: dict
    workdir: Path
    cluster_id: str = ""
    nodes: list[Node] = field(default_factory=list)

    def address(self, host: str, port: int, own: int) -> str:
        """A host:port of the render -> this cluster's 127.0.0.1:port. `` (all interfaces)
        is the node's own; `<statefulset>-<j>.<headless>` is node j (the headless Service's
        DNS name of pod j)."""
        sts = self.statefulset["metadata"]["name"]
        headless = self.statefulset["spec"]["serviceName"]
        if host in ("", "0.0.0.0"):
            j = own
        else:
            m = re.fullmatch(rf"{re.escape(sts)}-(\d+)\.{re.escape(headless)}", host)
            assert m, f"{host}: neither a listener's own address nor a pod of {headless}"
            j = int(m.group(1))
            assert j < len(self.nodes), f"{host}: no such pod ({len(self.nodes)} replicas)"
        assert port in self.nodes[j].ports, f"{host}:{port}: not a port of the container"
        return f"127.0.0.1:{self.nodes[j].ports[port]}"

    def localize(self, node: Node) -> dict[str, str]:
        """The node's server.properties with the Service host names and ports mapped to
        127.0.0.1 and free ports, and its log dirs under its own directory; nothing else
        changes."""
        props = dict(node.properties)
        for key in ("listeners", "advertised.listeners", "controller.quorum.voters"):
            props[key] = re.sub(r"(://|@)([^:,/@]*):(\d+)",
                                lambda m: m.group(1) + self.address(m.group(2), int(m.group(3)), node.index), props[key])
        props["log.dirs"] = ",".join(str(node.dir / "volume" / d.lstrip("/")) for d in props["log.dirs"].split(","))
        headless = self.statefulset["spec"]["serviceName"]
        assert not [k for k, v in props.items() if headless in v], "every Service address is mapped"
        return props

    def java(self, jvm: list[str], main: str, *args: str, level: str = "WARN") -> list[str]:
        log4j = self.workdir / f"log4j2-{level}.properties"
        if not log4j.exists():
            log4j.write_text(LOG4J.format(level=level))
        return [str(KAFKA_JAVA), *jvm, f"-Dlog4j2.configurationFile={log4j}", main, *args]

    def start(self, node: Node) -> None:
        props = self.localize(node)
        path = node.dir / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in sorted(props.items())))
        with node.log.open("ab") as log:
            node.proc = subprocess.Popen(self.java(BROKER_JVM, "kafka.Kafka", str(path), level="INFO"),
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def _format(self, node: Node) -> subprocess.Popen:
        path = node.dir / "format.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in sorted(self.localize(node).items())))
        return subprocess.Popen(self.java(TOOL_JVM, "kafka.tools.StorageTool", "format",
                                          f"--cluster-id={self.cluster_id}", "-c", str(path)),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def format(self) -> None:
        """The image's launch on new volumes: every node formats its log dir (in parallel)."""
        procs = [self._format(node) for node in self.nodes]
        for p in procs:
            out = p.communicate(timeout=60)[0].decode()
            assert p.returncode == 0, f"kafka-storage format failed:\n{out}"

    def restart(self, node: Node) -> None:
        """The pod started again on its volume: the image's launch formats again, which fails
        with "already formatted" (the one failure it lets pass), then the server starts."""
        p = self._format(node)
        out = p.communicate(timeout=60)[0].decode()
        assert p.returncode != 0 and "already formatted" in out.lower(), out
        self.start(node)
        self.wait_started(node)

    def wait_started(self, node: Node, timeout: float = 60) -> None:
        def started() -> bool:
            if node.proc.poll() is not None:
                raise AssertionError(f"{node.pod} exited {node.proc.returncode}:\n{node.log_tail()}")
            return "Kafka Server started" in node.log.read_text(errors="replace")
        try:
            wait_for(started, timeout, f"{node.pod} started", interval=0.2)
        except TimeoutError as e:
            raise AssertionError(f"{e}\n{node.log_tail()}") from None

    def stop(self, node: Node, sig: int = signal.SIGTERM) -> None:
        """As the kubelet stops a container: SIGTERM, then SIGKILL after the grace period."""
        if node.proc is None or node.proc.poll() is not None:
            return
        grace = self.statefulset["spec"]["template"]["spec"].get("terminationGracePeriodSeconds", 30)
        os.killpg(node.proc.pid, sig)
        try:
            node.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(node.proc.pid, signal.SIGKILL)
            node.proc.wait()

    def bootstrap(self) -> str:
        return ",".join(f"127.0.0.1:{n.ports[9092]}" for n in self.nodes if n.proc and n.proc.poll() is None)

    def tool(self, main: str, *args: str, stdin: str | None = None, timeout: float = 60) -> str:
        proc = subprocess.run(self.java(TOOL_JVM, main, *args), input=stdin, capture_output=True,
                              text=True, timeout=timeout)
        assert proc.returncode == 0, f"{main} {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout


@contextlib.contextmanager
def cluster(statefulset: dict) -> Iterator[Cluster]:
    """The StatefulSet's pods as real Kafka nodes, formatted and started; every process is
    stopped and the directory removed at the end."""
    if not KAFKA_JAVA.exists():
        raise RuntimeError("no Kafka: run hack/install-kafka.sh (make tools does)")
    container = statefulset["spec"]["template"]["spec"]["containers"][0]
    ports = {p["containerPort"] for p in container["ports"]}
    workdir = Path(tempfile.mkdtemp(prefix="kafka-", dir=os.environ.get("KAFKA_TEST_DIR")))
    c = Cluster(statefulset, workdir)
    try:
        cluster_ids = set()
        for i in range(statefulset["spec"]["replicas"]):
            pod = f"{statefulset['metadata']['name']}-{i}"
            props, cluster_id = image_properties(entrypoint_env(container, pod))
            cluster_ids.add(cluster_id)
            (workdir / pod).mkdir()
            c.nodes.append(Node(i, pod, workdir / pod, props, {p: free_port() for p in ports}))
        assert len(cluster_ids) == 1, "every pod formats with the same CLUSTER_ID"
        c.cluster_id = cluster_ids.pop()
        c.format()
        for node in c.nodes:
            c.start(node)
        for node in c.nodes:
            c.wait_started(node)
        yield c
    finally:
        for node in c.nodes:
            if node.proc is not None and node.proc.poll() is None:
                os.killpg(node.proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for node in c.nodes:
            if node.proc is None:
                continue
            try:
                node.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(node.proc.pid, signal.SIGKILL)
                node.proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)
