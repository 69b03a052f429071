//! Integration tests: the real router on port 0, every test on SQLite and on PostgreSQL.

mod admin;
mod audit;
mod auth;
mod authorization;
mod chest;
mod chest_applications;
mod chest_panel;
mod chest_rounds;
mod crash_safety;
mod email;
mod hardening;
mod health;
mod hostile_uploads;
mod maturity;
mod page_forms;
mod pages;
mod recommendation_load;
mod reference_data;
mod region;
mod returns;
mod schema_parity;
mod scopes;
mod server_functions;
mod tasks;
mod tracker;
mod versions;
