"""The Pulumi route without a cluster: stack config -> settings (conversion, the composer's own
messages), the program under Pulumi's mocks (what it registers, and the overlay it hands to
kustomize.v2.Directory, built here with kubectl's kustomize), `export pulumi`, the generated
pulumi/ project, the pins of the SDKs and Go programs, and the real CLI and language host
running the program's config step (no cluster needed).

`Pulumi` (below) runs bin/pulumi offline for these tests and the live ones."""
from __future__ import annotations

import datetime
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings as hsettings

from composer import kustomize, parity, render, schema, settings as settings_mod
from composer.pulumi_route import config as pconfig, program, project
from tests.helpers import EXAMPLES, ROOT, composer, env, objects
from tests.strategies import system_settings as settings_strategy

PULUMI_TOOLS = ("pulumi", "pulumi-language-python", "pulumi-resource-kubernetes")


# -- running the real CLI -------------------------------------------------------------------------
def require_pulumi() -> None:
    missing = [t for t in PULUMI_TOOLS if not (ROOT / "bin" / t).exists()]
    if missing:
        pytest.fail(f"bin/{', bin/'.join(missing)} missing: run `hack/build-go-tools.sh {' '.join(PULUMI_TOOLS)}`")


class Pulumi:
    """bin/pulumi on a copy of pulumi/ (stack files never land in the repository), with a local
    file backend, a passphrase, no update check and no plugin download: nothing leaves the machine."""

    PASSPHRASE = "realtime-svg-tests"

    def __init__(self, tmp: Path, kubeconfig: Path | None = None, main: str | None = None):
        require_pulumi()
        self.tmp = tmp
        self.dir = tmp / "project"
        shutil.copytree(ROOT / "pulumi", self.dir, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))
        # the copy is outside the repository: point it at the repository's virtualenv
        pulumi_yaml = self.dir / "Pulumi.yaml"
        pulumi_yaml.write_text(pulumi_yaml.read_text().replace("virtualenv: ../.venv",
                                                               f"virtualenv: {ROOT / '.venv'}"))
        if main is not None:
            (self.dir / "__main__.py").write_text(main)
        for sub in ("state", "home", "work"):
            (tmp / sub).mkdir(exist_ok=True)
        self.kubeconfig = kubeconfig
        self.stack: str | None = None

    def env(self) -> dict[str, str]:
        e = env()
        e.update({
            "PULUMI_BACKEND_URL": f"file://{self.tmp / 'state'}",
            "PULUMI_HOME": str(self.tmp / "home"),
            "PULUMI_CONFIG_PASSPHRASE": self.PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "PULUMI_SUPPRESS_COPILOT_LINK": "true",
            "RSVG_PULUMI_WORKDIR": str(self.tmp / "work"),
        })
        if self.kubeconfig:
            e["KUBECONFIG"] = str(self.kubeconfig)
        return e

    def run(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(ROOT / "bin" / "pulumi"), "--color", "never", "--non-interactive", *args],
                              cwd=self.dir, env=self.env(), capture_output=True, text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def init(self, stack: str, config_text: str | None = None) -> None:
        """A stack whose config file is ``config_text`` (an exported stack config) when given."""
        if config_text is not None:
            (self.dir / f"Pulumi.{stack}.yaml").write_text(config_text)
        self.run("stack", "init", stack)
        self.stack = stack

    def output(self, name: str) -> Any:
        return json.loads(self.run("stack", "output", name, "--json", "--show-secrets").stdout)


# -- what the engine hands the program -----------------------------------------------------------
def engine_config(stack_file_text: str) -> dict[str, str]:
    """The config map the program receives for a stack file: every value a string, objects and
    lists as JSON (checked against the real CLI in test_real_cli_hands_the_program_what_it_accepts)."""
    out = {}
    for key, value in (yaml.safe_load(stack_file_text).get("config") or {}).items():
        if isinstance(value, (dict, list)):
            out[key] = json.dumps(value)
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            out[key] = "" if value is None else str(value)
    return out


def config_set(raw: dict[str, Any]) -> dict[str, str]:
    """The config map after `pulumi config set KEY VALUE` of each top-level value of ``raw``
    (objects with `--path`, which keeps true/false and integers typed)."""
    return {f"{pconfig.PROJECT}:{k}": json.dumps(v) if isinstance(v, (dict, list)) else
            ("true" if v is True else "false" if v is False else str(v)) for k, v in raw.items()}


