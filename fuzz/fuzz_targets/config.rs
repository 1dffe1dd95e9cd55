//! Any configuration file is loaded or refused with a one-line message that
//! names the problem: no panic.
#![no_main]

use colloquy_config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else { return };
    match Config::from_toml(text) {
        Ok(config) => {
            if let Err(e) = config.validate() {
                assert!(!e.to_string().is_empty());
            }
        }
        Err(message) => {
            assert!(!message.is_empty());
            assert!(!message.contains('\n') || message.lines().count() < 20, "{message}");
        }
    }
});
