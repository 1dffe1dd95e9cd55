//! A model with MCP tools: each reply offers the model its tools; when it
//! asks for some, they run (each shown as a panel: the arguments, then the
//! result or why it failed, and the time it took), the model reads the
//! results and goes on, for a bounded number of rounds and calls. Dropping
//! the reply (Stop, a closed connection) cancels a call in flight.

use std::sync::Arc;

use colloquy_config::McpConfig;
use colloquy_core::{
    ChatEvent, ChatMessage, ChatRequest, ChatStream, FinishReason, ModelProvider, Reply, ReplyWriter, Stopped,
    ToolSpec, Usage,
};

use crate::servers::McpTools;

/// `inner` with the tools `tools` offers it.
pub struct WithMcpTools {
    inner: Arc<dyn ModelProvider>,
    tools: Arc<McpTools>,
    /// What the model is offered: the tools of the servers it may use.
    offered: Vec<ToolSpec>,
    max_rounds: u32,
    max_calls: u32,
}

impl WithMcpTools {
    /// `None` when no tool is offered to `model_id`: it stays as it is.
    pub fn wrap(
        inner: Arc<dyn ModelProvider>,
        model_id: &str,
        tools: &Arc<McpTools>,
        config: &McpConfig,
    ) -> Option<Self> {
        let offered = tools.offered(model_id);
        (!offered.is_empty()).then(|| Self {
            inner,
            tools: tools.clone(),
            offered,
            max_rounds: config.max_tool_rounds,
            max_calls: config.max_calls_per_turn,
        })
    }
}

impl ModelProvider for WithMcpTools {
    fn id(&self) -> &str {
        self.inner.id()
    }

    fn stream_chat(&self, request: ChatRequest) -> ChatStream {
        let (inner, tools, max_rounds, max_calls) =
            (self.inner.clone(), self.tools.clone(), self.max_rounds, self.max_calls);
        let mut request = request;
        request.tools.extend(self.offered.iter().cloned());
        Reply::writer(move |out| answer(inner, tools, request, max_rounds, max_calls, out)).into_stream()
    }
}

async fn answer(
    model: Arc<dyn ModelProvider>,
    tools: Arc<McpTools>,
    mut request: ChatRequest,
    max_rounds: u32,
    max_calls: u32,
    mut out: ReplyWriter,
) -> Result<(), Stopped> {
    let (mut calls, mut usage) = (0, Usage::default());
    for round in 1..=max_rounds {
        let relayed = out.relay(model.as_ref(), request.clone()).await?;
        usage.prompt_tokens += relayed.usage.prompt_tokens;
        usage.completion_tokens += relayed.usage.completion_tokens;
        if let Some(error) = relayed.error {
            return out.send(ChatEvent::Error(error)).await;
        }
        if relayed.tool_calls.is_empty() {
            let finish = relayed.finish.unwrap_or(FinishReason::Stop);
            return out.send(ChatEvent::Done { finish, usage }).await;
        }
        request.messages.push(ChatMessage::tool_request(relayed.text, relayed.tool_calls.clone()));
        for (n, call) in relayed.tool_calls.into_iter().enumerate() {
            // Unique in the reply, whatever ids the model reuses.
            let panel = out.panel(format!("tool-{round}-{n}"), format!("Tool: {}", call.name)).await?;
            out.panel_text(&panel, format!("arguments: {}\n", call.arguments)).await?;
            calls += 1;
            let result = if calls > max_calls {
                Err(format!("this reply has made {max_calls} tool calls, the most it may; answer with what you have"))
            } else {
                tools.call(&call).await.map_err(|e| e.to_string())
            };
            let said = match result {
                Ok(value) => {
                    panel.done(&mut out, format!("result: {value}")).await?;
                    value
                }
                Err(why) => {
                    panel.failed(&mut out, format!("error: {why}")).await?;
                    format!("error: {why}")
                }
            };
            request.messages.push(ChatMessage::tool_result(call.id, said));
        }
    }
    out.text(format!("\n\n*Stopped after {max_rounds} rounds of tool calls.*")).await?;
    out.send(ChatEvent::Done { finish: FinishReason::Stop, usage }).await
}
