"""Issue 13 item 5, "no secret escapes": a secret set in the settings (redis.password,
secrets.apiKey, postgresql.password, a workload env value given as ``{secret: ...}``) never
appears in what a command of any route prints: the composer's summaries, messages and errors
(a secret of the wrong type or too long is not echoed), Helm's NOTES and
`helm install --dry-run=client --hide-secret`, the data-source `tofu plan` the parity check runs
and `pulumi preview --diff` against an unreachable cluster. Every output is searched for each
value and for its base64 form.

What is NOT searched, on purpose: the rendered objects themselves (stdout of `composer render`,
`composer export` (a values/tfvars/stack file, with the plaintext warning on stderr checked here),
`kubectl kustomize`, `helm template`, and `helm install --dry-run` *without* `--hide-secret`)
necessarily hold the Secrets' data: they are the product, not output about it.
"""
from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from composer.helm import values as helm_values
from tests.helpers import ROOT, composer, env

# Distinctive values: none of them can appear in any output by chance.
SECRETS = {
    "redis.password": "Rp-7f3kQzW9xLeak",
    "secrets.apiKey": "Ak-2bN8vYt5mLeak",
    "postgresql.password": "Pg-9sD4hJc1uLeak",
    "workloads.api.env.TOKEN.secret": "Wk-6qR2pXe8nLeak",
}

SETTINGS = {
    "redis": {"enabled": True, "password": SECRETS["redis.password"]},
    "secrets": {"apiKey": SECRETS["secrets.apiKey"]},
    "postgresql": {"enabled": True, "password": SECRETS["postgresql.password"]},
    "workloads": {"api": {"image": {"repository": "registry.example.com/api", "tag": "1.0.0"},
                          "env": {"TOKEN": {"secret": SECRETS["workloads.api.env.TOKEN.secret"]},
                                  "PLAIN": "visible"}}},
}


def forms(value: str) -> set[str]:
    """The value and the base64 forms a Secret's data could show it in."""
    b64 = base64.b64encode(value.encode()).decode()
    return {value, b64, b64.rstrip("=")}


NEEDLES = {f: path for path, v in SECRETS.items() for f in forms(v)}


def assert_clean(what: str, *outputs: str) -> None:
    text = "\n".join(o or "" for o in outputs)
    found = sorted({path for needle, path in NEEDLES.items() if needle in text})
    assert not found, f"{what} printed the secret of {', '.join(found)}:\n{text[:4000]}"


@pytest.fixture(scope="module")
def settings_file(tmp_path_factory) -> Path:
    f = tmp_path_factory.mktemp("secrets") / "secrets.yaml"
    f.write_text(yaml.safe_dump(SETTINGS))
    return f


def test_the_secrets_are_in_the_product(settings_file):
    """Guard against a vacuous pass: the render does hold every value (base64 in Secrets)."""
    out = composer("render", "--settings", str(settings_file), check=True).stdout
    for path, value in SECRETS.items():
        assert forms(value) & {w for w in out.split()} or value in out, f"{path} not rendered"


# -- the composer --------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [("summary",), ("export", "terraform"), ("export", "pulumi"), ("export", "helm")],
                         ids=" ".join)
def test_composer_messages(settings_file, args):
    proc = composer(*args, "--settings", str(settings_file), check=True)
    if args[0] == "summary":
        assert_clean("composer summary", proc.stdout, proc.stderr)
    else:
        assert_clean(f"composer {' '.join(args)} (stderr)", proc.stderr)


def test_composer_overlay(repo_copy, settings_file):
    """overlay writes a Secret (the product) and prints only where and what to beware of.
    In a copy of the repository: other tests (other pytest-xdist workers) copy overlays/."""
    name = "leak-test-" + os.urandom(3).hex()
    proc = composer("overlay", name, "--settings", str(settings_file), cwd=repo_copy, check=True)
    assert (repo_copy / "overlays" / name / "kustomization.yaml").is_file(), "the overlay was written"
    assert not (ROOT / "overlays" / name).exists(), "in the copy, not the working tree"
    assert_clean("composer overlay", proc.stdout, proc.stderr)


