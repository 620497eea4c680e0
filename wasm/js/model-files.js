/**
 * The model-file contract (`edgeguard-model/3`): a model is three files in one folder.
 * @module edgeguard/model-files
 */

/** The file behind each field of a `ModelFiles` object. */
export const MODEL_FILES = Object.freeze({
  model: 'model.nnef.tar',
  tokenizer: 'tokenizer.json',
  config: 'config.json',
});
