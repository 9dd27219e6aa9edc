"""The Terraform route without a cluster: terraform/ is formatted, initialises offline from
the local provider mirror and validates; the variables reject bad settings with the
composer's words, and the rules across settings (composer/system.py) stop the plan with
theirs; `export terraform` round-trips; and the kustomization_overlay data sources (the
app's and one per workload) build exactly the objects `composer render` builds (read from a
plan, no cluster needed)."""
from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings as hsettings

from composer import parity, render, routebuild, settings as settings_mod
from composer.terraform import files as tf_files, tfvars
from tests.helpers import EXAMPLES, ROOT, composer, env, objects
from tests.strategies import system_settings

TOFU = ROOT / "bin" / "tofu"
CLI_CONFIG = ROOT / "bin" / "offline.tfrc"
TARGETS = routebuild.TF_TARGETS
# Anything that tries the network during init/plan fails fast on this proxy.
NO_NETWORK = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


class Tofu:
    """tofu in a scratch copy of terraform/ (beside copies of base/ and components/, as in
    the repository), with the offline CLI configuration; .terraform/, the lock file and state stay in the copy."""

    def __init__(self, root: Path, extra_env: dict[str, str] | None = None):
        self.root = root
        self.dir = root / "terraform"
        self.extra_env = dict(extra_env or {})

    @classmethod
    def copy_of_repo(cls, root: Path, extra_env: dict[str, str] | None = None) -> "Tofu":
        for part in ("base", "components", "workloads", "terraform"):
            shutil.copytree(ROOT / part, root / part)
        return cls(root, extra_env)

    def env(self) -> dict[str, str]:
        e = env()
        e.update({"TF_CLI_CONFIG_FILE": str(CLI_CONFIG), "TF_IN_AUTOMATION": "1", "TF_INPUT": "0",
                  "CHECKPOINT_DISABLE": "1"})
        e.pop("TF_DATA_DIR", None)
        e.update(self.extra_env)
        return e

    def run(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(TOFU), f"-chdir={self.dir}", *args], env=self.env(), capture_output=True,
                              text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"tofu {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def init(self) -> subprocess.CompletedProcess:
        return self.run("init", "-input=false", "-no-color")

    def write_vars(self, name: str, s: dict[str, Any]) -> Path:
        path = self.dir / f"{name}.tfvars.json"
        path.write_text(tfvars.export(s))
        return path


def require_tools() -> None:
    missing = [p for p in (TOFU, CLI_CONFIG) if not p.exists()]
    if missing:
        pytest.fail(f"{', '.join(str(p.relative_to(ROOT)) for p in missing)} missing: run `make tools`", pytrace=False)


@pytest.fixture(scope="module")
def tofu(tmp_path_factory) -> Tofu:
    """One initialised copy for the tests here (none of them writes state)."""
    require_tools()
    t = Tofu.copy_of_repo(tmp_path_factory.mktemp("tofu"), NO_NETWORK)
    t.init()
    return t


def overlay_objects(t: Tofu, vars_file: Path) -> list[dict[str, Any]]:
    """What the module's kustomization_overlay data sources build for a variables file: the
    code of `python -m composer parity` (composer/routebuild.py), on this test's copy."""
    return routebuild.data_source_objects(t.run, vars_file)


def rendered(s: dict[str, Any]) -> list[dict[str, Any]]:
    """`composer render` of the same settings; Terraform puts objects of an empty namespace in
    `default` (and nothing else changes: addresses stay short, as the settings say)."""
    out = objects(render.render(s))
    for obj in out:
        obj["metadata"].setdefault("namespace", "default")
    return out


# -- files ------------------------------------------------------------------------------------

def test_terraform_dir_is_what_the_composer_generates():
    want = tf_files.files()
    # a run's working files (lock file, state, .terraform/: `make demo` and its tests make them)
    # are the user's, as `composer check` treats them
    def working(rel: str) -> bool:
        return any(fnmatch.fnmatch(rel.split("/", 1)[0], pattern) for pattern in tf_files.WORKING_FILES)

    have = {str(p.relative_to(tf_files.TERRAFORM)): p.read_text() for p in sorted(tf_files.TERRAFORM.rglob("*"))
            if p.is_file() and not working(str(p.relative_to(tf_files.TERRAFORM)))}
    assert sorted(want) == sorted(have)
    stale = [rel for rel in want if want[rel] != have[rel]]
    assert not stale, f"stale: {stale}: run `python -m composer generate`"


def test_pinned_versions_agree_with_the_build_script():
    script = (ROOT / "hack" / "build-go-tools.sh").read_text()
    provider = re.search(r"^KUSTOMIZATION_PROVIDER_VERSION=v(\S+)", script, re.M).group(1)
    tofu_version = re.search(r"^TOFU_VERSION=(\S+)", script, re.M).group(1)
    assert provider == tf_files.PROVIDER_VERSION
    assert tofu_version == tf_files.TOFU_VERSION


