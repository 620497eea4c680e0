/**
 * Builds a `Guard` from a model's bytes, shared by the web and the Node entry points: where
 * WebCrypto exists (browsers in secure contexts, workers, extensions, Node), the files are hashed
 * with `crypto.subtle.digest` and the digests handed to `Guard.fromBytesWithDigests`, which
 * compares them with `config.json`; hashing the 8.8 MB model in WebAssembly took longer than the
 * rest of the load. Elsewhere (a page served over plain http) the guard hashes them itself.
 * @module edgeguard/construct
 */

/** @typedef {import('./index.js').ModelFiles} ModelFiles */

/**
 * @param {typeof import('./edgeguard_wasm.js').Guard} Guard
 * @param {ModelFiles} files
 * @returns {Promise<import('./edgeguard_wasm.js').Guard>}
 */
export async function construct(Guard, files) {
  const subtle = globalThis.crypto?.subtle;
  // WebCrypto hashes ArrayBuffers and views of them, not views of a SharedArrayBuffer.
  const hashable = (/** @type {Uint8Array | ArrayBuffer} */ b) => b instanceof ArrayBuffer || b.buffer instanceof ArrayBuffer;
  if (!subtle || !hashable(files.model) || !hashable(files.tokenizer)) {
    return new Guard(files.model, files.tokenizer, files.config);
  }
  const [model, tokenizer] = await Promise.all([
    subtle.digest('SHA-256', /** @type {BufferSource} */ (files.model)),
    subtle.digest('SHA-256', /** @type {BufferSource} */ (files.tokenizer)),
  ]);
  return Guard.fromBytesWithDigests(files.model, files.tokenizer, files.config, model, tokenizer);
}
