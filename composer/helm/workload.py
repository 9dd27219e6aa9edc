"""The chart's `workloads`: any number of them from values, templated from one sentinel
workload built by kustomize (workloads/base and its components), as the app's templates are.

One workload named with a token, with every optional part switched on and every value a
token, goes through the composer's overlay and the real kustomize. Its objects become the
body of a `range` over `.Values.workloads`: tokens become expressions on `$w` (the entry,
with its defaults filled in by `realtime-svg.workloadValues`), keys that only some
settings have become `if` blocks, and the few lists whose length the settings decide
(ports, env references, writable paths, autoscaling metrics) come from helpers. What the
kustomize build fixes (security contexts, strategy, label layout) is copied from it.
"""
from __future__ import annotations

import copy
import json
from typing import Any

import yaml

from composer import derived, paths, render, rules, rules_table, schema, sources, workload_kinds, workloads, yamlio
from composer.helm import monitoring as monitoring_helm
from composer.helm import parts, sentinel, template

W = "zzwnamezz"  # the sentinel workload's name
BASE = sources.WORKLOAD_NAME
POD = "/spec/template/spec"
CONTAINER = f"{POD}/containers/0"
FULLNAME = 'include "realtime-svg.fullname" $'
CTX = '(dict "root" $ "name" $name "w" $w)'


def _t(path: str) -> str:
    return f"zzw{path.replace('.', '').lower()}zz"


# Workload settings -> expression on $w (strings; `| quote` is added where they land).
STRINGS = ["image.repository", "image.tag", "image.pullPolicy", "resources.requests.cpu",
           "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory",
           "topologySpread.whenUnsatisfiable", "service.type", "ingress.host", "ingress.pathType",
           "ingress.className", "postgresql.database"]
STRINGS += ["ingress.tls.issuer.name", "ingress.tls.issuer.kind"]  # the host's Certificate
INTEGERS = {
    "securityContext.runAsUser": 987701, "securityContext.runAsGroup": 987702, "securityContext.fsGroup": 987703,
    "topologySpread.maxSkew": 987704, "podDisruptionBudget.minAvailable": 987705,
    "autoscaling.minReplicas": 987706, "autoscaling.maxReplicas": 987707,
    "autoscaling.scaleDownStabilizationSeconds": 987708,
    "probes.liveness.initialDelaySeconds": 987711, "probes.liveness.periodSeconds": 987712,
    "probes.liveness.failureThreshold": 987713,
    "probes.readiness.initialDelaySeconds": 987721, "probes.readiness.periodSeconds": 987722,
    "probes.readiness.failureThreshold": 987723,
    "probes.startup.initialDelaySeconds": 987731, "probes.startup.periodSeconds": 987732,
    "probes.startup.failureThreshold": 987733,
}
PATHS = {"ingress.path": "/zzwingresspathzz", "probes.liveness.path": "/zzwlivenesszz",
         "probes.readiness.path": "/zzwreadinesszz", "probes.startup.path": "/zzwstartupzz"}
REPLICAS = 987700  # put into the Deployment by hand: with autoscaling the build has none
# A Job of the sentinel system that runs before the sentinel workload (job.before), so that the
# workload's build has what waiting for Jobs adds (composer/workloads.py waited_jobs); its own
# objects are not templated from here (the sentinel workload's, of every kind, are).
JOB = "zzwjobzz"
# the Jobs a workload waits for, computed once per workload in workloads_file ($waits)
WAITS = 'ne $waits "[]"'


WORKER = '(kindIs "invalid" $w.port)'  # composer/workloads.py is_worker
WANTS_PDB = ("and (eq $w.kind \"Deployment\") $w.podDisruptionBudget.enabled (gt (int (ternary $w.autoscaling.minReplicas $w.replicas "
             "$w.autoscaling.enabled)) (int $w.podDisruptionBudget.minAvailable))")

