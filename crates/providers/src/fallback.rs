//! A model that hands over to another when it fails before its first token.

use std::sync::Arc;

use colloquy_core::{ChatEvent, ChatRequest, ChatStream, ModelProvider};
use futures::StreamExt;

/// `primary`, or `fallback` when `primary` fails before any output (a
/// server down, a key rejected, rate limits outlasting the retries). Once
/// output has started, a failure is reported as it is: switching then would
/// mix two models' words in one reply.
pub struct WithFallback {
    primary: Arc<dyn ModelProvider>,
    fallback: Arc<dyn ModelProvider>,
}

impl WithFallback {
    pub fn new(primary: Arc<dyn ModelProvider>, fallback: Arc<dyn ModelProvider>) -> Self {
        Self { primary, fallback }
    }
}

impl ModelProvider for WithFallback {
    fn id(&self) -> &str {
        self.primary.id()
    }

    fn stream_chat(&self, request: ChatRequest) -> ChatStream {
        let mut primary = self.primary.stream_chat(request.clone());
        let fallback = self.fallback.clone();
        let primary_id = self.primary.id().to_string();
        Box::pin(async_stream::stream! {
            let mut started = false;
            while let Some(event) = primary.next().await {
                match event {
                    ChatEvent::Error(error) if !started && error.allows_fallback() => {
                        tracing::warn!(model = %primary_id, fallback = %fallback.id(), %error, "using the fallback model");
                        drop(primary);
                        let mut rest = fallback.stream_chat(request);
                        while let Some(event) = rest.next().await {
                            yield event;
                        }
                        return;
                    }
                    event => {
                        started |= event.is_output();
                        yield event;
                    }
                }
            }
        })
    }
}
