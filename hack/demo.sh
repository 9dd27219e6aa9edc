#!/usr/bin/env bash
# `make demo`: realtime-svg installed on a real Kubernetes API server by one route, shown
# Ready, with how to reach it. Uses the cluster KUBECONFIG names, else starts the local
# control plane (hack/cluster.sh: real kube-apiserver, kwok-simulated nodes).
#
#   ROUTE=helm|kustomize|kubectl   (default helm)   NAMESPACE=realtime-svg-demo
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PATH="$PWD/bin:$PATH"
ROUTE=${ROUTE:-helm}
NS=${NAMESPACE:-realtime-svg-demo}
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "What the settings create (examples/dev.yaml: 1 replica, in-cluster Redis)"
$PY -m composer summary --settings examples/dev.yaml

if [[ -z ${KUBECONFIG:-} ]]; then
  step "Starting the local control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok nodes)"
  start=$SECONDS
  hack/cluster.sh up
  export KUBECONFIG=$PWD/.cluster/kubeconfig
  echo "cluster ready in $((SECONDS - start))s; KUBECONFIG=$KUBECONFIG"
else
  step "Using the cluster of KUBECONFIG=$KUBECONFIG"
fi
kubectl get nodes

step "Installing with route '$ROUTE' into namespace $NS"
kubectl create namespace "$NS" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl label --overwrite namespace "$NS" pod-security.kubernetes.io/enforce=restricted >/dev/null
start=$SECONDS
case $ROUTE in
  helm)
    mkdir -p .cluster && $PY -m composer export helm --settings examples/dev.yaml > .cluster/demo-values.yaml
    values=.cluster/demo-values.yaml
    helm upgrade --install realtime-svg ./helm-wrapper/realtime-svg -n "$NS" -f "$values" --wait --timeout 3m
    ;;
  kustomize) kubectl apply -n "$NS" -k overlays/dev ;;
  kubectl) kubectl apply -n "$NS" -f rendered/ ;;
  *) echo "ROUTE=$ROUTE: use helm, kustomize or kubectl (terraform and pulumi: see their README sections)" >&2; exit 2 ;;
esac
step "Waiting for Ready"
kubectl rollout status deployment/realtime-svg -n "$NS" --timeout=3m
kubectl rollout status deployment/realtime-svg-redis -n "$NS" --timeout=3m
echo "installed and Ready in $((SECONDS - start))s"

step "The objects"
kubectl get deployments,pods,services,configmaps,secrets,poddisruptionbudgets,ingresses -n "$NS" \
  -l app.kubernetes.io/instance=realtime-svg -o wide

step "Reach it"
echo "  kubectl port-forward -n $NS svc/realtime-svg 8080:8080   # then http://127.0.0.1:8080/"
echo "  (on the local control plane the pods are simulated by kwok: objects, scheduling and"
echo "   readiness are real Kubernetes, the containers themselves do not run)"
echo
echo "Remove it:  $( [[ $ROUTE == helm ]] && echo "helm uninstall realtime-svg -n $NS" || echo "kubectl delete namespace $NS" )"
echo "Stop the local cluster:  make cluster-down"
