"""The Helm chart in helm-wrapper/realtime-svg/, generated from the kustomize build.

The chart is not a second hand-written copy of the manifests: the overlay of *sentinel*
settings (every component on, every value a unique token) is built with the real
kustomize, and each token in the output becomes the template expression of its setting
(`sentinel.py`, `template.py`). The chart's values are the settings vocabulary and its
values.schema.json is derived from the settings schema (`values.py`).
"""
