//! Errors as the page shows them. The server functions' error is the
//! application's own, [`colloquy_wire::AppError`] (its `FromServerFnError`
//! is in colloquy-wire, its status in the server's error layer); its words
//! are a message of the translation files, said in the page's language.

use colloquy_wire::AppError;

/// A server function's error as a person reads it, in the page's
/// language.
pub fn error_text(e: &AppError) -> String {
    crate::i18n::say(&e.said())
}
