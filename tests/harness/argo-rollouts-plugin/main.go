// Argo Rollouts' own kubectl plugin (`kubectl argo rollouts`), built from its Go module at the
// version go.mod names, so tests can read the rollouts this tool drives through Argo's tools.
// Only the entry point is here: the commands are Argo's package, called as its main calls it.
package main

import (
	"os"

	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/cmd"
	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/options"
)

func main() {
	streams := genericclioptions.IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	root := cmd.NewCmdArgoRollouts(options.NewArgoRolloutsOptions(streams))
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
