"""Redis in its roles (primary with or without persistence, read replicas, cache) as the
composer renders them, their command lines run against real redis-server processes, the
wiring of the workloads that use them, and the rules across settings.

The command lines and environments are taken from the rendered objects (what `kubectl
apply -f` installs and what every route's parity test compares against), not retyped: the
container's `sh -c` line is expanded by a real `sh` with the container's environment
(tests/test_redis_server.py server_argv), the Service names it points at replaced by
127.0.0.1 and the servers' ports, and the words are handed to Debian's redis-server on
127.0.0.1."""
from __future__ import annotations

import subprocess
import time

import pytest
import yaml

from composer import redis, routebuild, settings as settings_mod
from tests import dataservers
from tests.helpers import ROOT, by_id, composer, label_violations, objects, restricted_violations
from tests.test_redis_server import readiness, server_argv as argv

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

WRITER = {"image": {"repository": "registry.example.com/writer", "tag": "1.0.0"}, "redis": {"enabled": True}}
READER = {"image": {"repository": "registry.example.com/reader", "tag": "1.0.0"},
          "redis": {"enabled": True, "role": "replica"}}
CACHER = {"image": {"repository": "registry.example.com/cacher", "tag": "1.0.0"},
          "redis": {"enabled": True, "role": "cache", "env": {"host": "CACHE_HOST", "port": "CACHE_PORT",
                                                               "password": "CACHE_PASSWORD"}}}


def write(tmp_path, data: dict):
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def render(tmp_path, data: dict) -> dict:
    return by_id(objects(composer("render", "--settings", str(write(tmp_path, data)), check=True).stdout))


def system(redis_settings: dict | None = None, **workloads) -> dict:
    return {"name": "count", "namespace": "count", "enabled": False, "redis": redis_settings or {},
            "workloads": workloads or {"writer": WRITER}}


ALL_ROLES = {"password": "s3cret pass", "persistence": {"enabled": True, "size": "2Gi", "storageClassName": "local-path"},
             "replica": {"count": 2}, "cache": {"enabled": True, "maxmemory": "1mb", "maxmemoryPolicy": "allkeys-lru"}}


def container(obj: dict) -> dict:
    return obj["spec"]["template"]["spec"]["containers"][0]


def plain_env(c: dict, **overrides: str) -> dict[str, str]:
    """The container's environment as the kubelet would give it: plain values as written,
    the password (a secretKeyRef) as ``overrides`` says."""
    env = {e["name"]: e.get("value", "") for e in c["env"]}
    env.update(overrides)
    return env


# -- the objects ----------------------------------------------------------------------------------

