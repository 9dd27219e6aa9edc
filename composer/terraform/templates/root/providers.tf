provider "kustomization" {
  kubeconfig_path = var.kubeconfig_path
  context         = var.kube_context
}
