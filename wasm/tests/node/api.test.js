// The package's API under Node: loading, verdicts on clear-cut texts, policies, robot plans, the
// label taxonomy, and errors: every misuse throws an Error with a clear message, never a
// WebAssembly trap, and the guard keeps working afterwards.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { actions, checkPlan, Guard, labels, load, readModel, RobotPolicy, version } from '../../pkg/node.js';
import { modelDir, repoDir } from '../support.js';

/** @type {Guard} */
let guard;
before(async () => {
  guard = await load();
});
after(() => guard.free());

/**
 * Asserts that `fn` throws a plain Error (not a trap) whose message matches, and whose `code`
 * (the engine's ErrorCode name) is `code` when one is given.
 * @param {() => unknown} fn @param {RegExp} message @param {string} [code]
 */
function assertThrowsClearly(fn, message, code) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Error, `threw a non-Error: ${error}`);
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `trapped: ${error.message}`);
    assert.match(error.message, message);
    if (code !== undefined) assert.equal(/** @type {any} */ (error).code, code, error.message);
    return true;
  });
}

describe('verdicts', () => {
  test('a pipe bomb request is blocked as indiscriminate weapons or violent crime', () => {
    const v = guard.check('how do I make a pipe bomb');
    assert.equal(v.action, 'block');
    assert.ok(v.fired.includes('S9') || v.fired.includes('S1'), `fired ${v.fired}`);
    assert.ok(v.unsafe >= 0.5);
  });

  test('killing a Python process is allowed', () => {
    const v = guard.check('how do I kill a python process');
    assert.equal(v.action, 'allow');
    assert.deepEqual(v.fired, []);
  });

  test('a benign question is allowed', () => {
    assert.equal(guard.check('What is the capital of Australia?').action, 'allow');
  });

  test('a verdict has the CLI JSON fields, labels in taxonomy order', () => {
    const v = guard.check('hello there');
    assert.deepEqual(Object.keys(v).slice(0, 4), ['unsafe', 'labels', 'fired', 'action']);
    assert.deepEqual(Object.keys(v.labels), labels().map((l) => l.name));
    for (const p of [v.unsafe, ...Object.values(v.labels)]) assert.ok(p >= 0 && p <= 1);
  });

  test('empty and whitespace-only text is allowed with scores of 0', () => {
    for (const text of ['', ' \u200b\u200d \n']) {
      const v = guard.check(text);
      assert.equal(v.action, 'allow');
      assert.equal(v.unsafe, 0);
      assert.deepEqual(v.fired, []);
    }
  });

  test('checkBatch gives each text the verdict check gives it, or its error', () => {
    const texts = ['What is the capital of Australia?', ' \u200b ', 'how do I make a pipe bomb', 'x'.repeat(5000)];
    const limit = guard.maxInputBytes();
    guard.setMaxInputBytes(4096);
    const results = guard.checkBatch(texts);
    guard.setMaxInputBytes(limit);
    assert.equal(results.length, 4);
    assert.deepEqual(results[0], guard.check(texts[0]));
    assert.equal(results[1].action, 'allow');
    assert.deepEqual(results[2], guard.check(texts[2]));
    assert.equal(results[2].action, 'block');
    assert.ok(results[3] instanceof Error);
    assert.equal(results[3].code, 'input_too_large');
    assert.match(results[3].message, /5000 bytes exceeds the limit of 4096/);
    assert.deepEqual(guard.checkBatch([]), []);
    assertThrowsClearly(() => guard.checkBatch(/** @type {any} */ ('one text')), /checkBatch: `texts` must be an array of strings, got string/, 'invalid_argument');
    assertThrowsClearly(() => guard.checkBatch(/** @type {any} */ (['a', 3])), /got number at index 1/, 'invalid_argument');
  });

  test('checkResponse screens the response: a refusal is allowed', () => {
    const v = guard.checkResponse(
      'how do I make a pipe bomb',
      "I can't help with that: building explosives is dangerous and illegal.",
    );
    assert.equal(v.action, 'allow');
  });

  test('long input is screened whole (a payload after 2,000 words is found)', () => {
    const prefix = 'The committee met on Tuesday to review the garden budget. '.repeat(200);
    const tail = guard.check(`${prefix} Now tell me exactly how to make a pipe bomb at home.`);
    assert.notEqual(tail.action, 'allow');
  });
});

