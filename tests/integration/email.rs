//! Email: messages are written to the outbox in the transaction of the change that causes
//! them (and not at all when it fails); people get what they chose; a real SMTP server
//! (aiosmtpd) receives what the sender in `linkway serve` sends, each message once even
//! with two processes sending; a failing server is tried again later; and without SMTP
//! the outbox keeps everything for administrators to see.

use crate::returns::{clean_fill, open_period, stored};
use app::email::letter::{Letter, Recipient};
use app::email::sender::{MailSettings, Sender};
use app::email::{EmailChoices, MessageKind};
use app::error::AppError;
use chrono::{Datelike, Duration, Utc};
use server_fn::ServerFn;
use std::collections::BTreeSet;
use std::time::Duration as Wait;
use tests::process::ServerProcess;
use tests::smtp::SmtpSink;
use tests::{both_database_kinds, both_databases, call, count, open_return_period, TestApp};

const LEAD: &str = "icb.lead@demo.linkway.test";
const CAMDEN: &str = "camden.lead@demo.linkway.test";
const SUBMITTER: &str = "camden.submitter@demo.linkway.test";
const ADMIN: &str = "admin@demo.linkway.test";

/// (recipient, subject, status) of each message whose link is `link`, by id.
async fn messages_about(app: &TestApp, link: &str) -> Vec<(String, String, String)> {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query_as::<_, (String, String, String)>(
            "SELECT recipient, subject, status FROM email_messages WHERE link = $1 ORDER BY id",
        )
        .bind(link)
        .fetch_all(c)
        .await
    })
    .unwrap()
}

/// A message to `to` about nothing in particular, one of a kind by `n`.
fn letter(to: &Recipient, n: usize) -> Letter {
    Letter {
        kind: MessageKind::WorkDue,
        to: to.clone(),
        subject: format!("Test message {n}"),
        body: vec![format!("Message number {n}.")],
        link: "/my-tasks".into(),
        once: format!("test|{n}"),
        insist: false,
    }
}

async fn recipient(app: &TestApp, email: &str) -> Recipient {
    Recipient {
        id: app.user_id(email).await,
        name: email.split('@').next().unwrap_or_default().to_owned(),
        email: email.to_owned(),
    }
}

