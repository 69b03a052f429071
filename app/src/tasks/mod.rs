//! What needs me: the things a person owes, computed from the data each capability holds —
//! returns to upload or sign off, ratings owed, rounds to move on, milestones, borough plan
//! actions and progress updates due, grant applications to screen or score — never kept
//! by hand. Each capability says what it
//! owes in its own `tasks` function; this module gathers them, puts the most pressing
//! first, and shows them on home and `/my-tasks`.

mod api;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod views;

pub use api::{load_my_tasks, LoadMyTasks};
pub use model::{MyTasks, Task, TaskKind, Urgency, DUE_DAYS, SOON_DAYS};
