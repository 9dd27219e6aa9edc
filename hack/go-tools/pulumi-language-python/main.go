// pulumi-language-python: a minimal Pulumi language host for Python programs.
//
// Upstream's host lives in the nested module
// github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3, which has no module
// tags and which the Go module proxy reachable here does not serve. This host is built
// instead (hack/build-go-tools.sh), from github.com/pulumi/pulumi/sdk/v3 at the same version
// as the CLI. It does what `pulumi up/preview/destroy` need from a language host and no
// more, with sdk/v3's own pieces: the gRPC protocol (proto/go), the Python toolchain and
// virtualenv handling (python/toolchain), and the exec shim that runs the program
// (python/cmd/pulumi-language-python-exec, installed beside this binary by the build).
//
// Implemented: Handshake, GetPluginInfo, GetRequiredPlugins, GetRequiredPackages (the
// pulumi-plugin.json of every installed pulumi-* package), Run, InstallDependencies (a
// check that the virtualenv is usable: it installs nothing) and About. Everything else
// (code generation, `pulumi new` prompts, plugin packs) answers Unimplemented.
// Only the pip toolchain is supported (runtime options `virtualenv`, `toolchain: pip`).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

const (
	execShim = "pulumi-language-python-exec"
	// The exec shim's exit code after it has shown the user an actionable error.
	userActionableExit = 32
)

func main() {
	var tracing, givenExec, root, virtualenv string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.StringVar(&givenExec, "use-executor", "", "Use this exec shim instead of the one beside this binary")
	flag.StringVar(&root, "root", "", "Project root (ignored: taken from each request)")
	flag.StringVar(&virtualenv, "virtualenv", "", "Virtualenv (ignored: taken from each request's runtime options)")
	flag.Parse()

	shim := givenExec
	if shim == "" {
		self, err := os.Executable()
		if err != nil {
			cmdutil.Exit(fmt.Errorf("could not determine the current executable: %w", err))
		}
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		shim = filepath.Join(filepath.Dir(self), execShim)
	}
	if _, err := os.Stat(shim); err != nil {
		cmdutil.Exit(fmt.Errorf("missing executor %s: %w", shim, err))
	}

	host := &pythonHost{shim: shim, tracing: tracing}
	if args := flag.Args(); len(args) > 0 {
		host.engineAddress = args[0]
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	shim    string
	tracing string

	mu            sync.Mutex
	engineAddress string
}

func (h *pythonHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *pythonHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// toolchainFor resolves the Python toolchain from the program's runtime options
// (`runtime: {name: python, options: {toolchain: pip, virtualenv: DIR}}` in Pulumi.yaml).
func toolchainFor(info *pulumirpc.ProgramInfo) (toolchain.Toolchain, error) {
	opts := toolchain.PythonOptions{
		Root:       info.GetRootDirectory(),
		ProgramDir: info.GetProgramDirectory(),
		Toolchain:  toolchain.Pip,
	}
	var options map[string]any
	if info.GetOptions() != nil {
		options = info.GetOptions().AsMap()
	}
	for key, value := range options {
		text, _ := value.(string)
		switch key {
		case "virtualenv":
			opts.Virtualenv = text
		case "toolchain":
			if text != "" && text != "pip" {
				return nil, fmt.Errorf("runtime option toolchain: %q is not supported by this language host "+
					"(hack/go-tools/pulumi-language-python); use pip with a virtualenv", text)
			}
		case "typechecker":
			if text != "" {
				return nil, fmt.Errorf("runtime option typechecker is not supported by this language host")
			}
		}
	}
	return toolchain.ResolveToolchain(opts)
}

// pluginDependencies: one resource plugin for each installed pulumi-* package whose
// pulumi-plugin.json says so (as upstream's host decides, from the same file).
func pluginDependencies(ctx context.Context, info *pulumirpc.ProgramInfo) ([]*pulumirpc.PackageDependency, error) {
	tc, err := toolchainFor(info)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return nil, err
	}
	locations, err := pulumiPackages(ctx, tc)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(locations))
	for name := range locations {
		names = append(names, name)
	}
	sort.Strings(names)
	var deps []*pulumirpc.PackageDependency
	for _, name := range names {
		location := locations[name]
		module := strings.ReplaceAll(name, "-", "_")
		var spec *plugin.PulumiPluginJSON
		for _, file := range []string{"pulumi-plugin.json", "pulumiplugin.json"} {
			spec, err = plugin.LoadPulumiPluginJSON(filepath.Join(location, module, file))
			if err == nil {
				break
			}
			if !os.IsNotExist(err) {
				return nil, err
			}
		}
		if spec == nil || !spec.Resource || spec.Version == "" {
			continue // no plugin, or a version that cannot be derived (as upstream: skipped)
		}
		pluginName := spec.Name
		if pluginName == "" {
			pluginName = strings.TrimPrefix(module, "pulumi_")
		}
		v := spec.Version
		if !strings.HasPrefix(v, "v") {
			v = "v" + v
		}
		deps = append(deps, &pulumirpc.PackageDependency{
			Name: pluginName, Kind: "resource", Version: v, Server: spec.Server,
		})
	}
	return deps, nil
}