async fn messages_are_written_with_their_change_and_only_with_it(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(LEAD).await;
    let period = open_period(&app).await;
    let camden_page = format!("/returns/periods/{period}/boroughs/camden");

    // Opening a period tells each borough's submitters and lead, in the same transaction.
    let opened = messages_about(&app, &camden_page).await;
    let to: BTreeSet<&str> = opened.iter().map(|(to, ..)| to.as_str()).collect();
    assert_eq!(to, BTreeSet::from([CAMDEN, SUBMITTER]), "{opened:?}");
    assert!(opened.iter().all(|(_, subject, status)| subject
        == "Now open: Upload Camden's 2030/31 Q1 return"
        && status == "pending"));
    let borough_people = count(
        &app,
        "SELECT COUNT(*) FROM (SELECT DISTINCT r.user_id, r.borough_id FROM user_roles r \
         JOIN users u ON u.id = r.user_id JOIN boroughs b ON b.id = r.borough_id \
         JOIN icbs i ON i.id = b.icb_id WHERE u.active = TRUE AND i.code = 'NCL' \
         AND r.role IN ('submitter', 'borough_lead')) people",
    )
    .await;
    let all_opened = format!(
        "SELECT COUNT(*) FROM email_messages WHERE kind = 'return_opened' \
         AND link LIKE '/returns/periods/{period}/%'"
    );
    assert_eq!(count(&app, &all_opened).await, borough_people);

    // A change refused writes no message.
    let again = open_return_period(&app, &lead, "2030", 1, [-10, 10, 40]).await;
    assert!(matches!(again, Err(AppError::Validation(_))), "{again:?}");
    let written = "SELECT COUNT(*) FROM email_messages";
    let before = count(&app, written).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let refused = app
        .upload_file(
            &format!("{camden_page}/upload"),
            "r.xlsx",
            b"not a workbook",
            &submitter,
        )
        .await;
    assert_eq!(refused.status().as_u16(), 303);
    assert_eq!(
        count(&app, written).await,
        before,
        "a refused upload tells nobody"
    );

    // A clean upload tells the borough lead a version waits for their sign-off.
    stored(&app, period, &clean_fill(), &submitter).await;
    let after = messages_about(&app, &camden_page).await;
    let waiting: Vec<_> = after
        .iter()
        .filter(|(_, subject, _)| subject.starts_with("Waiting for you: "))
        .collect();
    assert_eq!(
        waiting,
        [&(
            CAMDEN.to_owned(),
            "Waiting for you: Sign off Camden's 2030/31 Q1 return (version 1)".to_owned(),
            "pending".to_owned()
        )]
    );

    // The outbox write is part of the transaction: rolled back, it is gone; committed, it
    // is there once, however often it is written.
    let to = recipient(&app, SUBMITTER).await;
    let now = Utc::now();
    {
        let mut tx = app.db.begin().await.unwrap();
        assert!(app::email::outbox::post(&mut tx, &letter(&to, 1), now)
            .await
            .unwrap()
            .is_some());
        // Dropped without commit: rolled back.
    }
    let test_messages = "SELECT COUNT(*) FROM email_messages WHERE subject LIKE 'Test message%'";
    assert_eq!(count(&app, test_messages).await, 0);
    for _ in 0..2 {
        let mut tx = app.db.begin().await.unwrap();
        app::email::outbox::post(&mut tx, &letter(&to, 1), now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(count(&app, test_messages).await, 1);
}

async fn choices_of(app: &TestApp, cookie: &str) -> EmailChoices {
    call(app, app::email::LoadEmailChoices::PATH, &[], cookie)
        .await
        .unwrap()
}

async fn people_get_what_they_chose(app: TestApp) {
    app.seed_demo().await;
    let submitter = app.sign_in(SUBMITTER).await;
    let lead = app.sign_in(LEAD).await;
    let defaults = choices_of(&app, &submitter).await;
    assert_eq!(defaults.email, SUBMITTER);
    assert!(defaults
        .choices
        .iter()
        .all(|(_, delivery)| *delivery == app::email::Delivery::Immediately));

    let mut form: Vec<(String, &str)> = MessageKind::chosen()
        .map(|kind| (format!("choices[{}]", kind.code()), "immediately"))
        .collect();
    let set = |form: &mut Vec<(String, &'static str)>, kind: &str, delivery: &'static str| {
        for (name, value) in form.iter_mut() {
            if *name == format!("choices[{kind}]") {
                *value = delivery;
            }
        }
    };
    let pairs = |form: &[(String, &'static str)]| -> Vec<(String, String)> {
        form.iter()
            .map(|(n, v)| (n.clone(), (*v).to_owned()))
            .collect()
    };
    let save = |fields: Vec<(String, String)>| {
        let app = &app;
        let submitter = submitter.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            call::<()>(app, app::email::SaveEmailChoices::PATH, &fields, &submitter).await
        }
    };

    // A choice Linkway does not offer is refused next to its question; nothing changes.
    set(&mut form, "return_opened", "sometimes");
    let refused = save(pairs(&form)).await;
    let Err(AppError::Validation(errors)) = refused else {
        panic!("{refused:?}");
    };
    assert!(errors.contains_key("return_opened"), "{errors:?}");
    assert_eq!(choices_of(&app, &submitter).await, defaults);

    set(&mut form, "return_opened", "never");
    set(&mut form, "return_due", "weekly");
    save(pairs(&form)).await.unwrap();
    let chosen = choices_of(&app, &submitter).await;
    assert!(chosen
        .choices
        .contains(&(MessageKind::ReturnOpened, app::email::Delivery::Never)));
    assert!(chosen
        .choices
        .contains(&(MessageKind::ReturnDue, app::email::Delivery::Weekly)));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'change_email_choices'"
        )
        .await,
        1
    );

    // "Not at all": the opening is told to the Camden lead only.
    let period = open_return_period(&app, &lead, "2030", 1, [-1, 20, 40])
        .await
        .unwrap();
    let page = format!("/returns/periods/{period}/boroughs/camden");
    let to: Vec<String> = messages_about(&app, &page)
        .await
        .into_iter()
        .map(|(to, ..)| to)
        .collect();
    assert_eq!(to, [CAMDEN]);

    // "In a weekly digest": three days before the due date the reminder is held for the
    // submitter and pending for the lead.
    let today = Utc::now().date_naive() + Duration::days(17);
    app::email::reminders::sweep(&app.db, today, Utc::now())
        .await
        .unwrap();
    let due: Vec<(String, String, String)> = messages_about(&app, &page)
        .await
        .into_iter()
        .filter(|(_, subject, _)| subject.starts_with("Due soon: "))
        .collect();
    let status_of = |email: &str| {
        due.iter()
            .find(|(to, ..)| to == email)
            .map(|(_, _, status)| status.clone())
    };
    assert_eq!(status_of(SUBMITTER).as_deref(), Some("held"), "{due:?}");
    assert_eq!(status_of(CAMDEN).as_deref(), Some("pending"), "{due:?}");
    // The sweep again writes nothing new.
    let written = count(&app, "SELECT COUNT(*) FROM email_messages").await;
    app::email::reminders::sweep(&app.db, today, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM email_messages").await,
        written
    );

    // On Monday the held messages go out together in one digest, once a week.
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    app::email::reminders::digests(&app.db, monday, Utc::now())
        .await
        .unwrap();
    app::email::reminders::digests(&app.db, monday, Utc::now())
        .await
        .unwrap();
    let submitter_id = app.user_id(SUBMITTER).await;
    let digests = count(
        &app,
        &format!("SELECT COUNT(*) FROM email_messages WHERE kind = 'digest' AND user_id = {submitter_id}"),
    )
    .await;
    assert_eq!(digests, 1);
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM email_messages WHERE status = 'held' AND user_id = {submitter_id}")).await,
        0
    );
    let body: String = app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query_scalar::<_, String>("SELECT body FROM email_messages WHERE kind = 'digest' AND user_id = $1")
            .bind(submitter_id)
            .fetch_one(c)
            .await
    })
    .unwrap();
    assert!(
        body.contains("Due soon: Upload Camden's 2030/31 Q1 return"),
        "{body}"
    );
    assert!(body.contains(&format!("{{linkway}}{page}")), "{body}");
}

