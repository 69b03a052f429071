//! A community vote: those who run the fund keep a vote round's voters, each with a ballot
//! link; a voter picks projects within the budget, once, while voting is open; a wrong link
//! shows nothing; the tally ranks the projects, and the decision pack follows it.

use app::chest::decisions::DecisionPack;
use app::chest::votes::{BallotState, BallotView, VotersView};
use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";
const VOTES: &str = "SELECT COUNT(*) FROM round_votes";
const VOTERS: &str = "SELECT COUNT(*) FROM round_voters";

async fn vote_round(app: &TestApp) -> i64 {
    count(app, "SELECT id FROM grant_rounds WHERE code = 'ELF-2026-V'").await
}

async fn voters(app: &TestApp, round: i64, cookie: &str) -> Result<VotersView, AppError> {
    call(
        app,
        app::chest::votes::LoadVoters::PATH,
        &[("round", &round.to_string())],
        cookie,
    )
    .await
}

async fn add(app: &TestApp, round: i64, list: &str, cookie: &str) -> Result<(), AppError> {
    call(
        app,
        app::chest::votes::AddVoters::PATH,
        &[("round", &round.to_string()), ("voters", list)],
        cookie,
    )
    .await
}

async fn ballot(app: &TestApp, link: &str) -> Result<BallotView, AppError> {
    call(
        app,
        app::chest::votes::LoadBallot::PATH,
        &[("link", link)],
        "",
    )
    .await
}

async fn vote(app: &TestApp, link: &str, picks: &[i64]) -> Result<(), AppError> {
    let fields: Vec<(String, String)> = std::iter::once(("link".to_owned(), link.to_owned()))
        .chain(
            picks
                .iter()
                .map(|id| (format!("pick[{id}]"), "on".to_owned())),
        )
        .collect();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    call(app, app::chest::votes::CastVote::PATH, &pairs, "").await
}

fn link_of(view: &VotersView, name: &str) -> String {
    view.voters
        .iter()
        .find(|v| v.name == name)
        .map(|v| v.ballot.trim_start_matches("/vote/").to_owned())
        .expect("a voter on the list")
}