# (kind, JSON pointer) -> (condition, YAML pipeline or None): keys only some settings have.
CONDITIONAL_KEYS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("*", "/metadata/namespace"): ("$.Values.namespace", None),
    ("Deployment", "/spec/replicas"): ("not $w.autoscaling.enabled", None),
    ("Deployment", "/spec/template/metadata/annotations"): (f'ne (include "realtime-svg.workloadPodAnnotations" {CTX}) "{{}}"',
                                                            f'include "realtime-svg.workloadPodAnnotations" {CTX} | fromJson | include "realtime-svg.quotedMap"'),
    ("Deployment", f"{POD}/initContainers"): ("or " + " ".join(f"$w.{svc}.enabled" for svc in derived.services())
                                              + f" ({WAITS})", None),
    ("Deployment", f"{CONTAINER}/command"): ("$w.command", "toYaml $w.command"),
    ("Deployment", f"{CONTAINER}/args"): ("$w.args", "toYaml $w.args"),
    ("Deployment", f"{CONTAINER}/envFrom"): (f'include "realtime-svg.workloadEnvFrom" {CTX}',
                                             f'include "realtime-svg.workloadEnvFrom" {CTX}'),
    ("Deployment", f"{CONTAINER}/env"): (f'include "realtime-svg.workloadEnv" {CTX}',
                                         f'include "realtime-svg.workloadEnv" {CTX}'),
    # a command (liveness), else an HTTP GET of the path, or a TCP connection when the path is
    # empty (composer/workloads.py _probe_handler)
    **{("Deployment", f"{CONTAINER}/{key}Probe/{handler}"):
       (f"and (not $w.probes.{key}.command) ({'' if handler == 'httpGet' else 'not '}$w.probes.{key}.path)", None)
       for key in ("liveness", "readiness", "startup") for handler in ("httpGet", "tcpSocket")},
    ("Deployment", f"{CONTAINER}/livenessProbe/exec"): ("$w.probes.liveness.command",
                                                       'dict "command" $w.probes.liveness.command | toYaml'),
    # a worker (port: null) has no probe on a port, a liveness command at most
    ("Deployment", f"{CONTAINER}/livenessProbe"): (f"or (not {WORKER}) $w.probes.liveness.command", None),
    ("Deployment", f"{CONTAINER}/readinessProbe"): (f"not {WORKER}", None),
    ("Deployment", f"{CONTAINER}/startupProbe"): (f"and $w.probes.startup.enabled (not {WORKER})", None),
    ("Deployment", f"{CONTAINER}/ports"): (f"not {WORKER}", f'include "realtime-svg.workloadContainerPorts" {CTX}'),
    ("PodDisruptionBudget", "/spec/unhealthyPodEvictionPolicy"): (WORKER, None),
    ("Deployment", f"{CONTAINER}/volumeMounts"): ("$w.writablePaths", f'include "realtime-svg.workloadVolumeMounts" {CTX}'),
    ("Deployment", f"{POD}/volumes"): (f"or $w.writablePaths ({WAITS})", f'include "realtime-svg.workloadVolumes" {CTX}'),
    ("Deployment", f"{POD}/imagePullSecrets"): ("$.Values.imagePullSecrets", 'include "realtime-svg.imagePullSecrets" $'),
    ("Deployment", f"{POD}/nodeSelector"): ("$w.nodeSelector", "toYaml $w.nodeSelector"),
    ("Deployment", f"{POD}/tolerations"): ("$w.tolerations", "toYaml $w.tolerations"),
    ("Deployment", f"{POD}/affinity"): ("$w.affinity", "toYaml $w.affinity"),
    ("Ingress", "/spec/ingressClassName"): ("$w.ingress.className", None),
    ("Ingress", "/metadata/annotations"): ("$w.ingress.annotations", "toYaml $w.ingress.annotations"),
    ("Ingress", "/spec/tls"): ("$w.ingress.tls.enabled", None),
    ("HorizontalPodAutoscaler", "/spec/metrics"): (f'include "realtime-svg.workloadMetrics" {CTX}',
                                                   f'include "realtime-svg.workloadMetrics" {CTX}'),
    ("HorizontalPodAutoscaler", "/spec/behavior"): ("not (kindIs \"invalid\" $w.autoscaling.scaleDownStabilizationSeconds)", None),
}
# (kind, JSON pointer) -> YAML pipeline replacing a list the settings size.
LISTS: dict[tuple[str, str], str] = {
    ("Service", "/spec/ports"): f'include "realtime-svg.workloadServicePorts" {CTX}',
}
# (kind, JSON pointer) -> expression, for values derived from more than one setting.
VALUES: dict[tuple[str, str], str] = {
    ("Ingress", "/spec/tls/0/secretName"): f'include "realtime-svg.workloadTLSSecret" {CTX} | quote',
    ("Certificate", "/spec/secretName"): f'include "realtime-svg.workloadTLSSecret" {CTX} | quote',
    # the wait containers' values beyond tokens (each part's WAIT_VALUES)
    **parts.wait_values(),
}
# The wait containers of composer/workloads.py init_containers, by name -> when each is there.
INIT_CONDITIONS = {**{f"wait-for-{svc}": f"$w.{svc}.enabled" for svc in derived.services()}, "wait-for-jobs": WAITS}
HELM_LABELS = {
    "helm.sh/chart": 'include "realtime-svg.chart" $ | quote',
    "app.kubernetes.io/managed-by": "$.Release.Service | quote",
}
CONDITIONS = {
    # Left out when empty (composer/workloads.py env_sources).
    "ConfigMap": f'ne (include "realtime-svg.workloadConfigData" {CTX}) "{{}}"',
    "Secret": f'ne (include "realtime-svg.workloadSecretData" {CTX}) "{{}}"',
    "Ingress": "$w.ingress.enabled",
    "Certificate": "and $w.ingress.enabled $w.ingress.tls.enabled $w.ingress.tls.issuer.name",  # workloads.wants_certificate
    "HorizontalPodAutoscaler": "$w.autoscaling.enabled",
    "PodDisruptionBudget": WANTS_PDB,
    "Service": f"not {WORKER}",
    "Role": WAITS,
    "RoleBinding": WAITS,
}


