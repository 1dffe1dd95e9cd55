//! Limits that keep one person (or one flood) from taking the server from
//! everyone else: how often each may act ([`rate`]), and in what order they
//! reach a model that can serve only so many at once ([`queue`]). Both
//! are this server's own, or held in Redis for several replicas ([`shared`]).

pub mod places;
pub mod queue;
pub mod rate;
pub mod shared;

pub use places::{HeldPlace, PlaceCaps, TooManyPlaces};
pub use queue::{FairQueue, JoinRefused, Permit, QueueFull, Ticket};
pub use rate::{address_key, Action, ActionBudgets, Budget, Limited, RateLimits};
pub use shared::{SharedError, SharedState};
