output "name" {
  description = "Name of the app's Deployment, Service and ServiceAccount (`<name>-config`, `<name>-secret` and `<name>-redis` derive from it)."
  value       = local.s.name
}

output "namespace" {
  description = "Namespace every object is in."
  value       = local.namespace
}

output "service_url" {
  description = "URL of the app inside the cluster."
  value       = "http://${local.s.name}.${local.namespace}.svc:${local.s.service.port}"
}

output "ids" {
  description = "IDs (group/Kind/namespace/name) of every object, as the kustomization provider names them."
  value       = sort(tolist(data.kustomization_overlay.this.ids))
}

output "manifests" {
  description = "Every object as JSON, by ID: what kustomize built (sensitive: the Secret's data is in it)."
  value       = data.kustomization_overlay.this.manifests
  sensitive   = true
}
