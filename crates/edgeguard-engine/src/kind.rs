//! [`Kind`]: whether a text is a prompt or a response.

/// Which side of the screen a text is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Text a user sends to a model.
    Prompt,
    /// Text a model returns.
    Response,
}
