"""PostgreSQL as the composer renders it: the objects for each way of having it (in-cluster
with a password or a Secret of yours, external), the wiring of the workloads that use it,
and the start order, run against a real PostgreSQL server where a container would run it."""
from __future__ import annotations

import os
import subprocess

import yaml

from composer import postgresql, settings as settings_mod
from tests import dataservers
from tests.helpers import by_id, composer, label_violations, objects, restricted_violations

API = {"image": {"repository": "registry.example.com/api", "tag": "1.0.0"}}


def render(tmp_path, data: dict) -> list[dict]:
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(data))
    return objects(composer("render", "--settings", str(path), check=True).stdout)


def in_cluster(**pg) -> dict:
    return {"name": "shop", "namespace": "shop", "enabled": False,
            "postgresql": {"enabled": True, "password": "pw-1", "databases": {"orders": {}, "audit": {"owner": "auditor"}},
                           **pg},
            "workloads": {"api": {**API, "postgresql": {"enabled": True, "database": "orders"}}}}


def test_in_cluster_objects_follow_the_settings(tmp_path):
    objs = by_id(render(tmp_path, in_cluster(storage={"size": "3Gi", "storageClassName": "local-path"})))
    sts = objs[("StatefulSet", "shop-postgresql")]
    claim = sts["spec"]["volumeClaimTemplates"][0]
    assert claim["spec"] == {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "3Gi"}},
                             "storageClassName": "local-path"}
    assert "app.kubernetes.io/version" not in claim["metadata"]["labels"], "claim templates are immutable"
    assert sts["spec"]["serviceName"] == "shop-postgresql-headless"
    assert objs[("Service", "shop-postgresql-headless")]["spec"]["clusterIP"] == "None"
    assert objs[("ConfigMap", "shop-postgresql")]["data"] == {"host": "shop-postgresql", "port": "5432", "user": "app"}
    job = next(o for (kind, _), o in objs.items() if kind == "Job")
    assert job["metadata"]["name"].startswith("shop-postgresql-init-")
    env = {e["name"]: e for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["DATABASES"]["value"] == "audit=auditor orders=app"
    for obj in objs.values():
        assert restricted_violations(obj) == [] and label_violations(obj) == []


def test_no_claim_template_class_when_the_setting_is_empty(tmp_path):
    sts = by_id(render(tmp_path, in_cluster()))[("StatefulSet", "shop-postgresql")]
    assert "storageClassName" not in sts["spec"]["volumeClaimTemplates"][0]["spec"], "empty: the cluster's default class"


def test_the_workload_gets_its_connection_by_reference_and_waits(tmp_path):
    objs = by_id(render(tmp_path, in_cluster()))
    pod = objs[("Deployment", "api")]["spec"]["template"]
    env = {e["name"]: e for e in pod["spec"]["containers"][0]["env"]}
    assert env["PGHOST"] == {"name": "PGHOST", "valueFrom": {"configMapKeyRef": {"name": "shop-postgresql", "key": "host"}}}
    assert env["PGPASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "shop-postgresql", "key": "password"}}
    assert env["PGDATABASE"] == {"name": "PGDATABASE", "value": "orders"}
    assert [c["name"] for c in pod["spec"]["initContainers"]] == ["wait-for-postgresql"]
    assert postgresql.CONNECTION_ANNOTATION in pod["metadata"]["annotations"]
    # the password is nowhere but in the Secret
    text = yaml.safe_dump([o for (kind, _), o in objs.items() if kind != "Secret"])
    assert "pw-1" not in text


def test_a_new_database_list_is_a_new_job_and_a_new_host_rolls_the_workload(tmp_path):
    def job_and_annotation(data):
        objs = render(tmp_path, data)
        job = next(o["metadata"]["name"] for o in objs if o["kind"] == "Job")
        deploy = next(o for o in objs if o["kind"] == "Deployment")
        return job, deploy["spec"]["template"]["metadata"]["annotations"][postgresql.CONNECTION_ANNOTATION]

    base = in_cluster()
    more = in_cluster(databases={"orders": {}, "audit": {"owner": "auditor"}, "reports": {}})
    tagged = in_cluster(image={"repository": "postgres", "tag": "15.14-alpine"})
    secret = in_cluster(password="", existingSecret="shop-db")  # PGPASSWORD's Secret is in the template
    jobs = {job_and_annotation(d)[0] for d in (base, more, tagged, secret)}
    assert len(jobs) == 4, "a Job's pod template is immutable: every change is a new Job"
    assert job_and_annotation(base) == job_and_annotation(in_cluster())  # and no change is no new Job

    external = {**base, "postgresql": {"host": "db.example.com", "password": "pw-1"}}
    moved = {**base, "postgresql": {"host": "db2.example.com", "password": "pw-1"}}
    assert job_and_annotation_external(tmp_path, external) != job_and_annotation_external(tmp_path, moved)


def job_and_annotation_external(tmp_path, data):
    objs = render(tmp_path, data)
    assert not [o for o in objs if o["kind"] in ("Job", "StatefulSet")], "an external server: nothing to run"
    deploy = next(o for o in objs if o["kind"] == "Deployment")
    return deploy["spec"]["template"]["metadata"]["annotations"][postgresql.CONNECTION_ANNOTATION]


def test_an_existing_secret_replaces_the_generated_one(tmp_path):
    objs = render(tmp_path, in_cluster(password="", existingSecret="shop-db"))
    assert not [o for o in objs if o["kind"] == "Secret"]
    refs = [e["valueFrom"]["secretKeyRef"]["name"] for o in objs if o["kind"] in ("Deployment", "StatefulSet", "Job")
            for c in o["spec"]["template"]["spec"]["containers"] + o["spec"]["template"]["spec"].get("initContainers", [])
            for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]
    assert refs and set(refs) == {"shop-db"}


def test_settings_that_cannot_work_are_refused_with_the_setting_named(tmp_path):
    cases = {
        "workloads.api.postgresql.enabled": {**in_cluster(), "postgresql": {"enabled": False}},
        "workloads.api.postgresql.database": in_cluster(databases={"audit": {}}),
        "postgresql.password": in_cluster(password=""),
        "postgresql.storage.size": in_cluster(storage={"size": "lots"}),
        "postgresql.databases.pg_stats": in_cluster(databases={"pg_stats": {}, "orders": {}}),
    }
    for setting, data in cases.items():
        path = tmp_path / "bad.yaml"
        path.write_text(yaml.safe_dump(data))
        proc = composer("render", "--settings", str(path))
        assert proc.returncode != 0 and f"error: {path}: {setting}:" in proc.stderr, (setting, proc.stderr)
        assert proc.stdout == ""


# -- the start order, with a real server ----------------------------------------------------------

def _command_env(container: dict, server: dataservers.Postgres, database: str) -> dict[str, str]:
    env = {"PATH": f"{server.bindir}:{os.environ['PATH']}", "PGHOST": "127.0.0.1", "PGPORT": str(server.port),
           "PGUSER": server.superuser, "PGPASSWORD": "", "PGDATABASE": database, "PGCONNECT_TIMEOUT": "5"}
    assert {e["name"] for e in container["env"]} == set(env) - {"PATH"}
    return env


def test_the_workload_waits_for_its_database_until_the_init_job_made_it(tmp_path):
    """The wait container (from the render) blocks while the database is missing and ends
    once the init Job's script (from the render) has created it."""
    objs = render(tmp_path, in_cluster(user="app"))
    deploy = next(o for o in objs if o["kind"] == "Deployment")
    job = next(o for o in objs if o["kind"] == "Job")
    wait = deploy["spec"]["template"]["spec"]["initContainers"][0]
    init = job["spec"]["template"]["spec"]["containers"][0]
    log = tmp_path / "wait.log"
    with dataservers.postgres(superuser="app") as server, log.open("w") as out:
        waiting = subprocess.Popen(wait["command"], env=_command_env(wait, server, "orders"), user=server.user,
                                   stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            # its first attempt failed (no database yet): it says so and tries again
            dataservers.wait_for(lambda: "waiting for database orders" in log.read_text(), 15, "a first attempt")
            assert waiting.poll() is None
            env = {"PATH": f"{server.bindir}:{os.environ['PATH']}", "PGHOST": "127.0.0.1", "PGPORT": str(server.port),
                   "PGUSER": "app", "PGPASSWORD": "", "PGDATABASE": "postgres", "PGCONNECT_TIMEOUT": "5",
                   "DATABASES": next(e["value"] for e in init["env"] if e["name"] == "DATABASES")}
            done = subprocess.run(init["command"] + init["args"], env=env, user=server.user, capture_output=True,
                                  text=True, timeout=60)
            assert done.returncode == 0, done.stderr
            assert waiting.wait(timeout=15) == 0
        finally:
            if waiting.poll() is None:
                waiting.kill()
                waiting.wait()


def test_examples_with_postgresql_validate():
    for name in ("portfolio", "portfolio-nodeport"):
        s = settings_mod.load_file(f"examples/{name}.yaml")
        assert postgresql.active(s) and s["postgresql"]["enabled"]
