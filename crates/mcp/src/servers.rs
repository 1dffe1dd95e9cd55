//! The configured MCP servers: each started as a child process speaking
//! MCP on its standard streams, or reached over MCP's Streamable HTTP
//! (rmcp's client either way), its tools listed once it answers, and
//! started again (or reached anew) when it has gone. One that cannot start is
//! reported (the log, `/readyz`) and its tools are missing; nothing else
//! fails.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use colloquy_config::{McpConfig, McpServerConfig};
use colloquy_core::{ToolCall, ToolSpec};
use http::{HeaderName, HeaderValue};
use rmcp::model::{CallToolRequestParams, ContentBlock, JsonObject, Tool};
use rmcp::service::{Peer, RunningService};
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::{RoleClient, ServiceExt};
use tokio::sync::Mutex;

/// Why a tool call gave no result; said to the model (and in the panel).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ToolError {
    #[error("there is no tool named {0:?}")]
    Unknown(String),
    #[error("the arguments are not a JSON object: {0}")]
    Arguments(String),
    #[error("the tool's server {server} is not running: {why}")]
    Unavailable { server: String, why: String },
    #[error("the tool did not answer within {0} s")]
    TimedOut(f64),
    #[error("the tool failed: {0}")]
    Failed(String),
}

/// One server, and its connection while it runs.
struct Server {
    name: String,
    config: McpServerConfig,
    connection: Mutex<Connection>,
}

enum Connection {
    Up { service: RunningService<RoleClient, ()>, tools: Vec<Tool> },
    Down(String),
}

impl Server {
    /// Starts the child process (or reaches the URL) and lists its tools
    /// (those the allow list names, or all).
    async fn connect(&self) -> Connection {
        let started = async {
            let service = match self.config.url.as_str() {
                "" => self.start_process().await?,
                url => self.reach(url).await?,
            };
            let tools = service.list_all_tools().await.map_err(|e| format!("its tools could not be listed: {e}"))?;
            Ok::<_, String>((service, tools))
        };
        match tokio::time::timeout(Duration::from_secs(30), started).await {
            Ok(Ok((service, tools))) => {
                let tools: Vec<Tool> = tools
                    .into_iter()
                    .filter(|tool| self.config.tools.is_empty() || self.config.tools.iter().any(|t| *t == tool.name))
                    .collect();
                tracing::info!(server = %self.name, tools = tools.len(), "MCP server started");
                Connection::Up { service, tools }
            }
            Ok(Err(why)) => {
                tracing::error!(server = %self.name, "MCP server unavailable: {why}");
                Connection::Down(why)
            }
            Err(_) => {
                tracing::error!(server = %self.name, "MCP server unavailable: no answer within 30 s");
                Connection::Down("no answer within 30 s".into())
            }
        }
    }

    async fn start_process(&self) -> Result<RunningService<RoleClient, ()>, String> {
        let mut command = tokio::process::Command::new(&self.config.command);
        command.args(&self.config.args).env_clear().envs(&self.config.env);
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        let transport = TokioChildProcess::builder(command)
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .map_err(|e| format!("{} could not be started: {e}", self.config.command))?
            .0;
        ().serve(transport).await.map_err(|e| format!("it did not speak MCP: {e}"))
    }

    /// Over MCP's Streamable HTTP, with the headers from this server's
    /// environment (checked at start-up by the configuration).
    async fn reach(&self, url: &str) -> Result<RunningService<RoleClient, ()>, String> {
        // rmcp's HTTP client has no TLS provider of its own; an error says
        // one is installed already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut headers = HashMap::new();
        for (name, variable) in &self.config.header_env {
            let value =
                std::env::var(variable).map_err(|_| format!("the environment variable {variable} is not set"))?;
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("header {name}: {e}"))?;
            let value = HeaderValue::from_str(&value).map_err(|_| format!("{variable} is not a header value"))?;
            headers.insert(name, value);
        }
        let mut config = StreamableHttpClientTransportConfig::with_uri(url);
        config.custom_headers = headers;
        let transport = StreamableHttpClientTransport::from_config(config);
        ().serve(transport).await.map_err(|e| format!("{url} did not speak MCP: {e}"))
    }

    /// The peer to call, the server started again first if it has died.
    async fn peer(&self) -> Result<Peer<RoleClient>, String> {
        let mut connection = self.connection.lock().await;
        if let Connection::Up { service, .. } = &*connection {
            if !service.is_transport_closed() {
                return Ok(service.peer().clone());
            }
            tracing::warn!(server = %self.name, "MCP server exited; starting it again");
        }
        *connection = self.connect().await;
        match &*connection {
            Connection::Up { service, .. } => Ok(service.peer().clone()),
            Connection::Down(why) => Err(why.clone()),
        }
    }
}

/// The tools of every configured server, by the name the models see.
pub struct McpTools {
    servers: Vec<Arc<Server>>,
    /// Each offered tool: its spec and the server that runs it.
    tools: BTreeMap<String, (ToolSpec, usize)>,
    limits: Limits,
}

/// How long a status probe waits for a server's connection.
const STATUS_WAIT: Duration = Duration::from_millis(200);

/// The bounds on one call.
#[derive(Debug, Clone, Copy)]
struct Limits {
    timeout: Duration,
    max_result_bytes: usize,
}

/// How one server stands, for `/readyz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerStatus {
    pub name: String,
    /// Its tools' count, or why it is not running.
    pub state: Result<usize, String>,
}

