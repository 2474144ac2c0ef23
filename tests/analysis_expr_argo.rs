//! Condition evaluation against Argo Rollouts' own code: tests/harness/argo-rollouts-analysis
//! (built by scripts/build-harness argo-rollouts-analysis, path in ARGO_ANALYSIS_HARNESS) runs
//! `evaluate.EvaluateResult` with expr-lang/expr; we run `Condition` with the same conditions
//! and results and compare the measurement's phase. A condition we refuse up front must be one
//! Argo gives Error for. Generated cases (KR_PROPTEST_CASES, default 3000, seeded by
//! KR_PROPTEST_SEED; KR_PROPTEST_DEPTH, default 3, for deeper conditions) plus fixed cases
//! from Argo's docs and issues 15 and 18.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use kubectl_rollouts::analysis::expr::{Condition, Value};
use serde_json::{Value as Json, json};

struct Oracle {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

fn repo_root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Oracle {
    fn start() -> Oracle {
        let bin = std::env::var("ARGO_ANALYSIS_HARNESS").unwrap_or_else(|_| {
            let script = repo_root().join("scripts/build-harness");
            let out = Command::new(&script).arg("argo-rollouts-analysis").output().unwrap_or_else(|e| {
                panic!("ARGO_ANALYSIS_HARNESS is not set and {script:?} could not run: {e}")
            });
            assert!(
                out.status.success(),
                "ARGO_ANALYSIS_HARNESS is not set and scripts/build-harness argo-rollouts-analysis failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        });
        let mut child = Command::new(&bin)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{bin}: {e} (run scripts/build-harness argo-rollouts-analysis)")
            });
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Oracle {
            _child: child,
            stdin,
            stdout,
        }
    }

    fn ask(&mut self, request: &Json) -> Json {
        writeln!(self.stdin, "{request}").unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        let answer: Json = serde_json::from_str(&line).unwrap();
        assert!(answer.get("bad_request").is_none(), "{request} -> {answer}");
        answer
    }
}

fn go_float(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        format!("{n:?}")
    }
}

fn result_json(v: &Value) -> Json {
    match v {
        Value::Num(n) => json!({"kind": "scalar", "value": go_float(*n)}),
        Value::List(items) => json!({"kind": "vector", "values": items.iter().map(|i| match i {
            Value::Num(n) => go_float(*n),
            other => panic!("not a number: {other}"),
        }).collect::<Vec<_>>()}),
        other => panic!("Prometheus gives no {other}"),
    }
}

/// Our phase for a measurement, by Argo's EvaluateResult table; "Refused" when a condition
/// does not parse (exit 2 before any measurement).
fn ours(success: &str, failure: &str, result: &Value) -> String {
    let mut verdicts = Vec::new();
    for src in [success, failure] {
        if src.is_empty() {
            verdicts.push(None);
            continue;
        }
        let cond = match Condition::parse(src) {
            Ok(c) => c,
            Err(e) if e.message.contains("findLast") => return "Refused (findLast)".into(),
            Err(_) => return "Refused".into(),
        };
        match cond.evaluate(result) {
            Ok(b) => verdicts.push(Some(b)),
            Err(_) => return "Error".into(),
        }
    }
    match (verdicts[0], verdicts[1]) {
        (None, None) => "Successful",
        (Some(s), None) => {
            if s {
                "Successful"
            } else {
                "Failed"
            }
        }
        (None, Some(f)) => {
            if f {
                "Failed"
            } else {
                "Successful"
            }
        }
        (Some(_), Some(true)) => "Failed",
        (Some(true), Some(false)) => "Successful",
        (Some(false), Some(false)) => "Inconclusive",
    }
    .into()
}

/// A condition refused for expr's findLast stack bug is an intended difference
/// (docs/analysis.md): Argo's answer there depends on leftovers on its VM stack.
fn agree(ours: &str, argo: &str) -> bool {
    ours == argo || (ours == "Refused" && argo == "Error") || ours == "Refused (findLast)"
}

struct Case {
    success: String,
    failure: String,
    result: Value,
}

fn run(oracle: &mut Oracle, case: &Case) -> Result<(), String> {
    let answer = oracle.ask(&json!({
        "op": "eval", "success": case.success, "failure": case.failure,
        "result": result_json(&case.result),
    }));
    let argo = answer["phase"].as_str().unwrap_or("").to_string();
    let mine = ours(&case.success, &case.failure, &case.result);
    if agree(&mine, &argo) {
        Ok(())
    } else {
        Err(format!(
            "success={:?} failure={:?} result={}: ours {mine}, Argo {argo} ({})",
            case.success,
            case.failure,
            case.result,
            answer["error"].as_str().unwrap_or("")
        ))
    }
}

/// A small deterministic generator (xorshift), so a failing seed can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ATOMS: &[&str] = &[
    "result",
    "result[0]",
    "result[1]",
    "result[-1]",
    "len(result)",
    "0",
    "1",
    "2",
    "-1",
    "0.5",
    ".5",
    "5.",
    "1e3",
    "0x10",
    "0b11",
    "0o7",
    "1_000",
    "0.99",
    "true",
    "false",
    "nil",
    "\"a\"",
    "[1, 2]",
    "[0.5, 1.5]",
    "[]",
    "asInt(result)",
    "asFloat(result)",
    "default(result, 0)",
    "first(result)",
    "last(result)",
    "sum(result)",
    "mean(result)",
    "median(result)",
    "min(result)",
    "max(result)",
    "abs(result)",
    "count(result, # > 0.5)",
    "int(result)",
    "float(result)",
    "round(result)",
    "ceil(result)",
    "floor(result)",
    "asInt(result[0])",
    "isNil(result)",
    "result[5]",
    "9223372036854775807",
    "1e308",
    "\"abc\"",
    "'x'",
    "`raw`",
    "\"a\" + \"b\"",
    "len(\"abc\")",
    "[1, \"a\"]",
    "[true]",
    "[result]",
    "[[1]]",
    "first([])",
    "1 / 0",
    "-7 % 3",
    "9223372036854775807 + 1",
    "asInt(result) + 9223372036854775807",
    "round(-2.5)",
    "max(result, 5)",
    "min(1, result)",
    "sum([1, 2.5])",
    "float(\"1.5\")",
    "int(\"7\")",
    "asFloat(\"2.5\")",
    "asInt(\"x\")",
    "default(result, nil)",
    "map(result, # > 1)",
    "filter([1, 2, 3], # > 1)",
    "all([1, 2], {# > 0 && any(result, {# > 0})})",
    "true ? 1 : \"a\"",
    "(result ? 1 : 2)",
    "mean([])",
    "median(result, 1)",
    "max([])",
    "count([true, false])",
    "sum(map(result, # * 2))",
    "one([1, 2], # > 1)",
    "none([], # > 1)",
    "abs(-9223372036854775807 - 1)",
    "int(1e300)",
    "ceil(-0.5)",
    "2 ** -1",
    "(-8) ** (1 / 3)",
    "0 ** 0",
    "[1, 2] == [1, 2.0]",
    "result == result",
    "nil == false",
    "\"a\" < \"b\"",
    "\"10\" > \"9\"",
    "1 in [1, \"a\"]",
    "\"a\" in [\"a\"]",
    "nil in result",
    "len([])",
    "last(map(result, #))",
    "1.5 in [1, 2]",
    "+max(result)",
    "-first(result)",
    "!first([])",
    "+\"a\"",
    "+nil",
    "result[1:]",
    "result[:1]",
    "result[-2:]",
    "len(result[1:])",
    "\"abc\"[1:]",
    "result[0:5]",
    "result[1.5:]",
    "result[:]",
    "[1, 2, 3][1:2]",
    "default(result, nil) ?? 1",
    "first([]) ?? 2",
    "nil ?? result",
    "(if len(result) > 0 { result[0] } else { 0 })",
    "(if true { 1 } else if false { 2 } else { 3 })",
    "(first(result) ?? 0)",
    "sum(result[1:])",
    "result[-1:][0]",
];

