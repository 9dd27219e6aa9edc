#!/usr/bin/env bash
# Local Kubernetes control plane whose kubelets are simulated by kwok:
# etcd + kube-apiserver + kube-controller-manager + kube-scheduler + kwok
# controller + metrics-server, run as plain processes by `kwokctl --runtime
# binary` from the binaries built by hack/build-go-tools.sh (nothing is
# downloaded), listening on 127.0.0.1 only, plus the fake nodes of
# hack/kwok/nodes.yaml. Resource metrics (metrics.k8s.io: HPAs, kubectl top)
# come from kwok: a pod uses the CPU/memory its annotations
# kwok.x-k8s.io/usage-cpu / usage-memory say (hack/kwok/metrics.yaml).
# Volumes: kwok has no volume provisioner, so a host process of this repository,
# hostpath-provisioner (hack/go-tools/hostpath-provisioner/), serves the default
# StorageClass local-path (hack/kwok/storageclass.yaml): one directory per volume
# under <repo>/.cluster/volumes/, like K3s's local-path provisioner.
#
# Usage: hack/cluster.sh up|down|status
#   up      start the cluster (idempotent: returns at once if it is healthy,
#           after restarting the volume provisioner if it is not running),
#           wait until the API answers, the fake nodes are Ready, the metrics
#           API is served and the volume provisioner has synced, write
#           <repo>/.cluster/kubeconfig
#   down    stop every process of the cluster and remove <repo>/.cluster
#           (volumes included)
#   status  print the state; exit 0 if healthy, 1 if not
#
# Environment:
#   KUBECTL            kubectl to use (default: <repo>/bin/kubectl, then PATH)
#   RSVG_CLUSTER_NAME  kwokctl cluster name (default realtime-svg)
#   RSVG_CLUSTER_DIR   where everything of the cluster lives (default <repo>/.cluster below);
#                      the live tests give each pytest worker but the first a cluster of its own
#                      (<repo>/.cluster-gwN, named realtime-svg-gwN)
#   RSVG_TOOLS_CACHE   see hack/build-go-tools.sh
# Everything the cluster writes (kwokctl work dir: pki, etcd data, logs, pids)
# lives under <repo>/.cluster/kwok. Component logs: .cluster/kwok/clusters/<name>/logs/.
# The volume provisioner: pid .cluster/hostpath-provisioner.pid, log
# .cluster/hostpath-provisioner.log, volumes .cluster/volumes/.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "${SCRIPT_DIR}/.." && pwd)
CLUSTER_DIR="${RSVG_CLUSTER_DIR:-${REPO_ROOT}/.cluster}"
KUBECONFIG_OUT="${CLUSTER_DIR}/kubeconfig"
CLUSTER_NAME="${RSVG_CLUSTER_NAME:-realtime-svg}"
KWOK_DIR="${SCRIPT_DIR}/kwok"
BUILD_TOOLS="${SCRIPT_DIR}/build-go-tools.sh"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok kwokctl metrics-server hostpath-provisioner)

# kwokctl keeps its clusters under $KWOK_WORKDIR/clusters/<name>
export KWOK_WORKDIR="${CLUSTER_DIR}/kwok"
CLUSTER_WORKDIR="${KWOK_WORKDIR}/clusters/${CLUSTER_NAME}"
# the volume provisioner (not a kwokctl component: started and stopped here)
PROVISIONER_PID="${CLUSTER_DIR}/hostpath-provisioner.pid"
PROVISIONER_LOG="${CLUSTER_DIR}/hostpath-provisioner.log"
PROVISIONER_READY="${CLUSTER_DIR}/hostpath-provisioner.ready"
VOLUMES_DIR="${CLUSTER_DIR}/volumes"
# kubectl's discovery cache for this script's calls: inside .cluster, not ~/.kube
export KUBECACHEDIR="${CLUSTER_DIR}/kubectl-cache"

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

