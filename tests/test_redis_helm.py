"""The Helm chart's Redis roles: `helm template` creates the composer's objects for every form
of the redis settings (the primary in memory or persistent, read replicas, the cache, external
with a cache, existingSecret, pull secrets, the app alone asking for roles), on Helm 4 and
Helm 3, with the workloads' env, wait-for-redis containers and digest annotations; the rules
across settings fail with the composer's words before anything is created."""
from __future__ import annotations

import pytest
import yaml

from composer import redis, settings as settings_mod
from tests.helpers import CHART, composer, helm, objects
from tests.test_helm_chart import HELMS, assert_parity, helm_template, _values_file

WRITER = {"image": {"repository": "registry.example.com/writer", "tag": "1.0.0"}, "redis": {"enabled": True}}
READER = {"image": {"repository": "registry.example.com/reader", "tag": "1.0.0"},
          "redis": {"enabled": True, "role": "replica"}}
CACHER = {"image": {"repository": "registry.example.com/cacher", "tag": "1.0.0"},
          "redis": {"enabled": True, "role": "cache",
                    "env": {"host": "CACHE_HOST", "port": "CACHE_PORT", "password": "CACHE_PASSWORD"}}}
ALL_ROLES = {"password": "s3cret pass", "persistence": {"enabled": True, "size": "2Gi", "storageClassName": "local-path"},
             "replica": {"count": 2}, "cache": {"enabled": True, "maxmemory": "1mb", "maxmemoryPolicy": "allkeys-lru"}}


def system(r: dict, enabled: bool = False, **top) -> dict:
    workloads = top.pop("workloads", {"writer": WRITER})
    raw = {"name": "count", "namespace": "count", "enabled": enabled, "redis": r, "workloads": workloads, **top}
    return settings_mod.validate(raw)


VARIANTS = {
    "all roles, every role used": lambda: system(ALL_ROLES, workloads={"writer": WRITER, "reader": READER, "cacher": CACHER}),
    "in-memory primary": lambda: system({}),
    "persistent primary, no StorageClass, existingSecret, pull secrets": lambda: system(
        {"existingSecret": "count-redis-auth", "persistence": {"enabled": True, "size": "3Gi", "accessMode": "ReadWriteOncePod"},
         "image": {"repository": "registry.example.com/redis", "tag": "7.2.4", "pullPolicy": "Always"}},
        imagePullSecrets=["regcred", "mirror"]),
    "replicas only, reader and writer, no namespace": lambda: system(
        {"replica": {"count": 3, "resources": {"requests": {"cpu": "50m", "memory": "64Mi"},
                                               "limits": {"cpu": "300m", "memory": "384Mi"}}}},
        workloads={"writer": WRITER, "reader": READER}, namespace=""),
    "external with a cache": lambda: system(
        {"enabled": False, "host": "redis.example.com", "port": 6380, "existingSecret": "my-redis",
         "cache": {"enabled": True, "maxmemory": "128mb", "maxmemoryPolicy": "volatile-lfu"}},
        workloads={"writer": WRITER, "cacher": CACHER}),
    "the app alone with persistence": lambda: system({"persistence": {"enabled": True}}, enabled=True, workloads={}),
    "the app alone with replicas and a cache": lambda: system(
        {"password": "pw", "replica": {"count": 1}, "cache": {"enabled": True}}, enabled=True, workloads={},
        imagePullSecrets=["regcred"]),
    "the app with an external Redis asking for a cache (no redis part)": lambda: system(
        {"enabled": False, "host": "redis.example.com", "cache": {"enabled": True}}, enabled=True, workloads={}),
    "the app and a disabled user": lambda: system(ALL_ROLES, enabled=True,
                                                  workloads={"writer": {**WRITER, "enabled": False}}),
}


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_helm_template_equals_render(variant, binary, tmp_path):
    assert_parity(VARIANTS[variant](), tmp_path, binary=binary)


@pytest.mark.parametrize("binary", HELMS)
def test_the_app_alone_moves_to_the_primary_and_back(binary, tmp_path):
    """The app's in-memory Deployment is replaced by the StatefulSet once a role is asked for,
    and comes back without one: the same Service name either way."""
    def kinds(settings: dict) -> set[tuple[str, str]]:
        return {(o["kind"], o["metadata"]["name"]) for o in helm_template(_values_file(tmp_path, settings),
                                                                          binary=binary, release="count")}
    alone = kinds(system({}, enabled=True, workloads={}))
    roles = kinds(system({"persistence": {"enabled": True}}, enabled=True, workloads={}))
    assert ("Deployment", "count-redis") in alone and ("StatefulSet", "count-redis") not in alone
    assert ("StatefulSet", "count-redis") in roles and ("Deployment", "count-redis") not in roles
    assert ("Service", "count-redis") in alone and ("Service", "count-redis") in roles


