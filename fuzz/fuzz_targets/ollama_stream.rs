//! Whatever bytes a Ollama server sends, cut into chunks anywhere, end
//! in events or a clear error: no panic, no hang.
#![no_main]

use colloquy_core::ChatEvent;
use colloquy_providers::{fuzzing::decode_stream, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    // The first byte sets where the chunks are cut, as a network would.
    let Some((&cut, bytes)) = input.split_first() else { return };
    let step = usize::from(cut).max(1);
    let chunks = bytes.chunks(step).map(<[u8]>::to_vec).collect();
    let (events, _ended) = decode_stream(Kind::Ollama, chunks);
    // Nothing after the end of a reply.
    if let Some(done) = events.iter().position(|e| matches!(e, ChatEvent::Done { .. })) {
        assert_eq!(done, events.len() - 1, "events after Done: {events:?}");
    }
});
