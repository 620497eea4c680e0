//! Robot plan checks: the `RobotPolicy` class and `checkPlan`.

use edgeguard_engine::PolicyFormat;
use edgeguard_engine::plan::{self, Plan};
use wasm_bindgen::prelude::*;

use edgeguard_engine::{ErrorCode, error_message};

use crate::arg::{Arg, to_js};
use crate::error::{into_js_error, js_error};
use crate::guard::policy_format;

/// A robot policy (propositions, actions, LTLf constraints), parsed and compiled once, then
/// used by `checkPlan` and `Guard.checkCommand` for any number of plans.
#[wasm_bindgen]
pub struct RobotPolicy {
    inner: plan::RobotPolicy,
}

#[wasm_bindgen]
impl RobotPolicy {
    /// Parses and compiles a robot policy: JSON or TOML text (JSON when it starts with `{`), or
    /// an object. Throws naming the constraint, action or name at fault, or the minimal set of
    /// constraints that cannot hold together.
    pub fn parse(
        #[wasm_bindgen(unchecked_param_type = "string | object")] policy: JsValue,
    ) -> Result<RobotPolicy, JsValue> {
        let text = Arg {
            function: "RobotPolicy.parse",
            name: "policy",
        }
        .document(&policy)?;
        let parsed = match policy_format(&text) {
            PolicyFormat::Json => plan::RobotPolicy::from_json(&text),
            PolicyFormat::Toml => plan::RobotPolicy::from_toml(&text),
        };
        Ok(RobotPolicy {
            inner: parsed.map_err(|e| js_error(ErrorCode::RobotPolicy, &error_message(&e)))?,
        })
    }

    /// The policy's name, if it has one.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> Option<String> {
        self.inner.name().map(str::to_owned)
    }

    /// The declared propositions (templates expanded), in declaration order.
    #[wasm_bindgen(getter)]
    pub fn propositions(&self) -> Vec<String> {
        self.inner.props().to_vec()
    }
}

impl RobotPolicy {
    pub(crate) fn inner(&self) -> &plan::RobotPolicy {
        &self.inner
    }
}

/// Checks a plan against a robot policy, without screening a command (no model needed). The
/// result is a plan verdict, as in Rust and C: `{accepted, steps, constraints, reasons}`.
#[wasm_bindgen(js_name = checkPlan, unchecked_return_type = "PlanVerdict")]
pub fn check_plan(
    policy: &RobotPolicy,
    #[wasm_bindgen(unchecked_param_type = "Plan | string")] plan: JsValue,
) -> Result<JsValue, JsValue> {
    let plan = parse_plan("checkPlan", &plan)?;
    let verdict = policy.inner.check(&plan).map_err(into_js_error)?;
    to_js(&verdict)
}

/// A plan argument: JSON text, an array of steps, or `{steps: [...]}`.
pub(crate) fn parse_plan(function: &'static str, value: &JsValue) -> Result<Plan, JsValue> {
    let text = Arg {
        function,
        name: "plan",
    }
    .document(value)?;
    Plan::from_json(&text).map_err(into_js_error)
}