def test_every_role_and_its_wiring(tmp_path):
    objs = render(tmp_path, system(ALL_ROLES, writer=WRITER, reader=READER, cacher=CACHER))
    assert objs[("ConfigMap", "count-redis")]["data"] == {
        "primaryHost": "count-redis", "replicaHost": "count-redis-read", "cacheHost": "count-redis-cache", "port": "6379"}
    primary = objs[("StatefulSet", "count-redis")]
    assert primary["spec"]["replicas"] == 1 and primary["spec"]["serviceName"] == "count-redis-headless"
    claim = primary["spec"]["volumeClaimTemplates"][0]
    assert claim["spec"] == {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}},
                             "storageClassName": "local-path"}
    assert "app.kubernetes.io/version" not in claim["metadata"]["labels"], "claim templates are immutable"
    assert "volumes" not in primary["spec"]["template"]["spec"], "the claim replaces the emptyDir"
    replica = objs[("Deployment", "count-redis-replica")]
    assert replica["spec"]["replicas"] == 2
    assert plain_env(container(replica))["REDIS_PRIMARY_HOST"] == "count-redis"
    assert objs[("Service", "count-redis-read")]["spec"]["selector"] == {"app": "count-redis-replica"}
    assert objs[("Service", "count-redis-cache")]["spec"]["selector"] == {"app": "count-redis-cache"}
    for name, role, key in (("writer", "primary", "primaryHost"), ("reader", "replica", "replicaHost"),
                            ("cacher", "cache", "cacheHost")):
        pod = objs[("Deployment", name)]["spec"]["template"]
        env = {e["name"]: e for e in container(objs[("Deployment", name)])["env"]}
        host, port, password = (("CACHE_HOST", "CACHE_PORT", "CACHE_PASSWORD") if name == "cacher"
                                else ("REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD"))
        assert env[host]["valueFrom"] == {"configMapKeyRef": {"name": "count-redis", "key": key}}
        assert env[port]["valueFrom"] == {"configMapKeyRef": {"name": "count-redis", "key": "port"}}
        assert env[password]["valueFrom"] == {"secretKeyRef": {"name": "count-redis", "key": "redis-password"}}
        assert "s3cret" not in yaml.safe_dump(objs[("Deployment", name)]), "the password only by reference"
        (wait,) = pod["spec"]["initContainers"]
        assert wait["name"] == "wait-for-redis"
        assert {e["name"]: e["valueFrom"]["configMapKeyRef"]["key"] for e in wait["env"] if "configMapKeyRef" in e["valueFrom"]} == {
            "REDIS_HOST": key, "REDIS_PORT": "port"}
        assert pod["metadata"]["annotations"][redis.CONNECTION_ANNOTATION]
    digests = {objs[("Deployment", n)]["spec"]["template"]["metadata"]["annotations"][redis.CONNECTION_ANNOTATION]
               for n in ("writer", "reader", "cacher")}
    assert len(digests) == 3, "each role is its own connection"
    for obj in objs.values():
        assert label_violations(obj) == []
        assert restricted_violations(obj) == []


def test_without_persistence_the_primary_keeps_nothing_and_absent_roles_have_no_host(tmp_path):
    objs = render(tmp_path, system())
    primary = objs[("StatefulSet", "count-redis")]
    assert "volumeClaimTemplates" not in primary["spec"]
    assert primary["spec"]["template"]["spec"]["volumes"] == [{"name": "data", "emptyDir": {"sizeLimit": "64Mi"}}]
    assert plain_env(container(primary))["REDIS_APPENDONLY"] == "no"
    assert objs[("ConfigMap", "count-redis")]["data"] == {"primaryHost": "count-redis", "port": "6379"}
    assert objs[("Secret", "count-redis")]["data"] == {"redis-password": ""}
    assert not [k for k in objs if k[1] in ("count-redis-replica", "count-redis-read", "count-redis-cache")]


def test_external_redis_and_an_existing_secret(tmp_path):
    objs = render(tmp_path, system({"enabled": False, "host": "redis.example.com", "port": 6380,
                                    "existingSecret": "my-redis"}))
    assert objs[("ConfigMap", "count-redis")]["data"] == {"primaryHost": "redis.example.com", "port": "6380"}
    assert ("Secret", "count-redis") not in objs and ("StatefulSet", "count-redis") not in objs
    env = {e["name"]: e for e in container(objs[("Deployment", "writer")])["env"]}
    assert env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "my-redis", "key": "redis-password"}


def test_the_app_alone_keeps_its_in_memory_redis_and_moves_to_the_redis_part_with_roles(tmp_path):
    alone = render(tmp_path, {})
    assert ("Deployment", "realtime-svg-redis") in alone and ("StatefulSet", "realtime-svg-redis") not in alone
    persistent = render(tmp_path, {"redis": {"persistence": {"enabled": True}}})
    assert ("Deployment", "realtime-svg-redis") not in persistent
    assert ("StatefulSet", "realtime-svg-redis") in persistent
    config = next(o for (kind, name), o in persistent.items() if kind == "ConfigMap" and name.startswith("realtime-svg-config"))
    assert config["data"]["REDIS_HOST"] == "realtime-svg-redis", "the app still finds its Redis under the same name"


def test_the_password_changes_the_digest_only_through_its_secret(tmp_path):
    a = render(tmp_path, system({"password": "one"}))
    b = render(tmp_path, system({"existingSecret": "theirs"}))
    ann = lambda objs: objs[("Deployment", "writer")]["spec"]["template"]["metadata"]["annotations"][redis.CONNECTION_ANNOTATION]
    assert ann(a) != ann(b), "a Secret moved: the pods roll"


