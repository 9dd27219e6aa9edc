# Generated from composer/settings.schema.json by `python -m composer generate`; do not edit.

# One variable per top-level setting: the names, nesting and defaults of
# docs/settings.md. Nested keys left out take their defaults one by one. Every
# check of the settings schema is a validation block below, with its wording.

variable "name" {
  description = "Name of every object (the app's Deployment, Service, ServiceAccount and PodDisruptionBudget; `<name>-config`, `<name>-secret`, `<name>-redis`) and the value of the `app` selector label. Allowed: a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 57 characters (room for the '-redis' suffix)."
  type        = any
  default     = "realtime-svg"
  nullable    = false

  validation {
    condition = alltrue([
      # name: a string
      try(substr(jsonencode(var.name), 0, 1) == "\"", false),
      # name: pattern
      !(substr(jsonencode(var.name), 0, 1) == "\"") || try(can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name)), false),
      # name: at most 57 characters
      !(substr(jsonencode(var.name), 0, 1) == "\"") || try(length(var.name) <= 57, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.name), 0, 1) == "\"", false) ? "" : "name: ${length(jsonencode(var.name)) <= 80 ? jsonencode(var.name) : "${substr(jsonencode(var.name), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.name), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.name))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(var.name), 0, 1) == "\"") || try(can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name)), false) ? "" : "name: ${length(jsonencode(var.name)) <= 80 ? jsonencode(var.name) : "${substr(jsonencode(var.name), 0, 77)}..."} is invalid; allowed: a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 57 characters (room for the '-redis' suffix)",
      !(substr(jsonencode(var.name), 0, 1) == "\"") || try(length(var.name) <= 57, false) ? "" : "name: ${length(jsonencode(var.name)) <= 80 ? jsonencode(var.name) : "${substr(jsonencode(var.name), 0, 77)}..."} is too long; allowed: a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 57 characters (room for the '-redis' suffix)",
    ])))
  }
}

variable "namespace" {
  description = "Namespace of every object. Empty: no namespace field, so the tool's own namespace is used (kubectl's current namespace, the Helm release namespace, `default` for Terraform and Pulumi). Allowed: empty, or a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Terraform: empty or \"default\" both mean the namespace `default`."
  type        = any
  default     = "default"
  nullable    = false

  validation {
    condition = alltrue([
      # namespace: a string
      try(substr(jsonencode(var.namespace), 0, 1) == "\"", false),
      # namespace: pattern
      !(substr(jsonencode(var.namespace), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$", var.namespace)), false),
      # namespace: at most 63 characters
      !(substr(jsonencode(var.namespace), 0, 1) == "\"") || try(length(var.namespace) <= 63, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.namespace), 0, 1) == "\"", false) ? "" : "namespace: ${length(jsonencode(var.namespace)) <= 80 ? jsonencode(var.namespace) : "${substr(jsonencode(var.namespace), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.namespace), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.namespace))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(var.namespace), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$", var.namespace)), false) ? "" : "namespace: ${length(jsonencode(var.namespace)) <= 80 ? jsonencode(var.namespace) : "${substr(jsonencode(var.namespace), 0, 77)}..."} is invalid; allowed: empty, or a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
      !(substr(jsonencode(var.namespace), 0, 1) == "\"") || try(length(var.namespace) <= 63, false) ? "" : "namespace: ${length(jsonencode(var.namespace)) <= 80 ? jsonencode(var.namespace) : "${substr(jsonencode(var.namespace), 0, 77)}..."} is too long; allowed: empty, or a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
    ])))
  }
}

variable "replicas" {
  description = "Number of realtime-svg pods. The PodDisruptionBudget is created only when replicas > podDisruptionBudget.minAvailable."
  type        = any
  default     = 2
  nullable    = false

  validation {
    condition = alltrue([
      # replicas: an integer
      try(can(regex("^-?[0-9]+$", jsonencode(var.replicas))), false),
      # replicas: from 0 to 1000
      !(can(regex("^-?[0-9]", jsonencode(var.replicas)))) || try(var.replicas >= 0 && var.replicas <= 1000, false),
    ])
    error_message = join("\n", sort(compact([
      try(can(regex("^-?[0-9]+$", jsonencode(var.replicas))), false) ? "" : "replicas: ${length(jsonencode(var.replicas)) <= 80 ? jsonencode(var.replicas) : "${substr(jsonencode(var.replicas), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.replicas), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.replicas))) ? "an integer" : "a number")}; allowed: an integer",
      !(can(regex("^-?[0-9]", jsonencode(var.replicas)))) || try(var.replicas >= 0 && var.replicas <= 1000, false) ? "" : "replicas: ${length(jsonencode(var.replicas)) <= 80 ? jsonencode(var.replicas) : "${substr(jsonencode(var.replicas), 0, 77)}..."} is out of range; allowed: an integer from 0 to 1000",
    ])))
  }
}

variable "image" {
  description = "Image of the realtime-svg container."
  type        = any
  default = {
    repository = "ghcr.io/egoavara/realtime-svg"
    tag        = "v0.1.4"
    pullPolicy = "IfNotPresent"
  }
  nullable = false

  validation {
    condition = alltrue([
      # image: a mapping
      try(substr(jsonencode(var.image), 0, 1) == "{", false),
      # image: no other keys
      !(substr(jsonencode(var.image), 0, 1) == "{") || try(length(setsubtract(keys(var.image), ["repository", "tag", "pullPolicy"])) == 0, false),
      # image.repository: a string
      try(substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 1) == "\"", false),
      # image.repository: pattern
      !(substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 1) == "\"") || try(can(regex("^[a-z0-9]+([._/:-][a-z0-9]+)*$", try(var.image.repository, "ghcr.io/egoavara/realtime-svg"))) && length(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")) >= 1, false),
      # image.repository: at most 255 characters
      !(substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 1) == "\"") || try(length(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")) <= 255, false),
      # image.tag: a string
      try(substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 1) == "\"", false),
      # image.tag: pattern
      !(substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 1) == "\"") || try(can(regex("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", try(var.image.tag, "v0.1.4"))) && length(try(var.image.tag, "v0.1.4")) >= 1, false),
      # image.tag: at most 63 characters
      !(substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 1) == "\"") || try(length(try(var.image.tag, "v0.1.4")) <= 63, false),
      # image.pullPolicy: a string
      try(substr(jsonencode(try(var.image.pullPolicy, "IfNotPresent")), 0, 1) == "\"", false),
      # image.pullPolicy: one of Always, IfNotPresent, Never
      try(contains(["Always", "IfNotPresent", "Never"], try(var.image.pullPolicy, "IfNotPresent")), false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.image), 0, 1) == "{", false) ? "" : "image: ${length(jsonencode(var.image)) <= 80 ? jsonencode(var.image) : "${substr(jsonencode(var.image), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.image), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.image))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.image), 0, 1) == "{") || try(length(setsubtract(keys(var.image), ["repository", "tag", "pullPolicy"])) == 0, false) ? "" : "image.${try(sort(setsubtract(keys(var.image), ["repository", "tag", "pullPolicy"]))[0], "?")}: unknown key; allowed keys here: repository, tag, pullPolicy",
      try(substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 1) == "\"", false) ? "" : "image.repository: ${length(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg"))) <= 80 ? jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")) : "${substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 1) == "\"") || try(can(regex("^[a-z0-9]+([._/:-][a-z0-9]+)*$", try(var.image.repository, "ghcr.io/egoavara/realtime-svg"))) && length(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")) >= 1, false) ? "" : "image.repository: ${length(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg"))) <= 80 ? jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")) : "${substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 77)}..."} is invalid; allowed: an image reference without tag, such as ghcr.io/egoavara/realtime-svg",
      !(substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 1) == "\"") || try(length(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")) <= 255, false) ? "" : "image.repository: ${length(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg"))) <= 80 ? jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")) : "${substr(jsonencode(try(var.image.repository, "ghcr.io/egoavara/realtime-svg")), 0, 77)}..."} is too long; allowed: an image reference without tag, such as ghcr.io/egoavara/realtime-svg",
      try(substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 1) == "\"", false) ? "" : "image.tag: ${length(jsonencode(try(var.image.tag, "v0.1.4"))) <= 80 ? jsonencode(try(var.image.tag, "v0.1.4")) : "${substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.image.tag, "v0.1.4")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 1) == "\"") || try(can(regex("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", try(var.image.tag, "v0.1.4"))) && length(try(var.image.tag, "v0.1.4")) >= 1, false) ? "" : "image.tag: ${length(jsonencode(try(var.image.tag, "v0.1.4"))) <= 80 ? jsonencode(try(var.image.tag, "v0.1.4")) : "${substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 77)}..."} is invalid; allowed: an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters",
      !(substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 1) == "\"") || try(length(try(var.image.tag, "v0.1.4")) <= 63, false) ? "" : "image.tag: ${length(jsonencode(try(var.image.tag, "v0.1.4"))) <= 80 ? jsonencode(try(var.image.tag, "v0.1.4")) : "${substr(jsonencode(try(var.image.tag, "v0.1.4")), 0, 77)}..."} is too long; allowed: an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters",
      try(substr(jsonencode(try(var.image.pullPolicy, "IfNotPresent")), 0, 1) == "\"", false) ? "" : "image.pullPolicy: ${length(jsonencode(try(var.image.pullPolicy, "IfNotPresent"))) <= 80 ? jsonencode(try(var.image.pullPolicy, "IfNotPresent")) : "${substr(jsonencode(try(var.image.pullPolicy, "IfNotPresent")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.image.pullPolicy, "IfNotPresent")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.image.pullPolicy, "IfNotPresent")))) ? "an integer" : "a number")}; allowed: a string",
      try(contains(["Always", "IfNotPresent", "Never"], try(var.image.pullPolicy, "IfNotPresent")), false) ? "" : "image.pullPolicy: ${length(jsonencode(try(var.image.pullPolicy, "IfNotPresent"))) <= 80 ? jsonencode(try(var.image.pullPolicy, "IfNotPresent")) : "${substr(jsonencode(try(var.image.pullPolicy, "IfNotPresent")), 0, 77)}..."} is not allowed; allowed: one of Always, IfNotPresent, Never",
    ])))
  }
}

