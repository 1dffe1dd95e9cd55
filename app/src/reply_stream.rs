//! The one reader of a reply stream on the page, the chat's and the
//! playground's: chunks in, frames out (one decoder for the whole stream,
//! so a frame split across chunks is kept whole), until the reply says it
//! is over or the connection ends.

use colloquy_wire::{AppError, FrameDecoder, ReplyFrame};
use futures::StreamExt;
use leptos::server_fn::codec::TextStream;

/// Hands each frame (or why a line was not one) to `each`, which says
/// whether the reply is over. `Err` says the connection failed or ended
/// before that, in words for the person.
pub async fn read_frames(
    stream: TextStream<AppError>,
    mut each: impl FnMut(Result<ReplyFrame, String>) -> bool,
) -> Result<(), String> {
    let mut stream = std::pin::pin!(stream.into_inner());
    let mut decoder = FrameDecoder::default();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| format!("The connection failed: {e}"))?;
        for frame in decoder.push(&chunk) {
            if each(frame) {
                return Ok(());
            }
        }
    }
    Err("The connection ended before the reply was complete.".into())
}
