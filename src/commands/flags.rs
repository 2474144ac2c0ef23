//! `flags list|get|enable|disable|set|eval`: flagd flag documents in a ConfigMap or a file.

use anyhow::Context as _;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::{
    FlagEnableArgs, FlagEvalArgs, FlagNameArgs, FlagSetArgs, FlagStoreArgs, FlagsCommand,
    GlobalArgs,
};
use crate::error::{Error, ExitCode};
use crate::flags::edit::{self, Outcome, Percent};
use crate::flags::{Compiled, Flag, Reason, eval, model};
use crate::kube::flag_store::{Change, Store, Written};
use crate::output::{Context, Table};

pub fn run(command: FlagsCommand, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    // The drives start their own runtime (and read --window-project before it).
    let command = match command {
        FlagsCommand::Rollout(args) => return super::flag_rollout::rollout(args, global, ctx),
        FlagsCommand::Promote(args) => return super::flag_rollout::promote(args, global, ctx),
        FlagsCommand::Abort(args) => return super::flag_rollout::abort(args, global, ctx),
        FlagsCommand::Retry(args) => return super::flag_rollout::retry(args, global, ctx),
        other => other,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        match command {
            FlagsCommand::List(store) => list(&store, global, ctx).await,
            FlagsCommand::Get(args) => get(args, global, ctx).await,
            FlagsCommand::Enable(args) => enable(args, global, ctx).await,
            FlagsCommand::Disable(args) => disable(args, global, ctx).await,
            FlagsCommand::Set(args) => set(args, global, ctx).await,
            FlagsCommand::Eval(args) => evaluate(args, global, ctx).await,
            FlagsCommand::Rollout(_)
            | FlagsCommand::Promote(_)
            | FlagsCommand::Abort(_)
            | FlagsCommand::Retry(_) => unreachable!("dispatched above"),
        }
    })
}

/// The store the flags name; connects to the cluster only for a ConfigMap.
pub async fn open(args: &FlagStoreArgs, global: &GlobalArgs) -> anyhow::Result<Store> {
    if let Some(path) = &args.file {
        return Ok(Store::file(path.clone()));
    }
    let name = args
        .configmap
        .as_deref()
        .ok_or_else(|| Error::flag("--configmap", "give --configmap NAME or --file FILE"))?;
    if args.configmap_key.is_empty() {
        return Err(Error::flag("--configmap-key", "must not be empty").into());
    }
    let cluster = crate::client::connect(global).await?;
    Ok(Store::configmap(
        cluster.client,
        &cluster.namespace,
        name,
        &args.configmap_key,
    ))
}

async fn load(store: &Store) -> anyhow::Result<model::FlagSet> {
    let loaded = store.read().await?;
    Ok(model::parse(&loaded.doc).map_err(|e| e.in_file(store.describe()))?)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FlagSummary<'a> {
    key: &'a str,
    state: &'static str,
    default_variant: Option<&'a str>,
    variants: &'a Map<String, Value>,
    /// For boolean flags with a plain on/off split: the share of keys that get `true`.
    percentage: Option<f64>,
    targeting: Option<&'a Value>,
}

fn summary(flag: &Flag) -> FlagSummary<'_> {
    FlagSummary {
        key: &flag.key,
        state: flag.state.as_str(),
        default_variant: flag.default_variant.as_deref(),
        variants: &flag.variants,
        percentage: percent_of(flag).map(|p| f64::from(p.basis_points()) / 100.0),
        targeting: flag.targeting.as_ref(),
    }
}

fn percent_of(flag: &Flag) -> Option<Percent> {
    let (on, off) = flag.on_off()?;
    edit::rollout_shape(flag, &on, &off).map(|s| s.on_percent)
}

/// What the ROLLOUT column says: off for a disabled flag, else a percentage, a weighted
/// split, or that a rule decides.
fn rollout_text(flag: &Flag) -> String {
    if flag.state == crate::flags::State::Disabled {
        return "off (disabled)".into();
    }
    if let Some(p) = percent_of(flag) {
        return p.to_string();
    }
    match &flag.targeting {
        None => "-".into(),
        Some(t) => match t.get("fractional").and_then(Value::as_array) {
            Some(args) if t.as_object().is_some_and(|o| o.len() == 1) => {
                let parts: Vec<String> = args
                    .iter()
                    .filter_map(Value::as_array)
                    .map(|b| {
                        let v = b
                            .first()
                            .map(crate::flags::js::to_string)
                            .unwrap_or_default();
                        let w = b.get(1).map(Value::to_string).unwrap_or_else(|| "1".into());
                        format!("{v}={w}")
                    })
                    .collect();
                format!("split {}", parts.join(" "))
            }
            _ => "targeting rule".into(),
        },
    }
}

