//! The recommendations tracker: the review's 21 recommendations (verbatim), their owners,
//! milestones, borough lines and progress updates, the derived RAG beside the reported one,
//! the "as at" view from the kept history, and the exports for board papers.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod import;
mod model;
pub mod pages;
pub mod rag;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod tasks;
pub mod timeline;
pub mod tracker;
#[cfg(feature = "ssr")]
pub mod views;

pub use api::*;
pub use model::*;
pub use pages::{RagTag, StatusOptions, StatusTag};
pub use timeline::TargetWindow;
