
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-rollouts' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-rollouts'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kubectl-rollouts' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Drive and inspect Argo Rollouts `Rollout` objects from this process')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Promote a paused rollout: its next canary step, or the blue-green switch (same as `rollout promote`)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Abort a rollout and send all traffic back to stable (same as `rollout abort`)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Roll a Deployment or Rollout back to an earlier revision, or revert a GitOps promotion')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Set a Deployment''s image, wait for it, smoke-test it, and undo it on failure')
            [CompletionResult]::new('flags', 'flags', [CompletionResultType]::ParameterValue, 'Feature flags in flagd''s format (a ConfigMap or a file): percentages, kill switch, eval')
            [CompletionResult]::new('analyze', 'analyze', [CompletionResultType]::ParameterValue, 'Run an AnalysisTemplate''s metrics once, as a gate (e.g. an error budget)')
            [CompletionResult]::new('hooks', 'hooks', [CompletionResultType]::ParameterValue, 'Argo CD sync hooks without Argo CD: a directory''s run order, or one phase run')
            [CompletionResult]::new('window', 'window', [CompletionResultType]::ParameterValue, 'Argo CD sync windows: is a sync allowed now, and when does that change')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'HTTP smoke tests: every attempt must return the expected status')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'Container images: set them in a kustomization, pick a tag from a registry or a list')
            [CompletionResult]::new('promote-image', 'promote-image', [CompletionResultType]::ParameterValue, 'Promote an image through git: a deploy branch with the overlay''s image set, pushed for review, with a ready pull-request title and body')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install (or print) the CustomResourceDefinitions this tool needs')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version')
            [CompletionResult]::new('__complete', '__complete', [CompletionResultType]::ParameterValue, 'Completions in kubectl''s plugin protocol (called by `kubectl_complete-rollouts`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;rollout' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rollout: status, step, weights, images and its tree of revisions (which one is stable, canary, active or preview)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List rollouts with their status and step')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Drive a rollout (canary steps, or the blue-green sequence) until healthy, aborted or paused')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Without changing anything: the steps with their earliest start, weights, pauses and analysis, the earliest finish, and where deploy windows would hold it (exit 0 fits, 1 it would be held)')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Promote a paused rollout to its next step or the blue-green switch, or with --full skip all steps, pauses and analysis left')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Abort a rollout and send all traffic back to stable')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Restart an aborted rollout''s update (its steps, or the blue-green sequence)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Revisions of a Deployment or Rollout, newest first, or one revision''s template')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check Rollouts offline with the AnalysisTemplates, ClusterAnalysisTemplates, Services and Ingresses given with them, as `rollout run` checks them before it changes anything; exit 2 naming every problem by file, line and field')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;rollout;get' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Keep watching and redraw on every change')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Keep watching and redraw on every change')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;list' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'List rollouts in all namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'List rollouts in all namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;run' {
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Set a container''s image before driving, as CONTAINER=IMAGE (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long (e.g. 10m), leaving the rollout in a safe state (1s to 8760h (365 days))')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Query this Prometheus for every analysis, in place of the templates'' addresses (e.g. a port-forward); without it a template''s address is used, else $PROMETHEUS_URL')
            [CompletionResult]::new('--window-project', '--window-project', [CompletionResultType]::ParameterName, 'Respect Argo CD sync windows: an AppProject file, or its name in the cluster. A blocked start exits 1 with nothing changed; a step that would shift more traffic waits for the window to open')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application the windows are checked for (their `applications` globs)')
            [CompletionResult]::new('--dest-namespace', '--dest-namespace', [CompletionResultType]::ParameterName, 'Destination namespace matched against the windows'' `namespaces` globs (default: the namespace of the Rollout, or of the flags'' ConfigMap)')
            [CompletionResult]::new('--dest-cluster', '--dest-cluster', [CompletionResultType]::ParameterName, 'Destination cluster (server URL or name) matched against the windows'' `clusters` globs')
            [CompletionResult]::new('--argocd-namespace', '--argocd-namespace', [CompletionResultType]::ParameterName, 'Namespace of Argo CD''s AppProjects when --window-project names one in the cluster')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--wait-for-lease', '--wait-for-lease', [CompletionResultType]::ParameterName, 'Wait for another driver''s lease instead of failing at once')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Drive even if an Argo Rollouts controller runs in the cluster')
            [CompletionResult]::new('--manual', '--manual', [CompletionResultType]::ParameterName, 'Check the windows for a manual sync (windows with manualSync: true let it through)')
            [CompletionResult]::new('--wait-for-window', '--wait-for-window', [CompletionResultType]::ParameterName, 'When the windows block the start, wait for them to open (with a countdown) instead of exiting 1')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;plan' {
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'The image the rollout would set, as CONTAINER=IMAGE (repeatable; shown, and checked against the template''s containers)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When the rollout would start, RFC 3339 (default: now)')
            [CompletionResult]::new('--window-project', '--window-project', [CompletionResultType]::ParameterName, 'Respect Argo CD sync windows: an AppProject file, or its name in the cluster. A blocked start exits 1 with nothing changed; a step that would shift more traffic waits for the window to open')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application the windows are checked for (their `applications` globs)')
            [CompletionResult]::new('--dest-namespace', '--dest-namespace', [CompletionResultType]::ParameterName, 'Destination namespace matched against the windows'' `namespaces` globs (default: the namespace of the Rollout, or of the flags'' ConfigMap)')
            [CompletionResult]::new('--dest-cluster', '--dest-cluster', [CompletionResultType]::ParameterName, 'Destination cluster (server URL or name) matched against the windows'' `clusters` globs')
            [CompletionResult]::new('--argocd-namespace', '--argocd-namespace', [CompletionResultType]::ParameterName, 'Namespace of Argo CD''s AppProjects when --window-project names one in the cluster')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manual', '--manual', [CompletionResultType]::ParameterName, 'Check the windows for a manual sync (windows with manualSync: true let it through)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;promote' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Skip all remaining steps, pauses and analysis and promote to stable')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Record the promotion and return, without driving the rollout on')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;abort' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Record the intent and return, without driving the rollout on')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;retry' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Record the intent and return, without driving the rollout on')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;history' {
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Show this revision''s whole pod template (1 to 9223372036854775807)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;lint' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifest files or directories (their *.yaml, *.yml, *.json), "-" for stdin; repeatable. Objects without a namespace are in -n, else default')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifest files or directories (their *.yaml, *.yml, *.json), "-" for stdin; repeatable. Objects without a namespace are in -n, else default')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollout;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rollout: status, step, weights, images and its tree of revisions (which one is stable, canary, active or preview)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List rollouts with their status and step')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Drive a rollout (canary steps, or the blue-green sequence) until healthy, aborted or paused')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Without changing anything: the steps with their earliest start, weights, pauses and analysis, the earliest finish, and where deploy windows would hold it (exit 0 fits, 1 it would be held)')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Promote a paused rollout to its next step or the blue-green switch, or with --full skip all steps, pauses and analysis left')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Abort a rollout and send all traffic back to stable')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Restart an aborted rollout''s update (its steps, or the blue-green sequence)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Revisions of a Deployment or Rollout, newest first, or one revision''s template')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check Rollouts offline with the AnalysisTemplates, ClusterAnalysisTemplates, Services and Ingresses given with them, as `rollout run` checks them before it changes anything; exit 2 naming every problem by file, line and field')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;rollout;help;get' {
            break
        }
        'kubectl-rollouts;rollout;help;list' {
            break
        }
        'kubectl-rollouts;rollout;help;run' {
            break
        }
        'kubectl-rollouts;rollout;help;plan' {
            break
        }
        'kubectl-rollouts;rollout;help;promote' {
            break
        }
        'kubectl-rollouts;rollout;help;abort' {
            break
        }
        'kubectl-rollouts;rollout;help;retry' {
            break
        }
        'kubectl-rollouts;rollout;help;history' {
            break
        }
        'kubectl-rollouts;rollout;help;lint' {
            break
        }
        'kubectl-rollouts;rollout;help;help' {
            break
        }
        'kubectl-rollouts;promote' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Skip all remaining steps, pauses and analysis and promote to stable')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Record the promotion and return, without driving the rollout on')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;abort' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Record the intent and return, without driving the rollout on')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;rollback' {
            [CompletionResult]::new('--to-revision', '--to-revision', [CompletionResultType]::ParameterName, 'Revision to roll back to (default, or 0: the previous one); `rollout history` lists them (0 to 9223372036854775807)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long (e.g. 5m; 1s to 8760h (365 days)); default: until the progress deadline')
            [CompletionResult]::new('--gitops', '--gitops', [CompletionResultType]::ParameterName, 'Revert this promotion commit (from promote-image) on a new branch, pushed for review')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'With --last: only promotions of this app')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The git checkout to work in')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'The remote to fetch the base branch from and push the new branch to')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'The branch the change is based on and proposed to (default: the checkout''s branch)')
            [CompletionResult]::new('--github-repo', '--github-repo', [CompletionResultType]::ParameterName, 'The GitHub repository as OWNER/NAME for --open-pr (default: $GITHUB_REPOSITORY)')
            [CompletionResult]::new('--github-api', '--github-api', [CompletionResultType]::ParameterName, 'The GitHub API''s base URL for --open-pr')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change, as a diff of the two templates, and change nothing')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return once the change is made, without waiting for it to become available')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Revert the newest promotion commit on the base branch (with --app, of that app)')
            [CompletionResult]::new('--open-pr', '--open-pr', [CompletionResultType]::ParameterName, 'Also open the pull request through the GitHub API (token from $GITHUB_TOKEN)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;deploy' {
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'The image to set, as CONTAINER=IMAGE (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the new revision to become available (and, on a failure, for the previous one to be available again); 1s to 8760h (365 days)')
            [CompletionResult]::new('--change-cause', '--change-cause', [CompletionResultType]::ParameterName, 'Recorded as the `kubernetes.io/change-cause` annotation (default: "deploy IMAGE by kubectl-rollouts")')
            [CompletionResult]::new('--smoke', '--smoke', [CompletionResultType]::ParameterName, 'Smoke-test this URL once the new revision is available (repeatable)')
            [CompletionResult]::new('--smoke-count', '--smoke-count', [CompletionResultType]::ParameterName, 'Smoke attempts per URL (1 to 10000)')
            [CompletionResult]::new('--smoke-interval', '--smoke-interval', [CompletionResultType]::ParameterName, 'Pause between smoke attempts (0s to 1h)')
            [CompletionResult]::new('--smoke-timeout', '--smoke-timeout', [CompletionResultType]::ParameterName, 'Timeout of one smoke request (1ms to 1h)')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Expected smoke status: a code (100 to 599), a class (2xx), a range or a list')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Smoke request header as NAME:VALUE (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Smoke request header as NAME:VALUE (repeatable)')
            [CompletionResult]::new('--window-project', '--window-project', [CompletionResultType]::ParameterName, 'Check Argo CD sync windows first: an AppProject file, or its name in the cluster')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application the windows are checked for')
            [CompletionResult]::new('--argocd-namespace', '--argocd-namespace', [CompletionResultType]::ParameterName, 'Namespace of Argo CD''s AppProjects when --window-project names one in the cluster')
            [CompletionResult]::new('--hooks', '--hooks', [CompletionResultType]::ParameterName, 'Directory of Argo CD hook manifests: PreSync before the image is set, Sync with it, PostSync after the gates, SyncFail after a failure')
            [CompletionResult]::new('--analysis', '--analysis', [CompletionResultType]::ParameterName, 'Gate the deploy on this AnalysisTemplate (a file, or a name in the cluster) once the smoke test passed')
            [CompletionResult]::new('--arg', '--arg', [CompletionResultType]::ParameterName, 'Analysis argument as NAME=VALUE (repeatable)')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Prometheus address for the analysis, instead of the template''s')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manual', '--manual', [CompletionResultType]::ParameterName, 'Check the windows for a manual sync')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the flags with their state, default variant and rollout percentage')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one flag: state, variants, default, targeting')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Turn a flag on: for everyone, or with --percentage for P% of targeting keys')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'The kill switch: turn a flag off for everyone at once (state DISABLED)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Split targeting keys across variants by weight, e.g. --variant red=1 --variant blue=3')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate a flag for a targeting key (and context) as flagd would')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Raise a boolean flag step by step, pausing and analysing between the steps')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Go on from a flag rollout''s pause, or skip its current step; --full: on for everyone')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop a flag rollout and disable the flag for everyone (the kill switch)')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Start an aborted flag rollout again from its first step')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;flags;list' {
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;get' {
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;enable' {
            [CompletionResult]::new('--percentage', '--percentage', [CompletionResultType]::ParameterName, 'On for this share of targeting keys (0 to 100, two decimals); default 100')
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--replace-targeting', '--replace-targeting', [CompletionResultType]::ParameterName, 'Replace a custom targeting rule (else refused, naming it)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;disable' {
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;set' {
            [CompletionResult]::new('--variant', '--variant', [CompletionResultType]::ParameterName, 'A variant and its integer weight, as VARIANT=WEIGHT (repeatable; each weight 0 to 2147483647, their sum 1 to 2147483647)')
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--replace-targeting', '--replace-targeting', [CompletionResultType]::ParameterName, 'Replace a custom targeting rule (else refused, naming it)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;eval' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The targeting key (the user), bucketed by `fractional`')
            [CompletionResult]::new('--targeting-key', '--targeting-key', [CompletionResultType]::ParameterName, 'The targeting key (the user), bucketed by `fractional`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'More evaluation context, as a JSON object (e.g. ''{"email":"ross@faas.com"}'')')
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;rollout' {
            [CompletionResult]::new('--steps', '--steps', [CompletionResultType]::ParameterName, 'The percentages, increasing, e.g. 5,25,50,100 (each above 0, at most 100, two decimals). Without it, the rollout recorded on the ConfigMap resumes')
            [CompletionResult]::new('--pause', '--pause', [CompletionResultType]::ParameterName, 'Pause after each percentage but the last (e.g. 10m; 1s to 8760h (365 days))')
            [CompletionResult]::new('--analysis', '--analysis', [CompletionResultType]::ParameterName, 'AnalysisTemplate to run after each percentage but the last (repeatable: the templates'' metrics run together)')
            [CompletionResult]::new('--arg', '--arg', [CompletionResultType]::ParameterName, 'Argument for the templates as NAME=VALUE (repeatable; recorded on the ConfigMap: give secrets through the template''s secretKeyRef)')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Query this Prometheus for every analysis, in place of the templates'' addresses')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long (e.g. 1h), leaving the flag where it is (1s to 8760h (365 days))')
            [CompletionResult]::new('--window-project', '--window-project', [CompletionResultType]::ParameterName, 'Respect Argo CD sync windows: an AppProject file, or its name in the cluster. A blocked start exits 1 with nothing changed; a step that would shift more traffic waits for the window to open')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application the windows are checked for (their `applications` globs)')
            [CompletionResult]::new('--dest-namespace', '--dest-namespace', [CompletionResultType]::ParameterName, 'Destination namespace matched against the windows'' `namespaces` globs (default: the namespace of the Rollout, or of the flags'' ConfigMap)')
            [CompletionResult]::new('--dest-cluster', '--dest-cluster', [CompletionResultType]::ParameterName, 'Destination cluster (server URL or name) matched against the windows'' `clusters` globs')
            [CompletionResult]::new('--argocd-namespace', '--argocd-namespace', [CompletionResultType]::ParameterName, 'Namespace of Argo CD''s AppProjects when --window-project names one in the cluster')
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--wait-for-lease', '--wait-for-lease', [CompletionResultType]::ParameterName, 'Wait for another driver''s lease instead of failing at once')
            [CompletionResult]::new('--manual', '--manual', [CompletionResultType]::ParameterName, 'Check the windows for a manual sync (windows with manualSync: true let it through)')
            [CompletionResult]::new('--wait-for-window', '--wait-for-window', [CompletionResultType]::ParameterName, 'When the windows block the start, wait for them to open instead of exiting 1')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;promote' {
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Skip every remaining step: the flag on for everyone')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Record the promotion and return, without driving the rollout on')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;abort' {
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Record it and return, without driving the rollout on')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;retry' {
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'ConfigMap holding the flag document (created by a first write); this or --file')
            [CompletionResult]::new('--configmap-key', '--configmap-key', [CompletionResultType]::ParameterName, 'The ConfigMap''s data key holding the document')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local flag file instead of a ConfigMap (created by a first write)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Record it and return, without driving the rollout on')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;flags;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the flags with their state, default variant and rollout percentage')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one flag: state, variants, default, targeting')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Turn a flag on: for everyone, or with --percentage for P% of targeting keys')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'The kill switch: turn a flag off for everyone at once (state DISABLED)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Split targeting keys across variants by weight, e.g. --variant red=1 --variant blue=3')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate a flag for a targeting key (and context) as flagd would')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Raise a boolean flag step by step, pausing and analysing between the steps')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Go on from a flag rollout''s pause, or skip its current step; --full: on for everyone')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop a flag rollout and disable the flag for everyone (the kill switch)')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Start an aborted flag rollout again from its first step')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;flags;help;list' {
            break
        }
        'kubectl-rollouts;flags;help;get' {
            break
        }
        'kubectl-rollouts;flags;help;enable' {
            break
        }
        'kubectl-rollouts;flags;help;disable' {
            break
        }
        'kubectl-rollouts;flags;help;set' {
            break
        }
        'kubectl-rollouts;flags;help;eval' {
            break
        }
        'kubectl-rollouts;flags;help;rollout' {
            break
        }
        'kubectl-rollouts;flags;help;promote' {
            break
        }
        'kubectl-rollouts;flags;help;abort' {
            break
        }
        'kubectl-rollouts;flags;help;retry' {
            break
        }
        'kubectl-rollouts;flags;help;help' {
            break
        }
        'kubectl-rollouts;analyze' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the AnalysisTemplate from this file instead of the cluster')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the AnalysisTemplate from this file instead of the cluster')
            [CompletionResult]::new('--arg', '--arg', [CompletionResultType]::ParameterName, 'Template argument as NAME=VALUE (repeatable)')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Prometheus address to use instead of the template''s (default: $PROMETHEUS_URL when it is set and not empty)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print every measurement with its query, value, condition and verdict as a table')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;hooks' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The order a directory''s hooks run in, phase by phase, and why (phase, wave, kind, name)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run one phase''s hooks in the namespace, wave by wave, with their delete policies')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;hooks;list' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;hooks;run' {
            [CompletionResult]::new('--phase', '--phase', [CompletionResultType]::ParameterName, 'The phase to run, spelt as Argo CD spells it')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'The workload the operation is for, as deployment/NAME or rollout/NAME: it must exist, and is recorded on every hook object (annotation kubectl-rollouts/hook-for)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on hooks still running after this long (e.g. 5m; 1s to 8760h (365 days)): exit 1, left as they are')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;hooks;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The order a directory''s hooks run in, phase by phase, and why (phase, wave, kind, name)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run one phase''s hooks in the namespace, wave by wave, with their delete policies')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;hooks;help;list' {
            break
        }
        'kubectl-rollouts;hooks;help;run' {
            break
        }
        'kubectl-rollouts;hooks;help;help' {
            break
        }
        'kubectl-rollouts;window' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Is a sync allowed at an instant, which windows are active, and when that changes')
            [CompletionResult]::new('next', 'next', [CompletionResultType]::ParameterValue, 'Open and closed periods over the coming days, as a calendar')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Explain sync-window configurations that likely do not do what was meant')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;window;check' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'An AppProject manifest file, or the name of an AppProject in the cluster')
            [CompletionResult]::new('--argocd-namespace', '--argocd-namespace', [CompletionResultType]::ParameterName, 'Namespace of Argo CD''s AppProjects when --project names one in the cluster')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Application name matched against the windows'' `applications` globs')
            [CompletionResult]::new('--dest-namespace', '--dest-namespace', [CompletionResultType]::ParameterName, 'Destination namespace matched against the windows'' `namespaces` globs')
            [CompletionResult]::new('--dest-cluster', '--dest-cluster', [CompletionResultType]::ParameterName, 'Destination cluster (server URL or name) matched against the windows'' `clusters` globs')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The instant to check, RFC 3339 (default: now)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manual', '--manual', [CompletionResultType]::ParameterName, 'Ask about a manual sync (windows with manualSync: true let it through)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;window;next' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'An AppProject manifest file, or the name of an AppProject in the cluster')
            [CompletionResult]::new('--argocd-namespace', '--argocd-namespace', [CompletionResultType]::ParameterName, 'Namespace of Argo CD''s AppProjects when --project names one in the cluster')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Application name matched against the windows'' `applications` globs')
            [CompletionResult]::new('--dest-namespace', '--dest-namespace', [CompletionResultType]::ParameterName, 'Destination namespace matched against the windows'' `namespaces` globs')
            [CompletionResult]::new('--dest-cluster', '--dest-cluster', [CompletionResultType]::ParameterName, 'Destination cluster (server URL or name) matched against the windows'' `clusters` globs')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Start of the calendar, RFC 3339 (default: now)')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'How far ahead to look, as a duration (e.g. 168h; 1s to 8784h, 366 days)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manual', '--manual', [CompletionResultType]::ParameterName, 'Ask about a manual sync (windows with manualSync: true let it through)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;window;lint' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'An AppProject manifest file, or the name of an AppProject in the cluster')
            [CompletionResult]::new('--argocd-namespace', '--argocd-namespace', [CompletionResultType]::ParameterName, 'Namespace of Argo CD''s AppProjects when --project names one in the cluster')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;window;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Is a sync allowed at an instant, which windows are active, and when that changes')
            [CompletionResult]::new('next', 'next', [CompletionResultType]::ParameterValue, 'Open and closed periods over the coming days, as a calendar')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Explain sync-window configurations that likely do not do what was meant')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;window;help;check' {
            break
        }
        'kubectl-rollouts;window;help;next' {
            break
        }
        'kubectl-rollouts;window;help;lint' {
            break
        }
        'kubectl-rollouts;window;help;help' {
            break
        }
        'kubectl-rollouts;smoke' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Attempts per URL (1 to 10000)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Pause between attempts to the same URL (and before each retry); 0s to 1h')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout of one request: connect, send and read the whole body (1ms to 1h). Not connected by then is a connect timeout (unreachable); connected but no whole response is a timeout (failed), also when the response came but took longer than this')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Expected status: a code (200; 100 to 599), a class (2xx), a range (200-299), or a comma-separated list of those (200,301-302). Redirects are not followed')
            [CompletionResult]::new('--body-contains', '--body-contains', [CompletionResultType]::ParameterName, 'The response body must also contain this text')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Request header as NAME:VALUE (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Request header as NAME:VALUE (repeatable)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file in addition to the system roots')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many URLs are probed at the same time (each URL''s attempts stay sequential); 1 to 256')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a failed attempt, `--interval` apart, before it counts as failed (0 to 100; default: none, every failure counts)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate, without verifying it')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;image' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set images in a kustomization as `kustomize edit set image` does, keeping the rest of the file as written')
            [CompletionResult]::new('pick', 'pick', [CompletionResultType]::ParameterValue, 'Pick the tag to deploy with Argo CD Image Updater''s strategies and filters')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;image;set' {
            [CompletionResult]::new('--kustomization', '--kustomization', [CompletionResultType]::ParameterName, 'The kustomization directory (or file)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the new file on stdout instead of writing it')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;image;pick' {
            [CompletionResult]::new('--strategy', '--strategy', [CompletionResultType]::ParameterName, 'semver, newest-build, alphabetical or digest (Image Updater''s strategies)')
            [CompletionResult]::new('--constraint', '--constraint', [CompletionResultType]::ParameterName, 'semver: a Masterminds/semver constraint (`^1.2`, `~1.2`, `1.2.x`, `>=1.0 <2`, `a || b`); digest: the tag to follow')
            [CompletionResult]::new('--allow-tags', '--allow-tags', [CompletionResultType]::ParameterName, 'Only tags matching `regexp:PATTERN` (or `any`)')
            [CompletionResult]::new('--ignore-tags', '--ignore-tags', [CompletionResultType]::ParameterName, 'Leave out tags matching these globs (comma-separated, repeatable)')
            [CompletionResult]::new('--tags-file', '--tags-file', [CompletionResultType]::ParameterName, 'Read tags from this file ("-" for stdin): one per line, optionally followed by its creation time (RFC 3339) and digest')
            [CompletionResult]::new('--registry-image', '--registry-image', [CompletionResultType]::ParameterName, 'Read tags from an OCI registry, as HOST[:PORT]/REPOSITORY (credentials for a token server from $REGISTRY_USERNAME and $REGISTRY_PASSWORD)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--plain-http', '--plain-http', [CompletionResultType]::ParameterName, 'Talk to the registry over plain HTTP (a local registry)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;image;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set images in a kustomization as `kustomize edit set image` does, keeping the rest of the file as written')
            [CompletionResult]::new('pick', 'pick', [CompletionResultType]::ParameterValue, 'Pick the tag to deploy with Argo CD Image Updater''s strategies and filters')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;image;help;set' {
            break
        }
        'kubectl-rollouts;image;help;pick' {
            break
        }
        'kubectl-rollouts;image;help;help' {
            break
        }
        'kubectl-rollouts;promote-image' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application''s name, used in the branch, the commit and the pull request')
            [CompletionResult]::new('--overlay', '--overlay', [CompletionResultType]::ParameterName, 'The overlay''s kustomization directory, relative to the repository')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'The image to set, as `image set` takes it (repeatable; the first one names the branch)')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'The branch to create (default: deploy/APP-TAG)')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The git checkout to work in')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'The remote to fetch the base branch from and push the new branch to')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'The branch the change is based on and proposed to (default: the checkout''s branch)')
            [CompletionResult]::new('--github-repo', '--github-repo', [CompletionResultType]::ParameterName, 'The GitHub repository as OWNER/NAME for --open-pr (default: $GITHUB_REPOSITORY)')
            [CompletionResult]::new('--github-api', '--github-api', [CompletionResultType]::ParameterName, 'The GitHub API''s base URL for --open-pr')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--open-pr', '--open-pr', [CompletionResultType]::ParameterName, 'Also open the pull request through the GitHub API (token from $GITHUB_TOKEN)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;install' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the CRDs as YAML instead of applying them')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;completion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;version' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;__complete' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use (default: the current context)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace to work in (default: the context''s namespace, else "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-rollouts;help' {
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Drive and inspect Argo Rollouts `Rollout` objects from this process')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Promote a paused rollout: its next canary step, or the blue-green switch (same as `rollout promote`)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Abort a rollout and send all traffic back to stable (same as `rollout abort`)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Roll a Deployment or Rollout back to an earlier revision, or revert a GitOps promotion')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Set a Deployment''s image, wait for it, smoke-test it, and undo it on failure')
            [CompletionResult]::new('flags', 'flags', [CompletionResultType]::ParameterValue, 'Feature flags in flagd''s format (a ConfigMap or a file): percentages, kill switch, eval')
            [CompletionResult]::new('analyze', 'analyze', [CompletionResultType]::ParameterValue, 'Run an AnalysisTemplate''s metrics once, as a gate (e.g. an error budget)')
            [CompletionResult]::new('hooks', 'hooks', [CompletionResultType]::ParameterValue, 'Argo CD sync hooks without Argo CD: a directory''s run order, or one phase run')
            [CompletionResult]::new('window', 'window', [CompletionResultType]::ParameterValue, 'Argo CD sync windows: is a sync allowed now, and when does that change')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'HTTP smoke tests: every attempt must return the expected status')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'Container images: set them in a kustomization, pick a tag from a registry or a list')
            [CompletionResult]::new('promote-image', 'promote-image', [CompletionResultType]::ParameterValue, 'Promote an image through git: a deploy branch with the overlay''s image set, pushed for review, with a ready pull-request title and body')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install (or print) the CustomResourceDefinitions this tool needs')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version')
            [CompletionResult]::new('__complete', '__complete', [CompletionResultType]::ParameterValue, 'Completions in kubectl''s plugin protocol (called by `kubectl_complete-rollouts`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-rollouts;help;rollout' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rollout: status, step, weights, images and its tree of revisions (which one is stable, canary, active or preview)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List rollouts with their status and step')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Drive a rollout (canary steps, or the blue-green sequence) until healthy, aborted or paused')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Without changing anything: the steps with their earliest start, weights, pauses and analysis, the earliest finish, and where deploy windows would hold it (exit 0 fits, 1 it would be held)')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Promote a paused rollout to its next step or the blue-green switch, or with --full skip all steps, pauses and analysis left')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Abort a rollout and send all traffic back to stable')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Restart an aborted rollout''s update (its steps, or the blue-green sequence)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Revisions of a Deployment or Rollout, newest first, or one revision''s template')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check Rollouts offline with the AnalysisTemplates, ClusterAnalysisTemplates, Services and Ingresses given with them, as `rollout run` checks them before it changes anything; exit 2 naming every problem by file, line and field')
            break
        }
        'kubectl-rollouts;help;rollout;get' {
            break
        }
        'kubectl-rollouts;help;rollout;list' {
            break
        }
        'kubectl-rollouts;help;rollout;run' {
            break
        }
        'kubectl-rollouts;help;rollout;plan' {
            break
        }
        'kubectl-rollouts;help;rollout;promote' {
            break
        }
        'kubectl-rollouts;help;rollout;abort' {
            break
        }
        'kubectl-rollouts;help;rollout;retry' {
            break
        }
        'kubectl-rollouts;help;rollout;history' {
            break
        }
        'kubectl-rollouts;help;rollout;lint' {
            break
        }
        'kubectl-rollouts;help;promote' {
            break
        }
        'kubectl-rollouts;help;abort' {
            break
        }
        'kubectl-rollouts;help;rollback' {
            break
        }
        'kubectl-rollouts;help;deploy' {
            break
        }
        'kubectl-rollouts;help;flags' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the flags with their state, default variant and rollout percentage')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one flag: state, variants, default, targeting')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Turn a flag on: for everyone, or with --percentage for P% of targeting keys')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'The kill switch: turn a flag off for everyone at once (state DISABLED)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Split targeting keys across variants by weight, e.g. --variant red=1 --variant blue=3')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate a flag for a targeting key (and context) as flagd would')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Raise a boolean flag step by step, pausing and analysing between the steps')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Go on from a flag rollout''s pause, or skip its current step; --full: on for everyone')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop a flag rollout and disable the flag for everyone (the kill switch)')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Start an aborted flag rollout again from its first step')
            break
        }
        'kubectl-rollouts;help;flags;list' {
            break
        }
        'kubectl-rollouts;help;flags;get' {
            break
        }
        'kubectl-rollouts;help;flags;enable' {
            break
        }
        'kubectl-rollouts;help;flags;disable' {
            break
        }
        'kubectl-rollouts;help;flags;set' {
            break
        }
        'kubectl-rollouts;help;flags;eval' {
            break
        }
        'kubectl-rollouts;help;flags;rollout' {
            break
        }
        'kubectl-rollouts;help;flags;promote' {
            break
        }
        'kubectl-rollouts;help;flags;abort' {
            break
        }
        'kubectl-rollouts;help;flags;retry' {
            break
        }
        'kubectl-rollouts;help;analyze' {
            break
        }
        'kubectl-rollouts;help;hooks' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The order a directory''s hooks run in, phase by phase, and why (phase, wave, kind, name)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run one phase''s hooks in the namespace, wave by wave, with their delete policies')
            break
        }
        'kubectl-rollouts;help;hooks;list' {
            break
        }
        'kubectl-rollouts;help;hooks;run' {
            break
        }
        'kubectl-rollouts;help;window' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Is a sync allowed at an instant, which windows are active, and when that changes')
            [CompletionResult]::new('next', 'next', [CompletionResultType]::ParameterValue, 'Open and closed periods over the coming days, as a calendar')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Explain sync-window configurations that likely do not do what was meant')
            break
        }
        'kubectl-rollouts;help;window;check' {
            break
        }
        'kubectl-rollouts;help;window;next' {
            break
        }
        'kubectl-rollouts;help;window;lint' {
            break
        }
        'kubectl-rollouts;help;smoke' {
            break
        }
        'kubectl-rollouts;help;image' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set images in a kustomization as `kustomize edit set image` does, keeping the rest of the file as written')
            [CompletionResult]::new('pick', 'pick', [CompletionResultType]::ParameterValue, 'Pick the tag to deploy with Argo CD Image Updater''s strategies and filters')
            break
        }
        'kubectl-rollouts;help;image;set' {
            break
        }
        'kubectl-rollouts;help;image;pick' {
            break
        }
        'kubectl-rollouts;help;promote-image' {
            break
        }
        'kubectl-rollouts;help;install' {
            break
        }
        'kubectl-rollouts;help;completion' {
            break
        }
        'kubectl-rollouts;help;version' {
            break
        }
        'kubectl-rollouts;help;__complete' {
            break
        }
        'kubectl-rollouts;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
