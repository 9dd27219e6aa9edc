"""Issue 13 item 5 over the whole live suite: every route command the live tests run is recorded
(its argv and what it printed), the secret values it was handed are collected from its own
inputs, and at the end of the session every recorded output is searched for every collected
value and its base64 forms (tests/live/conftest.py wires it in; a hit fails the session).

Where the secrets come from (nothing is registered by hand, so a new live test is covered too):
- settings files in any vocabulary the routes take, found in a command's arguments: the
  composer's `--settings`, a Helm values file (`-f`), a tfvars file (`-var-file=`), a Pulumi stack file (`Pulumi.*.yaml` in the
  command's directory): every value at a setting the schema marks `writeOnly` (redis.password,
  secrets.apiKey, postgresql.password, a workload env `{secret: ...}`);
- a kustomize directory (`apply -k`): the `literals` of every secretGenerator under it;
- manifests applied with `-f`: the data and stringData of every Secret;
- `kubectl create secret --from-literal=KEY=VALUE` and `pulumi config set --secret KEY VALUE`.
Values shorter than 6 characters are ignored: they could match anything.

Which output is searched, and which is the product (see tests/test_no_secret_leak.py): stderr of
every command; stdout of every command except those whose job is to print objects or state:
`kubectl get|kustomize|create --dry-run -o|apply -o`, `helm template|get|show`, `tofu show|state`
and any `-json` output of tofu (Terraform prints sensitive values there by design), `pulumi stack
export` and anything with `--show-secrets`, `python -m composer render|export`, `helm --dry-run`
without `--hide-secret`. Of `helm --debug` the values and manifest sections are left out (Helm's
design, see DEBUG_SECTIONS).
"""
from __future__ import annotations

import base64
import json
import re
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from composer import schema

MIN_LENGTH = 6
# The sections of `helm install/upgrade --debug` output, by title. The values and the manifest
# hold the secrets: Helm's design (it prints what it was given and what it applied; there is no
# --hide-secret outside --dry-run), documented in the README's Helm section. Only the other
# sections of a --debug run are searched.
DEBUG_SECTIONS = re.compile(r"^(USER-SUPPLIED VALUES|COMPUTED VALUES|HOOKS|MANIFEST|NOTES):\n(.*?)(?=^(?:USER-SUPPLIED "
                            r"VALUES|COMPUTED VALUES|HOOKS|MANIFEST|NOTES):\n|\Z)", re.M | re.S)
DEBUG_SHOWS_SECRETS = ("USER-SUPPLIED VALUES", "COMPUTED VALUES", "MANIFEST")


def without_debug_sections(stdout: str) -> str:
    """``helm --debug`` stdout without the sections that print values and manifests."""
    return DEBUG_SECTIONS.sub(lambda m: "" if m.group(1) in DEBUG_SHOWS_SECRETS else m.group(0), stdout)
TOOLS = ("kubectl", "helm", "helm3", "tofu", "terraform", "pulumi")


def writeonly_values(value: Any, node: dict[str, Any] | None = None, path: str = "") -> Iterable[tuple[str, str]]:
    """(setting path, value) of every string at a writeOnly setting of ``value`` (settings)."""
    root = schema.load()
    node = schema.resolve(node if node is not None else root, root)
    if node.get("writeOnly"):
        if isinstance(value, str):
            yield path, value
        return
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, sub in value.items():
            child = props.get(key, extra if isinstance(extra, dict) else None)
            if isinstance(child, dict):
                yield from writeonly_values(sub, child, f"{path}.{key}" if path else str(key))


def _read(path: Path) -> Any:
    text = path.read_text()
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def _settings_file(path: Path) -> Iterable[tuple[str, str]]:
    try:
        data = _read(path)
    except (OSError, ValueError, yaml.YAMLError):
        return
    config = data.get("config") if isinstance(data, dict) else None
    if isinstance(config, dict) and any(":" in str(k) for k in config):  # a Pulumi stack file
        data = {k.partition(":")[2]: v for k, v in data["config"].items() if isinstance(k, str)}
    if isinstance(data, dict):
        yield from ((f"{path.name}: {p}", v) for p, v in writeonly_values(data))


