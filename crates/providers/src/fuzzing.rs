//! The stream path of each protocol without the network, for `cargo fuzz`
//! (`fuzz/`): bytes as they could arrive from a provider, cut into chunks
//! anywhere, through the same framing and decoder a live reply uses.

use bytes::Bytes;
use colloquy_core::ChatEvent;
use futures::StreamExt;

use crate::framing::{self, FramingError};
use crate::protocol::{DecodeError, Decoded, Protocol};
use crate::settings::Kind;

/// What the chunks decode to: the events before the stream ended, and
/// whether it ended well (`Ok`) or with the error a user would see.
pub fn decode_stream(kind: Kind, chunks: Vec<Vec<u8>>) -> (Vec<ChatEvent>, Result<(), String>) {
    let protocol = Protocol { kind };
    let bytes = futures::stream::iter(chunks.into_iter().map(|c| Ok::<_, FramingError>(Bytes::from(c))));
    let mut frames = if protocol.uses_sse() { framing::sse(bytes).boxed() } else { framing::ndjson(bytes).boxed() };
    let mut decoder = protocol.decoder();
    let mut events = Vec::new();
    futures::executor::block_on(async {
        while let Some(frame) = frames.next().await {
            let frame = frame.map_err(|e| format!("{e:?}"))?;
            match decoder.decode(frame.event.as_deref(), &frame.data) {
                Ok(Decoded::Events(more)) => events.extend(more),
                Ok(Decoded::Finished(last)) => {
                    events.extend(last);
                    return Ok(());
                }
                Err(DecodeError::Upstream(m) | DecodeError::Malformed(m)) => return Err(m),
            }
        }
        match decoder.end_of_stream() {
            Some(done) => {
                events.push(done);
                Ok(())
            }
            None => Err("the stream ended before the reply was complete".to_string()),
        }
    })
    .map(|()| (events.clone(), Ok(())))
    .unwrap_or_else(|e| (events, Err(e)))
}

/// The fuzz targets' body: the first byte of `input` sets where the rest is
/// cut into chunks, as a network would; whatever comes out, nothing may
/// follow the end of a reply.
pub fn check_stream(kind: Kind, input: &[u8]) {
    let Some((&cut, bytes)) = input.split_first() else { return };
    let chunks = bytes.chunks(usize::from(cut).max(1)).map(<[u8]>::to_vec).collect();
    let (events, _ended) = decode_stream(kind, chunks);
    if let Some(done) = events.iter().position(|e| matches!(e, ChatEvent::Done { .. })) {
        assert_eq!(done, events.len() - 1, "events after Done: {events:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_split_anywhere_decodes_the_same() {
        let stream = b"data: {\"choices\":[{\"delta\":{\"content\":\"h\xc3\xa9llo\"},\"index\":0}]}\n\n\
data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\",\"index\":0}]}\n\ndata: [DONE]\n\n";
        let whole = decode_stream(Kind::OpenAi, vec![stream.to_vec()]);
        assert!(whole.1.is_ok(), "{whole:?}");
        assert!(matches!(whole.0.first(), Some(ChatEvent::TextDelta(t)) if t == "héllo"), "{whole:?}");
        for cut in 1..stream.len() {
            let split = decode_stream(Kind::OpenAi, vec![stream[..cut].to_vec(), stream[cut..].to_vec()]);
            assert_eq!(format!("{split:?}"), format!("{whole:?}"), "cut at {cut}");
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for kind in [Kind::OpenAi, Kind::Anthropic, Kind::Ollama] {
            let (_, ended) = decode_stream(kind, vec![b"data: {\"type\": 7}\n\n{]\n\xff".to_vec()]);
            assert!(ended.is_err(), "{kind:?}");
        }
    }
}
