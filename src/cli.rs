//! The command-line interface: clap definitions only, no behaviour.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::limits;

/// Progressive delivery from the client: canary and blue-green rollouts, analysis gates, deploy
/// windows and smoke tests, with no controller to install.
#[derive(Debug, Parser)]
#[command(
    name = "kubectl-rollouts",
    bin_name = "kubectl-rollouts",
    version,
    propagate_version = true,
    after_help = EXIT_CODES_HELP
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The exit codes, shown under every `--help` and in the man page.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  done, healthy, passed, or window open
  1  the thing checked failed (rollout aborted, analysis failed, smoke failed, window closed)
  2  bad input or usage
  3  paused, waiting for a promotion
  4  could not reach the cluster, Prometheus or the smoke target";

/// Flags that every command accepts, named as kubectl names them.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
    #[arg(long, global = true, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use (default: the current context)
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,

    /// Namespace to work in (default: the context's namespace, else "default")
    #[arg(short = 'n', long, global = true, value_name = "NAME")]
    pub namespace: Option<String>,

    /// Output format
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Never use colour (also when NO_COLOR is set)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// More log output on stderr (-v info, -vv debug, -vvv trace)
    #[arg(short = 'v', long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// How results are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// Human-readable table
    #[default]
    Table,
    /// Table with more columns
    Wide,
    /// JSON, for machines
    Json,
    /// YAML, for machines
    Yaml,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Drive and inspect Argo Rollouts `Rollout` objects from this process
    #[command(subcommand)]
    Rollout(RolloutCommand),

    /// Promote a paused rollout: its next canary step, or the blue-green switch (same as
    /// `rollout promote`)
    Promote(PromoteArgs),

    /// Abort a rollout and send all traffic back to stable (same as `rollout abort`)
    Abort(NameArgs),

    /// Roll a Deployment or Rollout back to an earlier revision, or revert a GitOps promotion
    Rollback(RollbackArgs),

    /// Set a Deployment's image, wait for it, smoke-test it, and undo it on failure
    Deploy(DeployArgs),

    /// Feature flags in flagd's format (a ConfigMap or a file): percentages, kill switch, eval
    ///
    /// The document is flagd's flag definition (`flags`, `state`, `variants`, `defaultVariant`,
    /// `targeting`, `$evaluators`), so flagd and every OpenFeature flagd provider read what
    /// this writes. Evaluation is flagd's, `fractional` bucketing included.
    #[command(subcommand)]
    Flags(FlagsCommand),

    /// Run an AnalysisTemplate's metrics once, as a gate (e.g. an error budget)
    Analyze(AnalyzeArgs),

    /// Argo CD sync hooks without Argo CD: a directory's run order, or one phase run
    #[command(subcommand)]
    Hooks(HooksCommand),

    /// Argo CD sync windows: is a sync allowed now, and when does that change
    #[command(subcommand)]
    Window(WindowCommand),

    /// HTTP smoke tests: every attempt must return the expected status
    ///
    /// Exit 0 when every attempt passed, 1 when any failed, 4 when no attempt could connect to
    /// any URL (DNS failure, connection refused, connect timeout), 2 on bad flags.
    Smoke(SmokeArgs),

    /// Container images: set them in a kustomization, pick a tag from a registry or a list
    #[command(subcommand)]
    Image(ImageCommand),

    /// Promote an image through git: a deploy branch with the overlay's image set, pushed for
    /// review, with a ready pull-request title and body
    PromoteImage(PromoteImageArgs),

    /// Install (or print) the CustomResourceDefinitions this tool needs
    Install(InstallArgs),

    /// Print a shell completion script
    Completion(CompletionArgs),

    /// Print the version
    Version,

    /// Completions in kubectl's plugin protocol (called by `kubectl_complete-rollouts`)
    #[command(name = "__complete", hide = true)]
    Complete(CompleteArgs),
}

