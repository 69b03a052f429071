//! Grant rounds: the demo's open round takes its budget from two contributors and the
//! ledger adds up through allocation; a round with every field wrong gets every error at
//! once and stores nothing; no round takes more than a contributor has left; only those
//! who run the fund set one up, and another ICB's lead reads none of it.

use app::chest::rounds::{RoundSetup, RoundView};
use app::chest::FundView;
use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";
const CAMDEN_LEAD: &str = "camden.lead@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";
const CHANGES: &str =
    "SELECT COUNT(*) FROM audit_events WHERE action NOT IN ('sign_in', 'sign_in_failed')";
const ROUNDS: &str = "SELECT COUNT(*) FROM grant_rounds";

async fn fund(app: &TestApp, cookie: &str) -> FundView {
    call(app, app::chest::LoadFund::PATH, &[("id", "1")], cookie)
        .await
        .unwrap()
}

async fn setup(app: &TestApp, cookie: &str) -> Result<RoundSetup, AppError> {
    call(
        app,
        app::chest::rounds::LoadRoundSetup::PATH,
        &[("fund", "1")],
        cookie,
    )
    .await
}

async fn round(app: &TestApp, id: i64, cookie: &str) -> Result<RoundView, AppError> {
    call(
        app,
        app::chest::rounds::LoadRound::PATH,
        &[("id", &id.to_string())],
        cookie,
    )
    .await
}

/// The key of the fund's ledger line for `name`.
fn key(view: &FundView, name: &str) -> String {
    view.ledger
        .iter()
        .find(|l| l.contributor_name == name)
        .map(|l| l.key.to_string())
        .expect("a contributor of the demo's fund")
}