fn variants_text(flag: &Flag) -> String {
    flag.variants
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn list(
    args: &FlagStoreArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let store = open(args, global).await?;
    let set = load(&store).await?;
    if ctx.is_structured() {
        let flags: Vec<FlagSummary> = set.flags.iter().map(summary).collect();
        ctx.print_data(&flags)?;
        return Ok(ExitCode::Ok);
    }
    if set.flags.is_empty() {
        ctx.println(&format!("no flags in {}", store.describe()))?;
        return Ok(ExitCode::Ok);
    }
    let mut table = Table::new(["NAME", "STATE", "DEFAULT", "ROLLOUT", "VARIANTS"]);
    for f in &set.flags {
        table.row([
            f.key.clone(),
            f.state.as_str().to_string(),
            f.default_variant.clone().unwrap_or_else(|| "-".into()),
            rollout_text(f),
            variants_text(f),
        ]);
    }
    ctx.print(&table.render())?;
    Ok(ExitCode::Ok)
}

async fn get(args: FlagNameArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = open(&args.store, global).await?;
    let loaded = store.read().await?;
    let set = model::parse(&loaded.doc).map_err(|e| e.in_file(store.describe()))?;
    let flag = set
        .require(&args.name)
        .map_err(|e| e.in_file(store.describe()))?;
    if ctx.is_structured() {
        // flagd's array form of a flag: its key, then the fields as stored.
        let mut out = Map::new();
        out.insert("key".into(), Value::String(flag.key.clone()));
        if let Some(Value::Object(stored)) = loaded.doc["flags"].get(&flag.key) {
            out.extend(stored.clone());
        }
        ctx.print_data(&Value::Object(out))?;
        return Ok(ExitCode::Ok);
    }
    let mut text = String::new();
    let mut line = |k: &str, v: String| text.push_str(&format!("{k:<17}{v}\n"));
    line("Name:", flag.key.clone());
    line("State:", flag.state.as_str().into());
    line(
        "Default variant:",
        flag.default_variant
            .clone()
            .unwrap_or_else(|| "(none: the application's default)".into()),
    );
    line("Variants:", variants_text(flag));
    line("Rollout:", rollout_text(flag));
    if !flag.metadata.is_empty() {
        line(
            "Metadata:",
            Value::Object(flag.metadata.clone()).to_string(),
        );
    }
    if let Some(t) = &flag.targeting {
        line(
            "Targeting:",
            serde_json::to_string_pretty(t)?.replace('\n', "\n                 "),
        );
    }
    line("Source:", store.describe());
    ctx.print(&text)?;
    Ok(ExitCode::Ok)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WriteReport<'a> {
    flag: &'a str,
    change: &'a str,
    created: bool,
    store: String,
    resource_version: Option<&'a str>,
    attempts: u32,
}

fn report(store: &Store, written: &Written<Outcome>, ctx: &Context) -> anyhow::Result<ExitCode> {
    let out = &written.value;
    if ctx.is_structured() {
        ctx.print_data(&WriteReport {
            flag: &out.flag,
            change: &out.summary,
            created: out.created,
            store: store.describe(),
            resource_version: written.resource_version.as_deref(),
            attempts: written.attempts,
        })?;
    } else {
        let created = if out.created { " (created)" } else { "" };
        ctx.println(&format!(
            "flag {}{created}: {} in {}",
            out.flag,
            out.summary,
            store.describe()
        ))?;
    }
    if let Some(gha) = &ctx.gha {
        gha.set_output("change", &out.summary)?;
    }
    Ok(ExitCode::Ok)
}

async fn enable(
    args: FlagEnableArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let percent = args
        .percentage
        .as_deref()
        .map(|p| Percent::parse(p).map_err(|e| Error::flag("--percentage", e)))
        .transpose()?;
    let store = open(&args.store, global).await?;
    let written = store
        .update(|c: Change<'_>| {
            edit::enable(c.doc, &args.name, percent, args.replace_targeting)
                .map_err(|e| e.in_file(store.describe()))
        })
        .await?;
    report(&store, &written, ctx)
}

