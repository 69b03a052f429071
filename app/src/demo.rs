//! Demo content, loaded only by `linkway seed-demo` (and the README's run command), never
//! by migrations. Everything it adds is marked as demo wherever it shows.

use crate::auth::service::{create_account, AccountSpec};
use crate::auth::Role;
use crate::error::AppError;
use crate::plumbing::Db;

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "linkway-demo-2026";

/// One demo sign-in per role: (email, name, organisation, role, where it is held — the
/// borough for borough roles, the ICB for ICB roles, nothing for region roles).
pub const DEMO_ACCOUNTS: [(&str, &str, &str, Role, Option<&str>); 7] = [
    (
        "admin@demo.linkway.test",
        "Ada Admin (demo)",
        "NCL ICB",
        Role::Admin,
        None,
    ),
    (
        "icb.lead@demo.linkway.test",
        "Isla Lead (demo)",
        "NCL ICB",
        Role::IcbLead,
        Some("NCL"),
    ),
    (
        "camden.lead@demo.linkway.test",
        "Cam Lead (demo)",
        "London Borough of Camden",
        Role::BoroughLead,
        Some("camden"),
    ),
    (
        "camden.submitter@demo.linkway.test",
        "Sam Submitter (demo)",
        "Camden PCNs",
        Role::Submitter,
        Some("camden"),
    ),
    (
        "panel@demo.linkway.test",
        "Pat Panel (demo)",
        "Voluntary Action Camden",
        Role::PanelMember,
        Some("NCL"),
    ),
    (
        "viewer@demo.linkway.test",
        "Vic Viewer (demo)",
        "NCL ICB",
        Role::Viewer,
        Some("NCL"),
    ),
    (
        "regional.lead@demo.linkway.test",
        "Rae Regional (demo)",
        "NHS England London",
        Role::RegionalLead,
        None,
    ),
];

/// The leads of the boroughs that have no sign-in above: the demo loads their quarterly
/// returns through the same upload and sign-off as a borough's own lead would.
pub const DEMO_BOROUGH_LEADS: [(&str, &str, &str, Role, Option<&str>); 4] = [
    (
        "barnet.lead@demo.linkway.test",
        "Bea Lead (demo)",
        "London Borough of Barnet",
        Role::BoroughLead,
        Some("barnet"),
    ),
    (
        "enfield.lead@demo.linkway.test",
        "Eli Lead (demo)",
        "London Borough of Enfield",
        Role::BoroughLead,
        Some("enfield"),
    ),
    (
        "haringey.lead@demo.linkway.test",
        "Hal Lead (demo)",
        "London Borough of Haringey",
        Role::BoroughLead,
        Some("haringey"),
    ),
    (
        "islington.lead@demo.linkway.test",
        "Ivy Lead (demo)",
        "London Borough of Islington",
        Role::BoroughLead,
        Some("islington"),
    ),
];

/// The second ICB's people: North East London's ICB lead and the leads of the three
/// boroughs whose illustrative returns the demo loads.
pub const DEMO_SECOND_ICB: [(&str, &str, &str, Role, Option<&str>); 4] = [
    (
        "nel.lead@demo.linkway.test",
        "Nell Lead (demo)",
        "NEL ICB",
        Role::IcbLead,
        Some("NEL"),
    ),
    (
        "hackney.lead@demo.linkway.test",
        "Hana Lead (demo)",
        "London Borough of Hackney",
        Role::BoroughLead,
        Some("hackney"),
    ),
    (
        "newham.lead@demo.linkway.test",
        "Ned Lead (demo)",
        "London Borough of Newham",
        Role::BoroughLead,
        Some("newham"),
    ),
    (
        "tower-hamlets.lead@demo.linkway.test",
        "Tam Lead (demo)",
        "London Borough of Tower Hamlets",
        Role::BoroughLead,
        Some("tower-hamlets"),
    ),
];

/// The chest's people besides the ICB lead: a second panel member for North Central
/// London's funds (a chest's panel has several), and a council officer who reads NCL's
/// programme and is appointed to run Enfield Local Fund.
pub const DEMO_CHEST: [(&str, &str, &str, Role, Option<&str>); 2] = [
    (
        "panel.enfield@demo.linkway.test",
        "Priya Panel (demo)",
        "Enfield Voluntary Action",
        Role::PanelMember,
        Some("NCL"),
    ),
    (
        FUND_MANAGER,
        "Femi Fund (demo)",
        "London Borough of Enfield",
        Role::Viewer,
        Some("NCL"),
    ),
];

/// The demo's appointed manager of Enfield Local Fund (a viewer of NCL otherwise).
pub const FUND_MANAGER: &str = "fund.manager@demo.linkway.test";

/// What every figure of the second ICB says it is.
pub const ILLUSTRATIVE_NOTE: &str =
    "Illustrative figures for the demo: not North East London's own.";

