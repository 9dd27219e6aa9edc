# Generated from composer/settings.schema.json by `python -m composer generate`; do not edit.
# local.settings: the settings with every key a caller left out set to its default,
# as `python -m composer` merges a settings file over the schema's defaults; each
# workload takes the defaults of a workload the same way.

locals {
  settings = {
    enabled   = var.enabled
    name      = var.name
    namespace = var.namespace
    replicas  = var.replicas
    image = {
      repository = try(var.image.repository, "ghcr.io/egoavara/realtime-svg")
      tag        = try(var.image.tag, "v0.1.4")
      pullPolicy = try(var.image.pullPolicy, "IfNotPresent")
    }
    imagePullSecrets = var.imagePullSecrets
    jobWait = {
      image = {
        repository = try(var.jobWait.image.repository, "registry.k8s.io/kubectl")
        tag        = try(var.jobWait.image.tag, "v1.35.0")
        pullPolicy = try(var.jobWait.image.pullPolicy, "IfNotPresent")
      }
    }
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
      persistence = {
        enabled          = try(var.redis.persistence.enabled, false)
        size             = try(var.redis.persistence.size, "1Gi")
        storageClassName = try(var.redis.persistence.storageClassName, "")
        accessMode       = try(var.redis.persistence.accessMode, "ReadWriteOnce")
      }
      replica = {
        count = try(var.redis.replica.count, 0)
        resources = {
          requests = {
            cpu    = try(var.redis.replica.resources.requests.cpu, "100m")
            memory = try(var.redis.replica.resources.requests.memory, "128Mi")
          }
          limits = {
            cpu    = try(var.redis.replica.resources.limits.cpu, "200m")
            memory = try(var.redis.replica.resources.limits.memory, "256Mi")
          }
        }
      }
      cache = {
        enabled         = try(var.redis.cache.enabled, false)
        maxmemory       = try(var.redis.cache.maxmemory, "64mb")
        maxmemoryPolicy = try(var.redis.cache.maxmemoryPolicy, "allkeys-lru")
        resources = {
          requests = {
            cpu    = try(var.redis.cache.resources.requests.cpu, "100m")
            memory = try(var.redis.cache.resources.requests.memory, "128Mi")
          }
          limits = {
            cpu    = try(var.redis.cache.resources.limits.cpu, "200m")
            memory = try(var.redis.cache.resources.limits.memory, "256Mi")
          }
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
    postgresql = {
      enabled        = try(var.postgresql.enabled, false)
      host           = try(var.postgresql.host, "")
      port           = try(var.postgresql.port, 5432)
      user           = try(var.postgresql.user, "app")
      password       = try(var.postgresql.password, "")
      existingSecret = try(var.postgresql.existingSecret, "")
      databases = {
        for k1, x1 in try(var.postgresql.databases, {}) : k1 => {
          owner = try(x1.owner, "")
        }
      }
      image = {
        repository = try(var.postgresql.image.repository, "postgres")
        tag        = try(var.postgresql.image.tag, "15-alpine")
        pullPolicy = try(var.postgresql.image.pullPolicy, "IfNotPresent")
      }
      resources = {
        requests = {
          cpu    = try(var.postgresql.resources.requests.cpu, "250m")
          memory = try(var.postgresql.resources.requests.memory, "256Mi")
        }
        limits = {
          cpu    = try(var.postgresql.resources.limits.cpu, "1")
          memory = try(var.postgresql.resources.limits.memory, "1Gi")
        }
      }
      securityContext = {
        runAsUser  = try(var.postgresql.securityContext.runAsUser, 70)
        runAsGroup = try(var.postgresql.securityContext.runAsGroup, 70)
        fsGroup    = try(var.postgresql.securityContext.fsGroup, 70)
      }
      storage = {
        size             = try(var.postgresql.storage.size, "8Gi")
        storageClassName = try(var.postgresql.storage.storageClassName, "")
        accessMode       = try(var.postgresql.storage.accessMode, "ReadWriteOnce")
      }
    }
    kafka = {
      enabled          = try(var.kafka.enabled, false)
      nodes            = try(var.kafka.nodes, 1)
      bootstrapServers = try(var.kafka.bootstrapServers, "")
      clusterId        = try(var.kafka.clusterId, "5L6g3nShT-eMCtK--X86sw")
      image = {
        repository = try(var.kafka.image.repository, "apache/kafka")
        tag        = try(var.kafka.image.tag, "4.1.0")
        pullPolicy = try(var.kafka.image.pullPolicy, "IfNotPresent")
      }
      resources = {
        requests = {
          cpu    = try(var.kafka.resources.requests.cpu, "250m")
          memory = try(var.kafka.resources.requests.memory, "768Mi")
        }
        limits = {
          cpu    = try(var.kafka.resources.limits.cpu, "1")
          memory = try(var.kafka.resources.limits.memory, "1536Mi")
        }
      }
      securityContext = {
        runAsUser  = try(var.kafka.securityContext.runAsUser, 1000)
        runAsGroup = try(var.kafka.securityContext.runAsGroup, 1000)
        fsGroup    = try(var.kafka.securityContext.fsGroup, 1000)
      }
      storage = {
        size             = try(var.kafka.storage.size, "8Gi")
        storageClassName = try(var.kafka.storage.storageClassName, "")
        accessMode       = try(var.kafka.storage.accessMode, "ReadWriteOnce")
      }
    }
    workloads = {
      for k1, x1 in var.workloads : k1 => {
        enabled = try(x1.enabled, true)
        kind    = try(x1.kind, "Deployment")
        image = {
          repository = try(x1.image.repository, null)
          tag        = try(x1.image.tag, null)
          pullPolicy = try(x1.image.pullPolicy, "IfNotPresent")
        }
        replicas   = try(x1.replicas, 1)
        command    = try(x1.command, [])
        args       = try(x1.args, [])
        port       = try(x1.port, 8080)
        extraPorts = try(x1.extraPorts, {})
        env        = try(x1.env, {})
        resources = {
          requests = {
            cpu    = try(x1.resources.requests.cpu, "100m")
            memory = try(x1.resources.requests.memory, "128Mi")
          }
          limits = {
            cpu    = try(x1.resources.limits.cpu, "500m")
            memory = try(x1.resources.limits.memory, "512Mi")
          }
        }
        securityContext = {
          runAsUser  = try(x1.securityContext.runAsUser, 10001)
          runAsGroup = try(x1.securityContext.runAsGroup, 10001)
          fsGroup    = try(x1.securityContext.fsGroup, 10001)
        }
        probes = {
          liveness = {
            path                = try(x1.probes.liveness.path, "")
            command             = try(x1.probes.liveness.command, [])
            initialDelaySeconds = try(x1.probes.liveness.initialDelaySeconds, 10)
            periodSeconds       = try(x1.probes.liveness.periodSeconds, 10)
            failureThreshold    = try(x1.probes.liveness.failureThreshold, 3)
          }
          readiness = {
            path                = try(x1.probes.readiness.path, "/")
            initialDelaySeconds = try(x1.probes.readiness.initialDelaySeconds, 2)
            periodSeconds       = try(x1.probes.readiness.periodSeconds, 5)
            failureThreshold    = try(x1.probes.readiness.failureThreshold, 3)
          }
          startup = {
            enabled             = try(x1.probes.startup.enabled, false)
            path                = try(x1.probes.startup.path, "/")
            initialDelaySeconds = try(x1.probes.startup.initialDelaySeconds, 0)
            periodSeconds       = try(x1.probes.startup.periodSeconds, 5)
            failureThreshold    = try(x1.probes.startup.failureThreshold, 3)
          }
        }
        writablePaths = try(x1.writablePaths, ["/tmp"])
        service = {
          type     = try(x1.service.type, "ClusterIP")
          port     = try(x1.service.port, null)
          nodePort = try(x1.service.nodePort, null)
        }
        ingress = {
          enabled     = try(x1.ingress.enabled, false)
          className   = try(x1.ingress.className, "")
          host        = try(x1.ingress.host, "")
          path        = try(x1.ingress.path, "/")
          pathType    = try(x1.ingress.pathType, "Prefix")
          annotations = try(x1.ingress.annotations, {})
          tls = {
            enabled    = try(x1.ingress.tls.enabled, false)
            secretName = try(x1.ingress.tls.secretName, "")
            issuer = {
              name = try(x1.ingress.tls.issuer.name, "")
              kind = try(x1.ingress.tls.issuer.kind, "ClusterIssuer")
            }
          }
        }
        autoscaling = {
          enabled                           = try(x1.autoscaling.enabled, false)
          minReplicas                       = try(x1.autoscaling.minReplicas, 1)
          maxReplicas                       = try(x1.autoscaling.maxReplicas, 3)
          targetCPUUtilizationPercentage    = try(x1.autoscaling.targetCPUUtilizationPercentage, 80)
          targetMemoryUtilizationPercentage = try(x1.autoscaling.targetMemoryUtilizationPercentage, null)
          scaleDownStabilizationSeconds     = try(x1.autoscaling.scaleDownStabilizationSeconds, null)
        }
        podDisruptionBudget = {
          enabled      = try(x1.podDisruptionBudget.enabled, true)
          minAvailable = try(x1.podDisruptionBudget.minAvailable, 1)
        }
        topologySpread = {
          maxSkew           = try(x1.topologySpread.maxSkew, 1)
          whenUnsatisfiable = try(x1.topologySpread.whenUnsatisfiable, "ScheduleAnyway")
        }
        podAnnotations = try(x1.podAnnotations, {})
        nodeSelector   = try(x1.nodeSelector, {})
        tolerations    = try(x1.tolerations, [])
        affinity       = try(x1.affinity, {})
        postgresql = {
          enabled  = try(x1.postgresql.enabled, false)
          database = try(x1.postgresql.database, "")
          env = {
            host     = try(x1.postgresql.env.host, "PGHOST")
            port     = try(x1.postgresql.env.port, "PGPORT")
            database = try(x1.postgresql.env.database, "PGDATABASE")
            user     = try(x1.postgresql.env.user, "PGUSER")
            password = try(x1.postgresql.env.password, "PGPASSWORD")
          }
        }
        kafka = {
          enabled = try(x1.kafka.enabled, false)
          env = {
            bootstrapServers = try(x1.kafka.env.bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS")
          }
        }
        redis = {
          enabled = try(x1.redis.enabled, false)
          role    = try(x1.redis.role, "primary")
          env = {
            host     = try(x1.redis.env.host, "REDIS_HOST")
            port     = try(x1.redis.env.port, "REDIS_PORT")
            password = try(x1.redis.env.password, "REDIS_PASSWORD")
          }
        }
        metrics = {
          enabled = try(x1.metrics.enabled, false)
          port    = try(x1.metrics.port, null)
          path    = try(x1.metrics.path, "/metrics")
          serviceMonitor = {
            enabled       = try(x1.metrics.serviceMonitor.enabled, false)
            interval      = try(x1.metrics.serviceMonitor.interval, "30s")
            scrapeTimeout = try(x1.metrics.serviceMonitor.scrapeTimeout, "")
            labels        = try(x1.metrics.serviceMonitor.labels, {})
          }
        }
        grafanaDashboard = {
          enabled = try(x1.grafanaDashboard.enabled, false)
          json    = try(x1.grafanaDashboard.json, "{}")
          labels  = try(x1.grafanaDashboard.labels, {})
          folder  = try(x1.grafanaDashboard.folder, "")
        }
        job = {
          backoffLimit            = try(x1.job.backoffLimit, 6)
          activeDeadlineSeconds   = try(x1.job.activeDeadlineSeconds, null)
          ttlSecondsAfterFinished = try(x1.job.ttlSecondsAfterFinished, null)
          restartPolicy           = try(x1.job.restartPolicy, "OnFailure")
          before                  = try(x1.job.before, [])
        }
        cronJob = {
          schedule                   = try(x1.cronJob.schedule, "")
          timeZone                   = try(x1.cronJob.timeZone, "")
          concurrencyPolicy          = try(x1.cronJob.concurrencyPolicy, "Forbid")
          suspend                    = try(x1.cronJob.suspend, false)
          startingDeadlineSeconds    = try(x1.cronJob.startingDeadlineSeconds, null)
          successfulJobsHistoryLimit = try(x1.cronJob.successfulJobsHistoryLimit, 3)
          failedJobsHistoryLimit     = try(x1.cronJob.failedJobsHistoryLimit, 1)
        }
      }
    }
    networkPolicy = {
      enabled = try(var.networkPolicy.enabled, false)
      ingressController = {
        namespace = try(var.networkPolicy.ingressController.namespace, "ingress-nginx")
        podLabels = try(var.networkPolicy.ingressController.podLabels, {})
      }
      dns = {
        namespace = try(var.networkPolicy.dns.namespace, "kube-system")
        podLabels = try(var.networkPolicy.dns.podLabels, {})
      }
      prometheus = {
        namespace = try(var.networkPolicy.prometheus.namespace, "monitoring")
        podLabels = try(var.networkPolicy.prometheus.podLabels, {})
      }
    }
    extraObjects = var.extraObjects
  }
}
