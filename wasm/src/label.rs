//! The label taxonomy for JS: names, descriptions and default actions come from the core, so no
//! JS or TS file spells a label.

use edgeguard_core::{Action, Label, default_action};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::arg::to_js;

/// One label as JS sees it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LabelInfo {
    /// Wire name (`S1`..`S14`, `jailbreak`, `prompt_injection`, `physical_hazard`).
    pub name: Label,
    /// Short human-readable description (`indiscriminate weapons`).
    pub description: &'static str,
    /// Whether it is a content hazard (S1..S14) rather than an attack or robot label.
    pub hazard: bool,
    /// The action when it fires and no policy sets one.
    pub default_action: Action,
}

/// Every label, in index order.
pub fn label_infos() -> Vec<LabelInfo> {
    Label::ALL
        .into_iter()
        .map(|label| LabelInfo {
            name: label,
            description: label.description(),
            hazard: label.is_hazard(),
            default_action: default_action(label),
        })
        .collect()
}

/// Every label, in index order, with its description and default action (no model needed).
#[wasm_bindgen(unchecked_return_type = "LabelInfo[]")]
pub fn labels() -> Result<JsValue, JsValue> {
    to_js(&label_infos())
}

/// Every action a policy can take, by severity (`allow`, `flag`, `block`).
pub const ACTIONS: [Action; 3] = [Action::Allow, Action::Flag, Action::Block];

/// Every action a policy can take, by severity: `["allow", "flag", "block"]`.
#[wasm_bindgen(unchecked_return_type = "Action[]")]
pub fn actions() -> Vec<String> {
    ACTIONS.iter().map(|a| a.as_str().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_by_severity() {
        assert_eq!(actions(), ["allow", "flag", "block"]);
        assert!(ACTIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_label_once_in_order() {
        let infos = label_infos();
        assert_eq!(infos.len(), Label::ALL.len());
        assert_eq!(infos[8].name, Label::IndiscriminateWeapons);
        assert_eq!(infos[8].description, "indiscriminate weapons");
        let json = serde_json::to_string(&infos[5]).unwrap();
        assert_eq!(
            json,
            r#"{"name":"S6","description":"specialized advice","hazard":true,"default_action":"flag"}"#
        );
    }
}