/// Loads the demo content. Running it again changes nothing.
pub async fn seed_demo(db: &Db) -> Result<(), AppError> {
    // Seeding runs on its own (the command line, tests), one account at a time.
    let passwords = crate::plumbing::password::PasswordWork::new(1);
    for (email, name, organisation, role, borough) in DEMO_ACCOUNTS
        .into_iter()
        .chain(DEMO_BOROUGH_LEADS)
        .chain(DEMO_SECOND_ICB)
        .chain(DEMO_CHEST)
    {
        if crate::auth::db::find_credentials(&mut db.conn().await?, email)
            .await?
            .is_some()
        {
            continue;
        }
        create_account(
            db,
            &passwords,
            None,
            AccountSpec {
                name,
                email,
                organisation,
                password: DEMO_PASSWORD,
                must_change_password: false,
                is_demo: true,
                grants: vec![(role, borough)],
            },
            chrono::Utc::now(),
        )
        .await?;
    }
    if !crate::site::db::demo_data_loaded(&mut db.conn().await?).await? {
        seed_tracker(db).await?;
        seed_maturity(db).await?;
        seed_returns(db).await?;
        seed_deprivation(db).await?;
        seed_second_icb(db).await?;
        seed_chest(db).await?;
    }
    let mut tx = db.begin().await?;
    crate::site::db::mark_demo_data_loaded(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Illustrative deprivation scores for the five boroughs (labelled as such wherever they
/// show), so the workforce page's need-weighted target has something to weigh.
async fn seed_deprivation(db: &Db) -> Result<(), AppError> {
    let admin = demo_user(db, "admin@demo.linkway.test").await?;
    let versions = std::collections::BTreeMap::new();
    for (borough, score) in [
        ("barnet", "16.1"),
        ("camden", "19.8"),
        ("enfield", "25.8"),
        ("haringey", "28.0"),
        ("islington", "27.5"),
    ] {
        let input = crate::returns::service::DeprivationInput {
            borough,
            score,
            year: "2019",
            source: "Illustrative demo figure (not the published indices)",
            versions: &versions,
        };
        crate::returns::service::record_deprivation(db, &admin, &input, chrono::Utc::now()).await?;
    }
    Ok(())
}

/// Enfield Local Fund, run by the ICB lead and the council's appointed fund manager, with the kinds of contributor the review names
/// (the ICB, the council, City Bridge Foundation, the National Lottery): the amounts are
/// made up, and the fund is marked illustrative.
async fn seed_chest(db: &Db) -> Result<(), AppError> {
    use crate::chest::service::{add_contribution, create_fund, ContributionInput, FundInput};
    let lead = demo_user(db, "icb.lead@demo.linkway.test").await?;
    let now = chrono::Utc::now();
    let input = FundInput {
        name: "Enfield Local Fund",
        place: "enfield",
        holder_name: "London Borough of Enfield",
        holder_org_id: "GB-LAE-ENF",
        identifier_prefix: "360G-linkwaydemo-enfield",
    };
    let fund = create_fund(db, &lead, input, now).await?;
    let manager = demo_user(db, FUND_MANAGER).await?;
    crate::chest::service::appoint_manager(db, &lead, fund, &manager.id.to_string(), now).await?;
    let mut tx = db.begin().await?;
    crate::chest::db::mark_illustrative(&mut tx, fund).await?;
    tx.commit().await?;
    // Dates before today, so that what has arrived has arrived.
    let day = |days_ago: i64| (now.date_naive() - chrono::Duration::days(days_ago)).to_string();
    for (name, org_id, amount, pledged, received, restrictions) in [
        (
            "North Central London ICB",
            "GB-NHS-QMJ",
            "20000",
            day(120),
            day(90),
            "",
        ),
        (
            "London Borough of Enfield",
            "GB-LAE-ENF",
            "15000",
            day(120),
            day(60),
            "Edmonton wards only",
        ),
        (
            "City Bridge Foundation",
            "GB-CHC-1035628",
            "10000",
            day(45),
            String::new(),
            "",
        ),
        (
            "The National Lottery Community Fund",
            "",
            "7500",
            day(30),
            String::new(),
            "",
        ),
    ] {
        let input = ContributionInput {
            token: None,
            contributor_name: name,
            contributor_org_id: org_id,
            amount,
            pledged_on: &pledged,
            received_on: &received,
            restrictions,
        };
        add_contribution(db, &lead, fund, input, now).await?;
    }
    seed_round(db, &lead, fund, now).await?;
    seed_decided_round(db, &lead, fund, now).await?;
    seed_vote(db, &lead, fund, now).await
}

/// The demo fund's community vote: open to applications from 61 to 2 days ago with £3,000
/// from the National Lottery; three eligible projects asking £3,700 between them; four
/// voters on the list, two of whom have voted.
async fn seed_vote(
    db: &Db,
    lead: &crate::auth::CurrentUser,
    fund: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    use crate::chest::applications::service::screen;
    use crate::chest::votes::service::{add_voters, cast};
    let days_ago = |days: i64| now - chrono::Duration::days(days);
    let round = demo_round(
        db,
        lead,
        fund,
        (
            "ELF-2026-V",
            "Edmonton Green community vote, 2026",
            "vote",
            "2000",
        ),
        &[("The National Lottery Community Fund", "3000")],
        days_ago(47),
    )
    .await?;
    let projects = [
        ("Edmonton Green Youth Choir", "Sing together", "1200"),
        ("Edmonton Green Repair Cafe", "Fix it, don't bin it", "1000"),
        ("Edmonton Green Tenants' Hall", "Warm hall mornings", "1500"),
    ];
    let mut ids = Vec::new();
    for (n, (group, title, amount)) in projects.into_iter().enumerate() {
        let (running, equipment) = halves(amount);
        let application = DemoApplication {
            number: 0x60 + n as u128,
            group,
            title,
            summary: title,
            amount,
            budget: &[("Running costs", &running), ("Equipment", &equipment)],
            people: "50",
            who: "Neighbours in Edmonton Green",
            wards: "Edmonton Green",
            priorities: Ticked::First,
            dates: (
                now.date_naive() + chrono::Duration::days(30),
                now.date_naive() + chrono::Duration::days(300),
            ),
        };
        let id = enter_demo_application(db, lead, round, application, days_ago(40)).await?;
        screen(db, lead, id, 1, "eligible", "", days_ago(10)).await?;
        ids.push(id);
    }
    add_voters(
        db,
        lead,
        round,
        "Amina Yusuf, Edmonton Green\nTom Baker, Upper Edmonton\nGrace Mensah, Edmonton Green\nDev Patel, Angel Edmonton",
        days_ago(5),
    )
    .await?;
    let voters = crate::chest::votes::db::voters(&mut db.conn().await?, round).await?;
    let ballot = |name: &str| {
        voters
            .iter()
            .find(|(_, voter, ..)| voter == name)
            .map(|(.., token, _)| token.clone())
            .unwrap_or_default()
    };
    let pick = |picked: &[i64]| -> std::collections::BTreeMap<String, String> {
        picked
            .iter()
            .map(|id| (id.to_string(), "on".to_owned()))
            .collect()
    };
    let &[choir, repair, hall] = ids.as_slice() else {
        return Err(AppError::Internal);
    };
    cast(
        db,
        &ballot("Amina Yusuf"),
        &pick(&[choir, hall]),
        days_ago(1),
    )
    .await?;
    cast(
        db,
        &ballot("Tom Baker"),
        &pick(&[choir, repair]),
        days_ago(1),
    )
    .await?;
    Ok(())
}

/// An open round of the demo's fund: £20,000 from the ICB and the council for small
/// groups in Edmonton, for Enfield's top unmet needs, scored by a panel on the usual
/// criteria.
async fn seed_round(
    db: &Db,
    lead: &crate::auth::CurrentUser,
    fund: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let round = demo_round(
        db,
        lead,
        fund,
        (
            "ELF-2026-W",
            "Edmonton small grants, winter 2026/27",
            "panel",
            "5000",
        ),
        &[
            ("North Central London ICB", "12000"),
            ("London Borough of Enfield", "8000"),
        ],
        now,
    )
    .await?;
    // Both panel members sit on its panel.
    for email in ["panel@demo.linkway.test", DEMO_CHEST[0].0] {
        let member = demo_user(db, email).await?;
        crate::chest::panel::service::appoint(db, lead, round, &member.id.to_string(), now).await?;
    }
    seed_applications(db, lead, round, now).await
}

/// A round of the demo's fund `(code, title, method, largest award)`, open from 14 days before `now` to 45
/// days after, with a budget of `allocations` (contributor, pounds), for Enfield's top
/// unmet needs, with the usual criteria; answers its id.
async fn demo_round(
    db: &Db,
    lead: &crate::auth::CurrentUser,
    fund: i64,
    (code, title, method, max_award): (&str, &str, &str, &str),
    allocations: &[(&str, &str)],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, AppError> {
    use crate::chest::rounds::service::{create_round, CriterionInput, RoundInput};
    use crate::chest::rounds::{STARTING_CRITERIA, STARTING_GATES};
    use std::collections::BTreeMap;
    let today = now.date_naive();
    let opens = (today - chrono::Duration::days(14)).to_string();
    let closes = (today + chrono::Duration::days(45)).to_string();
    let view = crate::chest::service::fund_view(db, lead, fund, today).await?;
    let key = |name: &str| {
        view.ledger
            .iter()
            .find(|line| line.contributor_name == name)
            .map(|line| line.key.to_string())
            .unwrap_or_default()
    };
    let allocations: BTreeMap<String, String> = allocations
        .iter()
        .map(|(name, pounds)| (key(name), (*pounds).to_owned()))
        .collect();
    let themes = crate::returns::db::themes(&mut db.conn().await?).await?;
    let priorities: BTreeMap<String, String> = themes
        .iter()
        .filter(|t| t.name.starts_with("Social isolation") || t.name.starts_with("Refugees"))
        .map(|t| (t.id.to_string(), "on".to_owned()))
        .collect();
    let weights: Vec<String> = STARTING_CRITERIA
        .iter()
        .map(|c| c.weight.to_string())
        .collect();
    let levels: Vec<String> = STARTING_CRITERIA
        .iter()
        .map(|c| c.levels.join("\n"))
        .collect();
    let minimums: Vec<String> = STARTING_CRITERIA
        .iter()
        .map(|c| c.min_score.map(|m| m.to_string()).unwrap_or_default())
        .collect();
    let criteria = STARTING_CRITERIA
        .iter()
        .enumerate()
        .map(|(i, c)| CriterionInput {
            label: c.label,
            weight: &weights[i],
            levels: &levels[i],
            na_allowed: if c.na_allowed { "on" } else { "" },
            min_score: &minimums[i],
        })
        .collect();
    let gates = STARTING_GATES.join("\n");
    let input = RoundInput {
        token: None,
        code,
        title,
        opens_on: &opens,
        closes_on: &closes,
        panel_dates: "",
        method,
        min_award: "250",
        max_award,
        allocations: &allocations,
        gates: &gates,
        priorities: &priorities,
        criteria,
    };
    create_round(db, lead, fund, input, now).await
}

/// The demo fund's decided round, as it happened: open from 110 to 51 days ago with £10,000
/// from City Bridge Foundation and the National Lottery; four eligible applications,
/// declared on and scored by both panel members (one a conflict, one a declared interest);
/// a quorate meeting 50 days ago that awarded three (one for less than asked, with a
/// condition) and declined one with feedback.
async fn seed_decided_round(
    db: &Db,
    lead: &crate::auth::CurrentUser,
    fund: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    use crate::chest::applications::service::screen;
    use crate::chest::decisions::service::{decide, record_meeting, DecisionInput, MeetingInput};
    use crate::chest::panel::service::{appoint, declare, review, ReviewInput};
    use std::collections::BTreeMap;
    let days_ago = |days: i64| now - chrono::Duration::days(days);
    // The round was set up 96 days before its close, 110 days ago.
    let then = days_ago(96);
    let round = demo_round(
        db,
        lead,
        fund,
        (
            "ELF-2026-A",
            "Edmonton small grants, autumn 2026",
            "panel",
            "5000",
        ),
        &[
            ("City Bridge Foundation", "6000"),
            ("The National Lottery Community Fund", "4000"),
        ],
        then,
    )
    .await?;
    let pat = demo_user(db, "panel@demo.linkway.test").await?;
    let priya = demo_user(db, DEMO_CHEST[0].0).await?;
    for member in [&pat, &priya] {
        appoint(db, lead, round, &member.id.to_string(), then).await?;
    }
    // (group, project, amount, wards, each member's scores on the four criteria)
    let groups = [
        (
            "Edmonton Walking Football",
            "Walking football for over-50s",
            "2500",
            "Edmonton Green",
            [["5", "4", "4", "4"], ["4", "4", "5", "na"]],
        ),
        (
            "Angel Edmonton Mums' Group",
            "New mums' mornings",
            "3000",
            "Upper Edmonton",
            [["4", "3", "4", "3"], ["3", "4", "3", "3"]],
        ),
        (
            "Ponders End Digital Help",
            "Tablets and help to use them",
            "4000",
            "Ponders End",
            [["1", "2", "2", "2"], ["1", "3", "2", "na"]],
        ),
        (
            "Edmonton Gardening Club",
            "Growing together",
            "1800",
            "Edmonton Green, Upper Edmonton",
            [["", "", "", ""], ["4", "3", "3", "4"]],
        ),
    ];
    let criteria = crate::chest::rounds::db::criteria(&mut db.conn().await?, round).await?;
    let mut ids = Vec::new();
    for (n, (group, title, amount, wards, scores)) in groups.into_iter().enumerate() {
        let (running, equipment) = halves(amount);
        let application = DemoApplication {
            number: 0x50 + n as u128,
            group,
            title,
            summary: title,
            amount,
            budget: &[("Running costs", &running), ("Equipment", &equipment)],
            people: "30",
            who: wards,
            wards,
            priorities: Ticked::All,
            dates: (
                now.date_naive() - chrono::Duration::days(30),
                now.date_naive() + chrono::Duration::days(300),
            ),
        };
        let id = enter_demo_application(db, lead, round, application, days_ago(100)).await?;
        screen(db, lead, id, 1, "eligible", "", days_ago(58)).await?;
        for (member, marks) in [&pat, &priya].into_iter().zip(scores) {
            let (interest, note) = match (n, member.id == pat.id) {
                (3, true) => ("conflict", "Chairs the gardening club"),
                (1, false) => ("interest", "Knows the group's organiser through church"),
                _ => ("none", ""),
            };
            declare(db, member, id, interest, note, days_ago(56)).await?;
            if interest == "conflict" {
                continue;
            }
            let score: BTreeMap<String, String> = criteria
                .iter()
                .zip(marks)
                .map(|(c, mark)| (c.id.to_string(), mark.to_owned()))
                .collect();
            let recommendation = if n == 2 { "no" } else { "yes" };
            let input = ReviewInput {
                scores: &score,
                comments: &BTreeMap::new(),
                recommendation,
            };
            review(db, member, id, input, days_ago(55)).await?;
        }
        ids.push(id);
    }
    let present: BTreeMap<String, String> = [&pat, &priya]
        .iter()
        .map(|m| (m.id.to_string(), "on".to_owned()))
        .collect();
    let held_on = days_ago(50).date_naive().to_string();
    let meeting = MeetingInput {
        held_on: &held_on,
        present: &present,
        quorate: "yes",
        notes: "Both members present, with the fund manager.",
    };
    record_meeting(db, lead, round, meeting, days_ago(50)).await?;
    let decisions = [
        ("award", "2500", "", ""),
        (
            "award",
            "2400",
            "Send the hall booking before the first payment.",
            "",
        ),
        (
            "decline",
            "",
            "",
            "The panel found too little evidence of local need in the wards this round funds. The fund team can help you prepare for the next round.",
        ),
        ("award", "1800", "", ""),
    ];
    for (id, (outcome, amount, conditions, feedback)) in ids.into_iter().zip(decisions) {
        let application = crate::chest::applications::db::find(&mut db.conn().await?, id)
            .await?
            .ok_or(AppError::Internal)?;
        let input = DecisionInput {
            application_version: application.version,
            outcome,
            amount,
            conditions,
            feedback,
        };
        decide(db, lead, id, 0, input, days_ago(50)).await?;
    }
    Ok(())
}

/// Three applications to the demo's open round, entered by the ICB lead on the groups'
/// behalf and screened: two eligible (with the panel), one waiting for more information.
async fn seed_applications(
    db: &Db,
    lead: &crate::auth::CurrentUser,
    round: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let groups = [
        (
            "Edmonton Green Lunch Club",
            "Friday lunches",
            "A weekly hot lunch for older people living alone.",
            "1500",
            [("Food", "1000"), ("Hall hire", "500")],
            "40",
            "Older people living alone in Edmonton Green",
            Ticked::First,
            "eligible",
            "",
        ),
        (
            "Upper Edmonton Conversation Cafe",
            "English over coffee",
            "Weekly conversation practice for refugees and new arrivals.",
            "2400",
            [
                ("Volunteer expenses", "900"),
                ("Room and refreshments", "1500"),
            ],
            "60",
            "Refugees and new arrivals in Upper Edmonton",
            Ticked::Last,
            "eligible",
            "",
        ),
        (
            "Edmonton Men's Shed",
            "Shed sessions",
            "Making and mending together, twice a week.",
            "3000",
            [("Tools", "1800"), ("Workshop rent", "1200")],
            "25",
            "Men over 50 in Edmonton",
            Ticked::First,
            "more_info",
            "Please send your constitution and your safeguarding policy.",
        ),
    ];
    for (n, (group, title, summary, amount, budget, people, who, priorities, outcome, note)) in
        groups.into_iter().enumerate()
    {
        let application = DemoApplication {
            number: 0x40 + n as u128,
            group,
            title,
            summary,
            amount,
            budget: &budget,
            people,
            who,
            wards: "Edmonton Green, Upper Edmonton",
            priorities,
            dates: (
                now.date_naive() + chrono::Duration::days(30),
                now.date_naive() + chrono::Duration::days(330),
            ),
        };
        let id = enter_demo_application(db, lead, round, application, now).await?;
        crate::chest::applications::service::screen(db, lead, id, 1, outcome, note, now).await?;
    }
    Ok(())
}

/// A demo ask in whole pounds split into two budget lines (running costs and equipment)
/// that add up to it.
fn halves(pounds: &str) -> (String, String) {
    let pounds = pounds.parse::<i64>().unwrap_or_default();
    ((pounds / 2).to_string(), (pounds - pounds / 2).to_string())
}

/// Which of a round's priorities a demo application meets.
#[derive(Clone, Copy)]
enum Ticked {
    First,
    Last,
    All,
}

/// A group's application as the demo enters it.
struct DemoApplication<'a> {
    /// Makes its one-time form token, unique across the demo.
    number: u128,
    group: &'a str,
    title: &'a str,
    summary: &'a str,
    amount: &'a str,
    /// (what it pays for, pounds)
    budget: &'a [(&'a str, &'a str)],
    people: &'a str,
    who: &'a str,
    wards: &'a str,
    priorities: Ticked,
    /// When the project starts and ends.
    dates: (chrono::NaiveDate, chrono::NaiveDate),
}

/// Enters `application` to `round` on the group's behalf, as `lead` (answering yes to
/// every question) at `now`; answers its id.
async fn enter_demo_application(
    db: &Db,
    lead: &crate::auth::CurrentUser,
    round: i64,
    application: DemoApplication<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, AppError> {
    use crate::chest::applications::service::{submit, ApplicationInput, Sender};
    use std::collections::BTreeMap;
    let view =
        crate::chest::applications::service::apply_view(db, Some(lead), round, now.date_naive())
            .await?;
    let yes: BTreeMap<String, String> = view
        .gates
        .iter()
        .map(|g| (g.id.to_string(), "yes".to_owned()))
        .collect();
    let ticked: Vec<&(i64, String)> = match application.priorities {
        Ticked::First => view.priorities.iter().take(1).collect(),
        Ticked::Last => view.priorities.iter().rev().take(1).collect(),
        Ticked::All => view.priorities.iter().collect(),
    };
    let priorities: BTreeMap<String, String> = ticked
        .into_iter()
        .map(|(id, _)| (id.to_string(), "on".to_owned()))
        .collect();
    // The demo's links are never shown: a key made for seeding derives them.
    let keys =
        crate::plumbing::session::SessionKeys::new(b"demo applications: links never shown", false);
    let token = format!("{:032x}", 0xde00_u128 + application.number);
    let (starts, ends) = (
        application.dates.0.to_string(),
        application.dates.1.to_string(),
    );
    let input = ApplicationInput {
        token: &token,
        leave_empty: "",
        org_name: application.group,
        org_type: "community_group",
        org_number: "",
        postcode: "N9 0PZ",
        borough: "enfield",
        wards: application.wards,
        contact_name: "A Volunteer (demo)",
        contact_email: "volunteer@example.org",
        contact_phone: "",
        project_title: application.title,
        summary: application.summary,
        description: application.summary,
        amount: application.amount,
        budget: application.budget.iter().copied().enumerate().collect(),
        beneficiaries: application.people,
        beneficiaries_where: application.who,
        starts_on: &starts,
        ends_on: &ends,
        priorities: &priorities,
        answers: &yes,
    };
    let sender = Sender {
        user: Some(lead),
        address: "demo",
        keys: &keys,
    };
    submit(db, sender, round, input, now).await?;
    crate::chest::applications::db::lines(&mut db.conn().await?, round)
        .await?
        .iter()
        .find(|a| a.org_name == application.group)
        .map(|a| a.id)
        .ok_or(AppError::Internal)
}

/// A demo account as the services see it.
async fn demo_user(db: &Db, email: &str) -> Result<crate::auth::CurrentUser, AppError> {
    let credentials = crate::auth::db::find_credentials(&mut db.conn().await?, email)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Demo account {email}")))?;
    Ok(crate::auth::CurrentUser {
        id: credentials.id,
        name: email.to_owned(),
        email: email.to_owned(),
        must_change_password: false,
        grants: crate::auth::db::grants(&mut db.conn().await?, credentials.id).await?,
    })
}

/// Illustrative tracker content, entered through the same services (and audit trail) as a
/// user's: owners, milestones (one overdue, one due soon), borough lines on
/// recommendation 2, progress updates, and borough plan actions linked to recommendations.
async fn seed_tracker(db: &Db) -> Result<(), AppError> {
    use crate::recommendations::service::{
        add_borough_line, add_milestone, add_progress, update_borough_line, update_plan, LineInput,
        MilestoneInput, PlanInput, ProgressInput,
    };
    let lead = demo_user(db, "icb.lead@demo.linkway.test").await?;
    let camden = demo_user(db, "camden.lead@demo.linkway.test").await?;
    let today = chrono::Utc::now().date_naive();
    let day = |offset: i64| crate::format::iso_date(today + chrono::Duration::days(offset));
    let (lead_id, camden_id) = (lead.id.to_string(), camden.id.to_string());
    for (number, owner, organisation) in [
        (1, &lead_id, "NCL ICB"),
        (2, &camden_id, "NCL ICB with the borough partnerships"),
        (3, &lead_id, "NCL ICB"),
        (4, &lead_id, "NCL Training Hub"),
    ] {
        let input = PlanInput {
            number,
            owner_id: owner,
            lead_organisation: organisation,
            version: 1,
        };
        update_plan(db, &lead, "NCL", input, chrono::Utc::now()).await?;
    }
    add_progress(
        db,
        &lead,
        ("NCL", 1),
        ProgressInput {
            token: None,
            status: "complete",
            commentary: "SP senior officer appointed to the ICB executive team (demo).",
            percent_complete: "100",
            evidence: "ICB board minutes, item 7 (demo)",
            reported_on: &day(-200),
        },
        chrono::Utc::now(),
    )
    .await?;
    add_milestone(
        db,
        &camden,
        ("NCL", 2),
        MilestoneInput {
            title: "Steering group terms agreed",
            due_on: &day(-21),
            done_on: "",
            owner_id: &camden_id,
        },
        chrono::Utc::now(),
    )
    .await?;
    add_progress(
        db,
        &camden,
        ("NCL", 2),
        ProgressInput {
            token: None,
            status: "on_track",
            commentary:
                "Camden and Barnet groups meet; Enfield's first meeting is being arranged (demo).",
            percent_complete: "40",
            evidence: "",
            reported_on: &day(-30),
        },
        chrono::Utc::now(),
    )
    .await?;
    for borough in ["barnet", "camden", "enfield", "haringey", "islington"] {
        add_borough_line(db, &lead, ("NCL", 2), borough, chrono::Utc::now()).await?;
    }
    if let Some(line) = crate::recommendations::db::borough_lines(&mut db.conn().await?)
        .await?
        .into_iter()
        .find(|line| line.recommendation_number == 2 && line.borough_code == "camden")
    {
        let input = LineInput {
            owner_id: &camden_id,
            status: "on_track",
            note: "Meets six-weekly (demo).",
        };
        update_borough_line(
            db,
            &camden,
            line.id,
            line.version,
            input,
            chrono::Utc::now(),
        )
        .await?;
    }
    add_milestone(
        db,
        &lead,
        ("NCL", 4),
        MilestoneInput {
            title: "First NCL community of practice meeting",
            due_on: &day(20),
            done_on: "",
            owner_id: &lead_id,
        },
        chrono::Utc::now(),
    )
    .await?;
    seed_borough_plan_links(db, &lead, chrono::Utc::now()).await?;
    Ok(())
}

/// Illustrative maturity rounds (the review scores no borough): one published baseline
/// round per borough, shaped by the review's narrative (Barnet most mature, Enfield least),
/// and a Camden round in moderation, rated by its lead and submitter. Entered through the
/// services, so the audit trail shows every step.
async fn seed_maturity(db: &Db) -> Result<(), AppError> {
    use crate::maturity::service::{
        change_participant, create_round, decide_domain, decide_gap_action, move_round,
        submit_ratings, DecisionInput, GapInput,
    };
    use crate::maturity::RatingInput;
    let lead = demo_user(db, "icb.lead@demo.linkway.test").await?;
    let camden_lead = demo_user(db, "camden.lead@demo.linkway.test").await?;
    let submitter = demo_user(db, "camden.submitter@demo.linkway.test").await?;
    let ratings = |levels: [i64; 6], evidence: [&str; 6]| -> Vec<RatingInput> {
        (1..=6)
            .zip(levels.iter().zip(evidence))
            .map(|(domain, (level, evidence))| RatingInput {
                domain,
                level: level.to_string(),
                evidence: evidence.to_owned(),
                rationale: String::new(),
            })
            .collect()
    };
    for (borough, levels, targets, evidence) in BASELINE {
        let id = create_round(
            db,
            &lead,
            borough,
            "Baseline 2025",
            "2025-03-20",
            chrono::Utc::now(),
        )
        .await?;
        crate::maturity::db::mark_illustrative(&mut db.conn().await?, id).await?;
        change_participant(
            db,
            &lead,
            id,
            &lead.id.to_string(),
            true,
            chrono::Utc::now(),
        )
        .await?;
        move_round(db, &lead, id, "scoring", true, chrono::Utc::now()).await?;
        submit_ratings(
            db,
            &lead,
            id,
            &ratings(levels, evidence),
            true,
            chrono::Utc::now(),
        )
        .await?;
        move_round(db, &lead, id, "moderation", true, chrono::Utc::now()).await?;
        for (domain, ((level, target), rationale)) in
            (1..).zip(levels.iter().zip(targets).zip(evidence))
        {
            let input = DecisionInput {
                domain,
                version: 0,
                level: &level.to_string(),
                target_level: &target.to_string(),
                rationale,
            };
            decide_domain(db, &lead, id, input, chrono::Utc::now()).await?;
        }
        // Every gap's action is accepted before the round is agreed.
        for (domain, (level, target)) in (1..).zip(levels.iter().zip(targets)) {
            if level < &target {
                let input = GapInput {
                    domain,
                    title: &format!("Reach level {target} by the next baseline"),
                    decision: "accept",
                    version: 0,
                    confirm: "",
                };
                decide_gap_action(db, &lead, id, input, chrono::Utc::now()).await?;
            }
        }
        move_round(db, &lead, id, "agreed", true, chrono::Utc::now()).await?;
        move_round(db, &lead, id, "published", true, chrono::Utc::now()).await?;
    }
    let held_on =
        crate::format::iso_date(chrono::Utc::now().date_naive() - chrono::Duration::days(14));
    let id = create_round(
        db,
        &camden_lead,
        "camden",
        "Autumn 2026 self-assessment",
        &held_on,
        chrono::Utc::now(),
    )
    .await?;
    crate::maturity::db::mark_illustrative(&mut db.conn().await?, id).await?;
    for person in [&camden_lead, &submitter] {
        change_participant(
            db,
            &camden_lead,
            id,
            &person.id.to_string(),
            true,
            chrono::Utc::now(),
        )
        .await?;
    }
    move_round(db, &camden_lead, id, "scoring", true, chrono::Utc::now()).await?;
    submit_ratings(
        db,
        &camden_lead,
        id,
        &ratings([3, 3, 3, 2, 2, 3], CAMDEN_LEAD),
        true,
        chrono::Utc::now(),
    )
    .await?;
    submit_ratings(
        db,
        &submitter,
        id,
        &ratings([3, 2, 2, 2, 3, 3], CAMDEN_SUBMITTER),
        true,
        chrono::Utc::now(),
    )
    .await?;
    move_round(db, &camden_lead, id, "moderation", true, chrono::Utc::now()).await?;
    for (domain, level, target, rationale) in [
        (1, "3", "4", "Steering group meets every two months with minutes; a named borough lead is still to be appointed."),
        (2, "3", "3", "Supervision is now weekly in every PCN; we agreed the higher of the two ratings."),
        (3, "2", "3", "The borough plan is still in draft and PCN-level plans are not yet co-produced."),
    ] {
        let input = DecisionInput {
            domain,
            version: 0,
            level,
            target_level: target,
            rationale,
        };
        decide_domain(db, &camden_lead, id, input, chrono::Utc::now()).await?;
    }
    Ok(())
}

/// Baseline levels and targets per borough (illustrative), with evidence drawn from what
/// the review says of each borough, domain by domain.
type Baseline = (&'static str, [i64; 6], [i64; 6], [&'static str; 6]);

const BASELINE: [Baseline; 5] = [
    (
        "barnet",
        [4, 4, 3, 4, 3, 3],
        [4, 4, 4, 4, 4, 4],
        [
            "Regular steering group with PCN Clinical Directors and clinical leads; collaborative leadership across the system.",
            "Age UK Barnet team with weekly clinical supervision and 100% retention over five years.",
            "Public health funding fully covers the social prescribing managers.",
            "Access Elemental used across the borough, compliant with the minimum data set.",
            "Wellbeing and anxiety scores shared regularly with PCN leadership.",
            "Unmet need tracked in the case-management system; proactive projects with partners.",
        ],
    ),
    (
        "camden",
        [3, 3, 2, 2, 2, 3],
        [4, 3, 3, 3, 3, 3],
        [
            "Steering group in place; no named ICB-level lead since the restructure.",
            "16 link workers plus 5 ICB-funded care navigators; supervision varies by employer.",
            "Mixed PCN and VCSE employment; no co-produced PCN-level plan.",
            "Templates differ between PCNs; unmet need not recorded consistently.",
            "Wellbeing scores collected by some providers only.",
            "We Make Camden grants support community groups reaching under-served residents.",
        ],
    ),
    (
        "enfield",
        [1, 1, 1, 1, 1, 2],
        [2, 2, 2, 2, 2, 3],
        [
            "No steering group or borough lead; establishing one is the plan's first priority.",
            "7 link workers and one PCN with none; burnout and no career progression.",
            "Reduced NHS investment; too few community activities to refer into.",
            "The same EMIS template is not used across the borough; unmet need not captured.",
            "No consistent measurement of impact.",
            "Community hubs turn away clients who do not speak English.",
        ],
    ),
    (
        "haringey",
        [2, 2, 2, 2, 2, 3],
        [3, 3, 3, 3, 3, 3],
        [
            "Delivery led by Public Voice; borough steering arrangements still forming.",
            "13 link workers (11 Public Voice, 2 Northwest PCN) and 59 care coordinators.",
            "A community chest is being co-designed with participatory budgeting.",
            "Recording differs between Public Voice and PCN-employed link workers.",
            "Little shared reporting of impact.",
            "Participatory budgeting involves communities in deciding funding.",
        ],
    ),
    (
        "islington",
        [2, 3, 2, 2, 2, 2],
        [3, 3, 3, 3, 3, 3],
        [
            "No overarching borough plan or central group; strong provider leadership.",
            "15.5 link workers; little protected time for building community connections.",
            "Commissioned through the Islington GP Federation.",
            "No shared case-management system across the two providers.",
            "Outcome measures differ between the providers.",
            "Collaboration with public health on inequalities is ad hoc.",
        ],
    ),
];

const CAMDEN_LEAD: [&str; 6] = [
    "Steering group minutes for the last four meetings.",
    "Supervision log shows weekly sessions in every PCN.",
    "Draft borough plan circulated to partners.",
    "Two different EMIS templates in use.",
    "Quarterly report has referral counts but few outcomes.",
    "Interpreting booked for 40 appointments this quarter.",
];

const CAMDEN_SUBMITTER: [&str; 6] = [
    "Attended the steering group; actions followed up.",
    "Two PCNs still without monthly professional supervision.",
    "No PCN-level plan seen.",
    "Unmet need recorded in free text only.",
    "ONS4 recorded before and after in our PCN.",
    "Outreach sessions at two community centres.",
];

/// Illustrative quarterly returns: last-but-one quarter uploaded before its due date and
/// signed off by every borough; last quarter (past due, still open) uploaded today and
/// signed off by Barnet and Islington, Camden's waiting for its lead's sign-off, Haringey's
/// refused for a WTE above headcount, Enfield's missing. Camden's come through its demo
/// submitter and lead, the others through their borough's demo lead — all through the same
/// upload and sign-off services as a user's, each at a moment inside the period's window.
async fn seed_returns(db: &Db) -> Result<(), AppError> {
    use crate::returns::service::{create_period, receive_upload, sign_off, PeriodInput, Upload};
    use crate::returns::template::{template, TemplateSpec, TEMPLATE_VERSION};
    use crate::returns::{period_code, quarter_of};
    let lead = demo_user(db, "icb.lead@demo.linkway.test").await?;
    let camden_lead = demo_user(db, "camden.lead@demo.linkway.test").await?;
    let submitter = demo_user(db, "camden.submitter@demo.linkway.test").await?;
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let morning = |day: chrono::NaiveDate| day.and_hms_opt(9, 0, 0).map(|at| at.and_utc());
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    let previous = |(year, quarter): (i32, u32)| {
        if quarter == 1 {
            (year - 1, 4)
        } else {
            (year, quarter - 1)
        }
    };
    let last = previous(quarter_of(today));
    let earlier = previous(last);
    let themes: Vec<String> = crate::returns::db::themes(&mut db.conn().await?)
        .await?
        .into_iter()
        .map(|theme| theme.name)
        .collect();
    let slots = crate::plumbing::limits::Turns::new(
        crate::plumbing::workbook_limits::PARSES_AT_ONCE,
        crate::plumbing::workbook_limits::SLOT_WAIT,
    );
    let mut periods = Vec::new();
    for ((year, quarter), opens, due, closes) in [(earlier, -130, -100, -70), (last, -40, -10, 20)]
    {
        let input = PeriodInput {
            financial_year: &year.to_string(),
            quarter: &quarter.to_string(),
            opens_on: &day(opens),
            due_on: &day(due),
            closes_on: &day(closes),
        };
        // Set up the day before it opens, as the ICB team would.
        let set_up = morning(today + chrono::Duration::days(opens - 1)).unwrap_or(now);
        let id = create_period(db, &lead, "NCL", &input, set_up).await?;
        periods.push((id, period_code(year, quarter)));
    }
    for (index, (period_id, code)) in periods.iter().enumerate() {
        let period = crate::returns::service::period_of(&mut db.conn().await?, *period_id).await?;
        for demo in DEMO_RETURNS {
            let current = index == 1;
            if current && demo.code == "enfield" {
                continue;
            }
            let borough_lead;
            let (uploader, signer) = if demo.code == "camden" {
                (&submitter, &camden_lead)
            } else {
                borough_lead =
                    demo_user(db, &format!("{}.lead@demo.linkway.test", demo.code)).await?;
                (&borough_lead, &borough_lead)
            };
            // The last quarter's returns arrive this past hour, past due; the one before, five days
            // before its due date.
            let uploaded_at = if current {
                now - chrono::Duration::hours(1)
            } else {
                morning(period.due_on - chrono::Duration::days(5)).unwrap_or(now)
            };
            let spec = TemplateSpec {
                borough_code: demo.code.into(),
                borough_name: demo.name.into(),
                period_code: code.clone(),
                due_on: period.due_on.to_string(),
                version: TEMPLATE_VERSION,
                themes: themes.clone(),
                pcns: Vec::new(),
            };
            let refused = current && demo.code == "haringey";
            let fill = demo_fill(&demo, if current { 1.08 } else { 1.0 }, refused);
            let bytes = template(&spec, &fill)?.save_to_buffer()?;
            let upload = Upload {
                file_name: format!(
                    "{}-return-{}.xlsx",
                    demo.code,
                    code.replace(['/', ' '], "-")
                ),
                bytes,
                too_large: false,
            };
            let received = receive_upload(
                db,
                &slots,
                uploader,
                *period_id,
                demo.code,
                upload,
                uploaded_at,
            )
            .await?;
            let sign = !(current && demo.code == "camden");
            if let (Some(id), true) = (received.submission_id, sign) {
                sign_off(
                    db,
                    signer,
                    id,
                    true,
                    uploaded_at + chrono::Duration::minutes(30),
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// North East London as a second ICB whose programme Linkway holds, so that the regional
/// views compare something: illustrative populations for three of its boroughs, and their
/// returns for the last quarter, opened by NEL's ICB lead and uploaded and signed off by
/// each borough's lead — every return labelled [`ILLUSTRATIVE_NOTE`].
async fn seed_second_icb(db: &Db) -> Result<(), AppError> {
    use crate::returns::service::{
        create_period, receive_upload, record_population, sign_off, PeriodInput, PopulationInput,
        Upload,
    };
    use crate::returns::template::{template, TemplateSpec, TEMPLATE_VERSION};
    use crate::returns::{period_code, quarter_of};
    let mut tx = db.begin().await?;
    crate::boroughs::db::hold_programme(&mut tx, "NEL").await?;
    tx.commit().await?;
    let admin = demo_user(db, "admin@demo.linkway.test").await?;
    let lead = demo_user(db, "nel.lead@demo.linkway.test").await?;
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let (year, quarter) = match quarter_of(today) {
        (year, 1) => (year - 1, 4),
        (year, quarter) => (year, quarter - 1),
    };
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    let versions = std::collections::BTreeMap::new();
    for demo in &NEL_RETURNS {
        let input = PopulationInput {
            borough: demo.code,
            effective_from: "2024-04-01",
            population: &NEL_POPULATIONS
                .iter()
                .find(|(code, _)| *code == demo.code)
                .map_or(0, |(_, population)| *population)
                .to_string(),
            source: "Illustrative (demo)",
            versions: &versions,
        };
        record_population(db, &admin, &input, now).await?;
    }
    let input = PeriodInput {
        financial_year: &year.to_string(),
        quarter: &quarter.to_string(),
        opens_on: &day(-40),
        due_on: &day(-10),
        closes_on: &day(20),
    };
    let opened = now - chrono::Duration::days(41);
    let period_id = create_period(db, &lead, "NEL", &input, opened).await?;
    let period = crate::returns::service::period_of(&mut db.conn().await?, period_id).await?;
    let themes: Vec<String> = crate::returns::db::themes(&mut db.conn().await?)
        .await?
        .into_iter()
        .map(|theme| theme.name)
        .collect();
    let slots = crate::plumbing::limits::Turns::new(
        crate::plumbing::workbook_limits::PARSES_AT_ONCE,
        crate::plumbing::workbook_limits::SLOT_WAIT,
    );
    for demo in &NEL_RETURNS {
        let borough_lead = demo_user(db, &format!("{}.lead@demo.linkway.test", demo.code)).await?;
        let spec = TemplateSpec {
            borough_code: demo.code.into(),
            borough_name: demo.name.into(),
            period_code: period_code(year, quarter),
            due_on: period.due_on.to_string(),
            version: TEMPLATE_VERSION,
            themes: themes.clone(),
            pcns: Vec::new(),
        };
        let upload = Upload {
            file_name: format!("{}-illustrative-return.xlsx", demo.code),
            bytes: template(&spec, &demo_fill(demo, 1.0, false))?.save_to_buffer()?,
            too_large: false,
        };
        let uploaded_at = now - chrono::Duration::days(12);
        let received = receive_upload(
            db,
            &slots,
            &borough_lead,
            period_id,
            demo.code,
            upload,
            uploaded_at,
        )
        .await?;
        let Some(id) = received.submission_id else {
            return Err(AppError::Internal);
        };
        let mut tx = db.begin().await?;
        crate::returns::db::note_source(&mut tx, id, ILLUSTRATIVE_NOTE).await?;
        tx.commit().await?;
        sign_off(
            db,
            &borough_lead,
            id,
            true,
            uploaded_at + chrono::Duration::minutes(30),
        )
        .await?;
    }
    Ok(())
}

/// Illustrative GP registered populations for the second ICB's demo boroughs.
const NEL_POPULATIONS: [(&str, i64); 3] = [
    ("hackney", 330_000),
    ("newham", 420_000),
    ("tower-hamlets", 390_000),
];

/// The second ICB's illustrative returns.
const NEL_RETURNS: [DemoReturn; 3] = [
    DemoReturn {
        code: "hackney",
        name: "Hackney",
        wte: [30.0, 6.0, 40.0],
        unmet: &[
            (
                "Housing (repairs, damp, mould, waits)",
                44.0,
                "Waiting list",
            ),
            ("Digital exclusion", 12.0, "No service"),
        ],
    },
    DemoReturn {
        code: "newham",
        name: "Newham",
        wte: [28.0, 4.0, 52.0],
        unmet: &[
            (
                "Housing (repairs, damp, mould, waits)",
                61.0,
                "Waiting list",
            ),
            ("Mental health and counselling waits", 3.0, "Waiting list"),
        ],
    },
    DemoReturn {
        code: "tower-hamlets",
        name: "Tower Hamlets",
        wte: [45.0, 8.0, 47.0],
        unmet: &[
            ("Mental health and counselling waits", 29.0, "Waiting list"),
            ("Digital exclusion", 14.0, "Not accessible"),
        ],
    },
];

/// One borough's illustrative figures: SPLW, HWBC and care coordinator WTE, and unmet need
/// (theme, people, why unmet) — some counts small enough to be suppressed.
struct DemoReturn {
    code: &'static str,
    name: &'static str,
    wte: [f64; 3],
    unmet: &'static [(&'static str, f64, &'static str)],
}

const DEMO_RETURNS: [DemoReturn; 5] = [
    DemoReturn {
        code: "barnet",
        name: "Barnet",
        wte: [24.0, 5.0, 60.0],
        unmet: &[
            (
                "Housing (repairs, damp, mould, waits)",
                38.0,
                "Waiting list",
            ),
            ("Mental health and counselling waits", 26.0, "Waiting list"),
            ("Befriending for the housebound", 9.0, "No service"),
            ("Digital exclusion", 3.0, "Not accessible"),
        ],
    },
    DemoReturn {
        code: "camden",
        name: "Camden",
        wte: [17.0, 1.0, 26.5],
        unmet: &[
            (
                "Housing (repairs, damp, mould, waits)",
                41.0,
                "Waiting list",
            ),
            ("Benefits and financial support", 17.0, "Not accessible"),
            (
                "Activities for young men and adults 25-50",
                4.0,
                "No service",
            ),
        ],
    },
    DemoReturn {
        code: "enfield",
        name: "Enfield",
        wte: [6.0, 5.0, 20.0],
        unmet: &[
            ("Social isolation and loneliness", 22.0, "No service"),
            ("Refugees and non-English speakers", 11.0, "Not accessible"),
            ("Weight management", 2.0, "Not eligible"),
        ],
    },
    DemoReturn {
        code: "haringey",
        name: "Haringey",
        wte: [13.0, 1.0, 52.0],
        unmet: &[
            ("Housing (repairs, damp, mould, waits)", 29.0, "No service"),
            ("Carers", 7.0, "Waiting list"),
            ("Children and young people's provision", 3.0, "No service"),
        ],
    },
    DemoReturn {
        code: "islington",
        name: "Islington",
        wte: [15.5, 3.0, 31.45],
        unmet: &[
            ("Mental health and counselling waits", 33.0, "Waiting list"),
            ("Low mood", 12.0, "Waiting list"),
            ("Frailty and older people", 4.0, "Not accessible"),
        ],
    },
];

/// The template as the borough would fill it; `growth` scales the figures, `broken` puts a
/// WTE above its headcount (so the upload is refused).
fn demo_fill(demo: &DemoReturn, growth: f64, broken: bool) -> crate::returns::template::Fill {
    use crate::returns::template::{Cell, Fill};
    let text = |value: &str| Cell::Text(value.to_owned());
    let roles = [
        "Social prescribing link worker",
        "Health and wellbeing coach",
        "Care coordinator",
    ];
    let workforce = roles
        .iter()
        .zip(demo.wte)
        .map(|(role, wte)| {
            let wte = (wte * growth * 10.0).round() / 10.0;
            let headcount = if broken {
                (wte * 0.8).floor()
            } else {
                (wte * 1.2).ceil()
            };
            vec![
                text("Borough-wide"),
                text(role),
                text("PCN"),
                Cell::Number(headcount),
                Cell::Number(wte),
                Cell::Number(1.0),
            ]
        })
        .collect();
    let unmet_needs = demo
        .unmet
        .iter()
        .map(|(theme, people, why)| {
            vec![
                text(theme),
                Cell::Number((people * growth).round()),
                Cell::Empty,
                text(why),
                Cell::Empty,
            ]
        })
        .collect();
    Fill {
        people_referred: Cell::Number((demo.wte[0] * 22.0 * growth).round()),
        workforce,
        referrals: demo
            .unmet
            .iter()
            .map(|(theme, people, _)| vec![text(theme), Cell::Number((people * 3.0).round())])
            .collect(),
        unmet_needs,
        outcomes: vec![vec![
            Cell::Number(5.1),
            Cell::Number(60.0),
            Cell::Number(6.6),
            Cell::Number(52.0),
        ]],
    }
}

/// Demo content: links the plans' steering-group and community-of-practice actions to
/// recommendations 2 and 4, and gives Camden's steering-group action an owner and status.
async fn seed_borough_plan_links(
    db: &Db,
    lead: &crate::auth::CurrentUser,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    for action in crate::borough_plans::db::all_actions(&mut db.conn().await?).await? {
        let title = action.title.to_lowercase();
        let link = if title.contains("steering group") {
            "2"
        } else if title.contains("community of practice") {
            "4"
        } else {
            continue;
        };
        let status = if action.borough_code == "camden" {
            "on_track"
        } else {
            action.status.code()
        };
        let input = crate::borough_plans::service::ActionInput {
            owner_id: "",
            status,
            due_on: "",
            done_on: "",
            recommendations: link,
        };
        crate::borough_plans::service::update_action(
            db,
            lead,
            action.id,
            action.version,
            input,
            now,
        )
        .await?;
    }
    Ok(())
}
