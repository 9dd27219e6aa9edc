#!/usr/bin/env bash
# The CRDs of the operators whose objects the settings can ask for, as a user's cluster has
# them once the operator is installed: the local cluster gets them so that the live tests can
# create those objects, and the offline tests validate the objects against their openAPI
# schemas. Each set is taken from the operator's Go module, downloaded from the Go module proxy
# at a pinned version and checked against the proxy's checksum database, once per version, into
#
#   ${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}/crds/<set>/<version>/
#
#   hack/install-crds.sh monitoring           # fetch (cached: a second run only prints)
#   hack/install-crds.sh cert-manager --path  # print the set's CRD files, one per line, fetching them first
#
# Sets:
#   monitoring    ServiceMonitor (monitoring.coreos.com/v1): kube-prometheus-stack installs it
#   cert-manager  Certificate, Issuer, ClusterIssuer (cert-manager.io/v1): cert-manager's own install
set -euo pipefail

set_name=${1:?usage: hack/install-crds.sh monitoring|cert-manager [--path]}
case ${set_name} in
  monitoring)
    MODULE=github.com/prometheus-operator/prometheus-operator
    VERSION=${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}
    DIR=example/prometheus-operator-crd
    CRDS=(monitoring.coreos.com_servicemonitors.yaml) ;;
  cert-manager)
    MODULE=github.com/cert-manager/cert-manager
    VERSION=${CERT_MANAGER_VERSION:-v1.21.2}
    DIR=deploy/crds
    CRDS=(cert-manager.io_certificates.yaml cert-manager.io_issuers.yaml cert-manager.io_clusterissuers.yaml) ;;
  *) echo "hack/install-crds.sh: unknown CRD set '${set_name}'; allowed: monitoring, cert-manager" >&2; exit 2 ;;
esac
CACHE=${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}
dir=${CACHE}/crds/${set_name}/${VERSION}

if [[ ! -f ${dir}/${CRDS[-1]} ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "${work}"' EXIT
  export GOMODCACHE=${CACHE}/go/mod
  mkdir -p "${GOMODCACHE}"
  zip=$(cd "${work}" && GOFLAGS=-mod=mod go mod download -json "${MODULE}@${VERSION}" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["Error"]) if "Error" in d else print(d["Zip"])')
  for crd in "${CRDS[@]}"; do
    unzip -q -o -j "${zip}" "${MODULE}@${VERSION}/${DIR}/${crd}" -d "${work}/crds"
  done
  mkdir -p "$(dirname "${dir}")"
  rm -rf "${dir}" && mv "${work}/crds" "${dir}"
  echo "tools: ${set_name} ${VERSION} CRDs in ${dir}" >&2
fi
if [[ ${2:-} == --path ]]; then
  for crd in "${CRDS[@]}"; do echo "${dir}/${crd}"; done
else
  echo "tools: ${set_name} ${VERSION} CRDs (cached in ${dir})" >&2
fi
