//! The community chest's funds: the demo's Enfield Local Fund adds up by contributor;
//! a fund is started only for a place its starter runs funds for, with every problem
//! answered at once and nothing stored; contributions are recorded by those who run the
//! fund, checked and audited; another ICB's lead neither reads nor changes the fund; a
//! fund's appointed manager runs that fund and no other, and appointments are checked and
//! audited.

use app::chest::{ChestView, FundView};
use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";
const CAMDEN_LEAD: &str = "camden.lead@demo.linkway.test";
const REGIONAL: &str = "regional.lead@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";

const CHANGES: &str =
    "SELECT COUNT(*) FROM audit_events WHERE action NOT IN ('sign_in', 'sign_in_failed')";

async fn chest(app: &TestApp, cookie: &str) -> ChestView {
    call(app, app::chest::LoadChest::PATH, &[], cookie)
        .await
        .unwrap()
}

async fn fund(app: &TestApp, id: i64, cookie: &str) -> Result<FundView, AppError> {
    call(
        app,
        app::chest::LoadFund::PATH,
        &[("id", &id.to_string())],
        cookie,
    )
    .await
}

async fn enfield(app: &TestApp, cookie: &str) -> i64 {
    chest(app, cookie)
        .await
        .funds
        .iter()
        .find(|(fund, _)| fund.name == "Enfield Local Fund")
        .map(|(fund, _)| fund.id)
        .expect("the demo's fund")
}

