#!/usr/bin/env bash
# The Prometheus Operator's ServiceMonitor CRD (monitoring.coreos.com/v1), which
# kube-prometheus-stack installs in a user's cluster: the local cluster gets it so that the
# live tests can create the ServiceMonitors the settings ask for, and the offline tests
# validate ServiceMonitors against its openAPI schema. Taken from the prometheus-operator Go
# module (example/prometheus-operator-crd/), downloaded from the Go module proxy at a pinned
# version and checked against the proxy's checksum database, once per version, into
#
#   ${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}/prometheus-operator-crds/<version>/
#
#   hack/install-monitoring-crds.sh          # fetch (cached: a second run only prints)
#   hack/install-monitoring-crds.sh --path   # print the ServiceMonitor CRD file, fetching it first
set -euo pipefail

MODULE=github.com/prometheus-operator/prometheus-operator
VERSION=${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}
CRDS=(monitoring.coreos.com_servicemonitors.yaml)
CACHE=${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}
dir=${CACHE}/prometheus-operator-crds/${VERSION}

if [[ ! -f ${dir}/${CRDS[0]} ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "${work}"' EXIT
  export GOMODCACHE=${CACHE}/go/mod
  mkdir -p "${GOMODCACHE}"
  zip=$(cd "${work}" && GOFLAGS=-mod=mod go mod download -json "${MODULE}@${VERSION}" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["Error"]) if "Error" in d else print(d["Zip"])')
  for crd in "${CRDS[@]}"; do
    unzip -q -o -j "${zip}" "${MODULE}@${VERSION}/example/prometheus-operator-crd/${crd}" -d "${work}/crds"
  done
  mkdir -p "$(dirname "${dir}")"
  rm -rf "${dir}" && mv "${work}/crds" "${dir}"
  echo "tools: prometheus-operator ${VERSION} CRDs in ${dir}" >&2
fi
if [[ ${1:-} == --path ]]; then
  echo "${dir}/${CRDS[0]}"
else
  echo "tools: prometheus-operator ${VERSION} CRDs (cached in ${dir})" >&2
fi
