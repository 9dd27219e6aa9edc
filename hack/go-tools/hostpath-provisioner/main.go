// hostpath-provisioner: dynamic PersistentVolumes for the local kwok cluster, in the way
// K3s's local-path provisioner gives them to a K3s cluster.
//
// kwok simulates nodes and has no volume provisioner; Rancher's local-path provisioner
// creates each volume's directory from a helper pod, which never runs on a kwok node. On
// the local cluster every "node" is this machine, so this process, run on the host by
// hack/cluster.sh next to the control plane, does the provisioner's work itself. It is an
// external provisioner built on sigs.k8s.io/sig-storage-lib-external-provisioner (whose
// hostpath example is the model): for each claim of a StorageClass whose provisioner is
// --provisioner-name (the default StorageClass local-path, hack/kwok/storageclass.yaml) it
//
//   - creates the directory <volume-dir>/<pv name>_<namespace>_<claim name> (mode 0777,
//     as local-path does),
//   - creates a PersistentVolume with a hostPath source (type DirectoryOrCreate) for it,
//     the claim's capacity and access modes and the class's reclaim policy and mount
//     options, and
//   - for a WaitForFirstConsumer class, pins the volume to the node the scheduler chose
//     (the claim's volume.kubernetes.io/selected-node annotation) with a required node
//     affinity on kubernetes.io/hostname, as local-path does, so that the pods of a
//     StatefulSet stay with their data;
//
// and when a PersistentVolume it made is released under reclaim policy Delete, it
// removes the directory (only one below --volume-dir) and the library deletes the PV.
//
// ReadWriteMany and block volumes are refused, as local-path refuses them, so that what
// works here also works on K3s.
//
// Readiness: once its informers (claims, volumes, classes) have synced it writes the
// file --ready-file (if given); hack/cluster.sh up waits for it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	"sigs.k8s.io/sig-storage-lib-external-provisioner/v13/controller"
)

const (
	// annotation on every PV this provisioner makes: the volume directory it made the
	// PV's directory in. Delete acts only on PVs carrying this provisioner's value.
	annVolumeDir = "realtime-svg.local/hostpath-volume-dir"
	hostnameKey  = "kubernetes.io/hostname"
)

type hostPathProvisioner struct {
	client    kubernetes.Interface
	volumeDir string // absolute, cleaned
}

var _ controller.Provisioner = &hostPathProvisioner{}

// Provision creates the volume's directory and returns its PV.
func (p *hostPathProvisioner) Provision(ctx context.Context, opts controller.ProvisionOptions) (*v1.PersistentVolume, controller.ProvisioningState, error) {
	pvc := opts.PVC
	for _, mode := range pvc.Spec.AccessModes {
		if mode == v1.ReadWriteMany {
			return nil, controller.ProvisioningFinished,
				fmt.Errorf("access mode %s is not supported (a node-local volume, as K3s's local-path): use ReadWriteOnce", mode)
		}
	}
	capacity, ok := pvc.Spec.Resources.Requests[v1.ResourceStorage]
	if !ok {
		return nil, controller.ProvisioningFinished, errors.New("the claim requests no storage (spec.resources.requests.storage)")
	}

	var affinity *v1.VolumeNodeAffinity
	if opts.SelectedNodeName != "" {
		hostname, err := p.nodeHostname(ctx, opts.SelectedNodeName)
		if err != nil {
			// the node may be gone: let the scheduler choose again
			return nil, controller.ProvisioningReschedule, err
		}
		affinity = &v1.VolumeNodeAffinity{Required: &v1.NodeSelector{NodeSelectorTerms: []v1.NodeSelectorTerm{{
			MatchExpressions: []v1.NodeSelectorRequirement{{
				Key: hostnameKey, Operator: v1.NodeSelectorOpIn, Values: []string{hostname},
			}},
		}}}}
	}

	dir := filepath.Join(p.volumeDir, strings.Join([]string{opts.PVName, pvc.Namespace, pvc.Name}, "_"))
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, fmt.Errorf("creating %s: %w", dir, err)
	}
	// MkdirAll applies the umask; a volume directory is world-writable, as local-path's
	if err := os.Chmod(dir, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, fmt.Errorf("chmod %s: %w", dir, err)
	}

	reclaim := v1.PersistentVolumeReclaimDelete
	var mountOptions []string
	if sc := opts.StorageClass; sc != nil {
		if sc.ReclaimPolicy != nil {
			reclaim = *sc.ReclaimPolicy
		}
		mountOptions = sc.MountOptions
	}
	hostPathType := v1.HostPathDirectoryOrCreate
	pv := &v1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        opts.PVName,
			Annotations: map[string]string{annVolumeDir: p.volumeDir},
		},
		Spec: v1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: reclaim,
			AccessModes:                   pvc.Spec.AccessModes,
			VolumeMode:                    pvc.Spec.VolumeMode,
			MountOptions:                  mountOptions,
			Capacity:                      v1.ResourceList{v1.ResourceStorage: capacity},
			PersistentVolumeSource: v1.PersistentVolumeSource{
				HostPath: &v1.HostPathVolumeSource{Path: dir, Type: &hostPathType},
			},
			NodeAffinity: affinity,
		},
	}
	klog.FromContext(ctx).Info("provisioned", "PVC", klog.KObj(pvc), "PV", opts.PVName, "path", dir, "node", opts.SelectedNodeName)
	return pv, controller.ProvisioningFinished, nil
}

