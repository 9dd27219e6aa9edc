output "name" {
  description = "Name of the app's Deployment, Service and ServiceAccount (`<name>-config`, `<name>-secret` and `<name>-redis` derive from it); the instance label of the workloads."
  value       = local.s.name
}

output "namespace" {
  description = "Namespace every object is in."
  value       = local.namespace
}

output "service_url" {
  description = "URL of the app inside the cluster; null with `enabled = false`."
  value       = local.s.enabled ? "http://${local.s.name}.${local.namespace}.svc:${local.s.service.port}" : null
}

output "workload_urls" {
  description = "By enabled workload: its URL inside the cluster (`service`; null for a worker, which has no Service) and, with an ingress, its public URL (`ingress`, else null)."
  value = {
    for n, w in local.workloads : n => {
      service = lookup(local.workload_service_url, n, null)
      ingress = w.ingress.enabled ? local.workload_ingress_url[n] : null
    }
  }
}

output "ids" {
  description = "IDs (group/Kind/namespace/name) of every object, as the kustomization provider names them."
  value       = sort(flatten([for o in local.overlays : tolist(o.ids)]))
}

output "manifests" {
  description = "Every object as JSON, by ID: what kustomize built (sensitive: the Secrets' data is in it)."
  value       = local.manifests
  sensitive   = true
}