def _expr(path: str) -> str:
    return "$w." + path


def sentinel_workload() -> dict[str, Any]:
    """One workload with every optional part on and every value a token."""
    w: dict[str, Any] = schema.defaults(schema.load()["definitions"]["workload"])

    def put(path: str, value: Any) -> None:
        node = w
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value

    for path in STRINGS:
        put(path, _t(path))
    for path, number in INTEGERS.items():
        put(path, number)
    for path, token in PATHS.items():
        put(path, token)
    put("replicas", REPLICAS)
    put("port", 987709)
    put("service.port", 987710)
    put("service.nodePort", 30999)
    put("extraPorts", {"zzwportzz": 987714})
    put("command", [_t("command")])
    put("args", [_t("args")])
    put("env", {"ZZWENVZZ": "x", "ZZWSECRETZZ": {"secret": "x"},
                "ZZWREFZZ": {"secretKeyRef": {"name": "zzwrefzz", "key": "k"}}})
    put("writablePaths", ["/zzwwritablezz"])
    put("podAnnotations", {_t("podAnnotations"): "x"})
    put("nodeSelector", {_t("nodeSelector"): "x"})
    put("tolerations", [{"key": _t("tolerations")}])
    put("affinity", {_t("affinity"): {}})
    put("probes.startup.enabled", True)
    put("ingress.enabled", True)
    put("ingress.annotations", {_t("ingress.annotations"): "x"})
    put("ingress.tls.enabled", True)
    put("autoscaling.enabled", True)
    put("podDisruptionBudget.enabled", True)
    for svc in derived.services():
        put(f"{svc}.enabled", True)
    return w


def sentinel_settings() -> dict[str, Any]:
    s = sentinel.settings()
    s["enabled"] = False
    for part in parts.PARTS:
        if not part.app_tokens:  # a part of its own (Redis's roles are in the app's sentinel)
            s[part.key] = part.settings()
    job = schema.defaults(schema.load()["definitions"]["workload"])
    job.update({"kind": "Job", "port": None, "image": {"repository": "zzwjob", "tag": "1", "pullPolicy": "Always"}})
    job["job"]["before"] = [W]
    s["workloads"] = {W: sentinel_workload(), JOB: job}
    s["jobWait"] = {"image": {"repository": _t("jobWait.image.repository"), "tag": _t("jobWait.image.tag"),
                              "pullPolicy": _t("jobWait.image.pullPolicy")}}
    return s