def _kustomize_dir(directory: Path) -> Iterable[tuple[str, str]]:
    for f in sorted(directory.rglob("*.yaml")):  # JSON 6902 patches setting a Secret's data
        try:
            ops = yaml.safe_load(f.read_text())
        except (OSError, yaml.YAMLError):
            continue
        for op in ops if isinstance(ops, list) else []:
            where = str(op.get("path", "")) if isinstance(op, dict) else ""
            if where.startswith("/data/") and isinstance(op.get("value"), str):
                try:
                    yield f"{f.name}: {where}", base64.b64decode(op["value"]).decode()
                except (ValueError, UnicodeDecodeError):
                    pass
            elif where.startswith("/stringData/") and isinstance(op.get("value"), str):
                yield f"{f.name}: {where}", op["value"]
    for k in directory.rglob("kustomization.yaml"):
        try:
            doc = yaml.safe_load(k.read_text()) or {}
        except (OSError, yaml.YAMLError):
            continue
        for gen in doc.get("secretGenerator") or []:
            for literal in gen.get("literals") or []:
                key, _, value = str(literal).partition("=")
                yield f"{k.parent.name}: secretGenerator {gen.get('name')} {key}", value


def _manifests(path: Path) -> Iterable[tuple[str, str]]:
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    for f in files:
        try:
            docs = list(yaml.safe_load_all(f.read_text()))
        except (OSError, yaml.YAMLError):
            continue
        for doc in docs:
            if not isinstance(doc, dict) or doc.get("kind") != "Secret":
                continue
            name = (doc.get("metadata") or {}).get("name")
            for key, value in (doc.get("data") or {}).items():
                try:
                    yield f"{f.name}: Secret {name} {key}", base64.b64decode(str(value)).decode()
                except (ValueError, UnicodeDecodeError):
                    pass
            for key, value in (doc.get("stringData") or {}).items():
                yield f"{f.name}: Secret {name} {key}", str(value)


def secrets_of(argv: list[str], cwd: Path | None) -> Iterable[tuple[str, str]]:
    """(where from, value) of every secret a command is handed."""
    tool = Path(argv[0]).name
    base = cwd or Path.cwd()

    def path_of(arg: str) -> Path:
        p = Path(arg)
        return p if p.is_absolute() else base / p

    for i, arg in enumerate(argv):
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if arg == "--settings" and nxt:  # python -m composer ... --settings FILE
            yield from _settings_file(path_of(nxt))
        elif arg.startswith("-var-file="):
            yield from _settings_file(path_of(arg.split("=", 1)[1]))
        elif arg in ("-f", "--values", "--filename") and nxt and nxt != "-":
            p = path_of(nxt)
            if tool.startswith("helm"):
                yield from _settings_file(p)
            elif p.exists():
                yield from _manifests(p)
        elif arg == "-k" and nxt:
            yield from _kustomize_dir(path_of(nxt))
        elif arg.startswith("--from-literal="):
            key, _, value = arg.split("=", 1)[1].partition("=")
            yield f"kubectl create secret {key}", value
    if tool == "pulumi":
        for stack_file in base.glob("Pulumi.*.yaml"):
            yield from _settings_file(stack_file)
        if "config" in argv and "set" in argv and "--secret" in argv:
            yield f"pulumi config set --secret {argv[-2]}", argv[-1]


