# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_rollouts_global_optspecs
    string join \n kubeconfig= context= n/namespace= o/output= no-color v/verbose h/help V/version
end

function __fish_kubectl_rollouts_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_rollouts_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_rollouts_using_subcommand
    set -l cmd (__fish_kubectl_rollouts_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "rollout" -d 'Drive and inspect Argo Rollouts `Rollout` objects from this process'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "promote" -d 'Promote a paused rollout: its next canary step, or the blue-green switch (same as `rollout promote`)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "abort" -d 'Abort a rollout and send all traffic back to stable (same as `rollout abort`)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "rollback" -d 'Roll a Deployment or Rollout back to an earlier revision, or revert a GitOps promotion'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "deploy" -d 'Set a Deployment\'s image, wait for it, smoke-test it, and undo it on failure'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "flags" -d 'Feature flags in flagd\'s format (a ConfigMap or a file): percentages, kill switch, eval'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "analyze" -d 'Run an AnalysisTemplate\'s metrics once, as a gate (e.g. an error budget)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "hooks" -d 'Argo CD sync hooks without Argo CD: a directory\'s run order, or one phase run'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "window" -d 'Argo CD sync windows: is a sync allowed now, and when does that change'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "smoke" -d 'HTTP smoke tests: every attempt must return the expected status'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "image" -d 'Container images: set them in a kustomization, pick a tag from a registry or a list'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "promote-image" -d 'Promote an image through git: a deploy branch with the overlay\'s image set, pushed for review, with a ready pull-request title and body'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "install" -d 'Install (or print) the CustomResourceDefinitions this tool needs'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "version" -d 'Print the version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "__complete" -d 'Completions in kubectl\'s plugin protocol (called by `kubectl_complete-rollouts`)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "get" -d 'Show a rollout: status, step, weights, images and its tree of revisions (which one is stable, canary, active or preview)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "list" -d 'List rollouts with their status and step'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "run" -d 'Drive a rollout (canary steps, or the blue-green sequence) until healthy, aborted or paused'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "plan" -d 'Without changing anything: the steps with their earliest start, weights, pauses and analysis, the earliest finish, and where deploy windows would hold it (exit 0 fits, 1 it would be held)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "promote" -d 'Promote a paused rollout to its next step or the blue-green switch, or with --full skip all steps, pauses and analysis left'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "abort" -d 'Abort a rollout and send all traffic back to stable'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "retry" -d 'Restart an aborted rollout\'s update (its steps, or the blue-green sequence)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "history" -d 'Revisions of a Deployment or Rollout, newest first, or one revision\'s template'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "lint" -d 'Check Rollouts offline with the AnalysisTemplates, ClusterAnalysisTemplates, Services and Ingresses given with them, as `rollout run` checks them before it changes anything; exit 2 naming every problem by file, line and field'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and not __fish_seen_subcommand_from get list run plan promote abort retry history lint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -s w -l watch -d 'Keep watching and redraw on every change'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -s A -l all-namespaces -d 'List rollouts in all namespaces'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l image -d 'Set a container\'s image before driving, as CONTAINER=IMAGE (repeatable)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l timeout -d 'Give up after this long (e.g. 10m), leaving the rollout in a safe state (1s to 8760h (365 days))' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l prometheus -d 'Query this Prometheus for every analysis, in place of the templates\' addresses (e.g. a port-forward); without it a template\'s address is used, else $PROMETHEUS_URL' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l window-project -d 'Respect Argo CD sync windows: an AppProject file, or its name in the cluster. A blocked start exits 1 with nothing changed; a step that would shift more traffic waits for the window to open' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l app -d 'The application the windows are checked for (their `applications` globs)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l dest-namespace -d 'Destination namespace matched against the windows\' `namespaces` globs (default: the namespace of the Rollout, or of the flags\' ConfigMap)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l dest-cluster -d 'Destination cluster (server URL or name) matched against the windows\' `clusters` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l argocd-namespace -d 'Namespace of Argo CD\'s AppProjects when --window-project names one in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l wait-for-lease -d 'Wait for another driver\'s lease instead of failing at once'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l force -d 'Drive even if an Argo Rollouts controller runs in the cluster'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l manual -d 'Check the windows for a manual sync (windows with manualSync: true let it through)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l wait-for-window -d 'When the windows block the start, wait for them to open (with a countdown) instead of exiting 1'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l image -d 'The image the rollout would set, as CONTAINER=IMAGE (repeatable; shown, and checked against the template\'s containers)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l at -d 'When the rollout would start, RFC 3339 (default: now)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l window-project -d 'Respect Argo CD sync windows: an AppProject file, or its name in the cluster. A blocked start exits 1 with nothing changed; a step that would shift more traffic waits for the window to open' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l app -d 'The application the windows are checked for (their `applications` globs)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l dest-namespace -d 'Destination namespace matched against the windows\' `namespaces` globs (default: the namespace of the Rollout, or of the flags\' ConfigMap)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l dest-cluster -d 'Destination cluster (server URL or name) matched against the windows\' `clusters` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l argocd-namespace -d 'Namespace of Argo CD\'s AppProjects when --window-project names one in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l manual -d 'Check the windows for a manual sync (windows with manualSync: true let it through)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -l full -d 'Skip all remaining steps, pauses and analysis and promote to stable'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -l no-wait -d 'Record the promotion and return, without driving the rollout on'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from promote" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l no-wait -d 'Record the intent and return, without driving the rollout on'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -l no-wait -d 'Record the intent and return, without driving the rollout on'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l revision -d 'Show this revision\'s whole pod template (1 to 9223372036854775807)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -s f -l filename -d 'Manifest files or directories (their *.yaml, *.yml, *.json), "-" for stdin; repeatable. Objects without a namespace are in -n, else default' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a rollout: status, step, weights, images and its tree of revisions (which one is stable, canary, active or preview)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "list" -d 'List rollouts with their status and step'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "run" -d 'Drive a rollout (canary steps, or the blue-green sequence) until healthy, aborted or paused'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Without changing anything: the steps with their earliest start, weights, pauses and analysis, the earliest finish, and where deploy windows would hold it (exit 0 fits, 1 it would be held)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "promote" -d 'Promote a paused rollout to its next step or the blue-green switch, or with --full skip all steps, pauses and analysis left'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Abort a rollout and send all traffic back to stable'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Restart an aborted rollout\'s update (its steps, or the blue-green sequence)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "history" -d 'Revisions of a Deployment or Rollout, newest first, or one revision\'s template'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check Rollouts offline with the AnalysisTemplates, ClusterAnalysisTemplates, Services and Ingresses given with them, as `rollout run` checks them before it changes anything; exit 2 naming every problem by file, line and field'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -l full -d 'Skip all remaining steps, pauses and analysis and promote to stable'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -l no-wait -d 'Record the promotion and return, without driving the rollout on'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -l no-wait -d 'Record the intent and return, without driving the rollout on'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand abort" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l to-revision -d 'Revision to roll back to (default, or 0: the previous one); `rollout history` lists them (0 to 9223372036854775807)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l timeout -d 'Give up waiting after this long (e.g. 5m; 1s to 8760h (365 days)); default: until the progress deadline' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l gitops -d 'Revert this promotion commit (from promote-image) on a new branch, pushed for review' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l app -d 'With --last: only promotions of this app' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l repo -d 'The git checkout to work in' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l remote -d 'The remote to fetch the base branch from and push the new branch to' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l base -d 'The branch the change is based on and proposed to (default: the checkout\'s branch)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l github-repo -d 'The GitHub repository as OWNER/NAME for --open-pr (default: $GITHUB_REPOSITORY)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l github-api -d 'The GitHub API\'s base URL for --open-pr' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l dry-run -d 'Print what would change, as a diff of the two templates, and change nothing'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l no-wait -d 'Return once the change is made, without waiting for it to become available'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l last -d 'Revert the newest promotion commit on the base branch (with --app, of that app)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l open-pr -d 'Also open the pull request through the GitHub API (token from $GITHUB_TOKEN)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand rollback" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l image -d 'The image to set, as CONTAINER=IMAGE (repeatable)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l timeout -d 'How long to wait for the new revision to become available (and, on a failure, for the previous one to be available again); 1s to 8760h (365 days)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l change-cause -d 'Recorded as the `kubernetes.io/change-cause` annotation (default: "deploy IMAGE by kubectl-rollouts")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l smoke -d 'Smoke-test this URL once the new revision is available (repeatable)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l smoke-count -d 'Smoke attempts per URL (1 to 10000)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l smoke-interval -d 'Pause between smoke attempts (0s to 1h)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l smoke-timeout -d 'Timeout of one smoke request (1ms to 1h)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l expect -d 'Expected smoke status: a code (100 to 599), a class (2xx), a range or a list' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -s H -l header -d 'Smoke request header as NAME:VALUE (repeatable)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l window-project -d 'Check Argo CD sync windows first: an AppProject file, or its name in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l app -d 'The application the windows are checked for' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l argocd-namespace -d 'Namespace of Argo CD\'s AppProjects when --window-project names one in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l hooks -d 'Directory of Argo CD hook manifests: PreSync before the image is set, Sync with it, PostSync after the gates, SyncFail after a failure' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l analysis -d 'Gate the deploy on this AnalysisTemplate (a file, or a name in the cluster) once the smoke test passed' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l arg -d 'Analysis argument as NAME=VALUE (repeatable)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l prometheus -d 'Prometheus address for the analysis, instead of the template\'s' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l manual -d 'Check the windows for a manual sync'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand deploy" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "list" -d 'List the flags with their state, default variant and rollout percentage'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "get" -d 'Show one flag: state, variants, default, targeting'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "enable" -d 'Turn a flag on: for everyone, or with --percentage for P% of targeting keys'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "disable" -d 'The kill switch: turn a flag off for everyone at once (state DISABLED)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "set" -d 'Split targeting keys across variants by weight, e.g. --variant red=1 --variant blue=3'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "eval" -d 'Evaluate a flag for a targeting key (and context) as flagd would'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "rollout" -d 'Raise a boolean flag step by step, pausing and analysing between the steps'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "promote" -d 'Go on from a flag rollout\'s pause, or skip its current step; --full: on for everyone'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "abort" -d 'Stop a flag rollout and disable the flag for everyone (the kill switch)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "retry" -d 'Start an aborted flag rollout again from its first step'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and not __fish_seen_subcommand_from list get enable disable set eval rollout promote abort retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -l percentage -d 'On for this share of targeting keys (0 to 100, two decimals); default 100' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -l replace-targeting -d 'Replace a custom targeting rule (else refused, naming it)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -l variant -d 'A variant and its integer weight, as VARIANT=WEIGHT (repeatable; each weight 0 to 2147483647, their sum 1 to 2147483647)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -l replace-targeting -d 'Replace a custom targeting rule (else refused, naming it)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -l key -l targeting-key -d 'The targeting key (the user), bucketed by `fractional`' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -l context -d 'More evaluation context, as a JSON object (e.g. \'{"email":"ross@faas.com"}\')' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from eval" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l steps -d 'The percentages, increasing, e.g. 5,25,50,100 (each above 0, at most 100, two decimals). Without it, the rollout recorded on the ConfigMap resumes' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l pause -d 'Pause after each percentage but the last (e.g. 10m; 1s to 8760h (365 days))' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l analysis -d 'AnalysisTemplate to run after each percentage but the last (repeatable: the templates\' metrics run together)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l arg -d 'Argument for the templates as NAME=VALUE (repeatable; recorded on the ConfigMap: give secrets through the template\'s secretKeyRef)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l prometheus -d 'Query this Prometheus for every analysis, in place of the templates\' addresses' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l timeout -d 'Give up after this long (e.g. 1h), leaving the flag where it is (1s to 8760h (365 days))' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l window-project -d 'Respect Argo CD sync windows: an AppProject file, or its name in the cluster. A blocked start exits 1 with nothing changed; a step that would shift more traffic waits for the window to open' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l app -d 'The application the windows are checked for (their `applications` globs)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l dest-namespace -d 'Destination namespace matched against the windows\' `namespaces` globs (default: the namespace of the Rollout, or of the flags\' ConfigMap)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l dest-cluster -d 'Destination cluster (server URL or name) matched against the windows\' `clusters` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l argocd-namespace -d 'Namespace of Argo CD\'s AppProjects when --window-project names one in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l wait-for-lease -d 'Wait for another driver\'s lease instead of failing at once'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l manual -d 'Check the windows for a manual sync (windows with manualSync: true let it through)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l wait-for-window -d 'When the windows block the start, wait for them to open instead of exiting 1'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from rollout" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -l full -d 'Skip every remaining step: the flag on for everyone'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -l no-wait -d 'Record the promotion and return, without driving the rollout on'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from promote" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -l no-wait -d 'Record it and return, without driving the rollout on'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -l configmap -d 'ConfigMap holding the flag document (created by a first write); this or --file' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -l configmap-key -d 'The ConfigMap\'s data key holding the document' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -l file -d 'A local flag file instead of a ConfigMap (created by a first write)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -l no-wait -d 'Record it and return, without driving the rollout on'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the flags with their state, default variant and rollout percentage'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one flag: state, variants, default, targeting'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Turn a flag on: for everyone, or with --percentage for P% of targeting keys'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "disable" -d 'The kill switch: turn a flag off for everyone at once (state DISABLED)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "set" -d 'Split targeting keys across variants by weight, e.g. --variant red=1 --variant blue=3'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "eval" -d 'Evaluate a flag for a targeting key (and context) as flagd would'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "rollout" -d 'Raise a boolean flag step by step, pausing and analysing between the steps'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "promote" -d 'Go on from a flag rollout\'s pause, or skip its current step; --full: on for everyone'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop a flag rollout and disable the flag for everyone (the kill switch)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Start an aborted flag rollout again from its first step'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand flags; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -s f -l file -d 'Read the AnalysisTemplate from this file instead of the cluster' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -l arg -d 'Template argument as NAME=VALUE (repeatable)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -l prometheus -d 'Prometheus address to use instead of the template\'s (default: $PROMETHEUS_URL when it is set and not empty)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -l explain -d 'Print every measurement with its query, value, condition and verdict as a table'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand analyze" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -f -a "list" -d 'The order a directory\'s hooks run in, phase by phase, and why (phase, wave, kind, name)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -f -a "run" -d 'Run one phase\'s hooks in the namespace, wave by wave, with their delete policies'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and not __fish_seen_subcommand_from list run help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from list" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -l phase -d 'The phase to run, spelt as Argo CD spells it' -r -f -a "PreSync\t''
Sync\t''
PostSync\t''
SyncFail\t''"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -l for -d 'The workload the operation is for, as deployment/NAME or rollout/NAME: it must exist, and is recorded on every hook object (annotation kubectl-rollouts/hook-for)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -l timeout -d 'Give up on hooks still running after this long (e.g. 5m; 1s to 8760h (365 days)): exit 1, left as they are' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "list" -d 'The order a directory\'s hooks run in, phase by phase, and why (phase, wave, kind, name)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run one phase\'s hooks in the namespace, wave by wave, with their delete policies'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -f -a "check" -d 'Is a sync allowed at an instant, which windows are active, and when that changes'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -f -a "next" -d 'Open and closed periods over the coming days, as a calendar'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -f -a "lint" -d 'Explain sync-window configurations that likely do not do what was meant'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and not __fish_seen_subcommand_from check next lint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l project -d 'An AppProject manifest file, or the name of an AppProject in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l argocd-namespace -d 'Namespace of Argo CD\'s AppProjects when --project names one in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l app -d 'Application name matched against the windows\' `applications` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l dest-namespace -d 'Destination namespace matched against the windows\' `namespaces` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l dest-cluster -d 'Destination cluster (server URL or name) matched against the windows\' `clusters` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l at -d 'The instant to check, RFC 3339 (default: now)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l manual -d 'Ask about a manual sync (windows with manualSync: true let it through)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l project -d 'An AppProject manifest file, or the name of an AppProject in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l argocd-namespace -d 'Namespace of Argo CD\'s AppProjects when --project names one in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l app -d 'Application name matched against the windows\' `applications` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l dest-namespace -d 'Destination namespace matched against the windows\' `namespaces` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l dest-cluster -d 'Destination cluster (server URL or name) matched against the windows\' `clusters` globs' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l at -d 'Start of the calendar, RFC 3339 (default: now)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l days -d 'How far ahead to look, as a duration (e.g. 168h; 1s to 8784h, 366 days)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l manual -d 'Ask about a manual sync (windows with manualSync: true let it through)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from next" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -l project -d 'An AppProject manifest file, or the name of an AppProject in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -l argocd-namespace -d 'Namespace of Argo CD\'s AppProjects when --project names one in the cluster' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from help" -f -a "check" -d 'Is a sync allowed at an instant, which windows are active, and when that changes'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from help" -f -a "next" -d 'Open and closed periods over the coming days, as a calendar'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Explain sync-window configurations that likely do not do what was meant'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand window; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l count -d 'Attempts per URL (1 to 10000)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l interval -d 'Pause between attempts to the same URL (and before each retry); 0s to 1h' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l timeout -d 'Timeout of one request: connect, send and read the whole body (1ms to 1h). Not connected by then is a connect timeout (unreachable); connected but no whole response is a timeout (failed), also when the response came but took longer than this' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l expect -d 'Expected status: a code (200; 100 to 599), a class (2xx), a range (200-299), or a comma-separated list of those (200,301-302). Redirects are not followed' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l body-contains -d 'The response body must also contain this text' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -s H -l header -d 'Request header as NAME:VALUE (repeatable)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l method -d 'HTTP method' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l cacert -d 'Trust the CA certificates in this PEM file in addition to the system roots' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l concurrency -d 'How many URLs are probed at the same time (each URL\'s attempts stay sequential); 1 to 256' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l retries -d 'Retries of a failed attempt, `--interval` apart, before it counts as failed (0 to 100; default: none, every failure counts)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l insecure -d 'Accept any TLS certificate, without verifying it'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand smoke" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -f -a "set" -d 'Set images in a kustomization as `kustomize edit set image` does, keeping the rest of the file as written'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -f -a "pick" -d 'Pick the tag to deploy with Argo CD Image Updater\'s strategies and filters'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and not __fish_seen_subcommand_from set pick help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -l kustomization -d 'The kustomization directory (or file)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -l dry-run -d 'Print the new file on stdout instead of writing it'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l strategy -d 'semver, newest-build, alphabetical or digest (Image Updater\'s strategies)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l constraint -d 'semver: a Masterminds/semver constraint (`^1.2`, `~1.2`, `1.2.x`, `>=1.0 <2`, `a || b`); digest: the tag to follow' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l allow-tags -d 'Only tags matching `regexp:PATTERN` (or `any`)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l ignore-tags -d 'Leave out tags matching these globs (comma-separated, repeatable)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l tags-file -d 'Read tags from this file ("-" for stdin): one per line, optionally followed by its creation time (RFC 3339) and digest' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l registry-image -d 'Read tags from an OCI registry, as HOST[:PORT]/REPOSITORY (credentials for a token server from $REGISTRY_USERNAME and $REGISTRY_PASSWORD)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l plain-http -d 'Talk to the registry over plain HTTP (a local registry)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from pick" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set images in a kustomization as `kustomize edit set image` does, keeping the rest of the file as written'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "pick" -d 'Pick the tag to deploy with Argo CD Image Updater\'s strategies and filters'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l app -d 'The application\'s name, used in the branch, the commit and the pull request' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l overlay -d 'The overlay\'s kustomization directory, relative to the repository' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l image -d 'The image to set, as `image set` takes it (repeatable; the first one names the branch)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l branch -d 'The branch to create (default: deploy/APP-TAG)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l repo -d 'The git checkout to work in' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l remote -d 'The remote to fetch the base branch from and push the new branch to' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l base -d 'The branch the change is based on and proposed to (default: the checkout\'s branch)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l github-repo -d 'The GitHub repository as OWNER/NAME for --open-pr (default: $GITHUB_REPOSITORY)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l github-api -d 'The GitHub API\'s base URL for --open-pr' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l open-pr -d 'Also open the pull request through the GitHub API (token from $GITHUB_TOKEN)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand promote-image" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -l print -d 'Print the CRDs as YAML instead of applying them'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand install" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand completion" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand completion" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand completion" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand completion" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand completion" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand version" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand version" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand version" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand version" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand version" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand version" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand __complete" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand __complete" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand __complete" -s n -l namespace -d 'Namespace to work in (default: the context\'s namespace, else "default")' -r
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand __complete" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON, for machines'
yaml\t'YAML, for machines'"
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand __complete" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand __complete" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand __complete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand __complete" -s V -l version -d 'Print version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "rollout" -d 'Drive and inspect Argo Rollouts `Rollout` objects from this process'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "promote" -d 'Promote a paused rollout: its next canary step, or the blue-green switch (same as `rollout promote`)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "abort" -d 'Abort a rollout and send all traffic back to stable (same as `rollout abort`)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "rollback" -d 'Roll a Deployment or Rollout back to an earlier revision, or revert a GitOps promotion'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "deploy" -d 'Set a Deployment\'s image, wait for it, smoke-test it, and undo it on failure'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "flags" -d 'Feature flags in flagd\'s format (a ConfigMap or a file): percentages, kill switch, eval'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "analyze" -d 'Run an AnalysisTemplate\'s metrics once, as a gate (e.g. an error budget)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "hooks" -d 'Argo CD sync hooks without Argo CD: a directory\'s run order, or one phase run'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "window" -d 'Argo CD sync windows: is a sync allowed now, and when does that change'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "smoke" -d 'HTTP smoke tests: every attempt must return the expected status'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "image" -d 'Container images: set them in a kustomization, pick a tag from a registry or a list'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "promote-image" -d 'Promote an image through git: a deploy branch with the overlay\'s image set, pushed for review, with a ready pull-request title and body'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "install" -d 'Install (or print) the CustomResourceDefinitions this tool needs'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "completion" -d 'Print a shell completion script'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "version" -d 'Print the version'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "__complete" -d 'Completions in kubectl\'s plugin protocol (called by `kubectl_complete-rollouts`)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and not __fish_seen_subcommand_from rollout promote abort rollback deploy flags analyze hooks window smoke image promote-image install completion version __complete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "get" -d 'Show a rollout: status, step, weights, images and its tree of revisions (which one is stable, canary, active or preview)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "list" -d 'List rollouts with their status and step'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "run" -d 'Drive a rollout (canary steps, or the blue-green sequence) until healthy, aborted or paused'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "plan" -d 'Without changing anything: the steps with their earliest start, weights, pauses and analysis, the earliest finish, and where deploy windows would hold it (exit 0 fits, 1 it would be held)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "promote" -d 'Promote a paused rollout to its next step or the blue-green switch, or with --full skip all steps, pauses and analysis left'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "abort" -d 'Abort a rollout and send all traffic back to stable'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "retry" -d 'Restart an aborted rollout\'s update (its steps, or the blue-green sequence)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "history" -d 'Revisions of a Deployment or Rollout, newest first, or one revision\'s template'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "lint" -d 'Check Rollouts offline with the AnalysisTemplates, ClusterAnalysisTemplates, Services and Ingresses given with them, as `rollout run` checks them before it changes anything; exit 2 naming every problem by file, line and field'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "list" -d 'List the flags with their state, default variant and rollout percentage'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "get" -d 'Show one flag: state, variants, default, targeting'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "enable" -d 'Turn a flag on: for everyone, or with --percentage for P% of targeting keys'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "disable" -d 'The kill switch: turn a flag off for everyone at once (state DISABLED)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "set" -d 'Split targeting keys across variants by weight, e.g. --variant red=1 --variant blue=3'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "eval" -d 'Evaluate a flag for a targeting key (and context) as flagd would'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "rollout" -d 'Raise a boolean flag step by step, pausing and analysing between the steps'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "promote" -d 'Go on from a flag rollout\'s pause, or skip its current step; --full: on for everyone'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "abort" -d 'Stop a flag rollout and disable the flag for everyone (the kill switch)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from flags" -f -a "retry" -d 'Start an aborted flag rollout again from its first step'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from hooks" -f -a "list" -d 'The order a directory\'s hooks run in, phase by phase, and why (phase, wave, kind, name)'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from hooks" -f -a "run" -d 'Run one phase\'s hooks in the namespace, wave by wave, with their delete policies'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from window" -f -a "check" -d 'Is a sync allowed at an instant, which windows are active, and when that changes'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from window" -f -a "next" -d 'Open and closed periods over the coming days, as a calendar'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from window" -f -a "lint" -d 'Explain sync-window configurations that likely do not do what was meant'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "set" -d 'Set images in a kustomization as `kustomize edit set image` does, keeping the rest of the file as written'
complete -c kubectl-rollouts -n "__fish_kubectl_rollouts_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "pick" -d 'Pick the tag to deploy with Argo CD Image Updater\'s strategies and filters'
