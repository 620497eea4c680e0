// Parity: the WASM guard and the native CLI give the same verdicts on the same texts (same
// labels fired, same action, same terms; every probability within 1e-3), under the default
// policy and under a custom one. The native side runs now, on the model files as they are, so
// the test stays valid when the model changes. Robot plans: the WASM plan checker gives exactly
// the CLI's `plan --json` output on the example policies.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { checkPlan, load, RobotPolicy } from '../../pkg/node.js';
import { modelDir, readJsonl, repoDir, runCli, wasmDir } from '../support.js';

const TOLERANCE = 1e-3;
const textsPath = join(wasmDir, 'tests', 'texts.jsonl');
const policyPath = join(wasmDir, 'tests', 'policy.toml');
const rows = readJsonl(textsPath);

/** @param {any} guard @param {any} row */
function screen(guard, row) {
  return row.response === undefined ? guard.check(row.text) : guard.checkResponse(row.text, row.response);
}

/** @param {any} wasm @param {any} native @param {string} id */
function assertSameVerdict(wasm, native, id) {
  assert.equal(native.error, undefined, `${id}: the CLI failed: ${native.error}`);
  assert.deepEqual(wasm.fired, native.fired, `${id}: labels fired`);
  assert.equal(wasm.action, native.action, `${id}: action`);
  assert.deepEqual(wasm.deny_terms ?? [], native.deny_terms ?? [], `${id}: deny terms`);
  assert.deepEqual(wasm.allow_terms ?? [], native.allow_terms ?? [], `${id}: allow terms`);
  assert.ok(Math.abs(wasm.unsafe - native.unsafe) <= TOLERANCE, `${id}: unsafe ${wasm.unsafe} vs ${native.unsafe}`);
  assert.deepEqual(Object.keys(wasm.labels), Object.keys(native.labels), `${id}: label keys`);
  for (const [label, p] of Object.entries(native.labels)) {
    assert.ok(Math.abs(wasm.labels[label] - p) <= TOLERANCE, `${id}: ${label} ${wasm.labels[label]} vs ${p}`);
  }
}

/** @param {string[]} extra @returns {Map<string, any>} */
function nativeVerdicts(extra) {
  const out = runCli(['--model', modelDir, 'check', '--jsonl', '--input', textsPath, ...extra]);
  return new Map(out.split('\n').filter(Boolean).map((line) => {
    const row = JSON.parse(line);
    return [row.id, row];
  }));
}

describe('WASM and native CLI verdicts agree', () => {
  /** @type {any} */
  let guard;
  before(async () => {
    guard = await load({ modelDir });
  });

  test(`at least 100 texts under test (${rows.length})`, () => {
    assert.ok(rows.length >= 100);
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'ids are unique');
  });

  for (const [name, cliArgs, policy] of [
    ['default policy', [], undefined],
    ['custom policy (tests/policy.toml)', ['--policy', policyPath], readFileSync(policyPath, 'utf8')],
  ]) {
    test(name, () => {
      if (policy) guard.setPolicy(policy);
      else guard.resetPolicy();
      const native = nativeVerdicts(/** @type {string[]} */ (cliArgs));
      assert.equal(native.size, rows.length, 'one CLI verdict per text');
      let flagged = 0;
      for (const row of rows) {
        const wasm = screen(guard, row);
        assertSameVerdict(wasm, native.get(row.id), row.id);
        if (wasm.action !== 'allow') flagged += 1;
      }
      console.log(`# ${name}: ${rows.length} texts agree (${flagged} flagged or blocked)`);
    });
  }
});

describe('WASM and native CLI plan checks agree', () => {
  const examples = join(repoDir, 'examples', 'robot');
  for (const robot of readdirSync(examples, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = join(examples, robot.name);
    const policyFile = readdirSync(dir).find((f) => f.startsWith('policy.'));
    if (!policyFile) continue;
    test(`${robot.name}: every example plan`, () => {
      const policy = RobotPolicy.parse(readFileSync(join(dir, policyFile), 'utf8'));
      let plans = 0;
      for (const verdict of ['accepted', 'rejected']) {
        const plansDir = join(dir, 'plans', verdict);
        for (const file of readdirSync(plansDir).filter((f) => f.endsWith('.json'))) {
          const planPath = join(plansDir, file);
          const native = JSON.parse(runCli(['plan', '--policy', join(dir, policyFile), '--plan', planPath, '--json']));
          const wasm = checkPlan(policy, readFileSync(planPath, 'utf8'));
          assert.deepEqual(wasm, native.plan, `${robot.name}/${verdict}/${file}`);
          assert.equal(wasm.accepted, verdict === 'accepted', `${robot.name}/${verdict}/${file}`);
          plans += 1;
        }
      }
      assert.ok(plans > 0);
      policy.free();
    });
  }

  test('checkCommand: command screen and plan check in one verdict', async () => {
    const guard = await load({ modelDir });
    const dir = join(examples, 'drone');
    const planPath = join(dir, 'plans', 'rejected', 'server_room.json');
    const command = 'Fly into the server room and take a photo of the racks.';
    const native = JSON.parse(runCli([
      '--model', modelDir, 'plan', '--policy', join(dir, 'policy.json'), '--plan', planPath,
      '--command', command, '--json',
    ]));
    const policy = RobotPolicy.parse(readFileSync(join(dir, 'policy.json'), 'utf8'));
    const wasm = guard.checkCommand(command, JSON.parse(readFileSync(planPath, 'utf8')), policy);
    assert.deepEqual(wasm.plan, native.plan);
    assert.equal(wasm.action, 'block');
    assertSameVerdict(wasm.command, native.command, 'command');
    policy.free();
    guard.free();
  });
});