def test_composer_diff_without_a_cluster(tmp_path, settings_file):
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "x",
        "clusters": [{"name": "x", "cluster": {"server": "https://127.0.0.1:9"}}],
        "contexts": [{"name": "x", "context": {"cluster": "x", "user": "x"}}],
        "users": [{"name": "x", "user": {}}]}))
    proc = composer("diff", "--settings", str(settings_file), "--kubeconfig", str(kubeconfig))
    assert proc.returncode == 2, proc.stderr
    assert_clean("composer diff", proc.stdout, proc.stderr)


@pytest.mark.parametrize("output", ["text", "json"])
def test_composer_parity(settings_file, output):
    """Every offline route builds the secrets (helm, helm3, tofu's data sources, the Pulumi
    program's kustomization); the report compares Secrets by digest and prints none."""
    routes = ["kubectl -k", "helm"] if output == "json" else []
    args = ["parity", "--settings", str(settings_file), "--output", output]
    for r in routes:
        args += ["--route", r]
    proc = composer(*args)
    # exit 1 (a difference) still prints differences: they must not hold secrets either
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert_clean(f"composer parity --output {output}", proc.stdout, proc.stderr)


BAD = {
    "wrong type": {"redis": {"password": 918273645}, "secrets": {"apiKey": ["Ak-2bN8vYt5mLeak"]},
                   "workloads": {"api": {"env": {"TOKEN": {"secret": 20240917}}}}},
    "too long": {"postgresql": {"password": "Pg-9sD4hJc1uLeak" * 70}},
    "two kinds of env value": {"workloads": {"api": {"env": {"TOKEN": {"secret": "Wk-6qR2pXe8nLeak",
                                                                       "secretKeyRef": {"name": "s", "key": "k"}}}}}},
    "bad neighbour": {"redis": {"password": "Rp-7f3kQzW9xLeak", "port": "x"}, "replicas": -1},
}
NUMBERS = {"918273645", "20240917"}


@pytest.mark.parametrize("case", BAD, ids=str)
def test_composer_errors_do_not_echo_secrets(tmp_path, case):
    s = json.loads(json.dumps(SETTINGS))
    for key, value in BAD[case].items():
        if isinstance(value, dict) and isinstance(s.get(key), dict):
            for k, v in value.items():
                if k == "api":
                    s[key]["api"]["env"].update(v["env"])
                else:
                    s[key][k] = v
        else:
            s[key] = value
    f = tmp_path / "bad.yaml"
    f.write_text(yaml.safe_dump(s))
    proc = composer("summary", "--settings", str(f))
    assert proc.returncode != 0
    assert_clean(f"composer error ({case})", proc.stdout, proc.stderr)
    assert "secret, not shown" in proc.stderr or case == "bad neighbour", proc.stderr
    for n in NUMBERS:
        assert n not in proc.stdout + proc.stderr, proc.stderr


# -- Helm ------------------------------------------------------------------------------------------
HELM_BINARIES = ["helm", "helm3"]


@pytest.fixture(scope="module")
def values_file(settings_file, tmp_path_factory) -> Path:
    f = tmp_path_factory.mktemp("values") / "values.yaml"
    f.write_text(composer("export", "helm", "--settings", str(settings_file), check=True).stdout)
    return f


def helm_install_dry_run(values_file: Path, *flags: str) -> subprocess.CompletedProcess:
    binary = ROOT / "bin" / "helm"
    if not binary.exists():
        pytest.fail("bin/helm missing: run `make tools`")
    # helm 4 runs --dry-run=client without a cluster (bin/helm3 3.22 asks the cluster its version)
    return subprocess.run([str(binary), "install", "rsvg", str(ROOT / "helm-wrapper" / "realtime-svg"),
                           "--dry-run=client", "-f", str(values_file), *flags],
                          env=env(), capture_output=True, text=True, timeout=300)


