"""The Helm chart's PostgreSQL: `helm template` creates the composer's objects for every
form of the postgresql settings (in-cluster or external, existingSecret or password, with or
without a StorageClass), on Helm 4 and Helm 3; the init Job's digest name follows the
database list in both; the cross-setting rules fail with the composer's words; NOTES say
where the server is and how to delete its kept volume claims, and print no secret."""
from __future__ import annotations

import copy

import pytest
import yaml

from composer import postgresql, settings as settings_mod
from composer.helm import values
from tests.helpers import CHART, composer, helm, objects
from tests.test_helm_chart import HELMS, assert_parity, helm_template, _values_file

API = {"image": {"repository": "registry.example.com/api", "tag": "1.0.0"}}
PASSWORD = "n0t-in-notes"


def system(pg: dict, use: dict | None = None, **top) -> dict:
    """Complete settings: the shop app off, workload api using PostgreSQL (``use``)."""
    raw = {"name": "shop", "namespace": "shop", "enabled": False, "postgresql": pg,
           "workloads": {"api": {**API, "postgresql": use or {"enabled": True, "database": "orders"}}}, **top}
    return settings_mod.schema.fill_entry_defaults(settings_mod.schema.deep_merge(settings_mod.schema.defaults(), raw))


IN_CLUSTER = {"enabled": True, "password": PASSWORD, "databases": {"orders": {}, "audit": {"owner": "auditor"}}}
VARIANTS = {
    "in-cluster": system(IN_CLUSTER),
    "in-cluster, existingSecret, StorageClass, pull secrets": system(
        {**IN_CLUSTER, "password": "", "existingSecret": "shop-db",
         "storage": {"size": "2Gi", "storageClassName": "local-path", "accessMode": "ReadWriteOncePod"},
         "image": {"repository": "registry.example.com/postgres", "tag": "16.2", "pullPolicy": "Always"},
         "securityContext": {"runAsUser": 999, "runAsGroup": 999, "fsGroup": 999}},
        imagePullSecrets=["regcred", "mirror"]),
    "in-cluster, no user, app on": system(IN_CLUSTER, use={"enabled": False}, enabled=True),
    "external": system({"host": "db.example.com", "port": 6432, "user": "svc", "password": PASSWORD},
                       use={"enabled": True, "database": "anything",
                            "env": {"host": "DB_HOST", "port": "DB_PORT", "user": "DB_USER",
                                    "password": "DB_PASS", "database": "DB_NAME"}}),
    "external, existingSecret": system({"host": "10.0.0.8", "existingSecret": "ext-db"}),
}


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_helm_template_equals_render(variant, binary, tmp_path):
    assert_parity(VARIANTS[variant], tmp_path, binary=binary)


def _job_names(settings: dict, tmp_path, binary: str) -> tuple[str, str]:
    composed = [o for o in objects(composer("render", "--settings", str(_settings_file(tmp_path, settings)),
                                            check=True).stdout) if o["kind"] == "Job"]
    helmed = [o for o in helm_template(_values_file(tmp_path, settings), binary=binary, release="shop")
              if o["kind"] == "Job"]
    return composed[0]["metadata"]["name"], helmed[0]["metadata"]["name"]


def _settings_file(tmp_path, settings: dict):
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(settings))
    return path


@pytest.mark.parametrize("binary", HELMS)
def test_a_changed_database_list_is_a_new_job_in_both(binary, tmp_path):
    before = VARIANTS["in-cluster"]
    after = copy.deepcopy(before)
    after["postgresql"]["databases"]["reports"] = {"owner": ""}
    old = _job_names(before, tmp_path, binary)
    new = _job_names(after, tmp_path, binary)
    assert old[0] == old[1] == postgresql.job_name(before)
    assert new[0] == new[1] == postgresql.job_name(after)
    assert old[0] != new[0]


def _bad(pg: dict, use: dict | None = None, **top) -> dict:
    return system({**IN_CLUSTER, **pg}, use, **top)


# Each breaks one rule of composer/rules_table.py POSTGRESQL (schema-valid otherwise).
CROSS_RULES = {
    "database not created": _bad({"databases": {"audit": {}}}),
    "no server": system({"enabled": False}),
    "reserved names": _bad({"user": "pg_admin", "databases": {"orders": {"owner": "pg_own"}, "pg_x": {}}}),
    "variable set twice": system(IN_CLUSTER, use={"enabled": True, "database": "orders", "env": {"host": "MODE"}}),
    "one name for two variables": system(IN_CLUSTER, use={"enabled": True, "database": "orders",
                                                          "env": {"host": "DB", "port": "DB"}}),
    "workload named like the server": _bad({}, enabled=False),
}
CROSS_RULES["variable set twice"]["workloads"]["api"]["env"] = {"MODE": "x"}
CROSS_RULES["workload named like the server"]["workloads"]["shop-postgresql-headless"] = \
    copy.deepcopy(CROSS_RULES["workload named like the server"]["workloads"]["api"])


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("case", sorted(CROSS_RULES))
def test_helm_refuses_what_the_composer_refuses_in_the_same_words(case, binary, tmp_path):
    settings = CROSS_RULES[case]
    proc = composer("render", "--settings", str(_settings_file(tmp_path, settings)))
    assert proc.returncode != 0
    composer_lines = [line.split(": ", 2)[2] for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert composer_lines
    proc = helm("template", "shop", str(CHART), "-f", str(_values_file(tmp_path, settings)), binary=binary, check=False)
    assert proc.returncode != 0
    helm_lines = [line.removeprefix("error: values: ") for line in proc.stderr.splitlines()
                  if line.startswith("error: values: ")]
    assert helm_lines == composer_lines


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("settings, setting", [
    (_bad({"password": ""}), "password"),
    (system(IN_CLUSTER, use={"enabled": True, "database": ""}), "database"),
])
def test_schema_rules_name_the_setting(settings, setting, binary, tmp_path):
    """The if/then rules of values.schema.json (from the settings schema) name the same setting."""
    proc = composer("render", "--settings", str(_settings_file(tmp_path, settings)))
    assert proc.returncode != 0 and f".{setting}:" in proc.stderr
    proc = helm("template", "shop", str(CHART), "-f", str(_values_file(tmp_path, settings)), binary=binary, check=False)
    assert proc.returncode != 0 and "schema" in proc.stderr.lower()
    assert setting in proc.stderr and "postgresql" in proc.stderr, proc.stderr


def test_notes_say_where_postgresql_is_and_how_to_delete_its_claims(tmp_path):
    notes = helm("install", "shop", str(CHART), "--dry-run=client", "-f",
                 str(_values_file(tmp_path, VARIANTS["in-cluster"]))).stdout.split("NOTES:", 1)[1]
    assert "shop-postgresql:5432" in notes and "audit, orders" in notes
    assert ("kubectl delete pvc -n shop -l app.kubernetes.io/instance=shop,app.kubernetes.io/name=postgresql"
            in notes)
    assert PASSWORD not in notes and values.export(VARIANTS["in-cluster"]) and "cGFzc3" not in notes
    notes = helm("install", "shop", str(CHART), "--dry-run=client", "-f",
                 str(_values_file(tmp_path, VARIANTS["external"]))).stdout.split("NOTES:", 1)[1]
    assert "db.example.com:6432" in notes and PASSWORD not in notes and "delete pvc" not in notes