// pulumiPackagesScript prints, as JSON, every installed distribution whose (normalized) name
// starts with pulumi- and the directory it is installed in (its site-packages).
const pulumiPackagesScript = `import importlib.metadata as m, json, re
out = {}
for dist in m.distributions():
    name = re.sub(r"[-_.]+", "-", dist.metadata["Name"] or "").lower()
    if name.startswith("pulumi-"):
        out[name] = str(dist.locate_file(""))
print(json.dumps(out))`

// pulumiPackages: the installed pulumi-* distributions (normalized names, as `pip list` prints
// them) and where each is installed, asked of the program's own Python in one short run. Not
// toolchain.ListPackages: that runs `pip list` (about 0.3 s here, on every `pulumi up`), and its
// results carry no location since sdk/v3 v3.229.0 (plugin.DependencyInfo lost Location).
func pulumiPackages(ctx context.Context, tc toolchain.Toolchain) (map[string]string, error) {
	cmd, err := tc.Command(ctx, "-c", pulumiPackagesScript)
	if err != nil {
		return nil, err
	}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing the installed pulumi-* packages: %w", err)
	}
	locations := map[string]string{}
	if err := json.Unmarshal(out, &locations); err != nil {
		return nil, fmt.Errorf("listing the installed pulumi-* packages: %w", err)
	}
	return locations, nil
}

func (h *pythonHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	deps, err := pluginDependencies(ctx, req.GetInfo())
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: deps}, nil
}

func (h *pythonHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	deps, err := pluginDependencies(ctx, req.GetInfo())
	if err != nil {
		return nil, err
	}
	out := make([]*pulumirpc.PluginDependency, 0, len(deps))
	for _, d := range deps {
		out = append(out, &pulumirpc.PluginDependency{Name: d.Name, Kind: d.Kind, Version: d.Version, Server: d.Server})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: out}, nil
}

// Run runs the program through the exec shim, with the arguments and environment the
// shim reads (its argparse options; PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS).
func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	tc, err := toolchainFor(req.GetInfo())
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()

	args := []string{"-u", h.shim}
	add := func(flag, value string) {
		if value != "" {
			args = append(args, "--"+flag, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engine)
	add("project", req.GetProject())
	add("root_directory", req.GetInfo().GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("dry_run", fmt.Sprintf("%v", req.GetDryRun()))
	add("parallel", fmt.Sprint(req.GetParallel()))
	add("tracing", h.tracing)
	add("organization", req.GetOrganization())
	program := req.GetInfo().GetEntryPoint()
	if program == "" {
		program = req.GetProgram()
	}
	if program == "" {
		program = "."
	}
	if dir := req.GetInfo().GetProgramDirectory(); dir != "" && !filepath.IsAbs(program) {
		program = filepath.Join(dir, program)
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return nil, err
	}
	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	cmd.Dir = req.GetPwd()
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == userActionableExit {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d",
				exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// InstallDependencies installs nothing (dependencies come with the project's virtualenv);
// it only fails when that virtualenv is not usable.
func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, _ grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	tc, err := toolchainFor(req.GetInfo())
	if err != nil {
		return err
	}
	return tc.ValidateVenv(context.Background())
}

func (h *pythonHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	tc, err := toolchainFor(req.GetInfo())
	if err != nil {
		return nil, err
	}
	info, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{
		Executable: info.PythonExecutable,
		Version:    info.PythonVersion.String(),
		Metadata:   map[string]string{"toolchain": "pip", "host": "hack/go-tools/pulumi-language-python"},
	}, nil
}