# -- the program under Pulumi's mocks ------------------------------------------------------------
class Mocks:
    def __init__(self):
        self.registered: list[tuple[str, str, dict[str, Any]]] = []

    def new_resource(self, args):
        self.registered.append((args.typ, args.name, dict(args.inputs)))
        return [f"{args.name}-id", args.inputs]

    def call(self, args):
        return {}


def run_program(config: dict[str, str], workdir: Path, stack: str = "unit") -> Mocks:
    import pulumi

    mocks = type("RecordingMocks", (Mocks, pulumi.runtime.Mocks), {})()
    pulumi.runtime.set_mocks(mocks, project=pconfig.PROJECT, stack=stack, preview=False)
    pulumi.runtime.set_all_config(config, [])
    old = os.environ.get("RSVG_PULUMI_WORKDIR")
    os.environ["RSVG_PULUMI_WORKDIR"] = str(workdir)
    try:
        pulumi.runtime.test(lambda: program.run())()
    finally:
        if old is None:
            os.environ.pop("RSVG_PULUMI_WORKDIR", None)
        else:
            os.environ["RSVG_PULUMI_WORKDIR"] = old
    return mocks


def registered(mocks: Mocks, typ: str) -> dict[str, Any]:
    found = [inputs for t, _, inputs in mocks.registered if t == typ]
    assert len(found) == 1, mocks.registered
    return found[0]


def kustomized(directory: str) -> list[dict[str, Any]]:
    return objects(kustomize.build(Path(directory)))


EXAMPLE_SETTINGS = [None, *EXAMPLES]


@pytest.mark.parametrize("example", EXAMPLE_SETTINGS, ids=lambda p: p.stem if p else "defaults")
def test_program_hands_kustomize_the_composers_overlay(example, tmp_path):
    """The Directory gets an overlay whose build is `composer render` of the same settings,
    plus only the patchForce and (on Services, Ingresses and Jobs) skipAwait annotations; no resource prefix; the settings' namespace
    or `default`, explicitly, on the Directory and the provider (server-side apply on)."""
    s = settings_mod.load_file(example)
    mocks = run_program(engine_config(pconfig.stack_config(s, "test")), tmp_path)
    directory = registered(mocks, "kubernetes:kustomize/v2:Directory")
    provider = registered(mocks, "pulumi:providers:kubernetes")
    namespace = s["namespace"] or "default"
    assert directory["resourcePrefix"] == ""
    assert directory["namespace"] == provider["namespace"] == namespace
    assert provider["enableServerSideApply"] in (True, "true")
    assert "skipAwait" not in directory

    built = kustomized(directory["directory"])
    assert all(o["metadata"]["annotations"]["pulumi.com/patchForce"] == "true" for o in built)
    # Services, Ingresses and Jobs, and only they, are not awaited (Deployments and StatefulSets are).
    skipped = {o["kind"] for o in built if o["metadata"]["annotations"].get("pulumi.com/skipAwait") == "true"}
    assert skipped == {o["kind"] for o in built if o["kind"] in ("Service", "Ingress", "Job")}
    assert parity.compare(objects(render.render(s)), built, ("composer render", "pulumi overlay")) == []


