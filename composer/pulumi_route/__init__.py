"""The Pulumi route: a Python Pulumi program (pulumi/, generated) that builds the same kustomize
overlay as every other route, in-process, and hands it to pulumi_kubernetes' kustomize.v2.Directory.

- ``config``: Pulumi stack config <-> settings (same names and nesting; `export pulumi`).
- ``program``: the program itself (pulumi/__main__.py only calls ``program.run()``).
- ``project``: the generated pulumi/ directory (Pulumi.yaml, the sample stack, the README).

Named ``pulumi_route`` so that it never shadows the ``pulumi`` SDK. Nothing here imports the
Pulumi SDK at module level: the composer runs without it.
"""
