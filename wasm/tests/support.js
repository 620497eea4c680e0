/**
 * Shared test support: paths, a static file server for the browser tests, the native CLI, and
 * Chromium launch options (Debian's /usr/bin/chromium driven by playwright-core; no browser is
 * ever downloaded).
 * @module edgeguard/tests/support
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const wasmDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const repoDir = resolve(wasmDir, '..');
export const pkgDir = join(wasmDir, 'pkg');
export const modelDir = join(repoDir, 'models', 'default');
export const artifactsDir = process.env.EDGEGUARD_ARTIFACTS ?? join(repoDir, 'target', 'wasm-artifacts');
mkdirSync(artifactsDir, { recursive: true });

/** The native CLI: $EDGEGUARD_CLI, else the release build in the cargo target dir. */
export function cliPath() {
  const path =
    process.env.EDGEGUARD_CLI ??
    join(process.env.CARGO_TARGET_DIR ?? join(repoDir, 'target'), 'release', 'edgeguard');
  if (!existsSync(path)) {
    throw new Error(`native CLI not found at ${path}: build it (wasm/tests/run.sh does) or set EDGEGUARD_CLI`);
  }
  return path;
}

/**
 * Runs the native CLI; exit codes 0 (allowed) and 1 (flagged) are successes.
 * @param {string[]} args
 * @param {string} [input]
 * @returns {string} stdout
 */
export function runCli(args, input) {
  const result = spawnSync(cliPath(), args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`edgeguard ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}

/** @param {string} path @returns {any[]} */
export function readJsonl(path) {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

/**
 * Serves folders on 127.0.0.1 at an ephemeral port.
 * @param {Record<string, string>} mounts URL prefix (ending in `/`) → folder
 * @returns {Promise<{origin: string, close: () => Promise<void>}>}
 */
export async function serve(mounts) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const prefix = Object.keys(mounts)
      .filter((p) => path.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    const root = prefix && mounts[prefix];
    const file = root && normalize(join(root, path.slice(prefix.length)));
    if (!file || !(file === root || file.startsWith(root + sep)) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done(undefined))),
  };
}

/** Debian's Chromium (override with $CHROMIUM). */
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet headless Chromium on a machine without network access. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** A fresh user-data dir, removed by the returned cleanup. */
export function freshProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'edgeguard-chromium-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