@hsettings(max_examples=25, deadline=None,
           suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(raw=settings_strategy())
def test_program_overlay_equals_render_for_generated_settings(raw, tmp_path):
    s = settings_mod.validate(raw)
    root = program.write_sources(tmp_path / "src", s)
    assert parity.compare(objects(render.render(s)), kustomized(str(root)), ("render", "pulumi")) == []


BAD = [
    {"replicas": -1},
    {"replica": 2},
    {"ingress": {"enabled": True, "hots": "svg.example.com"}},
    {"redis": {"enabled": False}},
    {"image": {"pullPolicy": "Sometimes"}, "service": {"type": "ClusterIP", "nodePort": 30080}},
    {"replicas": "many", "namespace": "Not_A_Label"},
]


@pytest.mark.parametrize("raw", BAD, ids=lambda r: ",".join(r))
def test_bad_config_fails_before_anything_with_the_composers_messages(raw, tmp_path):
    import pulumi

    with pytest.raises(settings_mod.SettingsError) as expected:
        settings_mod.validate(raw, source="stack unit config")
    with pytest.raises(pulumi.RunError) as got:
        run_program(config_set(raw), tmp_path)
    message = str(got.value)
    for problem in expected.value.problems:
        assert f"stack unit config: {problem}" in message
    assert not (tmp_path / f"{pconfig.PROJECT}.unit").exists()  # not even the overlay was written


def test_no_resource_is_registered_for_bad_config(tmp_path):
    import pulumi

    mocks = type("RecordingMocks", (Mocks, pulumi.runtime.Mocks), {})()
    pulumi.runtime.set_mocks(mocks, project=pconfig.PROJECT, stack="unit", preview=False)
    pulumi.runtime.set_all_config(config_set({"replicas": -1}), [])
    with pytest.raises(pulumi.RunError):
        program.run()
    assert mocks.registered == []


# -- config <-> settings ------------------------------------------------------------------------
def test_config_values_are_converted_by_the_schema():
    raw = {
        "realtime-svg:replicas": "5",  # top-level values are always strings
        "realtime-svg:image": json.dumps({"tag": 7}),  # --path typed an integer: a tag is a string
        "realtime-svg:ingress": json.dumps({"enabled": True, "host": "svg.example.com",
                                            "annotations": {"nginx.ingress.kubernetes.io/ssl-redirect": True}}),
        "realtime-svg:service": json.dumps({"type": "NodePort", "nodePort": "30080"}),
        "kubernetes:kubeconfig": "/not/a/setting",
    }
    s = pconfig.settings_from_config(raw)
    assert s["replicas"] == 5
    assert s["image"]["tag"] == "7"
    assert s["ingress"]["annotations"] == {"nginx.ingress.kubernetes.io/ssl-redirect": "true"}
    assert s["service"]["nodePort"] == 30080


def test_unconvertible_values_are_reported_as_the_composer_reports_them():
    with pytest.raises(settings_mod.SettingsError) as got:
        pconfig.settings_from_config({"realtime-svg:replicas": "abc", "realtime-svg:redis": "false"})
    assert got.value.problems == [
        'redis: "false" is a string; allowed: a mapping',
        'replicas: "abc" is a string; allowed: an integer',
    ]


@pytest.mark.parametrize("example", EXAMPLE_SETTINGS, ids=lambda p: p.stem if p else "defaults")
def test_export_pulumi_round_trips(example):
    s = settings_mod.load_file(example)
    args = ["export", "pulumi"] + (["--settings", str(example)] if example else [])
    text = composer(*args, check=True).stdout
    assert text == pconfig.stack_config(s, "python -m composer export pulumi"
                                        + (f" --settings examples/{example.name}" if example else ""))
    assert pconfig.settings_from_config(engine_config(text)) == s


@hsettings(max_examples=200, deadline=None)
@given(raw=settings_strategy())
def test_stack_config_round_trips_for_generated_settings(raw):
    s = settings_mod.validate(raw)
    assert pconfig.settings_from_config(engine_config(pconfig.stack_config(s, "t"))) == s


def test_export_warns_about_plaintext_secrets(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("redis:\n  password: hunter2\n")
    proc = composer("export", "pulumi", "--settings", str(f), check=True)
    assert "warning: redis.password written in plain text" in proc.stderr


# -- the generated project and the pins ----------------------------------------------------------
def test_generated_project_is_complete():
    files = project.files()
    assert set(files) == {"Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py", "requirements.txt", "README.md"}
    pulumi_yaml = yaml.safe_load(files["Pulumi.yaml"])
    assert pulumi_yaml["name"] == pconfig.PROJECT
    assert pulumi_yaml["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": "../.venv"}}
    for key, _ in schema.leaves():
        assert f"| `{key}` |" in files["README.md"]
    for step in ("pulumi login --local", "pulumi up", "pulumi destroy", "PULUMI_CONFIG_PASSPHRASE"):
        assert step in files["README.md"]
    assert settings_mod.validate(
        {k.split(":", 1)[1]: v for k, v in yaml.safe_load(files["Pulumi.dev.yaml"])["config"].items()}
    ) == settings_mod.load_file(ROOT / "examples" / "dev.yaml")


def _build_script_pins() -> dict[str, str]:
    text = (ROOT / "hack" / "build-go-tools.sh").read_text()
    return dict(re.findall(r"^(PULUMI_[A-Z_]*VERSION)=(\S+)", text, re.M))


def test_sdks_and_go_programs_are_pinned_together():
    pins = _build_script_pins()
    assert pins["PULUMI_VERSION"] == f"v{project.PULUMI_VERSION}"
    assert pins["PULUMI_KUBERNETES_PLUGIN_VERSION"] == project.PLUGIN_VERSION
    # PyPI's pre-release 4.25.0aT is the plugin 4.25.0-alpha.T, built at the commit of time T:
    # the provider's pseudo-version v4.0.0-<T as yyyymmddhhmmss>-<commit>
    base, stamp = project.PULUMI_KUBERNETES_VERSION.split("a")
    assert project.PLUGIN_VERSION == f"{base}-alpha.{stamp}"
    when = datetime.datetime.fromtimestamp(int(stamp), datetime.timezone.utc).strftime("%Y%m%d%H%M%S")
    assert re.fullmatch(rf"v4\.0\.0-{when}-[0-9a-f]{{12}}", pins["PULUMI_KUBERNETES_VERSION"])

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    assert f"pulumi=={project.PULUMI_VERSION}" in extra
    assert f"pulumi-kubernetes=={project.PULUMI_KUBERNETES_VERSION}" in extra
    assert importlib.metadata.version("pulumi") == project.PULUMI_VERSION
    assert importlib.metadata.version("pulumi-kubernetes") == project.PULUMI_KUBERNETES_VERSION
    plugin = json.loads((Path(importlib.util.find_spec("pulumi_kubernetes").origin).parent
                         / "pulumi-plugin.json").read_text())
    assert plugin["version"] == project.PLUGIN_VERSION


# -- the real CLI and language host, no cluster ---------------------------------------------------
PROBE = """\
import json
import pulumi
from composer.pulumi_route import program
pulumi.export("settings", json.dumps(program.load_settings()))
"""


@pytest.mark.slow
@pytest.mark.parametrize("example", [EXAMPLES[-1]], ids=lambda p: p.stem)
def test_real_cli_hands_the_program_what_it_accepts(example, tmp_path):
    """An exported stack config, unchanged, through bin/pulumi and bin/pulumi-language-python:
    the program's settings are exactly the file's; then `pulumi config set` (plain and --path)."""
    s = settings_mod.load_file(example)
    p = Pulumi(tmp_path, main=PROBE)
    p.init("probe", composer("export", "pulumi", "--settings", str(example), check=True).stdout)
    assert p.run("version").stdout.strip() == f"v{project.PULUMI_VERSION}"
    p.run("up", "--yes", "--skip-preview")
    assert json.loads(p.output("settings")) == s

    p.run("config", "set", "replicas", "5")
    p.run("config", "set", "--path", "redis.enabled", "true")
    p.run("config", "set", "--path", 'ingress.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]', "true")
    p.run("config", "set", "--secret", "--path", "secrets.apiKey", "s3cret-key")
    assert "s3cret-key" not in (p.dir / "Pulumi.probe.yaml").read_text()
    p.run("up", "--yes", "--skip-preview")
    got = json.loads(p.output("settings"))
    assert got["replicas"] == 5 and got["redis"]["enabled"] is True and got["secrets"]["apiKey"] == "s3cret-key"
    assert got["ingress"]["annotations"]["nginx.ingress.kubernetes.io/ssl-redirect"] == "true"


@pytest.mark.slow
def test_real_cli_rejects_bad_config_with_the_composers_messages(tmp_path):
    p = Pulumi(tmp_path)  # the real program: it must fail before registering anything
    p.init("bad")
    p.run("config", "set", "replicas", "--", "-1")
    p.run("config", "set", "--path", "ingress.hots", "x")
    proc = p.run("preview", check=False)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "stack bad config: replicas: -1 is out of range; allowed: an integer from 0 to 1000" in out
    assert "stack bad config: ingress.hots: unknown key; did you mean 'host'?" in out
    state = json.loads(p.run("stack", "export").stdout)
    assert not (state.get("deployment") or {}).get("resources")
