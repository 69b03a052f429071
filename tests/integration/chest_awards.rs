//! Awards: those who run the fund send the offer of an award decision once, with its
//! 360Giving identifier, and the decision then stands; a decline is not offered; the group
//! reads the offer through its private link and accepts it and its conditions once, every
//! problem at once; a wrong link shows nothing; what is owed shows as a task. Those who run
//! the fund then record payments: none before acceptance, never beyond the award (the
//! sentence says by how much), a failed one not counted, every problem at once.

use app::chest::applications::StatusView;
use app::chest::decisions::DecisionView;
use app::error::AppError;
use app::tasks::TaskKind;
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";
const CHANGES: &str =
    "SELECT COUNT(*) FROM audit_events WHERE action NOT IN ('sign_in', 'sign_in_failed')";
/// The applications of the demo's decided round with `outcome`, first first.
const DECIDED: &str = "SELECT d.application_id FROM grant_decisions d \
     JOIN grant_applications a ON a.id = d.application_id \
     JOIN grant_rounds r ON r.id = a.round_id WHERE r.code = 'ELF-2026-A' AND d.outcome = ";

async fn decision(app: &TestApp, id: i64, cookie: &str) -> DecisionView {
    call(
        app,
        app::chest::decisions::LoadDecision::PATH,
        &[("application", &id.to_string())],
        cookie,
    )
    .await
    .unwrap()
}

async fn send(app: &TestApp, id: i64, version: i64, cookie: &str) -> Result<i64, AppError> {
    call(
        app,
        app::chest::awards::SendOffer::PATH,
        &[
            ("application", &id.to_string()),
            ("version", &version.to_string()),
        ],
        cookie,
    )
    .await
}

async fn status(app: &TestApp, link: &str) -> Result<StatusView, AppError> {
    call(
        app,
        app::chest::applications::LoadApplicationStatus::PATH,
        &[("link", link)],
        "",
    )
    .await
}

async fn accept(app: &TestApp, link: &str, fields: [&str; 3]) -> Result<(), AppError> {
    let [version, name, accept] = fields;
    call(
        app,
        app::chest::awards::AcceptOffer::PATH,
        &[
            ("link", link),
            ("version", version),
            ("name", name),
            ("accept", accept),
        ],
        "",
    )
    .await
}

async fn offers_to_send(app: &TestApp, cookie: &str) -> Vec<String> {
    let mine: app::tasks::MyTasks = call(app, app::tasks::LoadMyTasks::PATH, &[], cookie)
        .await
        .unwrap();
    mine.tasks
        .into_iter()
        .filter(|task| task.kind == TaskKind::SendOffers)
        .map(|task| task.title)
        .collect()
}

