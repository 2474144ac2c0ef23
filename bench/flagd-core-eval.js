// flagd-core's in-process evaluation throughput on the same flag and keys as
// benches/flags_eval.rs: the seed's experimental_editor (fractional, 10%), keys user-0..1023.
// Prints one JSON line per round: {"evals_per_sec": N}. With --once: one evaluation, for the
// whole-process comparison. Run with NODE_PATH from scripts/flagd-deps.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { FlagdCore } = require('@openfeature/flagd-core');

const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const file = path.join(__dirname, '..', 'examples', 'flags', 'flags.flagd.json');
const core = new FlagdCore(undefined, quiet);
core.setConfigurations(fs.readFileSync(file, 'utf8'));

if (process.argv.includes('--once')) {
  const r = core.resolveBooleanEvaluation('experimental_editor', false, { targetingKey: 'user-1' });
  process.stdout.write(JSON.stringify({ variant: r.variant, value: r.value, reason: r.reason }) + '\n');
  process.exit(0);
}

const rounds = Number(process.argv[2] || 5);
const perRound = Number(process.argv[3] || 200000);
const contexts = Array.from({ length: 1024 }, (_, i) => ({ targetingKey: `user-${i}` }));
let sink = 0;
// Warm-up: let the JIT compile the rule and the evaluator.
for (let i = 0; i < 50000; i++) {
  sink += core.resolveBooleanEvaluation('experimental_editor', false, contexts[i & 1023]).value ? 1 : 0;
}
for (let r = 0; r < rounds; r++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++) {
    sink += core.resolveBooleanEvaluation('experimental_editor', false, contexts[i & 1023]).value ? 1 : 0;
  }
  const ns = Number(process.hrtime.bigint() - start);
  process.stdout.write(JSON.stringify({ evals_per_sec: perRound / (ns / 1e9), sink }) + '\n');
}
