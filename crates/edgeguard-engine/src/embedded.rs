//! The default model, embedded in the library at build time from `models/default`.

use crate::model::ModelBytes;

/// The embedded default model's files.
pub(crate) const BYTES: ModelBytes<'static> = ModelBytes {
    model: include_bytes!("../../../models/default/model.nnef.tar"),
    tokenizer: include_bytes!("../../../models/default/tokenizer.json"),
    config: include_bytes!("../../../models/default/config.json"),
};
