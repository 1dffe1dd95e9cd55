//! A reply that first waits its turn in its model's line ([`FairQueue`]),
//! telling the page its place as the line moves, and holds its slot until
//! the model's stream ends. Dropping the reply (Stop, or nobody attached
//! for the grace period) leaves the line or frees the slot.

use colloquy_limits::queue::Place;
use colloquy_limits::{Permit, Ticket};
use futures::stream::BoxStream;
use futures::StreamExt;

#[cfg(test)]
use colloquy_wire::ReplyFrame;
use colloquy_wire::{AppError, Said};

/// Why a turn got no place in `model`'s line (`label` as the page names
/// it), as the person should hear it: the line is full (busy), or this
/// user or address holds as many places as it may (rate limited); either
/// way, try again in [`RETRY_PLACE_AFTER_SECS`]. Logged here.
pub fn refusal(model: &str, label: &str, refused: colloquy_limits::JoinRefused) -> AppError {
    let retry_after_secs = RETRY_PLACE_AFTER_SECS.into();
    match refused {
        colloquy_limits::JoinRefused::Full(full) => {
            tracing::warn!(model, waiting = full.waiting, "model queue full");
            let message = Said::new("error-busy").text("model", label).number("waiting", full.waiting);
            AppError::Busy { message, retry_after_secs }
        }
        colloquy_limits::JoinRefused::TooManyPlaces(too_many) => {
            tracing::warn!(model, held = too_many.held, "too many places in line for one user or address");
            let message = Said::new("error-too-many-places").number("held", too_many.held).text("model", label);
            AppError::RateLimited { message, retry_after_secs }
        }
    }
}

/// The `Retry-After` a refused place in line is answered with, in seconds.
pub const RETRY_PLACE_AFTER_SECS: u32 = 5;

enum Step<T, F> {
    Waiting { ticket: Ticket, start: F, told: Option<usize> },
    Serving { _permit: Permit, items: BoxStream<'static, T> },
}

/// `start` is called once the ticket's turn comes, and its items follow
/// `queued(place)` for each place in line the ticket was at (none if the
/// turn came at once).
pub fn after_turn<T, F>(ticket: Ticket, queued: fn(usize) -> T, start: F) -> BoxStream<'static, T>
where
    T: Send + 'static,
    F: FnOnce() -> BoxStream<'static, T> + Send + 'static,
{
    futures::stream::unfold(Some(Step::Waiting { ticket, start, told: None }), move |step| async move {
        let mut step = step?;
        loop {
            step = match step {
                Step::Waiting { ticket, start, told } => match ticket.admit() {
                    Ok(permit) => Step::Serving { _permit: permit, items: start() },
                    Err(mut ticket) => {
                        // Where it stands at once, then on each move.
                        match ticket.moved_from(told.map(Place::Waiting)).await {
                            Place::Waiting(n) if told != Some(n) => {
                                return Some((queued(n), Some(Step::Waiting { ticket, start, told: Some(n) })));
                            }
                            _ => Step::Waiting { ticket, start, told },
                        }
                    }
                },
                Step::Serving { _permit, mut items } => {
                    let item = items.next().await?;
                    return Some((item, Some(Step::Serving { _permit, items })));
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
        let queued = |position| ReplyFrame::Queued { position };
        let first = after_turn(queue.join().await.unwrap(), queued, reply("a"));
        let second = after_turn(queue.join().await.unwrap(), queued, reply("b"));
        let mut third = after_turn(queue.join().await.unwrap(), queued, reply("c"));
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
