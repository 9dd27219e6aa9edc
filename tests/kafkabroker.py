"""Real Kafka brokers on 127.0.0.1, configured as the apache/kafka image configures the
rendered Kafka container, for tests/test_kafka_broker.py.

No container runs here. What the image's start scripts do (apache/kafka, docker/jvm/Dockerfile
copies docker/resources/common-scripts and docker/jvm/launch to /etc/kafka/docker/) is done
the same way, in the same order:

  run              sources configureDefaults, configure, launch.
  configureDefaults  exports CLUSTER_ID when it is unset or empty (IMAGE_DEFAULTS, here in
                   Python).
  configure        KRaft (KAFKA_PROCESS_ROLES set): CLUSTER_ID must be set; without
                   KAFKA_LISTENERS a broker listens where it advertises, on 0.0.0.0 (here in
                   Python; its SSL/SASL/JMX checks do not apply).
  launch           `kafka-run-class.sh kafka.docker.KafkaDockerWrapper setup --default-configs-dir
                   /etc/kafka/docker --mounted-configs-dir /mnt/shared/config --final-configs-dir
                   /opt/kafka/config` (an "already formatted" failure is let pass), then
                   kafka-server-start.sh /opt/kafka/config/server.properties.

KafkaDockerWrapper is Kafka's own code (kafka_2.13-4.1.0.jar), so the real one runs here: it
writes server.properties from the environment (every KAFKA_* variable but the JVM ones, minus
`KAFKA_`, lower case, `_` -> `.`, `___` -> `-`, `__` -> `_`) and formats the log dirs with
CLUSTER_ID (kafka.tools.StorageTool). Then kafka.Kafka serves and the tools of kafka-tools talk
to it: Kafka 4.1.0, the image's release, from Maven Central (hack/install-kafka.sh,
bin/kafka-java) on the machine's OpenJDK 17.
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
# docker/resources/common-scripts/configureDefaults (since the KafkaDockerWrapper launch: only
# CLUSTER_ID; the image's own server.properties is used only when no KAFKA_* variable is set)
IMAGE_DEFAULTS = {"CLUSTER_ID": "5L6g3nShT-eMCtK--X86sw"}
ENTRYPOINT = "exec /etc/kafka/docker/run"
# Three JVMs with the rendered -Xms512m -Xmx1g do not fit beside the other tests on this
# machine: the brokers here get a smaller heap (the only setting not taken from the render).
BROKER_JVM = ["-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"]
TOOL_JVM = ["-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
TOOLS_LOG4J = """rootLogger.level=WARN
rootLogger.appenderRef.err.ref=err
appender.err.type=Console
appender.err.name=err
appender.err.target=SYSTEM_ERR
appender.err.layout.type=PatternLayout
appender.err.layout.pattern=[%d] %p %m (%c)%n
"""
# The logging configuration launch finds in /etc/kafka/docker (the distribution's, abridged).
LOG4J2_YAML = """Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        - ref: STDOUT
"""


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


def image_environment(env: dict[str, str]) -> dict[str, str]:
    """The environment launch runs with: the container's, after configureDefaults and configure."""
    env = dict(env)
    for key, value in IMAGE_DEFAULTS.items():
        if not env.get(key):
            env[key] = value
    assert env.get("KAFKA_PROCESS_ROLES"), "the image runs KRaft only with KAFKA_PROCESS_ROLES"
    assert env.get("CLUSTER_ID"), "CLUSTER_ID environment variable not set"
    if not env.get("KAFKA_LISTENERS") and env["KAFKA_PROCESS_ROLES"] != "controller" and env.get("KAFKA_ADVERTISED_LISTENERS"):
        env["KAFKA_LISTENERS"] = re.sub(r"://[^:]*:", "://0.0.0.0:", env["KAFKA_ADVERTISED_LISTENERS"])
    return env


def read_properties(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line.strip() and not line.startswith("#"))


@dataclass
class Node:
    index: int
    pod: str
    dir: Path
    env: dict[str, str]
    ports: dict[int, int]
    proc: subprocess.Popen | None = None

    @property
    def log(self) -> Path:
        return self.dir / "server.log"

    @property
    def config_dir(self) -> Path:
        """/opt/kafka/config of the pod: where KafkaDockerWrapper writes server.properties."""
        return self.dir / "opt-kafka-config"

    def properties(self) -> dict[str, str]:
        return read_properties(self.config_dir / "server.properties")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