async fn voters_vote_within_the_budget_once_and_the_tally_ranks(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;
    let round = vote_round(&app).await;

    // The demo's vote: £3,000 to give, three projects asking £3,700, four voters of whom
    // two have voted.
    let before = voters(&app, round, &lead).await.unwrap();
    assert_eq!(before.state, BallotState::Open);
    assert_eq!(before.budget_pence, 300_000);
    assert_eq!((before.voters.len(), before.voted()), (4, 2));
    let asked: i64 = before.tally.iter().map(|p| p.amount_pence).sum();
    assert_eq!(asked, 370_000);

    // A list with every line wrong gets every error at once and adds nobody.
    let (listed, changes) = (
        count(&app, VOTERS).await,
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
    );
    let long = "x".repeat(101);
    let Err(AppError::Validation(errors)) = add(
        &app,
        round,
        &format!(
            ", Edmonton Green\n{long}, Edmonton\nAmina Yusuf, Edmonton Green\nSam Lee, Angel\nsam  LEE, angel"
        ),
        &lead,
    )
    .await
    else {
        panic!("a wrong list was added");
    };
    let told = errors
        .get("voters")
        .cloned()
        .unwrap_or_default()
        .join(" | ");
    assert_eq!(
        told,
        "Line 1 has no name before its comma | Line 2 is too long: a name and an area of at \
         most 100 characters each | Line 3, Amina Yusuf, is on the list already | Line 5, sam  \
         LEE, is in this list twice"
    );
    assert_eq!(count(&app, VOTERS).await, listed);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        changes
    );
    add(&app, round, "Sam Lee, Angel Edmonton\n\nRuth Ocean", &lead)
        .await
        .unwrap();
    let listed = voters(&app, round, &lead).await.unwrap();
    assert_eq!(listed.voters.len(), 6);
    let sam = link_of(&listed, "Sam Lee");
    let ruth = link_of(&listed, "Ruth Ocean");

    // The ballot shows the projects without their votes, and nothing of the others.
    let shown = ballot(&app, &sam).await.unwrap();
    assert_eq!(shown.voter_name, "Sam Lee");
    assert_eq!(shown.state, BallotState::Open);
    assert!(shown.projects.iter().all(|p| p.votes == 0));
    let ids: Vec<i64> = shown.projects.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), 3);

    // Over the budget, nothing picked, or a project not on the ballot: refused, storing
    // nothing.
    let votes = count(&app, VOTES).await;
    let Err(AppError::Validation(errors)) = vote(&app, &sam, &ids).await else {
        panic!("a vote over the budget was counted");
    };
    assert_eq!(
        errors.get("pick").cloned().unwrap_or_default(),
        [
            "Your picks ask for £3,700.00 and the round has £3,000.00 to give: untick projects \
          asking for at least £700.00"
        ]
    );
    assert!(matches!(
        vote(&app, &sam, &[]).await,
        Err(AppError::Validation(_))
    ));
    assert!(matches!(
        vote(&app, &sam, &[999_999]).await,
        Err(AppError::Validation(_))
    ));
    assert_eq!(count(&app, VOTES).await, votes);

    // Within it: counted once.
    vote(&app, &sam, &ids[..2]).await.unwrap();
    let again = vote(&app, &sam, &ids[2..]).await;
    assert!(
        matches!(again, Err(AppError::BadRequest { .. })),
        "{again:?}"
    );
    assert_eq!(count(&app, VOTES).await, votes + 2);
    let voted = ballot(&app, &sam).await.unwrap();
    assert!(voted.voted_at.is_some());
    assert_eq!(voted.picked.len(), 2);

    // A wrong link shows nothing and counts nothing.
    for wrong in ["0".repeat(32), "not a link".to_owned()] {
        assert!(matches!(
            ballot(&app, &wrong).await,
            Err(AppError::NotFound { .. })
        ));
        assert!(matches!(
            vote(&app, &wrong, &ids[..1]).await,
            Err(AppError::NotFound { .. })
        ));
    }

    // The tally ranks by votes; the decision pack follows it.
    let tally = voters(&app, round, &lead).await.unwrap().tally;
    let votes_in_order: Vec<i64> = tally.iter().map(|p| p.votes).collect();
    let mut sorted = votes_in_order.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(votes_in_order, sorted);
    let pack: DecisionPack = call(
        &app,
        app::chest::decisions::LoadDecisionPack::PATH,
        &[("round", &round.to_string())],
        &lead,
    )
    .await
    .unwrap();
    let pack_order: Vec<i64> = pack.lines.iter().map(|l| l.application.id).collect();
    let tally_order: Vec<i64> = tally.iter().map(|p| p.id).collect();
    assert_eq!(pack_order, tally_order);
    assert_eq!(
        pack.lines.iter().map(|l| l.votes).collect::<Vec<_>>(),
        votes_in_order.iter().map(|v| Some(*v)).collect::<Vec<_>>()
    );

    // Once the first decision is recorded, voting has closed.
    let today = chrono::Utc::now().date_naive().to_string();
    call::<()>(
        &app,
        app::chest::decisions::RecordMeeting::PATH,
        &[
            ("round", &round.to_string()),
            ("held_on", &today),
            ("quorate", "yes"),
        ],
        &lead,
    )
    .await
    .unwrap();
    call::<()>(
        &app,
        app::chest::decisions::DecideApplication::PATH,
        &[
            ("application", &tally[0].id.to_string()),
            ("version", "0"),
            (
                "application_version",
                &count(
                    &app,
                    &format!(
                        "SELECT version FROM grant_applications WHERE id = {}",
                        tally[0].id
                    ),
                )
                .await
                .to_string(),
            ),
            ("outcome", "award"),
            ("amount", "1000"),
        ],
        &lead,
    )
    .await
    .unwrap();
    assert_eq!(
        ballot(&app, &ruth).await.unwrap().state,
        BallotState::Closed
    );
    let late = vote(&app, &ruth, &ids[..1]).await;
    assert!(matches!(late, Err(AppError::BadRequest { .. })), "{late:?}");

    // The voters' workbook lists every voter with their ballot address, and the tally.
    use calamine::Reader;
    let response = app
        .get_as(&format!("/chest/rounds/{round}/voters.xlsx"), Some(&lead))
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Voters").unwrap();
    assert_eq!(sheet.rows().count(), 2 + 6);
    assert!(sheet
        .rows()
        .any(|row| row.iter().any(|c| c.to_string().ends_with(&sam))));
    assert_eq!(
        workbook.worksheet_range("Tally").unwrap().rows().count(),
        2 + 3
    );

    // Only those who run the fund read or change the list.
    let viewer = app.sign_in(VIEWER).await;
    let nel = app.sign_in_as_other_icb_lead().await;
    for cookie in [&viewer, &nel] {
        assert!(matches!(
            voters(&app, round, cookie).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            add(&app, round, "Someone, Somewhere", cookie).await,
            Err(AppError::Forbidden)
        ));
    }
    // A community vote needs the day applications close: voting opens after it.
    let Err(AppError::Validation(errors)) = call::<i64>(
        &app,
        app::chest::rounds::CreateRound::PATH,
        &[
            ("fund", "1"),
            ("code", "ELF-2027-V"),
            ("title", "A rolling vote"),
            ("opens_on", "2027-03-01"),
            ("closes_on", ""),
            ("panel_dates", "2027-06-01"),
            ("method", "vote"),
            ("min_award", "100"),
            ("max_award", "1000"),
        ],
        &lead,
    )
    .await
    else {
        panic!("a rolling vote was set up");
    };
    assert_eq!(
        errors.get("closes_on").cloned().unwrap_or_default(),
        ["A community vote needs the day applications close: voting opens after it"]
    );
    // A panel round has no voters.
    let refused = add(&app, 1, "Someone, Somewhere", &lead).await;
    assert!(
        matches!(refused, Err(AppError::BadRequest { .. })),
        "{refused:?}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action IN ('add_voters', 'cast_vote')"
        )
        .await,
        // the demo's list and two votes; the two added here and Sam's vote
        1 + 2 + 1 + 1
    );
}

both_databases!(voters_vote_within_the_budget_once_and_the_tally_ranks);