#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// The words after `kubectl rollouts`, the last one being completed
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
    pub words: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum RolloutCommand {
    /// Show a rollout: status, step, weights, images and its tree of revisions (which one is
    /// stable, canary, active or preview)
    Get(GetArgs),
    /// List rollouts with their status and step
    List(ListArgs),
    /// Drive a rollout (canary steps, or the blue-green sequence) until healthy, aborted or
    /// paused
    Run(RunArgs),
    /// Without changing anything: the steps with their earliest start, weights, pauses and
    /// analysis, the earliest finish, and where deploy windows would hold it (exit 0 fits, 1 it
    /// would be held)
    Plan(PlanArgs),
    /// Promote a paused rollout to its next step or the blue-green switch, or with --full skip
    /// all steps, pauses and analysis left
    Promote(PromoteArgs),
    /// Abort a rollout and send all traffic back to stable
    Abort(NameArgs),
    /// Restart an aborted rollout's update (its steps, or the blue-green sequence)
    Retry(NameArgs),
    /// Revisions of a Deployment or Rollout, newest first, or one revision's template
    History(HistoryArgs),
    /// Check Rollouts offline with the AnalysisTemplates, ClusterAnalysisTemplates, Services
    /// and Ingresses given with them, as `rollout run` checks them before it changes anything;
    /// exit 2 naming every problem by file, line and field
    Lint(LintArgs),
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Manifest files or directories (their *.yaml, *.yml, *.json), "-" for stdin; repeatable.
    /// Objects without a namespace are in -n, else default
    #[arg(short = 'f', long, value_name = "FILE", required = true, num_args = 1..)]
    pub filename: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NameArgs {
    /// Name of the Rollout
    pub name: String,
    /// Record the intent and return, without driving the rollout on
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// Name of the Rollout
    pub name: String,
    /// Keep watching and redraw on every change
    #[arg(short = 'w', long)]
    pub watch: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// List rollouts in all namespaces
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Name of the Rollout
    pub name: String,
    /// Set a container's image before driving, as CONTAINER=IMAGE (repeatable)
    #[arg(long, value_name = "CONTAINER=IMAGE")]
    pub image: Vec<String>,
    /// Give up after this long (e.g. 10m), leaving the rollout in a safe state (1s to 8760h
    /// (365 days))
    #[arg(long, value_name = "DURATION", value_parser = limits::wait_timeout)]
    pub timeout: Option<String>,
    /// Wait for another driver's lease instead of failing at once
    #[arg(long)]
    pub wait_for_lease: bool,
    /// Drive even if an Argo Rollouts controller runs in the cluster
    #[arg(long)]
    pub force: bool,
    /// Query this Prometheus for every analysis, in place of the templates' addresses (e.g. a
    /// port-forward); without it a template's address is used, else $PROMETHEUS_URL
    #[arg(long, value_name = "URL")]
    pub prometheus: Option<String>,
    #[command(flatten)]
    pub windows: RolloutWindowArgs,
    /// When the windows block the start, wait for them to open (with a countdown) instead of
    /// exiting 1
    #[arg(long, requires = "window_project")]
    pub wait_for_window: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Name of the Rollout
    pub name: String,
    /// The image the rollout would set, as CONTAINER=IMAGE (repeatable; shown, and checked
    /// against the template's containers)
    #[arg(long, value_name = "CONTAINER=IMAGE")]
    pub image: Vec<String>,
    /// When the rollout would start, RFC 3339 (default: now)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[command(flatten)]
    pub windows: RolloutWindowArgs,
}

/// Argo CD sync windows that gate a rollout: checked before anything changes and before each
/// step that shifts more traffic.
#[derive(Debug, Args, Clone, Default)]
pub struct RolloutWindowArgs {
    /// Respect Argo CD sync windows: an AppProject file, or its name in the cluster. A blocked
    /// start exits 1 with nothing changed; a step that would shift more traffic waits for the
    /// window to open
    #[arg(long, value_name = "FILE|NAME", requires = "app")]
    pub window_project: Option<String>,
    /// The application the windows are checked for (their `applications` globs)
    #[arg(long, value_name = "NAME")]
    pub app: Option<String>,
    /// Destination namespace matched against the windows' `namespaces` globs (default: the
    /// namespace of the Rollout, or of the flags' ConfigMap)
    #[arg(long, value_name = "NAME")]
    pub dest_namespace: Option<String>,
    /// Destination cluster (server URL or name) matched against the windows' `clusters` globs
    #[arg(long, value_name = "NAME")]
    pub dest_cluster: Option<String>,
    /// Check the windows for a manual sync (windows with manualSync: true let it through)
    #[arg(long)]
    pub manual: bool,
    /// Namespace of Argo CD's AppProjects when --window-project names one in the cluster
    #[arg(long, value_name = "NAME", default_value = "argocd")]
    pub argocd_namespace: String,
}

#[derive(Debug, Args)]
pub struct PromoteArgs {
    /// Name of the Rollout
    pub name: String,
    /// Skip all remaining steps, pauses and analysis and promote to stable
    #[arg(long)]
    pub full: bool,
    /// Record the promotion and return, without driving the rollout on
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// What to roll back, as deployment/NAME or rollout/NAME (not with --gitops or --last)
    #[arg(value_name = "KIND/NAME", required_unless_present_any = ["gitops", "last"])]
    pub target: Option<String>,
    /// Revision to roll back to (default, or 0: the previous one); `rollout history` lists them
    /// (0 to 9223372036854775807)
    #[arg(long, value_name = "N", value_parser = limits::to_revision)]
    pub to_revision: Option<u64>,
    /// Print what would change, as a diff of the two templates, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Return once the change is made, without waiting for it to become available
    #[arg(long)]
    pub no_wait: bool,
    /// Give up waiting after this long (e.g. 5m; 1s to 8760h (365 days)); default: until the
    /// progress deadline
    #[arg(long, value_name = "DURATION", value_parser = limits::wait_timeout)]
    pub timeout: Option<String>,
    /// Revert this promotion commit (from promote-image) on a new branch, pushed for review
    #[arg(
        long,
        value_name = "COMMIT",
        conflicts_with_all = ["target", "last", "to_revision", "dry_run", "no_wait", "timeout"]
    )]
    pub gitops: Option<String>,
    /// Revert the newest promotion commit on the base branch (with --app, of that app)
    #[arg(long, conflicts_with_all = ["target", "to_revision", "dry_run", "no_wait", "timeout"])]
    pub last: bool,
    /// With --last: only promotions of this app
    #[arg(long, value_name = "NAME", requires = "last")]
    pub app: Option<String>,
    #[command(flatten)]
    pub git: GitArgs,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The workload, as deployment/NAME or rollout/NAME
    #[arg(value_name = "KIND/NAME")]
    pub target: String,
    /// Show this revision's whole pod template (1 to 9223372036854775807)
    #[arg(long, value_name = "N", value_parser = limits::revision)]
    pub revision: Option<u64>,
}

