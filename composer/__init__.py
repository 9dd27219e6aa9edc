"""realtime-svg composer: one settings file in, every install route's inputs out.

The settings vocabulary is defined once, in ``settings.schema.json``; the kustomize base
and components are the only hand-written manifests. Everything else (overlays, the
rendered install file and, later, Helm values, tfvars and Pulumi config) is generated
from those two, so the routes cannot drift apart.

Modules stay light on purpose: ``python -m composer --help`` and ``render`` import only
the standard library, jsonschema and the YAML libraries.
"""