def test_the_offline_cli_config_has_only_the_mirror():
    require_tools()
    text = CLI_CONFIG.read_text()
    assert "filesystem_mirror" in text and "direct" not in text
    mirror = re.search(r'path\s*=\s*"([^"]+)"', text).group(1)
    for host in ("registry.opentofu.org", "registry.terraform.io"):
        binary = (Path(mirror) / host / "kbst" / "kustomization" / tf_files.PROVIDER_VERSION / "linux_amd64"
                  / f"terraform-provider-kustomization_v{tf_files.PROVIDER_VERSION}")
        assert binary.is_file() and os.access(binary, os.X_OK), binary


def test_generate_keeps_and_check_ignores_a_runs_working_files(repo_copy):
    """`cd terraform && terraform init && terraform apply` in the clone leaves state and
    plugins there; regenerating must neither delete them nor call them stale."""
    from tests.helpers import composer

    tf = repo_copy / "terraform"
    (tf / ".terraform" / "providers").mkdir(parents=True)
    (tf / ".terraform" / "providers" / "p").write_text("plugin")
    (tf / "terraform.tfstate").write_text('{"version": 4}')
    (tf / "mine.tfvars.json").write_text("{}")
    assert composer("check", cwd=repo_copy).returncode == 0
    assert composer("generate", cwd=repo_copy).returncode == 0
    assert (tf / "terraform.tfstate").read_text() == '{"version": 4}'
    assert (tf / ".terraform" / "providers" / "p").read_text() == "plugin"
    assert (tf / "mine.tfvars.json").exists()
    (tf / "main.tf").write_text("# edited\n")
    assert composer("check", cwd=repo_copy).returncode == 1, "generated files are still checked"
    # The same for pulumi/: a user's stack file is kept, the generated sample is still checked.
    pu = repo_copy / "pulumi"
    (pu / "Pulumi.mine.yaml").write_text("config: {}\n")
    assert composer("generate", cwd=repo_copy).returncode == 0
    assert (pu / "Pulumi.mine.yaml").read_text() == "config: {}\n"
    (pu / "Pulumi.dev.yaml").write_text("config: {}\n")
    assert composer("check", cwd=repo_copy).returncode == 1


# -- tofu fmt / init / validate ---------------------------------------------------------------

def test_fmt_check():
    require_tools()
    proc = subprocess.run([str(TOFU), "fmt", "-check", "-recursive", "-diff", str(tf_files.TERRAFORM)],
                          capture_output=True, text=True, env=env())
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_init_is_offline_and_validate_passes(tofu):
    lock = (tofu.dir / ".terraform.lock.hcl").read_text()
    assert 'provider "registry.opentofu.org/kbst/kustomization"' in lock
    assert f'version     = "{tf_files.PROVIDER_VERSION}"' in lock
    proc = tofu.run("validate", "-json")
    result = json.loads(proc.stdout)
    assert result["valid"] and result["error_count"] == 0 and result["warning_count"] == 0, result


# -- export and variables ---------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_export_terraform_round_trips(example):
    proc = composer("export", "terraform", "--settings", str(example), check=True)
    data = json.loads(proc.stdout)
    s = settings_mod.load_file(example)
    assert data == s
    assert settings_mod.validate(data) == s
    assert (tf_files.TERRAFORM / "examples" / f"{example.stem}.tfvars.json").read_text() == proc.stdout


