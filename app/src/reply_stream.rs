//! The one reader of a reply stream on the page, the chat's and the
//! playground's: chunks in, each chunk's frames out (one decoder for the
//! whole stream, so a frame split across chunks is kept whole), until the
//! reply says it is over or the connection ends.

use colloquy_wire::{AppError, FrameDecoder, ReplyFrame};
use futures::StreamExt;
use leptos::server_fn::codec::TextStream;

/// Hands the frames of each chunk (or why a line was not one) to `each`,
/// which says whether the reply is over: a chunk can carry many frames
/// (the server batches them), and what follows from all of them together
/// is done once. `Err` says the connection failed or ended before that, in
/// words for the person.
pub async fn read_frames(
    stream: TextStream<AppError>,
    mut each: impl FnMut(Vec<Result<ReplyFrame, String>>) -> bool,
) -> Result<(), String> {
    let mut stream = std::pin::pin!(stream.into_inner());
    let mut decoder = FrameDecoder::default();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|e| crate::i18n::tf("connection-failed", &[("why", (&crate::errors::error_text(&e)).into())]))?;
        if each(decoder.push(&chunk)) {
            return Ok(());
        }
    }
    Err(crate::i18n::t("connection-ended").to_string())
}
