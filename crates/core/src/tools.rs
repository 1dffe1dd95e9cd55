//! Tools a Rust handler may call: those of the MCP servers the app is
//! configured with (`[mcp.servers.NAME]`), offered through [`Tools`] on
//! each [`crate::Turn`]. A handler offers their specs to a model and runs
//! the calls the model asks for, as the built-in tool loop does.

use std::sync::Arc;

use futures::future::BoxFuture;

use crate::{ToolCall, ToolSpec};

/// Runs tools; implemented by the app's MCP client.
pub trait ToolRunner: Send + Sync + 'static {
    /// Every tool, as a model is offered it.
    fn specs(&self) -> Vec<ToolSpec>;
    /// Runs `call` (the model's arguments, unchecked): the tool's text, or
    /// why it gave none, for the model to read. Dropping the future cancels
    /// the call.
    fn run<'a>(&'a self, call: &'a ToolCall) -> BoxFuture<'a, Result<String, String>>;
}

/// The tools a handler may call; none unless the app configures some.
#[derive(Clone, Default)]
pub struct Tools(Option<Arc<dyn ToolRunner>>);

impl Tools {
    pub fn new(runner: Arc<dyn ToolRunner>) -> Self {
        Self(Some(runner))
    }

    /// What each tool is, to put in a model request's `tools`.
    pub fn specs(&self) -> Vec<ToolSpec> {
        self.0.as_ref().map(|runner| runner.specs()).unwrap_or_default()
    }

    /// Runs `call` on the tool it names.
    pub async fn call(&self, call: &ToolCall) -> Result<String, String> {
        match &self.0 {
            Some(runner) => runner.run(call).await,
            None => Err(format!("there is no tool named {:?}: this app has no tools configured", call.name)),
        }
    }
}
