//! The `Stream` class: moderate an LLM's output while it arrives (over the engine's
//! `StreamModerator`).

use edgeguard_engine::{Action, Cadence, Kind, StreamModerator, StreamStatus};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::arg::{Arg, to_js};
use crate::error::{ArgumentError, into_js_error};

/// How a stream is checked (the `options` of `guard.stream`), every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct StreamOptions {
    /// `"response"` (default) or `"prompt"`.
    kind: Option<String>,
    /// New bytes (UTF-8) that trigger a check.
    every_bytes: Option<usize>,
    /// Bytes of already checked text screened again before the new ones.
    context_bytes: Option<usize>,
    /// The action at or above which the stream stops.
    stop_at: Option<Action>,
}

impl StreamOptions {
    /// Parses the options' JSON and resolves them against the defaults.
    pub(crate) fn parse(json: &str) -> Result<(Kind, Cadence), ArgumentError> {
        let error = |got: String| ArgumentError {
            function: "stream",
            argument: "options",
            expected: "{kind?, everyBytes?, contextBytes?, stopAt?}",
            got,
        };
        let options: StreamOptions =
            serde_json::from_str(json).map_err(|e| error(e.to_string()))?;
        let kind = match options.kind.as_deref() {
            None | Some("response") => Kind::Response,
            Some("prompt") => Kind::Prompt,
            Some(other) => return Err(error(format!("the kind {other:?}"))),
        };
        let default = Cadence::DEFAULT;
        let cadence = Cadence {
            every_bytes: options.every_bytes.unwrap_or(default.every_bytes).max(1),
            context_bytes: options.context_bytes.unwrap_or(default.context_bytes),
            stop_at: options.stop_at.unwrap_or(default.stop_at),
        };
        Ok((kind, cadence))
    }
}

/// What a push or a check did, as JS sees it.
#[derive(Serialize)]
struct Update<'a> {
    /// `"pending"`, `"checked"` or `"stopped"`.
    status: &'static str,
    /// The verdict of the check, when one ran (or the stopping one).
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'a edgeguard_engine::Verdict>,
}

fn update(status: &StreamStatus) -> Result<JsValue, JsValue> {
    let (status, verdict) = match status {
        StreamStatus::Pending => ("pending", None),
        StreamStatus::Checked(v) => ("checked", Some(v)),
        StreamStatus::Stopped(v) => ("stopped", Some(v)),
    };
    to_js(&Update { status, verdict })
}

/// One moderated stream, from `guard.stream(options)`: `push` each chunk as it arrives and stop
/// showing the text when a push returns `status: "stopped"`; `finish()` gives the verdict on
/// the whole text (equal to `check`/`checkResponse` on it).
#[wasm_bindgen]
pub struct Stream {
    inner: StreamModerator,
}

impl Stream {
    /// Wraps an engine moderator.
    pub(crate) fn new(inner: StreamModerator) -> Stream {
        Stream { inner }
    }
}

#[wasm_bindgen]
impl Stream {
    /// Appends a chunk and screens the new text once enough of it has arrived. A chunk that
    /// would pass the input limit throws and is not appended.
    #[wasm_bindgen(unchecked_return_type = "StreamUpdate")]
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] chunk: JsValue,
    ) -> Result<JsValue, JsValue> {
        let chunk = Arg {
            function: "push",
            name: "chunk",
        }
        .string(&chunk)?;
        update(&self.inner.push(&chunk).map_err(into_js_error)?)
    }

    /// Screens the text that arrived since the last check now (when the generation pauses).
    #[wasm_bindgen(js_name = checkNow, unchecked_return_type = "StreamUpdate")]
    pub fn check_now(&mut self) -> Result<JsValue, JsValue> {
        update(&self.inner.check_now().map_err(into_js_error)?)
    }

    /// The verdict on everything pushed, as one text. Throws when nothing but whitespace was
    /// pushed.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn finish(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.finish().map_err(into_js_error)?)
    }

    /// Everything pushed so far.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.inner.text().to_owned()
    }

    /// Whether a check stopped the stream.
    #[wasm_bindgen(getter)]
    pub fn stopped(&self) -> bool {
        self.inner.is_stopped()
    }

    /// UTF-8 bytes that had arrived when the stream was stopped, or `undefined`.
    #[wasm_bindgen(getter, js_name = stoppedAt)]
    pub fn stopped_at(&self) -> Option<usize> {
        self.inner.stopped_at()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_resolve_against_the_defaults() {
        let (kind, cadence) = StreamOptions::parse("{}").unwrap();
        assert_eq!((kind, cadence), (Kind::Response, Cadence::DEFAULT));
        let (kind, cadence) =
            StreamOptions::parse(r#"{"kind":"prompt","everyBytes":0,"stopAt":"flag"}"#).unwrap();
        assert_eq!(kind, Kind::Prompt);
        assert_eq!(cadence.every_bytes, 1);
        assert_eq!(cadence.stop_at, Action::Flag);
        for bad in [
            r#"{"kind":"other"}"#,
            r#"{"every":3}"#,
            r#"{"stopAt":"stop"}"#,
            "[1]",
        ] {
            let e = StreamOptions::parse(bad).unwrap_err();
            assert!(
                e.to_string().starts_with("stream: `options` must be"),
                "{e}"
            );
        }
    }
}