def test_export_warns_about_plain_text_secrets(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("redis:\n  password: hunter2\n")
    proc = composer("export", "terraform", "--settings", str(f), check=True)
    assert json.loads(proc.stdout)["redis"]["password"] == "hunter2"
    assert "redis.password written in plain text" in proc.stderr


HINT = re.compile(r"did you mean '[^']*'\? | \(did you mean '[^']*'\?\)")

BAD: dict[str, dict[str, Any]] = {
    "wrong type": {"replicas": "three"},
    "a number as a string": {"replicas": "3"},
    "a fraction": {"replicas": 2.5},
    "negative replicas": {"replicas": -1},
    "wrong type of a mapping": {"image": "nginx"},
    "unknown nested key": {"ingress": {"hots": "a.example.com"}},
    "two unknown keys in one mapping": {"resources": {"limits": {"cpu": "1", "zzreplica": 1, "zzimgae": 1}},
                                        "workloads": {"api": {"image": {"repository": "x", "tag": "1"},
                                                              "imgae": 1, "replcas": 2}}},
    "invalid DNS-1123 name": {"name": "Realtime_SVG"},
    "name too long": {"name": "a" * 58},
    "invalid namespace": {"namespace": "-team-"},
    "invalid quantity": {"resources": {"limits": {"memory": "512MB"}}},
    "port out of range": {"service": {"port": 70000}},
    "nodePort out of range": {"service": {"type": "NodePort", "nodePort": 80}},
    "nodePort on ClusterIP": {"service": {"nodePort": 30080}},
    "enum": {"service": {"type": "Nodeport"}},
    "enum of the wrong type": {"image": {"pullPolicy": 3}},
    "external redis without host": {"redis": {"enabled": False}},
    "ingress without host": {"ingress": {"enabled": True}},
    "bad image tag": {"image": {"tag": "-v1"}},
    "bad pull secret": {"imagePullSecrets": ["ok", "Not_OK"]},
    "bad annotation value": {"ingress": {"annotations": {"a": "b", "c": 1}}},
    "null leaf": {"redis": {"image": {"tag": None}}},
    "boolean as string": {"redis": {"enabled": "false"}},
    "several in one mapping": {"service": {"type": "nodeport", "port": 0}, "image": {"tag": "", "extra": 1}},
    "many at once": {"replicas": -3, "name": "UPPER", "service": {"port": 0}, "config": {"logLevel": "loud"}},
    # workloads: every check of a workload, for each entry, with the entry's key in the path
    "enabled not a boolean": {"enabled": "no"},
    "workloads not a mapping": {"workloads": []},
    "workload not a mapping": {"workloads": {"a": 1, "b": None}},
    "invalid workload names": {"workloads": {"Bad_Name": {"image": {"repository": "x", "tag": "1"}},
                                             "a" * 51: {"image": {"repository": "x", "tag": "1"}}}},
    "workload image missing": {"workloads": {"a": {"replicas": 2}, "b": {"image": {}}, "c": {"image": {"tag": "1"}}}},
    "workload unknown keys at any depth": {"workloads": {"api": {
        "image": {"repository": "x", "tag": "1", "pulPolicy": "Always"}, "imgae": 1,
        "probes": {"liveness": {"pth": "/"}}, "ingress": {"tls": {"enable": True}}}}},
    "workload nodePort out of range and on ClusterIP": {"workloads": {"api": {
        "image": {"repository": "x", "tag": "1"}, "service": {"nodePort": 70000}}}},
    "workload nodePort out of range": {"workloads": {"api": {
        "image": {"repository": "x", "tag": "1"}, "service": {"type": "NodePort", "nodePort": 70000}}}},
    "workload ingress without host": {"workloads": {"api": {"image": {"repository": "x", "tag": "1"},
                                                            "ingress": {"enabled": True}}}},
    "workload extraPorts": {"workloads": {"api": {"image": {"repository": "x", "tag": "1"}, "extraPorts": {
        "Metrics": 9090, "m": 0, "x": "1", "averyveryverylongname": 3}}}},
    "workload lists": {"workloads": {"api": {"image": {"repository": "x", "tag": "1"},
                                             "writablePaths": ["tmp", "/ok", "a b"], "command": [1], "tolerations": [1]}}},
    "workload scalars": {"workloads": {"api": {"enabled": "no", "image": {"repository": "Upper", "tag": "-1"},
                                               "replicas": 1001, "port": 0, "securityContext": {"runAsUser": 0},
                                               "autoscaling": {"targetCPUUtilizationPercentage": "80"}}}},
    "env value with two forms": {"workloads": {"a": {"image": {"repository": "x", "tag": "1"},
                                                     "env": {"X": {"secret": "s", "serviceUrlOf": "a"}}}}},
    "env value an empty mapping": {"workloads": {"a": {"image": {"repository": "x", "tag": "1"}, "env": {"X": {}}}}},
    "env value unknown form": {"workloads": {"a": {"image": {"repository": "x", "tag": "1"}, "env": {"X": {"secrte": "s"}}}}},
    "env values of the wrong type and a bad name": {"workloads": {"a": {
        "image": {"repository": "x", "tag": "1"}, "env": {"PORT": 5432, "1X": "a", "Y": None, "Z": [1]}}}},
    "env secretKeyRef incomplete": {"workloads": {"a": {"image": {"repository": "x", "tag": "1"}, "env": {
        "X": {"secretKeyRef": {"name": "a"}}, "W": {"secretKeyRef": {}}, "V": {"secretKeyRef": {"name": "A", "key": "a b"}}}}}},
    "env secret and reference values": {"workloads": {"a": {"image": {"repository": "x", "tag": "1"}, "env": {
        "X": {"secret": 1}, "Y": {"serviceUrlOf": "B_"}}}}},
    "a bad workload beside bad settings": {"replicas": -1, "enabled": "x",
                                           "workloads": {"a": {"image": {"repository": "x", "tag": "1"}, "replicas": -2}}},
    # the rules across settings (composer/system.py), once every setting is valid
    "nothing to install": {"enabled": False},
    "only disabled workloads": {"enabled": False, "workloads": {"a": {"enabled": False,
                                                                       "image": {"repository": "x", "tag": "1"}}}},
    "a bad setting hides the rules across settings": {"replicas": -1, "enabled": False},
    "same host and path": {"enabled": False, "workloads": {
        w: {"image": {"repository": "x", "tag": "1"}, "ingress": {"enabled": True, "host": "h.example.com", "path": "/api"}}
        for w in ("a", "b", "c")}},
    "the app's host and path": {"ingress": {"enabled": True, "host": "h.example.com"}, "workloads": {
        "a": {"image": {"repository": "x", "tag": "1"}, "ingress": {"enabled": True, "host": "h.example.com"}}}},
    "same node port": {"service": {"type": "NodePort", "nodePort": 30080}, "workloads": {
        "a": {"image": {"repository": "x", "tag": "1"}, "service": {"type": "NodePort", "nodePort": 30080}},
        "b": {"image": {"repository": "x", "tag": "1"}, "service": {"type": "LoadBalancer", "nodePort": 30080}}}},
    "references to no enabled workload, or one without ingress": {"workloads": {
        "a": {"image": {"repository": "x", "tag": "1"},
              "env": {"U": {"serviceUrlOf": "nope"}, "V": {"ingressUrlOf": "a"}, "W": {"ingressUrlOf": "off"}}},
        "off": {"enabled": False, "image": {"repository": "x", "tag": "1"}}}},
    "autoscaling max below min": {"workloads": {"a": {"image": {"repository": "x", "tag": "1"},
                                                      "autoscaling": {"enabled": True, "minReplicas": 4, "maxReplicas": 2}}}},
    # PostgreSQL: single settings, then the rules between it and the workloads that use it
    "postgresql without a password": {"postgresql": {"enabled": True}},
    "postgresql bad storage, user, database names and access mode": {"postgresql": {
        "enabled": True, "password": "x", "user": "App", "storage": {"size": "lots", "accessMode": "ReadWriteMany"},
        "databases": {"Bad-Name": {}, "ok": {"owner": "1x"}}}},
    "a workload using postgresql names no database": {"postgresql": {"enabled": True, "password": "x"}, "workloads": {
        "a": {"image": {"repository": "x", "tag": "1"}, "postgresql": {"enabled": True, "env": {"host": "1BAD"}}}}},
    "postgresql rules across settings": {"enabled": False, "postgresql": {
        "enabled": False, "user": "pg_app", "databases": {"pg_x": {"owner": "pg_o"}}}, "workloads": {
        "a": {"image": {"repository": "x", "tag": "1"}, "env": {"PGHOST": "h"},
              "postgresql": {"enabled": True, "database": "d", "env": {"user": "PGHOST"}}},
        "realtime-svg-postgresql": {"image": {"repository": "x", "tag": "1"}}}},
    "a database postgresql does not create": {"postgresql": {"enabled": True, "password": "x", "databases": {"a": {}}},
                                              "workloads": {"w": {"image": {"repository": "x", "tag": "1"},
                                                                  "postgresql": {"enabled": True, "database": "b"}}}},
    "workloads named like the app's objects": {"workloads": {
        "realtime-svg-redis": {"image": {"repository": "x", "tag": "1"}},
        "realtime-svg": {"image": {"repository": "x", "tag": "1"}}}},
}


def composer_problems(data: dict[str, Any]) -> set[str]:
    with pytest.raises(settings_mod.SettingsError) as info:
        settings_mod.validate(data)
    return {HINT.sub("", p) for p in info.value.problems}


# What tofu calls the two kinds of refusal: a variable's own checks (the schema's), and the
# precondition that holds the rules across settings (composer/system.py).
REFUSALS = ("Invalid value for variable", "Resource precondition failed")


def tofu_problems(t: Tofu, vars_file: Path, command: str = "plan") -> tuple[int, set[str]]:
    proc = t.run(command, "-input=false", "-json", "-lock=false", *TARGETS, *(["-auto-approve"] * (command == "apply")),
                 f"-var-file={vars_file}", "-var=kubeconfig_path=", check=False)
    found = set()
    for line in proc.stdout.splitlines():
        msg = json.loads(line)
        diag = msg.get("diagnostic")
        if msg.get("@level") == "error" and diag:
            assert diag["summary"] in REFUSALS, diag
            found.update(diag["detail"].split("\n\nThis was checked by")[0].split("\n"))
    return proc.returncode, found


def _compact(messages: set[str]) -> set[str]:
    # Terraform's jsonencode has no spaces after , and : in lists and mappings
    return {m.replace(", ", ",").replace(": ", ":") for m in messages}


@pytest.mark.parametrize("case", sorted(BAD))
def test_variables_reject_what_the_settings_reject_with_the_same_words(case, tofu):
    data = BAD[case]
    want = composer_problems(data)
    code, got = tofu_problems(tofu, _write_raw(tofu, data))
    assert code == 1
    assert got == want or _compact(got) == _compact(want), f"\ncomposer: {sorted(want)}\ntofu:     {sorted(got)}"


@pytest.mark.parametrize("case", ["same host and path", "same node port", "extra port twice", "node port of the app",
                                  "autoscaling max below min", "workload named like the app", "ingress to a worker",
                                  "URL of a worker", "CronJob with a port", "Job autoscaled",
                                  "CronJob without a schedule", "Job with a TTL", "Deployment runs before",
                                  "Job before without a namespace", "Job before an unknown workload", "Job before a Job",
                                  "issuer without TLS", "two Secrets for one host", "two issuers for one host",
                                  "extra object with a namespace", "cluster-scoped extra object", "extra object twice"])
def test_rules_across_workload_settings_refuse_with_the_composers_words(case, tofu):
    """The rules of composer/system.py (tests/test_workloads.py BAD), as the module's
    precondition words them: the same lines as the composer."""
    import yaml

    from tests.test_workloads import BAD as SYSTEM_BAD

    data = yaml.safe_load(SYSTEM_BAD[case][0])
    want = composer_problems(data)
    code, got = tofu_problems(tofu, _write_raw(tofu, data))
    assert code == 1
    assert got == want, f"\ncomposer: {sorted(want)}\ntofu:     {sorted(got)}"


def _write_raw(t: Tofu, data: dict[str, Any]) -> Path:
    path = t.dir / "bad.tfvars.json"
    path.write_text(json.dumps(data))
    return path


# -- the data source builds what render builds -----------------------------------------------

VARIANTS: dict[str, dict[str, Any]] = {
    "renamed, secrets, pull secrets, scheduling": {
        "name": "svg", "namespace": "team-a", "replicas": 1, "image": {"tag": "v0.2.0", "pullPolicy": "Always"},
        "imagePullSecrets": ["regcred"], "secrets": {"apiKey": "k3y"}, "redis": {"password": "p@ss"},
        "nodeSelector": {"disk": "ssd"}, "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}],
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]}}},
    },
    "renamed with ingress and external redis": {
        "name": "edge", "replicas": 5, "podDisruptionBudget": {"minAvailable": 2},
        "service": {"type": "NodePort", "port": 80, "nodePort": 30080},
        "redis": {"enabled": False, "host": "10.0.0.5", "port": 6380},
        "secrets": {"existingSecret": "app-keys"},
        "ingress": {"enabled": True, "host": "*.example.com", "path": "/svg", "tls": {"enabled": True}},
    },
    "no PodDisruptionBudget": {"replicas": 3, "podDisruptionBudget": {"enabled": False}},
}

