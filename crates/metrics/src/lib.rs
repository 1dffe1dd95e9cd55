//! What an operator watches, in Prometheus' text format: requests by route
//! and status, reply streams in flight, each model's queue (length and
//! wait), time to first token and tokens per second by model, provider
//! errors by kind, and rate-limited requests by action.
//!
//! Label values come from small fixed sets (route kinds, status classes,
//! error kinds, action names) or from the configured model ids, never from
//! a request, so a client cannot grow the series without bound.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use colloquy_core::{ChatEvent, ProviderError};
use futures::Stream;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: &'static str,
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ModelLabels {
    model: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ErrorLabels {
    model: String,
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ActionLabels {
    action: &'static str,
}

fn seconds_histogram() -> Histogram {
    // 5 ms to about 82 s: first tokens from a warm cache to a long queue.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(0.005, 2.0, 15))
}

fn rate_histogram() -> Histogram {
    // 1 to about 4,000 tokens per second.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(1.0, 2.0, 13))
}

/// The server's metrics. Cheap to share (`Arc`); every method is a few
/// atomic operations.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    streams_in_flight: Gauge,
    queue_waiting: Family<ModelLabels, Gauge>,
    queue_wait: Family<ModelLabels, Histogram, fn() -> Histogram>,
    first_token: Family<ModelLabels, Histogram, fn() -> Histogram>,
    tokens_per_second: Family<ModelLabels, Histogram, fn() -> Histogram>,
    provider_errors: Family<ErrorLabels, Counter>,
    rate_limited: Family<ActionLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("colloquy");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by kind of route and status class",
            requests.clone(),
        );
        let streams_in_flight = Gauge::default();
        registry.register("streams_in_flight", "Model reply streams running now", streams_in_flight.clone());
        let queue_waiting = Family::<ModelLabels, Gauge>::default();
        registry.register("queue_waiting", "Replies waiting in a model's line", queue_waiting.clone());
        let queue_wait = Family::new_with_constructor(seconds_histogram as fn() -> Histogram);
        registry.register("queue_wait_seconds", "Time a reply waited in its model's line", queue_wait.clone());
        let first_token = Family::new_with_constructor(seconds_histogram as fn() -> Histogram);
        registry.register(
            "time_to_first_token_seconds",
            "From a reply's start at its model (after the line) to its first text",
            first_token.clone(),
        );
        let tokens_per_second = Family::new_with_constructor(rate_histogram as fn() -> Histogram);
        registry.register(
            "tokens_per_second",
            "A finished reply's generated tokens over its time from first to last token",
            tokens_per_second.clone(),
        );
        let provider_errors = Family::<ErrorLabels, Counter>::default();
        registry.register(
            "provider_errors",
            "Replies that ended in a provider error, by kind",
            provider_errors.clone(),
        );
        let rate_limited = Family::<ActionLabels, Counter>::default();
        registry.register("rate_limited", "Requests refused by a rate limit, by action", rate_limited.clone());
        Self {
            registry,
            requests,
            streams_in_flight,
            queue_waiting,
            queue_wait,
            first_token,
            tokens_per_second,
            provider_errors,
            rate_limited,
        }
    }

    /// The text exposition format, as `/metrics` answers.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    /// A request answered: `route` is a kind of route, not its path.
    pub fn request(&self, route: RouteKind, status: u16) {
        let status = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.requests.get_or_create(&RequestLabels { route: route.as_str(), status }).inc();
    }

    /// How many replies wait in `model`'s line now (set when scraped).
    pub fn set_queue_waiting(&self, model: &str, waiting: usize) {
        let waiting = i64::try_from(waiting).unwrap_or(i64::MAX);
        self.queue_waiting.get_or_create(&ModelLabels { model: model.into() }).set(waiting);
    }

    pub fn queue_wait(&self, model: &str, waited: Duration) {
        self.queue_wait.get_or_create(&ModelLabels { model: model.into() }).observe(waited.as_secs_f64());
    }

    /// Brings `action`'s count of refusals up to `total` (a count kept by
    /// the limiter itself, read when scraped).
    pub fn rate_limited_total(&self, action: &'static str, total: u64) {
        let counter = self.rate_limited.get_or_create(&ActionLabels { action });
        counter.inc_by(total.saturating_sub(counter.get()));
    }

    /// Watches a reply's stream from `model`: in flight while it runs,
    /// its first text's delay, its tokens per second, its error's kind.
    pub fn observe<S>(self: &Arc<Self>, model: &str, stream: S) -> Observed<S>
    where
        S: Stream<Item = ChatEvent>,
    {
        self.streams_in_flight.inc();
        Observed {
            stream,
            metrics: self.clone(),
            model: model.to_string(),
            started: Instant::now(),
            first: None,
            last: None,
            deltas: 0,
        }
    }
}

