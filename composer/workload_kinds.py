"""What runs a workload's pods (settings ``workloads.<name>.kind``), described once.

A Deployment is workloads/base as it is. A CronJob or a Job is the component of that name
(workloads/components/cronjob, .../job): its object copies the base Deployment's pod spec by a
kustomize replacement, the overlay deletes the Deployment, and every patch of the pod lands
under the kind's pod template (``template``). What differs between kinds is this table:

- where the pod template is, and where the recommended labels go besides metadata (the
  Terraform provider's ``labels`` block has no includeTemplates, so the module adds them);
- which settings become which fields (``fields``: setting -> JSON pointer, left out when the
  setting holds its "unset" value);
- whether the pod gets ``restartPolicy`` from ``job.restartPolicy``, and whether the object's
  name carries a digest of what it runs (a Job: its pod template cannot change).

The composer applies the table (``ops``), the chart's templates are generated from it
(composer/helm/workload.py ``kind_object``) and the Terraform module reads it as data
(``hcl_file``: kinds.tf). No route generator names a kind's field.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

# The value of an optional setting that leaves its field out.
NULL = "null"   # a null number (no deadline, no TTL)
EMPTY = "empty"  # an empty string (no time zone)
NEVER = "never"  # always set


@dataclass(frozen=True)
class Field:
    """A setting of the workload (``section.key``) and the field it sets."""
    section: str
    key: str
    pointer: str
    omit: str = NEVER

    def wanted(self, value: Any) -> bool:
        return not ((self.omit == NULL and value is None) or (self.omit == EMPTY and value == ""))


@dataclass(frozen=True)
class Kind:
    name: str
    api_version: str
    component: str | None         # workloads/components/<component>, None for the base's own kind
    template: str                 # JSON pointer of the pod template
    label_paths: tuple[str, ...]  # metadata label maps below the object's own (templates)
    fields: tuple[Field, ...] = ()
    restart_policy: bool = False  # the pod's restartPolicy is job.restartPolicy
    digest_name: bool = False     # the object's name is <name>-<digest of what it runs>

    @property
    def pod(self) -> str:
        return f"{self.template}/spec"


def _job_fields(spec: str) -> tuple[Field, ...]:
    return (Field("job", "backoffLimit", f"{spec}/backoffLimit"),
            Field("job", "activeDeadlineSeconds", f"{spec}/activeDeadlineSeconds", NULL),
            Field("job", "ttlSecondsAfterFinished", f"{spec}/ttlSecondsAfterFinished", NULL))


KINDS: dict[str, Kind] = {
    "Deployment": Kind("Deployment", "apps/v1", None, "/spec/template", ("/spec/template/metadata/labels",)),
    "CronJob": Kind(
        "CronJob", "batch/v1", "cronjob", "/spec/jobTemplate/spec/template",
        ("/spec/jobTemplate/metadata/labels", "/spec/jobTemplate/spec/template/metadata/labels"),
        (Field("cronJob", "schedule", "/spec/schedule"),
         Field("cronJob", "timeZone", "/spec/timeZone", EMPTY),
         Field("cronJob", "concurrencyPolicy", "/spec/concurrencyPolicy"),
         Field("cronJob", "suspend", "/spec/suspend"),
         Field("cronJob", "startingDeadlineSeconds", "/spec/startingDeadlineSeconds", NULL),
         Field("cronJob", "successfulJobsHistoryLimit", "/spec/successfulJobsHistoryLimit"),
         Field("cronJob", "failedJobsHistoryLimit", "/spec/failedJobsHistoryLimit"))
        + _job_fields("/spec/jobTemplate/spec"),
        restart_policy=True),
    "Job": Kind("Job", "batch/v1", "job", "/spec/template", ("/spec/template/metadata/labels",),
                _job_fields("/spec"), restart_policy=True, digest_name=True),
}
DEPLOYMENT = KINDS["Deployment"]

# The settings of a workload that go into its pod, hashed into a Job's name with the resolved
# env values and the pod annotations (which carry the data services' connection digests).
POD_SETTINGS = ("image", "command", "args", "env", "resources", "securityContext", "probes", "writablePaths",
                "podAnnotations", "nodeSelector", "tolerations", "affinity", "job", "postgresql", "kafka", "redis")


def of(w: dict[str, Any]) -> Kind:
    return KINDS[w["kind"]]


def components(w: dict[str, Any]) -> list[str]:
    component = of(w).component
    return [component] if component else []


def field_ops(w: dict[str, Any]) -> list[dict[str, Any]]:
    """The kind's own fields, set from the settings (``add`` sets a field the source has too)."""
    kind = of(w)
    ops = [{"op": "add", "path": f.pointer, "value": w[f.section][f.key]}
           for f in kind.fields if f.wanted(w[f.section][f.key])]
    if kind.restart_policy:
        ops.append({"op": "add", "path": f"{kind.pod}/restartPolicy", "value": w["job"]["restartPolicy"]})
    return ops