const UNARY: &[&str] = &["!", "-", "not ", "+"];
const BINARY: &[&str] = &[
    " && ", " || ", " and ", " or ", " == ", " != ", " < ", " <= ", " > ", " >= ", " + ", " - ",
    " * ", " / ", " % ", " ** ", " ^ ", " in ", " not in ",
];
const PREDICATE_FNS: &[&str] = &["all", "any", "none", "one", "filter", "map", "count"];
const ONE_ARG: &[&str] = &[
    "isNaN", "isInf", "len", "abs", "int", "float", "ceil", "floor", "round", "asInt", "asFloat",
    "isNil", "first", "last", "sum", "mean", "median", "min", "max",
];

fn expression(rng: &mut Rng, depth: u32) -> String {
    if depth == 0 {
        return rng.pick(ATOMS).to_string();
    }
    match rng.below(9) {
        0 => rng.pick(ATOMS).to_string(),
        1 => format!("{}{}", rng.pick(UNARY), expression(rng, depth - 1)),
        2..=4 => format!(
            "{}{}{}",
            expression(rng, depth - 1),
            rng.pick(BINARY),
            expression(rng, depth - 1)
        ),
        5 => format!("({})", expression(rng, depth - 1)),
        6 => {
            let body = format!(
                "# {} {}",
                rng.pick(&[">", "<", "==", ">="]),
                rng.pick(ATOMS)
            );
            let body = if rng.below(2) == 0 {
                format!("{{{body}}}")
            } else {
                body
            };
            format!("{}(result, {body})", rng.pick(PREDICATE_FNS))
        }
        7 => format!("{}({})", rng.pick(ONE_ARG), expression(rng, depth - 1)),
        _ => format!(
            "{} ? {} : {}",
            expression(rng, depth - 1),
            expression(rng, depth - 1),
            expression(rng, depth - 1)
        ),
    }
}