variable "imagePullSecrets" {
  description = "Names of existing Secrets of type kubernetes.io/dockerconfigjson used to pull the images."
  type        = any
  default     = []
  nullable    = false

  validation {
    condition = alltrue([
      # imagePullSecrets: a list
      try(substr(jsonencode(var.imagePullSecrets), 0, 1) == "[", false),
      # imagePullSecrets[*]: a string
      !(substr(jsonencode(var.imagePullSecrets), 0, 1) == "[") || try(length([for i, x in var.imagePullSecrets : i if !(try(substr(jsonencode(x), 0, 1) == "\"", false))]) == 0, false),
      # imagePullSecrets[*]: pattern
      !(substr(jsonencode(var.imagePullSecrets), 0, 1) == "[") || try(length([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", x)) && length(x) >= 1, false))]) == 0, false),
      # imagePullSecrets[*]: at most 253 characters
      !(substr(jsonencode(var.imagePullSecrets), 0, 1) == "[") || try(length([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(length(x) <= 253, false))]) == 0, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.imagePullSecrets), 0, 1) == "[", false) ? "" : "imagePullSecrets: ${length(jsonencode(var.imagePullSecrets)) <= 80 ? jsonencode(var.imagePullSecrets) : "${substr(jsonencode(var.imagePullSecrets), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.imagePullSecrets), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.imagePullSecrets))) ? "an integer" : "a number")}; allowed: a list",
      !(substr(jsonencode(var.imagePullSecrets), 0, 1) == "[") || try(length([for i, x in var.imagePullSecrets : i if !(try(substr(jsonencode(x), 0, 1) == "\"", false))]) == 0, false) ? "" : "imagePullSecrets[${try([for i, x in var.imagePullSecrets : i if !(try(substr(jsonencode(x), 0, 1) == "\"", false))][0], "?")}]: ${length(jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(try(substr(jsonencode(x), 0, 1) == "\"", false))][0], "?")], null))) <= 80 ? jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(try(substr(jsonencode(x), 0, 1) == "\"", false))][0], "?")], null)) : "${substr(jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(try(substr(jsonencode(x), 0, 1) == "\"", false))][0], "?")], null)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(try(substr(jsonencode(x), 0, 1) == "\"", false))][0], "?")], null)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(try(substr(jsonencode(x), 0, 1) == "\"", false))][0], "?")], null)))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(var.imagePullSecrets), 0, 1) == "[") || try(length([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", x)) && length(x) >= 1, false))]) == 0, false) ? "" : "imagePullSecrets[${try([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", x)) && length(x) >= 1, false))][0], "?")}]: ${length(jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", x)) && length(x) >= 1, false))][0], "?")], null))) <= 80 ? jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", x)) && length(x) >= 1, false))][0], "?")], null)) : "${substr(jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", x)) && length(x) >= 1, false))][0], "?")], null)), 0, 77)}..."} is invalid; allowed: a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
      !(substr(jsonencode(var.imagePullSecrets), 0, 1) == "[") || try(length([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(length(x) <= 253, false))]) == 0, false) ? "" : "imagePullSecrets[${try([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(length(x) <= 253, false))][0], "?")}]: ${length(jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(length(x) <= 253, false))][0], "?")], null))) <= 80 ? jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(length(x) <= 253, false))][0], "?")], null)) : "${substr(jsonencode(try(var.imagePullSecrets[try([for i, x in var.imagePullSecrets : i if !(!(substr(jsonencode(x), 0, 1) == "\"") || try(length(x) <= 253, false))][0], "?")], null)), 0, 77)}..."} is too long; allowed: a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    ])))
  }
}

variable "resources" {
  description = "CPU and memory requests and limits of the realtime-svg container."
  type        = any
  default = {
    requests = {
      cpu    = "100m"
      memory = "128Mi"
    }
    limits = {
      cpu    = "500m"
      memory = "512Mi"
    }
  }
  nullable = false

  validation {
    condition = alltrue([
      # resources: a mapping
      try(substr(jsonencode(var.resources), 0, 1) == "{", false),
      # resources: no other keys
      !(substr(jsonencode(var.resources), 0, 1) == "{") || try(length(setsubtract(keys(var.resources), ["requests", "limits"])) == 0, false),
      # resources.requests: a mapping
      try(substr(jsonencode(try(var.resources.requests, {})), 0, 1) == "{", false),
      # resources.requests: no other keys
      !(substr(jsonencode(try(var.resources.requests, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.resources.requests, {})), ["cpu", "memory"])) == 0, false),
      # resources.requests.cpu: a string
      try(substr(jsonencode(try(var.resources.requests.cpu, "100m")), 0, 1) == "\"", false),
      # resources.requests.cpu: pattern
      !(substr(jsonencode(try(var.resources.requests.cpu, "100m")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.resources.requests.cpu, "100m"))), false),
      # resources.requests.memory: a string
      try(substr(jsonencode(try(var.resources.requests.memory, "128Mi")), 0, 1) == "\"", false),
      # resources.requests.memory: pattern
      !(substr(jsonencode(try(var.resources.requests.memory, "128Mi")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.resources.requests.memory, "128Mi"))), false),
      # resources.limits: a mapping
      try(substr(jsonencode(try(var.resources.limits, {})), 0, 1) == "{", false),
      # resources.limits: no other keys
      !(substr(jsonencode(try(var.resources.limits, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.resources.limits, {})), ["cpu", "memory"])) == 0, false),
      # resources.limits.cpu: a string
      try(substr(jsonencode(try(var.resources.limits.cpu, "500m")), 0, 1) == "\"", false),
      # resources.limits.cpu: pattern
      !(substr(jsonencode(try(var.resources.limits.cpu, "500m")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.resources.limits.cpu, "500m"))), false),
      # resources.limits.memory: a string
      try(substr(jsonencode(try(var.resources.limits.memory, "512Mi")), 0, 1) == "\"", false),
      # resources.limits.memory: pattern
      !(substr(jsonencode(try(var.resources.limits.memory, "512Mi")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.resources.limits.memory, "512Mi"))), false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.resources), 0, 1) == "{", false) ? "" : "resources: ${length(jsonencode(var.resources)) <= 80 ? jsonencode(var.resources) : "${substr(jsonencode(var.resources), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.resources), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.resources))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.resources), 0, 1) == "{") || try(length(setsubtract(keys(var.resources), ["requests", "limits"])) == 0, false) ? "" : "resources.${try(sort(setsubtract(keys(var.resources), ["requests", "limits"]))[0], "?")}: unknown key; allowed keys here: requests, limits",
      try(substr(jsonencode(try(var.resources.requests, {})), 0, 1) == "{", false) ? "" : "resources.requests: ${length(jsonencode(try(var.resources.requests, {}))) <= 80 ? jsonencode(try(var.resources.requests, {})) : "${substr(jsonencode(try(var.resources.requests, {})), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.resources.requests, {})), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.resources.requests, {})))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(try(var.resources.requests, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.resources.requests, {})), ["cpu", "memory"])) == 0, false) ? "" : "resources.requests.${try(sort(setsubtract(keys(try(var.resources.requests, {})), ["cpu", "memory"]))[0], "?")}: unknown key; allowed keys here: cpu, memory",
      try(substr(jsonencode(try(var.resources.requests.cpu, "100m")), 0, 1) == "\"", false) ? "" : "resources.requests.cpu: ${length(jsonencode(try(var.resources.requests.cpu, "100m"))) <= 80 ? jsonencode(try(var.resources.requests.cpu, "100m")) : "${substr(jsonencode(try(var.resources.requests.cpu, "100m")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.resources.requests.cpu, "100m")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.resources.requests.cpu, "100m")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.resources.requests.cpu, "100m")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.resources.requests.cpu, "100m"))), false) ? "" : "resources.requests.cpu: ${length(jsonencode(try(var.resources.requests.cpu, "100m"))) <= 80 ? jsonencode(try(var.resources.requests.cpu, "100m")) : "${substr(jsonencode(try(var.resources.requests.cpu, "100m")), 0, 77)}..."} is invalid; allowed: a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi",
      try(substr(jsonencode(try(var.resources.requests.memory, "128Mi")), 0, 1) == "\"", false) ? "" : "resources.requests.memory: ${length(jsonencode(try(var.resources.requests.memory, "128Mi"))) <= 80 ? jsonencode(try(var.resources.requests.memory, "128Mi")) : "${substr(jsonencode(try(var.resources.requests.memory, "128Mi")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.resources.requests.memory, "128Mi")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.resources.requests.memory, "128Mi")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.resources.requests.memory, "128Mi")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.resources.requests.memory, "128Mi"))), false) ? "" : "resources.requests.memory: ${length(jsonencode(try(var.resources.requests.memory, "128Mi"))) <= 80 ? jsonencode(try(var.resources.requests.memory, "128Mi")) : "${substr(jsonencode(try(var.resources.requests.memory, "128Mi")), 0, 77)}..."} is invalid; allowed: a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi",
      try(substr(jsonencode(try(var.resources.limits, {})), 0, 1) == "{", false) ? "" : "resources.limits: ${length(jsonencode(try(var.resources.limits, {}))) <= 80 ? jsonencode(try(var.resources.limits, {})) : "${substr(jsonencode(try(var.resources.limits, {})), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.resources.limits, {})), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.resources.limits, {})))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(try(var.resources.limits, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.resources.limits, {})), ["cpu", "memory"])) == 0, false) ? "" : "resources.limits.${try(sort(setsubtract(keys(try(var.resources.limits, {})), ["cpu", "memory"]))[0], "?")}: unknown key; allowed keys here: cpu, memory",
      try(substr(jsonencode(try(var.resources.limits.cpu, "500m")), 0, 1) == "\"", false) ? "" : "resources.limits.cpu: ${length(jsonencode(try(var.resources.limits.cpu, "500m"))) <= 80 ? jsonencode(try(var.resources.limits.cpu, "500m")) : "${substr(jsonencode(try(var.resources.limits.cpu, "500m")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.resources.limits.cpu, "500m")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.resources.limits.cpu, "500m")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.resources.limits.cpu, "500m")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.resources.limits.cpu, "500m"))), false) ? "" : "resources.limits.cpu: ${length(jsonencode(try(var.resources.limits.cpu, "500m"))) <= 80 ? jsonencode(try(var.resources.limits.cpu, "500m")) : "${substr(jsonencode(try(var.resources.limits.cpu, "500m")), 0, 77)}..."} is invalid; allowed: a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi",
      try(substr(jsonencode(try(var.resources.limits.memory, "512Mi")), 0, 1) == "\"", false) ? "" : "resources.limits.memory: ${length(jsonencode(try(var.resources.limits.memory, "512Mi"))) <= 80 ? jsonencode(try(var.resources.limits.memory, "512Mi")) : "${substr(jsonencode(try(var.resources.limits.memory, "512Mi")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.resources.limits.memory, "512Mi")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.resources.limits.memory, "512Mi")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.resources.limits.memory, "512Mi")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.resources.limits.memory, "512Mi"))), false) ? "" : "resources.limits.memory: ${length(jsonencode(try(var.resources.limits.memory, "512Mi"))) <= 80 ? jsonencode(try(var.resources.limits.memory, "512Mi")) : "${substr(jsonencode(try(var.resources.limits.memory, "512Mi")), 0, 77)}..."} is invalid; allowed: a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi",
    ])))
  }
}

