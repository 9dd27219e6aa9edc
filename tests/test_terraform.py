"""The Terraform route without a cluster: terraform/ is formatted, initialises offline from
the local provider mirror and validates; the variables reject bad settings with the
composer's words; `export terraform` round-trips; and the kustomization_overlay data source
builds exactly the objects `composer render` builds (read from a plan, no cluster needed)."""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from composer import parity, render, settings as settings_mod
from composer.terraform import files as tf_files, tfvars
from tests.helpers import EXAMPLES, ROOT, composer, env, objects

TOFU = ROOT / "bin" / "tofu"
CLI_CONFIG = ROOT / "bin" / "offline.tfrc"
DATA_SOURCE = "module.realtime_svg.data.kustomization_overlay.this"
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
        for part in ("base", "components", "terraform"):
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
    """What the module's kustomization_overlay builds for a variables file, read from a plan
    that targets only the data source: no cluster (the provider has no kubeconfig)."""
    plan = vars_file.with_suffix(".plan")
    t.run("plan", "-input=false", "-no-color", "-lock=false", f"-target={DATA_SOURCE}", f"-var-file={vars_file}",
          "-var=kubeconfig_path=", f"-out={plan}")
    shown = json.loads(t.run("show", "-json", str(plan)).stdout)
    manifests = None
    for module in shown["prior_state"]["values"]["root_module"].get("child_modules", []):
        for resource in module.get("resources", []):
            if resource["address"] == DATA_SOURCE:
                manifests = resource["values"]["manifests"]
    assert manifests is not None, "the plan holds no kustomization_overlay data"
    return [json.loads(m) for m in manifests.values()]


def rendered(s: dict[str, Any]) -> list[dict[str, Any]]:
    """`composer render` of the same settings; Terraform puts an empty namespace in `default`."""
    s = copy.deepcopy(s)
    s["namespace"] = s["namespace"] or "default"
    return objects(render.render(s))


# -- files ------------------------------------------------------------------------------------

def test_terraform_dir_is_what_the_composer_generates():
    want = tf_files.files()
    have = {str(p.relative_to(tf_files.TERRAFORM)): p.read_text() for p in sorted(tf_files.TERRAFORM.rglob("*"))
            if p.is_file()}
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
}


def composer_problems(data: dict[str, Any]) -> set[str]:
    with pytest.raises(settings_mod.SettingsError) as info:
        settings_mod.validate(data)
    return {HINT.sub("", p) for p in info.value.problems}


def tofu_problems(t: Tofu, vars_file: Path) -> tuple[int, set[str]]:
    proc = t.run("plan", "-input=false", "-json", "-lock=false", f"-target={DATA_SOURCE}",
                 f"-var-file={vars_file}", "-var=kubeconfig_path=", check=False)
    found = set()
    for line in proc.stdout.splitlines():
        msg = json.loads(line)
        diag = msg.get("diagnostic")
        if msg.get("@level") == "error" and diag:
            assert diag["summary"] == "Invalid value for variable", diag
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


def _cases():
    for example in EXAMPLES:
        yield pytest.param(settings_mod.load_file(example), id=example.stem)
    yield pytest.param(settings_mod.load_file(None), id="defaults")
    for name, data in VARIANTS.items():
        yield pytest.param(settings_mod.validate(data), id=name)


@pytest.mark.parametrize("s", list(_cases()))
def test_data_source_builds_the_objects_render_builds(s, tofu):
    path = tofu.write_vars("case", s)
    got = overlay_objects(tofu, path)
    want = rendered(s)
    assert parity.compare(got, want, ("terraform", "render")) == []
    assert len(got) == len(want)


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
