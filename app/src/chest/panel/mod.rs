//! A grant round's panel: appointed members declare their interests, score eligible
//! applications on the round's criteria and recommend; the arithmetic of their scores
//! ([`scoring`]) feeds the decision pack.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
pub mod scoring;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
