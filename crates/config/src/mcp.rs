//! `[mcp]`: the Model Context Protocol, both ways: the bots as tools for
//! agents (`serve`), and tools from MCP servers for the models (`servers`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

/// The Model Context Protocol (MCP).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct McpConfig {
    /// Serve every bot of the app as an MCP tool at `/mcp` (MCP's
    /// Streamable HTTP transport). A call needs an API key, as `/v1/` does
    /// (`Authorization: Bearer KEY`), and runs one turn with the same
    /// checks, limits and place in the model's line as the page. Off by
    /// default: turning it on offers the bots to programs.
    pub serve: bool,
    /// MCP servers whose tools the models may call, by a name of your
    /// choice (`[mcp.servers.NAME]`).
    pub servers: BTreeMap<String, McpServerConfig>,
    /// Model turns per reply when tools are called: the model asks, the
    /// tools answer, the model goes on, at most this many times.
    pub max_tool_rounds: u32,
    /// Tool calls per reply, all rounds together; calls beyond are refused
    /// and the model is told.
    pub max_calls_per_turn: u32,
    /// A tool result longer than this (bytes) is cut, and the model told.
    pub max_result_bytes: usize,
    /// A tool call that takes longer fails (and the model is told).
    pub call_timeout_secs: f64,
}

impl Default for McpConfig {
    fn default() -> Self {
        Self {
            serve: false,
            servers: BTreeMap::new(),
            max_tool_rounds: 4,
            max_calls_per_turn: 8,
            max_result_bytes: 16 * 1024,
            call_timeout_secs: 30.0,
        }
    }
}

/// One MCP server: either a program this server starts as a child process
/// that speaks MCP on its standard input and output (and starts again when
/// it dies), or a server reached over MCP's Streamable HTTP at `url`. Only
/// this file names them: no user or model chooses what runs or is called.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct McpServerConfig {
    /// The program to run, e.g. `npx` or a path (or set `url`).
    pub command: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// Environment variables set for it (its own keys, say). It gets only
    /// these and `PATH`, never this server's environment.
    pub env: BTreeMap<String, String>,
    /// An MCP server over HTTP (`https://…/mcp`), instead of `command`.
    pub url: String,
    /// Headers sent to `url`, each from an environment variable of this
    /// server (`{ Authorization = "CALC_MCP_AUTH" }`), so no secret is in
    /// the file. A variable that is not set stops the start.
    pub header_env: BTreeMap<String, String>,
    /// The tools offered to the models, by name; empty: all it lists.
    pub tools: Vec<String>,
    /// The models (ids from `[[models]]`) offered its tools; empty: every
    /// model of a provider (the embedded model cannot call tools).
    pub models: Vec<String>,
}

impl McpConfig {
    pub(crate) fn validate(&self, model_ids: &[&str]) -> Result<(), ConfigError> {
        let invalid =
            |setting: String, value: String, why: &str| Err(ConfigError::Invalid { setting, value, why: why.into() });
        if !(1..=20).contains(&self.max_tool_rounds) {
            return invalid("mcp.max_tool_rounds".into(), self.max_tool_rounds.to_string(), "use 1 to 20");
        }
        if !(1..=100).contains(&self.max_calls_per_turn) {
            return invalid("mcp.max_calls_per_turn".into(), self.max_calls_per_turn.to_string(), "use 1 to 100");
        }
        if !(256..=1024 * 1024).contains(&self.max_result_bytes) {
            return invalid("mcp.max_result_bytes".into(), self.max_result_bytes.to_string(), "use 256 to 1048576");
        }
        if !(self.call_timeout_secs.is_finite() && (0.1..=3600.0).contains(&self.call_timeout_secs)) {
            return invalid("mcp.call_timeout_secs".into(), self.call_timeout_secs.to_string(), "use 0.1 to 3600");
        }
        for (name, server) in &self.servers {
            let at = format!("mcp.servers.{name}");
            let name_ok = !name.is_empty()
                && name.len() <= 40
                && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
            if !name_ok {
                return invalid(at, name.clone(), "name it with up to 40 of a-z, 0-9, _ and -");
            }
            match (server.command.trim().is_empty(), server.url.is_empty()) {
                (true, true) => {
                    return invalid(format!("{at}.command"), String::new(), "name the program to run, or set url")
                }
                (false, false) => {
                    return invalid(format!("{at}.url"), server.url.clone(), "set command or url, not both")
                }
                (true, false) if !(server.url.starts_with("http://") || server.url.starts_with("https://")) => {
                    return invalid(format!("{at}.url"), server.url.clone(), "use an http:// or https:// URL")
                }
                _ => {}
            }
            if !server.header_env.is_empty() && server.url.is_empty() {
                return invalid(format!("{at}.header_env"), String::new(), "headers go with url");
            }
            for (header, variable) in &server.header_env {
                let name_ok = !header.is_empty() && header.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                if !name_ok {
                    return invalid(
                        format!("{at}.header_env"),
                        header.clone(),
                        "use a header name (letters, digits, -)",
                    );
                }
                if std::env::var(variable).map_or(true, |value| value.is_empty()) {
                    return invalid(
                        format!("{at}.header_env.{header}"),
                        variable.clone(),
                        "this environment variable is not set",
                    );
                }
            }
            if let Some(model) = server.models.iter().find(|m| !model_ids.contains(&m.as_str())) {
                return invalid(format!("{at}.models"), model.clone(), "name a model of [[models]]");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;

    fn check(text: &str) -> Result<(), String> {
        let config = Config::from_toml(text)?;
        config.validate().map_err(|e| e.to_string())
    }

    #[test]
    fn servers_need_a_command_and_known_models() {
        check("[mcp.servers.calc]\ncommand = \"calc-mcp\"\n").unwrap();
        let error = check("[mcp.servers.calc]\nargs = [\"x\"]\n").unwrap_err();
        assert!(error.contains("mcp.servers.calc.command"), "{error}");
        check("[mcp.servers.web]\nurl = \"https://tools.example.com/mcp\"\nheader_env = { X-Path = \"PATH\" }\n")
            .unwrap();
        let error = check("[mcp.servers.web]\nurl = \"ftp://x\"\n").unwrap_err();
        assert!(error.contains("mcp.servers.web.url"), "{error}");
        let error = check("[mcp.servers.web]\nurl = \"http://x\"\ncommand = \"c\"\n").unwrap_err();
        assert!(error.contains("not both"), "{error}");
        let error = check(
            "[mcp.servers.web]\nurl = \"http://x\"\nheader_env = { Authorization = \"COLLOQUY_SURELY_UNSET_9\" }\n",
        )
        .unwrap_err();
        assert!(error.contains("COLLOQUY_SURELY_UNSET_9") && error.contains("not set"), "{error}");
        let error = check("[mcp.servers.calc]\ncommand = \"c\"\nmodels = [\"nope\"]\n").unwrap_err();
        assert!(error.contains("mcp.servers.calc.models") && error.contains("nope"), "{error}");
        let error = check("[mcp.servers.\"Bad Name\"]\ncommand = \"c\"\n").unwrap_err();
        assert!(error.contains("Bad Name"), "{error}");
        let error = check("[mcp]\nmax_tool_rounds = 0\n").unwrap_err();
        assert!(error.contains("mcp.max_tool_rounds"), "{error}");
        assert!(Config::from_toml("[mcp.servers.web]\nhost = \"x\"\n").is_err(), "unknown fields are refused");
    }
}