def go_json(value: Any) -> str:
    """JSON as Go's encoding/json (Helm's toJson) and Terraform's jsonencode write it: keys
    sorted, no spaces, UTF-8, and <, >, & and the line separators escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


# ...but not the workloads a Job runs before: naming another one does not change what it runs.
DIGEST_OMITS = {"job": "before"}


def digest(w: dict[str, Any], config: dict[str, str], annotations: dict[str, str]) -> str:
    """The first 8 hex digits of the SHA-256 of what the pod runs: the POD_SETTINGS (less
    DIGEST_OMITS), the resolved plain env values (``config``) and the pod annotations, each as
    JSON, joined by |."""
    pod = {k: {sub: v for sub, v in w[k].items() if sub != DIGEST_OMITS[k]} if k in DIGEST_OMITS else w[k]
           for k in POD_SETTINGS}
    parts = [go_json(pod), go_json(config), go_json(annotations)]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:8]


def object_name(name: str, w: dict[str, Any], config: dict[str, str], annotations: dict[str, str]) -> str:
    return f"{name}-{digest(w, config, annotations)}" if of(w).digest_name else name


# -- emitted to the chart and the module ---------------------------------------------------------

GO_HELPERS = '''
{{/*
The name of a workload's pod object (composer/workload_kinds.py object_name): a Job's carries the
digest of what it runs (its settings that reach the pod, its plain env values, its pod
annotations, each as JSON, joined by |), so a change is a new Job. Given (dict "root" $ "name"
$name "w" $w).
*/}}
{{- define "realtime-svg.workloadObjectName" -}}
{{- if eq .w.kind "Job" -}}
{{- $settings := dict -}}
{{- range $k := list @POD_SETTINGS@ }}{{ $_ := set $settings $k (index $.w $k) }}{{ end -}}
@OMITS@
{{- $parts := list ($settings | toJson) (include "realtime-svg.workloadConfigData" . ) (include "realtime-svg.workloadPodAnnotations" .) -}}
{{- printf "%s-%s" .name ($parts | join "|" | sha256sum | trunc 8) -}}
{{- else -}}
{{- .name -}}
{{- end -}}
{{- end }}
'''


def go_helpers() -> str:
    assert [k for k, kind in KINDS.items() if kind.digest_name] == ["Job"]
    omits = "\n".join(f'{{{{- $_ := set $settings "{k}" (omit (index $.w "{k}") "{sub}") -}}}}' for k, sub in DIGEST_OMITS.items())
    return (GO_HELPERS.replace("@POD_SETTINGS@", " ".join(f'"{k}"' for k in POD_SETTINGS))
            .replace("@OMITS@", omits))


def _hcl_str(text: str) -> str:
    return json.dumps(text)


def hcl_file() -> str:
    """kinds.tf: the KINDS table as data for main.tf's generic loops."""
    lines = ["locals {", "  # composer/workload_kinds.py KINDS", "  workload_kinds = {"]
    for kind in KINDS.values():
        lines.append(f"    {kind.name} = {{")
        lines.append(f"      apiVersion    = {_hcl_str(kind.api_version)}")
        lines.append(f"      component     = {_hcl_str(kind.component) if kind.component else 'null'}")
        lines.append(f"      template      = {_hcl_str(kind.template)}")
        lines.append(f"      labelPaths    = [{', '.join(_hcl_str(p) for p in kind.label_paths)}]")
        lines.append(f"      restartPolicy = {'true' if kind.restart_policy else 'false'}")
        lines.append(f"      digestName    = {'true' if kind.digest_name else 'false'}")
        if kind.fields:
            lines.append("      fields = [")
            for f in kind.fields:
                lines.append(f"        {{ section = {_hcl_str(f.section)}, key = {_hcl_str(f.key)}, "
                             f"pointer = {_hcl_str(f.pointer)}, omit = {_hcl_str(f.omit)} }},")
            lines.append("      ]")
        else:
            lines.append("      fields        = []")
        lines.append("    }")
    lines.append("  }")
    lines.append("")
    lines.append("  # The name of each workload's pod object (object_name): a Job's carries the digest of its")
    lines.append("  # settings that reach the pod (POD_SETTINGS), its plain env values and its pod annotations.")
    settings = ", ".join(f"{k} = w.{k}" if k not in DIGEST_OMITS else
                         f'{k} = {{ for k, v in w.{k} : k => v if k != "{DIGEST_OMITS[k]}" }}' for k in POD_SETTINGS)
    lines.append("  workload_object_name = {")
    lines.append("    for n, w in local.workloads : n => !local.workload_kinds[w.kind].digestName ? n : \"${n}-${substr(sha256(join(\"|\", [")
    lines.append(f"      jsonencode({{ {settings} }}),")
    lines.append("      jsonencode(local.workload_config_data[n]), jsonencode(local.workload_annotations[n]),")
    lines.append("    ])), 0, 8)}\"")
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"
