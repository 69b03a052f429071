//! Server-only plumbing shared by every capability, depending on none: state, the
//! database handle, sessions, answers a page shows once, passwords, the client's address,
//! the browser security policy, limits on expensive work, queries and path ids, uploaded
//! files and workbooks, workbook responses. Compiled only with the `ssr` feature.

pub mod address;
pub mod answers;
pub mod assets;
pub mod attempts;
pub mod db;
pub mod digest;
pub mod form_posts;
pub mod limits;
pub mod password;
pub mod query;
pub mod random;
pub mod security;
pub mod server_fns;
pub mod session;
pub mod sheet_list;
pub mod state;
pub mod upload;
pub mod workbook_limits;
pub mod xlsx;

pub use db::{Conn, Db, Tx};
pub use state::{use_app_state, use_db, AppState};