# A system of two workloads without the realtime-svg app: a frontend that reaches the API
# gateway by its in-cluster and its public URL; the gateway with a secret value, a key of a
# Secret the user manages (portfolio-db) and an autoscaler.
TWO_WORKLOADS = """\
name: portfolio
enabled: false
workloads:
  frontend:
    image: {repository: registry.example.com/portfolio/frontend, tag: "1.4.0"}
    replicas: 2
    port: 3000
    writablePaths: [/tmp, /app/.next/cache]
    env:
      NEXT_PUBLIC_API_URL: {ingressUrlOf: api-gateway}
      API_INTERNAL_URL: {serviceUrlOf: api-gateway}
    ingress: {enabled: true, className: traefik, host: my-app.example.com, path: /}
  api-gateway:
    image: {repository: registry.example.com/portfolio/api-gateway, tag: "1.4.0"}
    replicas: 2
    probes:
      liveness: {path: /health}
      readiness: {path: /health}
    env:
      DATABASE_HOST: postgresql
      DATABASE_USER: portfolio
      DATABASE_PASSWORD: {secretKeyRef: {name: portfolio-db, key: password}}
      API_KEY: {secret: s3cr3t}
    ingress: {enabled: true, className: traefik, host: my-app.example.com, path: /api}
    autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5}
"""


