// flagd's own JavaScript evaluator (@openfeature/flagd-core) answering JSON lines, so the
// Rust tests can ask it what flagd resolves. Run with NODE_PATH from scripts/flagd-deps.
//   {"op":"load","config":"<flag document text>"}          -> {"ok":true} | {"error":"..."}
//   {"op":"eval","flag":"NAME","context":{...}}             -> {"variant","value","reason","errorCode"}
//   {"op":"hash","text":"..."}                              -> {"hash": <uint32>}  (its murmur3)
'use strict';
const readline = require('node:readline');
const { FlagdCore } = require('@openfeature/flagd-core');
const MurmurHash3 = require('imurmurhash');

const quiet = { error() {}, warn() {}, info() {}, debug() {} };
let core = new FlagdCore(undefined, quiet);

function answer(req) {
  switch (req.op) {
    case 'load':
      core = new FlagdCore(undefined, quiet);
      core.setConfigurations(req.config);
      return { ok: true };
    case 'eval': {
      const flag = core.getFlag(req.flag);
      if (!flag) return { error: `no flag ${req.flag}` };
      const first = flag.variants.values().next().value;
      const r = core.resolve(typeof first, req.flag, null, req.context || {});
      return {
        variant: r.variant === undefined ? null : r.variant,
        value: r.value === undefined ? null : r.value,
        reason: r.reason,
        errorCode: r.errorCode === undefined ? null : r.errorCode,
      };
    }
    case 'hash':
      return { hash: new MurmurHash3(req.text).result() >>> 0 };
    default:
      return { error: `unknown op ${req.op}` };
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let out;
  try {
    out = answer(JSON.parse(line));
  } catch (e) {
    out = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
});