/// Where a GitOps change goes: the checkout, its remote and base branch, and the pull request.
#[derive(Debug, Args, Clone)]
pub struct GitArgs {
    /// The git checkout to work in
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub repo: PathBuf,
    /// The remote to fetch the base branch from and push the new branch to
    #[arg(long, value_name = "NAME", default_value = "origin")]
    pub remote: String,
    /// The branch the change is based on and proposed to (default: the checkout's branch)
    #[arg(long, value_name = "BRANCH")]
    pub base: Option<String>,
    /// Also open the pull request through the GitHub API (token from $GITHUB_TOKEN)
    #[arg(long)]
    pub open_pr: bool,
    /// The GitHub repository as OWNER/NAME for --open-pr (default: $GITHUB_REPOSITORY)
    #[arg(long, value_name = "OWNER/NAME", env = "GITHUB_REPOSITORY")]
    pub github_repo: Option<String>,
    /// The GitHub API's base URL for --open-pr
    #[arg(
        long,
        value_name = "URL",
        env = "GITHUB_API_URL",
        default_value = "https://api.github.com"
    )]
    pub github_api: String,
}

#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Set images in a kustomization as `kustomize edit set image` does, keeping the rest of
    /// the file as written
    ///
    /// SPEC is NAME=NEWNAME:TAG, NAME=NEWNAME@DIGEST, NAME=NEWNAME:TAG@DIGEST, NAME=NEWNAME,
    /// NAME:TAG, NAME:TAG@DIGEST or NAME@DIGEST; `*` as NEWNAME, TAG or DIGEST keeps the current
    /// value.
    Set(ImageSetArgs),
    /// Pick the tag to deploy with Argo CD Image Updater's strategies and filters
    ///
    /// Prints the tag (for the digest strategy TAG@DIGEST); exit 1 when no tag qualifies.
    Pick(ImagePickArgs),
}

