//! The sender: in each server process, a loop that claims messages due to go, sends each
//! over SMTP, and records it (and its audit entry) as sent — or, when the server cannot
//! be reached or refuses for now, tries again later with growing waits (at most six hours
//! apart), and on a permanent refusal (after one try without its copies) marks it failed.
//! Claims are leases, renewed before each send: several processes on one database send
//! each message once. A message still unsent after [`STALE_DAYS`] is given up as out of
//! date. The same loop works out the reminders due
//! ([`super::reminders`]) every [`SWEEP_EVERY`].

use super::db::{self, Claimed};
use super::letter::Letter;
use super::reminders;
use crate::audit::{Entry, FieldChange};
use crate::error::AppError;
use crate::plumbing::Db;
use chrono::{DateTime, Duration, Utc};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long a claim holds a message for its sender; it is renewed just before each send,
/// so a slow server cannot let the claim lapse to another sender mid-batch.
pub const LEASE_SECONDS: i64 = 300;
/// Messages claimed at a time.
pub const BATCH: i64 = 5;
/// Messages not sent within this many days are given up as out of date (a refusal for now
/// or an unreachable server is tried again until then).
pub const STALE_DAYS: i64 = 14;
/// How often the loop works out reminders.
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// What the sender needs to know (from the configuration).
#[derive(Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// `smtp://host:port`, `smtp://user:pass@host:587?tls=required` or `smtps://…`;
    /// without it nothing is sent and the outbox keeps everything.
    pub smtp_url: Option<String>,
    /// The From address: `Linkway <linkway@example.nhs.uk>`.
    pub from: String,
    /// The address people open Linkway at, for the links in messages.
    pub public_url: String,
    /// How often the sender looks for messages to send.
    pub poll: std::time::Duration,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("relay", &self.relay())
            .field("from", &self.from)
            .field("public_url", &self.public_url)
            .field("poll", &self.poll)
            .finish()
    }
}

impl MailSettings {
    /// The SMTP server as an administrator may see it: host and port, never credentials.
    pub fn relay(&self) -> Option<String> {
        let url = self.smtp_url.as_deref()?;
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
        Some(host.split(['?', '/']).next().unwrap_or(host).to_owned())
    }
}

/// Sends the outbox for one process.
pub struct Sender {
    db: Db,
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    public_url: String,
    /// This sender's name on its claims.
    worker: String,
}

/// What one round of sending did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// The wait before try `attempts + 1`: a minute, doubling, at most six hours.
pub fn backoff(attempts: i64) -> Duration {
    Duration::minutes(1i64 << attempts.clamp(0, 9)).min(Duration::hours(6))
}