variable "service" {
  description = "The app's Service."
  type        = any
  default = {
    type     = "ClusterIP"
    port     = 8080
    nodePort = null
  }
  nullable = false

  validation {
    condition = alltrue([
      # service: a mapping
      try(substr(jsonencode(var.service), 0, 1) == "{", false),
      # service: no other keys
      !(substr(jsonencode(var.service), 0, 1) == "{") || try(length(setsubtract(keys(var.service), ["type", "port", "nodePort"])) == 0, false),
      # service.type: a string
      try(substr(jsonencode(try(var.service.type, "ClusterIP")), 0, 1) == "\"", false),
      # service.type: one of ClusterIP, NodePort, LoadBalancer
      try(contains(["ClusterIP", "NodePort", "LoadBalancer"], try(var.service.type, "ClusterIP")), false),
      # service.port: an integer
      try(can(regex("^-?[0-9]+$", jsonencode(try(var.service.port, 8080)))), false),
      # service.port: from 1 to 65535
      !(can(regex("^-?[0-9]", jsonencode(try(var.service.port, 8080))))) || try(try(var.service.port, 8080) >= 1 && try(var.service.port, 8080) <= 65535, false),
      # service.nodePort: an integer or null
      try(can(regex("^-?[0-9]+$", jsonencode(try(var.service.nodePort, null)))) || jsonencode(try(var.service.nodePort, null)) == "null", false),
      # service.nodePort: from 30000 to 32767
      !(can(regex("^-?[0-9]", jsonencode(try(var.service.nodePort, null))))) || try(try(var.service.nodePort, null) >= 30000 && try(var.service.nodePort, null) <= 32767, false),
      # service.nodePort: null (when service.type is "ClusterIP")
      !(try(try(var.service.type, "ClusterIP") == "ClusterIP", false)) || try(jsonencode(try(var.service.nodePort, null)) == "null", false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.service), 0, 1) == "{", false) ? "" : "service: ${length(jsonencode(var.service)) <= 80 ? jsonencode(var.service) : "${substr(jsonencode(var.service), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.service), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.service))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.service), 0, 1) == "{") || try(length(setsubtract(keys(var.service), ["type", "port", "nodePort"])) == 0, false) ? "" : "service.${try(sort(setsubtract(keys(var.service), ["type", "port", "nodePort"]))[0], "?")}: unknown key; allowed keys here: type, port, nodePort",
      try(substr(jsonencode(try(var.service.type, "ClusterIP")), 0, 1) == "\"", false) ? "" : "service.type: ${length(jsonencode(try(var.service.type, "ClusterIP"))) <= 80 ? jsonencode(try(var.service.type, "ClusterIP")) : "${substr(jsonencode(try(var.service.type, "ClusterIP")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.service.type, "ClusterIP")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.service.type, "ClusterIP")))) ? "an integer" : "a number")}; allowed: a string",
      try(contains(["ClusterIP", "NodePort", "LoadBalancer"], try(var.service.type, "ClusterIP")), false) ? "" : "service.type: ${length(jsonencode(try(var.service.type, "ClusterIP"))) <= 80 ? jsonencode(try(var.service.type, "ClusterIP")) : "${substr(jsonencode(try(var.service.type, "ClusterIP")), 0, 77)}..."} is not allowed; allowed: one of ClusterIP, NodePort, LoadBalancer",
      try(can(regex("^-?[0-9]+$", jsonencode(try(var.service.port, 8080)))), false) ? "" : "service.port: ${length(jsonencode(try(var.service.port, 8080))) <= 80 ? jsonencode(try(var.service.port, 8080)) : "${substr(jsonencode(try(var.service.port, 8080)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.service.port, 8080)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.service.port, 8080)))) ? "an integer" : "a number")}; allowed: an integer",
      !(can(regex("^-?[0-9]", jsonencode(try(var.service.port, 8080))))) || try(try(var.service.port, 8080) >= 1 && try(var.service.port, 8080) <= 65535, false) ? "" : "service.port: ${length(jsonencode(try(var.service.port, 8080))) <= 80 ? jsonencode(try(var.service.port, 8080)) : "${substr(jsonencode(try(var.service.port, 8080)), 0, 77)}..."} is out of range; allowed: an integer from 1 to 65535",
      try(can(regex("^-?[0-9]+$", jsonencode(try(var.service.nodePort, null)))) || jsonencode(try(var.service.nodePort, null)) == "null", false) ? "" : "service.nodePort: ${length(jsonencode(try(var.service.nodePort, null))) <= 80 ? jsonencode(try(var.service.nodePort, null)) : "${substr(jsonencode(try(var.service.nodePort, null)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.service.nodePort, null)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.service.nodePort, null)))) ? "an integer" : "a number")}; allowed: an integer or null",
      !(can(regex("^-?[0-9]", jsonencode(try(var.service.nodePort, null))))) || try(try(var.service.nodePort, null) >= 30000 && try(var.service.nodePort, null) <= 32767, false) ? "" : "service.nodePort: ${length(jsonencode(try(var.service.nodePort, null))) <= 80 ? jsonencode(try(var.service.nodePort, null)) : "${substr(jsonencode(try(var.service.nodePort, null)), 0, 77)}..."} is out of range; allowed: an integer from 30000 to 32767",
      !(try(try(var.service.type, "ClusterIP") == "ClusterIP", false)) || try(jsonencode(try(var.service.nodePort, null)) == "null", false) ? "" : "service.nodePort: ${length(jsonencode(try(var.service.nodePort, null))) <= 80 ? jsonencode(try(var.service.nodePort, null)) : "${substr(jsonencode(try(var.service.nodePort, null)), 0, 77)}..."} is only allowed when service.type is NodePort or LoadBalancer",
    ])))
  }
}