// nodeHostname: the node's kubernetes.io/hostname label (what local-path pins a volume
// to), else its name.
func (p *hostPathProvisioner) nodeHostname(ctx context.Context, name string) (string, error) {
	node, err := p.client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("selected node %q: %w", name, err)
	}
	if h := node.Labels[hostnameKey]; h != "" {
		return h, nil
	}
	return name, nil
}

// Delete removes the directory of a released PV this provisioner made.
func (p *hostPathProvisioner) Delete(ctx context.Context, pv *v1.PersistentVolume) error {
	if pv.Annotations[annVolumeDir] != p.volumeDir {
		return &controller.IgnoredError{Reason: fmt.Sprintf("PV %s was not made in %s", pv.Name, p.volumeDir)}
	}
	if pv.Spec.HostPath == nil {
		return fmt.Errorf("PV %s has no hostPath", pv.Name)
	}
	dir := filepath.Clean(pv.Spec.HostPath.Path)
	// never anything but a direct child of the volume directory
	if filepath.Dir(dir) != p.volumeDir || !strings.HasPrefix(filepath.Base(dir), pv.Name+"_") {
		return fmt.Errorf("PV %s: path %s is not a volume directory of %s", pv.Name, dir, p.volumeDir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("removing %s: %w", dir, err)
	}
	klog.FromContext(ctx).Info("deleted", "PV", pv.Name, "path", dir)
	return nil
}

func buildInfo() []any {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	kv := []any{"go", info.GoVersion}
	for _, dep := range info.Deps {
		switch dep.Path {
		case "sigs.k8s.io/sig-storage-lib-external-provisioner/v13", "k8s.io/client-go":
			kv = append(kv, dep.Path, dep.Version)
		}
	}
	return kv
}

func main() {
	klog.InitFlags(nil)
	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig of the cluster (default $KUBECONFIG)")
	name := flag.String("provisioner-name", "realtime-svg.local/hostpath", "the provisioner of the StorageClasses served")
	volumeDir := flag.String("volume-dir", "", "directory to create the volumes' directories in (required)")
	readyFile := flag.String("ready-file", "", "file written once the informers have synced")
	flag.Parse()
	if *volumeDir == "" {
		klog.Exit("--volume-dir is required")
	}
	dir, err := filepath.Abs(*volumeDir)
	if err != nil {
		klog.Exitf("--volume-dir: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		klog.Exitf("--volume-dir: %v", err)
	}

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		klog.Exitf("kubeconfig %q: %v", *kubeconfig, err)
	}
	config.UserAgent = "hostpath-provisioner"
	// client-go's default (5 requests/s, bursts of 10) delays a provisioning by up to 0.8 s
	// when a few claims come at once (a StatefulSet's): each costs about six requests
	// (node, PV, claim, events)
	config.QPS, config.Burst = 50, 100
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		klog.Exitf("client: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger := klog.FromContext(ctx)
	logger.Info("starting", append([]any{"provisioner", *name, "volumeDir", dir}, buildInfo()...)...)

	// the library's informers, made here so that readiness (synced caches) is known
	factory := informers.NewSharedInformerFactory(client, controller.DefaultResyncPeriod)
	claims := factory.Core().V1().PersistentVolumeClaims().Informer()
	volumes := factory.Core().V1().PersistentVolumes().Informer()
	classes := factory.Storage().V1().StorageClasses().Informer()
	pc := controller.NewProvisionController(ctx, client, *name,
		&hostPathProvisioner{client: client, volumeDir: dir},
		controller.LeaderElection(false), // one process per cluster
		controller.ClaimsInformer(claims),
		controller.VolumesInformer(volumes),
		controller.ClassesInformer(classes),
		// a failed provisioning or deletion is retried after 1 s, 2 s, 4 s, ... at most
		// 30 s apart (the library's default: every 15 s)
		controller.RateLimiter(workqueue.NewTypedItemExponentialFailureRateLimiter[string](time.Second, 30*time.Second)),
	)
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), claims.HasSynced, volumes.HasSynced, classes.HasSynced) {
		klog.Exit("informers did not sync")
	}
	if *readyFile != "" {
		// written whole or not at all: a reader never sees it empty
		tmp := *readyFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(fmt.Sprintf("%d\n", os.Getpid())), 0o644); err != nil {
			klog.Exitf("--ready-file: %v", err)
		}
		if err := os.Rename(tmp, *readyFile); err != nil {
			klog.Exitf("--ready-file: %v", err)
		}
		defer os.Remove(*readyFile)
	}
	logger.Info("ready: informers synced")
	pc.Run(ctx) // returns on SIGTERM/SIGINT
	factory.Shutdown()
	logger.Info("stopped")
}
