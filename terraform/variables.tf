# Generated from composer/settings.schema.json by `python -m composer generate`; do not edit.

# The settings (docs/settings.md), passed to modules/realtime-svg unchanged: it
# holds their defaults and checks. null (or leaving one out) means the default.

variable "enabled" {
  description = "Install the realtime-svg app (the Deployment, Service, ConfigMap, Secret and the redis and ingress components that the other top-level keys describe). false: only the `workloads` of the system, for a system that is not realtime-svg; redis.* and ingress.* are then not used. Default: true."
  type        = any
  default     = null
}

variable "name" {
  description = "Name of every object (the app's Deployment, Service, ServiceAccount and PodDisruptionBudget; `<name>-config`, `<name>-secret`, `<name>-redis`) and the value of the `app` selector label. Allowed: a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 57 characters (room for the '-redis' suffix). Default: \"realtime-svg\"."
  type        = any
  default     = null
}

variable "namespace" {
  description = "Namespace of every object. Empty: no namespace field, so the tool's own namespace is used (kubectl's current namespace, the Helm release namespace, `default` for Terraform and Pulumi). Allowed: empty, or a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Default: \"default\"."
  type        = any
  default     = null
}

variable "replicas" {
  description = "Number of realtime-svg pods. The PodDisruptionBudget is created only when replicas > podDisruptionBudget.minAvailable. Default: 2."
  type        = any
  default     = null
}

variable "image" {
  description = "Image of the realtime-svg container. Default: {\"repository\": \"ghcr.io/egoavara/realtime-svg\", \"tag\": \"v0.1.4\", \"pullPolicy\": \"IfNotPresent\"}."
  type        = any
  default     = null
}

variable "imagePullSecrets" {
  description = "Names of existing Secrets of type kubernetes.io/dockerconfigjson used to pull the images. Default: []."
  type        = any
  default     = null
}

variable "jobWait" {
  description = "The init container `wait-for-jobs` of a workload named in a Job's job.before: `kubectl wait --for=condition=complete` on those Jobs, with a token of the workload's own ServiceAccount. Default: {\"image\": {\"repository\": \"registry.k8s.io/kubectl\", \"tag\": \"v1.35.0\", \"pullPolicy\": \"IfNotPresent\"}}."
  type        = any
  default     = null
}

variable "resources" {
  description = "CPU and memory requests and limits of the realtime-svg container. Default: {\"requests\": {\"cpu\": \"100m\", \"memory\": \"128Mi\"}, \"limits\": {\"cpu\": \"500m\", \"memory\": \"512Mi\"}}."
  type        = any
  default     = null
}

variable "service" {
  description = "The app's Service. Default: {\"type\": \"ClusterIP\", \"port\": 8080, \"nodePort\": null}."
  type        = any
  default     = null
}

variable "config" {
  description = "Non-secret configuration, delivered through the ConfigMap `<name>-config`. Default: {\"logLevel\": \"info\"}."
  type        = any
  default     = null
}

variable "secrets" {
  description = "Secret values, delivered through the Secret `<name>-secret`. Never commit real values: prefer existingSecret. Default: {\"apiKey\": \"\", \"existingSecret\": \"\"}."
  type        = any
  default     = null
}

variable "redis" {
  description = "Where the app and the workloads keep their Redis state. enabled: an in-cluster Redis primary, in memory (development and tests) or with persistence; optionally read replicas and a separate cache. Disabled: an external Redis at redis.host (recommended for production). Default: {\"enabled\": true, \"host\": \"\", \"port\": 6379, \"password\": \"\", \"existingSecret\": \"\", \"image\": {\"repository\": \"redis\", \"tag\": \"7-alpine\", \"pullPolicy\": \"IfNotPresent\"}, \"resources\": {\"requests\": {\"cpu\": \"100m\", \"memory\": \"128Mi\"}, \"limits\": {\"cpu\": \"200m\", \"memory\": \"256Mi\"}}, \"persistence\": {\"enabled\": false, \"size\": \"1Gi\", \"storageClassName\": \"\", \"accessMode\": \"ReadWriteOnce\"}, \"replica\": {\"count\": 0, \"resources\": {\"requests\": {\"cpu\": \"100m\", \"memory\": \"128Mi\"}, \"limits\": {\"cpu\": \"200m\", \"memory\": \"256Mi\"}}}, \"cache\": {\"enabled\": false, \"maxmemory\": \"64mb\", \"maxmemoryPolicy\": \"allkeys-lru\", \"resources\": {\"requests\": {\"cpu\": \"100m\", \"memory\": \"128Mi\"}, \"limits\": {\"cpu\": \"200m\", \"memory\": \"256Mi\"}}}}."
  type        = any
  default     = null
}

variable "ingress" {
  description = "A networking.k8s.io/v1 Ingress in front of the Service (components/ingress). Default: {\"enabled\": false, \"className\": \"\", \"host\": \"\", \"path\": \"/\", \"annotations\": {}, \"tls\": {\"enabled\": false, \"secretName\": \"\"}}."
  type        = any
  default     = null
}