@dataclass
class Cluster:
    """Kafka nodes as the rendered StatefulSet's pods, each on 127.0.0.1 with free ports."""
    statefulset: dict
    workdir: Path
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
        """The node's environment with the Service host names and ports mapped to 127.0.0.1
        and free ports, and its log dirs under its own directory (the volume); nothing else
        changes."""
        env = dict(node.env)
        for key in ("KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS", "KAFKA_CONTROLLER_QUORUM_VOTERS"):
            env[key] = re.sub(r"(://|@)([^:,/@]*):(\d+)",
                              lambda m: m.group(1) + self.address(m.group(2), int(m.group(3)), node.index), env[key])
        env["KAFKA_LOG_DIRS"] = ",".join(str(node.dir / "volume" / d.lstrip("/")) for d in env["KAFKA_LOG_DIRS"].split(","))
        headless = self.statefulset["spec"]["serviceName"]
        assert not [k for k, v in env.items() if headless in v], "every Service address is mapped"
        return env

    def java(self, jvm: list[str], main: str, *args: str, log4j: Path | None = None) -> list[str]:
        if log4j is None:
            log4j = self.workdir / "tools-log4j2.properties"
            if not log4j.exists():
                log4j.write_text(TOOLS_LOG4J)
        return [str(KAFKA_JAVA), *jvm, f"-Dlog4j2.configurationFile={log4j}", main, *args]

    def _setup(self, node: Node) -> subprocess.Popen:
        """launch's first step: KafkaDockerWrapper setup (server.properties, format)."""
        defaults, mounted = node.dir / "etc-kafka-docker", node.dir / "mnt-shared-config"
        for d in (defaults, mounted, node.config_dir):
            d.mkdir(exist_ok=True)
        for name in ("log4j2.yaml", "tools-log4j2.yaml"):
            (defaults / name).write_text(LOG4J2_YAML)
        return subprocess.Popen(self.java(TOOL_JVM, "kafka.docker.KafkaDockerWrapper", "setup",
                                          "--default-configs-dir", str(defaults), "--mounted-configs-dir", str(mounted),
                                          "--final-configs-dir", str(node.config_dir)),
                                env={"PATH": os.environ["PATH"], **self.localize(node)},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def setup(self) -> None:
        """launch on new volumes, every node at once (podManagementPolicy Parallel)."""
        procs = [self._setup(node) for node in self.nodes]
        for p in procs:
            out = p.communicate(timeout=60)[0].decode()
            assert p.returncode == 0, f"KafkaDockerWrapper setup failed:\n{out}"

    def start(self, node: Node) -> None:
        """launch's last step: kafka-server-start.sh /opt/kafka/config/server.properties."""
        with node.log.open("ab") as log:
            node.proc = subprocess.Popen(self.java(BROKER_JVM, "kafka.Kafka", str(node.config_dir / "server.properties"),
                                                   log4j=node.config_dir / "log4j2.yaml"),
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def restart(self, node: Node) -> None:
        """The pod started again on its volume: launch's setup fails with "already formatted"
        (the one failure launch lets pass), then the server starts."""
        p = self._setup(node)
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

    def stop(self, node: Node) -> None:
        """As the kubelet stops a container: SIGTERM, then SIGKILL after the grace period."""
        if node.proc is None or node.proc.poll() is not None:
            return
        grace = self.statefulset["spec"]["template"]["spec"].get("terminationGracePeriodSeconds", 30)
        os.killpg(node.proc.pid, signal.SIGTERM)
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
    """The StatefulSet's pods as real Kafka nodes, set up by the image's launch steps and
    started; every process is stopped and the directory removed at the end."""
    if not KAFKA_JAVA.exists():
        raise RuntimeError("no Kafka: run hack/install-kafka.sh (make tools does)")
    container = statefulset["spec"]["template"]["spec"]["containers"][0]
    ports = {p["containerPort"] for p in container["ports"]}
    workdir = Path(tempfile.mkdtemp(prefix="kafka-"))
    c = Cluster(statefulset, workdir)
    try:
        for i in range(statefulset["spec"]["replicas"]):
            pod = f"{statefulset['metadata']['name']}-{i}"
            (workdir / pod).mkdir()
            c.nodes.append(Node(i, pod, workdir / pod, image_environment(entrypoint_env(container, pod)),
                                {p: free_port() for p in ports}))
        c.setup()
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