class WorkloadTemplater(template.Templater):
    """template.Templater for the objects of the sentinel workload."""

    def __init__(self, objects: list[dict[str, Any]]):
        super().__init__(objects)
        self.whole = {
            self.config["metadata"]["name"]: f'include "realtime-svg.workloadConfigMapName" {CTX}',
            self.secret["metadata"]["name"]: f'include "realtime-svg.workloadSecretName" {CTX}',
        }
        tokens = {_t(p): _expr(p) for p in STRINGS}
        tokens.update({_t(f"jobWait.image.{k}"): f"$.Values.jobWait.image.{k}" for k in ("repository", "tag", "pullPolicy")})
        tokens.update({token: _expr(p) for p, token in PATHS.items()})
        tokens[sentinel.NAME_TOKEN] = FULLNAME
        tokens[sentinel._t("namespace")] = "$.Values.namespace"
        tokens[W] = "$name"
        for part in parts.PARTS:
            tokens.update(part.string_tokens("$") if not part.app_tokens else part.image_tokens("$"))
        self.tokens = tokens
        self.token_re = template.token_regex(tokens)
        self.integers = {n: f"{_expr(p)} | int64" for p, n in INTEGERS.items()}
        self.integers[REPLICAS] = "$w.replicas | int64"

    def render_workload_object(self, obj: dict[str, Any]) -> str:
        obj = copy.deepcopy(obj)
        marks = template._Marks()
        kind = obj["kind"]
        if kind in ("ConfigMap", "Secret"):
            helper = "realtime-svg.workloadConfigData" if kind == "ConfigMap" else "realtime-svg.workloadSecretData"
            obj["data"] = marks.yaml(f'include "{helper}" {CTX} | fromJson | toYaml')
        if kind == "Deployment":  # autoscaling removed it from the build; put it back, where kustomize sorts it
            obj["spec"] = dict(sorted({**obj["spec"], "replicas": REPLICAS}.items()))
            container = obj["spec"]["template"]["spec"]["containers"][0]
            for key in ("livenessProbe", "readinessProbe", "startupProbe"):  # the TCP form beside the HTTP one
                container[key] = dict(sorted({**container[key], "tcpSocket": {"port": "http"}}.items()))
            container["livenessProbe"]["exec"] = {}  # and a command's (composer/workloads.py _probe_handler)
        if kind == "PodDisruptionBudget":  # a worker's (composer/workloads.py pdb_ops)
            obj["spec"]["unhealthyPodEvictionPolicy"] = "AlwaysAllow"
        plain_labels = dict(obj["metadata"].get("labels", {}))
        obj["metadata"].setdefault("labels", {}).update({k: marks.value(v) for k, v in HELM_LABELS.items()})
        for (k, pointer), expr in VALUES.items():
            if k == kind and template._has(obj, pointer):
                template._set(obj, pointer, marks.value(expr))
        for (k, pointer), pipeline in LISTS.items():
            if k == kind:
                template._set(obj, pointer, marks.yaml(pipeline))
        if kind == "Role":  # the Jobs it may read
            obj["rules"][0]["resourceNames"] = marks.yaml("$waits | fromJsonArray | toYaml")
        if kind == "Deployment":  # each data service's wait container only when the workload uses it
            init = obj["spec"]["template"]["spec"].get("initContainers", [])
            for i, c in enumerate(init):
                if c["name"] == "wait-for-jobs":  # the Jobs this workload waits for (composer/workloads.py)
                    c["args"] = marks.yaml(f'include "realtime-svg.workloadJobWaitArgs" {CTX}')
                cond = INIT_CONDITIONS[c["name"]]
                first = "command" if "command" in c else "args"
                init[i] = {marks.key(cond, first): c.pop(first), **c}
        for (k, pointer), (cond, pipeline) in CONDITIONAL_KEYS.items():
            if k in ("*", kind) and template._has(obj, pointer):
                parent, key = template._parent(obj, pointer)
                value = parent.pop(key)
                parent[marks.key(cond, key)] = marks.yaml(pipeline) if pipeline else value
        if kind == "Deployment":  # the pod runs as the kind the settings name (composer/workload_kinds.py)
            return "".join(self._kind_object(k, obj, plain_labels, marks) for k in workload_kinds.KINDS.values())
        obj = self._mark_scalars(obj, marks)
        text = template._apply(template._dump(obj), marks)
        condition = CONDITIONS.get(kind)
        if condition:
            text = f"{{{{- if {condition} }}}}\n{text}{{{{- end }}}}\n"
        return text

    def _kind_object(self, kind: workload_kinds.Kind, deployment: dict[str, Any], plain_labels: dict[str, Any],
                     marks: template._Marks) -> str:
        """The marked Deployment's pod template in the object of ``kind``: for a CronJob or a
        Job, the object of its component (workloads/components/<component>) with the kind's
        fields marked as settings, as composer/workload_kinds.py field_ops sets them."""
        if kind.component is None:
            obj = deployment
        else:
            source = yaml.safe_load((paths.WORKLOADS / "components" / kind.component / f"{kind.component}.yaml")
                                    .read_text(encoding="utf-8"))
            obj = {"apiVersion": kind.api_version, "kind": kind.name, "metadata": copy.deepcopy(deployment["metadata"]),
                   "spec": source["spec"]}
            for label_path in kind.label_paths:
                parent, key = template._parent(obj, label_path)
                parent[key] = dict(plain_labels)
            template._set(obj, kind.template, deployment["spec"]["template"])
            template._set(obj, f"{kind.pod}/restartPolicy", marks.value("$w.job.restartPolicy | quote"))
            types = {f: schema_type(f) for f in kind.fields}
            for f in kind.fields:
                expr = f"$w.{f.section}.{f.key}"
                template._set(obj, f.pointer, marks.value(expr + {"string": " | quote", "integer": " | int64"}.get(types[f], "")))
                if f.omit != workload_kinds.NEVER:
                    parent, key = template._parent(obj, f.pointer)
                    cond = f'not (kindIs "invalid" {expr})' if f.omit == workload_kinds.NULL else expr
                    parent[marks.key(cond, key)] = parent.pop(key)
            if kind.digest_name:
                obj["metadata"]["name"] = marks.value(f'include "realtime-svg.workloadObjectName" {CTX} | quote')
        text = template._apply(template._dump(self._mark_scalars(obj, marks)), marks)
        return f'{{{{- if eq $w.kind "{kind.name}" }}}}\n{text}{{{{- end }}}}\n'

    def workloads_file(self) -> str:
        body = "".join(f"---\n{self.render_workload_object(o)}" for o in self.objects)
        return ("{{- include \"realtime-svg.checkSystem\" . }}\n"
                "{{- range $name, $entry := .Values.workloads }}\n"
                "{{- $w := include \"realtime-svg.workloadValues\" $entry | fromJson }}\n"
                "{{- if $w.enabled }}\n"
                f"{{{{- $waits := include \"realtime-svg.workloadWaitedJobs\" {CTX} }}}}\n"
                + body +
                "{{- end }}\n{{- end }}\n")