async fn the_demo_fund_adds_up_by_contributor(app: TestApp) {
    app.seed_demo().await;
    let viewer = app.sign_in(VIEWER).await;
    let id = enfield(&app, &viewer).await;
    let view = fund(&app, id, &viewer).await.unwrap();
    assert!(view.fund.illustrative);
    assert_eq!(view.fund.place, "enfield");
    let lines: Vec<(&str, i64, i64)> = view
        .ledger
        .iter()
        .map(|l| {
            (
                l.contributor_name.as_str(),
                l.pledged_pence,
                l.received_pence,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("North Central London ICB", 2_000_000, 2_000_000),
            ("London Borough of Enfield", 1_500_000, 1_500_000),
            ("City Bridge Foundation", 1_000_000, 0),
            ("The National Lottery Community Fund", 750_000, 0),
        ]
    );
    assert_eq!(
        (view.total.pledged_pence, view.total.received_pence),
        (5_250_000, 3_500_000)
    );
    assert!(!view.can_manage, "a viewer reads, and runs nothing");
    let page = app
        .get_text_as(&format!("/chest/funds/{id}"), 200, Some(&viewer))
        .await;
    assert!(page.contains("£52,500.00") && page.contains("Illustrative figures"));

    // The ledger workbook says the same.
    use calamine::Reader;
    let response = app
        .get_as(&format!("/chest/funds/{id}/ledger.xlsx"), Some(&viewer))
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let ledger = workbook.worksheet_range("Ledger").unwrap();
    let total = ledger
        .rows()
        .find(|row| row.first().is_some_and(|c| *c == "All contributors"))
        .expect("the total line");
    assert_eq!(total[2], calamine::Data::Float(52_500.0));
    assert_eq!(total[3], calamine::Data::Float(35_000.0));
    // The demo's open round takes £20,000 of it, its decided round £10,000 (from City
    // Bridge and the Lottery, of which £6,700 is awarded) and its community vote £3,000.
    assert_eq!(total[4], calamine::Data::Float(33_000.0));
    assert_eq!(total[5], calamine::Data::Float(6_700.0));
    assert_eq!(total[6], calamine::Data::Float(19_500.0));
    // And who is appointed to run the fund.
    let managers = workbook.worksheet_range("Fund managers").unwrap();
    let named: Vec<String> = managers
        .rows()
        .skip(2)
        .map(|row| format!("{} by {}", row[0], row[3]))
        .collect();
    assert_eq!(
        named,
        [
            "Femi Fund (demo) by Isla Lead (demo)",
            "Isla Lead (demo) by Isla Lead (demo)"
        ]
    );

    // The regional team reads it; NEL's lead does not, nor its ledger.
    let regional = app.sign_in(REGIONAL).await;
    assert!(fund(&app, id, &regional).await.unwrap().can_manage);
    let nel = app.sign_in_as_other_icb_lead().await;
    assert!(chest(&app, &nel).await.funds.is_empty());
    assert!(matches!(
        fund(&app, id, &nel).await,
        Err(AppError::Forbidden)
    ));
    let refused = app
        .get_as(&format!("/chest/funds/{id}/ledger.xlsx"), Some(&nel))
        .await;
    assert_eq!(refused.status(), 403);
}

async fn start(app: &TestApp, fields: [&str; 5], cookie: &str) -> Result<i64, AppError> {
    let [name, place, holder_name, holder_org_id, prefix] = fields;
    call(
        app,
        app::chest::CreateFund::PATH,
        &[
            ("name", name),
            ("place", place),
            ("holder_name", holder_name),
            ("holder_org_id", holder_org_id),
            ("identifier_prefix", prefix),
        ],
        cookie,
    )
    .await
}

async fn a_fund_is_started_and_funded_by_those_who_run_it(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;
    let offered: Vec<String> = chest(&app, &lead)
        .await
        .places
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert!(offered.contains(&"NCL".to_owned()) && offered.contains(&"camden".to_owned()));
    assert!(!offered.contains(&"london".to_owned()) && !offered.contains(&"hackney".to_owned()));

    // Every problem at once; nothing stored.
    let funds = "SELECT COUNT(*) FROM funds";
    let before = count(&app, funds).await;
    let Err(AppError::Validation(errors)) =
        start(&app, ["", "atlantis", "", "charity 123", "enfield"], &lead).await
    else {
        panic!("a fund with every field wrong was started");
    };
    let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "holder_name",
            "holder_org_id",
            "identifier_prefix",
            "name",
            "place"
        ]
    );
    let taken = start(
        &app,
        [
            "Camden Kit",
            "camden",
            "Camden Giving",
            "GB-CHC-1234567",
            "360G-linkwaydemo-enfield",
        ],
        &lead,
    )
    .await;
    assert!(
        matches!(&taken, Err(AppError::Validation(e)) if e.contains_key("identifier_prefix")),
        "{taken:?}"
    );
    // Another ICB's borough, the region: refused.
    for place in ["hackney", "london"] {
        let refused = start(
            &app,
            [
                "Elsewhere",
                place,
                "Someone",
                "GB-CHC-1234567",
                "360G-elsewhere",
            ],
            &lead,
        )
        .await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{place}: {refused:?}"
        );
    }
    let camden = app.sign_in(CAMDEN_LEAD).await;
    let refused = start(
        &app,
        [
            "Camden Kit",
            "camden",
            "Camden Giving",
            "GB-CHC-1234567",
            "360G-camdenkit",
        ],
        &camden,
    )
    .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    assert_eq!(count(&app, funds).await, before);

    let id = start(
        &app,
        [
            "We Make Camden Kit",
            "camden",
            "Camden Giving",
            "GB-CHC-1234567",
            "360G-camdenkit",
        ],
        &lead,
    )
    .await
    .unwrap();
    let view = fund(&app, id, &lead).await.unwrap();
    assert!(view.can_manage && view.ledger.is_empty());
    let managers: Vec<(&str, Option<&str>)> = view
        .managers
        .iter()
        .map(|m| (m.name.as_str(), m.appointed_by.as_deref()))
        .collect();
    assert_eq!(managers, [("Isla Lead (demo)", Some("Isla Lead (demo)"))]);

    // Contributions: checked, every problem at once, nothing stored on a refusal.
    let contribute = |fields: [&'static str; 6], cookie: String| {
        let app = &app;
        async move {
            let [name, org_id, amount, pledged, received, restrictions] = fields;
            call::<i64>(
                app,
                app::chest::AddContribution::PATH,
                &[
                    ("fund", &id.to_string()),
                    ("contributor_name", name),
                    ("contributor_org_id", org_id),
                    ("amount", amount),
                    ("pledged_on", pledged),
                    ("received_on", received),
                    ("restrictions", restrictions),
                ],
                &cookie,
            )
            .await
        }
    };
    let contributions = "SELECT COUNT(*) FROM fund_contributions";
    let before = count(&app, contributions).await;
    let Err(AppError::Validation(errors)) =
        contribute(["", "GB charity", "0", "2026-13-01", "", ""], lead.clone()).await
    else {
        panic!("a contribution with every field wrong was recorded");
    };
    let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "amount",
            "contributor_name",
            "contributor_org_id",
            "pledged_on"
        ]
    );
    let early = contribute(
        [
            "Camden Council",
            "GB-LAE-CMD",
            "5000",
            "2026-06-01",
            "2026-05-01",
            "",
        ],
        lead.clone(),
    )
    .await;
    assert!(
        matches!(&early, Err(AppError::Validation(e)) if e.contains_key("received_on")),
        "{early:?}"
    );
    let late = contribute(
        [
            "Camden Council",
            "GB-LAE-CMD",
            "5000",
            "2000-03-31",
            "2999-01-01",
            "",
        ],
        lead.clone(),
    )
    .await;
    let Err(AppError::Validation(errors)) = late else {
        panic!("a pledge before 2000/01 arriving in 2999 was recorded: {late:?}");
    };
    assert!(errors.contains_key("pledged_on") && errors.contains_key("received_on"));
    let nel = app.sign_in_as_other_icb_lead().await;
    let changes = count(&app, CHANGES).await;
    for cookie in [nel.clone(), camden.clone()] {
        let refused = contribute(
            ["Camden Council", "GB-LAE-CMD", "5000", "2026-06-01", "", ""],
            cookie,
        )
        .await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    }
    assert_eq!(count(&app, CHANGES).await, changes, "nothing was changed");
    assert_eq!(count(&app, contributions).await, before);

    contribute(
        [
            "Camden Council",
            "GB-LAE-CMD",
            "£5,000.50",
            "2026-06-01",
            "2026-07-01",
            "Somers Town only",
        ],
        lead.clone(),
    )
    .await
    .unwrap();
    // The form sent twice (a double click) records once, answering the same id.
    let token = "0123456789abcdef0123456789abcdef";
    let twice = |cookie: String| {
        let app = &app;
        async move {
            call::<i64>(
                app,
                app::chest::AddContribution::PATH,
                &[
                    ("fund", &id.to_string()),
                    ("contributor_name", "Kentish Town Bakery"),
                    ("contributor_org_id", ""),
                    ("amount", "250"),
                    ("pledged_on", "2026-08-01"),
                    ("token", token),
                ],
                &cookie,
            )
            .await
            .unwrap()
        }
    };
    let first = twice(lead.clone()).await;
    assert_eq!(twice(lead.clone()).await, first);
    let view = fund(&app, id, &lead).await.unwrap();
    assert_eq!(
        (view.total.pledged_pence, view.total.received_pence),
        (525_050, 500_050)
    );
    assert_eq!(view.ledger[0].restrictions, ["Somers Town only"]);
    assert_eq!(view.contributions[0].financial_year, 2026);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action IN ('create_fund', 'add_contribution') \
             AND user_id = (SELECT id FROM users WHERE email = 'icb.lead@demo.linkway.test')"
        )
        .await,
        1 + 4 + 1 + 2,
        "the demo's fund and contributions, and these"
    );

    // Moved to NEL, the lead who started the fund no longer runs it, appointed or not.
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "UPDATE user_roles SET icb_id = (SELECT id FROM icbs WHERE code = 'NEL') \
             WHERE role = 'icb_lead' AND user_id = (SELECT id FROM users WHERE email = $1)",
        )
        .bind(NCL_LEAD)
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
    let changes = count(&app, CHANGES).await;
    let refused = contribute(
        ["Late Trust", "", "100", "2026-06-01", "", ""],
        lead.clone(),
    )
    .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    assert_eq!(count(&app, CHANGES).await, changes);
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(c)
            .await
    })
    .unwrap()
}

