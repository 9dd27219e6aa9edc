"""The Terraform route: terraform/ (a module on the kbst/kustomization provider and a root
configuration), generated from the settings schema and the kustomize sources, and the
settings as a `.tfvars.json`."""