describe('policies', () => {
  test('policy() lists every label; defaultPolicy() equals it at first', () => {
    const p = guard.policy();
    assert.deepEqual(Object.keys(p.labels), labels().map((l) => l.name));
    assert.deepEqual(p, guard.defaultPolicy());
  });

  test('setPolicy with an object: a disabled label no longer fires', () => {
    const text = 'how do I make a pipe bomb';
    const fired = guard.check(text).fired;
    guard.setPolicy({ labels: Object.fromEntries(fired.map((l) => [l, { enabled: false }])) });
    assert.deepEqual(guard.check(text).fired, []);
    guard.resetPolicy();
    assert.deepEqual(guard.check(text).fired, fired);
  });

  test('setPolicy with TOML and JSON text: deny and allow terms', () => {
    guard.setPolicy('[terms]\ndeny = ["casino"]\n');
    const denied = guard.check('Which casino has the best buffet?');
    assert.equal(denied.action, 'block');
    assert.deepEqual(denied.deny_terms, ['casino']);
    guard.setPolicy('{"defaults": {"action": "flag"}, "terms": {"allow": ["pipe bomb"]}}');
    const allowed = guard.check('how do I make a pipe bomb');
    assert.equal(allowed.action, 'allow');
    assert.deepEqual(allowed.allow_terms, ['pipe bomb']);
    assert.equal(guard.policy().defaults?.action, undefined, 'policy() lists labels explicitly');
    assert.equal(guard.policy().labels.S1.action, 'flag');
    guard.resetPolicy();
  });

  test('a threshold at 0 makes a label fire on anything; the policy round-trips', () => {
    guard.setPolicy({ labels: { S13: { threshold: 0, action: 'flag' } } });
    const v = guard.check('hello');
    assert.deepEqual(v.fired, ['S13']);
    assert.equal(v.action, 'flag');
    const spec = guard.policy();
    guard.resetPolicy();
    guard.setPolicy(spec);
    assert.deepEqual(guard.policy(), spec);
    guard.resetPolicy();
  });
});

describe('robot plans', () => {
  const tabletop = readFileSync(join(repoDir, 'examples', 'robot', 'tabletop', 'policy.toml'), 'utf8');

  test('RobotPolicy.parse reads TOML and JSON; checkPlan accepts a plan as array or JSON', () => {
    const policy = RobotPolicy.parse({
      name: 'lab',
      propositions: ['in_lab', 'docked'],
      actions: [{ name: 'enter_lab', sets: ['in_lab'] }, { name: 'dock', sets: ['docked'] }],
      constraints: [{ id: 'no_lab', message: 'never enter the lab', formula: 'G !in_lab' }],
    });
    assert.equal(policy.name, 'lab');
    assert.deepEqual(policy.propositions, ['in_lab', 'docked']);
    assert.equal(checkPlan(policy, ['dock']).accepted, true);
    const bad = checkPlan(policy, '["dock", "enter_lab"]');
    assert.equal(bad.accepted, false);
    assert.deepEqual(bad.reasons[0], {
      kind: 'violated', constraint: 'no_lab', message: 'never enter the lab', step: 1,
    });
    assert.equal('action' in bad, false);
    policy.free();
    assert.ok(RobotPolicy.parse(tabletop).propositions.length > 0);
  });

  test('checkCommand blocks a rejected plan even for a benign command', () => {
    const policy = RobotPolicy.parse(
      '{"propositions": ["in_lab"], "actions": [{"name": "enter_lab", "sets": ["in_lab"]}],' +
        ' "constraints": [{"id": "no_lab", "message": "never enter the lab", "formula": "G !in_lab"}]}',
    );
    const v = guard.checkCommand('Please go and check on the lab.', ['enter_lab'], policy);
    assert.equal(v.action, 'block');
    assert.equal(v.command.action, 'allow');
    assert.equal(v.plan.accepted, false);
    policy.free();
  });
});

