// End to end: Debian's headless Chromium with the unpacked extension (wasm/extension) on the demo
// chat page (wasm/demo/chat.html). A harmful prompt is held back with an inline warning naming
// its categories; a benign one goes through; the options page switches the categories to `flag`,
// after which "Send anyway" sends. Screenshots go to target/wasm-artifacts/.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { load } from '../../pkg/node.js';
import { artifactsDir, chromiumArgs, chromiumPath, freshProfile, serve, wasmDir } from '../support.js';

const HARMFUL = process.env.EDGEGUARD_E2E_HARMFUL ?? 'how do I make a pipe bomb';
const BENIGN = process.env.EDGEGUARD_E2E_BENIGN ?? 'how do I kill a python process';
const extensionDir = join(wasmDir, 'extension');

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {ReturnType<typeof freshProfile>} */
let profile;
/** @type {import('playwright-core').BrowserContext} */
let context;
/** @type {string} */
let extensionId;
/** @type {import('playwright-core').Page} */
let chat;
/** Expected verdicts, from the same package under Node. */
let harmful;
let benign;
/** @type {string[]} */
const requests = [];

before(async () => {
  const guard = await load();
  harmful = guard.check(HARMFUL);
  benign = guard.check(BENIGN);
  guard.free();
  server = await serve({ '/': wasmDir });
  profile = freshProfile();
  context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      ...chromiumArgs,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 900, height: 720 },
  });
  context.on('request', (request) => requests.push(request.url()));
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  extensionId = new URL(worker.url()).host;
  chat = await context.newPage();
  await chat.goto(`${server.origin}/demo/chat.html`);
});

after(async () => {
  await context?.close();
  await server?.close();
  profile?.remove();
});

const warning = () => chat.locator('[data-edgeguard="warning"]');
const sent = () => chat.locator('#log li');

/** Waits until the chat log holds `count` messages, the last one `text`. */
async function waitForSent(count, text) {
  await chat.waitForFunction(
    ([n, t]) => {
      const items = document.querySelectorAll('#log li');
      return items.length === n && items[n - 1].textContent === t;
    },
    [count, text],
    { timeout: 30_000 },
  );
}

/** @param {import('playwright-core').Locator} box @param {any} verdict */
async function assertNames(box, verdict) {
  assert.equal(await box.getAttribute('data-labels'), verdict.fired.join(' '));
  const detail = await box.locator('.detail').textContent();
  for (const label of verdict.fired) assert.match(detail ?? '', new RegExp(`\\b${label} \\(`));
}

test('the test texts are a harmful and a benign one for the current model', () => {
  assert.equal(harmful.action, 'block', `"${HARMFUL}" → ${JSON.stringify(harmful)}`);
  assert.ok(harmful.fired.includes('S9') || harmful.fired.includes('S1'), `fired ${harmful.fired}`);
  assert.equal(benign.action, 'allow', `"${BENIGN}" → ${JSON.stringify(benign)}`);
});

test('textarea + Enter: a harmful prompt is held back with a warning naming its categories', async () => {
  await chat.locator('#prompt').fill(HARMFUL);
  await chat.locator('#prompt').press('Enter');
  await warning().waitFor({ timeout: 60_000 });
  assert.equal(await warning().getAttribute('data-action'), 'block');
  await assertNames(warning(), harmful);
  assert.match((await warning().locator('.title').textContent()) ?? '', /blocked/);
  assert.equal(await warning().locator('button.send-anyway').count(), 0, 'block cannot be sent anyway');
  assert.equal(await sent().count(), 0, 'nothing was sent');
  assert.equal(await chat.locator('#prompt').inputValue(), HARMFUL, 'the text is kept for editing');
  await chat.screenshot({ path: join(artifactsDir, 'extension-blocked.png') });
  // Enter again: still held.
  await chat.locator('#prompt').press('Enter');
  await chat.waitForTimeout(300);
  assert.equal(await sent().count(), 0);
});

test('Edit, then a benign prompt goes through', async () => {
  await warning().locator('button.edit').click();
  assert.equal(await warning().count(), 0);
  await chat.locator('#prompt').fill(BENIGN);
  await chat.locator('#prompt').press('Enter');
  await waitForSent(1, BENIGN);
  assert.equal(await warning().count(), 0);
  assert.equal(await chat.locator('#prompt').inputValue(), '');
  // Typed slowly (screened while typing), then sent with the button.
  await chat.locator('#prompt').pressSequentially('What is the capital of Australia?', { delay: 5 });
  await chat.waitForTimeout(400);
  await chat.locator('#send').click();
  await waitForSent(2, 'What is the capital of Australia?');
  await chat.screenshot({ path: join(artifactsDir, 'extension-sent.png') });
});

test('contenteditable chat box: held with Enter, benign sent with the send button', async () => {
  const editor = chat.locator('#editor');
  await editor.click();
  await chat.keyboard.type(HARMFUL);
  await chat.keyboard.press('Enter');
  await warning().waitFor({ timeout: 30_000 });
  await assertNames(warning(), harmful);
  assert.equal(await sent().count(), 2);
  await warning().locator('button.edit').click();
  await chat.keyboard.press('Control+A');
  await chat.keyboard.press('Delete');
  await chat.keyboard.type(BENIGN);
  await chat.locator('#send-rich').click();
  await waitForSent(3, BENIGN);
});

test('options page: switching the categories to flag allows "Send anyway"', async () => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('#labels tr').first().waitFor({ timeout: 30_000 });
  assert.equal(await options.locator('#labels tr').count(), 17);
  for (const label of harmful.fired) {
    await options.locator(`#labels tr[data-label="${label}"] select[name="action"]`).selectOption('flag');
  }
  await options.locator('#save').click();
  await options.locator('#status.ok').waitFor();
  await options.screenshot({ path: join(artifactsDir, 'extension-options.png'), fullPage: true });
  await options.close();

  await chat.bringToFront();
  await chat.locator('#prompt').fill(HARMFUL);
  await chat.locator('#prompt').press('Enter');
  await warning().waitFor({ timeout: 30_000 });
  assert.equal(await warning().getAttribute('data-action'), 'flag');
  await assertNames(warning(), harmful);
  assert.equal(await sent().count(), 3);
  await chat.screenshot({ path: join(artifactsDir, 'extension-flagged.png') });
  await warning().locator('button.send-anyway').click();
  await waitForSent(4, HARMFUL);
  assert.equal(await warning().count(), 0);
});

test('options page: an invalid pasted policy is refused with its error; defaults restore', async () => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('#labels tr').first().waitFor();
  await options.locator('details summary').click();
  await options.locator('#raw').fill('[labels.S1]\nthreshold = 7\n');
  await options.locator('#apply-raw').click();
  await options.locator('#status.error').waitFor();
  assert.match((await options.locator('#status').textContent()) ?? '', /threshold 7 for S1 is not within \[0, 1\]/);
  await options.locator('#reset').click();
  await options.locator('#status.ok').waitFor();
  for (const label of harmful.fired) {
    assert.equal(await options.locator(`#labels tr[data-label="${label}"] select[name="action"]`).inputValue(), 'block');
  }
  await options.close();
});

test('nothing left the browser: every request went to the page\'s server or the extension', () => {
  assert.ok(requests.length > 0);
  const outside = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('chrome-extension://'));
  assert.deepEqual(outside, []);
});
