//! Robot plan checks: robot policies, plans, plan verdicts, and the combined command verdict.

use std::ffi::c_char;

use edgeguard_engine::plan::{ConstraintStatus, Plan, PlanVerdict, Reason, RobotPolicy};
use edgeguard_engine::{CommandVerdict, PolicyFormat};

use crate::arg;
use crate::error::{FfiError, edgeguard_status};
use crate::guard::{edgeguard_format, edgeguard_guard};
use crate::panic::ffi_status;
use crate::text::{CText, LazyJson};
use crate::verdict::{edgeguard_action, edgeguard_verdict};

/// The step value meaning "no step" (a constraint that is not violated, a reason without a
/// step): `SIZE_MAX`.
// Written as a cast so that cbindgen can translate it (it has no rule for `usize::MAX`).
pub const EDGEGUARD_NO_STEP: usize = -1isize as usize;

/// A loaded robot policy: propositions, actions and LTLf constraints, compiled. Opaque.
///
/// Create with `edgeguard_robot_policy_new`, free with `edgeguard_robot_policy_free`.
///
/// Thread safety: immutable; any number of threads may check plans against it at once.
#[allow(non_camel_case_types)]
pub struct edgeguard_robot_policy {
    policy: RobotPolicy,
}

/// A plan as a robot planner wrote it (steps by name, not yet checked). Opaque.
///
/// Create with `edgeguard_plan_new`, free with `edgeguard_plan_free`.
///
/// Thread safety: immutable; may be used from several threads at once.
#[allow(non_camel_case_types)]
pub struct edgeguard_plan {
    plan: Plan,
}

/// Where one constraint stands at the end of a plan.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum edgeguard_constraint_status {
    /// The plan satisfies it.
    Satisfied = 0,
    /// The plan ended before the constraint was fulfilled (e.g. `F dock` with no dock step).
    Pending = 1,
    /// No continuation could satisfy it once a step was taken (that step is reported).
    Violated = 2,
}

/// Why a plan was rejected.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum edgeguard_reason_kind {
    /// A constraint became impossible to satisfy at a step.
    Violated = 0,
    /// The plan ended before a constraint was fulfilled.
    Unfulfilled = 1,
    /// A step made two or more propositions of one exclusive group true.
    Exclusive = 2,
    /// More exclusive-group conflicts happened than are listed one by one.
    MoreConflicts = 3,
    /// A reason this version of the C API has no kind for (its message is its JSON).
    Other = 99,
}

/// One constraint's result, ready for C.
struct ConstraintView {
    id: CText,
    status: edgeguard_constraint_status,
    step: usize,
}

/// One reason, ready for C.
struct ReasonView {
    kind: edgeguard_reason_kind,
    constraint: CText,
    message: CText,
    step: usize,
}

/// The verdict on a plan. Opaque; read with the `edgeguard_plan_verdict_*` accessors.
///
/// One from `edgeguard_plan_check` is owned by the caller and freed with
/// `edgeguard_plan_verdict_free`; one borrowed from a command verdict belongs to it. Strings
/// it hands out are NUL-terminated UTF-8 owned by the verdict, valid until it is freed.
///
/// Thread safety: immutable; accessors may run from several threads at once.
#[allow(non_camel_case_types)]
pub struct edgeguard_plan_verdict {
    verdict: PlanVerdict,
    constraints: Vec<ConstraintView>,
    reasons: Vec<ReasonView>,
    json: LazyJson,
}