def test_helm_dry_run_with_hide_secret_and_notes(values_file):
    proc = helm_install_dry_run(values_file, "--hide-secret")
    assert proc.returncode == 0, proc.stderr
    assert "NOTES:" in proc.stdout and "kind: Secret" not in proc.stdout
    assert_clean("helm install --dry-run=client --hide-secret", proc.stdout, proc.stderr)
    # the NOTES are printed by every real install and upgrade
    assert_clean("the chart's NOTES", proc.stdout.split("NOTES:", 1)[1])


def test_helm_debug_prints_the_values_known_helm_behaviour(values_file):
    """Helm's own doing, not the chart's: `--debug` (install, upgrade, and their dry runs) prints
    USER-SUPPLIED and COMPUTED VALUES, secrets included, even with --hide-secret (which hides
    only Secret manifests). The README says to keep secrets out of values (existingSecret,
    secretKeyRef) wherever Helm output is logged. If this starts failing, Helm stopped: say so."""
    proc = helm_install_dry_run(values_file, "--hide-secret", "--debug")
    assert proc.returncode == 0, proc.stderr
    assert "USER-SUPPLIED VALUES:" in proc.stdout
    assert SECRETS["redis.password"] in proc.stdout
    values_part = proc.stdout.split("USER-SUPPLIED VALUES:", 1)[1].split("HOOKS:", 1)[0]
    assert_clean("helm --debug outside its values dump",
                 proc.stdout.replace(values_part, ""), proc.stderr)


HELM_BAD = {
    "wrong type": ("redis", "password", 918273645),
    "too long": ("postgresql", "password", "Pg-9sD4hJc1uLeak" * 70),
    "secret of a workload of the wrong type": ("workloads", "api", {"env": {"TOKEN": {"secret": 918273645}}}),
}