def two_workloads() -> dict[str, Any]:
    return settings_mod.parse_yaml(TWO_WORKLOADS, "TWO_WORKLOADS")


def _pg_user(name: str, database: str, **env: str) -> dict[str, Any]:
    return {name: {"image": {"repository": f"example.com/{name}", "tag": "1"},
                   "postgresql": {"enabled": True, "database": database, **({"env": env} if env else {})}}}


# PostgreSQL in the cluster (a password, or a Secret of yours; a storage class or the
# cluster's default), external, and unused.
POSTGRESQL_VARIANTS: dict[str, dict[str, Any]] = {
    "postgresql in the cluster with a password, two workloads use it": {
        "name": "shop", "namespace": "shop", "enabled": False, "imagePullSecrets": ["regcred"],
        "postgresql": {"enabled": True, "password": "pw", "user": "shop",
                       "databases": {"orders": {}, "audit": {"owner": "auditor"}},
                       "image": {"repository": "postgres", "tag": "16-alpine", "pullPolicy": "Always"},
                       "securityContext": {"runAsUser": 999, "runAsGroup": 999, "fsGroup": 999},
                       "storage": {"size": "3Gi", "accessMode": "ReadWriteOncePod"}},
        "workloads": {**_pg_user("api", "orders", host="DB_HOST", password="DB_PASSWORD"),
                      **_pg_user("audit", "audit")} | {"api": {**_pg_user("api", "orders")["api"],
                                                           "podAnnotations": {"x/y": "z"}}},
    },
    "postgresql in the cluster with a Secret of yours and a storage class, beside the app": {
        "postgresql": {"enabled": True, "existingSecret": "db", "databases": {"app": {}},
                       "storage": {"storageClassName": "local-path"}},
        "workloads": _pg_user("api", "app"),
    },
    "an external postgresql": {
        "enabled": False, "postgresql": {"host": "db.example.com", "port": 6432, "password": "pw"},
        "workloads": _pg_user("api", "anything"),
    },
    "postgresql in the cluster that no workload uses": {
        "postgresql": {"enabled": True, "password": "pw"},
    },
}


def _kafka_user(name: str, **env: str) -> dict[str, Any]:
    return {name: {"image": {"repository": f"example.com/{name}", "tag": "1"},
                   "kafka": {"enabled": True, **({"env": env} if env else {})}}}