impl edgeguard_plan_verdict {
    fn new(verdict: PlanVerdict) -> edgeguard_plan_verdict {
        let constraints = verdict
            .constraints
            .iter()
            .map(|c| {
                let (status, step) = match c.status {
                    ConstraintStatus::Satisfied => {
                        (edgeguard_constraint_status::Satisfied, EDGEGUARD_NO_STEP)
                    }
                    ConstraintStatus::Pending => {
                        (edgeguard_constraint_status::Pending, EDGEGUARD_NO_STEP)
                    }
                    ConstraintStatus::Violated { step } => {
                        (edgeguard_constraint_status::Violated, step)
                    }
                };
                ConstraintView {
                    id: CText::new(&c.id),
                    status,
                    step,
                }
            })
            .collect();
        let reasons = verdict.reasons.iter().map(reason_view).collect();
        edgeguard_plan_verdict {
            verdict,
            constraints,
            reasons,
            json: LazyJson::default(),
        }
    }
}

fn reason_view(reason: &Reason) -> ReasonView {
    let (kind, constraint, message, step) = match reason {
        Reason::Violated {
            constraint,
            message,
            step,
        } => (
            edgeguard_reason_kind::Violated,
            constraint.as_str(),
            message.clone(),
            *step,
        ),
        Reason::Unfulfilled {
            constraint,
            message,
        } => (
            edgeguard_reason_kind::Unfulfilled,
            constraint.as_str(),
            message.clone(),
            EDGEGUARD_NO_STEP,
        ),
        Reason::Exclusive { step, props } => (
            edgeguard_reason_kind::Exclusive,
            "",
            format!(
                "{} are true together in one exclusive group",
                props.join(", ")
            ),
            *step,
        ),
        Reason::MoreConflicts { count } => (
            edgeguard_reason_kind::MoreConflicts,
            "",
            format!("{count} more exclusive-group conflicts"),
            EDGEGUARD_NO_STEP,
        ),
        other => (
            edgeguard_reason_kind::Other,
            "",
            serde_json::to_string(other).unwrap_or_default(),
            EDGEGUARD_NO_STEP,
        ),
    };
    ReasonView {
        kind,
        constraint: CText::new(constraint),
        message: CText::new(&message),
        step,
    }
}

/// Loads a robot policy from `text` (`text_len` bytes of UTF-8, not NUL-terminated), written
/// in `format` (`EDGEGUARD_FORMAT_JSON` or `EDGEGUARD_FORMAT_TOML`); the format is documented
/// in `examples/robot/README.md`. Loading compiles every constraint and rejects policies whose
/// constraints cannot all hold.
///
/// On success `*out_policy` receives a new policy that the caller owns and frees with
/// `edgeguard_robot_policy_free`.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT`, `EDGEGUARD_STATUS_INVALID_UTF8`,
/// `EDGEGUARD_STATUS_OUT_OF_RANGE` for an unknown format, `EDGEGUARD_STATUS_ROBOT_POLICY` for
/// a policy that is rejected (the message says what and where).
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or readable for `text_len` bytes; `out_policy` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_robot_policy_new(
    text: *const c_char,
    text_len: usize,
    format: u32,
    out_policy: *mut *mut edgeguard_robot_policy,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let text = unsafe { arg::text(text, text_len, "text")? };
        let format = edgeguard_format::from_c(format)?;
        let out = arg::out(out_policy, "out_policy")?;
        let policy = match format {
            PolicyFormat::Json => RobotPolicy::from_json(text),
            PolicyFormat::Toml => RobotPolicy::from_toml(text),
        }
        .map_err(|e| FfiError::from(e).with_status(edgeguard_status::RobotPolicy))?;
        let handle = Box::new(edgeguard_robot_policy { policy });
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(Box::into_raw(handle)) };
        Ok(())
    })
}

/// Frees a robot policy. NULL is a no-op. Verdicts made with it stay valid.
///
/// Thread safety: needs exclusive access to `policy`.
///
/// # Safety
/// `policy` must be NULL or a policy from this library, not already freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_robot_policy_free(policy: *mut edgeguard_robot_policy) {
    // SAFETY: forwarded to the caller.
    unsafe { arg::free(policy) }
}