impl Sender {
    /// A sender for `settings`; an unusable SMTP address or From address is an error an
    /// operator can act on.
    pub fn new(db: Db, settings: &MailSettings) -> Result<Self, String> {
        let from: Mailbox = settings.from.parse().map_err(|_| {
            format!(
                "LINKWAY_MAIL_FROM is not an email address ({:?})",
                settings.from
            )
        })?;
        let transport = match &settings.smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|error| {
                        format!("LINKWAY_SMTP_URL is not an SMTP address such as smtp://mail.example:25 ({error})")
                    })?
                    .timeout(Some(std::time::Duration::from_secs(30)))
                    .build(),
            ),
            None => None,
        };
        Ok(Self {
            db,
            transport,
            from,
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            worker: crate::plumbing::random::token().map_err(|error| error.to_string())?,
        })
    }

    /// Sends what is due at `now`, a batch at a time, until nothing is left to claim.
    pub async fn send_due(&self, now: DateTime<Utc>) -> Result<Round, AppError> {
        let mut round = Round::default();
        let expired =
            db::expire(&mut self.db.conn().await?, now - Duration::days(STALE_DAYS)).await?;
        if expired > 0 {
            tracing::info!(expired, "out-of-date messages given up");
        }
        let Some(transport) = &self.transport else {
            return Ok(round);
        };
        // Leases run on the clock, whatever `now` says is due.
        let lease = || {
            let clock = Utc::now().max(now);
            (clock, clock + Duration::seconds(LEASE_SECONDS))
        };
        loop {
            let (clock, until) = lease();
            let mut conn = self.db.conn().await?;
            let claimed = db::claim(&mut conn, &self.worker, clock, until, BATCH).await?;
            drop(conn);
            if claimed.is_empty() {
                return Ok(round);
            }
            for message in claimed {
                let (clock, until) = lease();
                let mut conn = self.db.conn().await?;
                let still_mine =
                    db::renew(&mut conn, message.id, &self.worker, clock, until).await?;
                drop(conn);
                if !still_mine {
                    continue;
                }
                let outcome = match self.compose(&message) {
                    Ok(email) => transport
                        .send(email)
                        .await
                        .map(|_| ())
                        .map_err(|error| (error.to_string(), error.is_permanent())),
                    Err(error) => Err((error, true)),
                };
                match outcome {
                    Ok(()) => {
                        self.record_sent(&message, Utc::now()).await?;
                        round.sent += 1;
                    }
                    Err((error, true)) if !message.copy_to.is_empty() => {
                        tracing::warn!(message = message.id, %error, "a message was refused with its copies: trying it without them");
                        let mut tx = self.db.begin().await?;
                        db::drop_copies(&mut tx, message.id, &self.worker, &error, clock).await?;
                        tx.commit().await?;
                        round.retrying += 1;
                    }
                    Err((error, permanent)) => {
                        let out_of_date = message.created_at + Duration::days(STALE_DAYS) < clock;
                        let gives_up = permanent || out_of_date;
                        self.record_failure(&message, &error, gives_up, clock)
                            .await?;
                        if gives_up {
                            round.failed += 1;
                        } else {
                            round.retrying += 1;
                        }
                    }
                }
            }
        }
    }

    fn compose(&self, message: &Claimed) -> Result<Message, String> {
        let to: Mailbox = format!("{} <{}>", quoted(&message.user_name), message.recipient)
            .parse()
            .map_err(|_| format!("{:?} is not an email address", message.recipient))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&message.subject);
        for copy in message
            .copy_to
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            match copy.parse::<Mailbox>() {
                Ok(mailbox) => builder = builder.cc(mailbox),
                Err(_) => tracing::warn!(
                    message = message.id,
                    "a copy address is not an email address; left off"
                ),
            }
        }
        builder
            .header(ContentType::TEXT_PLAIN)
            .body(Letter::text(
                &message.user_name,
                &message.body,
                &self.public_url,
                &message.link,
            ))
            .map_err(|error| error.to_string())
    }

    async fn record_sent(&self, message: &Claimed, now: DateTime<Utc>) -> Result<(), AppError> {
        let mut tx = self.db.begin().await?;
        if db::mark_sent(&mut tx, message.id, &self.worker, now).await? {
            audit_entry(message, "send_email")
                .record(&mut tx, now)
                .await?;
            tx.commit().await?;
        } else {
            tracing::warn!(
                message = message.id,
                "sent a message whose claim had lapsed to another sender"
            );
        }
        Ok(())
    }

    async fn record_failure(
        &self,
        message: &Claimed,
        error: &str,
        gives_up: bool,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        tracing::warn!(message = message.id, attempts = message.attempts + 1, gives_up, %error, "a message could not be sent");
        let retry_at = (!gives_up).then(|| now + backoff(message.attempts));
        let mut tx = self.db.begin().await?;
        if db::mark_failed(&mut tx, message.id, &self.worker, error, retry_at, now).await?
            && gives_up
        {
            audit_entry(message, "email_failed")
                .change("error", FieldChange::created(error))
                .record(&mut tx, now)
                .await?;
        }
        Ok(tx.commit().await?)
    }

    /// Runs until the process ends: sends what is due every `poll`, and works out the
    /// reminders due every [`SWEEP_EVERY`] (and once soon after start).
    pub async fn run(self, poll: std::time::Duration) {
        let mut last_sweep: Option<std::time::Instant> = None;
        loop {
            if last_sweep.is_none_or(|at| at.elapsed() >= SWEEP_EVERY) {
                last_sweep = Some(std::time::Instant::now());
                let now = Utc::now();
                match reminders::sweep(&self.db, now.date_naive(), now).await {
                    Ok(written) if written > 0 => tracing::info!(written, "reminders written"),
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "reminders could not be worked out"),
                }
            }
            match self.send_due(Utc::now()).await {
                Ok(round) if round != Round::default() => tracing::info!(
                    sent = round.sent,
                    retrying = round.retrying,
                    failed = round.failed,
                    "outbox sent"
                ),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "the outbox could not be sent"),
            }
            tokio::time::sleep(poll).await;
        }
    }
}

/// A display name as an address header takes it.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace(['"', '\\', '\r', '\n'], " "))
}

/// The audit entry for message `message`: to whom, copied to whom, about what.
fn audit_entry(message: &Claimed, action: &str) -> Entry {
    let id = message.id.to_string();
    let mut entry = Entry::new(None, action, ("email", id.as_str()))
        .change("to", FieldChange::created(&message.recipient))
        .change("subject", FieldChange::created(&message.subject))
        .change("about", FieldChange::created(&message.link))
        .change("kind", FieldChange::created(message.kind.label()));
    if !message.copy_to.is_empty() {
        entry = entry.change("copy_to", FieldChange::created(&message.copy_to));
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_then_stop_growing() {
        assert_eq!(backoff(0), Duration::minutes(1));
        assert_eq!(backoff(1), Duration::minutes(2));
        assert_eq!(backoff(4), Duration::minutes(16));
        assert_eq!(backoff(7), Duration::hours(2) + Duration::minutes(8));
        assert_eq!(backoff(9), Duration::hours(6));
        // Fourteen days of tries at most six hours apart: the server gets every chance.
        assert_eq!(backoff(60), Duration::hours(6));
    }

    #[test]
    fn the_relay_shown_has_no_credentials() {
        let settings = |url: &str| MailSettings {
            smtp_url: Some(url.to_owned()),
            from: "Linkway <linkway@example.org>".into(),
            public_url: "http://127.0.0.1:3000".into(),
            poll: std::time::Duration::from_secs(30),
        };
        assert_eq!(
            settings("smtp://user:secret@mail.example.org:587?tls=required")
                .relay()
                .as_deref(),
            Some("mail.example.org:587")
        );
        assert_eq!(
            settings("smtp://127.0.0.1:2525").relay().as_deref(),
            Some("127.0.0.1:2525")
        );
    }
}