async fn an_offer_is_sent_once_and_accepted_through_the_link(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;
    let awarded = count(&app, &format!("{DECIDED}'award' ORDER BY d.application_id")).await;
    let declined = count(&app, &format!("{DECIDED}'decline'")).await;
    assert_eq!(
        offers_to_send(&app, &lead).await,
        ["Send the offers on 3 applications to Edmonton small grants, autumn 2026"]
    );

    // A decline is not offered; a viewer sends nothing; a stale form is refused.
    let view = decision(&app, declined, &lead).await;
    let refused = send(&app, declined, view.version, &lead).await;
    assert!(
        matches!(refused, Err(AppError::BadRequest { .. })),
        "{refused:?}"
    );
    let view = decision(&app, awarded, &lead).await;
    assert!(view.award.is_none());
    let changes = count(&app, CHANGES).await;
    let viewer = app.sign_in(VIEWER).await;
    assert!(matches!(
        send(&app, awarded, view.version, &viewer).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        send(&app, awarded, view.version + 1, &lead).await,
        Err(AppError::Conflict { .. })
    ));
    assert_eq!(count(&app, CHANGES).await, changes);

    // Sent: its identifier is the fund's prefix and its id; the decision stands.
    let award = send(&app, awarded, view.version, &lead).await.unwrap();
    let sent = decision(&app, awarded, &lead)
        .await
        .award
        .expect("the award");
    assert_eq!(sent.identifier, format!("360G-linkwaydemo-enfield-{award}"));
    assert_eq!(
        (sent.amount_pence, sent.status.code()),
        (view.line.decision.as_ref().unwrap().amount_pence, "offered")
    );
    assert!(matches!(
        send(&app, awarded, view.version, &lead).await,
        Err(AppError::BadRequest { .. })
    ));
    let decided_again = call::<()>(
        &app,
        app::chest::decisions::DecideApplication::PATH,
        &[
            ("application", &awarded.to_string()),
            ("version", &view.version.to_string()),
            ("application_version", &view.application_version.to_string()),
            ("outcome", "decline"),
            ("feedback", "Changed our minds"),
        ],
        &lead,
    )
    .await;
    assert!(
        matches!(decided_again, Err(AppError::BadRequest { .. })),
        "{decided_again:?}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'send_offer'"
        )
        .await,
        1
    );
    assert_eq!(
        offers_to_send(&app, &lead).await,
        ["Send the offers on 2 applications to Edmonton small grants, autumn 2026"]
    );

    // The group reads the offer through its link and accepts it, every problem at once.
    let link = format!("{:032x}", 4242);
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query("UPDATE grant_applications SET link_hash = $1 WHERE id = $2")
            .bind(app::plumbing::digest::sha256_hex(link.as_bytes()))
            .bind(awarded)
            .execute(c)
            .await
            .map(|_| ())
    })
    .unwrap();
    let offer = status(&app, &link).await.unwrap().offer.expect("the offer");
    assert!(offer.can_accept());
    assert_eq!(offer.identifier, sent.identifier);
    let version = offer.version.to_string();
    let changes = count(&app, CHANGES).await;
    let Err(AppError::Validation(errors)) = accept(&app, &link, [&version, " ", ""]).await else {
        panic!("an acceptance with no name and no tick was taken");
    };
    let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["accept", "name"]);
    let wrong = format!("{:032x}", 4243);
    assert!(matches!(
        accept(&app, &wrong, [&version, "Ada Organiser", "yes"]).await,
        Err(AppError::NotFound { .. })
    ));
    assert!(matches!(
        status(&app, &wrong).await,
        Err(AppError::NotFound { .. })
    ));
    assert_eq!(count(&app, CHANGES).await, changes);
    accept(&app, &link, [&version, "Ada Organiser", "yes"])
        .await
        .unwrap();
    let offer = status(&app, &link).await.unwrap().offer.expect("the offer");
    assert_eq!(
        (
            offer.status.code(),
            offer.accepted_name.as_str(),
            offer.can_accept()
        ),
        ("accepted", "Ada Organiser", false)
    );
    assert!(offer.accepted_at.is_some());
    assert!(matches!(
        accept(
            &app,
            &link,
            [&offer.version.to_string(), "Ada Organiser", "yes"]
        )
        .await,
        Err(AppError::BadRequest { .. })
    ));
    let accepted = decision(&app, awarded, &lead)
        .await
        .award
        .expect("the award");
    assert_eq!(accepted.accepted_name, "Ada Organiser");
    // The trail names no applicant as its actor.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'accept_offer' AND user_id IS NULL"
        )
        .await,
        1
    );
}

async fn award(
    app: &TestApp,
    id: i64,
    cookie: &str,
) -> Result<app::chest::awards::AwardView, AppError> {
    call(
        app,
        app::chest::awards::LoadAward::PATH,
        &[("id", &id.to_string())],
        cookie,
    )
    .await
}

async fn pay(
    app: &TestApp,
    id: i64,
    version: i64,
    fields: [&str; 4],
    cookie: &str,
) -> Result<i64, AppError> {
    let [paid_on, amount, reference, outcome] = fields;
    call(
        app,
        app::chest::awards::RecordPayment::PATH,
        &[
            ("award", &id.to_string()),
            ("version", &version.to_string()),
            ("paid_on", paid_on),
            ("amount", amount),
            ("reference", reference),
            ("outcome", outcome),
        ],
        cookie,
    )
    .await
}