/// What kind of route answered a request: a label from a fixed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    Page,
    ServerFn,
    Api,
    Static,
    Health,
    Metrics,
    Other,
}

impl RouteKind {
    /// The kind of route at `path`.
    pub fn of(path: &str) -> Self {
        match path {
            "/healthz" | "/readyz" => RouteKind::Health,
            "/metrics" => RouteKind::Metrics,
            p if p.starts_with("/api/") => RouteKind::ServerFn,
            p if p.starts_with("/v1/") => RouteKind::Api,
            p if p.starts_with("/pkg/") || p.starts_with("/widget/") || p == "/favicon.ico" => RouteKind::Static,
            "/" | "/bots" | "/playground" | "/admin" | "/keys" | "/login" | "/signup" => RouteKind::Page,
            p if ["/c/", "/s/", "/bots/"].iter().any(|prefix| p.starts_with(prefix)) => RouteKind::Page,
            _ => RouteKind::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RouteKind::Page => "page",
            RouteKind::ServerFn => "server_fn",
            RouteKind::Api => "api",
            RouteKind::Static => "static",
            RouteKind::Health => "health",
            RouteKind::Metrics => "metrics",
            RouteKind::Other => "other",
        }
    }
}

/// A provider error's kind, as a label.
pub fn error_kind(error: &ProviderError) -> &'static str {
    match error {
        ProviderError::ModelUnavailable(_) => "model_unavailable",
        ProviderError::ContextOverflow { .. } => "context_overflow",
        ProviderError::Generation(_) => "generation",
        ProviderError::Unreachable { .. } => "unreachable",
        ProviderError::KeyRejected { .. } => "key_rejected",
        ProviderError::RateLimited { .. } => "rate_limited",
        ProviderError::Upstream { .. } => "upstream",
        ProviderError::Refused { .. } => "refused",
        ProviderError::Interrupted { .. } => "interrupted",
        ProviderError::Malformed { .. } => "malformed",
        ProviderError::Stalled { .. } => "stalled",
        ProviderError::NoFirstToken { .. } => "no_first_token",
    }
}

/// A reply stream being watched (see [`Metrics::observe`]).
pub struct Observed<S> {
    stream: S,
    metrics: Arc<Metrics>,
    model: String,
    started: Instant,
    first: Option<Instant>,
    last: Option<Instant>,
    /// Text deltas seen: the token count when the provider reports none.
    deltas: u32,
}

impl<S> Observed<S> {
    fn labels(&self) -> ModelLabels {
        ModelLabels { model: self.model.clone() }
    }

    fn note(&mut self, event: &ChatEvent) {
        let now = Instant::now();
        match event {
            ChatEvent::TextDelta(_) | ChatEvent::ReasoningDelta(_) => {
                if self.first.is_none() {
                    self.first = Some(now);
                    let waited = now.duration_since(self.started).as_secs_f64();
                    self.metrics.first_token.get_or_create(&self.labels()).observe(waited);
                }
                self.last = Some(now);
                self.deltas += 1;
            }
            ChatEvent::Done { usage, .. } => {
                let tokens = if usage.completion_tokens > 0 { usage.completion_tokens } else { self.deltas };
                if let (Some(first), Some(last)) = (self.first, self.last) {
                    let secs = last.duration_since(first).as_secs_f64();
                    // One token has no rate: it needs a first and a last.
                    if tokens > 1 && secs > 0.0 {
                        let rate = f64::from(tokens - 1) / secs;
                        self.metrics.tokens_per_second.get_or_create(&self.labels()).observe(rate);
                    }
                }
            }
            ChatEvent::Error(error) => {
                let labels = ErrorLabels { model: self.model.clone(), kind: error_kind(error) };
                self.metrics.provider_errors.get_or_create(&labels).inc();
            }
            _ => {}
        }
    }
}

