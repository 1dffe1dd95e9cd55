//! `[mcp]`: the Model Context Protocol.

use serde::{Deserialize, Serialize};

/// The Model Context Protocol (MCP): agents and desktop assistants call
/// this app's bots as tools.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct McpConfig {
    /// Serve every bot of the app as an MCP tool at `/mcp` (MCP's
    /// Streamable HTTP transport). A call needs an API key, as `/v1/` does
    /// (`Authorization: Bearer KEY`), and runs one turn with the same
    /// checks, limits and place in the model's line as the page. Off by
    /// default: turning it on offers the bots to programs.
    pub serve: bool,
}
