"""The PostgreSQL init Job's script, run as its container would run it, against a real
PostgreSQL server (Debian's, on 127.0.0.1, started and stopped here).

The script is taken from the rendered Job, not retyped: what is tested is what every
route installs.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from tests import dataservers
from tests.helpers import ROOT, kubectl, objects

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def rendered_job(tmp_path) -> dict:
    """The Job of components/postgresql, built by kustomize as a route builds it."""
    (tmp_path / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents:\n"
        f"  - {os.path.relpath(ROOT / 'components/postgresql-client', tmp_path)}\n"
        f"  - {os.path.relpath(ROOT / 'components/postgresql', tmp_path)}\n")
    built = objects(kubectl("kustomize", str(tmp_path)).stdout)
    return next(o for o in built if o["kind"] == "Job")


def run_job(job: dict, server: dataservers.Postgres, databases: str, password: str = "") -> subprocess.CompletedProcess:
    """Run the Job's container command with its environment, PG* pointed at ``server``."""
    container = job["spec"]["template"]["spec"]["containers"][0]
    env = {"PATH": f"{server.bindir}:{os.environ['PATH']}", "DATABASES": databases,
           "PGHOST": "127.0.0.1", "PGPORT": str(server.port), "PGUSER": server.superuser,
           "PGPASSWORD": password, "PGDATABASE": "postgres", "PGCONNECT_TIMEOUT": "5"}
    declared = {e["name"] for e in container["env"]}
    assert set(env) - {"PATH"} == declared, "the test sets exactly the variables the Job declares"
    return subprocess.run(container["command"] + container["args"], env=env, capture_output=True, text=True,
                          user=server.user, timeout=60)


@pytest.fixture(scope="module")
def server():
    with dataservers.postgres(superuser="app") as pg:
        yield pg


def test_the_drafts_create_database_if_not_exists_is_not_postgresql(server):
    """Spec 003's init Job says `CREATE DATABASE IF NOT EXISTS`: PostgreSQL has no such form."""
    proc = server.psql("-c", "CREATE DATABASE IF NOT EXISTS countinfo", check=False)
    assert proc.returncode != 0 and "syntax error" in proc.stderr


def test_init_creates_databases_and_owners_and_a_second_run_changes_nothing(server, tmp_path):
    job = rendered_job(tmp_path)
    databases = "countinfo=app dashboardconfig=dashboard"
    first = run_job(job, server, databases)
    assert first.returncode == 0, first.stderr
    owners = dict(row.split("|") for row in server.query(
        "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname IN ('countinfo', 'dashboardconfig')"))
    assert owners == {"countinfo": "app", "dashboardconfig": "dashboard"}
    assert server.query("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'dashboard'") == ["f"]

    # Data written between runs survives the second run.
    server.psql("-c", "CREATE TABLE counts (n int); INSERT INTO counts VALUES (42)", database="countinfo")
    second = run_job(job, server, databases)
    assert second.returncode == 0, second.stderr
    assert server.query("SELECT n FROM counts", database="countinfo") == ["42"]
    assert server.query("SELECT count(*) FROM pg_database WHERE datname IN ('countinfo', 'dashboardconfig')") == ["2"]
    assert "database countinfo (owner app): present" in second.stdout


def test_a_changed_owner_converges_and_a_new_database_is_added(server, tmp_path):
    job = rendered_job(tmp_path)
    assert run_job(job, server, "orders=app").returncode == 0
    proc = run_job(job, server, "orders=shop audit=app")
    assert proc.returncode == 0, proc.stderr
    owners = dict(row.split("|") for row in server.query(
        "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname IN ('orders', 'audit')"))
    assert owners == {"orders": "shop", "audit": "app"}


def test_a_role_the_server_refuses_fails_the_job_and_a_long_name_is_truncated(server, tmp_path):
    """A role PostgreSQL reserves (pg_*) is refused by the server and the Job fails; a name
    over 63 bytes is truncated by the server, not refused (the schema refuses both first;
    this is the last line)."""
    job = rendered_job(tmp_path)
    proc = run_job(job, server, f"{'x' * 70}=app")  # identifiers are at most 63 bytes: truncated, not refused
    assert proc.returncode == 0
    proc = run_job(job, server, "ok=app bad=pg_reserved")
    assert proc.returncode != 0 and "pg_" in proc.stderr