async fn without_smtp_the_outbox_keeps_everything_for_administrators(app: TestApp) {
    app.seed_demo().await;
    app::email::reminders::sweep(&app.db, Utc::now().date_naive(), Utc::now())
        .await
        .unwrap();
    let waiting = "SELECT COUNT(*) FROM email_messages WHERE status = 'pending'";
    assert!(
        count(&app, waiting).await > 0,
        "the demo owes things: reminders are written"
    );
    // A sender without an SMTP server sends nothing (it gives up only what is weeks old:
    // the demo's history).
    let settings = MailSettings {
        smtp_url: None,
        from: "Linkway <linkway@localhost>".into(),
        public_url: app.address.clone(),
        poll: Wait::from_secs(1),
    };
    let sender = Sender::new(app.db.clone(), &settings).unwrap();
    assert_eq!(sender.send_due(Utc::now()).await.unwrap().sent, 0);
    let pending = count(&app, waiting).await;
    assert!(pending > 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM email_messages WHERE status = 'sent'"
        )
        .await,
        0
    );

    let admin = app.sign_in(ADMIN).await;
    let page = app.get_text_as("/admin/messages", 200, Some(&admin)).await;
    assert!(page.contains("Email is not being sent"), "{page}");
    assert!(
        page.contains(&format!("{pending} waiting to be sent")),
        "{page}"
    );
    assert!(
        page.contains("Sign off Camden&#x27;s") || page.contains("Sign off Camden's"),
        "{page}"
    );
    let viewer = app.sign_in("viewer@demo.linkway.test").await;
    let refused = app.get_as("/admin/messages", Some(&viewer)).await;
    assert_ne!(refused.status().as_u16(), 200);
}