/// Parses a plan from JSON (`json_len` bytes of UTF-8, not NUL-terminated): `{"steps": [...]}`
/// or just the array; each step is a call such as `"place(knife, drawer)"`, an object
/// `{"action": ..., "args": [...]}`, or `{"props": [...]}`.
///
/// On success `*out_plan` receives a new plan that the caller owns and frees with
/// `edgeguard_plan_free`.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT`, `EDGEGUARD_STATUS_INVALID_UTF8`,
/// `EDGEGUARD_STATUS_PLAN` for JSON that is not a plan.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `json` must be NULL or readable for `json_len` bytes; `out_plan` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_new(
    json: *const c_char,
    json_len: usize,
    out_plan: *mut *mut edgeguard_plan,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let json = unsafe { arg::text(json, json_len, "json")? };
        let out = arg::out(out_plan, "out_plan")?;
        let plan = Plan::from_json(json)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(Box::into_raw(Box::new(edgeguard_plan { plan }))) };
        Ok(())
    })
}

/// Frees a plan. NULL is a no-op.
///
/// Thread safety: needs exclusive access to `plan`.
///
/// # Safety
/// `plan` must be NULL or a plan from this library, not already freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_free(plan: *mut edgeguard_plan) {
    // SAFETY: forwarded to the caller.
    unsafe { arg::free(plan) }
}

/// Checks a plan against a robot policy, step by step.
///
/// A plan that breaks the rules is not an error: the call succeeds with a rejected verdict.
/// On success `*out_verdict` receives a new plan verdict that the caller owns and frees with
/// `edgeguard_plan_verdict_free`.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT`, `EDGEGUARD_STATUS_PLAN` when the plan names
/// actions, arguments or propositions the policy does not have (the message gives the step).
///
/// Thread safety: any number of threads may check against one policy at once.
///
/// # Safety
/// `policy` and `plan` must be NULL or live handles; `out_verdict` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_check(
    policy: *const edgeguard_robot_policy,
    plan: *const edgeguard_plan,
    out_verdict: *mut *mut edgeguard_plan_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let (policy, plan) =
            unsafe { (arg::borrow(policy, "policy")?, arg::borrow(plan, "plan")?) };
        let out = arg::out(out_verdict, "out_verdict")?;
        let verdict = edgeguard_plan_verdict::new(policy.policy.check(&plan.plan)?);
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(Box::into_raw(Box::new(verdict))) };
        Ok(())
    })
}

/// Writes whether the plan satisfies every constraint and never breaks an exclusive group.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live plan verdict; `out_accepted` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_verdict_accepted(
    verdict: *const edgeguard_plan_verdict,
    out_accepted: *mut bool,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_accepted, "out_accepted")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.verdict.accepted) };
        Ok(())
    })
}

/// Writes the number of plan steps checked.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live plan verdict; `out_steps` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_verdict_steps(
    verdict: *const edgeguard_plan_verdict,
    out_steps: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_steps, "out_steps")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.verdict.steps) };
        Ok(())
    })
}

/// Writes the number of constraints (every constraint of the policy, in policy order).
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live plan verdict; `out_count` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_verdict_constraint_count(
    verdict: *const edgeguard_plan_verdict,
    out_count: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_count, "out_count")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.constraints.len()) };
        Ok(())
    })
}

/// Reads constraint `index` (0-based, policy order): its id (NUL-terminated, owned by the
/// verdict), its status, and the 0-based step at which it was violated (`EDGEGUARD_NO_STEP`
/// unless the status is `EDGEGUARD_CONSTRAINT_STATUS_VIOLATED`).
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument (all three outputs are
/// required), `EDGEGUARD_STATUS_OUT_OF_RANGE` for an index past the end.
///
/// # Safety
/// `verdict` must be NULL or a live plan verdict; each output NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_verdict_constraint(
    verdict: *const edgeguard_plan_verdict,
    index: usize,
    out_id: *mut *const c_char,
    out_status: *mut edgeguard_constraint_status,
    out_step: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out_id = arg::out(out_id, "out_id")?;
        let out_status = arg::out(out_status, "out_status")?;
        let out_step = arg::out(out_step, "out_step")?;
        let c = v
            .constraints
            .get(index)
            .ok_or_else(|| FfiError::index("constraint", index, v.constraints.len()))?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe {
            out_id.write(c.id.as_ptr());
            out_status.write(c.status);
            out_step.write(c.step);
        }
        Ok(())
    })
}