def is_product(argv: list[str]) -> bool:
    """True when the command's stdout is objects or state, printed on purpose."""
    tool = Path(argv[0]).name
    args = argv[1:]
    words = [a for a in args if not a.startswith("-")]
    first = words[0] if words else ""
    if tool == "kubectl":
        return first in ("get", "kustomize") or any(a in ("-o", "--output") or a.startswith(("-o=", "--output="))
                                                      for a in args)
    if tool.startswith("helm"):
        dry_run = any(a.startswith("--dry-run") for a in args)
        return first in ("template", "get", "show") or (dry_run and "--hide-secret" not in args)
    if tool in ("tofu", "terraform"):
        return first in ("show", "state") or "-json" in args
    if tool == "pulumi":
        return "--show-secrets" in args or (first == "stack" and "export" in words)
    if "composer" in args[:2]:
        return bool(set(words) & {"render", "export"})
    return False


@dataclass
class Record:
    argv: list[str]
    product: bool
    text: str  # what is searched: stderr, and stdout unless the command is a product one


@dataclass
class Recorder:
    records: list[Record] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)  # value -> where it came from
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: bool = True  # tests/live/conftest.py: False outside the live tests

    def wanted(self, argv: list[str]) -> bool:
        if not self.active:
            return False
        name = Path(argv[0]).name
        return name in TOOLS or (len(argv) > 2 and argv[1:3] == ["-m", "composer"])

    def record(self, argv: list[str], cwd: Path | None, stdout: Any, stderr: Any) -> None:
        def text(x: Any) -> str:
            return x.decode(errors="replace") if isinstance(x, bytes) else (x or "")

        product = is_product(argv)
        out = text(stdout)
        if Path(argv[0]).name.startswith("helm") and "--debug" in argv:
            out = without_debug_sections(out)
        found = [(where, v) for where, v in secrets_of(argv, cwd) if len(v) >= MIN_LENGTH]
        with self.lock:
            for where, value in found:
                self.secrets.setdefault(value, where)
            self.records.append(Record(argv, product, text(stderr) + ("" if product else "\n" + out)))

    def needles(self) -> dict[str, str]:
        out = {}
        for value, where in self.secrets.items():
            b64 = base64.b64encode(value.encode()).decode()
            for form, how in ((value, ""), (b64, " (base64)"), (b64.rstrip("="), " (base64)")):
                out.setdefault(form, where + how)
        return out

    def leaks(self) -> list[str]:
        """One line per (command, secret) found: the command and where the secret came from,
        never the value."""
        needles = self.needles()
        out = []
        for rec in self.records:
            hits = sorted({where for needle, where in needles.items() if needle in rec.text})
            out += [f"`{' '.join(Path(rec.argv[0]).name if i == 0 else a for i, a in enumerate(rec.argv))[:300]}` "
                    f"printed the secret of {where}" for where in hits]
        return out

    def install(self, monkeypatch) -> None:
        """Wrap subprocess.run (the one every helper, route and the in-process composer use)."""
        real = subprocess.run
        recorder = self

        def run(*args, **kwargs):
            argv = args[0] if args else kwargs.get("args")
            argv = [str(a) for a in argv] if isinstance(argv, (list, tuple)) else None
            captured = kwargs.get("capture_output") or kwargs.get("stdout") == subprocess.PIPE
            if not (argv and captured and recorder.wanted(argv)):
                return real(*args, **kwargs)
            cwd = Path(kwargs["cwd"]) if kwargs.get("cwd") else None
            try:
                proc = real(*args, **kwargs)
            except subprocess.CalledProcessError as exc:
                recorder.record(argv, cwd, exc.stdout, exc.stderr)
                raise
            recorder.record(argv, cwd, proc.stdout, proc.stderr)
            return proc

        monkeypatch.setattr(subprocess, "run", run)


RECORDER = Recorder()


# (outputs searched, sha256 digests of the secret values, leaks) of each process's live session:
# its own, appended by tests/live/conftest.py, and each pytest-xdist worker's, sent to the
# controller (tests/conftest.py prints the total in the terminal summary, each value once)
SCANS: list[tuple[int, list[str], int]] = []