@pytest.mark.parametrize("case", HELM_BAD, ids=str)
@pytest.mark.parametrize("helm", HELM_BINARIES)
def test_helm_schema_errors(helm, case, tmp_path, values_file):
    """Helm's own schema check (values.schema.json, which the composer generates) of a bad
    secret: Helm names the path and the type or length, never the value."""
    values = yaml.safe_load(values_file.read_text())
    section, key, value = HELM_BAD[case]
    if section == "workloads":
        values[section][key]["env"].update(value["env"])
    else:
        values[section][key] = value
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(values))
    proc = subprocess.run([str(ROOT / "bin" / helm), "template", "rsvg", str(ROOT / "helm-wrapper" / "realtime-svg"),
                           "-f", str(bad), *helm_values.release_namespace_args(bad)], env=env(), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode != 0 and "schema" in proc.stderr, proc.stderr
    assert_clean(f"{helm} template (bad {case})", proc.stdout, proc.stderr)
    assert "918273645" not in proc.stdout + proc.stderr, proc.stderr


# -- Terraform (OpenTofu): a whole plan, offline --------------------------------------------------
@pytest.fixture(scope="module")
def tofu(tmp_path_factory):
    from tests.test_terraform import NO_NETWORK, Tofu, require_tools

    require_tools()
    t = Tofu.copy_of_repo(tmp_path_factory.mktemp("tofu"), NO_NETWORK)
    t.init()
    return t


def tofu_plan(t, raw: dict) -> subprocess.CompletedProcess:
    path = t.dir / "leak.tfvars.json"
    path.write_text(json.dumps(raw))
    # kubeconfig_path empty: the provider is not configured and plan needs no cluster
    return t.run("plan", "-input=false", "-no-color", "-lock=false", f"-var-file={path}",
                 "-var=kubeconfig_path=", check=False)


@pytest.mark.slow
def test_tofu_plan(tofu, settings_file):
    """Every Secret's manifest is marked sensitive in the module (kbst#150): the plan shows
    `(sensitive value)` in its place; the `manifests` output is sensitive too."""
    from composer import settings as settings_mod
    from composer.terraform import tfvars

    raw = json.loads(tfvars.export(settings_mod.load_file(settings_file)))
    proc = tofu_plan(tofu, raw)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(sensitive value)" in proc.stdout and "kustomization_resource" in proc.stdout
    assert_clean("tofu plan", proc.stdout, proc.stderr)


def bad_secrets_plan(tofu, settings_file) -> subprocess.CompletedProcess:
    from composer import settings as settings_mod
    from composer.terraform import tfvars

    raw = json.loads(tfvars.export(settings_mod.load_file(settings_file)))
    raw["redis"]["password"] = 918273645
    raw["secrets"]["apiKey"] = ["Ak-2bN8vYt5mLeak"]
    raw["postgresql"]["password"] = "Pg-9sD4hJc1uLeak" * 70
    raw["workloads"]["api"]["env"]["TOKEN"] = {"secret": 20240917}
    raw["workloads"]["api"]["env"]["PLAIN"] = {"secrte": "Wk-6qR2pXe8nLeak", "serviceUrlOf": "api"}
    proc = tofu_plan(tofu, raw)
    assert proc.returncode != 0
    return proc


@pytest.mark.slow
def test_tofu_variable_messages_do_not_echo_secrets(tofu, settings_file):
    """The module's variable checks speak the composer's words (composer/terraform/variables.py),
    and like it never show a secret's value. Only the messages are searched here: see the next test."""
    out = bad_secrets_plan(tofu, settings_file).stderr
    flat = " ".join(out.split())
    for path in ("redis.password", "secrets.apiKey", "postgresql.password", "workloads.api.env.TOKEN.secret"):
        assert f"{path}: (secret, not shown)" in flat, out
    assert '{"secrte":(secret, not shown),"serviceUrlOf":"api"}' in flat.replace('": ', '":').replace(', "', ',"'), out
    messages = "\n".join(line for line in out.splitlines() if "│" not in line)  # not tofu's value dump
    assert_clean("tofu plan (the module's messages)", messages)
    for n in NUMBERS:
        assert n not in messages, messages


@pytest.mark.slow
def test_tofu_refusal_prints_no_secret_at_all(tofu, settings_file):
    """OpenTofu prints the value of every reference a failed condition makes. The module's
    checks read the settings by key path and never refer to a secret attribute itself, so
    nothing of it is shown (until the checks became data, `var.postgresql.password` was
    referred to, and OpenTofu printed it)."""
    proc = bad_secrets_plan(tofu, settings_file)
    assert_clean("tofu plan (bad secrets)", proc.stdout, proc.stderr)


# -- Pulumi: preview --diff against an unreachable cluster -----------------------------------------
@pytest.mark.slow
def test_pulumi_preview_diff(tmp_path, settings_file):
    """The real CLI and program with the exported stack config (secrets in plain text, as
    `export pulumi` writes them). Without a cluster the kubernetes provider stops the preview
    after the stack's outputs and its error: that much is searched here (a whole preview of the
    objects needs a cluster: tests/live/test_no_secret_leak_live.py). `pulumi config` does print
    these values: `export pulumi` writes them in plain text (it warns); `pulumi config set
    --secret` stores them encrypted, and then it prints [secret]."""
    from tests.test_pulumi_route import Pulumi

    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "x",
        "clusters": [{"name": "x", "cluster": {"server": "https://127.0.0.1:9"}}],
        "contexts": [{"name": "x", "context": {"cluster": "x", "user": "x"}}],
        "users": [{"name": "x", "user": {}}]}))
    p = Pulumi(tmp_path, kubeconfig=kubeconfig)
    p.init("leak", composer("export", "pulumi", "--settings", str(settings_file), check=True).stdout)
    proc = p.run("preview", "--diff", check=False, timeout=600)
    assert "Previewing update" in proc.stdout, proc.stdout + proc.stderr
    assert_clean("pulumi preview --diff", proc.stdout, proc.stderr)