/// Writes the number of reasons the plan was rejected (0 when it is accepted).
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live plan verdict; `out_count` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_verdict_reason_count(
    verdict: *const edgeguard_plan_verdict,
    out_count: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_count, "out_count")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.reasons.len()) };
        Ok(())
    })
}

/// Reads reason `index` (0-based): its kind, the constraint id (empty for exclusive-group
/// reasons), a human-readable message (the constraint's message for violated and unfulfilled
/// constraints), and the 0-based step (`EDGEGUARD_NO_STEP` when the reason has none). Strings
/// are NUL-terminated and owned by the verdict.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument (all four outputs are
/// required), `EDGEGUARD_STATUS_OUT_OF_RANGE` for an index past the end.
///
/// # Safety
/// `verdict` must be NULL or a live plan verdict; each output NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_verdict_reason(
    verdict: *const edgeguard_plan_verdict,
    index: usize,
    out_kind: *mut edgeguard_reason_kind,
    out_constraint: *mut *const c_char,
    out_message: *mut *const c_char,
    out_step: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out_kind = arg::out(out_kind, "out_kind")?;
        let out_constraint = arg::out(out_constraint, "out_constraint")?;
        let out_message = arg::out(out_message, "out_message")?;
        let out_step = arg::out(out_step, "out_step")?;
        let r = v
            .reasons
            .get(index)
            .ok_or_else(|| FfiError::index("reason", index, v.reasons.len()))?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe {
            out_kind.write(r.kind);
            out_constraint.write(r.constraint.as_ptr());
            out_message.write(r.message.as_ptr());
            out_step.write(r.step);
        }
        Ok(())
    })
}

/// Writes a pointer to the plan verdict's JSON (NUL-terminated UTF-8; the shape the CLI
/// prints: `{"accepted":false,"steps":3,"constraints":[...],"reasons":[...]}`) and, if
/// `out_len` is not NULL, its length in bytes. The string belongs to the verdict.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` if `verdict` or `out_json` is NULL.
///
/// # Safety
/// `verdict` must be NULL or a live plan verdict; `out_json` NULL or writable; `out_len` NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_verdict_json(
    verdict: *const edgeguard_plan_verdict,
    out_json: *mut *const c_char,
    out_len: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_json, "out_json")?;
        let json = v.json.get(&v.verdict)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { json.write_to(out, out_len) };
        Ok(())
    })
}

/// Frees a plan verdict from `edgeguard_plan_check`. NULL is a no-op. Never pass one
/// borrowed from a command verdict.
///
/// Thread safety: needs exclusive access to `verdict`.
///
/// # Safety
/// `verdict` must be NULL or an owned plan verdict from this library, not already freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_plan_verdict_free(verdict: *mut edgeguard_plan_verdict) {
    // SAFETY: forwarded to the caller.
    unsafe { arg::free(verdict) }
}

/// The combined verdict on a robot command and its plan. Opaque.
///
/// Its action is `EDGEGUARD_ACTION_BLOCK` when the plan breaks a rule, else the command
/// screen's action. Free with `edgeguard_command_verdict_free`.
///
/// Thread safety: immutable; accessors may run from several threads at once.
#[allow(non_camel_case_types)]
pub struct edgeguard_command_verdict {
    verdict: CommandVerdict,
    command: edgeguard_verdict,
    plan: edgeguard_plan_verdict,
    json: LazyJson,
}