impl McpTools {
    /// Starts every server of `config` (all at once); those that fail are
    /// reported and left out.
    pub async fn start(config: &McpConfig) -> Arc<Self> {
        let servers: Vec<Arc<Server>> = config
            .servers
            .iter()
            .map(|(name, config)| {
                Arc::new(Server {
                    name: name.clone(),
                    config: config.clone(),
                    connection: Mutex::new(Connection::Down("starting".into())),
                })
            })
            .collect();
        futures::future::join_all(servers.iter().map(|server| async move {
            let connection = server.connect().await;
            *server.connection.lock().await = connection;
        }))
        .await;
        let mut tools = BTreeMap::new();
        for (at, server) in servers.iter().enumerate() {
            if let Connection::Up { tools: listed, .. } = &*server.connection.lock().await {
                for tool in listed {
                    let spec = ToolSpec {
                        name: tool.name.to_string(),
                        description: tool.description.as_deref().unwrap_or_default().to_string(),
                        parameters: serde_json::Value::Object((*tool.input_schema).clone()),
                    };
                    if tools.contains_key(&spec.name) {
                        tracing::warn!(server = %server.name, tool = %spec.name, "an MCP tool of that name is offered by an earlier server; this one is left out");
                        continue;
                    }
                    tools.insert(spec.name.clone(), (spec, at));
                }
            }
        }
        let limits = Limits {
            timeout: Duration::from_secs_f64(config.call_timeout_secs),
            max_result_bytes: config.max_result_bytes,
        };
        Arc::new(Self { servers, tools, limits })
    }

    /// The tools offered to the model `model_id`.
    pub fn offered(&self, model_id: &str) -> Vec<ToolSpec> {
        self.tools
            .values()
            .filter(|(_, at)| {
                let models = &self.servers[*at].config.models;
                models.is_empty() || models.iter().any(|m| m == model_id)
            })
            .map(|(spec, _)| spec.clone())
            .collect()
    }

    /// Each server's state now. A server being started again holds its
    /// connection for up to the call timeout; a probe does not wait for
    /// that (a call only holds it for a moment).
    pub async fn status(&self) -> Vec<ServerStatus> {
        let mut out = Vec::new();
        for server in &self.servers {
            let state = match tokio::time::timeout(STATUS_WAIT, server.connection.lock()).await {
                Err(_) => Err("it is being started again".into()),
                Ok(connection) => match &*connection {
                    Connection::Up { service, tools } if !service.is_transport_closed() => Ok(tools.len()),
                    Connection::Up { .. } => Err("it exited".into()),
                    Connection::Down(why) => Err(why.clone()),
                },
            };
            out.push(ServerStatus { name: server.name.clone(), state });
        }
        out
    }

    /// Runs the tool `call` names with its arguments (the model's JSON
    /// text, not trusted: the tool's server checks it against its schema).
    /// The result is the tool's text, cut at the configured length.
    /// Dropping the future cancels the call at the server.
    pub async fn call(&self, call: &ToolCall) -> Result<String, ToolError> {
        let Some((_, at)) = self.tools.get(&call.name) else { return Err(ToolError::Unknown(call.name.clone())) };
        let server = &self.servers[*at];
        let arguments = match call.arguments.trim() {
            "" => JsonObject::new(),
            text => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Object(object)) => object,
                Ok(_) => return Err(ToolError::Arguments("not an object".into())),
                Err(e) => return Err(ToolError::Arguments(e.to_string())),
            },
        };
        let peer = server.peer().await.map_err(|why| ToolError::Unavailable { server: server.name.clone(), why })?;
        let request = CallToolRequestParams::new(call.name.clone()).with_arguments(arguments);
        let result = tokio::time::timeout(self.limits.timeout, peer.call_tool(request))
            .await
            .map_err(|_| ToolError::TimedOut(self.limits.timeout.as_secs_f64()))?
            .map_err(|e| ToolError::Failed(e.to_string()))?;
        let text = text_of(&result.content, self.limits.max_result_bytes);
        match result.is_error {
            Some(true) => Err(ToolError::Failed(text)),
            _ => Ok(text),
        }
    }
}

/// A handler's tools: every server's, whatever the models are offered.
impl colloquy_core::ToolRunner for McpTools {
    fn specs(&self) -> Vec<ToolSpec> {
        self.tools.values().map(|(spec, _)| spec.clone()).collect()
    }

    fn run<'a>(&'a self, call: &'a ToolCall) -> futures::future::BoxFuture<'a, Result<String, String>> {
        Box::pin(async move { self.call(call).await.map_err(|e| e.to_string()) })
    }
}

/// A result's text blocks joined (others named by kind), cut at `most`
/// bytes on a character boundary, with a note that it was cut.
fn text_of(content: &[ContentBlock], most: usize) -> String {
    let mut text = content
        .iter()
        .map(|block| match block {
            ContentBlock::Text(text) => text.text.clone(),
            ContentBlock::Image(_) => "[an image]".into(),
            ContentBlock::Audio(_) => "[audio]".into(),
            _ => "[a resource]".into(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    if text.len() > most {
        let mut end = most;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("\n[cut: the result was longer than this server passes on]");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_results_are_cut_on_a_character() {
        let blocks = vec![ContentBlock::text("é".repeat(10))];
        let text = text_of(&blocks, 5);
        assert!(text.starts_with("éé\n[cut"), "{text}");
        assert_eq!(text_of(&[ContentBlock::text("short")], 100), "short");
    }
}