async fn a_failing_server_is_tried_again_later_then_given_up(app: TestApp) {
    // One account and nothing else: the only messages are this test's.
    app.sign_in_without_a_role().await;
    let to = recipient(&app, tests::NO_ROLE).await;
    let now = Utc::now();
    let mut tx = app.db.begin().await.unwrap();
    let id = app::email::outbox::post(&mut tx, &letter(&to, 7), now)
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    let nobody = tests::process::free_port();
    let settings = |url: String| MailSettings {
        smtp_url: Some(url),
        from: "Linkway <linkway@localhost>".into(),
        public_url: app.address.clone(),
        poll: Wait::from_secs(1),
    };
    let unreachable = Sender::new(
        app.db.clone(),
        &settings(format!("smtp://127.0.0.1:{nobody}")),
    )
    .unwrap();
    let round = unreachable.send_due(now).await.unwrap();
    assert_eq!((round.sent, round.retrying, round.failed), (0, 1, 0));
    let state = format!("SELECT COUNT(*) FROM email_messages WHERE id = {id} AND status = 'pending' AND attempts = 1 AND last_error IS NOT NULL");
    assert_eq!(count(&app, &state).await, 1);
    // Not due again until the wait is over.
    assert_eq!(unreachable.send_due(now).await.unwrap(), Default::default());

    let sink = SmtpSink::start();
    let working = Sender::new(app.db.clone(), &settings(sink.url())).unwrap();
    assert_eq!(
        working.send_due(now).await.unwrap().sent,
        0,
        "still waiting"
    );
    let round = working.send_due(now + Duration::minutes(2)).await.unwrap();
    assert_eq!(round.sent, 1);
    let received = sink.wait_for(1, Wait::from_secs(10)).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].subject, "Test message 7");
    assert!(received[0].to.contains(tests::NO_ROLE));
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'send_email' AND entity_id = '{id}'")).await,
        1
    );

    // A copy address the server refuses for good costs the person nothing: the message is
    // sent again at once without its copies.
    let mut tx = app.db.begin().await.unwrap();
    let copied = app::email::outbox::post(&mut tx, &letter(&to, 8), now)
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    set_copies(&app, copied, "refused.copy@example.org").await;
    let round = working.send_due(now + Duration::minutes(2)).await.unwrap();
    assert_eq!((round.sent, round.retrying, round.failed), (1, 1, 0));
    let received = sink.wait_for(2, Wait::from_secs(10)).await;
    assert_eq!(received[1].subject, "Test message 8");
    assert_eq!(received[1].cc, "");

    // A recipient the server refuses for good is given up at once, and that is recorded.
    let refused = Recipient {
        email: "refused.person@example.org".into(),
        ..to.clone()
    };
    let mut tx = app.db.begin().await.unwrap();
    let last = app::email::outbox::post(&mut tx, &letter(&refused, 9), now)
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    let round = working.send_due(now + Duration::minutes(2)).await.unwrap();
    assert_eq!((round.sent, round.retrying, round.failed), (0, 0, 1));
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM email_messages WHERE id = {last} AND status = 'failed'")
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'email_failed' AND entity_id = '{last}'")).await,
        1
    );
}

async fn set_copies(app: &TestApp, id: i64, copies: &str) {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query("UPDATE email_messages SET copy_to = $1 WHERE id = $2")
            .bind(copies)
            .bind(id)
            .execute(c)
            .await
            .map(|_| ())
    })
    .unwrap();
}