/// Screens a robot command (natural language, `command_len` bytes of UTF-8, not
/// NUL-terminated) with the model, and checks the plan a planner made from it against a robot
/// policy, in one verdict.
///
/// On success `*out_verdict` receives a new command verdict that the caller owns and frees
/// with `edgeguard_command_verdict_free`.
///
/// Errors: as `edgeguard_check` for the command, and `EDGEGUARD_STATUS_PLAN` when the plan
/// does not resolve against the policy.
///
/// Thread safety: any number of threads may check with one guard and one policy at once.
///
/// # Safety
/// `guard`, `policy` and `plan` must be NULL or live handles; `command` NULL or readable for
/// `command_len` bytes; `out_verdict` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_check_command(
    guard: *const edgeguard_guard,
    command: *const c_char,
    command_len: usize,
    policy: *const edgeguard_robot_policy,
    plan: *const edgeguard_plan,
    out_verdict: *mut *mut edgeguard_command_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let (guard, command, policy, plan) = unsafe {
            (
                arg::borrow(guard, "guard")?,
                arg::text(command, command_len, "command")?,
                arg::borrow(policy, "policy")?,
                arg::borrow(plan, "plan")?,
            )
        };
        let out = arg::out(out_verdict, "out_verdict")?;
        let verdict = guard
            .guard
            .check_command(command, &plan.plan, &policy.policy)?;
        let screened = verdict.command.clone().ok_or_else(|| {
            FfiError::new(edgeguard_status::Internal, "the command was not screened")
        })?;
        let handle = edgeguard_command_verdict {
            command: edgeguard_verdict::new(screened),
            plan: edgeguard_plan_verdict::new(verdict.plan.clone()),
            verdict,
            json: LazyJson::default(),
        };
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(Box::into_raw(Box::new(handle))) };
        Ok(())
    })
}

/// Writes the combined action: block when the plan breaks a rule, else the command's.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live command verdict; `out_action` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_command_verdict_action(
    verdict: *const edgeguard_command_verdict,
    out_action: *mut edgeguard_action,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_action, "out_action")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.verdict.action.into()) };
        Ok(())
    })
}

/// Writes the command's screening verdict, borrowed from the command verdict: read it with
/// the `edgeguard_verdict_*` accessors, never free it; valid until the command verdict is
/// freed.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live command verdict; `out_command` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_command_verdict_command(
    verdict: *const edgeguard_command_verdict,
    out_command: *mut *const edgeguard_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_command, "out_command")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(&v.command) };
        Ok(())
    })
}

/// Writes the plan's verdict, borrowed from the command verdict: read it with the
/// `edgeguard_plan_verdict_*` accessors, never free it; valid until the command verdict is
/// freed.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live command verdict; `out_plan` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_command_verdict_plan(
    verdict: *const edgeguard_command_verdict,
    out_plan: *mut *const edgeguard_plan_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_plan, "out_plan")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(&v.plan) };
        Ok(())
    })
}

/// Writes a pointer to the command verdict's JSON (NUL-terminated UTF-8:
/// `{"action":"block","command":{...},"plan":{...}}`) and, if `out_len` is not NULL, its
/// length in bytes. The string belongs to the verdict.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` if `verdict` or `out_json` is NULL.
///
/// # Safety
/// `verdict` must be NULL or a live command verdict; `out_json` NULL or writable; `out_len`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_command_verdict_json(
    verdict: *const edgeguard_command_verdict,
    out_json: *mut *const c_char,
    out_len: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_json, "out_json")?;
        let json = v.json.get(&v.verdict)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { json.write_to(out, out_len) };
        Ok(())
    })
}

/// Frees a command verdict and the verdicts borrowed from it. NULL is a no-op.
///
/// Thread safety: needs exclusive access to `verdict`.
///
/// # Safety
/// `verdict` must be NULL or a command verdict from this library, not already freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_command_verdict_free(verdict: *mut edgeguard_command_verdict) {
    // SAFETY: forwarded to the caller.
    unsafe { arg::free(verdict) }
}
