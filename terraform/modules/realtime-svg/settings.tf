# Generated from composer/settings.schema.json by `python -m composer generate`; do not edit.
# local.settings: the settings with every key a caller left out set to its default,
# as `python -m composer` merges a settings file over the schema's defaults.

locals {
  settings = {
    name      = var.name
    namespace = var.namespace
    replicas  = var.replicas
    image = {
      repository = try(var.image.repository, "ghcr.io/egoavara/realtime-svg")
      tag        = try(var.image.tag, "v0.1.4")
      pullPolicy = try(var.image.pullPolicy, "IfNotPresent")
    }
    imagePullSecrets = var.imagePullSecrets
    resources = {
      requests = {
        cpu    = try(var.resources.requests.cpu, "100m")
        memory = try(var.resources.requests.memory, "128Mi")
      }
      limits = {
        cpu    = try(var.resources.limits.cpu, "500m")
        memory = try(var.resources.limits.memory, "512Mi")
      }
    }
    service = {
      type     = try(var.service.type, "ClusterIP")
      port     = try(var.service.port, 8080)
      nodePort = try(var.service.nodePort, null)
    }
    config = {
      logLevel = try(var.config.logLevel, "info")
    }
    secrets = {
      apiKey         = try(var.secrets.apiKey, "")
      existingSecret = try(var.secrets.existingSecret, "")
    }
    redis = {
      enabled        = try(var.redis.enabled, true)
      host           = try(var.redis.host, "")
      port           = try(var.redis.port, 6379)
      password       = try(var.redis.password, "")
      existingSecret = try(var.redis.existingSecret, "")
      image = {
        repository = try(var.redis.image.repository, "redis")
        tag        = try(var.redis.image.tag, "7-alpine")
        pullPolicy = try(var.redis.image.pullPolicy, "IfNotPresent")
      }
      resources = {
        requests = {
          cpu    = try(var.redis.resources.requests.cpu, "100m")
          memory = try(var.redis.resources.requests.memory, "128Mi")
        }
        limits = {
          cpu    = try(var.redis.resources.limits.cpu, "200m")
          memory = try(var.redis.resources.limits.memory, "256Mi")
        }
      }
    }
    ingress = {
      enabled     = try(var.ingress.enabled, false)
      className   = try(var.ingress.className, "")
      host        = try(var.ingress.host, "")
      path        = try(var.ingress.path, "/")
      annotations = try(var.ingress.annotations, {})
      tls = {
        enabled    = try(var.ingress.tls.enabled, false)
        secretName = try(var.ingress.tls.secretName, "")
      }
    }
    podDisruptionBudget = {
      enabled      = try(var.podDisruptionBudget.enabled, true)
      minAvailable = try(var.podDisruptionBudget.minAvailable, 1)
    }
    nodeSelector = var.nodeSelector
    tolerations  = var.tolerations
    affinity     = var.affinity
  }
}