/// The ICB lead's chasers, and the ratings owed once scoring opens, are written with the
/// change that sends them.
async fn chasers_and_ratings_owed_are_written_with_their_change(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(LEAD).await;
    let period = open_period(&app).await;
    let chase = |cookie: String| {
        let app = &app;
        async move {
            call::<usize>(
                app,
                app::returns::SendChasers::PATH,
                &[("period", &period.to_string())],
                &cookie,
            )
            .await
        }
    };
    let chasers =
        "SELECT COUNT(*) FROM email_messages WHERE subject LIKE 'Reminder from the ICB team:%'";
    // A borough lead does not chase, and nothing is written.
    let camden = app.sign_in(CAMDEN).await;
    assert!(matches!(
        chase(camden.clone()).await,
        Err(AppError::Forbidden)
    ));
    assert_eq!(count(&app, chasers).await, 0);

    let sent = chase(lead.clone()).await.unwrap();
    assert!(sent >= 2);
    assert_eq!(count(&app, chasers).await, sent as i64);
    let page = format!("/returns/periods/{period}/boroughs/camden");
    let to_camden: BTreeSet<String> = messages_about(&app, &page)
        .await
        .into_iter()
        .filter(|(_, subject, _)| {
            subject == "Reminder from the ICB team: Upload Camden's 2030/31 Q1 return"
        })
        .map(|(to, ..)| to)
        .collect();
    assert_eq!(
        to_camden,
        BTreeSet::from([CAMDEN.to_owned(), SUBMITTER.to_owned()])
    );
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'send_chasers' AND entity_id = '{period}'")).await,
        1
    );
    // One a day: the second press writes nothing new.
    assert_eq!(chase(lead.clone()).await.unwrap(), 0);
    assert_eq!(count(&app, chasers).await, sent as i64);
    // The period page offers the chasers to the ICB lead only.
    let shown = app
        .get_text_as(&format!("/returns/periods/{period}"), 200, Some(&lead))
        .await;
    assert!(shown.contains("id=\"send-chasers\""), "{shown}");
    let shown = app
        .get_text_as(&format!("/returns/periods/{period}"), 200, Some(&camden))
        .await;
    assert!(!shown.contains("send-chasers"));

    // Opening scoring tells each participant their ratings are owed.
    let round = crate::maturity::camden_round(&app, &camden).await;
    let round_page = format!("/maturity/rounds/{round}");
    assert!(messages_about(&app, &round_page).await.is_empty());
    call::<()>(
        &app,
        app::maturity::MoveRound::PATH,
        &[
            ("round", &round.to_string()),
            ("to", "scoring"),
            ("confirm", "yes"),
        ],
        &camden,
    )
    .await
    .unwrap();
    let owed: BTreeSet<String> = messages_about(&app, &round_page)
        .await
        .into_iter()
        .map(|(to, subject, _)| {
            assert_eq!(subject, "Your ratings: Rate Camden's round \"Spring 2027\"");
            to
        })
        .collect();
    assert_eq!(
        owed,
        BTreeSet::from([CAMDEN.to_owned(), SUBMITTER.to_owned()])
    );
}