/// Sets up a round of the demo's fund with `fields` over a good round's.
/// (`icb` and `council` name those contributors' budget lines in `view`.)
async fn create(
    app: &TestApp,
    view: &FundView,
    fields: &[(&str, &str)],
    cookie: &str,
) -> Result<i64, AppError> {
    let icb = format!("allocation[{}]", key(view, "North Central London ICB"));
    let council = format!("allocation[{}]", key(view, "London Borough of Enfield"));
    let mut form: Vec<(String, String)> = [
        ("fund", "1"),
        ("code", "ELF-2027-1"),
        ("title", "Spring grants 2027"),
        ("opens_on", "2027-03-01"),
        ("closes_on", "2027-03-31"),
        ("method", "panel"),
        ("min_award", "500"),
        ("max_award", "5,000"),
        (&icb, "5000"),
        (&council, "2,000.50"),
        (
            "gates",
            "Is your group constituted?\nDo you work in Enfield?",
        ),
        ("priority[1]", "on"),
        ("priority[4]", "on"),
        ("label[0]", "Meets a need"),
        ("weight[0]", "3"),
        ("levels[0]", "none\nlittle\nsome\nfair\ngood\nstrong"),
        ("minimum[0]", "2"),
        ("label[1]", "Value"),
        ("weight[1]", "1"),
        ("levels[1]", "a\nb\nc\nd\ne\nf"),
        ("na[1]", "on"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (field, value) in fields {
        let field = match *field {
            "icb" => icb.clone(),
            "council" => council.clone(),
            other => other.to_owned(),
        };
        form.retain(|(k, _)| *k != field);
        form.push((field, (*value).to_owned()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(app, app::chest::rounds::CreateRound::PATH, &pairs, cookie).await
}

async fn a_round_takes_its_budget_from_what_contributors_have_left(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;

    // The demo's open round: £12,000 from the ICB, £8,000 from the council; its decided
    // round: £6,000 from City Bridge, £4,000 from the Lottery; its vote: £3,000 more from
    // the Lottery.
    let before = fund(&app, &lead).await;
    assert_eq!(before.rounds.len(), 3);
    let demo = &before.rounds[0];
    assert_eq!(demo.round.code, "ELF-2026-W");
    assert_eq!(demo.budget_pence, 2_000_000);
    let left: Vec<(&str, i64, i64)> = before
        .ledger
        .iter()
        .map(|l| {
            (
                l.contributor_name.as_str(),
                l.allocated_pence,
                l.balance_pence(),
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            ("North Central London ICB", 1_200_000, 800_000),
            ("London Borough of Enfield", 800_000, 700_000),
            ("City Bridge Foundation", 600_000, 400_000),
            ("The National Lottery Community Fund", 700_000, 50_000),
        ]
    );
    assert_eq!(
        (before.total.allocated_pence, before.total.balance_pence()),
        (3_300_000, 1_950_000)
    );

    // The set-up page offers what each has left and the need themes.
    let offered = setup(&app, &lead).await.unwrap();
    assert_eq!(offered.ledger[0].balance_pence(), 800_000);
    assert!(offered.themes.len() >= 10);
    // Enfield's top unmet needs from its signed-off return, small counts suppressed.
    let needs: Vec<(&str, &str)> = offered
        .top_needs
        .iter()
        .map(|n| (n.theme.as_str(), n.people.as_str()))
        .collect();
    assert_eq!(
        needs,
        [
            ("Social isolation and loneliness", "22"),
            ("Refugees and non-English speakers", "11"),
            ("Weight management", "<5"),
        ]
    );
    let page = app
        .get_text_as("/chest/funds/1/rounds/new", 200, Some(&lead))
        .await;
    assert!(page.contains("Top unmet needs in Enfield"), "{page}");
    assert!(page.contains("£8,000.00 left to allocate of £20,000.00 pledged"));

    // Every problem at once, nothing stored.
    let (rounds, changes) = (count(&app, ROUNDS).await, count(&app, CHANGES).await);
    let Err(AppError::Validation(errors)) = create(
        &app,
        &before,
        &[
            ("code", "ELF 2027"),
            ("title", ""),
            ("opens_on", "2027-02-30"),
            ("closes_on", "2027-01-01x"),
            ("panel_dates", "soon"),
            ("method", "lottery"),
            ("min_award", "nothing"),
            ("max_award", "0"),
            ("icb", "8,000.01"),
            ("council", "lots"),
            ("gates", &"A question?\n".repeat(13)),
            ("priority[1]", ""),
            ("priority[4]", ""),
            ("priority[9999]", "on"),
            ("weight[0]", "0"),
            ("levels[0]", "too\nfew"),
            ("minimum[0]", "6"),
            ("label[1]", ""),
        ],
        &lead,
    )
    .await
    else {
        panic!("a round with every field wrong was set up");
    };
    let icb_key = format!("allocation-{}", key(&before, "North Central London ICB"));
    let council_key = format!("allocation-{}", key(&before, "London Borough of Enfield"));
    for field in [
        "code",
        "title",
        "opens_on",
        "closes_on",
        "panel_dates",
        "method",
        "min_award",
        "max_award",
        icb_key.as_str(),
        council_key.as_str(),
        "gates",
        "priorities",
        "weight-0",
        "levels-0",
        "min-0",
        "label-1",
    ] {
        assert!(errors.contains_key(field), "{field}: {errors:?}");
    }
    assert_eq!(
        errors
            .get(&icb_key)
            .map(|m| m.join(" "))
            .unwrap_or_default(),
        "North Central London ICB has £8,000.00 left to allocate: £8,000.01 is £0.01 more"
    );
    assert_eq!(count(&app, ROUNDS).await, rounds, "nothing stored");
    assert_eq!(count(&app, CHANGES).await, changes);

    // A rolling round needs its panel dates; the largest award fits the budget.
    let Err(AppError::Validation(errors)) = create(
        &app,
        &before,
        &[("closes_on", ""), ("max_award", "10000")],
        &lead,
    )
    .await
    else {
        panic!("a rolling round without panel dates was set up");
    };
    assert!(errors.contains_key("panel_dates") && errors.contains_key("max_award"));

    // Set up: the ledger adds up through allocation.
    let id = create(&app, &before, &[], &lead).await.unwrap();
    let view = round(&app, id, &lead).await.unwrap();
    assert_eq!(view.budget_pence, 700_050);
    assert_eq!(view.gates.len(), 2);
    assert_eq!(
        view.priorities,
        [
            "Housing (repairs, damp, mould, waits)",
            "Social isolation and loneliness"
        ]
    );
    assert_eq!(view.criteria.len(), 2);
    assert_eq!(view.criteria[0].levels.len(), 6);
    assert_eq!(view.criteria[0].min_score, Some(2));
    assert!(view.criteria[1].na_allowed && !view.criteria[0].na_allowed);
    let after = fund(&app, &lead).await;
    assert_eq!(after.ledger[0].balance_pence(), 300_000);
    assert_eq!(after.ledger[1].balance_pence(), 499_950);
    assert_eq!(
        after.total.allocated_pence,
        before.total.allocated_pence + view.budget_pence
    );
    assert_eq!(
        after.total.pledged_pence - after.total.allocated_pence,
        after.ledger.iter().map(|l| l.balance_pence()).sum::<i64>()
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'set_up_round'"
        )
        .await,
        4,
        "the demo's three rounds and this one"
    );

    // The form sent twice (a double click) sets the round up once, answering the same id.
    let token = "0123456789abcdef0123456789abcdef";
    let first = create(
        &app,
        &before,
        &[
            ("code", "ELF-2027-T"),
            ("council", ""),
            ("icb", "100"),
            ("min_award", "100"),
            ("max_award", "100"),
            ("token", token),
        ],
        &lead,
    )
    .await
    .unwrap();
    let repeat = create(
        &app,
        &before,
        &[
            ("code", "ELF-2027-T"),
            ("council", ""),
            ("icb", "100"),
            ("min_award", "100"),
            ("max_award", "100"),
            ("token", token),
        ],
        &lead,
    )
    .await
    .unwrap();
    assert_eq!(first, repeat);
    assert_eq!(count(&app, ROUNDS).await, rounds + 2);

    // Never more than is left, and never the same code twice.
    let Err(AppError::Validation(errors)) = create(
        &app,
        &before,
        &[("code", "elf-2027-1"), ("icb", "3000.01"), ("council", "")],
        &lead,
    )
    .await
    else {
        panic!("a round took more than the ICB had left");
    };
    assert!(errors.contains_key("code") && errors.contains_key(&icb_key));
    assert_eq!(count(&app, ROUNDS).await, rounds + 2);

    // Those who do not run the fund set up nothing; another ICB's lead reads nothing.
    let viewer = app.sign_in(VIEWER).await;
    assert_eq!(
        round(&app, id, &viewer).await.unwrap().budget_pence,
        700_050
    );
    assert!(matches!(
        setup(&app, &viewer).await,
        Err(AppError::Forbidden)
    ));
    let nel = app.sign_in_as_other_icb_lead().await;
    assert!(matches!(
        round(&app, id, &nel).await,
        Err(AppError::Forbidden)
    ));
    let camden = app.sign_in(CAMDEN_LEAD).await;
    for cookie in [viewer, nel, camden] {
        let refused = create(&app, &before, &[("code", "ELF-2027-2")], &cookie).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    }
    assert_eq!(count(&app, ROUNDS).await, rounds + 2);
    let missing = round(&app, 999_999, &lead).await;
    assert!(
        matches!(missing, Err(AppError::NotFound { .. })),
        "{missing:?}"
    );
}

both_databases!(a_round_takes_its_budget_from_what_contributors_have_left);