variable "config" {
  description = "Non-secret configuration, delivered through the ConfigMap `<name>-config`."
  type        = any
  default = {
    logLevel = "info"
  }
  nullable = false

  validation {
    condition = alltrue([
      # config: a mapping
      try(substr(jsonencode(var.config), 0, 1) == "{", false),
      # config: no other keys
      !(substr(jsonencode(var.config), 0, 1) == "{") || try(length(setsubtract(keys(var.config), ["logLevel"])) == 0, false),
      # config.logLevel: a string
      try(substr(jsonencode(try(var.config.logLevel, "info")), 0, 1) == "\"", false),
      # config.logLevel: one of trace, debug, info, warn, error
      try(contains(["trace", "debug", "info", "warn", "error"], try(var.config.logLevel, "info")), false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.config), 0, 1) == "{", false) ? "" : "config: ${length(jsonencode(var.config)) <= 80 ? jsonencode(var.config) : "${substr(jsonencode(var.config), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.config), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.config))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.config), 0, 1) == "{") || try(length(setsubtract(keys(var.config), ["logLevel"])) == 0, false) ? "" : "config.${try(sort(setsubtract(keys(var.config), ["logLevel"]))[0], "?")}: unknown key; allowed keys here: logLevel",
      try(substr(jsonencode(try(var.config.logLevel, "info")), 0, 1) == "\"", false) ? "" : "config.logLevel: ${length(jsonencode(try(var.config.logLevel, "info"))) <= 80 ? jsonencode(try(var.config.logLevel, "info")) : "${substr(jsonencode(try(var.config.logLevel, "info")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.config.logLevel, "info")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.config.logLevel, "info")))) ? "an integer" : "a number")}; allowed: a string",
      try(contains(["trace", "debug", "info", "warn", "error"], try(var.config.logLevel, "info")), false) ? "" : "config.logLevel: ${length(jsonencode(try(var.config.logLevel, "info"))) <= 80 ? jsonencode(try(var.config.logLevel, "info")) : "${substr(jsonencode(try(var.config.logLevel, "info")), 0, 77)}..."} is not allowed; allowed: one of trace, debug, info, warn, error",
    ])))
  }
}

variable "secrets" {
  description = "Secret values, delivered through the Secret `<name>-secret`. Never commit real values: prefer existingSecret."
  type        = any
  default = {
    apiKey         = ""
    existingSecret = ""
  }
  nullable = false

  validation {
    condition = alltrue([
      # secrets: a mapping
      try(substr(jsonencode(var.secrets), 0, 1) == "{", false),
      # secrets: no other keys
      !(substr(jsonencode(var.secrets), 0, 1) == "{") || try(length(setsubtract(keys(var.secrets), ["apiKey", "existingSecret"])) == 0, false),
      # secrets.apiKey: a string
      try(substr(jsonencode(try(var.secrets.apiKey, "")), 0, 1) == "\"", false),
      # secrets.existingSecret: a string
      try(substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 1) == "\"", false),
      # secrets.existingSecret: pattern
      !(substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.secrets.existingSecret, ""))), false),
      # secrets.existingSecret: at most 253 characters
      !(substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 1) == "\"") || try(length(try(var.secrets.existingSecret, "")) <= 253, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.secrets), 0, 1) == "{", false) ? "" : "secrets: ${length(jsonencode(var.secrets)) <= 80 ? jsonencode(var.secrets) : "${substr(jsonencode(var.secrets), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.secrets), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.secrets))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.secrets), 0, 1) == "{") || try(length(setsubtract(keys(var.secrets), ["apiKey", "existingSecret"])) == 0, false) ? "" : "secrets.${try(sort(setsubtract(keys(var.secrets), ["apiKey", "existingSecret"]))[0], "?")}: unknown key; allowed keys here: apiKey, existingSecret",
      try(substr(jsonencode(try(var.secrets.apiKey, "")), 0, 1) == "\"", false) ? "" : "secrets.apiKey: ${length(jsonencode(try(var.secrets.apiKey, ""))) <= 80 ? jsonencode(try(var.secrets.apiKey, "")) : "${substr(jsonencode(try(var.secrets.apiKey, "")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.secrets.apiKey, "")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.secrets.apiKey, "")))) ? "an integer" : "a number")}; allowed: a string",
      try(substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 1) == "\"", false) ? "" : "secrets.existingSecret: ${length(jsonencode(try(var.secrets.existingSecret, ""))) <= 80 ? jsonencode(try(var.secrets.existingSecret, "")) : "${substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.secrets.existingSecret, "")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.secrets.existingSecret, ""))), false) ? "" : "secrets.existingSecret: ${length(jsonencode(try(var.secrets.existingSecret, ""))) <= 80 ? jsonencode(try(var.secrets.existingSecret, "")) : "${substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 77)}..."} is invalid; allowed: empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
      !(substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 1) == "\"") || try(length(try(var.secrets.existingSecret, "")) <= 253, false) ? "" : "secrets.existingSecret: ${length(jsonencode(try(var.secrets.existingSecret, ""))) <= 80 ? jsonencode(try(var.secrets.existingSecret, "")) : "${substr(jsonencode(try(var.secrets.existingSecret, "")), 0, 77)}..."} is too long; allowed: empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    ])))
  }
}

