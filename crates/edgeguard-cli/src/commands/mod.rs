//! One module per subcommand.

pub mod check;
pub mod eval;
pub mod labels;
pub mod ltl;
pub mod normalize;
pub mod plan;
pub mod policy;
pub mod stream;