# Kafka (KRaft): one node, three nodes beside PostgreSQL, external, and unused.
KAFKA_VARIANTS: dict[str, dict[str, Any]] = {
    "kafka in the cluster, one node, a workload uses it": {
        "name": "shop", "namespace": "shop", "enabled": False, "imagePullSecrets": ["regcred"],
        "kafka": {"enabled": True, "clusterId": "AAAAAAAAAAAAAAAAAAAAAA",
                  "image": {"repository": "apache/kafka", "tag": "4.0.0", "pullPolicy": "Always"},
                  "securityContext": {"runAsUser": 1001, "runAsGroup": 1002, "fsGroup": 1003},
                  "storage": {"size": "3Gi", "accessMode": "ReadWriteOncePod", "storageClassName": "local-path"}},
        "workloads": _kafka_user("orders", bootstrapServers="BROKERS"),
    },
    "kafka in the cluster, three nodes, a workload uses it and postgresql": {
        "kafka": {"enabled": True, "nodes": 3},
        "postgresql": {"enabled": True, "password": "pw", "databases": {"app": {}}},
        "workloads": {"api": {**_pg_user("api", "app")["api"], "kafka": {"enabled": True}, "podAnnotations": {"x/y": "z"}}},
    },
    "an external kafka": {
        "enabled": False, "kafka": {"bootstrapServers": "k1.example.com:9092,k2.example.com:9093"},
        "workloads": _kafka_user("api"),
    },
    "kafka in the cluster that no workload uses": {"kafka": {"enabled": True}},
}


def _redis_user(name: str, role: str = "primary", **env: str) -> dict[str, Any]:
    return {name: {"image": {"repository": f"example.com/{name}", "tag": "1"},
                   "redis": {"enabled": True, "role": role, **({"env": env} if env else {})}}}


# Redis in its roles: every role with persistence, the in-memory primary beside the app with
# the user's Secret, an external primary with a cache, the app alone with persistence, and
# a workload that also uses PostgreSQL and Kafka.
REDIS_VARIANTS: dict[str, dict[str, Any]] = {
    "redis, every role, persistence, three workloads": {
        "name": "count", "namespace": "count", "enabled": False, "imagePullSecrets": ["regcred"],
        "redis": {"password": "s3cret pass", "image": {"repository": "redis", "tag": "7.4-alpine", "pullPolicy": "Always"},
                  "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
                  "persistence": {"enabled": True, "size": "2Gi", "storageClassName": "local-path", "accessMode": "ReadWriteOncePod"},
                  "replica": {"count": 2, "resources": {"requests": {"cpu": "20m", "memory": "32Mi"}, "limits": {"cpu": "300m", "memory": "300Mi"}}},
                  "cache": {"enabled": True, "maxmemory": "1mb", "maxmemoryPolicy": "volatile-ttl",
                            "resources": {"requests": {"cpu": "30m", "memory": "48Mi"}, "limits": {"cpu": "400m", "memory": "400Mi"}}}},
        "workloads": {**_redis_user("writer"), **_redis_user("reader", "replica"),
                      **_redis_user("cacher", "cache", host="CACHE_HOST", port="CACHE_PORT", password="CACHE_PASSWORD")},
    },
    "redis in memory, a workload beside the app, the user's secret": {
        "redis": {"existingSecret": "my-redis"}, "workloads": {**_redis_user("api"), "plain": {"image": {"repository": "x", "tag": "1"}}},
    },
    "an external redis with an in-cluster cache": {
        "name": "shop", "enabled": False,
        "redis": {"enabled": False, "host": "redis.example.com", "port": 6380, "existingSecret": "my-redis", "cache": {"enabled": True}},
        "workloads": {**_redis_user("api"), **_redis_user("cacher", "cache")},
    },
    "the app alone with a persistent redis and a replica": {
        "name": "svg", "namespace": "team-r", "redis": {"password": "pw", "persistence": {"enabled": True}, "replica": {"count": 1}},
    },
    "a workload on redis, postgresql and kafka": {
        "enabled": False, "kafka": {"enabled": True},
        "postgresql": {"enabled": True, "password": "pw", "databases": {"app": {}}},
        "redis": {"replica": {"count": 1}},
        "workloads": {"api": {**_pg_user("api", "app")["api"], "kafka": {"enabled": True}, "redis": {"enabled": True, "role": "replica"},
                              "podAnnotations": {"x/y": "z"}}},
    },
}