variable "podDisruptionBudget" {
  description = "PodDisruptionBudget of the app, created only when it cannot block a node drain (replicas > minAvailable). Default: {\"enabled\": true, \"minAvailable\": 1}."
  type        = any
  default     = null
}

variable "nodeSelector" {
  description = "nodeSelector of the app's pods. Default: {}."
  type        = any
  default     = null
}

variable "tolerations" {
  description = "Tolerations of the app's pods (Kubernetes Toleration objects). Default: []."
  type        = any
  default     = null
}

variable "affinity" {
  description = "Affinity of the app's pods (a Kubernetes Affinity object). Default: {}."
  type        = any
  default     = null
}

variable "postgresql" {
  description = "PostgreSQL for the workloads (specs 002-004). enabled: an in-cluster server. Disabled with host set: an external server. Workloads that use it say so in workloads.<name>.postgresql; their environment gets its address and credentials by reference. Default: {\"enabled\": false, \"host\": \"\", \"port\": 5432, \"user\": \"app\", \"password\": \"\", \"existingSecret\": \"\", \"databases\": {}, \"image\": {\"repository\": \"postgres\", \"tag\": \"15-alpine\", \"pullPolicy\": \"IfNotPresent\"}, \"resources\": {\"requests\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"}, \"limits\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}, \"securityContext\": {\"runAsUser\": 70, \"runAsGroup\": 70, \"fsGroup\": 70}, \"storage\": {\"size\": \"8Gi\", \"storageClassName\": \"\", \"accessMode\": \"ReadWriteOnce\"}}."
  type        = any
  default     = null
}

variable "kafka" {
  description = "Kafka for the workloads (specs 003-004), in KRaft mode: ZooKeeper was removed in Kafka 4.0, so spec 003's ZooKeeper is replaced by KRaft controllers running in the broker pods. enabled: an in-cluster Kafka. Disabled with bootstrapServers set: an external one. Workloads that use it say so in workloads.<name>.kafka; their environment gets the bootstrap address by reference. Default: {\"enabled\": false, \"nodes\": 1, \"bootstrapServers\": \"\", \"clusterId\": \"5L6g3nShT-eMCtK--X86sw\", \"image\": {\"repository\": \"apache/kafka\", \"tag\": \"4.1.0\", \"pullPolicy\": \"IfNotPresent\"}, \"resources\": {\"requests\": {\"cpu\": \"250m\", \"memory\": \"768Mi\"}, \"limits\": {\"cpu\": \"1\", \"memory\": \"1536Mi\"}}, \"securityContext\": {\"runAsUser\": 1000, \"runAsGroup\": 1000, \"fsGroup\": 1000}, \"storage\": {\"size\": \"8Gi\", \"storageClassName\": \"\", \"accessMode\": \"ReadWriteOnce\"}}."
  type        = any
  default     = null
}

variable "workloads" {
  description = "Further workloads of the system, by name: each is a Deployment with its ServiceAccount, Service, optional Ingress, HorizontalPodAutoscaler and PodDisruptionBudget, and a generated ConfigMap and Secret holding its environment (workloads/ in the repository). The name names every object of the workload and is the `app` selector label. Default: {}."
  type        = any
  default     = null
}

variable "networkPolicy" {
  description = "NetworkPolicies (spec 004 phase 1): deny all ingress and egress of the pods in the namespace by default, allow DNS, and allow exactly the connections the settings wire (a workload to its PostgreSQL, the PostgreSQL init Job to its server, a workload to another it names by serviceUrlOf, the ingress controller to routed pods, the realtime-svg app and the workloads to their Redis role, the workloads to Kafka and the Kafka nodes to each other, Prometheus to the metrics port of workloads with a ServiceMonitor). An external data service (host set) is allowed as egress to its port on any address (ipBlock 0.0.0.0/0). Enforced only where the cluster's network plugin implements NetworkPolicy. Default: {\"enabled\": false, \"ingressController\": {\"namespace\": \"ingress-nginx\", \"podLabels\": {\"app.kubernetes.io/name\": \"ingress-nginx\"}}, \"dns\": {\"namespace\": \"kube-system\", \"podLabels\": {\"k8s-app\": \"kube-dns\"}}, \"prometheus\": {\"namespace\": \"monitoring\", \"podLabels\": {\"app.kubernetes.io/name\": \"prometheus\"}}}."
  type        = any
  default     = null
}

variable "extraObjects" {
  description = "Objects of your own, for what the settings cannot express (a LimitRange, an Issuer, a PodMonitor, ...): every route adds each one as it is written, in the system's namespace, and removes it on uninstall. Each has apiVersion, kind and metadata.name; metadata.namespace is left out (the system's is set), and cluster-scoped kinds are refused. Default: []."
  type        = any
  default     = null
}

variable "kubeconfig_path" {
  description = "Path of the kubeconfig file of the cluster to install into."
  type        = string
  default     = "~/.kube/config"
  nullable    = false
}

variable "kube_context" {
  description = "Context of that kubeconfig to use. null: its current context."
  type        = string
  default     = null
}
