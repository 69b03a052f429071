//! Server-only plumbing shared by every capability: state, the database handle, workbook
//! responses. Compiled only with the `ssr` feature.

pub mod address;
pub mod db;
pub mod limits;
pub mod password;
pub mod query;
pub mod security;
pub mod session;
pub mod state;
pub mod workbook_limits;
pub mod xlsx;

pub use db::{Db, Tx};
pub use state::{use_app_state, use_db, AppState};