def schema_type(f: workload_kinds.Field) -> str:
    """The JSON type of a kind's field's setting, null aside (how its value is templated)."""
    spec = schema.load()["definitions"]["workload"]["properties"][f.section]["properties"][f.key]
    types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    return next(t for t in types if t != "null")


def defaults_json() -> str:
    return json.dumps(schema.defaults(schema.load()["definitions"]["workload"]), sort_keys=True, separators=(",", ":"))


def helpers() -> str:
    defaults = schema.defaults(schema.load()["definitions"]["workload"])
    # realtime-svg.workloadsUse takes `false` for a data service's enabled it is not given
    assert all(defaults[key]["enabled"] is False for key in derived.services()), defaults
    token = yaml.safe_dump([workloads.token_volume()], default_flow_style=False, sort_keys=True).rstrip("\n")
    wait_args = "\n".join(f"- {json.dumps(a)}" for a in workloads.job_wait_container({"jobWait": {"image": {
        "repository": "x", "tag": "x", "pullPolicy": "x"}}}, [])["args"])
    return (HELPERS.replace("@DEFAULTS@", defaults_json()).replace("@TOKEN_VOLUME@", token)
            .replace("@WAIT_ARGS@", wait_args)
            .replace("@ENABLED_DEFAULT@", json.dumps(defaults["enabled"]))
            + "".join(m.HELPERS for m in parts.modules()) + monitoring_helm.HELPERS
            + "".join(derived.go_helpers(table, module.replace(".", "/") + ".py") + "\n"
                      for module, table in derived.tables())
            + derived.go_annotations_helper() + "\n" + derived.go_env_helper() + "\n" + workload_kinds.go_helpers()
            + RULES_COMMENT + rules.go_helper("realtime-svg.rulesProblems", rules_table.TABLE))


RULES_COMMENT = """{{/*
The rules of composer/rules_table.py, generated by composer/rules.py: a JSON array of
"setting: message" lines (realtime-svg.checkSystem sorts and prints them).
*/}}
"""