# -- the rules ------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, line", [
    (system({}, reader=READER),
     'workloads.reader.redis.role: "replica", but the system has no read replicas (redis.replica.count: 0, '
     'redis.enabled: true); allowed: primary, cache with redis.cache.enabled, or replica with redis.enabled: true '
     'and redis.replica.count of 1 or more'),
    (system({}, cacher=CACHER),
     'workloads.cacher.redis.role: "cache", but redis.cache.enabled is false; allowed: primary, replica, or cache '
     'with redis.cache.enabled: true'),
    (system({"enabled": False, "host": "redis.example.com", "replica": {"count": 2}}),
     "redis.replica.count: 2 read replicas need the in-cluster primary, but redis.enabled is false; allowed: 0 with "
     "an external Redis, or redis.enabled: true"),
    (system({}, **{"count-redis": WRITER}),
     'workloads.count-redis: "count-redis" is the name of an object of Redis (name: "count"); allowed: a workload '
     'name not in count-redis, count-redis-headless'),
    (system({}, writer={**WRITER, "env": {"REDIS_HOST": "elsewhere"}}),
     "workloads.writer.redis.env.host: REDIS_HOST is also set by the workload's env or another connection; allowed: "
     "a variable name no other variable of the workload uses"),
    (system({"cache": {"maxmemory": "64 mb"}}),
     'redis.cache.maxmemory: "64 mb"'),
])
def test_bad_combinations_are_refused_naming_the_setting(tmp_path, data, line):
    proc = composer("render", "--settings", str(write(tmp_path, data)))
    assert proc.returncode != 0
    assert line in proc.stderr, proc.stderr
    assert proc.stdout == ""


# -- the command lines against real redis-server ------------------------------------------------

@pytest.fixture(scope="module")
def roles(tmp_path_factory) -> dict:
    return render(tmp_path_factory.mktemp("roles"), system(ALL_ROLES, writer=WRITER, reader=READER, cacher=CACHER))


PASSWORD = ALL_ROLES["password"]


def test_the_replica_follows_the_primary(roles, tmp_path):
    primary_c = container(roles[("StatefulSet", "count-redis")])
    replica_c = container(roles[("Deployment", "count-redis-replica")])
    primary_port, replica_port = dataservers.free_port(), dataservers.free_port()
    (tmp_path / "p").mkdir()
    (tmp_path / "r").mkdir()
    with dataservers.redis(argv(primary_c, plain_env(primary_c, REDIS_PASSWORD=PASSWORD)), primary_port,
                           password=PASSWORD, cwd=tmp_path / "p") as primary:
        replica_env = plain_env(replica_c, REDIS_PASSWORD=PASSWORD, REDIS_PRIMARY_HOST="127.0.0.1",
                                REDIS_PRIMARY_PORT=str(primary_port))
        with dataservers.redis(argv(replica_c, replica_env), replica_port, password=PASSWORD, cwd=tmp_path / "r") as replica:
            dataservers.wait_for(lambda: replica.info("replication").get("master_link_status") == "up", 20,
                                 "the replica's link to the primary")
            assert readiness(replica_c, replica_port, {"REDIS_PASSWORD": PASSWORD}, tmp_path), \
                "the replica's readiness probe passes once it is linked"
            assert primary.cli("SET", "count:1", "42") == "OK"
            dataservers.wait_for(lambda: replica.cli("GET", "count:1") == "42", 10, "the key on the replica")
            assert "READONLY" in replica.cli("SET", "x", "1", check=False), "replicas refuse writes"
            assert primary.info("replication")["connected_slaves"] == "1"
        assert primary.cli("GET", "count:1") == "42"


def test_a_replica_without_its_primary_is_not_ready(roles, tmp_path):
    replica_c = container(roles[("Deployment", "count-redis-replica")])
    port = dataservers.free_port()
    env = plain_env(replica_c, REDIS_PASSWORD=PASSWORD, REDIS_PRIMARY_HOST="127.0.0.1",
                    REDIS_PRIMARY_PORT=str(dataservers.free_port()))
    with dataservers.redis(argv(replica_c, env), port, password=PASSWORD, cwd=tmp_path):
        assert not readiness(replica_c, port, {"REDIS_PASSWORD": PASSWORD}, tmp_path)