async fn disable(
    args: FlagNameArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let store = open(&args.store, global).await?;
    // A kill switch must not create anything: a missing document or flag is an error.
    store.read().await?;
    let written = store
        .update(|c: Change<'_>| {
            edit::disable(c.doc, &args.name).map_err(|e| e.in_file(store.describe()))
        })
        .await?;
    report(&store, &written, ctx)
}

/// `VARIANT=WEIGHT` with a non-negative integer weight.
fn parse_weight(text: &str) -> Result<(String, u64), Error> {
    let (variant, weight) = text.split_once('=').ok_or_else(|| {
        Error::flag(
            "--variant",
            format!("{text:?} is not VARIANT=WEIGHT (e.g. blue=25)"),
        )
    })?;
    let max = crate::flags::fractional::MAX_TOTAL_WEIGHT;
    let weight = weight
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|w| *w <= max)
        .ok_or_else(|| {
            Error::flag(
                "--variant",
                format!("{text:?}: the weight must be an integer from 0 to {max}"),
            )
        })?;
    if variant.is_empty() {
        return Err(Error::flag(
            "--variant",
            format!("{text:?}: the variant name is empty"),
        ));
    }
    Ok((variant.to_string(), weight))
}

async fn set(args: FlagSetArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let weights = args
        .variants
        .iter()
        .map(|v| parse_weight(v))
        .collect::<Result<Vec<_>, _>>()?;
    let store = open(&args.store, global).await?;
    store.read().await?;
    let written = store
        .update(|c: Change<'_>| {
            edit::set_weights(c.doc, &args.name, &weights, args.replace_targeting)
                .map_err(|e| e.in_file(store.describe()))
        })
        .await?;
    report(&store, &written, ctx)
}

#[derive(Serialize)]
struct EvalReport<'a> {
    flag: &'a str,
    key: Option<&'a str>,
    #[serde(flatten)]
    resolution: &'a eval::Resolution,
}

/// The `--context` object; `targetingKey` in it and `--key` together is ambiguous.
fn eval_context(args: &FlagEvalArgs) -> Result<Map<String, Value>, Error> {
    let attrs = match &args.context {
        None => Map::new(),
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(m)) => m,
            Ok(other) => {
                return Err(Error::flag(
                    "--context",
                    format!("expected a JSON object, got {other}"),
                ));
            }
            Err(e) => return Err(Error::flag("--context", format!("not JSON: {e}"))),
        },
    };
    if args.key.is_some() && attrs.contains_key("targetingKey") {
        return Err(Error::flag(
            "--key",
            "--context also has a targetingKey; give the key once",
        ));
    }
    Ok(eval::context(args.key.as_deref(), attrs))
}

async fn evaluate(
    args: FlagEvalArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let context = eval_context(&args)?;
    let store = open(&args.store, global).await?;
    let set = load(&store).await?;
    let flag = set
        .require(&args.name)
        .map_err(|e| e.in_file(store.describe()))?;
    let compiled = Compiled::new(flag).map_err(|e| e.in_file(store.describe()))?;
    let resolution = compiled.evaluate(&context, crate::clock::now().timestamp());
    let key = context.get("targetingKey").and_then(Value::as_str);
    if ctx.is_structured() {
        ctx.print_data(&EvalReport {
            flag: &flag.key,
            key,
            resolution: &resolution,
        })?;
    } else {
        let mut table = Table::new(["FLAG", "KEY", "VARIANT", "VALUE", "REASON"]);
        table.row([
            flag.key.clone(),
            key.unwrap_or("-").to_string(),
            resolution.variant.clone().unwrap_or_else(|| "-".into()),
            resolution
                .value
                .as_ref()
                .map(Value::to_string)
                .unwrap_or_else(|| "(application default)".into()),
            resolution.reason.as_str().to_string(),
        ]);
        ctx.print(&table.render())?;
    }
    if let Some(gha) = &ctx.gha {
        gha.set_output("variant", resolution.variant.as_deref().unwrap_or(""))?;
        gha.set_output(
            "value",
            &resolution
                .value
                .as_ref()
                .map(Value::to_string)
                .unwrap_or_default(),
        )?;
        gha.set_output("reason", resolution.reason.as_str())?;
    }
    if resolution.reason == Reason::Error {
        ctx.error(&format!(
            "flag {}: {}",
            flag.key,
            resolution.error.as_deref().unwrap_or("evaluation failed")
        ));
        return Ok(ExitCode::Failed);
    }
    Ok(ExitCode::Ok)
}