#[derive(Debug, Args)]
pub struct ImageSetArgs {
    /// The kustomization directory (or file)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub kustomization: PathBuf,
    /// Print the new file on stdout instead of writing it
    #[arg(long)]
    pub dry_run: bool,
    /// Images to set
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ImagePickArgs {
    /// semver, newest-build, alphabetical or digest (Image Updater's strategies)
    #[arg(long, value_name = "STRATEGY", default_value = "semver")]
    pub strategy: String,
    /// semver: a Masterminds/semver constraint (`^1.2`, `~1.2`, `1.2.x`, `>=1.0 <2`, `a || b`);
    /// digest: the tag to follow
    #[arg(long, value_name = "CONSTRAINT")]
    pub constraint: Option<String>,
    /// Only tags matching `regexp:PATTERN` (or `any`)
    #[arg(long, value_name = "regexp:RE|any")]
    pub allow_tags: Option<String>,
    /// Leave out tags matching these globs (comma-separated, repeatable)
    #[arg(long, value_name = "GLOB,...")]
    pub ignore_tags: Vec<String>,
    /// Read tags from this file ("-" for stdin): one per line, optionally followed by its
    /// creation time (RFC 3339) and digest
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "registry_image",
        required_unless_present = "registry_image"
    )]
    pub tags_file: Option<PathBuf>,
    /// Read tags from an OCI registry, as HOST[:PORT]/REPOSITORY (credentials for a token
    /// server from $REGISTRY_USERNAME and $REGISTRY_PASSWORD)
    #[arg(long, value_name = "HOST/REPO")]
    pub registry_image: Option<String>,
    /// Talk to the registry over plain HTTP (a local registry)
    #[arg(long, requires = "registry_image")]
    pub plain_http: bool,
}

