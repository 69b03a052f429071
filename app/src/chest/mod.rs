//! The community chest: pooled funds for a borough, an ICB or the region, and what each
//! contributor has put in, as a ledger by contributor; and each fund's grant rounds
//! ([`rounds`]), the applications to them ([`applications`]) and each round's panel
//! ([`panel`]) or its community vote ([`votes`]) and its decisions ([`decisions`]), the
//! awards offered and accepted ([`awards`]), with what they owe people as tasks
//! ([`tasks`]).

mod api;
pub mod applications;
pub mod awards;
#[cfg(feature = "ssr")]
pub mod db;
pub mod decisions;
#[cfg(feature = "ssr")]
pub mod export;
mod model;
pub mod pages;
pub mod panel;
pub mod rounds;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod tasks;
pub mod votes;

pub use api::*;
pub use model::*;
