//! One module per subcommand.

pub mod check;
pub mod eval;
pub mod labels;
pub mod normalize;
pub mod policy;