#[derive(Debug, Args)]
pub struct PromoteImageArgs {
    /// The application's name, used in the branch, the commit and the pull request
    #[arg(long, value_name = "NAME")]
    pub app: String,
    /// The overlay's kustomization directory, relative to the repository
    #[arg(long, value_name = "DIR")]
    pub overlay: PathBuf,
    /// The image to set, as `image set` takes it (repeatable; the first one names the branch)
    #[arg(long = "image", value_name = "SPEC", required = true)]
    pub images: Vec<String>,
    /// The branch to create (default: deploy/APP-TAG)
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
    #[command(flatten)]
    pub git: GitArgs,
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The workload, as deployment/NAME or rollout/NAME
    #[arg(value_name = "KIND/NAME")]
    pub target: String,
    /// The image to set, as CONTAINER=IMAGE (repeatable)
    #[arg(long, value_name = "CONTAINER=IMAGE", required = true)]
    pub image: Vec<String>,
    /// How long to wait for the new revision to become available (and, on a failure, for the
    /// previous one to be available again); 1s to 8760h (365 days)
    #[arg(long, value_name = "DURATION", default_value = "180s", value_parser = limits::wait_timeout)]
    pub timeout: String,
    /// Recorded as the `kubernetes.io/change-cause` annotation (default: "deploy IMAGE by
    /// kubectl-rollouts")
    #[arg(long, value_name = "TEXT")]
    pub change_cause: Option<String>,
    /// Smoke-test this URL once the new revision is available (repeatable)
    #[arg(long, value_name = "URL")]
    pub smoke: Vec<String>,
    /// Smoke attempts per URL (1 to 10000)
    #[arg(
        long,
        default_value_t = 5,
        value_name = "N",
        value_parser = limits::smoke_count
    )]
    pub smoke_count: u32,
    /// Pause between smoke attempts (0s to 1h)
    #[arg(
        long,
        default_value = "2s", value_name = "DURATION",
        value_parser = limits::smoke_interval
    )]
    pub smoke_interval: String,
    /// Timeout of one smoke request (1ms to 1h)
    #[arg(
        long,
        default_value = "10s", value_name = "DURATION",
        value_parser = limits::request_timeout
    )]
    pub smoke_timeout: String,
    /// Expected smoke status: a code (100 to 599), a class (2xx), a range or a list
    #[arg(long, default_value = "200", value_name = "STATUS")]
    pub expect: String,
    /// Smoke request header as NAME:VALUE (repeatable)
    #[arg(long = "header", short = 'H', value_name = "NAME:VALUE")]
    pub headers: Vec<String>,
    /// Check Argo CD sync windows first: an AppProject file, or its name in the cluster
    #[arg(long, value_name = "FILE|NAME", requires = "app")]
    pub window_project: Option<String>,
    /// The application the windows are checked for
    #[arg(long, value_name = "NAME")]
    pub app: Option<String>,
    /// Check the windows for a manual sync
    #[arg(long)]
    pub manual: bool,
    /// Namespace of Argo CD's AppProjects when --window-project names one in the cluster
    #[arg(long, value_name = "NAME", default_value = "argocd")]
    pub argocd_namespace: String,
    /// Directory of Argo CD hook manifests: PreSync before the image is set, Sync with it,
    /// PostSync after the gates, SyncFail after a failure
    #[arg(long, value_name = "DIR")]
    pub hooks: Option<PathBuf>,
    /// Gate the deploy on this AnalysisTemplate (a file, or a name in the cluster) once the
    /// smoke test passed
    #[arg(long, value_name = "TEMPLATE")]
    pub analysis: Option<String>,
    /// Analysis argument as NAME=VALUE (repeatable)
    #[arg(long = "arg", value_name = "NAME=VALUE", requires = "analysis")]
    pub args: Vec<String>,
    /// Prometheus address for the analysis, instead of the template's
    #[arg(long, value_name = "URL", requires = "analysis")]
    pub prometheus: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// AnalysisTemplate name in the cluster, or a file with -f
    #[arg(value_name = "TEMPLATE")]
    pub template: Option<String>,
    /// Read the AnalysisTemplate from this file instead of the cluster
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Template argument as NAME=VALUE (repeatable)
    #[arg(long = "arg", value_name = "NAME=VALUE")]
    pub args: Vec<String>,
    /// Prometheus address to use instead of the template's (default: $PROMETHEUS_URL when it
    /// is set and not empty)
    #[arg(long, value_name = "URL")]
    pub prometheus: Option<String>,
    /// Print every measurement with its query, value, condition and verdict as a table
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Subcommand)]
pub enum HooksCommand {
    /// The order a directory's hooks run in, phase by phase, and why (phase, wave, kind, name)
    List(HooksListArgs),
    /// Run one phase's hooks in the namespace, wave by wave, with their delete policies
    ///
    /// Exit 0 when every hook succeeded, 1 when one failed (naming it, its message and its
    /// pod's log), 2 on bad flags or manifests, 4 when the cluster is unreachable.
    Run(HooksRunArgs),
}