variable "redis" {
  description = "Where the app keeps its state. enabled: an in-cluster Redis that keeps NO data across restarts (development and tests). Disabled: an external Redis at redis.host (recommended for production)."
  type        = any
  default = {
    enabled        = true
    host           = ""
    port           = 6379
    password       = ""
    existingSecret = ""
    image = {
      repository = "redis"
      tag        = "7-alpine"
      pullPolicy = "IfNotPresent"
    }
    resources = {
      requests = {
        cpu    = "100m"
        memory = "128Mi"
      }
      limits = {
        cpu    = "200m"
        memory = "256Mi"
      }
    }
  }
  nullable = false

  validation {
    condition = alltrue([
      # redis: a mapping
      try(substr(jsonencode(var.redis), 0, 1) == "{", false),
      # redis: no other keys
      !(substr(jsonencode(var.redis), 0, 1) == "{") || try(length(setsubtract(keys(var.redis), ["enabled", "host", "port", "password", "existingSecret", "image", "resources"])) == 0, false),
      # redis.enabled: true or false
      try(contains(["true", "false"], jsonencode(try(var.redis.enabled, true))), false),
      # redis.host: a string
      try(substr(jsonencode(try(var.redis.host, "")), 0, 1) == "\"", false),
      # redis.host: pattern
      !(substr(jsonencode(try(var.redis.host, "")), 0, 1) == "\"") || try(can(regex("^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*)?$", try(var.redis.host, ""))), false),
      # redis.host: at most 253 characters
      !(substr(jsonencode(try(var.redis.host, "")), 0, 1) == "\"") || try(length(try(var.redis.host, "")) <= 253, false),
      # redis.port: an integer
      try(can(regex("^-?[0-9]+$", jsonencode(try(var.redis.port, 6379)))), false),
      # redis.port: from 1 to 65535
      !(can(regex("^-?[0-9]", jsonencode(try(var.redis.port, 6379))))) || try(try(var.redis.port, 6379) >= 1 && try(var.redis.port, 6379) <= 65535, false),
      # redis.password: a string
      try(substr(jsonencode(try(var.redis.password, "")), 0, 1) == "\"", false),
      # redis.existingSecret: a string
      try(substr(jsonencode(try(var.redis.existingSecret, "")), 0, 1) == "\"", false),
      # redis.existingSecret: pattern
      !(substr(jsonencode(try(var.redis.existingSecret, "")), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.redis.existingSecret, ""))), false),
      # redis.existingSecret: at most 253 characters
      !(substr(jsonencode(try(var.redis.existingSecret, "")), 0, 1) == "\"") || try(length(try(var.redis.existingSecret, "")) <= 253, false),
      # redis.image: a mapping
      try(substr(jsonencode(try(var.redis.image, {})), 0, 1) == "{", false),
      # redis.image: no other keys
      !(substr(jsonencode(try(var.redis.image, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.redis.image, {})), ["repository", "tag", "pullPolicy"])) == 0, false),
      # redis.image.repository: a string
      try(substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 1) == "\"", false),
      # redis.image.repository: pattern
      !(substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 1) == "\"") || try(can(regex("^[a-z0-9]+([._/:-][a-z0-9]+)*$", try(var.redis.image.repository, "redis"))) && length(try(var.redis.image.repository, "redis")) >= 1, false),
      # redis.image.repository: at most 255 characters
      !(substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 1) == "\"") || try(length(try(var.redis.image.repository, "redis")) <= 255, false),
      # redis.image.tag: a string
      try(substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 1) == "\"", false),
      # redis.image.tag: pattern
      !(substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 1) == "\"") || try(can(regex("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", try(var.redis.image.tag, "7-alpine"))) && length(try(var.redis.image.tag, "7-alpine")) >= 1, false),
      # redis.image.tag: at most 63 characters
      !(substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 1) == "\"") || try(length(try(var.redis.image.tag, "7-alpine")) <= 63, false),
      # redis.image.pullPolicy: a string
      try(substr(jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent")), 0, 1) == "\"", false),
      # redis.image.pullPolicy: one of Always, IfNotPresent, Never
      try(contains(["Always", "IfNotPresent", "Never"], try(var.redis.image.pullPolicy, "IfNotPresent")), false),
      # redis.resources: a mapping
      try(substr(jsonencode(try(var.redis.resources, {})), 0, 1) == "{", false),
      # redis.resources: no other keys
      !(substr(jsonencode(try(var.redis.resources, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.redis.resources, {})), ["requests", "limits"])) == 0, false),
      # redis.resources.requests: a mapping
      try(substr(jsonencode(try(var.redis.resources.requests, {})), 0, 1) == "{", false),
      # redis.resources.requests: no other keys
      !(substr(jsonencode(try(var.redis.resources.requests, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.redis.resources.requests, {})), ["cpu", "memory"])) == 0, false),
      # redis.resources.requests.cpu: a string
      try(substr(jsonencode(try(var.redis.resources.requests.cpu, "100m")), 0, 1) == "\"", false),
      # redis.resources.requests.cpu: pattern
      !(substr(jsonencode(try(var.redis.resources.requests.cpu, "100m")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.redis.resources.requests.cpu, "100m"))), false),
      # redis.resources.requests.memory: a string
      try(substr(jsonencode(try(var.redis.resources.requests.memory, "128Mi")), 0, 1) == "\"", false),
      # redis.resources.requests.memory: pattern
      !(substr(jsonencode(try(var.redis.resources.requests.memory, "128Mi")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.redis.resources.requests.memory, "128Mi"))), false),
      # redis.resources.limits: a mapping
      try(substr(jsonencode(try(var.redis.resources.limits, {})), 0, 1) == "{", false),
      # redis.resources.limits: no other keys
      !(substr(jsonencode(try(var.redis.resources.limits, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.redis.resources.limits, {})), ["cpu", "memory"])) == 0, false),
      # redis.resources.limits.cpu: a string
      try(substr(jsonencode(try(var.redis.resources.limits.cpu, "200m")), 0, 1) == "\"", false),
      # redis.resources.limits.cpu: pattern
      !(substr(jsonencode(try(var.redis.resources.limits.cpu, "200m")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.redis.resources.limits.cpu, "200m"))), false),
      # redis.resources.limits.memory: a string
      try(substr(jsonencode(try(var.redis.resources.limits.memory, "256Mi")), 0, 1) == "\"", false),
      # redis.resources.limits.memory: pattern
      !(substr(jsonencode(try(var.redis.resources.limits.memory, "256Mi")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.redis.resources.limits.memory, "256Mi"))), false),
      # redis.host: not empty (when redis.enabled is false)
      !(try(try(var.redis.enabled, true) == false, false) && substr(jsonencode(try(var.redis.host, "")), 0, 1) == "\"") || try(length(try(var.redis.host, "")) >= 1, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.redis), 0, 1) == "{", false) ? "" : "redis: ${length(jsonencode(var.redis)) <= 80 ? jsonencode(var.redis) : "${substr(jsonencode(var.redis), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.redis), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.redis))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.redis), 0, 1) == "{") || try(length(setsubtract(keys(var.redis), ["enabled", "host", "port", "password", "existingSecret", "image", "resources"])) == 0, false) ? "" : "redis.${try(sort(setsubtract(keys(var.redis), ["enabled", "host", "port", "password", "existingSecret", "image", "resources"]))[0], "?")}: unknown key; allowed keys here: enabled, host, port, password, existingSecret, image, resources",
      try(contains(["true", "false"], jsonencode(try(var.redis.enabled, true))), false) ? "" : "redis.enabled: ${length(jsonencode(try(var.redis.enabled, true))) <= 80 ? jsonencode(try(var.redis.enabled, true)) : "${substr(jsonencode(try(var.redis.enabled, true)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.enabled, true)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.enabled, true)))) ? "an integer" : "a number")}; allowed: true or false",
      try(substr(jsonencode(try(var.redis.host, "")), 0, 1) == "\"", false) ? "" : "redis.host: ${length(jsonencode(try(var.redis.host, ""))) <= 80 ? jsonencode(try(var.redis.host, "")) : "${substr(jsonencode(try(var.redis.host, "")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.host, "")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.host, "")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.redis.host, "")), 0, 1) == "\"") || try(can(regex("^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*)?$", try(var.redis.host, ""))), false) ? "" : "redis.host: ${length(jsonencode(try(var.redis.host, ""))) <= 80 ? jsonencode(try(var.redis.host, "")) : "${substr(jsonencode(try(var.redis.host, "")), 0, 77)}..."} is invalid; allowed: a host name (letters, digits, '-' and '.') or an IP address",
      !(substr(jsonencode(try(var.redis.host, "")), 0, 1) == "\"") || try(length(try(var.redis.host, "")) <= 253, false) ? "" : "redis.host: ${length(jsonencode(try(var.redis.host, ""))) <= 80 ? jsonencode(try(var.redis.host, "")) : "${substr(jsonencode(try(var.redis.host, "")), 0, 77)}..."} is too long; allowed: a host name (letters, digits, '-' and '.') or an IP address",
      try(can(regex("^-?[0-9]+$", jsonencode(try(var.redis.port, 6379)))), false) ? "" : "redis.port: ${length(jsonencode(try(var.redis.port, 6379))) <= 80 ? jsonencode(try(var.redis.port, 6379)) : "${substr(jsonencode(try(var.redis.port, 6379)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.port, 6379)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.port, 6379)))) ? "an integer" : "a number")}; allowed: an integer",
      !(can(regex("^-?[0-9]", jsonencode(try(var.redis.port, 6379))))) || try(try(var.redis.port, 6379) >= 1 && try(var.redis.port, 6379) <= 65535, false) ? "" : "redis.port: ${length(jsonencode(try(var.redis.port, 6379))) <= 80 ? jsonencode(try(var.redis.port, 6379)) : "${substr(jsonencode(try(var.redis.port, 6379)), 0, 77)}..."} is out of range; allowed: an integer from 1 to 65535",
      try(substr(jsonencode(try(var.redis.password, "")), 0, 1) == "\"", false) ? "" : "redis.password: ${length(jsonencode(try(var.redis.password, ""))) <= 80 ? jsonencode(try(var.redis.password, "")) : "${substr(jsonencode(try(var.redis.password, "")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.password, "")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.password, "")))) ? "an integer" : "a number")}; allowed: a string",
      try(substr(jsonencode(try(var.redis.existingSecret, "")), 0, 1) == "\"", false) ? "" : "redis.existingSecret: ${length(jsonencode(try(var.redis.existingSecret, ""))) <= 80 ? jsonencode(try(var.redis.existingSecret, "")) : "${substr(jsonencode(try(var.redis.existingSecret, "")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.existingSecret, "")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.existingSecret, "")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.redis.existingSecret, "")), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.redis.existingSecret, ""))), false) ? "" : "redis.existingSecret: ${length(jsonencode(try(var.redis.existingSecret, ""))) <= 80 ? jsonencode(try(var.redis.existingSecret, "")) : "${substr(jsonencode(try(var.redis.existingSecret, "")), 0, 77)}..."} is invalid; allowed: empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
      !(substr(jsonencode(try(var.redis.existingSecret, "")), 0, 1) == "\"") || try(length(try(var.redis.existingSecret, "")) <= 253, false) ? "" : "redis.existingSecret: ${length(jsonencode(try(var.redis.existingSecret, ""))) <= 80 ? jsonencode(try(var.redis.existingSecret, "")) : "${substr(jsonencode(try(var.redis.existingSecret, "")), 0, 77)}..."} is too long; allowed: empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
      try(substr(jsonencode(try(var.redis.image, {})), 0, 1) == "{", false) ? "" : "redis.image: ${length(jsonencode(try(var.redis.image, {}))) <= 80 ? jsonencode(try(var.redis.image, {})) : "${substr(jsonencode(try(var.redis.image, {})), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.image, {})), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.image, {})))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(try(var.redis.image, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.redis.image, {})), ["repository", "tag", "pullPolicy"])) == 0, false) ? "" : "redis.image.${try(sort(setsubtract(keys(try(var.redis.image, {})), ["repository", "tag", "pullPolicy"]))[0], "?")}: unknown key; allowed keys here: repository, tag, pullPolicy",
      try(substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 1) == "\"", false) ? "" : "redis.image.repository: ${length(jsonencode(try(var.redis.image.repository, "redis"))) <= 80 ? jsonencode(try(var.redis.image.repository, "redis")) : "${substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.image.repository, "redis")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 1) == "\"") || try(can(regex("^[a-z0-9]+([._/:-][a-z0-9]+)*$", try(var.redis.image.repository, "redis"))) && length(try(var.redis.image.repository, "redis")) >= 1, false) ? "" : "redis.image.repository: ${length(jsonencode(try(var.redis.image.repository, "redis"))) <= 80 ? jsonencode(try(var.redis.image.repository, "redis")) : "${substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 77)}..."} is invalid; allowed: an image reference without tag, such as ghcr.io/egoavara/realtime-svg",
      !(substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 1) == "\"") || try(length(try(var.redis.image.repository, "redis")) <= 255, false) ? "" : "redis.image.repository: ${length(jsonencode(try(var.redis.image.repository, "redis"))) <= 80 ? jsonencode(try(var.redis.image.repository, "redis")) : "${substr(jsonencode(try(var.redis.image.repository, "redis")), 0, 77)}..."} is too long; allowed: an image reference without tag, such as ghcr.io/egoavara/realtime-svg",
      try(substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 1) == "\"", false) ? "" : "redis.image.tag: ${length(jsonencode(try(var.redis.image.tag, "7-alpine"))) <= 80 ? jsonencode(try(var.redis.image.tag, "7-alpine")) : "${substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.image.tag, "7-alpine")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 1) == "\"") || try(can(regex("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", try(var.redis.image.tag, "7-alpine"))) && length(try(var.redis.image.tag, "7-alpine")) >= 1, false) ? "" : "redis.image.tag: ${length(jsonencode(try(var.redis.image.tag, "7-alpine"))) <= 80 ? jsonencode(try(var.redis.image.tag, "7-alpine")) : "${substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 77)}..."} is invalid; allowed: an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters",
      !(substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 1) == "\"") || try(length(try(var.redis.image.tag, "7-alpine")) <= 63, false) ? "" : "redis.image.tag: ${length(jsonencode(try(var.redis.image.tag, "7-alpine"))) <= 80 ? jsonencode(try(var.redis.image.tag, "7-alpine")) : "${substr(jsonencode(try(var.redis.image.tag, "7-alpine")), 0, 77)}..."} is too long; allowed: an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters",
      try(substr(jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent")), 0, 1) == "\"", false) ? "" : "redis.image.pullPolicy: ${length(jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent"))) <= 80 ? jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent")) : "${substr(jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent")))) ? "an integer" : "a number")}; allowed: a string",
      try(contains(["Always", "IfNotPresent", "Never"], try(var.redis.image.pullPolicy, "IfNotPresent")), false) ? "" : "redis.image.pullPolicy: ${length(jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent"))) <= 80 ? jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent")) : "${substr(jsonencode(try(var.redis.image.pullPolicy, "IfNotPresent")), 0, 77)}..."} is not allowed; allowed: one of Always, IfNotPresent, Never",
      try(substr(jsonencode(try(var.redis.resources, {})), 0, 1) == "{", false) ? "" : "redis.resources: ${length(jsonencode(try(var.redis.resources, {}))) <= 80 ? jsonencode(try(var.redis.resources, {})) : "${substr(jsonencode(try(var.redis.resources, {})), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.resources, {})), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.resources, {})))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(try(var.redis.resources, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.redis.resources, {})), ["requests", "limits"])) == 0, false) ? "" : "redis.resources.${try(sort(setsubtract(keys(try(var.redis.resources, {})), ["requests", "limits"]))[0], "?")}: unknown key; allowed keys here: requests, limits",
      try(substr(jsonencode(try(var.redis.resources.requests, {})), 0, 1) == "{", false) ? "" : "redis.resources.requests: ${length(jsonencode(try(var.redis.resources.requests, {}))) <= 80 ? jsonencode(try(var.redis.resources.requests, {})) : "${substr(jsonencode(try(var.redis.resources.requests, {})), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.resources.requests, {})), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.resources.requests, {})))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(try(var.redis.resources.requests, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.redis.resources.requests, {})), ["cpu", "memory"])) == 0, false) ? "" : "redis.resources.requests.${try(sort(setsubtract(keys(try(var.redis.resources.requests, {})), ["cpu", "memory"]))[0], "?")}: unknown key; allowed keys here: cpu, memory",
      try(substr(jsonencode(try(var.redis.resources.requests.cpu, "100m")), 0, 1) == "\"", false) ? "" : "redis.resources.requests.cpu: ${length(jsonencode(try(var.redis.resources.requests.cpu, "100m"))) <= 80 ? jsonencode(try(var.redis.resources.requests.cpu, "100m")) : "${substr(jsonencode(try(var.redis.resources.requests.cpu, "100m")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.resources.requests.cpu, "100m")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.resources.requests.cpu, "100m")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.redis.resources.requests.cpu, "100m")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.redis.resources.requests.cpu, "100m"))), false) ? "" : "redis.resources.requests.cpu: ${length(jsonencode(try(var.redis.resources.requests.cpu, "100m"))) <= 80 ? jsonencode(try(var.redis.resources.requests.cpu, "100m")) : "${substr(jsonencode(try(var.redis.resources.requests.cpu, "100m")), 0, 77)}..."} is invalid; allowed: a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi",
      try(substr(jsonencode(try(var.redis.resources.requests.memory, "128Mi")), 0, 1) == "\"", false) ? "" : "redis.resources.requests.memory: ${length(jsonencode(try(var.redis.resources.requests.memory, "128Mi"))) <= 80 ? jsonencode(try(var.redis.resources.requests.memory, "128Mi")) : "${substr(jsonencode(try(var.redis.resources.requests.memory, "128Mi")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.resources.requests.memory, "128Mi")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.resources.requests.memory, "128Mi")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.redis.resources.requests.memory, "128Mi")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.redis.resources.requests.memory, "128Mi"))), false) ? "" : "redis.resources.requests.memory: ${length(jsonencode(try(var.redis.resources.requests.memory, "128Mi"))) <= 80 ? jsonencode(try(var.redis.resources.requests.memory, "128Mi")) : "${substr(jsonencode(try(var.redis.resources.requests.memory, "128Mi")), 0, 77)}..."} is invalid; allowed: a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi",
      try(substr(jsonencode(try(var.redis.resources.limits, {})), 0, 1) == "{", false) ? "" : "redis.resources.limits: ${length(jsonencode(try(var.redis.resources.limits, {}))) <= 80 ? jsonencode(try(var.redis.resources.limits, {})) : "${substr(jsonencode(try(var.redis.resources.limits, {})), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.resources.limits, {})), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.resources.limits, {})))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(try(var.redis.resources.limits, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.redis.resources.limits, {})), ["cpu", "memory"])) == 0, false) ? "" : "redis.resources.limits.${try(sort(setsubtract(keys(try(var.redis.resources.limits, {})), ["cpu", "memory"]))[0], "?")}: unknown key; allowed keys here: cpu, memory",
      try(substr(jsonencode(try(var.redis.resources.limits.cpu, "200m")), 0, 1) == "\"", false) ? "" : "redis.resources.limits.cpu: ${length(jsonencode(try(var.redis.resources.limits.cpu, "200m"))) <= 80 ? jsonencode(try(var.redis.resources.limits.cpu, "200m")) : "${substr(jsonencode(try(var.redis.resources.limits.cpu, "200m")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.resources.limits.cpu, "200m")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.resources.limits.cpu, "200m")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.redis.resources.limits.cpu, "200m")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.redis.resources.limits.cpu, "200m"))), false) ? "" : "redis.resources.limits.cpu: ${length(jsonencode(try(var.redis.resources.limits.cpu, "200m"))) <= 80 ? jsonencode(try(var.redis.resources.limits.cpu, "200m")) : "${substr(jsonencode(try(var.redis.resources.limits.cpu, "200m")), 0, 77)}..."} is invalid; allowed: a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi",
      try(substr(jsonencode(try(var.redis.resources.limits.memory, "256Mi")), 0, 1) == "\"", false) ? "" : "redis.resources.limits.memory: ${length(jsonencode(try(var.redis.resources.limits.memory, "256Mi"))) <= 80 ? jsonencode(try(var.redis.resources.limits.memory, "256Mi")) : "${substr(jsonencode(try(var.redis.resources.limits.memory, "256Mi")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.redis.resources.limits.memory, "256Mi")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.redis.resources.limits.memory, "256Mi")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.redis.resources.limits.memory, "256Mi")), 0, 1) == "\"") || try(can(regex("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", try(var.redis.resources.limits.memory, "256Mi"))), false) ? "" : "redis.resources.limits.memory: ${length(jsonencode(try(var.redis.resources.limits.memory, "256Mi"))) <= 80 ? jsonencode(try(var.redis.resources.limits.memory, "256Mi")) : "${substr(jsonencode(try(var.redis.resources.limits.memory, "256Mi")), 0, 77)}..."} is invalid; allowed: a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi",
      !(try(try(var.redis.enabled, true) == false, false) && substr(jsonencode(try(var.redis.host, "")), 0, 1) == "\"") || try(length(try(var.redis.host, "")) >= 1, false) ? "" : "redis.host: ${length(jsonencode(try(var.redis.host, ""))) <= 80 ? jsonencode(try(var.redis.host, "")) : "${substr(jsonencode(try(var.redis.host, "")), 0, 77)}..."} is empty; it is required when redis.enabled is false: set the external Redis host, or set redis.enabled: true for the in-cluster Redis",
    ])))
  }
}

