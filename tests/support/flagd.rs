//! flagd's own evaluator (`@openfeature/flagd-core`, installed by `scripts/flagd-deps`) as a
//! child process answering JSON lines (tests/flagd-core/harness.js), and flagd's published
//! JSON schema from the same script.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::repo;

pub struct Deps {
    pub node_path: PathBuf,
    pub schema_dir: PathBuf,
}

/// `FLAGD_CORE_NODE_PATH` and `FLAGD_SCHEMA_DIR` from the environment, else from running
/// `scripts/flagd-deps` (which installs them when missing). Never skips.
pub fn deps() -> &'static Deps {
    static DEPS: OnceLock<Deps> = OnceLock::new();
    DEPS.get_or_init(|| {
        if let (Some(n), Some(s)) = (
            std::env::var_os("FLAGD_CORE_NODE_PATH"),
            std::env::var_os("FLAGD_SCHEMA_DIR"),
        ) {
            return Deps {
                node_path: n.into(),
                schema_dir: s.into(),
            };
        }
        let out = Command::new(repo().join("scripts/flagd-deps"))
            .stderr(Stdio::inherit())
            .output()
            .expect("running scripts/flagd-deps");
        assert!(
            out.status.success(),
            "scripts/flagd-deps failed ({})",
            out.status
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let get = |key: &str| {
            text.lines()
                .filter_map(|l| l.strip_prefix("export "))
                .filter_map(|l| l.split_once('='))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| PathBuf::from(v.trim()))
                .unwrap_or_else(|| panic!("scripts/flagd-deps printed no {key}: {text}"))
        };
        Deps {
            node_path: get("FLAGD_CORE_NODE_PATH"),
            schema_dir: get("FLAGD_SCHEMA_DIR"),
        }
    })
}

/// A running flagd-core harness.
pub struct FlagdCore {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl FlagdCore {
    pub fn start() -> Self {
        let mut child = Command::new("node")
            .arg(repo().join("tests/flagd-core/harness.js"))
            .env("NODE_PATH", &deps().node_path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting node with the flagd-core harness");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        FlagdCore {
            child,
            stdin,
            stdout,
        }
    }

    /// Loads a flag document; panics with flagd-core's error when it rejects it.
    pub fn load(&mut self, config: &str) {
        let answer = self.ask_many(&[json!({"op": "load", "config": config})]);
        assert_eq!(
            answer[0],
            json!({"ok": true}),
            "flagd-core rejected the document"
        );
    }

    /// Sends every request, then reads the answers in order (pipelined).
    pub fn ask_many(&mut self, requests: &[Value]) -> Vec<Value> {
        let mut text = String::new();
        for r in requests {
            text.push_str(&r.to_string());
            text.push('\n');
        }
        let mut stdin = self.stdin.take().expect("stdin");
        let writer = std::thread::spawn(move || {
            stdin
                .write_all(text.as_bytes())
                .expect("writing to flagd-core");
            stdin.flush().expect("flushing");
            stdin
        });
        let mut answers = Vec::with_capacity(requests.len());
        let mut line = String::new();
        for _ in requests {
            line.clear();
            let n = self
                .stdout
                .read_line(&mut line)
                .expect("reading flagd-core");
            assert!(n > 0, "flagd-core exited");
            answers.push(serde_json::from_str(&line).expect("flagd-core answers JSON"));
        }
        self.stdin = Some(writer.join().expect("writer thread"));
        answers
    }

    /// flagd-core's answer for one flag and context: (variant, value, reason).
    pub fn eval_many(&mut self, flag: &str, contexts: &[Value]) -> Vec<Value> {
        let requests: Vec<Value> = contexts
            .iter()
            .map(|c| json!({"op": "eval", "flag": flag, "context": c}))
            .collect();
        self.ask_many(&requests)
    }
}

impl Drop for FlagdCore {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