WORKLOAD_VARIANTS: dict[str, dict[str, Any]] = {
    "two workloads, no app": two_workloads(),
    # every optional part of a workload, beside the app, in a namespace
    "autoscaling, extra ports, NodePort, TLS, no writable paths, startup probe": {
        "name": "shop", "namespace": "team-b", "imagePullSecrets": ["regcred"], "replicas": 1,
        "ingress": {"enabled": True, "host": "shop.example.com"},
        "workloads": {
            "worker": {
                "image": {"repository": "example.com/worker", "tag": "2.0", "pullPolicy": "Always"},
                "command": ["/bin/worker"], "args": ["--fast", "-v"], "port": 9000,
                "extraPorts": {"metrics": 9090, "admin": 9091},
                "env": {"A": "1", "B": {"secret": "x=y"}, "C": {"serviceUrlOf": "web"}, "D": {"ingressUrlOf": "web"},
                        "E": {"secretKeyRef": {"name": "keys", "key": "e.key"}}},
                "writablePaths": [],
                "probes": {"liveness": {"path": "/live", "initialDelaySeconds": 1, "periodSeconds": 2, "failureThreshold": 4},
                           "startup": {"enabled": True, "path": "/start", "failureThreshold": 30}},
                "service": {"type": "NodePort", "port": 80, "nodePort": 30111},
                "autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 4, "targetCPUUtilizationPercentage": None,
                                "targetMemoryUtilizationPercentage": 70, "scaleDownStabilizationSeconds": 60},
                "podAnnotations": {"a/b": "c"}, "nodeSelector": {"disk": "ssd"},
                "tolerations": [{"key": "k", "operator": "Exists"}], "affinity": {"nodeAffinity": {}},
                "securityContext": {"runAsUser": 2000, "runAsGroup": 3000, "fsGroup": 4000},
                "topologySpread": {"maxSkew": 2, "whenUnsatisfiable": "DoNotSchedule"},
                "resources": {"limits": {"cpu": "1"}}},
            "web": {
                "image": {"repository": "example.com/web", "tag": "1"}, "replicas": 4,
                "ingress": {"enabled": True, "host": "*.example.com", "path": "/w", "pathType": "Exact",
                            "className": "nginx", "annotations": {"x": "y"}, "tls": {"enabled": True}},
                "podDisruptionBudget": {"enabled": False}},
            "tls": {
                "image": {"repository": "example.com/web", "tag": "1"}, "service": {"type": "LoadBalancer"},
                "ingress": {"enabled": True, "host": "a.example.com", "tls": {"enabled": True, "secretName": "given"}},
                "autoscaling": {"enabled": True, "minReplicas": 3, "maxReplicas": 3, "targetCPUUtilizationPercentage": None},
                "podDisruptionBudget": {"minAvailable": 2}},
            "off": {"enabled": False, "image": {"repository": "x", "tag": "1"}},
        },
    },
    "one workload with every default, beside the app": {"workloads": {"a": {"image": {"repository": "x", "tag": "1"}}}},
    **POSTGRESQL_VARIANTS,
    **KAFKA_VARIANTS,
    **REDIS_VARIANTS,
    "a workload that needs no PodDisruptionBudget": {"enabled": False, "workloads": {
        "a": {"image": {"repository": "x", "tag": "1"}, "replicas": 1}}},
}


def _cases():
    for example in EXAMPLES:
        yield pytest.param(settings_mod.load_file(example), id=example.stem)
    yield pytest.param(settings_mod.load_file(None), id="defaults")
    for name, data in {**VARIANTS, **WORKLOAD_VARIANTS}.items():
        yield pytest.param(settings_mod.validate(data), id=name)


@pytest.mark.parametrize("s", list(_cases()))
def test_data_source_builds_the_objects_render_builds(s, tofu):
    path = tofu.write_vars("case", s)
    got = overlay_objects(tofu, path)
    want = rendered(s)
    assert parity.compare(got, want, ("terraform", "render")) == []
    assert len(got) == len(want)


@hsettings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(raw=system_settings())
def test_data_source_builds_the_objects_render_builds_for_generated_systems(raw, tofu):
    """Generated settings with 0 to 6 workloads (each plan takes one to two seconds, so fewer
    examples than the Helm and Pulumi property tests run)."""
    s = settings_mod.validate(raw)
    got = overlay_objects(tofu, tofu.write_vars("generated", s))
    assert parity.compare(got, rendered(s), ("terraform", "render")) == []


def test_the_shipped_examples_are_accepted_unchanged(tofu):
    """terraform/examples/*.tfvars.json, as committed, give the render of examples/*.yaml."""
    for example in EXAMPLES:
        got = overlay_objects(tofu, tofu.dir / "examples" / f"{example.stem}.tfvars.json")
        assert parity.compare(got, rendered(settings_mod.load_file(example))) == []


def test_no_var_file_means_the_defaults_in_namespace_default(tofu):
    empty = tofu.dir / "empty.tfvars.json"
    empty.write_text("{}")
    got = overlay_objects(tofu, empty)
    assert {o["metadata"].get("namespace") for o in got} == {"default"}
    assert parity.compare(got, rendered(settings_mod.load_file(None))) == []


