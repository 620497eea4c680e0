//! The `Guard` class: a loaded model and its active policy.

use edgeguard_engine::{self as engine, ModelBytes, ModelDigests, PolicyFormat};
use wasm_bindgen::prelude::*;

use crate::arg::{Arg, to_js};
use crate::error::into_js_error;
use crate::plan::{RobotPolicy, parse_plan};
use crate::stream::{Stream, StreamOptions};

/// A guard: a loaded model screening text under a policy.
///
/// Build one with `new Guard(model, tokenizer, config)` from the bytes of the model's three
/// files (the package's `load()` fetches the default model's and does this). Methods return
/// plain objects with the fields of the CLI's JSON; failures throw an `Error`.
#[wasm_bindgen]
pub struct Guard {
    inner: engine::Guard,
}

#[wasm_bindgen]
impl Guard {
    /// Loads and verifies a model from the bytes of `model.nnef.tar`, `tokenizer.json` and
    /// `config.json` (each a `Uint8Array` or an `ArrayBuffer`), under the model's default
    /// policy. Throws if a file is corrupted (SHA-256 mismatch), of the wrong format or for
    /// other labels than this build's.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] model: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] tokenizer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] config: JsValue,
    ) -> Result<Guard, JsValue> {
        let arg = |name| Arg {
            function: "new Guard",
            name,
        };
        let model = arg("model").bytes(&model)?;
        let tokenizer = arg("tokenizer").bytes(&tokenizer)?;
        let config = arg("config").bytes(&config)?;
        let inner = engine::Guard::from_bytes(ModelBytes {
            model: &model,
            tokenizer: &tokenizer,
            config: &config,
        })
        .map_err(into_js_error)?;
        Ok(Guard { inner })
    }

    /// `Guard.fromBytes(model, tokenizer, config)`: the same as `new Guard(...)`, under the name
    /// the Rust (`Guard::from_bytes`) and C (`edgeguard_guard_new_from_bytes`) faces use.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] model: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] tokenizer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] config: JsValue,
    ) -> Result<Guard, JsValue> {
        Guard::new(model, tokenizer, config)
    }

    /// `Guard.fromBytesWithDigests(model, tokenizer, config, modelSha256, tokenizerSha256)`: as
    /// `new Guard(...)`, with the SHA-256 of `model.nnef.tar` and `tokenizer.json` (32 bytes each)
    /// computed by the caller, e.g. with `crypto.subtle.digest`, which hashes the model many
    /// times faster than WebAssembly can; `load()` does so where WebCrypto exists. They are
    /// compared with `config.json` as the constructor compares its own.
    #[wasm_bindgen(js_name = fromBytesWithDigests)]
    pub fn from_bytes_with_digests(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] model: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] tokenizer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] config: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] model_sha256: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")]
        tokenizer_sha256: JsValue,
    ) -> Result<Guard, JsValue> {
        let arg = |name| Arg {
            function: "Guard.fromBytesWithDigests",
            name,
        };
        let digests = ModelDigests {
            model: arg("modelSha256").digest(&model_sha256)?,
            tokenizer: arg("tokenizerSha256").digest(&tokenizer_sha256)?,
        };
        let model = arg("model").bytes(&model)?;
        let tokenizer = arg("tokenizer").bytes(&tokenizer)?;
        let config = arg("config").bytes(&config)?;
        let files = ModelBytes {
            model: &model,
            tokenizer: &tokenizer,
            config: &config,
        };
        let inner =
            engine::Guard::from_bytes_with_digests(files, digests).map_err(into_js_error)?;
        Ok(Guard { inner })
    }

    /// Screens a prompt a user sends to a model. Throws for a non-string, or for text over the
    /// input limit; empty and whitespace-only text is allowed.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = Arg {
            function: "check",
            name: "text",
        }
        .string(&text)?;
        to_js(&self.inner.check(&text).map_err(into_js_error)?)
    }

    /// Screens many prompts, running their windows through the model in shared batches (faster
    /// than one `check` per text). One result per text, in order: its `Verdict`, or the `Error`
    /// it would have thrown (with `code`), so one bad text does not fail the others. Throws only
    /// when `texts` is not an array of strings.
    #[wasm_bindgen(js_name = checkBatch, unchecked_return_type = "Array<Verdict | EdgeguardError>")]
    pub fn check_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] texts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let texts = Arg {
            function: "checkBatch",
            name: "texts",
        }
        .strings(&texts)?;
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let out = js_sys::Array::new();
        for result in self.inner.check_batch(&refs) {
            out.push(&match result {
                Ok(verdict) => to_js(&verdict)?,
                Err(error) => into_js_error(error),
            });
        }
        Ok(out.into())
    }

    /// Screens a model's response to a prompt (output moderation).
    #[wasm_bindgen(js_name = checkResponse, unchecked_return_type = "Verdict")]
    pub fn check_response(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] prompt: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] response: JsValue,
    ) -> Result<JsValue, JsValue> {
        let arg = |name| Arg {
            function: "checkResponse",
            name,
        };
        let prompt = arg("prompt").string(&prompt)?;
        let response = arg("response").string(&response)?;
        let verdict = self
            .inner
            .check_response(&prompt, &response)
            .map_err(into_js_error)?;
        to_js(&verdict)
    }

    /// Screens a robot command with the model and checks the plan made from it against a robot
    /// policy, in one verdict: `block` when the plan breaks a rule, else the command's action.
    /// `plan` is JSON text, an array of steps, or `{steps: [...]}`.
    #[wasm_bindgen(js_name = checkCommand, unchecked_return_type = "CommandVerdict")]
    pub fn check_command(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] command: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Plan | string")] plan: JsValue,
        policy: &RobotPolicy,
    ) -> Result<JsValue, JsValue> {
        let command = Arg {
            function: "checkCommand",
            name: "command",
        }
        .string(&command)?;
        let plan = parse_plan("checkCommand", &plan)?;
        let verdict = self
            .inner
            .check_command(&command, &plan, policy.inner())
            .map_err(into_js_error)?;
        to_js(&verdict)
    }

    /// Starts moderating a stream of text (by default a model's response) under this guard's
    /// model and policy: `options` is `{kind?, everyBytes?, contextBytes?, stopAt?}` (defaults
    /// `"response"`, 256, 1024, `"block"`). The stream keeps the policy active now.
    pub fn stream(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StreamOptions | undefined")] options: JsValue,
    ) -> Result<Stream, JsValue> {
        let json = if options.is_undefined() || options.is_null() {
            "{}".to_owned()
        } else {
            Arg {
                function: "stream",
                name: "options",
            }
            .document(&options)?
        };
        let (kind, cadence) = StreamOptions::parse(&json).map_err(into_js_error)?;
        Ok(Stream::new(self.inner.stream(kind, cadence)))
    }

    /// Replaces the active policy: JSON or TOML text (JSON when it starts with `{`), or a
    /// `PolicySpec` object. Unset fields fall back to the model's defaults. Throws, naming the
    /// line and column or the field, for an invalid policy; the active policy is then kept.
    #[wasm_bindgen(js_name = setPolicy)]
    pub fn set_policy(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | PolicySpec")] policy: JsValue,
    ) -> Result<(), JsValue> {
        let text = Arg {
            function: "setPolicy",
            name: "policy",
        }
        .document(&policy)?;
        let policy = self
            .inner
            .parse_policy(&text, policy_format(&text))
            .map_err(into_js_error)?;
        self.inner.set_policy(policy);
        Ok(())
    }

    /// Sets the largest text accepted, in bytes of UTF-8 (default 64 MiB); larger texts throw
    /// with code `input_too_large`, never silently cut.
    #[wasm_bindgen(js_name = setMaxInputBytes)]
    pub fn set_max_input_bytes(&mut self, bytes: JsValue) -> Result<(), JsValue> {
        let bytes = Arg {
            function: "setMaxInputBytes",
            name: "bytes",
        }
        .size(&bytes)?;
        self.inner.set_max_input_bytes(bytes);
        Ok(())
    }

    /// The largest text accepted, in bytes of UTF-8.
    #[wasm_bindgen(js_name = maxInputBytes)]
    pub fn max_input_bytes(&self) -> f64 {
        self.inner.max_input_bytes() as f64
    }

    /// Restores the model's default policy.
    #[wasm_bindgen(js_name = resetPolicy)]
    pub fn reset_policy(&mut self) {
        let policy = self.inner.default_policy();
        self.inner.set_policy(policy);
    }

    /// The active policy with every label listed (thresholds, actions, terms), ready to edit
    /// and pass back to `setPolicy`.
    #[wasm_bindgen(unchecked_return_type = "PolicySpec")]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.policy().to_spec())
    }

    /// The model's default policy, every label listed.
    #[wasm_bindgen(js_name = defaultPolicy, unchecked_return_type = "PolicySpec")]
    pub fn default_policy(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.default_policy().to_spec())
    }

    /// The model's metadata (`config.json`): name, version, labels, default thresholds,
    /// window geometry, file digests.
    #[wasm_bindgen(js_name = modelInfo, unchecked_return_type = "ModelInfo")]
    pub fn model_info(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.config())
    }
}

/// The format of a policy text, by the CLI's rule for a file without an extension: JSON if it
/// starts with `{` (after whitespace), else TOML.
pub fn policy_format(text: &str) -> PolicyFormat {
    if text.trim_start().starts_with('{') {
        PolicyFormat::Json
    } else {
        PolicyFormat::Toml
    }
}