@pytest.mark.parametrize("binary", HELMS)
def test_each_role_has_its_own_digest_and_a_moved_secret_rolls_the_pods(binary, tmp_path):
    def digests(settings: dict) -> dict[str, str]:
        return {o["metadata"]["name"]: o["spec"]["template"]["metadata"]["annotations"][redis.CONNECTION_ANNOTATION]
                for o in helm_template(_values_file(tmp_path, settings), binary=binary, release="count")
                if o["kind"] == "Deployment" and o["metadata"]["name"] in ("writer", "reader", "cacher")}
    every = digests(system(ALL_ROLES, workloads={"writer": WRITER, "reader": READER, "cacher": CACHER}))
    assert len(set(every.values())) == 3
    moved = digests(system({**ALL_ROLES, "existingSecret": "theirs"},
                           workloads={"writer": WRITER, "reader": READER, "cacher": CACHER}))
    assert all(moved[n] != every[n] for n in every)


BAD = {
    "roles and names": {"name": "count", "enabled": False, "redis": {},
                        "workloads": {"writer": WRITER, "reader": READER, "cacher": CACHER, "count-redis-headless": {**WRITER},
                                      "dup": {**WRITER, "env": {"REDIS_HOST": "x"}},
                                      "twice": {**WRITER, "redis": {"enabled": True, "env": {"port": "REDIS_HOST"}}}}},
    "replicas without the primary": {"name": "count", "enabled": False,
                                     "redis": {"enabled": False, "host": "redis.example.com", "replica": {"count": 2},
                                               "cache": {"enabled": True}},
                                     "workloads": {"writer": WRITER, "reader": READER, "count-redis-cache": {**WRITER},
                                                   "both": {**WRITER, "postgresql": {"enabled": True, "database": "x",
                                                                                     "env": {"host": "REDIS_PORT"}}}}},
}


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("case", sorted(BAD))
def test_helm_refuses_what_the_composer_refuses_in_the_same_words(tmp_path, binary, case):
    bad = BAD[case]
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(bad))
    proc = composer("render", "--settings", str(path))
    composer_lines = [line.split(": ", 2)[2] for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert proc.returncode != 0 and len([line for line in composer_lines if "redis" in line.lower()]) >= 4, proc.stderr
    proc = helm("template", "count", str(CHART), "-f", str(_values_file(tmp_path, bad)), binary=binary, check=False)
    assert proc.returncode != 0
    assert [line.removeprefix("error: values: ") for line in proc.stderr.splitlines()
            if line.startswith("error: values: ")] == composer_lines


@pytest.mark.parametrize("binary", HELMS)
def test_a_bad_maxmemory_is_refused_by_the_values_schema_as_by_the_composer(tmp_path, binary):
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump({"redis": {"cache": {"enabled": True, "maxmemory": "64 mb"}}}))
    proc = composer("render", "--settings", str(path))
    assert proc.returncode != 0 and "redis.cache.maxmemory" in proc.stderr, proc.stderr
    proc = helm("template", "count", str(CHART), "--set", "redis.cache.enabled=true",
                "--set-string", "redis.cache.maxmemory=64 mb", binary=binary, check=False)
    assert proc.returncode != 0 and "maxmemory" in proc.stderr, proc.stderr


def test_notes_say_where_each_role_is_and_how_to_delete_the_claim(tmp_path):
    def notes(settings: dict) -> str:
        return helm("install", "count", str(CHART), "--dry-run=client", "-f",
                    str(_values_file(tmp_path, settings))).stdout.split("NOTES:", 1)[1]
    every = notes(VARIANTS["all roles, every role used"]())
    assert "primary: count-redis:6379 (append-only file on a volume claim)" in every
    assert "read replicas (2): count-redis-read:6379" in every
    assert "cache (maxmemory 1mb, allkeys-lru): count-redis-cache:6379" in every
    assert "kubectl delete pvc -n count -l app.kubernetes.io/instance=count,app.kubernetes.io/name=redis" in every
    assert "s3cret" not in every and 'Secret "count-redis"' in every
    external = notes(VARIANTS["external with a cache"]())
    assert "Redis (external)" in external and "primary: redis.example.com:6380\n" in external
    assert "delete pvc" not in external and 'Secret "my-redis"' in external
    app = notes(system({"persistence": {"enabled": True}}, enabled=True, workloads={}))
    assert "keeps NO data" not in app and "append-only file on a volume claim" in app
    assert "Redis (in-cluster)" not in notes(system({}, enabled=True, workloads={})), "the app alone: no redis part"


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("variant", ["all roles, every role used", "the app alone with replicas and a cache"])
def test_lint_strict(variant, binary, tmp_path):
    helm("lint", "--strict", str(CHART), "-f", str(_values_file(tmp_path, VARIANTS[variant]())), binary=binary)