#[derive(Debug, Args)]
pub struct HooksListArgs {
    /// Directory of hook manifests (*.yaml, *.yml, *.json; every one must be a hook)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct HooksRunArgs {
    /// The phase to run, spelt as Argo CD spells it
    #[arg(long, value_name = "PHASE", value_parser = ["PreSync", "Sync", "PostSync", "SyncFail"])]
    pub phase: String,
    /// Directory of hook manifests (*.yaml, *.yml, *.json; every one must be a hook)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The workload the operation is for, as deployment/NAME or rollout/NAME: it must exist,
    /// and is recorded on every hook object (annotation kubectl-rollouts/hook-for)
    #[arg(long = "for", value_name = "KIND/NAME")]
    pub for_workload: Option<String>,
    /// Give up on hooks still running after this long (e.g. 5m; 1s to 8760h (365 days)): exit
    /// 1, left as they are
    #[arg(long, value_name = "DURATION", value_parser = limits::wait_timeout)]
    pub timeout: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum WindowCommand {
    /// Is a sync allowed at an instant, which windows are active, and when that changes
    Check(WindowCheckArgs),
    /// Open and closed periods over the coming days, as a calendar
    Next(WindowNextArgs),
    /// Explain sync-window configurations that likely do not do what was meant
    Lint(WindowProjectArgs),
}

/// Where the AppProject comes from and which application is asked about.
#[derive(Debug, Args, Clone)]
pub struct WindowProjectArgs {
    /// An AppProject manifest file, or the name of an AppProject in the cluster
    #[arg(long, value_name = "FILE|NAME")]
    pub project: String,
    /// Namespace of Argo CD's AppProjects when --project names one in the cluster
    #[arg(long, value_name = "NAME", default_value = "argocd")]
    pub argocd_namespace: String,
}

#[derive(Debug, Args, Clone)]
pub struct WindowTargetArgs {
    /// Application name matched against the windows' `applications` globs
    #[arg(long, value_name = "NAME")]
    pub app: Option<String>,
    /// Destination namespace matched against the windows' `namespaces` globs
    #[arg(long, value_name = "NAME")]
    pub dest_namespace: Option<String>,
    /// Destination cluster (server URL or name) matched against the windows' `clusters` globs
    #[arg(long, value_name = "NAME")]
    pub dest_cluster: Option<String>,
    /// Ask about a manual sync (windows with manualSync: true let it through)
    #[arg(long)]
    pub manual: bool,
}

#[derive(Debug, Args, Clone)]
pub struct WindowCheckArgs {
    #[command(flatten)]
    pub project: WindowProjectArgs,
    #[command(flatten)]
    pub target: WindowTargetArgs,
    /// The instant to check, RFC 3339 (default: now)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct WindowNextArgs {
    #[command(flatten)]
    pub project: WindowProjectArgs,
    #[command(flatten)]
    pub target: WindowTargetArgs,
    /// Start of the calendar, RFC 3339 (default: now)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// How far ahead to look, as a duration (e.g. 168h; 1s to 8784h, 366 days)
    #[arg(long, value_name = "DURATION", default_value = "168h")]
    pub days: String,
}

#[derive(Debug, Args)]
pub struct SmokeArgs {
    /// URLs to probe (http or https), each `--count` times
    #[arg(required = true, value_name = "URL")]
    pub urls: Vec<String>,
    /// Attempts per URL (1 to 10000)
    #[arg(
        long,
        default_value_t = 5,
        value_name = "N",
        value_parser = limits::smoke_count
    )]
    pub count: u32,
    /// Pause between attempts to the same URL (and before each retry); 0s to 1h
    #[arg(
        long,
        default_value = "2s", value_name = "DURATION",
        value_parser = limits::smoke_interval
    )]
    pub interval: String,
    /// Timeout of one request: connect, send and read the whole body (1ms to 1h). Not
    /// connected by then is a connect timeout (unreachable); connected but no whole response is
    /// a timeout (failed), also when the response came but took longer than this
    #[arg(
        long,
        default_value = "10s", value_name = "DURATION",
        value_parser = limits::request_timeout
    )]
    pub timeout: String,
    /// Expected status: a code (200; 100 to 599), a class (2xx), a range (200-299), or a
    /// comma-separated list of those (200,301-302). Redirects are not followed
    #[arg(long, default_value = "200", value_name = "STATUS")]
    pub expect: String,
    /// The response body must also contain this text
    #[arg(long, value_name = "TEXT")]
    pub body_contains: Option<String>,
    /// Request header as NAME:VALUE (repeatable)
    #[arg(long = "header", short = 'H', value_name = "NAME:VALUE")]
    pub headers: Vec<String>,
    /// HTTP method
    #[arg(long, default_value = "GET", value_name = "METHOD")]
    pub method: String,
    /// Accept any TLS certificate, without verifying it
    #[arg(long, conflicts_with = "cacert")]
    pub insecure: bool,
    /// Trust the CA certificates in this PEM file in addition to the system roots
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// How many URLs are probed at the same time (each URL's attempts stay sequential); 1 to
    /// 256
    #[arg(
        long,
        default_value_t = 1,
        value_name = "N",
        value_parser = limits::smoke_concurrency
    )]
    pub concurrency: usize,
    /// Retries of a failed attempt, `--interval` apart, before it counts as failed (0 to 100;
    /// default: none, every failure counts)
    #[arg(
        long,
        default_value_t = 0,
        value_name = "N",
        value_parser = limits::smoke_retries
    )]
    pub retries: u32,
}

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Print the CRDs as YAML instead of applying them
    #[arg(long)]
    pub print: bool,
}