find_kubectl() {
  if [[ -n ${KUBECTL:-} ]]; then
    [[ -x ${KUBECTL} ]] || die "KUBECTL=${KUBECTL} is not executable"
  elif [[ -x ${REPO_ROOT}/bin/kubectl ]]; then
    KUBECTL="${REPO_ROOT}/bin/kubectl"
  elif command -v kubectl >/dev/null 2>&1; then
    KUBECTL=$(command -v kubectl)
  else
    die "kubectl not found: set KUBECTL, or install it into ${REPO_ROOT}/bin (hack/install-tools.sh)"
  fi
  KUBECTL=$(cd "$(dirname "${KUBECTL}")" && pwd)/$(basename "${KUBECTL}")
}

k() { "${KUBECTL}" --kubeconfig "${KUBECONFIG_OUT}" "$@"; }

tool_path() { "${BUILD_TOOLS}" --path "$1"; }

kwokctl() {
  # kwokctl itself runs `kubectl get --raw` to see whether the apiserver is
  # served; put our kubectl first on PATH so it never tries to download one.
  PATH="$(dirname "${KUBECTL}"):${PATH}" "$(tool_path kwokctl)" --name "${CLUSTER_NAME}" "$@"
}

# pids of the component processes kwokctl started (from its pid files)
component_pids() {
  local f
  [[ -d ${CLUSTER_WORKDIR}/pids ]] || return 0
  for f in "${CLUSTER_WORKDIR}"/pids/*.pid; do
    [[ -f ${f} ]] && printf '%s %s\n' "$(basename "${f}" .pid)" "$(cat "${f}")"
  done
  return 0
}

processes_running() {
  local name pid n=0
  while read -r name pid; do
    n=$((n + 1))
    alive "${pid}" || return 1
  done < <(component_pids)
  # etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok-controller, metrics-server
  [[ ${n} -ge 6 ]]
}

ready_nodes() {
  k get nodes --request-timeout=5s \
    -o jsonpath='{range .items[*]}{.metadata.name}{" "}{range .status.conditions[?(@.type=="Ready")]}{.status}{end}{"\n"}{end}' 2>/dev/null |
    awk '$2 == "True"' | wc -l
}

healthy() {
  [[ -f ${KUBECONFIG_OUT} ]] || return 1
  processes_running || return 1
  [[ $(k get --raw /readyz --request-timeout=5s 2>/dev/null) == ok ]] || return 1
  [[ $(ready_nodes) -ge 1 ]]
}

# wait_for DESCRIPTION TIMEOUT_SECONDS COMMAND...
wait_for() {
  local what=$1 timeout=$2 start=${SECONDS}
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS - start >= timeout)); then
      log "timed out after ${timeout}s waiting for ${what}"
      return 1
    fi
    sleep 1
  done
  log "${what}: ok after $((SECONDS - start))s"
}

api_ready() { [[ $(k get --raw /readyz --request-timeout=5s 2>/dev/null) == ok ]]; }
all_nodes_ready() {
  local want
  want=$(k get nodes --no-headers 2>/dev/null | wc -l)
  [[ ${want} -ge 1 && $(ready_nodes) -eq ${want} ]]
}
default_sa() { k get serviceaccount default -n default; }
# the aggregator reaches metrics-server (it answers before it has scraped anything)
metrics_api() {
  [[ $(k get apiservice v1beta1.metrics.k8s.io --request-timeout=5s \
    -o jsonpath='{.status.conditions[?(@.type=="Available")].status}' 2>/dev/null) == True ]]
}

dump_logs() {
  local f
  for f in "${CLUSTER_WORKDIR}"/logs/*.log; do
    [[ -f ${f} ]] || continue
    log "---- last lines of ${f}"
    tail -n 20 "${f}" >&2 || true
  done
}

# alive PID: running and not a zombie (a killed component whose parent is
# init may stay <defunct> for a while before it is reaped)
alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n ${state} && ${state} != Z && ${state} != X ]]
}

# pid of the running volume provisioner of this cluster (from its pid file), or nothing
provisioner_pid() {
  local pid
  [[ -f ${PROVISIONER_PID} ]] || return 1
  pid=$(cat "${PROVISIONER_PID}")
  [[ ${pid} =~ ^[0-9]+$ ]] && alive "${pid}" || return 1
  # not a recycled pid: the process runs the provisioner's binary
  tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q 'hostpath-provisioner' || return 1
  echo "${pid}"
}

provisioner_ready() { [[ -f ${PROVISIONER_READY} ]] && provisioner_pid >/dev/null; }

# start_provisioner: run hack/go-tools/hostpath-provisioner on the host, in a session of
# its own (like kwokctl's components), with the cluster's kubeconfig; wait until its
# informers have synced (it then writes its ready file, holding its pid)
start_provisioner() {
  local pid bin
  if pid=$(provisioner_pid); then
    log "volume provisioner already running (pid ${pid})"
    return 0
  fi
  bin=$(tool_path hostpath-provisioner)
  [[ -x ${bin} ]] || "${BUILD_TOOLS}" hostpath-provisioner
  mkdir -p "${VOLUMES_DIR}"
  rm -f "${PROVISIONER_READY}"
  setsid "${bin}" --kubeconfig "${KUBECONFIG_OUT}" --volume-dir "${VOLUMES_DIR}" \
    --ready-file "${PROVISIONER_READY}" </dev/null >>"${PROVISIONER_LOG}" 2>&1 &
  pid=$!
  echo "${pid}" >"${PROVISIONER_PID}"
  if ! wait_for "volume provisioner (pid ${pid}) synced" 60 provisioner_ready; then
    tail -n 20 "${PROVISIONER_LOG}" >&2 || true
    die "the volume provisioner did not start (log: ${PROVISIONER_LOG})"
  fi
  [[ $(cat "${PROVISIONER_READY}") == "${pid}" ]] || die "the volume provisioner's pid is not ${pid} (${PROVISIONER_READY})"
}

stop_provisioner() {
  local pid
  pid=$(provisioner_pid) || { rm -f "${PROVISIONER_PID}"; return 0; }
  kill "${pid}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    alive "${pid}" || break
    sleep 0.2
  done
  alive "${pid}" && kill -9 "${pid}" 2>/dev/null
  rm -f "${PROVISIONER_PID}"
  PROVISIONER_STOPPED=${pid}
}

# the volume provisioner running, and the default StorageClass it serves
ensure_storage() {
  start_provisioner
  k apply -f "${KWOK_DIR}/storageclass.yaml" >&2
}

# the CRDs of the operators a user's cluster runs (hack/install-crds.sh): the Prometheus
# Operator's ServiceMonitor (kube-prometheus-stack) and cert-manager's Certificate, which the
# settings' ServiceMonitors and Certificates need
ensure_crds() {
  local set crds crd
  for set in monitoring cert-manager; do
    crds=$("${REPO_ROOT}/hack/install-crds.sh" "${set}" --path) || die "could not fetch the ${set} CRDs"
    for crd in ${crds}; do
      k apply --server-side --force-conflicts -f "${crd}" >&2
      # cert-manager.io_certificates.yaml holds crd/certificates.cert-manager.io
      crd=$(basename "${crd}" .yaml)
      k wait --for condition=established --timeout=60s "crd/${crd#*_}.${crd%%_*}" >&2
    done
  done
}

stop_processes() {
  # kwokctl delete stops the processes and removes its work dir; then make
  # sure none survived (only the pids of this cluster's pid files are touched)
  local pids=() name pid left
  # the provisioner first: it is a client of the API server
  PROVISIONER_STOPPED=""
  stop_provisioner
  while read -r name pid; do pids+=("${pid}"); done < <(component_pids)
  if [[ -f ${CLUSTER_WORKDIR}/kwok.yaml ]]; then
    # --kubeconfig: the file kwokctl removes its context from (it must not
    # touch ~/.kube/config); ours is deleted afterwards anyway
    local out
    if ! out=$(kwokctl delete cluster --kubeconfig "${KUBECONFIG_OUT}" 2>&1); then
      printf '%s\n' "${out}" >&2
      log "kwokctl delete cluster failed; killing the processes"
    fi
  fi
  for pid in "${pids[@]}"; do alive "${pid}" && kill "${pid}" 2>/dev/null; done
  for _ in $(seq 1 50); do
    left=0
    for pid in "${pids[@]}"; do alive "${pid}" && left=1; done
    [[ ${left} -eq 0 ]] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do alive "${pid}" && kill -9 "${pid}" 2>/dev/null; done
  wait_reaped "${pids[@]}" ${PROVISIONER_STOPPED}
}

# best effort: give init up to 10s to reap the exited components, so that
# `ps` run right after `down` shows nothing
wait_reaped() {
  local pid left
  for _ in $(seq 1 50); do
    left=0
    for pid in "$@"; do [[ -e /proc/${pid} ]] && left=1; done
    [[ ${left} -eq 0 ]] && return 0
    sleep 0.2
  done
  return 0
}

cmd_up() {
  local start=${SECONDS} t
  find_kubectl
  if healthy; then
    ensure_storage
    ensure_crds
    log "cluster '${CLUSTER_NAME}' is already up and healthy ($(ready_nodes) Ready nodes); kubeconfig: ${KUBECONFIG_OUT}"
    return 0
  fi
  if [[ -e ${CLUSTER_DIR} ]]; then
    log "found a stale or unhealthy cluster in ${CLUSTER_DIR}: recreating it"
    stop_processes
    rm -rf "${CLUSTER_DIR}"
  fi

  # binaries: cached builds are only re-linked (a cold build takes minutes)
  t=${SECONDS}
  "${BUILD_TOOLS}" "${COMPONENTS[@]}"
  log "tools ready in $((SECONDS - t))s"

  mkdir -p "${CLUSTER_DIR}"
  t=${SECONDS}
  log "creating cluster '${CLUSTER_NAME}' with kwokctl $(basename "$(dirname "$(tool_path kwokctl)")") (runtime binary)"
  # metrics-server's APIService and Service: a local kustomize directory instead of
  # upstream's release asset on GitHub (kwokctl builds it with `kubectl kustomize`, in
  # its own working directory: so an absolute path, in a config of its own that kwokctl
  # merges into hack/kwok/kwokctl.yaml; its env KWOK_METRICS_SERVER_MANIFESTS cannot
  # hold a list)
  local manifests="${KWOK_DIR}/metrics-server"
  printf '%s\n' "# written by hack/cluster.sh up" \
    "apiVersion: config.kwok.x-k8s.io/v1alpha1" "kind: KwokctlConfiguration" \
    "options:" "  metricsServerManifests:" "  - '${manifests//\'/\'\'}'" >"${CLUSTER_DIR}/kwokctl-local.yaml"
  if ! kwokctl --config "${KWOK_DIR}/kwokctl.yaml" --config "${KWOK_DIR}/metrics.yaml" \
    --config "${CLUSTER_DIR}/kwokctl-local.yaml" create cluster \
    --runtime binary \
    --kubeconfig= \
    --timeout 5m \
    --etcd-binary "$(tool_path etcd)" \
    --kube-apiserver-binary "$(tool_path kube-apiserver)" \
    --kube-controller-manager-binary "$(tool_path kube-controller-manager)" \
    --kube-scheduler-binary "$(tool_path kube-scheduler)" \
    --kwok-controller-binary "$(tool_path kwok)" \
    --metrics-server-binary "$(tool_path metrics-server)" >"${CLUSTER_DIR}/kwokctl-create.log" 2>&1; then
    cat "${CLUSTER_DIR}/kwokctl-create.log" >&2
    dump_logs
    die "kwokctl create cluster failed (hack/cluster.sh down cleans up)"
  fi
  log "kwokctl create cluster: $((SECONDS - t))s"

  # self-contained kubeconfig (certificates embedded)
  "${KUBECTL}" --kubeconfig "${CLUSTER_WORKDIR}/kubeconfig.yaml" config view --raw --flatten >"${KUBECONFIG_OUT}.tmp"
  mv "${KUBECONFIG_OUT}.tmp" "${KUBECONFIG_OUT}"
  chmod 600 "${KUBECONFIG_OUT}"

  wait_for "API /readyz" 120 api_ready || { dump_logs; die "the API server did not become ready"; }
  k apply -f "${KWOK_DIR}/nodes.yaml" >&2
  wait_for "fake nodes Ready" 120 all_nodes_ready || { dump_logs; die "nodes did not become Ready"; }
  wait_for "default service account" 60 default_sa || { dump_logs; die "the controller manager did not create service accounts"; }
  wait_for "metrics API (APIService v1beta1.metrics.k8s.io Available)" 60 metrics_api ||
    { dump_logs; die "metrics-server is not reachable through the API server"; }
  ensure_storage
  ensure_crds
  k get nodes -o wide >&2
  log "cluster up in $((SECONDS - start))s; server $(k config view -o jsonpath='{.clusters[0].cluster.server}')"
  log "use: export KUBECONFIG=${KUBECONFIG_OUT}"
}

cmd_down() {
  local start=${SECONDS}
  if [[ ! -e ${CLUSTER_DIR} ]]; then
    log "no cluster (${CLUSTER_DIR} does not exist)"
    return 0
  fi
  find_kubectl
  stop_processes
  rm -rf "${CLUSTER_DIR}"
  log "cluster '${CLUSTER_NAME}' stopped and ${CLUSTER_DIR} removed in $((SECONDS - start))s"
}

cmd_status() {
  local name pid state rc=0
  if [[ ! -d ${CLUSTER_WORKDIR} ]]; then
    echo "cluster '${CLUSTER_NAME}': down (no ${CLUSTER_WORKDIR})"
    return 1
  fi
  find_kubectl
  echo "cluster '${CLUSTER_NAME}' (work dir ${CLUSTER_WORKDIR})"
  while read -r name pid; do
    state=running
    alive "${pid}" || { state=STOPPED; rc=1; }
    printf '  %-26s pid %-8s %s\n' "${name}" "${pid}" "${state}"
  done < <(component_pids)
  if pid=$(provisioner_pid); then
    printf '  %-26s pid %-8s %s\n' hostpath-provisioner "${pid}" running
  else
    printf '  %-26s pid %-8s %s\n' hostpath-provisioner "$(cat "${PROVISIONER_PID}" 2>/dev/null || echo -)" STOPPED
    rc=1
  fi
  echo "  volumes: ${VOLUMES_DIR} ($(find "${VOLUMES_DIR}" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l) directories; log ${PROVISIONER_LOG})"
  if [[ -f ${KUBECONFIG_OUT} ]] && api_ready; then
    echo "  api: ready at $(k config view -o jsonpath='{.clusters[0].cluster.server}')"
    echo "  nodes Ready: $(ready_nodes)"
    echo "  default StorageClass: $(k get storageclass -o jsonpath='{range .items[?(@.metadata.annotations.storageclass\.kubernetes\.io/is-default-class=="true")]}{.metadata.name} ({.provisioner}){end}' 2>/dev/null)"
    [[ $(ready_nodes) -ge 1 ]] || rc=1
  else
    echo "  api: NOT ready"
    rc=1
  fi
  echo "  kubeconfig: ${KUBECONFIG_OUT}"
  return "${rc}"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *)
    sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
