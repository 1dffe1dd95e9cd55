//! Whatever bytes a Anthropic server sends, cut into chunks anywhere, end in
//! events or a clear error: no panic, no hang, nothing after the end.
#![no_main]

use colloquy_providers::{fuzzing::check_stream, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| check_stream(Kind::Anthropic, input));