variable "ingress" {
  description = "A networking.k8s.io/v1 Ingress in front of the Service (components/ingress)."
  type        = any
  default = {
    enabled     = false
    className   = ""
    host        = ""
    path        = "/"
    annotations = {}
    tls = {
      enabled    = false
      secretName = ""
    }
  }
  nullable = false

  validation {
    condition = alltrue([
      # ingress: a mapping
      try(substr(jsonencode(var.ingress), 0, 1) == "{", false),
      # ingress: no other keys
      !(substr(jsonencode(var.ingress), 0, 1) == "{") || try(length(setsubtract(keys(var.ingress), ["enabled", "className", "host", "path", "annotations", "tls"])) == 0, false),
      # ingress.enabled: true or false
      try(contains(["true", "false"], jsonencode(try(var.ingress.enabled, false))), false),
      # ingress.className: a string
      try(substr(jsonencode(try(var.ingress.className, "")), 0, 1) == "\"", false),
      # ingress.className: pattern
      !(substr(jsonencode(try(var.ingress.className, "")), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.ingress.className, ""))), false),
      # ingress.className: at most 253 characters
      !(substr(jsonencode(try(var.ingress.className, "")), 0, 1) == "\"") || try(length(try(var.ingress.className, "")) <= 253, false),
      # ingress.host: a string
      try(substr(jsonencode(try(var.ingress.host, "")), 0, 1) == "\"", false),
      # ingress.host: pattern
      !(substr(jsonencode(try(var.ingress.host, "")), 0, 1) == "\"") || try(can(regex("^((\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.ingress.host, ""))), false),
      # ingress.host: at most 253 characters
      !(substr(jsonencode(try(var.ingress.host, "")), 0, 1) == "\"") || try(length(try(var.ingress.host, "")) <= 253, false),
      # ingress.path: a string
      try(substr(jsonencode(try(var.ingress.path, "/")), 0, 1) == "\"", false),
      # ingress.path: pattern
      !(substr(jsonencode(try(var.ingress.path, "/")), 0, 1) == "\"") || try(can(regex("^/[^\\s]*$", try(var.ingress.path, "/"))), false),
      # ingress.annotations: a mapping
      try(substr(jsonencode(try(var.ingress.annotations, {})), 0, 1) == "{", false),
      # ingress.annotations: values are strings
      !(substr(jsonencode(try(var.ingress.annotations, {})), 0, 1) == "{") || try(length([for k, x in try(var.ingress.annotations, {}) : k if !(substr(jsonencode(x), 0, 1) == "\"")]) == 0, false),
      # ingress.tls: a mapping
      try(substr(jsonencode(try(var.ingress.tls, {})), 0, 1) == "{", false),
      # ingress.tls: no other keys
      !(substr(jsonencode(try(var.ingress.tls, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.ingress.tls, {})), ["enabled", "secretName"])) == 0, false),
      # ingress.tls.enabled: true or false
      try(contains(["true", "false"], jsonencode(try(var.ingress.tls.enabled, false))), false),
      # ingress.tls.secretName: a string
      try(substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 1) == "\"", false),
      # ingress.tls.secretName: pattern
      !(substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.ingress.tls.secretName, ""))), false),
      # ingress.tls.secretName: at most 253 characters
      !(substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 1) == "\"") || try(length(try(var.ingress.tls.secretName, "")) <= 253, false),
      # ingress.host: not empty (when ingress.enabled is true)
      !(try(try(var.ingress.enabled, false) == true, false) && substr(jsonencode(try(var.ingress.host, "")), 0, 1) == "\"") || try(length(try(var.ingress.host, "")) >= 1, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.ingress), 0, 1) == "{", false) ? "" : "ingress: ${length(jsonencode(var.ingress)) <= 80 ? jsonencode(var.ingress) : "${substr(jsonencode(var.ingress), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.ingress), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.ingress))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.ingress), 0, 1) == "{") || try(length(setsubtract(keys(var.ingress), ["enabled", "className", "host", "path", "annotations", "tls"])) == 0, false) ? "" : "ingress.${try(sort(setsubtract(keys(var.ingress), ["enabled", "className", "host", "path", "annotations", "tls"]))[0], "?")}: unknown key; allowed keys here: enabled, className, host, path, annotations, tls",
      try(contains(["true", "false"], jsonencode(try(var.ingress.enabled, false))), false) ? "" : "ingress.enabled: ${length(jsonencode(try(var.ingress.enabled, false))) <= 80 ? jsonencode(try(var.ingress.enabled, false)) : "${substr(jsonencode(try(var.ingress.enabled, false)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.ingress.enabled, false)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.ingress.enabled, false)))) ? "an integer" : "a number")}; allowed: true or false",
      try(substr(jsonencode(try(var.ingress.className, "")), 0, 1) == "\"", false) ? "" : "ingress.className: ${length(jsonencode(try(var.ingress.className, ""))) <= 80 ? jsonencode(try(var.ingress.className, "")) : "${substr(jsonencode(try(var.ingress.className, "")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.ingress.className, "")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.ingress.className, "")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.ingress.className, "")), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.ingress.className, ""))), false) ? "" : "ingress.className: ${length(jsonencode(try(var.ingress.className, ""))) <= 80 ? jsonencode(try(var.ingress.className, "")) : "${substr(jsonencode(try(var.ingress.className, "")), 0, 77)}..."} is invalid; allowed: empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
      !(substr(jsonencode(try(var.ingress.className, "")), 0, 1) == "\"") || try(length(try(var.ingress.className, "")) <= 253, false) ? "" : "ingress.className: ${length(jsonencode(try(var.ingress.className, ""))) <= 80 ? jsonencode(try(var.ingress.className, "")) : "${substr(jsonencode(try(var.ingress.className, "")), 0, 77)}..."} is too long; allowed: empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
      try(substr(jsonencode(try(var.ingress.host, "")), 0, 1) == "\"", false) ? "" : "ingress.host: ${length(jsonencode(try(var.ingress.host, ""))) <= 80 ? jsonencode(try(var.ingress.host, "")) : "${substr(jsonencode(try(var.ingress.host, "")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.ingress.host, "")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.ingress.host, "")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.ingress.host, "")), 0, 1) == "\"") || try(can(regex("^((\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.ingress.host, ""))), false) ? "" : "ingress.host: ${length(jsonencode(try(var.ingress.host, ""))) <= 80 ? jsonencode(try(var.ingress.host, "")) : "${substr(jsonencode(try(var.ingress.host, "")), 0, 77)}..."} is invalid; allowed: a lowercase DNS name such as realtime-svg.example.com (a leading '*.' is allowed)",
      !(substr(jsonencode(try(var.ingress.host, "")), 0, 1) == "\"") || try(length(try(var.ingress.host, "")) <= 253, false) ? "" : "ingress.host: ${length(jsonencode(try(var.ingress.host, ""))) <= 80 ? jsonencode(try(var.ingress.host, "")) : "${substr(jsonencode(try(var.ingress.host, "")), 0, 77)}..."} is too long; allowed: a lowercase DNS name such as realtime-svg.example.com (a leading '*.' is allowed)",
      try(substr(jsonencode(try(var.ingress.path, "/")), 0, 1) == "\"", false) ? "" : "ingress.path: ${length(jsonencode(try(var.ingress.path, "/"))) <= 80 ? jsonencode(try(var.ingress.path, "/")) : "${substr(jsonencode(try(var.ingress.path, "/")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.ingress.path, "/")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.ingress.path, "/")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.ingress.path, "/")), 0, 1) == "\"") || try(can(regex("^/[^\\s]*$", try(var.ingress.path, "/"))), false) ? "" : "ingress.path: ${length(jsonencode(try(var.ingress.path, "/"))) <= 80 ? jsonencode(try(var.ingress.path, "/")) : "${substr(jsonencode(try(var.ingress.path, "/")), 0, 77)}..."} is invalid; allowed: an absolute path starting with '/' and without spaces",
      try(substr(jsonencode(try(var.ingress.annotations, {})), 0, 1) == "{", false) ? "" : "ingress.annotations: ${length(jsonencode(try(var.ingress.annotations, {}))) <= 80 ? jsonencode(try(var.ingress.annotations, {})) : "${substr(jsonencode(try(var.ingress.annotations, {})), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.ingress.annotations, {})), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.ingress.annotations, {})))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(try(var.ingress.annotations, {})), 0, 1) == "{") || try(length([for k, x in try(var.ingress.annotations, {}) : k if !(substr(jsonencode(x), 0, 1) == "\"")]) == 0, false) ? "" : "ingress.annotations.${try([for k, x in try(var.ingress.annotations, {}) : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")}: ${length(jsonencode(try(try(var.ingress.annotations, {})[try([for k, x in try(var.ingress.annotations, {}) : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null))) <= 80 ? jsonencode(try(try(var.ingress.annotations, {})[try([for k, x in try(var.ingress.annotations, {}) : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null)) : "${substr(jsonencode(try(try(var.ingress.annotations, {})[try([for k, x in try(var.ingress.annotations, {}) : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(try(var.ingress.annotations, {})[try([for k, x in try(var.ingress.annotations, {}) : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(try(var.ingress.annotations, {})[try([for k, x in try(var.ingress.annotations, {}) : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null)))) ? "an integer" : "a number")}; allowed: a string",
      try(substr(jsonencode(try(var.ingress.tls, {})), 0, 1) == "{", false) ? "" : "ingress.tls: ${length(jsonencode(try(var.ingress.tls, {}))) <= 80 ? jsonencode(try(var.ingress.tls, {})) : "${substr(jsonencode(try(var.ingress.tls, {})), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.ingress.tls, {})), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.ingress.tls, {})))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(try(var.ingress.tls, {})), 0, 1) == "{") || try(length(setsubtract(keys(try(var.ingress.tls, {})), ["enabled", "secretName"])) == 0, false) ? "" : "ingress.tls.${try(sort(setsubtract(keys(try(var.ingress.tls, {})), ["enabled", "secretName"]))[0], "?")}: unknown key; allowed keys here: enabled, secretName",
      try(contains(["true", "false"], jsonencode(try(var.ingress.tls.enabled, false))), false) ? "" : "ingress.tls.enabled: ${length(jsonencode(try(var.ingress.tls.enabled, false))) <= 80 ? jsonencode(try(var.ingress.tls.enabled, false)) : "${substr(jsonencode(try(var.ingress.tls.enabled, false)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.ingress.tls.enabled, false)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.ingress.tls.enabled, false)))) ? "an integer" : "a number")}; allowed: true or false",
      try(substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 1) == "\"", false) ? "" : "ingress.tls.secretName: ${length(jsonencode(try(var.ingress.tls.secretName, ""))) <= 80 ? jsonencode(try(var.ingress.tls.secretName, "")) : "${substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.ingress.tls.secretName, "")))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", try(var.ingress.tls.secretName, ""))), false) ? "" : "ingress.tls.secretName: ${length(jsonencode(try(var.ingress.tls.secretName, ""))) <= 80 ? jsonencode(try(var.ingress.tls.secretName, "")) : "${substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 77)}..."} is invalid; allowed: empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
      !(substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 1) == "\"") || try(length(try(var.ingress.tls.secretName, "")) <= 253, false) ? "" : "ingress.tls.secretName: ${length(jsonencode(try(var.ingress.tls.secretName, ""))) <= 80 ? jsonencode(try(var.ingress.tls.secretName, "")) : "${substr(jsonencode(try(var.ingress.tls.secretName, "")), 0, 77)}..."} is too long; allowed: empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
      !(try(try(var.ingress.enabled, false) == true, false) && substr(jsonencode(try(var.ingress.host, "")), 0, 1) == "\"") || try(length(try(var.ingress.host, "")) >= 1, false) ? "" : "ingress.host: ${length(jsonencode(try(var.ingress.host, ""))) <= 80 ? jsonencode(try(var.ingress.host, "")) : "${substr(jsonencode(try(var.ingress.host, "")), 0, 77)}..."} is empty; it is required when ingress.enabled is true: set the host name the Ingress answers for",
    ])))
  }
}