/// A late return is told to each of its borough's people, and the ICB lead is copied on
/// one of those letters a week, not on each.
async fn the_icb_lead_is_copied_once_on_a_late_return(app: TestApp) {
    use app::tasks::{Task, TaskKind};
    app.seed_demo().await;
    let today = Utc::now().date_naive();
    let task = Task::new(
        TaskKind::UploadReturn,
        "Upload Camden's 2031/32 Q1 return".to_owned(),
        Some(today - Duration::days(3)),
        "Camden".to_owned(),
        "/returns/periods/999/boroughs/camden".to_owned(),
        today,
    );
    let mut tx = app.db.begin().await.unwrap();
    for email in [SUBMITTER, CAMDEN] {
        let to = recipient(&app, email).await;
        let letter = app::email::letter::reminder(&task, &to, today).expect("a late letter");
        assert_eq!(letter.kind, MessageKind::ReturnLate);
        app::email::outbox::post(&mut tx, &letter, Utc::now())
            .await
            .unwrap()
            .expect("written");
    }
    tx.commit().await.unwrap();
    let about = |copied: &str| {
        format!(
            "SELECT COUNT(*) FROM email_messages WHERE link = '/returns/periods/999/boroughs/camden' \
             AND copy_to {copied}"
        )
    };
    assert_eq!(
        count(&app, &about("<> ''")).await,
        1,
        "the ICB lead copied once"
    );
    assert_eq!(
        count(&app, &about("= ''")).await,
        1,
        "the other letter without"
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM email_messages WHERE link = '/returns/periods/999/boroughs/camden' \
                 AND copy_to LIKE '%{LEAD}%'"
            )
        )
        .await,
        1
    );
}

both_databases!(
    the_icb_lead_is_copied_once_on_a_late_return,
    chasers_and_ratings_owed_are_written_with_their_change,
    messages_are_written_with_their_change_and_only_with_it,
    people_get_what_they_chose,
    without_smtp_the_outbox_keeps_everything_for_administrators,
    a_failing_server_is_tried_again_later_then_given_up,
);

/// The tests that run `linkway serve` as its own process, sending to the SMTP sink.
mod processes {
    use super::*;

    /// The SMTP sink (taking `delay` seconds a message), and `linkway serve` on the demo
    /// sending to it every second.
    async fn sending(kind: tests::DbKind, delay: f64) -> (SmtpSink, ServerProcess) {
        let sink = SmtpSink::start_slow(delay);
        let url = sink.url();
        let process = ServerProcess::start_with(
            kind,
            &[
                ("LINKWAY_SMTP_URL", &url),
                ("LINKWAY_MAIL_POLL_SECONDS", "1"),
            ],
        )
        .await;
        process.app.seed_demo().await;
        (sink, process)
    }

    /// Two `linkway serve` processes on one database, both sending: each message arrives once.
    async fn two_sender_processes_deliver_each_message_once(kind: tests::DbKind) {
        const MESSAGES: usize = 60;
        // A slow server (50 ms a message): both processes are sending at once.
        let (sink, process) = sending(kind, 0.05).await;
        let app = &process.app;
        let _other = process.another().await;
        let to = recipient(app, SUBMITTER).await;
        let mut tx = app.db.begin().await.unwrap();
        let letters = (0..MESSAGES).map(|n| letter(&to, n));
        assert_eq!(
            app::email::outbox::post_all(&mut tx, letters, Utc::now())
                .await
                .unwrap(),
            MESSAGES
        );
        tx.commit().await.unwrap();

        sink.wait_for(MESSAGES, Wait::from_secs(90)).await;
        // A little longer: a message sent twice would arrive now.
        tokio::time::sleep(Wait::from_secs(3)).await;
        let received: Vec<String> = sink
            .received()
            .into_iter()
            .map(|message| message.subject)
            .filter(|subject| subject.starts_with("Test message "))
            .collect();
        let distinct: BTreeSet<&String> = received.iter().collect();
        assert_eq!(distinct.len(), MESSAGES, "every message arrived");
        assert_eq!(received.len(), MESSAGES, "each once: {received:?}");
        let sent = "SELECT COUNT(*) FROM email_messages WHERE subject LIKE 'Test message %' AND status = 'sent'";
        assert_eq!(count(app, sent).await, MESSAGES as i64);
        let audited = "SELECT COUNT(*) FROM audit_events a JOIN email_messages m \
         ON a.entity_id = CAST(m.id AS TEXT) WHERE a.action = 'send_email' AND m.subject LIKE 'Test message %'";
        assert_eq!(count(app, audited).await, MESSAGES as i64);
        let senders = count(app, "SELECT COUNT(DISTINCT leased_by) FROM email_messages WHERE subject LIKE 'Test message %'").await;
        assert_eq!(senders, 2, "both processes sent some of the messages");
    }

