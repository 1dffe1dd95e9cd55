//! Tools from MCP servers for the models: the servers named in
//! `[mcp.servers.NAME]` started and their tools listed ([`McpTools`]), and
//! a model that calls them in its replies ([`WithMcpTools`]).

mod servers;
mod tool_loop;

pub use servers::{McpTools, ServerStatus, ToolError};
pub use tool_loop::WithMcpTools;
