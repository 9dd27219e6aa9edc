"""The in-cluster Redis's command line, run as its container would run it, against a real
redis-server (Debian's, on 127.0.0.1, started and stopped here).

The command is taken from the rendered manifests (rendered/install.yaml, what
`kubectl apply -f rendered/` installs and every route's parity test compares against),
not retyped: the container's shell line is expanded by a real `sh` with the container's
environment, and the words it would hand to redis-server are handed to the real one.
"""
from __future__ import annotations

import subprocess

import pytest

from tests import dataservers
from tests.helpers import ROOT, objects

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

EXEC = "exec redis-server "


def redis_container() -> dict:
    built = objects((ROOT / "rendered" / "install.yaml").read_text())
    deployment = next(o for o in built if o["kind"] == "Deployment" and o["metadata"]["name"].endswith("-redis"))
    return deployment["spec"]["template"]["spec"]["containers"][0]


def server_argv(container: dict, env: dict[str, str]) -> list[str]:
    """The words the container's `sh -c` line passes to redis-server, expanded by sh with
    ``env`` (the variables the container declares)."""
    assert container["command"] == ["sh", "-c"]
    (line,) = container["args"]
    assert line.startswith(EXEC), line
    declared = {e["name"] for e in container.get("env", [])}
    assert set(env) == declared, "the test sets exactly the variables the container declares"
    expand = "printf '%s\\0' " + line[len(EXEC):]
    out = subprocess.run(["sh", "-c", expand], env={"PATH": "/usr/bin:/bin", **env},
                         capture_output=True, check=True).stdout.decode()
    return out.split("\0")[:-1]


def test_without_a_password_redis_runs_without_auth_and_without_persistence(tmp_path):
    argv = server_argv(redis_container(), {"REDIS_PASSWORD": ""})
    assert "--requirepass" not in argv
    with dataservers.redis(argv, dataservers.free_port(), cwd=tmp_path) as server:
        assert server.cli("SET", "k", "v") == "OK"
        assert server.cli("GET", "k") == "v"
        persistence = server.info("persistence")
        assert persistence["aof_enabled"] == "0"
        assert server.cli("CONFIG", "GET", "save").splitlines() == ["save"]  # no snapshots: an empty value
        assert not list(tmp_path.glob("*.aof")) and not list(tmp_path.glob("appendonlydir"))


def test_with_a_password_redis_refuses_clients_without_it(tmp_path):
    password = 'p@ss word"$x'
    argv = server_argv(redis_container(), {"REDIS_PASSWORD": password})
    with dataservers.redis(argv, dataservers.free_port(), password=password, cwd=tmp_path) as server:
        assert server.cli("SET", "k", "v") == "OK"
        anonymous = dataservers.Redis(server.port)
        assert "NOAUTH" in anonymous.cli("GET", "k", check=False)


def readiness(container: dict, port: int, env: dict[str, str], tmp_path) -> bool:
    """Run the container's readiness probe as the kubelet would (exec, its environment);
    the probe's redis-cli (which talks to the pod's own 127.0.0.1:6379) is the real one,
    pointed at ``port`` by a wrapper first on PATH."""
    wrapper = tmp_path / "bin" / "redis-cli"
    wrapper.parent.mkdir(exist_ok=True)
    wrapper.write_text(f'#!/bin/sh\nexec {ROOT / "bin" / "redis-cli"} -h 127.0.0.1 -p {port} "$@"\n')
    wrapper.chmod(0o755)
    probe = container["readinessProbe"]["exec"]["command"]
    proc = subprocess.run(probe, env={"PATH": f"{wrapper.parent}:/usr/bin:/bin", **env}, capture_output=True, timeout=30)
    return proc.returncode == 0


@pytest.mark.parametrize("password", ["", "s3cret pass"])
def test_the_readiness_probe_passes_only_with_the_containers_password(password, tmp_path):
    container = redis_container()
    argv = server_argv(container, {"REDIS_PASSWORD": password})
    port = dataservers.free_port()
    with dataservers.redis(argv, port, password=password, cwd=tmp_path):
        assert readiness(container, port, {"REDIS_PASSWORD": password}, tmp_path)
        if password:
            assert not readiness(container, port, {"REDIS_PASSWORD": "wrong"}, tmp_path)
    assert not readiness(container, port, {"REDIS_PASSWORD": password}, tmp_path), "no server, not ready"