variable "podDisruptionBudget" {
  description = "PodDisruptionBudget of the app, created only when it cannot block a node drain (replicas > minAvailable)."
  type        = any
  default = {
    enabled      = true
    minAvailable = 1
  }
  nullable = false

  validation {
    condition = alltrue([
      # podDisruptionBudget: a mapping
      try(substr(jsonencode(var.podDisruptionBudget), 0, 1) == "{", false),
      # podDisruptionBudget: no other keys
      !(substr(jsonencode(var.podDisruptionBudget), 0, 1) == "{") || try(length(setsubtract(keys(var.podDisruptionBudget), ["enabled", "minAvailable"])) == 0, false),
      # podDisruptionBudget.enabled: true or false
      try(contains(["true", "false"], jsonencode(try(var.podDisruptionBudget.enabled, true))), false),
      # podDisruptionBudget.minAvailable: an integer
      try(can(regex("^-?[0-9]+$", jsonencode(try(var.podDisruptionBudget.minAvailable, 1)))), false),
      # podDisruptionBudget.minAvailable: from 1 to 1000
      !(can(regex("^-?[0-9]", jsonencode(try(var.podDisruptionBudget.minAvailable, 1))))) || try(try(var.podDisruptionBudget.minAvailable, 1) >= 1 && try(var.podDisruptionBudget.minAvailable, 1) <= 1000, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.podDisruptionBudget), 0, 1) == "{", false) ? "" : "podDisruptionBudget: ${length(jsonencode(var.podDisruptionBudget)) <= 80 ? jsonencode(var.podDisruptionBudget) : "${substr(jsonencode(var.podDisruptionBudget), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.podDisruptionBudget), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.podDisruptionBudget))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.podDisruptionBudget), 0, 1) == "{") || try(length(setsubtract(keys(var.podDisruptionBudget), ["enabled", "minAvailable"])) == 0, false) ? "" : "podDisruptionBudget.${try(sort(setsubtract(keys(var.podDisruptionBudget), ["enabled", "minAvailable"]))[0], "?")}: unknown key; allowed keys here: enabled, minAvailable",
      try(contains(["true", "false"], jsonencode(try(var.podDisruptionBudget.enabled, true))), false) ? "" : "podDisruptionBudget.enabled: ${length(jsonencode(try(var.podDisruptionBudget.enabled, true))) <= 80 ? jsonencode(try(var.podDisruptionBudget.enabled, true)) : "${substr(jsonencode(try(var.podDisruptionBudget.enabled, true)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.podDisruptionBudget.enabled, true)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.podDisruptionBudget.enabled, true)))) ? "an integer" : "a number")}; allowed: true or false",
      try(can(regex("^-?[0-9]+$", jsonencode(try(var.podDisruptionBudget.minAvailable, 1)))), false) ? "" : "podDisruptionBudget.minAvailable: ${length(jsonencode(try(var.podDisruptionBudget.minAvailable, 1))) <= 80 ? jsonencode(try(var.podDisruptionBudget.minAvailable, 1)) : "${substr(jsonencode(try(var.podDisruptionBudget.minAvailable, 1)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.podDisruptionBudget.minAvailable, 1)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.podDisruptionBudget.minAvailable, 1)))) ? "an integer" : "a number")}; allowed: an integer",
      !(can(regex("^-?[0-9]", jsonencode(try(var.podDisruptionBudget.minAvailable, 1))))) || try(try(var.podDisruptionBudget.minAvailable, 1) >= 1 && try(var.podDisruptionBudget.minAvailable, 1) <= 1000, false) ? "" : "podDisruptionBudget.minAvailable: ${length(jsonencode(try(var.podDisruptionBudget.minAvailable, 1))) <= 80 ? jsonencode(try(var.podDisruptionBudget.minAvailable, 1)) : "${substr(jsonencode(try(var.podDisruptionBudget.minAvailable, 1)), 0, 77)}..."} is out of range; allowed: an integer from 1 to 1000",
    ])))
  }
}