/// Well-typed conditions (most compile for one shape or both), so that evaluation, not the
/// checker, is what gets compared: numbers, booleans and lists built from each other.
struct Typed<'r> {
    rng: &'r mut Rng,
    /// Inside a predicate: `#` is a number.
    element: bool,
}

impl Typed<'_> {
    fn num(&mut self, depth: u32) -> String {
        const ATOMS: &[&str] = &[
            "result",
            "result[0]",
            "result[-1]",
            "result[1]",
            "len(result)",
            "0",
            "1",
            "2",
            "-3",
            "0.5",
            ".25",
            "5.",
            "1e2",
            "0x1F",
            "0b10",
            "0o17",
            "7",
            "1e-3",
            "0.95",
            "100",
            "9223372036854775807",
            "sum(result)",
            "mean(result)",
            "median(result)",
            "min(result)",
            "max(result)",
            "first(result)",
            "last(result)",
            "asInt(result)",
            "asFloat(result)",
            "default(result, 0)",
            "asInt(result[0])",
            "count(result, # > 0.5)",
            "int(result)",
            "len(result[1:])",
            "(first(result) ?? 0)",
            "(if len(result) > 1 { result[1] } else { 0.5 })",
            "sum(result[:2])",
            "max(result[1:])",
        ];
        if self.element && self.rng.below(3) == 0 {
            return "#".into();
        }
        if depth == 0 || self.rng.below(4) == 0 {
            return self.rng.pick(ATOMS).into();
        }
        let d = depth - 1;
        match self.rng.below(8) {
            0..=2 => {
                let op = self
                    .rng
                    .pick(&[" + ", " - ", " * ", " / ", " % ", " ** ", " ^ "]);
                format!("{}{op}{}", self.num(d), self.num(d))
            }
            3 => format!("-{}", self.num(d)),
            4 => format!("({})", self.num(d)),
            5 => {
                let f = self.rng.pick(&[
                    "abs", "ceil", "floor", "round", "int", "float", "asInt", "asFloat", "min",
                    "max",
                ]);
                format!("{f}({})", self.num(d))
            }
            6 => format!("{} ? {} : {}", self.boolean(d), self.num(d), self.num(d)),
            _ => format!(
                "{}({}, {})",
                self.rng.pick(&["min", "max", "mean"]),
                self.num(d),
                self.num(d)
            ),
        }
    }

    fn boolean(&mut self, depth: u32) -> String {
        if depth == 0 || self.rng.below(5) == 0 {
            return self
                .rng
                .pick(&[
                    "true",
                    "false",
                    "isNil(result)",
                    "isNaN(result)",
                    "isNaN(result[0])",
                    "isInf(result)",
                    "result == nil",
                    "len(result) == 0",
                ])
                .into();
        }
        let d = depth - 1;
        match self.rng.below(10) {
            0..=2 => {
                let op = self
                    .rng
                    .pick(&[" < ", " <= ", " > ", " >= ", " == ", " != "]);
                format!("{}{op}{}", self.num(d), self.num(d))
            }
            3 | 4 => {
                let op = self.rng.pick(&[" && ", " || ", " and ", " or "]);
                format!("{}{op}{}", self.boolean(d), self.boolean(d))
            }
            5 => format!("{}({})", self.rng.pick(&["!", "not "]), self.boolean(d)),
            6 => format!("{}({})", self.rng.pick(&["isNaN", "isInf"]), self.num(d)),
            7 => {
                let f = self.rng.pick(&["all", "any", "none", "one"]);
                let outer = self.element;
                self.element = true;
                let body = self.boolean(d);
                self.element = outer;
                let body = if self.rng.below(2) == 0 {
                    format!("{{{body}}}")
                } else {
                    body
                };
                format!("{f}({}, {body})", self.list(d))
            }
            8 if self.rng.below(2) == 0 => {
                // Pairs that expr's predicateCombination merges into one call.
                let (f, op) =
                    [("all", " && "), ("any", " || "), ("none", " && ")][self.rng.below(3)];
                let outer = self.element;
                self.element = true;
                let (p, q) = (self.boolean(d), self.boolean(d));
                self.element = outer;
                format!("{f}(result, {p}){op}{f}(result, {q})")
            }
            8 => format!(
                "{}{}{}",
                self.num(d),
                self.rng.pick(&[" in ", " not in "]),
                self.list(d)
            ),
            _ => format!("{} < {} < {}", self.num(d), self.num(d), self.num(d)),
        }
    }

    fn list(&mut self, depth: u32) -> String {
        if depth == 0 || self.rng.below(2) == 0 {
            return self
                .rng
                .pick(&["result", "[0.5, 1]", "[]", "[1, 2, 3]"])
                .into();
        }
        let d = depth - 1;
        let outer = self.element;
        self.element = true;
        let out = match self.rng.below(3) {
            0 => format!("filter(result, {})", self.boolean(d)),
            1 => format!("map(result, {})", self.num(d)),
            _ => format!("[{}, {}]", self.num(d), self.num(d)),
        };
        self.element = outer;
        out
    }
}