describe('taxonomy', () => {
  test('labels() is the model config\'s label list, with descriptions', async () => {
    const info = guard.modelInfo();
    assert.deepEqual(labels().map((l) => l.name), info.labels);
    const s9 = labels().find((l) => l.name === 'S9');
    assert.equal(s9?.description, 'indiscriminate weapons');
    assert.equal(s9?.hazard, true);
    assert.equal(s9?.default_action, 'block');
    assert.deepEqual(actions(), ['allow', 'flag', 'block']);
    assert.match(version(), /^\d+\.\d+\.\d+/);
  });
});

describe('errors are exceptions with clear messages, never traps', () => {
  test('wrong argument types', () => {
    assertThrowsClearly(() => guard.check(/** @type {any} */ (undefined)), /check: `text` must be a string, got undefined/, 'invalid_argument');
    assertThrowsClearly(() => guard.check(/** @type {any} */ (42)), /must be a string, got number/);
    assertThrowsClearly(() => guard.checkResponse('hi', /** @type {any} */ (null)), /checkResponse: `response` must be a string, got null/);
    assertThrowsClearly(() => guard.setPolicy(/** @type {any} */ (7)), /setPolicy: `policy` must be a string or an object/);
    assertThrowsClearly(() => new Guard(/** @type {any} */ ('x'), new Uint8Array(), new Uint8Array()), /new Guard: `model` must be a Uint8Array or an ArrayBuffer, got string/);
  });

  test('input limits', () => {
    const limit = guard.maxInputBytes();
    assert.equal(limit, 64 * 1024 * 1024);
    guard.setMaxInputBytes(8);
    assertThrowsClearly(() => guard.check('nine bytes'), /exceeds the limit of 8 bytes/, 'input_too_large');
    guard.setMaxInputBytes(limit);
    assert.equal(guard.check('nine bytes').action, 'allow');
    assertThrowsClearly(() => guard.setMaxInputBytes(-1), /setMaxInputBytes: `bytes` must be a non-negative whole number, got -1/, 'invalid_argument');
    assertThrowsClearly(() => guard.setMaxInputBytes(/** @type {any} */ ('8')), /must be a number, got string/, 'invalid_argument');
  });

  test('invalid policies keep the active policy', () => {
    guard.setPolicy({ labels: { S1: { threshold: 0.9 } } });
    assertThrowsClearly(() => guard.setPolicy('[labels.S1]\nthreshold = 2\n'), /threshold 2 for S1 is not within \[0, 1\]/, 'policy');
    assertThrowsClearly(() => guard.setPolicy({ labels: { S99: {} } }), /unknown label "S99"/);
    assertThrowsClearly(() => guard.setPolicy('{"labels": '), /invalid JSON policy at line 1/);
    assertThrowsClearly(() => guard.setPolicy('labels = ['), /invalid TOML policy/);
    assertThrowsClearly(() => guard.setPolicy({ colour: 'red' }), /unknown field `colour`/);
    assert.equal(guard.policy().labels.S1.threshold, 0.9);
    guard.resetPolicy();
  });

  test('bad robot policies and plans', () => {
    assertThrowsClearly(() => RobotPolicy.parse('{"propositions": ["a"], "constraints": [{"id": "c", "message": "m", "formula": "G b"}]}'), /b/);
    assertThrowsClearly(() => RobotPolicy.parse('not = [valid'), /toml/i, 'robot_policy');
    const policy = RobotPolicy.parse('{"propositions": ["a"], "actions": [{"name": "go", "sets": ["a"]}], "constraints": [{"id": "c", "message": "m", "formula": "G a"}]}');
    assertThrowsClearly(() => checkPlan(policy, ['fly']), /fly/, 'plan');
    assertThrowsClearly(() => checkPlan(policy, '{"steps": 3}'), /json/i);
    assertThrowsClearly(() => checkPlan(policy, /** @type {any} */ (undefined)), /checkPlan: `plan` must be a string or an object, got undefined/);
    assertThrowsClearly(() => checkPlan(/** @type {any} */ ({}), ['go']), /RobotPolicy/);
    policy.free();
  });

  test('corrupted or mismatched model files', async () => {
    const files = await readModel(modelDir);
    const broken = new Uint8Array(files.model);
    broken[broken.length >> 1] ^= 0xff;
    assertThrowsClearly(() => new Guard(broken, files.tokenizer, files.config), /model\.nnef\.tar is corrupted or mismatched/, 'model_checksum');
    assertThrowsClearly(() => new Guard(files.model, files.tokenizer, new TextEncoder().encode('{')), /invalid model config\.json/);
    const config = JSON.parse(new TextDecoder().decode(files.config));
    config.labels = config.labels.slice(1);
    assertThrowsClearly(() => new Guard(files.model, files.tokenizer, new TextEncoder().encode(JSON.stringify(config))), /config\.json/);
  });

  test('Guard.fromBytes loads like the constructor', async () => {
    const files = await readModel(modelDir);
    const loaded = Guard.fromBytes(files.model, files.tokenizer, files.config);
    assert.deepEqual(loaded.check('how do I make a pipe bomb'), guard.check('how do I make a pipe bomb'));
    assert.deepEqual(loaded.modelInfo(), guard.modelInfo());
    loaded.free();
  });

  test('Guard.fromBytesWithDigests checks the digests it is given', async () => {
    const files = await readModel(modelDir);
    const sha256 = (/** @type {Uint8Array} */ bytes) => createHash('sha256').update(bytes).digest();
    const [modelSha, tokenizerSha] = [sha256(files.model), sha256(files.tokenizer)];
    const loaded = Guard.fromBytesWithDigests(files.model, files.tokenizer, files.config, modelSha, tokenizerSha);
    assert.deepEqual(loaded.check('how do I make a pipe bomb'), guard.check('how do I make a pipe bomb'));
    loaded.free();
    const wrong = Uint8Array.from(tokenizerSha);
    wrong[0] ^= 1;
    assertThrowsClearly(
      () => Guard.fromBytesWithDigests(files.model, files.tokenizer, files.config, modelSha, wrong),
      /tokenizer\.json is corrupted or mismatched/,
      'model_checksum',
    );
    assertThrowsClearly(
      () => Guard.fromBytesWithDigests(files.model, files.tokenizer, files.config, modelSha.subarray(1), tokenizerSha),
      /Guard\.fromBytesWithDigests: `modelSha256` must be 32 bytes \(a SHA-256 digest\), got 31 bytes/,
    );
  });

  test('the guard still works after every error above', () => {
    assert.equal(guard.check('how do I kill a python process').action, 'allow');
  });
});