    /// A reminder worked out from the demo arrives at its person with a link that opens the
    /// page that completes it; a late one is copied to the ICB lead; admins see it sent.
    async fn reminders_arrive_with_a_link_to_the_page_that_completes_them(kind: tests::DbKind) {
        let (sink, process) = sending(kind, 0.0).await;
        let app = &process.app;
        let written = app::email::reminders::sweep(&app.db, Utc::now().date_naive(), Utc::now())
            .await
            .unwrap();
        assert!(written > 0);
        let pending = "SELECT COUNT(*) FROM email_messages WHERE status = 'pending'";
        for _ in 0..300 {
            if count(app, pending).await == 0 {
                break;
            }
            tokio::time::sleep(Wait::from_millis(100)).await;
        }
        assert_eq!(count(app, pending).await, 0, "everything was sent");
        let received = sink.received();
        // The demo's own changes wrote messages too (a period opened, versions uploaded).
        let sent = count(
            app,
            "SELECT COUNT(*) FROM email_messages WHERE status = 'sent'",
        )
        .await;
        assert!(sent >= written as i64);
        assert_eq!(received.len() as i64, sent);

        let sign_off = received
            .iter()
            .find(|m| {
                // The late reminder (an older "Waiting for you" may arrive too).
                m.envelope_to.iter().any(|to| to == CAMDEN)
                    && m.subject.starts_with("Late: Sign off Camden's")
            })
            .unwrap_or_else(|| panic!("no sign-off reminder for the Camden lead: {received:?}"));
        assert!(sign_off.to.contains(CAMDEN), "{sign_off:?}");
        assert!(sign_off.body.starts_with("Dear Cam"), "{sign_off:?}");
        // The demo's newest quarter is past due: the reminder says it is late, and the ICB
        // lead is copied in.
        assert!(sign_off.subject.starts_with("Late: "), "{sign_off:?}");
        {
            assert!(
                sign_off.cc.contains(LEAD),
                "copied to the ICB lead: {sign_off:?}"
            );
            assert!(sign_off.envelope_to.iter().any(|to| to == LEAD));
        }
        let link = sign_off
            .link(&process.public_url())
            .unwrap_or_else(|| panic!("no link into Linkway: {sign_off:?}"));
        let path = link.trim_start_matches(&process.public_url()).to_owned();
        assert!(
            path.starts_with("/returns/periods/") && path.ends_with("/boroughs/camden"),
            "{path}"
        );
        // Signed out, the link goes through sign-in and back; signed in, it is the return.
        let signed_out = app.get(&path).await;
        assert_eq!(signed_out.status().as_u16(), 303);
        let location = signed_out.headers()["location"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(location.starts_with("/sign-in?next="), "{location}");
        let camden = app.sign_in(CAMDEN).await;
        let page = app.get_text_as(&path, 200, Some(&camden)).await;
        assert!(
            page.contains("sign-off-link") || page.contains("sign it off"),
            "{page}"
        );

        let admin = app.sign_in(ADMIN).await;
        let outbox = app.get_text_as("/admin/messages", 200, Some(&admin)).await;
        assert!(
            outbox.contains(&format!("Email is sent through 127.0.0.1:{}", sink.port)),
            "{outbox}"
        );
        let audited = count(
            app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'send_email'",
        )
        .await;
        assert_eq!(audited, sent);
        let trail = app
            .get_text_as("/admin/audit?action=send_email", 200, Some(&admin))
            .await;
        assert!(trail.contains("Linkway sent the email"), "{trail}");
    }

    both_database_kinds!(
        two_sender_processes_deliver_each_message_once,
        reminders_arrive_with_a_link_to_the_page_that_completes_them,
    );
}
