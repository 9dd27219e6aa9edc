"""CronJobs and Jobs (composer/workload_kinds.py) and the order of a Job before other workloads
(composer/workloads.py waited_jobs): what a user notices, by every route."""
from __future__ import annotations

import copy

import yaml

from composer import render, settings as settings_mod, yamlio
from tests.helpers import composer, pod_template

IMAGE = {"repository": "registry.example.com/shop/api", "tag": "3.2.0"}
# values that JSON writers disagree on (HTML characters, a line separator, non-ASCII, quotes):
# a Job's name digests them the same way in the composer, the chart and the module
TRICKY = '<a & b> "q" \u00e9 \u2028 \\ end'


def system() -> dict:
    return {
        "name": "shop", "namespace": "shop", "enabled": False,
        "postgresql": {"enabled": True, "user": "shop", "existingSecret": "shop-db", "databases": {"shop": {}}},
        "workloads": {
            "api": {"image": IMAGE, "env": {"NOTE": TRICKY}, "postgresql": {"enabled": True, "database": "shop"}},
            "nightly": {"kind": "CronJob", "port": None, "image": IMAGE, "command": ["node", "report.js"],
                        "cronJob": {"schedule": "0 3 * * *", "timeZone": "Asia/Seoul", "suspend": True},
                        "job": {"ttlSecondsAfterFinished": 600, "restartPolicy": "Never"}},
            "migrate": {"kind": "Job", "port": None, "image": IMAGE, "command": ["node", "migrate.js"],
                        "env": {"NOTE": TRICKY, "API": {"serviceUrlOf": "api"}, "TOKEN": {"secret": TRICKY}},
                        "podAnnotations": {"example.com/why": TRICKY},
                        "tolerations": [{"key": "k", "operator": "Equal", "value": TRICKY}],
                        "job": {"before": ["api", "nightly"], "activeDeadlineSeconds": 600},
                        "postgresql": {"enabled": True, "database": "shop"}},
        },
    }


def objects(raw: dict) -> dict[tuple[str, str], dict]:
    out = {}
    for o in yamlio.load_all(render.render(settings_mod.validate(copy.deepcopy(raw)))):
        if o:
            out[o["kind"], o["metadata"]["name"]] = o
    return out


def job_name(raw: dict) -> str:
    return next(name for kind, name in objects(raw) if kind == "Job" and name.startswith("migrate-"))


def test_every_route_makes_the_same_cronjob_job_and_waits(tmp_path):
    path = tmp_path / "shop.yaml"
    path.write_text(yaml.safe_dump(system(), allow_unicode=True))
    proc = composer("parity", "--settings", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "identical" in proc.stdout


def test_a_job_is_a_new_job_when_what_it_runs_changes_and_only_then():
    raw = system()
    first = job_name(raw)
    assert job_name(raw) == first  # the same settings, the same Job: nothing runs again
    changes = {
        "image": lambda w: w["image"].update(tag="3.2.1"),
        "command": lambda w: w.update(command=["node", "migrate.js", "--dry-run"]),
        "env": lambda w: w["env"].update(NOTE="other"),
        "secret env": lambda w: w["env"].update(TOKEN={"secret": "rotated"}),
        "resources": lambda w: w.update(resources={"limits": {"memory": "1Gi"}}),
        "backoffLimit": lambda w: w["job"].update(backoffLimit=1),
    }
    for what, change in changes.items():
        changed = copy.deepcopy(raw)
        change(changed["workloads"]["migrate"])
        assert job_name(changed) != first, what
    # what another workload resolves into its env (the API's address) is part of what it runs
    moved = copy.deepcopy(raw)
    moved["workloads"]["api"]["service"] = {"port": 9000}
    assert job_name(moved) != first
    # naming one more workload to start after it does not run the migration again
    more = copy.deepcopy(raw)
    more["workloads"]["web"] = {"image": IMAGE}
    more["workloads"]["migrate"]["job"]["before"].append("web")
    assert job_name(more) == first


def test_workloads_after_a_job_wait_for_it_with_their_own_token_and_nothing_more():
    objs = objects(system())
    job = job_name(system())
    for name, kind in (("api", "Deployment"), ("nightly", "CronJob")):
        pod = pod_template(objs[kind, name])["spec"]
        wait = next(c for c in pod["initContainers"] if c["name"] == "wait-for-jobs")
        assert wait["args"][-1] == f"job/{job}" and "--for=condition=complete" in wait["args"]
        # the token in the wait container alone; the pod still mounts none by default
        assert pod["automountServiceAccountToken"] is False
        assert [m["name"] for m in wait["volumeMounts"]] == ["kube-api-access"]
        assert all("kube-api-access" not in [m["name"] for m in c.get("volumeMounts", [])] for c in pod["containers"])
        role = objs["Role", f"{name}-job-wait"]
        assert role["rules"] == [{"apiGroups": ["batch"], "resources": ["jobs"], "verbs": ["get", "list", "watch"],
                                  "resourceNames": [job]}]
        binding = objs["RoleBinding", f"{name}-job-wait"]
        assert binding["subjects"] == [{"kind": "ServiceAccount", "name": name, "namespace": "shop"}]
        assert binding["roleRef"]["name"] == f"{name}-job-wait"
    # the Job itself, and a workload it does not name, wait for nothing
    assert ("Role", "migrate-job-wait") not in objs
    job_pod = objs["Job", job]["spec"]["template"]["spec"]
    assert [c["name"] for c in job_pod["initContainers"]] == ["wait-for-postgresql"]
    assert job_pod["restartPolicy"] == "OnFailure"


def test_a_cronjob_carries_its_schedule_and_its_jobs_settings():
    cron = objects(system())["CronJob", "nightly"]["spec"]
    assert (cron["schedule"], cron["timeZone"], cron["suspend"], cron["concurrencyPolicy"]) == (
        "0 3 * * *", "Asia/Seoul", True, "Forbid")
    assert "startingDeadlineSeconds" not in cron
    job = cron["jobTemplate"]["spec"]
    assert (job["backoffLimit"], job["ttlSecondsAfterFinished"]) == (6, 600) and "activeDeadlineSeconds" not in job
    assert job["template"]["spec"]["restartPolicy"] == "Never"
    assert job["template"]["metadata"]["labels"]["app"] == "nightly"
