// Compiled (not run) by tests/node/types.test.js against the package's generated .d.ts: the types
// a TypeScript user sees are the ones generated from the Rust crate.
import { GuardWorker, load, labels, type Label, type Verdict, type PolicySpec } from '../../pkg/index.js';

export async function usage(): Promise<Label[]> {
  const guard = await load({ modelUrl: '/models/default/' });
  const verdict: Verdict = guard.check('hello');
  const fired: Label[] = verdict.fired;
  const s9: number = verdict.labels.S9;
  const action: 'allow' | 'flag' | 'block' = verdict.action;
  const policy: PolicySpec = { labels: { S12: { threshold: 0.2, action: 'block' } }, terms: { deny: ['casino'] } };
  guard.setPolicy(policy);
  guard.setPolicy('[labels.S6]\nenabled = false\n');
  const worker = await GuardWorker.create();
  const later: Verdict = await worker.check('hello');
  worker.terminate();
  void s9;
  void action;
  void later;
  return [...fired, ...labels().map((l) => l.name)];
}

// @ts-expect-error: "S15" is not a label
export const wrong: Label = 'S15';
// @ts-expect-error: actions are allow, flag or block
export const badPolicy: PolicySpec = { labels: { S1: { action: 'warn' } } };
