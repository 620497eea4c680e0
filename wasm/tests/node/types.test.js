// The package's TypeScript declarations type-check a typical use, and reject a label or an
// action that does not exist (the union types are generated from the Rust taxonomy).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { initialize, labels } from '../../pkg/node.js';
import { pkgDir, wasmDir } from '../support.js';

before(initialize);

test('the generated .d.ts type-checks a typical use', () => {
  const tsc = join(wasmDir, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', join(wasmDir, 'tests', 'types', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('the Label union lists exactly the runtime labels, in order', () => {
  const dts = readFileSync(join(pkgDir, 'edgeguard_wasm.d.ts'), 'utf8');
  const union = dts.match(/export type Label = ([^;]+);/)?.[1];
  assert.ok(union, 'Label type present');
  const names = [...union.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(names, labels().map((l) => l.name));
});
