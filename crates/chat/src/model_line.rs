//! A reply that first waits its turn in its model's line ([`FairQueue`]),
//! telling the page its place as the line moves, and holds its slot until
//! the model's stream ends. Dropping the reply (Stop, or nobody attached
//! for the grace period) leaves the line or frees the slot.

use colloquy_limits::queue::Place;
use colloquy_limits::{Permit, Ticket};
use futures::stream::BoxStream;
use futures::StreamExt;

use colloquy_wire::ReplyFrame;

/// Why a turn got no place in `model`'s line (`label` as the page names
/// it), as the person should hear it, with the status it is answered with
/// (every caller waits `Retry-After: 5` seconds). Logged here.
pub fn refusal(model: &str, label: &str, refused: colloquy_limits::JoinRefused) -> (http::StatusCode, String) {
    match refused {
        colloquy_limits::JoinRefused::Full(full) => {
            tracing::warn!(model, waiting = full.waiting, "model queue full");
            let words =
                format!("{label} is busy right now ({} waiting already); try again in a little while.", full.waiting);
            (http::StatusCode::SERVICE_UNAVAILABLE, words)
        }
        colloquy_limits::JoinRefused::TooManyPlaces(too_many) => {
            tracing::warn!(model, held = too_many.held, "too many places in line for one user or address");
            let words = format!(
                "You already have {} replies waiting or being written by {label}; wait for one to finish.",
                too_many.held
            );
            (http::StatusCode::TOO_MANY_REQUESTS, words)
        }
    }
}

/// The `Retry-After` a refused place in line is answered with, in seconds.
pub const RETRY_PLACE_AFTER_SECS: u32 = 5;

enum Step<F> {
    Waiting { ticket: Ticket, start: F, told: Option<usize> },
    Serving { _permit: Permit, frames: BoxStream<'static, ReplyFrame> },
}

/// `start` is called once the ticket's turn comes, and its frames follow
/// the `Queued` ones (none if the turn came at once).
pub fn after_turn<F>(ticket: Ticket, start: F) -> BoxStream<'static, ReplyFrame>
where
    F: FnOnce() -> BoxStream<'static, ReplyFrame> + Send + 'static,
{
    futures::stream::unfold(Some(Step::Waiting { ticket, start, told: None }), |step| async move {
        let mut step = step?;
        loop {
            step = match step {
                Step::Waiting { ticket, start, told } => match ticket.admit() {
                    Ok(permit) => Step::Serving { _permit: permit, frames: start() },
                    Err(mut ticket) => {
                        // Where it stands at once, then on each move.
                        match ticket.moved_from(told.map(Place::Waiting)).await {
                            Place::Waiting(n) if told != Some(n) => {
                                let frame = ReplyFrame::Queued { position: n };
                                return Some((frame, Some(Step::Waiting { ticket, start, told: Some(n) })));
                            }
                            _ => Step::Waiting { ticket, start, told },
                        }
                    }
                },
                Step::Serving { _permit, mut frames } => {
                    let frame = frames.next().await?;
                    return Some((frame, Some(Step::Serving { _permit, frames })));
                }
            }
        }
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use colloquy_limits::FairQueue;

    fn reply(text: &'static str) -> impl FnOnce() -> BoxStream<'static, ReplyFrame> + Send + 'static {
        move || futures::stream::iter([ReplyFrame::Delta { text: text.into() }]).boxed()
    }

    #[tokio::test]
    async fn a_free_model_answers_at_once_and_a_busy_one_says_the_place() {
        let queue = FairQueue::new(1, 4);
        let first = after_turn(queue.join().await.unwrap(), reply("a"));
        let second = after_turn(queue.join().await.unwrap(), reply("b"));
        let mut third = after_turn(queue.join().await.unwrap(), reply("c"));
        // The first holds its slot while it is being read.
        let mut first = first;
        assert_eq!(first.next().await, Some(ReplyFrame::Delta { text: "a".into() }));
        assert_eq!(third.next().await, Some(ReplyFrame::Queued { position: 2 }));
        // The second gives up: the third moves up.
        drop(second);
        assert_eq!(third.next().await, Some(ReplyFrame::Queued { position: 1 }));
        assert_eq!(queue.waiting(), 1);
        // The first ends and frees its slot: the third's turn.
        assert_eq!(first.next().await, None);
        drop(first);
        let rest: Vec<ReplyFrame> = third.collect().await;
        assert_eq!(rest, vec![ReplyFrame::Delta { text: "c".into() }]);
        assert_eq!((queue.serving(), queue.waiting()), (0, 0));
    }
}