variable "nodeSelector" {
  description = "nodeSelector of the app's pods."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      # nodeSelector: a mapping
      try(substr(jsonencode(var.nodeSelector), 0, 1) == "{", false),
      # nodeSelector: values are strings
      !(substr(jsonencode(var.nodeSelector), 0, 1) == "{") || try(length([for k, x in var.nodeSelector : k if !(substr(jsonencode(x), 0, 1) == "\"")]) == 0, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.nodeSelector), 0, 1) == "{", false) ? "" : "nodeSelector: ${length(jsonencode(var.nodeSelector)) <= 80 ? jsonencode(var.nodeSelector) : "${substr(jsonencode(var.nodeSelector), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.nodeSelector), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.nodeSelector))) ? "an integer" : "a number")}; allowed: a mapping",
      !(substr(jsonencode(var.nodeSelector), 0, 1) == "{") || try(length([for k, x in var.nodeSelector : k if !(substr(jsonencode(x), 0, 1) == "\"")]) == 0, false) ? "" : "nodeSelector.${try([for k, x in var.nodeSelector : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")}: ${length(jsonencode(try(var.nodeSelector[try([for k, x in var.nodeSelector : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null))) <= 80 ? jsonencode(try(var.nodeSelector[try([for k, x in var.nodeSelector : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null)) : "${substr(jsonencode(try(var.nodeSelector[try([for k, x in var.nodeSelector : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.nodeSelector[try([for k, x in var.nodeSelector : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.nodeSelector[try([for k, x in var.nodeSelector : k if !(substr(jsonencode(x), 0, 1) == "\"")][0], "?")], null)))) ? "an integer" : "a number")}; allowed: a string",
    ])))
  }
}

variable "tolerations" {
  description = "Tolerations of the app's pods (Kubernetes Toleration objects)."
  type        = any
  default     = []
  nullable    = false

  validation {
    condition = alltrue([
      # tolerations: a list
      try(substr(jsonencode(var.tolerations), 0, 1) == "[", false),
      # tolerations[*]: a mapping
      !(substr(jsonencode(var.tolerations), 0, 1) == "[") || try(length([for i, x in var.tolerations : i if !(try(substr(jsonencode(x), 0, 1) == "{", false))]) == 0, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.tolerations), 0, 1) == "[", false) ? "" : "tolerations: ${length(jsonencode(var.tolerations)) <= 80 ? jsonencode(var.tolerations) : "${substr(jsonencode(var.tolerations), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.tolerations), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.tolerations))) ? "an integer" : "a number")}; allowed: a list",
      !(substr(jsonencode(var.tolerations), 0, 1) == "[") || try(length([for i, x in var.tolerations : i if !(try(substr(jsonencode(x), 0, 1) == "{", false))]) == 0, false) ? "" : "tolerations[${try([for i, x in var.tolerations : i if !(try(substr(jsonencode(x), 0, 1) == "{", false))][0], "?")}]: ${length(jsonencode(try(var.tolerations[try([for i, x in var.tolerations : i if !(try(substr(jsonencode(x), 0, 1) == "{", false))][0], "?")], null))) <= 80 ? jsonencode(try(var.tolerations[try([for i, x in var.tolerations : i if !(try(substr(jsonencode(x), 0, 1) == "{", false))][0], "?")], null)) : "${substr(jsonencode(try(var.tolerations[try([for i, x in var.tolerations : i if !(try(substr(jsonencode(x), 0, 1) == "{", false))][0], "?")], null)), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.tolerations[try([for i, x in var.tolerations : i if !(try(substr(jsonencode(x), 0, 1) == "{", false))][0], "?")], null)), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.tolerations[try([for i, x in var.tolerations : i if !(try(substr(jsonencode(x), 0, 1) == "{", false))][0], "?")], null)))) ? "an integer" : "a number")}; allowed: a mapping",
    ])))
  }
}

variable "affinity" {
  description = "Affinity of the app's pods (a Kubernetes Affinity object)."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      # affinity: a mapping
      try(substr(jsonencode(var.affinity), 0, 1) == "{", false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.affinity), 0, 1) == "{", false) ? "" : "affinity: ${length(jsonencode(var.affinity)) <= 80 ? jsonencode(var.affinity) : "${substr(jsonencode(var.affinity), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.affinity), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.affinity))) ? "an integer" : "a number")}; allowed: a mapping",
    ])))
  }
}

variable "source_root" {
  description = "Directory holding the repository's base/ and components/ (the kustomize sources), absolute or relative to the directory tofu/terraform runs in. null: the repository this module is part of."
  type        = string
  default     = null
}

variable "wait" {
  description = "Wait for the Deployments to be rolled out and Ready on every create and update."
  type        = bool
  default     = true
  nullable    = false
}
