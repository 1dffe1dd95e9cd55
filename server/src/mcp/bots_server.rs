//! The MCP server's handler: lists the bots as tools and runs a call as
//! one turn, through the same checks, limits, line and metrics as the
//! page and `/v1/`. The reply's text streams to the caller as progress
//! notifications when it asks for progress; a cancelled call drops the
//! reply, which stops the model.

use std::time::{Duration, Instant};

use colloquy_chat::state::AppState;
use colloquy_chat::turn::prepare_turn;
use colloquy_chat::AppError;
use colloquy_core::ChatEvent;
use colloquy_wire::{Speaker, WireMessage};
use futures::StreamExt;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, InitializeResult,
    ListToolsResult, PaginatedRequestParams, ProgressNotificationParam, ServerCapabilities,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

use super::tools;
use super::McpCaller;

/// Progress notifications carry the reply's text at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// One MCP session's handler (a copy of the app's state).
#[derive(Clone)]
pub(crate) struct BotsServer {
    pub(crate) state: AppState,
}

/// Why a call produced no reply, as the caller (usually a model) reads it:
/// a tool error, never a protocol error, so that it can correct itself.
fn refusal(text: impl Into<String>) -> CallToolResponse {
    CallToolResult::error(vec![ContentBlock::text(text)]).into()
}

impl ServerHandler for BotsServer {
    fn get_info(&self) -> InitializeResult {
        InitializeResult::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("colloquy", env!("CARGO_PKG_VERSION")))
            .with_instructions(format!(
                "Each tool is a chatbot of {}: send it a message (and any of its settings), get its reply.",
                self.state.bots.server().chat.title
            ))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools::all(&self.state)))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(caller) = context
            .extensions
            .get::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<McpCaller>())
            .cloned()
        else {
            // The routes put it there before any request reaches this.
            return Err(ErrorData::internal_error("the caller is unknown", None));
        };
        let Some(state) = tools::bot_state(&self.state, &request.name) else {
            return Ok(refusal(format!("There is no bot named {:?}; list the tools to see them.", request.name)));
        };
        let (message, inputs) = match tools::arguments(request.arguments) {
            Ok(read) => read,
            Err(e) => return Ok(refusal(e.to_string())),
        };
        let Some(model) = state.models.get(state.default_model()).cloned() else {
            return Ok(refusal("This bot has no model to answer with."));
        };
        let conversation = vec![WireMessage { role: Speaker::User, content: message, attachments: Vec::new() }];
        let prepared = match prepare_turn(&state, "", &model, conversation, &inputs).await {
            Ok(prepared) => prepared,
            // Worded for the person as on the page and at `/v1/`.
            Err(e) => return Ok(refusal(AppError::from(e).to_string())),
        };
        let ticket = match colloquy_chat::pipeline::join_line(&model, &caller.holder, Some(caller.address)).await {
            Ok(ticket) => ticket,
            Err(e) => return Ok(refusal(e.to_string())),
        };
        tracing::info!(caller = %caller.holder, bot = %request.name, model = %model.id, "MCP tool call");
        let mut events = colloquy_chat::pipeline::model_reply(&state.metrics, &model, prepared, ticket)
            .filter_map(|step| std::future::ready(step.event()))
            .boxed();
        let progress = context.meta.get_progress_token();
        let (mut text, mut last_progress) = (String::new(), Instant::now());
        loop {
            let event = tokio::select! {
                event = events.next() => event,
                // Dropping the reply stops the model.
                () = context.ct.cancelled() => {
                    tracing::info!(caller = %caller.holder, bot = %request.name, "MCP tool call cancelled");
                    return Ok(refusal("The call was cancelled."));
                }
            };
            match event {
                Some(ChatEvent::TextDelta(piece)) => {
                    text.push_str(&piece);
                    if let Some(token) = progress.clone().filter(|_| last_progress.elapsed() >= PROGRESS_EVERY) {
                        last_progress = Instant::now();
                        let note = ProgressNotificationParam::new(token, text.len() as f64).with_message(text.clone());
                        // A client that cannot take it still gets the reply.
                        let _ = context.peer.notify_progress(note).await;
                    }
                }
                Some(ChatEvent::Error(e)) => {
                    tracing::warn!(caller = %caller.holder, bot = %request.name, "MCP tool call failed: {e}");
                    return Ok(refusal(format!("The reply failed: {e}")));
                }
                Some(ChatEvent::Done { .. }) | None => break,
                // Reasoning, panels, tool calls and files are the page's.
                Some(_) => {}
            }
        }
        Ok(CallToolResult::success(vec![ContentBlock::text(text)]).into())
    }
}
