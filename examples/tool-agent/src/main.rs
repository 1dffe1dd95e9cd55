//! Runs the agent on a model server that can call tools: by default a
//! local Ollama (`ollama serve`, `ollama pull qwen2.5:1.5b`) through its
//! OpenAI-compatible API; set AGENT_BASE_URL, AGENT_MODEL and, for a hosted
//! service, AGENT_API_KEY to use another. AGENT_MCP_COMMAND (a command and
//! its arguments, e.g. `npx -y @modelcontextprotocol/server-everything`)
//! adds an MCP server's tools to the agent's own.

use colloquy::{McpServerConfig, ProviderKind};

#[tokio::main]
async fn main() {
    let base_url = std::env::var("AGENT_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:11434/v1".into());
    let model = std::env::var("AGENT_MODEL").unwrap_or_else(|_| "qwen2.5:1.5b".into());
    let key = std::env::var_os("AGENT_API_KEY").map(|_| "AGENT_API_KEY");
    let notes = std::env::var("AGENT_NOTES").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/notes").into());
    let mut bot = tool_agent::bot(notes).provider_model(ProviderKind::OpenAi, base_url, key, model);
    if let Ok(line) = std::env::var("AGENT_MCP_COMMAND") {
        let mut words = line.split_whitespace().map(str::to_string);
        if let Some(command) = words.next() {
            bot = bot.mcp_server("mcp", McpServerConfig { command, args: words.collect(), ..Default::default() });
        }
    }
    bot.launch().await
}
