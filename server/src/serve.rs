//! The accept loop. `axum::serve` has no header read timeout, so a
//! slowloris client (headers a byte at a time) could hold connections
//! forever; hyper's own connection builder has one, and graceful shutdown.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use futures::future::BoxFuture;
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// Streams one HTTP/2 connection may have open at once.
const MAX_STREAMS_PER_CONNECTION: u32 = 100;
/// The most header bytes one HTTP/2 request may carry (as HTTP/1's bound).
const MAX_HEADER_LIST_BYTES: u32 = 64 * 1024;

/// How long open connections get to close once the replies are drained
/// (their streams end with their replies).
const DRAIN: Duration = Duration::from_secs(5);

/// Serves until `shutdown`; then takes no more connections, runs `drain`
/// (the replies in flight finishing, or ended and saved), and waits a
/// little for the connections to close.
///
/// Not generic on purpose: with `impl Future` parameters every caller's
/// future types made a copy of the whole hyper connection stack in the
/// caller's crate (each example binary and test program compiled it again,
/// about 8 CPU-seconds each).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    shutdown: BoxFuture<'static, ()>,
    drain: BoxFuture<'static, ()>,
) -> std::io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(header_timeout);
    // HTTP/2 (prior knowledge) has no header timeout of its own: a peer
    // that answers no ping within the same time is cut off, and one stream
    // at a time cannot hold more than a bounded set of headers.
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(header_timeout)
        .keep_alive_timeout(header_timeout)
        .max_concurrent_streams(MAX_STREAMS_PER_CONNECTION)
        .max_header_list_size(MAX_HEADER_LIST_BYTES);
    let builder = std::sync::Arc::new(builder);
    let graceful = GracefulShutdown::new();
    // Connections that have sent nothing yet are not hyper's: they hear of
    // the shutdown here (each holds a watcher, which the shutdown waits for).
    let closing = CancellationToken::new();
    tokio::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors, most often: wait, do not spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Replies are many small writes; without TCP_NODELAY, Nagle's
        // algorithm and the client's delayed ACK hold each one ~40 ms.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!("cannot set TCP_NODELAY: {e}");
        }
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            // What `into_make_service_with_connect_info::<SocketAddr>` gives handlers.
            request.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            async move { Ok::<_, Infallible>(router.oneshot(request).await.unwrap_or_else(|never| match never {})) }
        });
        let (builder, watcher, closing) = (builder.clone(), graceful.watcher(), closing.clone());
        tokio::spawn(async move {
            // Which protocol a connection speaks is read from its first
            // bytes, before either protocol's own timer runs: a connection
            // that sends nothing at all gets the header timeout too. One
            // still silent at shutdown is idle (an HTTP client opens spare
            // ones ahead of need), and is closed at once.
            let mut first = [0u8; 1];
            tokio::select! {
                biased;
                peeked = tokio::time::timeout(header_timeout, tcp.peek(&mut first)) => match peeked {
                    Ok(Ok(n)) if n > 0 => {}
                    _ => return,
                },
                () = closing.cancelled() => return,
            }
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(tcp), service).into_owned();
            if let Err(e) = watcher.watch(connection).await {
                tracing::debug!(%peer, "connection ended: {e}");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: no new connections; replies in flight may finish");
    // Idle connections close at once; streaming ones when their reply ends.
    closing.cancel();
    let connections = graceful.shutdown();
    drain.await;
    tokio::select! {
        () = connections => {}
        () = tokio::time::sleep(DRAIN) => tracing::warn!("connections still open after {DRAIN:?}; closing them"),
    }
    Ok(())
}