#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// The shell to generate a completion script for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum FlagsCommand {
    /// List the flags with their state, default variant and rollout percentage
    List(FlagStoreArgs),
    /// Show one flag: state, variants, default, targeting
    Get(FlagNameArgs),
    /// Turn a flag on: for everyone, or with --percentage for P% of targeting keys
    ///
    /// A boolean flag gets a `fractional` rule splitting targeting keys between its true and
    /// false variants; the same key always gets the same answer, and raising the percentage
    /// only adds keys. A flag that does not exist is created (variants on/off).
    Enable(FlagEnableArgs),
    /// The kill switch: turn a flag off for everyone at once (state DISABLED)
    Disable(FlagNameArgs),
    /// Split targeting keys across variants by weight, e.g. --variant red=1 --variant blue=3
    Set(FlagSetArgs),
    /// Evaluate a flag for a targeting key (and context) as flagd would
    ///
    /// Prints the variant, value and reason (STATIC, TARGETING_MATCH, DEFAULT, DISABLED,
    /// ERROR). Exit 0 when it resolved (DISABLED and DEFAULT included), 1 on ERROR.
    Eval(FlagEvalArgs),
    /// Raise a boolean flag step by step, pausing and analysing between the steps
    ///
    /// E.g. --steps 5,25,50,100 --pause 10m --analysis error-rate: the flag on for 5% of
    /// targeting keys, a 10 minute pause, the analysis, then 25%, and so on; the pause and
    /// the analysis come after every percentage but the last. A failed analysis is the kill
    /// switch: the flag is disabled for everyone and the command exits 1. Progress is recorded
    /// on the ConfigMap, so running the command again (also without --steps) resumes, and
    /// `flags promote|abort|retry` work from another terminal. Exit codes as `rollout run`.
    Rollout(FlagRolloutArgs),
    /// Go on from a flag rollout's pause, or skip its current step; --full: on for everyone
    Promote(FlagPromoteArgs),
    /// Stop a flag rollout and disable the flag for everyone (the kill switch)
    Abort(FlagIntentArgs),
    /// Start an aborted flag rollout again from its first step
    Retry(FlagIntentArgs),
}

