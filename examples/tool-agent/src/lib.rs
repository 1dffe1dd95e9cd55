//! An agent: the model is offered three tools of its own, and those of
//! any MCP servers the app is given (`Bot::mcp_server`, or
//! `AGENT_MCP_COMMAND` for `cargo run`); when it asks for some, the
//! handler runs them, shows each call as a panel (arguments, result,
//! status, time), gives the model the results, and lets it answer, for a
//! few rounds at most. The model's words, tool arguments included, are
//! untrusted: every tool checks what it is given.

mod tools;

use std::path::PathBuf;
use std::sync::Arc;

use colloquy::{Bot, ChatMessage, Reply, ReplyWriter, Stopped, Turn};

pub use tools::{run_tool, specs, Tools};

/// Model turns per reply: enough for a question that needs a tool whose
/// answer needs another, and a bound on a model that keeps asking.
pub const MAX_ROUNDS: usize = 4;

/// The agent, its file search over `notes` (a folder it never leaves).
pub fn bot(notes: impl Into<PathBuf>) -> Bot {
    let tools = Arc::new(Tools::new(notes.into()));
    Bot::new("Tool agent")
        .description("Asks its model for tools (a calculator, a clock, a search of its notes) and shows each call.")
        .examples(["What is 17 * 23 + 4?", "What time is it in UTC?", "Which notes mention llamas?"])
        .handler(move |turn: Turn| {
            let tools = tools.clone();
            async move { Reply::writer(move |out| answer(turn, tools, out)) }
        })
}

async fn answer(turn: Turn, tools: Arc<Tools>, mut out: ReplyWriter) -> Result<(), Stopped> {
    let Some(model) = turn.models.default_model().cloned() else {
        return out.text("This agent has no model to ask: give it one that can call tools.").await;
    };
    let mut request = turn.to_request();
    request.tools = specs();
    request.tools.extend(turn.tools.specs());
    for round in 1..=MAX_ROUNDS {
        let relayed = out.relay(model.as_ref(), request.clone()).await?;
        if let Some(error) = relayed.error {
            return out.text(format!("\n\n*The model failed: {error}*")).await;
        }
        if relayed.tool_calls.is_empty() {
            return Ok(());
        }
        request.messages.push(ChatMessage::tool_request(relayed.text, relayed.tool_calls.clone()));
        for (n, call) in relayed.tool_calls.into_iter().enumerate() {
            // Unique in the reply, whatever ids the model reuses.
            let panel = out.panel(format!("r{round}-{n}"), format!("🔧 {}", call.name)).await?;
            out.panel_text(&panel, format!("arguments: {}\n", call.arguments)).await?;
            // Its own tools here; any other name goes to the MCP servers,
            // which say when there is no such tool.
            let result = match tools::is_own(&call.name) {
                true => tools.run(&call).await,
                false => turn.call_tool(&call).await,
            };
            let said = match &result {
                Ok(value) => value.clone(),
                Err(why) => format!("error: {why}"),
            };
            match result {
                Ok(value) => panel.done(&mut out, format!("result: {value}")).await?,
                Err(why) => panel.failed(&mut out, format!("error: {why}")).await?,
            }
            request.messages.push(ChatMessage::tool_result(call.id, said));
        }
    }
    out.text(format!("\n\n*Stopped after {MAX_ROUNDS} rounds of tool calls.*")).await
}