fn result(rng: &mut Rng) -> Value {
    const NUMS: &[f64] = &[0.0, 0.5, 0.95, 1.0, 2.0, -1.0, 1e20, 3.7];
    let num = |rng: &mut Rng| match rng.below(12) {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        _ => NUMS[rng.below(NUMS.len())],
    };
    if rng.below(3) == 0 {
        Value::Num(num(rng))
    } else {
        let n = rng.below(4);
        Value::List((0..n).map(|_| Value::Num(num(rng))).collect())
    }
}

#[test]
fn generated_conditions_get_argos_phase() {
    let cases: usize = std::env::var("KR_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let seed: u64 = std::env::var("KR_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x005e_ed15);
    let max_depth: usize = std::env::var("KR_PROPTEST_DEPTH")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut oracle = Oracle::start();
    let mut failures = Vec::new();
    let mut refused = 0;
    let mut phases = std::collections::BTreeMap::new();
    for _ in 0..cases {
        let depth = 1 + rng.below(max_depth) as u32;
        let typed = rng.below(3) != 0;
        let gen_one = |rng: &mut Rng| {
            if typed {
                Typed {
                    rng,
                    element: false,
                }
                .boolean(depth + 1)
            } else {
                expression(rng, depth)
            }
        };
        let success = gen_one(&mut rng);
        let failure = if rng.below(3) == 0 {
            gen_one(&mut rng)
        } else {
            String::new()
        };
        let case = Case {
            success,
            failure,
            result: result(&mut rng),
        };
        let phase = ours(&case.success, &case.failure, &case.result);
        if phase == "Refused" {
            refused += 1;
        }
        *phases.entry(phase).or_insert(0usize) += 1;
        if let Err(e) = run(&mut oracle, &case) {
            failures.push(e);
        }
    }
    eprintln!(
        "{cases} generated cases: {} agree with Argo ({refused} refused up front), {} differ; our phases: {phases:?}",
        cases - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} differ from Argo:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

/// Conditions from Argo's docs and from issues 15 and 18, each with the results that matter.
#[test]
fn fixed_conditions_get_argos_phase() {
    let v = Value::list;
    let n = Value::Num;
    let cases: &[(&str, &str, Value)] = &[
        // Argo's docs
        ("result[0] >= 0.95", "", v(&[0.97])),
        ("result[0] >= 0.95", "", v(&[])),
        ("len(result) == 0 || result[0] < 0.05", "", v(&[])),
        ("result[0] <= 0.01", "result[0] > 0.05", v(&[0.03])),
        ("isNaN(result) || result >= 0.95", "", n(f64::NAN)),
        ("default(result, 0) >= 0.95", "", n(0.97)),
        ("asInt(result) < 5", "", n(3.9)),
        ("all(result, {# > 0.9})", "", v(&[0.95, 0.99])),
        ("any(result, # > 0.9)", "", v(&[0.5, 0.95])),
        ("any(result, isNaN(#))", "", v(&[0.5, f64::NAN])),
        (
            "none(result, # < 0.5) && one(result, # > 0.9)",
            "",
            v(&[0.95, 0.6]),
        ),
        ("result[0] > 0.9 ? true : false", "", v(&[0.95])),
        ("0.95 in result && 1 not in result", "", v(&[0.95])),
        (
            ".5 < result && 5. > result && 0x1 == 1 && 0o7 == 7 && 0b1 == 1",
            "",
            n(0.7),
        ),
        ("result ** 2 < 1 && result ^ 2 < 1", "", n(0.5)),
        (
            "sum(result) / count(result, true) > 0.5",
            "",
            v(&[0.6, 0.7]),
        ),
        (
            "mean(result) > 0.5 && median(result) > 0.5",
            "",
            v(&[0.6, 0.7, 0.1]),
        ),
        (
            "min(result) > 0.1 && max(result) < 1 && abs(-1) == 1",
            "",
            v(&[0.6, 0.7]),
        ),
        (
            "ceil(result) == 1 && floor(result) == 0 && round(result) == 1",
            "",
            n(0.6),
        ),
        ("int(result) == 0 && float(1) == 1.0", "", n(0.6)),
        ("first(result) < last(result)", "", v(&[0.1, 0.2])),
        ("first(result) < last(result)", "", v(&[])),
        (
            "len(filter(result, # > 0.5)) == len(map(result, # * 2))",
            "",
            v(&[0.6, 0.7]),
        ),
        ("\"a\" + \"b\" == \"ab\"", "", n(0.0)),
        // issue 15: refused by Argo
        ("result >= 1.0", "", v(&[1.0])),
        ("result % 2.5 == 0", "", n(5.0)),
        ("isInf(result, 0)", "", n(f64::INFINITY)),
        ("result < 1e400", "", n(1.0)),
        ("isNaN(len(result))", "", v(&[1.0])),
        ("default(result, 0) > 0.5", "", v(&[1.0])),
        ("default(result, 0) > 0.5", "", n(1.0)),
        // issue 18: constant folding and asInt as Go converts
        ("result[5] > 1 || true", "", v(&[1.0])),
        ("result[5] > 1 && false", "", v(&[1.0])),
        ("result[5] > 1 && true", "", v(&[1.0])),
        ("asInt(result) == -9223372036854775807 - 1", "", n(f64::NAN)),
        (
            "asInt(result) == -9223372036854775807 - 1",
            "",
            n(f64::INFINITY),
        ),
        (
            "asInt(result) == -9223372036854775807 - 1",
            "",
            n(f64::NEG_INFINITY),
        ),
        ("asInt(result) == -9223372036854775807 - 1", "", n(1e19)),
        ("asInt(result) == 9223372036854775807", "", n(9.2e18)),
        ("asInt(result) < 0", "", n(-1e19)),
        ("int(result) < 0", "", n(f64::NAN)),
        ("5 % 0 == 0", "", n(0.0)),
        ("9223372036854775807 + 1 < 0", "", n(0.0)),
        ("-9223372036854775808 < 0", "", n(0.0)),
        ("9223372036854775807 in +max(result)", "", v(&[])),
        // found by the generator: asInt gives an int64, and `c ? a : b` takes a's type when b
        // is an interface{}
        (
            "min(max(-3, 7), asInt(result[0])) != -len(result)",
            "",
            v(&[0.5]),
        ),
        ("min(7, asInt(result[0])) in [0, 1]", "", v(&[0.5])),
        (
            "(len(result) == 0 ? result : median(result)) in result",
            "",
            v(&[0.95, 0.5]),
        ),
        (
            "(true ? result : default(result, 0)) == result",
            "",
            v(&[0.95]),
        ),
        ("last(map(result, #)) and false", "", v(&[0.95])),
        ("last(min(1, result)) == 1e3", "", v(&[0.5])),
        ("  ", "", n(1.0)),
        ("", "  ", n(1.0)),
        // expr's findLast: fine first, refused (an intended difference) after another value
        ("last(filter([1, 2, 3], # > 1)) == 3", "", v(&[1.0])),
        (
            "(last(filter(result, # > 0)) * 2) + 1 > 2",
            "",
            v(&[1.0, 2.0]),
        ),
        ("3 == last(filter([1, 2, 3], # > 1))", "", v(&[1.0])),
        ("1 + filter(result, # > 0)[-1] > 0", "", v(&[1.0])),
        (
            "len(result[1:]) == 2 && result[-2:][0] == 2 && result[5:] == []",
            "",
            v(&[1.0, 2.0, 3.0]),
        ),
        ("(first(result) ?? 0.5) > 0.4", "", v(&[])),
        (
            "if len(result) > 0 { result[0] > 0.9 } else { false }",
            "",
            v(&[]),
        ),
        (
            "if len(result) > 0 { result[0] > 0.9 } else if true { true } else { false }",
            "",
            v(&[0.95]),
        ),
        ("first(max(result)) == nil", "", n(0.5)),
        ("+nil == nil && +\"a\" == \"a\"", "", n(0.0)),
        // found by the generator: expr's int-only fast paths see a float typed as int
        ("mean(0, 2) in [1, 2, 3]", "", v(&[0.5])),
        ("not (1 != -mean(0b10, 0.5))", "", n(-1.0)),
        ("mean(7, last(result)) != -2", "", v(&[0.95])),
        ("max(1, 2.5) in [1, 2]", "", n(1.0)),
        ("max(1, 2.5) == 2.5", "", n(1.0)),
        ("mean(asInt(result), 2) == 1.5", "", n(1.0)),
        ("median(1) == 1", "", n(1.0)),
        ("default(result, 0) in [\"a\"]", "", n(1.0)),
        (
            "asInt(result) + 1 == 2 && (asInt(result) + 1) in [2]",
            "",
            n(1.0),
        ),
        // expr's predicateCombination: all(x, p) && all(x, q) runs as all(x, p && q)
        (
            "all(result, # > 0) && all(result, result[9] > 0)",
            "",
            v(&[1.0, -1.0]),
        ),
        (
            "any(result, # < 0) || any(result, result[9] > 0)",
            "",
            v(&[1.0, -1.0]),
        ),
        (
            "none(result, # < 0) && none(result, result[9] > 0)",
            "",
            v(&[1.0, -1.0]),
        ),
        (
            "all(result, # > 0) && all(result, # > 0.5) && all(result, result[9] > 0)",
            "",
            v(&[1.0, -1.0]),
        ),
        (
            "all(result, # > 0) && all(map(result, #), result[9] > 0)",
            "",
            v(&[1.0, -1.0]),
        ),
    ];
    let mut oracle = Oracle::start();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(s, f, r)| {
            run(
                &mut oracle,
                &Case {
                    success: s.to_string(),
                    failure: f.to_string(),
                    result: r.clone(),
                },
            )
            .err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Argo's `ValidateMetrics` and `GetDryRunMetrics` against our template validation: the same
/// specs refused, the same metrics in dry run (issue 18).
#[test]
fn spec_validation_and_dry_run_rules_match_argos() {
    use kubectl_rollouts::spec::analysis::{
        AnalysisTemplateSpec, resolve_metrics, validate_template,
    };
    let metric = |name: &str, extra: Json| {
        let mut m = json!({"name": name, "provider": {"prometheus": {"address": "http://127.0.0.1:9", "query": "up"}}});
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        m
    };
    let specs = vec![
        json!({"metrics": [metric("m1", json!({}))], "dryRun": [{"metricName": ".*"}]}),
        json!({"metrics": [metric("m1", json!({})), metric("m2", json!({}))], "dryRun": [{"metricName": "m1$"}]}),
        json!({"metrics": [metric("m1", json!({})), metric("test-a", json!({}))], "dryRun": [{"metricName": "test.*"}]}),
        json!({"metrics": [metric("m1", json!({}))], "dryRun": [{"metricName": "nope"}]}),
        json!({"metrics": [metric("m1", json!({}))], "dryRun": [{"metricName": "*"}]}),
        json!({"metrics": [metric("m1", json!({}))], "dryRun": [{"metricName": "m"}]}),
        json!({"metrics": [metric("m1", json!({"count": 2, "interval": "1m", "failureLimit": 1, "consecutiveSuccessLimit": 2}))]}),
        json!({"metrics": [metric("m1", json!({"count": 3, "interval": "1m", "failureLimit": 1, "consecutiveSuccessLimit": 2}))]}),
        json!({"metrics": [metric("m1", json!({"count": 2, "interval": "1m", "inconclusiveLimit": 3}))]}),
        json!({"metrics": [metric("m1", json!({"count": 2, "interval": "1m", "failureLimit": -1, "consecutiveSuccessLimit": 3}))]}),
        json!({"metrics": [metric("m1", json!({"consecutiveSuccessLimit": -1}))]}),
        json!({"metrics": [metric("m1", json!({"failureLimit": -1}))]}),
        json!({"metrics": [metric("m1", json!({"failureLimit": -2}))]}),
        json!({"metrics": [metric("m1", json!({"count": 2}))]}),
        json!({"metrics": [metric("m1", json!({"consecutiveErrorLimit": -1}))]}),
        json!({"metrics": [metric("m1", json!({"consecutiveSuccessLimit": 2}))]}),
        json!({"metrics": [metric("m1", json!({"count": 3, "interval": "0s"}))]}),
        json!({"metrics": [metric("m1", json!({"interval": "0s"}))]}),
        json!({"metrics": [metric("m1", json!({})), metric("m2", json!({}))], "measurementRetention": [{"metricName": ".*", "limit": 3}, {"metricName": "2$", "limit": 5}]}),
        json!({"metrics": [metric("m1", json!({}))], "measurementRetention": [{"metricName": "x", "limit": 3}]}),
        json!({"metrics": [metric("m1", json!({}))], "measurementRetention": [{"metricName": "*", "limit": 3}]}),
        json!({"metrics": [metric("m1", json!({})), metric("m2", json!({}))], "dryRun": [{"metricName": "^m"}], "measurementRetention": [{"metricName": "1", "limit": 20}]}),
    ];
    let mut oracle = Oracle::start();
    let mut failures = Vec::new();
    for spec in specs {
        let answer = oracle.ask(&json!({
            "op": "validate", "metrics": spec["metrics"],
            "dryRun": spec.get("dryRun").cloned().unwrap_or(json!([])),
            "measurementRetention": spec.get("measurementRetention").cloned().unwrap_or(json!([])),
        }));
        let parsed: AnalysisTemplateSpec = serde_json::from_value(spec.clone()).unwrap();
        let ours = validate_template(&parsed).and_then(|()| {
            resolve_metrics(&parsed, &Default::default()).map(|ms| {
                let dry: Vec<_> = ms
                    .iter()
                    .filter(|m| m.dry_run)
                    .map(|m| m.name.clone())
                    .collect();
                let kept: Vec<_> = ms.iter().map(|m| (m.name.clone(), m.retention)).collect();
                (dry, kept)
            })
        });
        let agree = match (&ours, answer.get("error")) {
            (Err(_), Some(_)) => true,
            (Ok((dry, kept)), None) => {
                json!(dry) == answer["dryRun"]
                    && kept.iter().all(|(name, n)| {
                        answer["retention"]
                            .get(name)
                            .and_then(Json::as_u64)
                            .unwrap_or(10)
                            == *n as u64
                    })
            }
            _ => false,
        };
        if !agree {
            failures.push(format!("{spec}: ours {ours:?}, Argo {answer}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every `successCondition` / `failureCondition` in Argo Rollouts' own docs, examples and test
/// manifests (36, less the three with template placeholders), with the results a Prometheus
/// query can give: each gets Argo's phase, or is refused here where Argo can only give Error.
#[test]
fn conditions_from_argos_docs_and_examples_get_argos_phase() {
    const CONDITIONS: &[&str] = &[
        "all(result, # < 1000)",
        "all(result.service_apdex.values.values, {asFloat(.value) >= 9900})",
        "len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})",
        "result.ok && result.successPercent >= 0.90",
        "default(result, 0) < 0.05",
        "default(result, 0) < 10",
        "default(result, 0) < 5",
        "isInf(result)",
        "isNaN(result) || result >= 0.95",
        "len(result) == 0 || result[0] >= 0.95",
        "len(result) > 0 && result[0] >= 0.95",
        "max(result) < 0.05",
        "result < 0.95",
        "result <= 0.01",
        "result == \"I am OK\"",
        "result == \"true\"",
        "result == 'It worked!'",
        "result == 'true'",
        "result == true",
        "result >= 0.95",
        "result.Status == -1",
        "result.Status == 999",
        "result.major == '1'",
        "result.successRate >= 0.95",
        "result[0] < 0.50",
        "result[0] <= 0.01",
        "result[0] <= 0.95",
        "result[0] >= 0.90",
        "result[0] >= 0.95",
        "result[0] >= 0.99",
        "result[0] >= 10",
        "results[0] >= 90.000000",
    ];
    let results = [
        Value::Num(0.5),
        Value::Num(f64::NAN),
        Value::Num(f64::INFINITY),
        Value::list(&[]),
        Value::list(&[0.97]),
        Value::list(&[0.01, 0.2]),
        Value::list(&[f64::NAN]),
    ];
    let mut oracle = Oracle::start();
    let mut failures = Vec::new();
    for condition in CONDITIONS {
        for (success, failure) in [(*condition, ""), ("", *condition)] {
            for result in &results {
                let case = Case {
                    success: success.into(),
                    failure: failure.into(),
                    result: result.clone(),
                };
                if let Err(e) = run(&mut oracle, &case) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
