"""Issue 13 item 5, "no secret escapes", on a real API server: install settings holding secrets
(redis.password, secrets.apiKey, a workload env value given as ``{secret: ...}``, and
postgresql.password where the route builds PostgreSQL) by each route, change a secret, and
search everything each install, upgrade, plan, preview and drift command prints for every value
and its base64 forms.

What counts as output, and what does not:
- Output (searched): what a user reads while installing: `kubectl apply` lines, Helm's
  install/upgrade status and NOTES (helm 4 and helm 3), `helm upgrade --dry-run=server
  --hide-secret`, `tofu apply` and `tofu plan` (the module marks every Secret manifest
  sensitive: kbst#150), `pulumi up`/`preview --diff` (the provider shows Secret data as
  [secret]), and `composer diff` (drift of a Secret is shown by digest).
- The product (not searched): what reads back or renders objects on purpose: `kubectl get -o
  json`, `kubectl kustomize`, `helm template`, `composer render` and `export` stdout (a values,
  tfvars or stack file). A Secret's data in those is their job.
- Known and documented, not a leak of ours: `helm --debug` on install/upgrade prints the
  release's USER-SUPPLIED and COMPUTED VALUES, secrets included (Helm prints what it was given;
  no chart can hide it): checked here to be the only place they appear, and the README's Helm
  section says to leave --debug off, or use existingSecret, when values carry secrets.
"""
from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from composer.helm import values
from composer.pulumi_route import config as pconfig
from tests.helpers import CHART, ROOT, composer
from tests.live import variants
from tests.live.cluster import Cluster, write_overlay
from tests.live.outputs import DEBUG_SECTIONS, RECORDER, Recorder, without_debug_sections

pytestmark = pytest.mark.slow

REDIS, API_KEY, TOKEN, PG = "Lr-3vK8sQ1Leak", "La-7wB2nZ5Leak", "Lt-9pF4cX6Leak", "Lp-5hM1rD8Leak"
# the values after the change each test makes
REDIS2, TOKEN2, PG2 = "Lr-2uJ6yT4Leak", "Lt-1gN7eW3Leak", "Lp-8kS3aV2Leak"
ALL = {"redis.password": REDIS, "secrets.apiKey": API_KEY, "workloads.api.env.TOKEN.secret": TOKEN,
       "postgresql.password": PG, "redis.password (changed)": REDIS2,
       "workloads.api.env.TOKEN.secret (changed)": TOKEN2, "postgresql.password (changed)": PG2}


def forms(value: str) -> set[str]:
    """The value and its base64 forms (a Secret's data, padded or not)."""
    b64 = base64.b64encode(value.encode()).decode()
    return {value, b64, b64.rstrip("=")}


def leaked(*outputs: str) -> list[str]:
    text = "\n".join(o or "" for o in outputs)
    return sorted({name for name, value in ALL.items() for f in forms(value) if f in text})


def assert_clean(what: str, proc_or_text: Any) -> None:
    text = proc_or_text if isinstance(proc_or_text, str) else proc_or_text.stdout + "\n" + proc_or_text.stderr
    found = leaked(text)
    assert not found, f"`{what}` printed the secret of {', '.join(found)}:\n{text[-4000:]}"


def settings(ns: str, redis: str = REDIS, token: str = TOKEN, **changes: Any) -> dict[str, Any]:
    return variants.settings("defaults", ns, redis__password=redis, secrets__apiKey=API_KEY,
                             workloads={"api": {"image": {"repository": "registry.example.com/api", "tag": "1.0.0"},
                                                "env": {"TOKEN": {"secret": token}, "PLAIN": "visible"}}},
                             **changes)


def assert_installed_with_secrets(cluster: Cluster, ns: str, *values_: str) -> None:
    """Guard against a vacuous pass: the cluster's Secrets do hold the values, and the session's
    scan of every output (tests/live/outputs.py) found them in the commands' inputs."""
    stored = json.dumps(cluster.json("get", "secrets", "-n", ns))
    for value in values_:
        assert base64.b64encode(value.encode()).decode() in stored, f"{value} not installed in {ns}"
        assert value in RECORDER.secrets, f"the session's secret scan did not learn {value} from the commands"


