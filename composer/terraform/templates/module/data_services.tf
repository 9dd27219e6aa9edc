# -- The data services' parts (composer/datapart.py) -------------------------------------------
#
# One kustomization_overlay per data service the system has, all of the same shape: the
# service's components, its stable labels and version, its patches (renames included), and
# the deletion of its Secret when the user names one of theirs. Each service's file
# (postgresql in main.tf, kafka.tf, redis.tf) computes its entry's values; a new data service
# adds one entry here.

locals {
  # What every wait-for-<service> init container has (composer/datapart.py wait_container):
  # small, and under Pod Security "restricted".
  wait_container_base = {
    resources = { requests = { cpu = "10m", memory = "16Mi" }, limits = { cpu = "100m", memory = "64Mi" } }
    securityContext = {
      allowPrivilegeEscalation = false
      readOnlyRootFilesystem   = true
      runAsNonRoot             = true
      capabilities             = { drop = ["ALL"] }
    }
  }

  data_services = {
    postgresql = {
      active     = local.pg_active
      components = local.pg_components
      labels     = local.pg_stable_labels
      version    = local.pg.image.tag
      patches    = local.pg_patches
      # existingSecret: the workloads read the user's Secret; none is made
      deleted_secret = local.pg.existingSecret == "" ? null : "${local.app}-postgresql"
    }
    kafka = {
      active         = local.kafka_active
      components     = local.kafka_components
      labels         = local.kafka_stable_labels
      version        = local.kafka.image.tag
      patches        = local.kafka_patches
      deleted_secret = null
    }
    redis = {
      active         = local.redis_active
      components     = local.redis_components
      labels         = local.redis_stable_labels
      version        = local.redis.image.tag
      patches        = local.redis_patches
      deleted_secret = local.redis.existingSecret == "" ? null : local.redis_base
    }
  }
}

data "kustomization_overlay" "data_service" {
  for_each = { for name, part in local.data_services : name => part if part.active }

  namespace  = local.namespace
  components = [for c in each.value.components : "${local.source_root}/components/${c}"]

  labels {
    pairs             = merge(each.value.labels, { "app.kubernetes.io/version" = each.value.version })
    include_selectors = false
  }

  dynamic "patches" {
    for_each = each.value.patches
    content {
      patch = "[${join(",", patches.value.ops)}]"
      target {
        kind = patches.value.kind
        name = patches.value.name
      }
    }
  }

  dynamic "patches" {
    for_each = each.value.deleted_secret == null ? [] : [each.value.deleted_secret]
    content {
      patch = jsonencode({ "$patch" = "delete", apiVersion = "v1", kind = "Secret", metadata = { name = patches.value } })
    }
  }

  # built only once the rules across settings hold (the precondition of the app's overlay)
  depends_on = [data.kustomization_overlay.this]
}
