//! Email: reminders and chasers about what people owe, each linking straight to the page
//! that does it. Every message is written to an outbox in the same transaction as the
//! change (or the day) that causes it; a sender in each server process delivers the outbox
//! over SMTP when `LINKWAY_SMTP_URL` is set, claiming messages so that several processes
//! send each one once; without SMTP the messages are kept and shown to administrators.
//! People choose on their account page what they get: straight away, in a weekly digest,
//! or not at all.

mod api;
mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod choices;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod letter;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod sender;

pub use api::{
    load_email_choices, load_outbox, save_email_choices, LoadEmailChoices, LoadOutbox,
    SaveEmailChoices,
};
pub use model::{Delivery, EmailChoices, MessageKind, MessageStatus, Outbox, OutboxLine};