# -- kubectl -k, kubectl -f and composer diff -----------------------------------------------------
def test_kubectl_routes_and_drift(cluster, namespace, tmp_path):
    ns = namespace("leak-k")
    s = settings(ns, postgresql__enabled=True, postgresql__password=PG)
    proc = cluster.kubectl("apply", "-k", str(write_overlay(s, tmp_path / "k")))
    assert_clean("kubectl apply -k", proc)
    assert_installed_with_secrets(cluster, ns, REDIS, API_KEY, TOKEN, PG)

    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text(json.dumps(s))
    args = ("diff", "--settings", str(settings_file), "--kubeconfig", str(cluster.kubeconfig))
    proc = composer(*args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_clean("composer diff (no drift)", proc)

    # change every secret: the drift names the objects (and the PostgreSQL Secret's key, whose
    # name has no content hash) and shows digests, never a value
    changed = settings(ns, redis=REDIS2, token=TOKEN2, postgresql__enabled=True, postgresql__password=PG2)
    settings_file.write_text(json.dumps(changed))
    for output in ("text", "json"):
        proc = composer(*args, "--output", output)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Secret/" in proc.stdout and "sha256:" in proc.stdout, proc.stdout
        assert_clean(f"composer diff --output {output} (secrets changed)", proc)

    out = tmp_path / "rendered"
    proc = composer("render", "--settings", str(settings_file), "--out", str(out), check=True)
    assert_clean("composer render --out (messages)", proc)
    proc = cluster.kubectl("apply", "-n", ns, "-f", str(out))
    assert_clean("kubectl apply -f", proc)
    assert_installed_with_secrets(cluster, ns, REDIS2, TOKEN2)


# -- Helm ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("binary", ["helm", "helm3"])
def test_helm_install_upgrade_notes(cluster, namespace, tmp_path, binary):
    ns = namespace(f"leak-{binary}")
    first, second = tmp_path / "values.yaml", tmp_path / "values-changed.yaml"
    first.write_text(values.export(settings(ns)))
    second.write_text(values.export(settings(ns, redis=REDIS2, token=TOKEN2)))
    common = ("-n", ns, "--timeout", "120s")

    proc = cluster.helm("install", "realtime-svg", str(CHART), "-f", str(first), "--wait", *common, binary=binary)
    assert "NOTES:" in proc.stdout
    assert_clean(f"{binary} install", proc)
    assert_installed_with_secrets(cluster, ns, REDIS, API_KEY, TOKEN)

    proc = cluster.helm("upgrade", "realtime-svg", str(CHART), "-f", str(second), "--dry-run=server", "--hide-secret",
                        *common, binary=binary)
    assert "MANIFEST:" in proc.stdout or "kind: Deployment" in proc.stdout, proc.stdout
    assert_clean(f"{binary} upgrade --dry-run=server --hide-secret", proc)

    proc = cluster.helm("upgrade", "realtime-svg", str(CHART), "-f", str(second), "--wait", *common, binary=binary)
    assert "NOTES:" in proc.stdout
    assert_clean(f"{binary} upgrade", proc)
    assert_installed_with_secrets(cluster, ns, REDIS2, TOKEN2)

    proc = cluster.helm("status", "realtime-svg", *common[:2], binary=binary)
    assert_clean(f"{binary} status", proc)

    # --debug: Helm prints the values it was given and the release's manifest, Secrets included
    # (there is no --hide-secret outside --dry-run): Helm's design, nothing a chart can change.
    # Checked to be the only places they appear.
    proc = cluster.helm("upgrade", "realtime-svg", str(CHART), "-f", str(first), "--wait", "--debug", *common,
                        binary=binary)
    sections = dict(DEBUG_SECTIONS.findall(proc.stdout))
    assert leaked(sections.get("USER-SUPPLIED VALUES", "")), "helm --debug no longer prints the values: update the README"
    assert_clean(f"{binary} upgrade --debug, without its VALUES and MANIFEST sections",
                 without_debug_sections(proc.stdout) + "\n" + proc.stderr)

    # ... so the README's advice for --debug: secrets in Secrets of your own (existingSecret,
    # secretKeyRef). Then nothing Helm prints, --debug included, holds them.
    for name, key, value in (("my-redis", "redis-password", REDIS), ("my-app", "apiKey", API_KEY),
                             ("my-api", "token", TOKEN)):
        assert_clean("kubectl create secret", cluster.kubectl("create", "secret", "generic", name, "-n", ns,
                                                              f"--from-literal={key}={value}"))
    own = tmp_path / "values-existing.yaml"
    own.write_text(values.export(variants.settings(
        "defaults", ns, redis__existingSecret="my-redis", secrets__existingSecret="my-app",
        workloads={"api": {"image": {"repository": "registry.example.com/api", "tag": "1.0.0"},
                           "env": {"TOKEN": {"secretKeyRef": {"name": "my-api", "key": "token"}},
                                   "PLAIN": "visible"}}})))
    proc = cluster.helm("upgrade", "realtime-svg", str(CHART), "-f", str(own), "--wait", "--debug", *common,
                        binary=binary)
    assert "MANIFEST:" in proc.stdout
    assert_clean(f"{binary} upgrade --debug with existingSecret and secretKeyRef", proc)

    cluster.helm("uninstall", "realtime-svg", "-n", ns, "--wait", binary=binary)


# -- Terraform ----------------------------------------------------------------------------------------
def test_tofu_apply_and_plan(cluster, namespace, tmp_path):
    from tests.test_terraform import NO_NETWORK, Tofu, require_tools

    require_tools()
    ns = namespace("leak-tf")
    t = Tofu.copy_of_repo(tmp_path, NO_NETWORK)
    t.init()
    kube = f"-var=kubeconfig_path={cluster.kubeconfig}"
    first = t.write_vars("first", settings(ns))
    second = t.write_vars("second", settings(ns, redis=REDIS2, token=TOKEN2))
    try:
        proc = t.run("plan", "-input=false", "-no-color", f"-var-file={first}", kube)
        assert "(sensitive value)" in proc.stdout
        assert_clean("tofu plan (install)", proc)
        proc = t.run("apply", "-auto-approve", "-input=false", "-no-color", f"-var-file={first}", kube)
        assert_clean("tofu apply (install)", proc)
        assert_installed_with_secrets(cluster, ns, REDIS, API_KEY, TOKEN)

        proc = t.run("plan", "-input=false", "-no-color", f"-var-file={second}", kube)
        assert "_/Secret/" in proc.stdout
        assert_clean("tofu plan (secrets changed)", proc)
        proc = t.run("apply", "-auto-approve", "-input=false", "-no-color", f"-var-file={second}", kube)
        assert_clean("tofu apply (secrets changed)", proc)
        assert_installed_with_secrets(cluster, ns, REDIS2, TOKEN2)
        proc = t.run("output", "-no-color")
        assert_clean("tofu output", proc)
    finally:
        t.run("destroy", "-auto-approve", "-input=false", "-no-color", f"-var-file={second}", kube, check=False)


# -- Pulumi -------------------------------------------------------------------------------------------
def test_pulumi_up_and_preview_diff(cluster, namespace, tmp_path):
    from tests.test_pulumi_route import Pulumi

    ns = namespace("leak-pu")
    p = Pulumi(tmp_path, kubeconfig=cluster.kubeconfig)
    # the exported stack file, as `composer export pulumi` writes it: the secrets in plain text
    p.init("leak", pconfig.stack_config(settings(ns), "tests/live/test_no_secret_leak_live.py"))
    try:
        proc = p.run("preview", "--diff")
        assert "[secret]" in proc.stdout, proc.stdout
        assert_clean("pulumi preview --diff (install)", proc)
        proc = p.run("up", "--yes", "--skip-preview", "--diff")
        assert_clean("pulumi up --diff (install)", proc)
        assert_installed_with_secrets(cluster, ns, REDIS, API_KEY, TOKEN)

        # the change as the README tells it: `pulumi config set --secret`
        p.run("config", "set", "--secret", "--path", "redis.password", REDIS2)
        p.run("config", "set", "--secret", "--path", "workloads.api.env.TOKEN.secret", TOKEN2)
        p.run("config", "set", "--secret", "--path", "secrets.apiKey", API_KEY)
        assert not leaked((p.dir / "Pulumi.leak.yaml").read_text().replace(REDIS, "")), "config set --secret"
        proc = p.run("preview", "--diff")
        assert "[secret]" in proc.stdout, proc.stdout
        assert_clean("pulumi preview --diff (secrets changed)", proc)
        proc = p.run("up", "--yes", "--skip-preview", "--diff")
        assert_clean("pulumi up --diff (secrets changed)", proc)
        assert_installed_with_secrets(cluster, ns, REDIS2, TOKEN2)
        for args in (("config",), ("stack", "output"), ("stack", "history")):
            assert_clean(f"pulumi {' '.join(args)}", p.run(*args))
    finally:
        p.run("destroy", "--yes", "--skip-preview", check=False)


# -- the session's scan itself -------------------------------------------------------------------------
def test_the_session_scan_finds_a_leak_and_names_no_value(tmp_path):
    """tests/live/outputs.py on its own: a secret taken from a command's values file and found in
    that command's output is reported by setting path, without the value; the same text as the
    product of a read-back command, or in a helm --debug values section, is not a leak."""
    values_file = tmp_path / "values.yaml"
    values_file.write_text(values.export(settings("ns")))
    rec = Recorder()
    helm = str(ROOT / "bin" / "helm")
    rec.record([helm, "upgrade", "rs", str(CHART), "-f", str(values_file)], tmp_path, f"token: {REDIS}\n", "")
    rec.record([helm, "upgrade", "rs", str(CHART), "-f", str(values_file), "--debug"], tmp_path,
               f"NOTES:\nfine\nUSER-SUPPLIED VALUES:\npassword: {REDIS}\nMANIFEST:\nx: {TOKEN}\n", "")
    rec.record([str(ROOT / "bin" / "kubectl"), "get", "secrets", "-o", "json"], tmp_path,
               base64.b64encode(API_KEY.encode()).decode(), "")
    rec.record([str(ROOT / "bin" / "kubectl"), "apply", "-f", "-"], tmp_path, "",
               "error: " + base64.b64encode(TOKEN.encode()).decode())
    assert {REDIS, API_KEY, TOKEN} <= set(rec.secrets)
    leaks = rec.leaks()
    assert len(leaks) == 2, leaks
    assert "values.yaml: redis.password" in leaks[0] and "workloads.api.env.TOKEN.secret (base64)" in leaks[1]
    assert not [line for line in leaks for value in ALL.values() if value in line]