async fn payments_are_recorded_once_accepted_and_never_beyond_the_award(app: TestApp) {
    use app::format::money;
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;
    let awarded = count(&app, &format!("{DECIDED}'award' ORDER BY d.application_id")).await;
    let version = decision(&app, awarded, &lead).await.version;
    let id = send(&app, awarded, version, &lead).await.unwrap();
    let today = chrono::Utc::now().date_naive().to_string();
    let view = award(&app, id, &lead).await.unwrap();
    let amount = view.award.amount_pence;
    // Not before the group accepts.
    let refused = pay(
        &app,
        id,
        view.award.version,
        [&today, "100", "BACS-1", "paid"],
        &lead,
    )
    .await;
    assert!(
        matches!(refused, Err(AppError::BadRequest { .. })),
        "{refused:?}"
    );
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query("UPDATE grant_awards SET status = 'accepted', version = 2 WHERE id = $1")
            .bind(id)
            .execute(c)
            .await
            .map(|_| ())
    })
    .unwrap();

    // A viewer reads and pays nothing; every problem at once; nothing stored.
    let viewer = app.sign_in(VIEWER).await;
    assert!(matches!(
        award(&app, id, &viewer).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        pay(&app, id, 2, [&today, "100", "BACS-1", "paid"], &viewer).await,
        Err(AppError::Forbidden)
    ));
    let changes = count(&app, CHANGES).await;
    let Err(AppError::Validation(errors)) =
        pay(&app, id, 2, ["2999-01-01", "lots", " ", "sent"], &lead).await
    else {
        panic!("a payment with every field wrong was recorded");
    };
    let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["amount", "outcome", "paid_on", "reference"]);
    assert_eq!(count(&app, CHANGES).await, changes);

    // The first tranche makes it active; a failed one is kept and not counted.
    let first = amount / 2;
    let pounds = |pence: i64| format!("{}.{:02}", pence / 100, pence % 100);
    pay(
        &app,
        id,
        2,
        [&today, &pounds(first), "BACS-1", "paid"],
        &lead,
    )
    .await
    .unwrap();
    let stale = pay(&app, id, 2, [&today, "1", "BACS-2", "paid"], &lead).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    pay(
        &app,
        id,
        3,
        [&today, &pounds(amount), "BACS-2", "failed"],
        &lead,
    )
    .await
    .unwrap();
    let view = award(&app, id, &lead).await.unwrap();
    assert_eq!(view.award.status.code(), "active");
    assert_eq!(view.payments.len(), 2);
    assert_eq!(
        (view.disbursed_pence(), view.left_pence()),
        (first, amount - first)
    );

    // Beyond the award: the sentence says by how much.
    let over = amount - first + 5_000;
    let Err(AppError::Validation(errors)) = pay(
        &app,
        id,
        view.award.version,
        [&today, &pounds(over), "BACS-3", "paid"],
        &lead,
    )
    .await
    else {
        panic!("a payment beyond the award was recorded");
    };
    assert_eq!(
        errors.get("amount").cloned().unwrap_or_default(),
        [format!(
            "{} is awarded and {} is paid already: {} is £50.00 more than is left ({})",
            money(amount),
            money(first),
            money(over),
            money(amount - first)
        )]
    );
    pay(
        &app,
        id,
        view.award.version,
        [&today, &pounds(amount - first), "BACS-3", "paid"],
        &lead,
    )
    .await
    .unwrap();
    let view = award(&app, id, &lead).await.unwrap();
    assert_eq!((view.disbursed_pence(), view.left_pence()), (amount, 0));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'record_payment'"
        )
        .await,
        3
    );
}

both_databases!(
    an_offer_is_sent_once_and_accepted_through_the_link,
    payments_are_recorded_once_accepted_and_never_beyond_the_award,
);