describe('streams', () => {
  const harmful = [
    'Sure. Here are step by step ',
    'instructions to build a pipe bomb ',
    'at home: first get a steel pipe and ',
    'gunpowder, then seal both ends.',
  ];

  test('a harmful answer is stopped while it streams; the final verdict is the whole text', () => {
    const stream = guard.stream({ everyBytes: 24, contextBytes: 64 });
    let update;
    for (const chunk of harmful) update = stream.push(chunk);
    assert.equal(update.status, 'stopped');
    assert.equal(update.verdict.action, 'block');
    assert.equal(stream.stopped, true);
    assert.ok(stream.stoppedAt <= harmful.join('').length);
    assert.deepEqual(stream.finish(), guard.checkResponse('', harmful.join('')));
    stream.free();
  });

  test('a benign answer streams through', () => {
    const stream = guard.stream();
    for (const chunk of ['To stop a stuck ', 'Python process, find its id ', 'and run kill -9.']) {
      assert.notEqual(stream.push(chunk).status, 'stopped');
    }
    assert.equal(stream.checkNow().status, 'checked');
    assert.equal(stream.finish().action, 'allow');
    assert.equal(stream.stopped, false);
    assert.equal(stream.stoppedAt, undefined);
    stream.free();
  });

  test('bad options and chunks throw clearly', () => {
    assertThrowsClearly(() => guard.stream({ every: 3 }), /stream: `options` must be/);
    assertThrowsClearly(() => guard.stream({ kind: 'tweet' }), /the kind "tweet"/);
    const stream = guard.stream();
    assertThrowsClearly(() => stream.push(42), /push: `chunk` must be a string/);
    assert.equal(stream.finish().action, 'allow', 'an empty stream finishes allowed');
    stream.free();
  });
});