def test_the_cache_evicts_instead_of_refusing_writes(roles, tmp_path):
    cache_c = container(roles[("Deployment", "count-redis-cache")])
    words = argv(cache_c, plain_env(cache_c, REDIS_PASSWORD=PASSWORD))
    with dataservers.redis(words, dataservers.free_port(), password=PASSWORD, cwd=tmp_path) as cache:
        assert cache.cli("CONFIG", "GET", "maxmemory").splitlines()[1] == str(1024 * 1024)
        assert cache.cli("CONFIG", "GET", "maxmemory-policy").splitlines()[1] == "allkeys-lru"
        value = "x" * 10_000
        for i in range(300):  # 3 MB into a 1 MB cache
            assert cache.cli("SET", f"k{i}", value) == "OK", "a full cache still takes writes"
        stats = cache.info("stats")
        assert int(stats["evicted_keys"]) > 0
        assert int(cache.cli("DBSIZE")) < 300
        assert cache.info("persistence")["aof_enabled"] == "0"


def test_the_persistent_primary_keeps_its_data_across_a_restart(roles, tmp_path):
    primary_c = container(roles[("StatefulSet", "count-redis")])
    words = argv(primary_c, plain_env(primary_c, REDIS_PASSWORD=PASSWORD))
    port = dataservers.free_port()
    with dataservers.redis(words, port, password=PASSWORD, cwd=tmp_path) as primary:
        assert primary.info("persistence")["aof_enabled"] == "1"
        assert primary.cli("SET", "kept", "yes") == "OK"
        dataservers.wait_for(lambda: any(tmp_path.glob("appendonlydir/*.aof")) or any(tmp_path.glob("*.aof")), 5,
                             "the append-only file")
        time.sleep(1.2)  # appendfsync everysec
    with dataservers.redis(words, port, password=PASSWORD, cwd=tmp_path) as again:
        assert again.cli("GET", "kept") == "yes", "the append-only file was replayed"


def test_the_wait_container_waits_until_its_redis_answers(roles, tmp_path):
    """The init container's script, run by a real sh with the real redis-cli: it loops while
    nothing listens and returns once the server answers PING with the password."""
    wait = roles[("Deployment", "writer")]["spec"]["template"]["spec"]["initContainers"][0]
    script = wait["command"][2]
    port = dataservers.free_port()
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "redis-cli").symlink_to(ROOT / "bin" / "redis-cli")
    env = {"PATH": f"{bindir}:/usr/bin:/bin", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(port),
           "REDIS_PASSWORD": PASSWORD}
    waiting = subprocess.Popen(["sh", "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        time.sleep(2.5)
        assert waiting.poll() is None, "no server yet: still waiting"
        primary_c = container(roles[("StatefulSet", "count-redis")])
        words = argv(primary_c, plain_env(primary_c, REDIS_PASSWORD=PASSWORD))
        with dataservers.redis(words, port, password=PASSWORD, cwd=tmp_path):
            assert waiting.wait(15) == 0
        assert b"waiting for Redis at 127.0.0.1" in waiting.stdout.read()
    finally:
        if waiting.poll() is None:
            waiting.kill()
            waiting.wait()


# -- the routes that build from the overlay --------------------------------------------------

@pytest.mark.parametrize("redis_settings", [ALL_ROLES, {}, {"enabled": False, "host": "redis.example.com",
                                                             "existingSecret": "my-redis", "cache": {"enabled": True}}],
                         ids=["all-roles", "in-memory", "external-with-cache"])
def test_the_overlay_routes_build_the_same_objects(redis_settings):
    data = system(redis_settings, writer=WRITER, **({"cacher": CACHER} if redis_settings.get("cache") else {}))
    report = routebuild.compare_routes(settings_mod.validate(data), routebuild.ROUTES)  # all six
    assert report.skipped == {} and report.differences == [], report.as_json()
    assert report.objects >= 6