HELPERS = r'''
{{/*
The rules across settings (composer/system.py problems), with the composer's words: the
table of composer/rules_table.py (realtime-svg.rulesProblems, generated). `helm install`
stops before anything is created, naming the settings.
*/}}
{{- define "realtime-svg.checkSystem" -}}
{{- $root := . -}}
{{- $problems := list -}}
{{- /* the objects go where the values say; a release elsewhere would not own them (helm -n) */ -}}
{{- if and .Values.namespace (ne (toString .Values.namespace) .Release.Namespace) -}}
{{- $ns := toString .Values.namespace -}}
{{- $problems = append $problems (printf "namespace: namespace: %q is not the namespace of the release, %q; allowed: a release in %q (helm --namespace %s), or an empty namespace, which follows the release" $ns .Release.Namespace $ns $ns) -}}
{{- end -}}
{{- $active := dict -}}
{{- range $n, $e := .Values.workloads -}}
{{- $w := include "realtime-svg.workloadValues" $e | fromJson -}}
{{- if $w.enabled }}{{ $_ := set $active $n $w }}{{ end -}}
{{- end -}}
{{- $problems = concat $problems (include "realtime-svg.rulesProblems" (dict "root" . "active" $active) | fromJsonArray) -}}
{{- if $problems -}}
{{- $lines := list -}}
{{- range $p := $problems | sortAlpha }}{{ $lines = append $lines (regexReplaceAll "^[^ ]*: " $p "error: values: ") }}{{ end -}}
{{- fail (printf "invalid values, nothing was changed:\n%s" ($lines | join "\n")) -}}
{{- end -}}
{{- end }}
{{/*
A workload's values with every key it leaves out set to its default (the settings
schema's), at any depth: Helm fills defaults for values.yaml keys, not for the entries of a
map such as `workloads`. Written out rather than with merge/mergeOverwrite, which cannot
tell a `false` or `0` that was set from one that was left out.
*/}}
{{- define "realtime-svg.workloadValues" -}}
{{- include "realtime-svg.withDefaults" (dict "d" (`@DEFAULTS@` | fromJson) "v" .) -}}
{{- end }}

{{/*
"true" when an enabled workload uses the data service .key (composer/derived.py services): read
from the entries as given, a missing key taking its default (the same as
realtime-svg.workloadValues fills in), without filling in all of an entry's defaults, which
several templates ask for this (on a system of 60 workloads, most of `helm template`'s time).
*/}}
{{- define "realtime-svg.workloadsUse" -}}
{{- $key := .key -}}
{{- range $n, $e := .root.Values.workloads -}}
{{- $e = $e | default dict -}}
{{- if and (dig "enabled" @ENABLED_DEFAULT@ $e) (dig $key "enabled" false $e) }}true{{ end -}}
{{- end -}}
{{- end }}

{{- define "realtime-svg.withDefaults" -}}
{{- $out := deepCopy (.v | default dict) -}}
{{- range $k, $d := .d -}}
{{- if not (hasKey $out $k) -}}
{{- $_ := set $out $k $d -}}
{{- else if and (kindIs "map" $d) (kindIs "map" (get $out $k)) $d -}}
{{- $_ := set $out $k (include "realtime-svg.withDefaults" (dict "d" $d "v" (get $out $k)) | fromJson) -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end }}

{{/* The in-cluster URL of workload .target (composer/system.py service_url). */}}
{{- define "realtime-svg.workloadServiceURL" -}}
{{- $t := include "realtime-svg.workloadValues" (index .root.Values.workloads .target) | fromJson -}}
{{- $port := ternary $t.port $t.service.port (kindIs "invalid" $t.service.port) | int64 -}}
{{- $host := ternary (printf "%s.%s.svc" .target .root.Values.namespace) .target (ne .root.Values.namespace "") -}}
{{- printf "http://%s:%d" $host $port -}}
{{- end }}

{{/* The public URL of workload .target (composer/system.py ingress_url). */}}
{{- define "realtime-svg.workloadIngressURL" -}}
{{- $t := include "realtime-svg.workloadValues" (index .root.Values.workloads .target) | fromJson -}}
{{- printf "%s://%s%s" (ternary "https" "http" $t.ingress.tls.enabled) $t.ingress.host $t.ingress.path -}}
{{- end }}

{{/* The workload's ConfigMap data (composer/workloads.py config_data). */}}
{{- define "realtime-svg.workloadConfigData" -}}
{{- $root := .root -}}
{{- $d := dict -}}
{{- range $var, $v := .w.env -}}
{{- if kindIs "string" $v -}}
{{- $_ := set $d $var $v -}}
{{- else if hasKey $v "serviceUrlOf" -}}
{{- $_ := set $d $var (include "realtime-svg.workloadServiceURL" (dict "root" $root "target" $v.serviceUrlOf)) -}}
{{- else if hasKey $v "ingressUrlOf" -}}
{{- $_ := set $d $var (include "realtime-svg.workloadIngressURL" (dict "root" $root "target" $v.ingressUrlOf)) -}}
{{- end -}}
{{- end -}}
{{- toJson $d -}}
{{- end }}

{{/* The workload's Secret data (composer/workloads.py secret_data). */}}
{{- define "realtime-svg.workloadSecretData" -}}
{{- $d := dict -}}
{{- range $var, $v := .w.env -}}
{{- if and (kindIs "map" $v) (hasKey $v "secret") -}}
{{- $_ := set $d $var (b64enc $v.secret) -}}
{{- end -}}
{{- end -}}
{{- toJson $d -}}
{{- end }}

{{/* kustomize hashes a ConfigMap without data as "data":"" (a Secret as "data":{}). */}}
{{- define "realtime-svg.workloadConfigMapName" -}}
{{- $data := include "realtime-svg.workloadConfigData" . | fromJson -}}
{{- printf "%s-config-%s" .name (include "realtime-svg.kustomizeHash" (dict "data" (ternary $data "" (gt (len $data) 0)) "kind" "ConfigMap" "name" "")) -}}
{{- end }}

{{- define "realtime-svg.workloadSecretName" -}}
{{- printf "%s-secret-%s" .name (include "realtime-svg.kustomizeHash" (dict "data" (include "realtime-svg.workloadSecretData" . | fromJson) "kind" "Secret" "name" "" "type" "Opaque")) -}}
{{- end }}

{{/* The container's env: keys of Secrets the user manages (composer/workloads.py secret_refs). */}}
{{- define "realtime-svg.workloadEnv" -}}
{{- range $var, $v := .w.env }}
{{- if and (kindIs "map" $v) (hasKey $v "secretKeyRef") }}
- name: {{ $var | quote }}
  valueFrom:
    secretKeyRef:
      key: {{ $v.secretKeyRef.key | quote }}
      name: {{ $v.secretKeyRef.name | quote }}
{{- end }}
{{- end }}
{{- include "realtime-svg.dataServiceEnv" . }}
{{- end }}

{{/*
A map of strings as YAML with every key and value quoted: toYaml leaves a digest such as
471833e1 bare, which YAML readers take for the number 4718330.
*/}}
{{- define "realtime-svg.quotedMap" -}}
{{- range $k, $v := . }}
{{ $k | quote }}: {{ $v | quote }}
{{- end }}
{{- end }}

{{/*
The pod template's annotations: podAnnotations and the digest of the PostgreSQL connection
(composer/workloads.py pod_annotations), as JSON.
*/}}
{{- define "realtime-svg.workloadPodAnnotations" -}}
{{- $out := deepCopy (.w.podAnnotations | default dict) -}}
{{- $out = merge (include "realtime-svg.connectionAnnotations" . | fromJson) $out -}}
{{- toJson $out -}}
{{- end }}

{{/* The container's envFrom (composer/workloads.py env_sources). */}}
{{- define "realtime-svg.workloadEnvFrom" -}}
{{- if ne (include "realtime-svg.workloadConfigData" .) "{}" }}
- configMapRef:
    name: {{ include "realtime-svg.workloadConfigMapName" . | quote }}
{{- end }}
{{- if ne (include "realtime-svg.workloadSecretData" .) "{}" }}
- secretRef:
    name: {{ include "realtime-svg.workloadSecretName" . | quote }}
{{- end }}
{{- end }}

{{- define "realtime-svg.workloadContainerPorts" -}}
- containerPort: {{ .w.port | int64 }}
  name: http
  protocol: TCP
{{- range $n, $p := .w.extraPorts }}
- containerPort: {{ $p | int64 }}
  name: {{ $n | quote }}
  protocol: TCP
{{- end }}
{{- if eq (include "realtime-svg.metricsOwnPort" .w) "true" }}
- containerPort: {{ .w.metrics.port | int64 }}
  name: metrics
  protocol: TCP
{{- end }}
{{- end }}

{{- define "realtime-svg.workloadServicePorts" -}}
- name: http
{{- if and (ne .w.service.type "ClusterIP") (not (kindIs "invalid" .w.service.nodePort)) }}
  nodePort: {{ .w.service.nodePort | int64 }}
{{- end }}
  port: {{ ternary .w.port .w.service.port (kindIs "invalid" .w.service.port) | int64 }}
  protocol: TCP
  targetPort: http
{{- range $n, $p := .w.extraPorts }}
- name: {{ $n | quote }}
  port: {{ $p | int64 }}
  protocol: TCP
  targetPort: {{ $n | quote }}
{{- end }}
{{- if eq (include "realtime-svg.metricsOwnPort" .w) "true" }}
- name: metrics
  port: {{ .w.metrics.port | int64 }}
  protocol: TCP
  targetPort: metrics
{{- end }}
{{- end }}

{{- define "realtime-svg.workloadVolumeMounts" -}}
{{- range $i, $p := .w.writablePaths }}
- mountPath: {{ $p | quote }}
  name: writable-{{ $i }}
{{- end }}
{{- end }}

{{- define "realtime-svg.workloadVolumes" -}}
{{- range $i, $p := .w.writablePaths }}
- emptyDir:
    sizeLimit: 64Mi
  name: writable-{{ $i }}
{{- end }}
{{- if ne (include "realtime-svg.workloadWaitedJobs" .) "[]" }}
@TOKEN_VOLUME@
{{- end }}
{{- end }}

{{/*
The Jobs a workload starts after (composer/workloads.py waited_jobs): every enabled Job whose
job.before names it, in workload order, by the name that carries its digest. A JSON list.
*/}}
{{- define "realtime-svg.workloadWaitedJobs" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $out := list -}}
{{- range $n, $e := $root.Values.workloads -}}
{{- /* only a Job names workloads to run before (a raw entry's kind: the default is Deployment) */ -}}
{{- if and (kindIs "map" $e) (eq (toString (index $e "kind")) "Job") -}}
{{- $jw := include "realtime-svg.workloadValues" $e | fromJson -}}
{{- if and $jw.enabled (has $name $jw.job.before) -}}
{{- $out = append $out (include "realtime-svg.workloadObjectName" (dict "root" $root "name" $n "w" $jw)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end }}

{{/* The wait container's arguments (composer/workloads.py job_wait_container). */}}
{{- define "realtime-svg.workloadJobWaitArgs" -}}
@WAIT_ARGS@
{{- range $j := include "realtime-svg.workloadWaitedJobs" . | fromJsonArray }}
- {{ printf "job/%s" $j | quote }}
{{- end }}
{{- end }}

{{- define "realtime-svg.workloadMetrics" -}}
{{- $a := .w.autoscaling -}}
{{- range $pair := list (list "cpu" $a.targetCPUUtilizationPercentage) (list "memory" $a.targetMemoryUtilizationPercentage) }}
{{- if not (kindIs "invalid" (index $pair 1)) }}
- resource:
    name: {{ index $pair 0 }}
    target:
      averageUtilization: {{ index $pair 1 | int64 }}
      type: Utilization
  type: Resource
{{- end }}
{{- end }}
{{- end }}

{{- define "realtime-svg.workloadTLSSecret" -}}
{{- .w.ingress.tls.secretName | default (printf "%s-tls" (.w.ingress.host | replace "*" "wildcard" | replace "." "-")) -}}
{{- end }}
'''


def files() -> dict[str, str]:
    settings = sentinel_settings()
    # the sentinel workload uses PostgreSQL, whose own objects are templated in postgresql.yaml
    objects = [o for o in yamlio.load_all(render.render(settings, "python -m composer generate"))
               if o and not any(part.is_part(o) for part in parts.PARTS)
               and o["metadata"].get("labels", {}).get("app") != JOB and not o["metadata"]["name"].startswith(JOB)]
    templater = WorkloadTemplater(objects)
    return {"templates/workloads.yaml": templater.workloads_file()}
