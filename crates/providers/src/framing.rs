//! Bytes on the wire into whole protocol messages: server-sent events
//! (parsed by `eventsource-stream`) or newline-delimited JSON (split by
//! `tokio-util`'s `LinesCodec`). Both buffer across network chunks and
//! across UTF-8 characters split between chunks.

use std::time::Duration;

use bytes::Bytes;
use eventsource_stream::{EventStreamError, Eventsource};
use futures::{Stream, StreamExt, TryStreamExt};
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};
use tokio_util::io::StreamReader;

/// One message of a stream: an SSE event or an NDJSON line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    /// The SSE `event:` field; `None` for NDJSON and unnamed events.
    pub event: Option<String>,
    pub data: String,
}

/// Why the byte stream stopped yielding frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FramingError {
    /// No bytes for the idle timeout.
    Idle(Duration),
    /// The connection failed (reset, closed mid-chunk, …).
    Transport(String),
    /// The bytes are not a valid stream (bad UTF-8, an endless line).
    Malformed(String),
}

/// The longest NDJSON line accepted; Ollama's lines are a few hundred bytes.
const MAX_LINE_BYTES: usize = 1 << 20;

pub(crate) fn sse(
    bytes: impl Stream<Item = Result<Bytes, FramingError>> + Send + 'static,
) -> impl Stream<Item = Result<Frame, FramingError>> + Send + 'static {
    // eventsource-stream keeps invalid UTF-8 waiting for more bytes that
    // would complete it, forever; reject it up front instead.
    let mut checker = Utf8Checker::default();
    let checked = bytes.map(move |chunk| chunk.and_then(|bytes| checker.check(bytes)));
    checked.eventsource().map(|item| match item {
        Ok(event) => {
            Ok(Frame { event: Some(event.event).filter(|e| !e.is_empty() && e != "message"), data: event.data })
        }
        Err(EventStreamError::Transport(e)) => Err(e),
        Err(EventStreamError::Utf8(e)) => {
            Err(FramingError::Malformed(format!("invalid UTF-8 in the event stream ({e})")))
        }
        Err(EventStreamError::Parser(e)) => Err(FramingError::Malformed(format!("unreadable event stream ({e})"))),
    })
}

pub(crate) fn ndjson(
    bytes: impl Stream<Item = Result<Bytes, FramingError>> + Send + 'static,
) -> impl Stream<Item = Result<Frame, FramingError>> + Send + 'static {
    // StreamReader speaks io::Error; carry our error through it and back.
    let reader = StreamReader::new(bytes.map_err(|e| std::io::Error::other(FramingErrorBox(e))));
    FramedRead::new(reader, LinesCodec::new_with_max_length(MAX_LINE_BYTES))
        .map_err(|e| match e {
            LinesCodecError::MaxLineLengthExceeded => {
                FramingError::Malformed(format!("a line longer than {MAX_LINE_BYTES} bytes"))
            }
            LinesCodecError::Io(io) => match io.get_ref().and_then(|inner| inner.downcast_ref::<FramingErrorBox>()) {
                Some(FramingErrorBox(inner)) => inner.clone(),
                None if io.kind() == std::io::ErrorKind::InvalidData => {
                    FramingError::Malformed("invalid UTF-8 in the stream".into())
                }
                None => FramingError::Transport(io.to_string()),
            },
        })
        .try_filter(|line| futures::future::ready(!line.trim().is_empty()))
        .map_ok(|line| Frame { event: None, data: line })
}

/// Passes chunks through while they are valid UTF-8 so far, allowing a
/// character split across chunks; fails on bytes no later chunk can fix.
#[derive(Debug, Default)]
struct Utf8Checker {
    /// The start of a character whose remaining bytes are still to come.
    pending: Vec<u8>,
}

impl Utf8Checker {
    fn check(&mut self, chunk: Bytes) -> Result<Bytes, FramingError> {
        let mut joined = std::mem::take(&mut self.pending);
        joined.extend_from_slice(&chunk);
        match std::str::from_utf8(&joined) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => self.pending = joined[e.valid_up_to()..].to_vec(),
            Err(e) => return Err(FramingError::Malformed(format!("invalid UTF-8 in the event stream ({e})"))),
        }
        Ok(chunk)
    }
}

#[derive(Debug)]
struct FramingErrorBox(FramingError);

impl std::fmt::Display for FramingErrorBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for FramingErrorBox {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_characters_pass_and_invalid_bytes_fail() {
        let crab = "🦀".as_bytes();
        let mut checker = Utf8Checker::default();
        assert!(checker.check(Bytes::copy_from_slice(&crab[..1])).is_ok());
        assert!(checker.check(Bytes::copy_from_slice(&crab[1..3])).is_ok());
        assert!(checker.check(Bytes::copy_from_slice(&crab[3..])).is_ok());
        assert!(checker.pending.is_empty());
        assert!(matches!(checker.check(Bytes::from_static(b"ok \xff\xfe")), Err(FramingError::Malformed(_))));
    }
}