impl<S> Drop for Observed<S> {
    fn drop(&mut self) {
        self.metrics.streams_in_flight.dec();
    }
}

impl<S: Stream<Item = ChatEvent> + Unpin> Stream for Observed<S> {
    type Item = ChatEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ChatEvent>> {
        let polled = Pin::new(&mut self.stream).poll_next(cx);
        if let Poll::Ready(Some(event)) = &polled {
            self.note(event);
        }
        polled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use colloquy_core::{FinishReason, Usage};
    use futures::StreamExt;

    fn line<'a>(text: &'a str, starts: &str) -> Vec<&'a str> {
        text.lines().filter(|l| l.starts_with(starts)).collect()
    }

    #[tokio::test]
    async fn a_reply_stream_is_counted_while_it_runs_and_measured_when_it_ends() {
        let metrics = Arc::new(Metrics::new());
        let events = vec![
            ChatEvent::TextDelta("a".into()),
            ChatEvent::TextDelta("b".into()),
            ChatEvent::Done { finish: FinishReason::Stop, usage: Usage { prompt_tokens: 3, completion_tokens: 2 } },
        ];
        let slow = futures::stream::iter(events).then(|e| async move {
            tokio::time::sleep(Duration::from_millis(5)).await;
            e
        });
        let mut observed = metrics.observe("m1", Box::pin(slow));
        assert!(metrics.encode().contains("colloquy_streams_in_flight 1"));
        while observed.next().await.is_some() {}
        drop(observed);
        let text = metrics.encode();
        assert!(text.contains("colloquy_streams_in_flight 0"), "{text}");
        assert_eq!(
            line(&text, "colloquy_time_to_first_token_seconds_count"),
            ["colloquy_time_to_first_token_seconds_count{model=\"m1\"} 1"]
        );
        assert_eq!(
            line(&text, "colloquy_tokens_per_second_count"),
            ["colloquy_tokens_per_second_count{model=\"m1\"} 1"]
        );
    }

    #[tokio::test]
    async fn errors_are_counted_by_kind_and_requests_by_route_kind() {
        let metrics = Arc::new(Metrics::new());
        let failed = futures::stream::iter(vec![ChatEvent::Error(ProviderError::Stalled {
            provider: "p".into(),
            waited: Duration::from_secs(1),
        })]);
        metrics.observe("m2", failed).for_each(|_| async {}).await;
        metrics.request(RouteKind::of("/c/0123"), 200);
        metrics.request(RouteKind::of("/v1/chat/completions"), 429);
        metrics.request(RouteKind::of("/some/../thing?x=1"), 404);
        metrics.rate_limited_total("chat", 1);
        metrics.rate_limited_total("chat", 1);
        metrics.set_queue_waiting("m2", 3);
        metrics.queue_wait("m2", Duration::from_millis(20));
        let text = metrics.encode();
        for expected in [
            "colloquy_provider_errors_total{model=\"m2\",kind=\"stalled\"} 1",
            "colloquy_http_requests_total{route=\"page\",status=\"2xx\"} 1",
            "colloquy_http_requests_total{route=\"api\",status=\"4xx\"} 1",
            "colloquy_http_requests_total{route=\"other\",status=\"4xx\"} 1",
            "colloquy_rate_limited_total{action=\"chat\"} 1",
            "colloquy_queue_waiting{model=\"m2\"} 3",
            "colloquy_queue_wait_seconds_count{model=\"m2\"} 1",
        ] {
            assert!(text.contains(expected), "{expected} missing from\n{text}");
        }
        assert!(!text.contains("thing"), "paths are never labels");
    }
}