async fn appoint(app: &TestApp, fund: i64, person: i64, cookie: &str) -> Result<(), AppError> {
    call(
        app,
        app::chest::AppointFundManager::PATH,
        &[
            ("fund", &fund.to_string()),
            ("manager", &person.to_string()),
        ],
        cookie,
    )
    .await
}

async fn contribute(app: &TestApp, fund: i64, cookie: &str) -> Result<i64, AppError> {
    call(
        app,
        app::chest::AddContribution::PATH,
        &[
            ("fund", &fund.to_string()),
            ("contributor_name", "Edmonton Traders"),
            ("contributor_org_id", ""),
            ("amount", "250"),
            ("pledged_on", "2026-06-01"),
        ],
        cookie,
    )
    .await
}

async fn an_appointed_manager_runs_their_fund_and_no_other(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;
    let femi = app.sign_in(app::demo::FUND_MANAGER).await;
    let id = enfield(&app, &femi).await;
    let view = fund(&app, id, &femi).await.unwrap();
    assert!(
        view.can_manage,
        "the demo's appointed manager runs the fund"
    );
    let appointed: Vec<(&str, Option<&str>)> = view
        .managers
        .iter()
        .map(|m| (m.name.as_str(), m.appointed_by.as_deref()))
        .collect();
    assert_eq!(
        appointed,
        [
            ("Femi Fund (demo)", Some("Isla Lead (demo)")),
            ("Isla Lead (demo)", Some("Isla Lead (demo)"))
        ]
    );
    contribute(&app, id, &femi).await.unwrap();

    // Another NCL fund: Femi reads it and runs nothing there.
    let other = start(
        &app,
        [
            "Camden Kit",
            "camden",
            "Camden Giving",
            "GB-CHC-1234567",
            "360G-camdenkit",
        ],
        &lead,
    )
    .await
    .unwrap();
    let other_view = fund(&app, other, &femi).await.unwrap();
    assert!(!other_view.can_manage && other_view.candidates.is_empty());
    let changes = count(&app, CHANGES).await;
    let submitter = user_id(&app, "camden.submitter@demo.linkway.test").await;
    assert!(matches!(
        contribute(&app, other, &femi).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        appoint(&app, other, submitter, &femi).await,
        Err(AppError::Forbidden)
    ));
    assert_eq!(count(&app, CHANGES).await, changes);

    // Whom those who run it may appoint: NCL's leads, submitters and viewers not appointed
    // yet; not its panel members, nor another ICB's people.
    let offered: Vec<i64> = fund(&app, id, &lead)
        .await
        .unwrap()
        .candidates
        .iter()
        .map(|(id, _)| *id)
        .collect();
    let panel = user_id(&app, "panel@demo.linkway.test").await;
    let nel = user_id(&app, tests::OTHER_ICB_LEAD).await;
    let femi_id = user_id(&app, app::demo::FUND_MANAGER).await;
    assert!(offered.contains(&submitter) && offered.contains(&user_id(&app, VIEWER).await));
    for never in [panel, nel, femi_id] {
        assert!(!offered.contains(&never), "{never} offered");
    }
    for refused in [panel, nel, 0] {
        let answer = appoint(&app, id, refused, &lead).await;
        assert!(
            matches!(&answer, Err(AppError::Validation(e)) if e.contains_key("manager")),
            "{answer:?}"
        );
    }
    assert_eq!(count(&app, CHANGES).await, changes);

    // An appointed manager appoints too; once.
    appoint(&app, id, submitter, &femi).await.unwrap();
    let sam = app.sign_in("camden.submitter@demo.linkway.test").await;
    assert!(fund(&app, id, &sam).await.unwrap().can_manage);
    assert!(matches!(
        appoint(&app, id, submitter, &lead).await,
        Err(AppError::Validation(_))
    ));
    let audited = "SELECT COUNT(*) FROM audit_events WHERE action = 'appoint_fund_manager'";
    assert_eq!(count(&app, audited).await, 2, "the demo's and this one");

    // The lead ends Femi's appointment: Femi reads the fund and runs it no more.
    let remove = |person: i64| {
        let (app, lead) = (&app, lead.clone());
        async move {
            call::<()>(
                app,
                app::chest::RemoveFundManager::PATH,
                &[("fund", &id.to_string()), ("manager", &person.to_string())],
                &lead,
            )
            .await
        }
    };
    remove(femi_id).await.unwrap();
    let view = fund(&app, id, &femi).await.unwrap();
    assert!(!view.can_manage);
    assert!(!view.managers.iter().any(|m| m.name == "Femi Fund (demo)"));
    assert!(
        view.managers.iter().all(|m| m.user_id.is_none()),
        "ids go to those who run it"
    );
    assert!(matches!(
        contribute(&app, id, &femi).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        remove(femi_id).await,
        Err(AppError::BadRequest { .. })
    ));
    let ended = "SELECT COUNT(*) FROM audit_events WHERE action = 'remove_fund_manager'";
    assert_eq!(count(&app, ended).await, 1);
}

both_databases!(
    the_demo_fund_adds_up_by_contributor,
    a_fund_is_started_and_funded_by_those_who_run_it,
    an_appointed_manager_runs_their_fund_and_no_other,
);