#[derive(Debug, Args)]
pub struct FlagRolloutArgs {
    /// The flag's key (a boolean flag with a true and a false variant)
    pub name: String,
    /// The percentages, increasing, e.g. 5,25,50,100 (each above 0, at most 100, two
    /// decimals). Without it, the rollout recorded on the ConfigMap resumes
    #[arg(long, value_name = "P,P,...", value_delimiter = ',')]
    pub steps: Vec<String>,
    /// Pause after each percentage but the last (e.g. 10m; 1s to 8760h (365 days))
    #[arg(long, value_name = "DURATION", value_parser = limits::wait_timeout)]
    pub pause: Option<String>,
    /// AnalysisTemplate to run after each percentage but the last (repeatable: the templates'
    /// metrics run together)
    #[arg(long, value_name = "TEMPLATE")]
    pub analysis: Vec<String>,
    /// Argument for the templates as NAME=VALUE (repeatable; recorded on the ConfigMap: give
    /// secrets through the template's secretKeyRef)
    #[arg(long = "arg", value_name = "NAME=VALUE", requires = "analysis")]
    pub args: Vec<String>,
    /// Query this Prometheus for every analysis, in place of the templates' addresses
    #[arg(long, value_name = "URL")]
    pub prometheus: Option<String>,
    /// Give up after this long (e.g. 1h), leaving the flag where it is (1s to 8760h (365
    /// days))
    #[arg(long, value_name = "DURATION", value_parser = limits::wait_timeout)]
    pub timeout: Option<String>,
    /// Wait for another driver's lease instead of failing at once
    #[arg(long)]
    pub wait_for_lease: bool,
    #[command(flatten)]
    pub windows: RolloutWindowArgs,
    /// When the windows block the start, wait for them to open instead of exiting 1
    #[arg(long, requires = "window_project")]
    pub wait_for_window: bool,
    #[command(flatten)]
    pub store: FlagStoreArgs,
}

#[derive(Debug, Args)]
pub struct FlagPromoteArgs {
    /// The flag's key
    pub name: String,
    /// Skip every remaining step: the flag on for everyone
    #[arg(long)]
    pub full: bool,
    /// Record the promotion and return, without driving the rollout on
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub store: FlagStoreArgs,
}

#[derive(Debug, Args)]
pub struct FlagIntentArgs {
    /// The flag's key
    pub name: String,
    /// Record it and return, without driving the rollout on
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub store: FlagStoreArgs,
}

/// Where the flag document is: a ConfigMap (in --namespace) or a file.
#[derive(Debug, Args, Clone)]
pub struct FlagStoreArgs {
    /// ConfigMap holding the flag document (created by a first write); this or --file
    #[arg(long, value_name = "NAME", conflicts_with = "file")]
    pub configmap: Option<String>,
    /// The ConfigMap's data key holding the document
    #[arg(long, value_name = "KEY", default_value = "flags.flagd.json")]
    pub configmap_key: String,
    /// A local flag file instead of a ConfigMap (created by a first write)
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FlagNameArgs {
    /// The flag's key
    pub name: String,
    #[command(flatten)]
    pub store: FlagStoreArgs,
}

#[derive(Debug, Args)]
pub struct FlagEnableArgs {
    /// The flag's key
    pub name: String,
    /// On for this share of targeting keys (0 to 100, two decimals); default 100
    #[arg(long, value_name = "P")]
    pub percentage: Option<String>,
    /// Replace a custom targeting rule (else refused, naming it)
    #[arg(long)]
    pub replace_targeting: bool,
    #[command(flatten)]
    pub store: FlagStoreArgs,
}

#[derive(Debug, Args)]
pub struct FlagSetArgs {
    /// The flag's key
    pub name: String,
    /// A variant and its integer weight, as VARIANT=WEIGHT (repeatable; each weight 0 to
    /// 2147483647, their sum 1 to 2147483647)
    #[arg(long = "variant", value_name = "VARIANT=WEIGHT", required = true)]
    pub variants: Vec<String>,
    /// Replace a custom targeting rule (else refused, naming it)
    #[arg(long)]
    pub replace_targeting: bool,
    #[command(flatten)]
    pub store: FlagStoreArgs,
}

#[derive(Debug, Args)]
pub struct FlagEvalArgs {
    /// The flag's key
    pub name: String,
    /// The targeting key (the user), bucketed by `fractional`
    #[arg(long, visible_alias = "targeting-key", value_name = "USER")]
    pub key: Option<String>,
    /// More evaluation context, as a JSON object (e.g. '{"email":"ross@faas.com"}')
    #[arg(long, value_name = "JSON")]
    pub context: Option<String>,
    #[command(flatten)]
    pub store: FlagStoreArgs,
}