def test_bad_workload_settings_are_refused_before_anything_is_created(tmp_path):
    """`tofu apply` of several bad workload settings at once: every problem, with the
    composer's key path and words; no state, so nothing was created. Then a rule across
    settings: refused the same way, with no overlay built."""
    require_tools()
    t = Tofu.copy_of_repo(tmp_path, NO_NETWORK)
    t.init()
    bad = two_workloads()
    bad["workloads"]["api-gateway"]["service"] = {"nodePort": 70000}
    bad["workloads"]["api-gateway"]["imgae"] = "typo"
    bad["workloads"]["frontend"]["env"]["BROKEN"] = {"secret": "s", "serviceUrlOf": "frontend"}
    bad["workloads"]["frontend"]["ingress"]["host"] = ""
    bad["workloads"]["Bad_Name"] = {"image": {"repository": "x", "tag": "1"}}
    want = composer_problems(bad)
    assert want >= {
        "workloads.api-gateway.service.nodePort: 70000 is out of range; allowed: an integer from 30000 to 32767",
        "workloads.api-gateway.service.nodePort: 70000 is only allowed when service.type is NodePort or LoadBalancer",
        "workloads.api-gateway.imgae: unknown key; allowed keys here: enabled, kind, image, replicas, command, args, "
        "port, extraPorts, env, resources, securityContext, probes, writablePaths, service, ingress, autoscaling, "
        "podDisruptionBudget, topologySpread, podAnnotations, nodeSelector, tolerations, affinity, postgresql, kafka, "
        "redis, metrics, grafanaDashboard, job, cronJob",
        "workloads.frontend.ingress.host: \"\" is empty; it is required when ingress.enabled is true: "
        "set the host name the Ingress answers for",
    }, want
    code, got = tofu_problems(t, _write_raw(t, bad), "apply")
    assert code == 1
    assert _compact(got) == _compact(want), f"\ncomposer: {sorted(want)}\ntofu:     {sorted(got)}"

    across = two_workloads()
    across["workloads"]["frontend"]["ingress"]["path"] = "/api"
    across["workloads"]["frontend"]["env"]["OTHER"] = {"serviceUrlOf": "backend"}
    want = composer_problems(across)
    assert want == {
        "workloads.frontend.ingress.path: my-app.example.com/api is already routed by workloads.api-gateway.ingress.path; "
        "allowed: one workload per host and path",
        'workloads.frontend.env.OTHER.serviceUrlOf: "backend" is not an enabled workload; '
        "allowed: one of api-gateway, frontend",
    }
    code, got = tofu_problems(t, _write_raw(t, across), "apply")
    assert code == 1 and got == want
    # no state at all: apply stopped before creating (or even planning) anything
    assert not (t.dir / "terraform.tfstate").exists()


KAFKA_BAD: dict[str, dict[str, Any]] = {
    "a workload uses kafka, none is set": {"enabled": False, "workloads": _kafka_user("api")},
    "a workload named like kafka's service": {"kafka": {"enabled": True}, "workloads": {
        "realtime-svg-kafka-headless": {"image": {"repository": "x", "tag": "1"}}}},
    "kafka's variable set twice": {"kafka": {"enabled": True}, "workloads": {"api": {
        **_kafka_user("api")["api"], "env": {"KAFKA_BOOTSTRAP_SERVERS": "x"}}}},
    "kafka's variable named like postgresql's": {"kafka": {"enabled": True}, "postgresql": {"enabled": True, "password": "p", "databases": {"a": {}}},
                                                 "workloads": {"api": {**_pg_user("api", "a")["api"], "kafka": {"enabled": True, "env": {"bootstrapServers": "PGHOST"}}}}},
    "kafka nodes 2": {"kafka": {"enabled": True, "nodes": 2}},
    "kafka cluster id too short": {"kafka": {"clusterId": "abc"}},
    "kafka bootstrap servers without a port": {"kafka": {"bootstrapServers": "kafka.example.com"}},
}


@pytest.mark.parametrize("case", sorted(KAFKA_BAD))
def test_kafka_settings_are_refused_with_the_composers_words(case, tofu):
    data = KAFKA_BAD[case]
    want = composer_problems(data)
    code, got = tofu_problems(tofu, _write_raw(tofu, data))
    assert code == 1
    assert got == want or _compact(got) == _compact(want), f"\ncomposer: {sorted(want)}\ntofu:     {sorted(got)}"


REDIS_BAD: dict[str, dict[str, Any]] = {
    "a replica user without replicas": {"enabled": False, "workloads": _redis_user("api", "replica")},
    "a cache user without a cache": {"enabled": False, "workloads": _redis_user("api", "cache")},
    "replicas of an external redis": {"redis": {"enabled": False, "host": "redis.example.com", "replica": {"count": 2}}},
    "a workload named like redis's objects": {"redis": {"replica": {"count": 1}, "cache": {"enabled": True}}, "workloads": {
        **_redis_user("api"), "realtime-svg-redis-read": {"image": {"repository": "x", "tag": "1"}},
        "realtime-svg-redis-headless": {"image": {"repository": "x", "tag": "1"}}}},
    "redis's variables set twice or named alike": {"enabled": False, "kafka": {"enabled": True}, "workloads": {
        "a": {**_redis_user("a")["a"], "env": {"REDIS_HOST": "x"}},
        "b": {**_redis_user("b", port="SAME", password="SAME")["b"]},
        "c": {**_redis_user("c", host="KAFKA_BOOTSTRAP_SERVERS")["c"], "kafka": {"enabled": True}}}},
    "redis cache size, policy, replica count and access mode": {"redis": {
        "cache": {"maxmemory": "64 mb", "maxmemoryPolicy": "lru"}, "replica": {"count": 11},
        "persistence": {"accessMode": "ReadWriteMany", "size": "lots"}}},
    "a workload's redis role": {"workloads": {"api": {"image": {"repository": "x", "tag": "1"},
                                                      "redis": {"enabled": True, "role": "secondary", "env": {"host": "1X"}}}}},
}


@pytest.mark.parametrize("case", sorted(REDIS_BAD))
def test_redis_settings_are_refused_with_the_composers_words(case, tofu):
    data = REDIS_BAD[case]
    want = composer_problems(data)
    code, got = tofu_problems(tofu, _write_raw(tofu, data))
    assert code == 1
    assert got == want or _compact(got) == _compact(want), f"\ncomposer: {sorted(want)}\ntofu:     {sorted(got)}"
