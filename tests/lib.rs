//! Shared harness for the workspace-level tests.
