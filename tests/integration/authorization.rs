//! The authorization matrix: every server function and handler that reads or changes data
//! × every role (and signed out, and signed in with no role), each cell checked against the
//! permissions table.
//!
//! EVERY NEW ENDPOINT MUST JOIN THIS TABLE: add it to `Endpoint`, to `ENDPOINTS`, to
//! `call` and to `allowed`. Endpoints that act on one borough get an own-borough and an
//! other-borough cell (the demo borough roles hold Camden; "other" is Barnet). Every
//! endpoint that takes an ICB or a borough also has an own-ICB and an other-ICB cell: the
//! demo's ICB roles hold North Central London, where every record here lives, and the
//! other-ICB lead holds North East London; the regional lead reads them all.
//! The chest's endpoints act on the demo's Enfield Local Fund, which the fund manager (a
//! viewer of NCL otherwise) is appointed to run; "other fund" is a second NCL fund made
//! here, which they are not.
//! A refused call must change nothing: the audit trail is compared before and after.

use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, form, TestApp};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    SignedOut,
    Admin,
    RegionalLead,
    IcbLead,
    /// The ICB lead of North East London: every record in these cells is NCL's.
    OtherIcbLead,
    BoroughLead,
    Submitter,
    PanelMember,
    Viewer,
    /// A viewer of NCL appointed to run Enfield Local Fund (the demo's `FUND_MANAGER`).
    FundManager,
    /// Signed in, but every role removed: as good as signed out, except for their own
    /// password and sessions.
    NoRole,
}

const EVERYONE: [Who; 11] = [
    Who::SignedOut,
    Who::Admin,
    Who::RegionalLead,
    Who::IcbLead,
    Who::OtherIcbLead,
    Who::BoroughLead,
    Who::Submitter,
    Who::PanelMember,
    Who::Viewer,
    Who::FundManager,
    Who::NoRole,
];

impl Who {
    fn email(self) -> Option<&'static str> {
        match self {
            Who::SignedOut => None,
            Who::Admin => Some("admin@demo.linkway.test"),
            Who::RegionalLead => Some("regional.lead@demo.linkway.test"),
            Who::IcbLead => Some("icb.lead@demo.linkway.test"),
            Who::OtherIcbLead => Some(tests::OTHER_ICB_LEAD),
            Who::BoroughLead => Some("camden.lead@demo.linkway.test"),
            Who::Submitter => Some("camden.submitter@demo.linkway.test"),
            Who::PanelMember => Some("panel@demo.linkway.test"),
            Who::Viewer => Some("viewer@demo.linkway.test"),
            Who::FundManager => Some(app::demo::FUND_MANAGER),
            Who::NoRole => Some(tests::NO_ROLE),
        }
    }

    /// Signed in with at least one role (`Permission::SignedInWithRole`).
    fn has_a_role(self) -> bool {
        !matches!(self, Who::SignedOut | Who::NoRole)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    CurrentUser,
    SiteStatus,
    ListBoroughs,
    ListDomains,
    RecommendationsExport,
    ListUsers,
    CreateUser,
    AddRole,
    RemoveRole,
    SetUserActive,
    ResetPassword,
    ChangePassword,
    SearchAudit,
    AuditExport,
    LoadTracker,
    LoadRecommendation,
    LoadMyActions,
    LoadOverview,
    BoardPaperExport,
    SetProgrammeStart,
    UpdatePlan,
    AddMilestone,
    UpdateMilestone,
    AddProgressUpdate,
    AddBoroughLine,
    UpdateOwnBoroughLine,
    UpdateOtherBoroughLine,
    LoadBoroughPlan,
    LoadBoroughAction,
    UpdateOwnBoroughAction,
    UpdateOtherBoroughAction,
    LoadMaturity,
    LoadFramework,
    LoadBoroughMaturity,
    LoadDomainRanking,
    HeatmapExport,
    LoadPublishedRound,
    LoadOpenRound,
    OpenRoundExport,
    LoadOwnModeration,
    LoadOtherModeration,
    CreateOwnRound,
    CreateOtherRound,
    AddParticipant,
    RemoveParticipant,
    MoveRound,
    SubmitRatings,
    DecideDomain,
    DecideGapAction,
    UpdateFramework,
    LoadReturns,
    LoadPeriod,
    LoadOwnBoroughReturn,
    LoadOtherBoroughReturn,
    LoadOwnAttempt,
    LoadOtherSubmission,
    LoadCoverage,
    LoadUnmetNeed,
    LoadReturnSettings,
    CreateReturnPeriod,
    SignOffOwnReturn,
    SignOffOtherReturn,
    RecordPopulation,
    AddNeedTheme,
    SetSuppressionThreshold,
    OwnTemplate,
    OtherTemplate,
    UploadOwnReturn,
    UploadOtherReturn,
    ChaseListExport,
    CoverageExport,
    UnmetNeedExport,
    OwnReturnFile,
    SetWorkforceTarget,
    LoadMyTasks,
    LoadHeadlines,
    LoadOutbox,
    LoadEmailChoices,
    SaveEmailChoices,
    SendChasers,
    LoadRegion,
    AddPcn,
    ImportPcns,
    LoadPcnImport,
    RecordDeprivation,
    LoadOtherIcbTracker,
    LoadLondonTracker,
    LoadOtherIcbMaturity,
    LoadOtherIcbRecommendation,
    ImportOwnRecommendations,
    ImportOtherRecommendations,
    LoadRecommendationImport,
    LoadChest,
    LoadOwnIcbFund,
    FundLedgerExport,
    CreateFund,
    AddContribution,
    AddOtherFundContribution,
    AppointFundManager,
    RemoveFundManager,
    LoadRoundSetup,
    LoadOwnIcbRound,
    CreateRound,
    LoadApply,
    SubmitApplication,
    LoadApplicationStatus,
    AnswerInformationRequest,
    WithdrawApplication,
    LoadOwnIcbApplication,
    ScreenApplication,
    RoundApplicationsExport,
    LoadPanel,
    AppointPanelMember,
    LoadReview,
    DeclareInterest,
    ScoreApplication,
    LoadDecisionPack,
    RecordMeeting,
    LoadDecision,
    DecideApplication,
    DecisionPackExport,
    SendOffer,
    AcceptOffer,
    LoadAward,
    RecordPayment,
    LoadVoters,
    AddVoters,
    VotersExport,
    LoadBallot,
    CastVote,
    SignOutEverywhere,
}

const ENDPOINTS: [Endpoint; 131] = [
    Endpoint::CurrentUser,
    Endpoint::SiteStatus,
    Endpoint::ListBoroughs,
    Endpoint::ListDomains,
    Endpoint::RecommendationsExport,
    Endpoint::ListUsers,
    Endpoint::CreateUser,
    Endpoint::AddRole,
    Endpoint::RemoveRole,
    Endpoint::SetUserActive,
    Endpoint::ResetPassword,
    Endpoint::ChangePassword,
    Endpoint::SearchAudit,
    Endpoint::AuditExport,
    Endpoint::LoadTracker,
    Endpoint::LoadRecommendation,
    Endpoint::LoadMyActions,
    Endpoint::LoadOverview,
    Endpoint::BoardPaperExport,
    Endpoint::SetProgrammeStart,
    Endpoint::UpdatePlan,
    Endpoint::AddMilestone,
    Endpoint::UpdateMilestone,
    Endpoint::AddProgressUpdate,
    Endpoint::AddBoroughLine,
    Endpoint::UpdateOwnBoroughLine,
    Endpoint::UpdateOtherBoroughLine,
    Endpoint::LoadBoroughPlan,
    Endpoint::LoadBoroughAction,
    Endpoint::UpdateOwnBoroughAction,
    Endpoint::UpdateOtherBoroughAction,
    Endpoint::LoadMaturity,
    Endpoint::LoadFramework,
    Endpoint::LoadBoroughMaturity,
    Endpoint::LoadDomainRanking,
    Endpoint::HeatmapExport,
    Endpoint::LoadPublishedRound,
    Endpoint::LoadOpenRound,
    Endpoint::OpenRoundExport,
    Endpoint::LoadOwnModeration,
    Endpoint::LoadOtherModeration,
    Endpoint::CreateOwnRound,
    Endpoint::CreateOtherRound,
    Endpoint::AddParticipant,
    Endpoint::RemoveParticipant,
    Endpoint::MoveRound,
    Endpoint::SubmitRatings,
    Endpoint::DecideDomain,
    Endpoint::DecideGapAction,
    Endpoint::UpdateFramework,
    Endpoint::LoadReturns,
    Endpoint::LoadPeriod,
    Endpoint::LoadOwnBoroughReturn,
    Endpoint::LoadOtherBoroughReturn,
    Endpoint::LoadOwnAttempt,
    Endpoint::LoadOtherSubmission,
    Endpoint::LoadCoverage,
    Endpoint::LoadUnmetNeed,
    Endpoint::LoadReturnSettings,
    Endpoint::CreateReturnPeriod,
    Endpoint::SignOffOwnReturn,
    Endpoint::SignOffOtherReturn,
    Endpoint::RecordPopulation,
    Endpoint::AddNeedTheme,
    Endpoint::SetSuppressionThreshold,
    Endpoint::OwnTemplate,
    Endpoint::OtherTemplate,
    Endpoint::UploadOwnReturn,
    Endpoint::UploadOtherReturn,
    Endpoint::ChaseListExport,
    Endpoint::CoverageExport,
    Endpoint::UnmetNeedExport,
    Endpoint::OwnReturnFile,
    Endpoint::SetWorkforceTarget,
    Endpoint::LoadMyTasks,
    Endpoint::LoadHeadlines,
    Endpoint::LoadOutbox,
    Endpoint::LoadEmailChoices,
    Endpoint::SaveEmailChoices,
    Endpoint::SendChasers,
    Endpoint::LoadRegion,
    Endpoint::AddPcn,
    Endpoint::ImportPcns,
    Endpoint::LoadPcnImport,
    Endpoint::RecordDeprivation,
    Endpoint::LoadOtherIcbTracker,
    Endpoint::LoadLondonTracker,
    Endpoint::LoadOtherIcbMaturity,
    Endpoint::LoadOtherIcbRecommendation,
    Endpoint::ImportOwnRecommendations,
    Endpoint::ImportOtherRecommendations,
    Endpoint::LoadRecommendationImport,
    Endpoint::LoadChest,
    Endpoint::LoadOwnIcbFund,
    Endpoint::FundLedgerExport,
    Endpoint::CreateFund,
    Endpoint::AddContribution,
    Endpoint::AddOtherFundContribution,
    Endpoint::AppointFundManager,
    Endpoint::RemoveFundManager,
    Endpoint::LoadRoundSetup,
    Endpoint::LoadOwnIcbRound,
    Endpoint::CreateRound,
    Endpoint::LoadApply,
    Endpoint::SubmitApplication,
    Endpoint::LoadApplicationStatus,
    Endpoint::AnswerInformationRequest,
    Endpoint::WithdrawApplication,
    Endpoint::LoadOwnIcbApplication,
    Endpoint::ScreenApplication,
    Endpoint::RoundApplicationsExport,
    Endpoint::LoadPanel,
    Endpoint::AppointPanelMember,
    Endpoint::LoadReview,
    Endpoint::DeclareInterest,
    Endpoint::ScoreApplication,
    Endpoint::LoadDecisionPack,
    Endpoint::RecordMeeting,
    Endpoint::LoadDecision,
    Endpoint::DecideApplication,
    Endpoint::DecisionPackExport,
    Endpoint::SendOffer,
    Endpoint::AcceptOffer,
    Endpoint::LoadAward,
    Endpoint::RecordPayment,
    Endpoint::LoadVoters,
    Endpoint::AddVoters,
    Endpoint::VotersExport,
    Endpoint::LoadBallot,
    Endpoint::CastVote,
    // Last: it ends the caller's sessions, so their cookie works for no cell after it.
    Endpoint::SignOutEverywhere,
];

/// The expected answer of each cell.
fn allowed(endpoint: Endpoint, who: Who) -> bool {
    use Endpoint::*;
    // Outside the fund they run, the fund manager is the viewer they otherwise are.
    if who == Who::FundManager && !runs_the_fund(endpoint) {
        return allowed(endpoint, Who::Viewer);
    }
    match endpoint {
        CurrentUser | SiteStatus => true,
        ChangePassword | SignOutEverywhere => who != Who::SignedOut,
        ListBoroughs
        | ListDomains
        | RecommendationsExport
        | LoadTracker
        | LoadRecommendation
        | LoadMyActions
        | LoadOverview
        | BoardPaperExport
        | LoadBoroughPlan
        | LoadMaturity
        | LoadFramework
        | LoadBoroughMaturity
        | LoadDomainRanking
        | HeatmapExport
        | LoadReturns
        | LoadCoverage
        | LoadUnmetNeed
        | LoadReturnSettings
        | CoverageExport
        | UnmetNeedExport
        | LoadMyTasks
        | LoadHeadlines
        | LoadEmailChoices
        | SaveEmailChoices
        | LoadRegion => who.has_a_role(),
        // The other ICB's lead reads their own ICB's pictures (empty here) and finds nothing
        // of NCL's in them: a recommendation, a borough's plan or maturity, or a board paper
        // of an NCL borough is not found, not refused. What names an NCL record is refused.
        // A borough's returns: the readers of its ICB and region and, for Camden, its lead
        // and submitter. The original file holds every count: the ICB and regional teams
        // and the borough's own people.
        OwnReturnFile => matches!(
            who,
            Who::RegionalLead | Who::IcbLead | Who::BoroughLead | Who::Submitter
        ),
        LoadOwnBoroughReturn | LoadOwnAttempt | OwnTemplate => matches!(
            who,
            Who::Admin
                | Who::RegionalLead
                | Who::IcbLead
                | Who::BoroughLead
                | Who::Submitter
                | Who::Viewer
        ),
        LoadOtherBoroughReturn | LoadOtherSubmission | OtherTemplate => {
            matches!(
                who,
                Who::Admin | Who::RegionalLead | Who::IcbLead | Who::Viewer
            )
        }
        // An NCL period: read in NCL and across the region.
        LoadPeriod => who.has_a_role() && who != Who::OtherIcbLead,
        UploadOwnReturn => matches!(who, Who::BoroughLead | Who::Submitter),
        SignOffOwnReturn => who == Who::BoroughLead,
        UploadOtherReturn | SignOffOtherReturn => false,
        // Each ICB lead opens their own ICB's periods.
        CreateReturnPeriod => matches!(who, Who::IcbLead | Who::OtherIcbLead),
        // The threshold and the coverage targets are shared by every ICB: administrators'.
        SetSuppressionThreshold | SetWorkforceTarget => who == Who::Admin,
        // Chasing an NCL period is NCL's.
        ChaseListExport | SendChasers => who == Who::IcbLead,
        LoadOutbox => who == Who::Admin,
        RecordPopulation | AddNeedTheme | AddPcn | ImportPcns | LoadPcnImport
        | RecordDeprivation => who == Who::Admin,
        // The demo's Camden round in moderation: its borough's lead and NCL's ICB lead run
        // it; the Camden lead and submitter rated in it.
        LoadOpenRound | OpenRoundExport => {
            matches!(who, Who::IcbLead | Who::BoroughLead | Who::Submitter)
        }
        SubmitRatings => matches!(who, Who::BoroughLead | Who::Submitter),
        LoadOwnModeration | CreateOwnRound | AddParticipant | RemoveParticipant | MoveRound
        | DecideDomain | DecideGapAction => matches!(who, Who::IcbLead | Who::BoroughLead),
        LoadOtherModeration | CreateOtherRound => who == Who::IcbLead,
        UpdateFramework => who == Who::Admin,
        // Each ICB lead sets their own review's programme start.
        SetProgrammeStart => matches!(who, Who::IcbLead | Who::OtherIcbLead),
        // Planning NCL's recommendations is NCL's ICB lead's; recommendation 3 is owned by
        // the ICB lead in the demo. The forms name NCL, which the other ICB's lead does not
        // reach: refused, and nothing changes.
        UpdatePlan | AddMilestone | AddProgressUpdate | AddBoroughLine => who == Who::IcbLead,
        // Recommendation 2 and its milestone are owned by the Camden lead in the demo; the
        // Camden line and plan action are their borough's, the Barnet ones another's.
        UpdateMilestone | UpdateOwnBoroughLine | UpdateOwnBoroughAction => {
            matches!(who, Who::IcbLead | Who::BoroughLead)
        }
        UpdateOtherBoroughLine | UpdateOtherBoroughAction => who == Who::IcbLead,
        // An NCL plan action: read in NCL and across the region.
        LoadBoroughAction => who.has_a_role() && who != Who::OtherIcbLead,
        // A published NCL round: likewise.
        LoadPublishedRound => who.has_a_role() && who != Who::OtherIcbLead,
        ListUsers | CreateUser | AddRole | RemoveRole | SetUserActive | ResetPassword => {
            who == Who::Admin
        }
        // NEL's tracker, maturity and recommendation: read in NEL and across the region.
        // London's comparison of the trackers: the region's readers.
        LoadOtherIcbTracker | LoadOtherIcbMaturity | LoadOtherIcbRecommendation => {
            matches!(who, Who::Admin | Who::RegionalLead | Who::OtherIcbLead)
        }
        LoadLondonTracker => matches!(who, Who::Admin | Who::RegionalLead),
        // Each ICB lead loads their own ICB's recommendations.
        ImportOwnRecommendations => who == Who::IcbLead,
        ImportOtherRecommendations => who == Who::OtherIcbLead,
        // A load nobody made is not found by anyone signed in with a role.
        LoadRecommendationImport => who.has_a_role(),
        // The chest: every role sees the funds it reads. The demo's Enfield Local Fund is
        // NCL's: read by every role there and across the region, not by NEL's lead. NCL's
        // ICB lead and the regional lead start funds for Camden too, and run every NCL fund.
        LoadChest => who.has_a_role(),
        LoadOwnIcbFund | FundLedgerExport => who.has_a_role() && who != Who::OtherIcbLead,
        CreateFund | AddOtherFundContribution => matches!(who, Who::IcbLead | Who::RegionalLead),
        // Enfield Local Fund is run by those who run every NCL fund and by its appointed
        // manager, who appoint others and end appointments.
        AddContribution | AppointFundManager | RemoveFundManager => runs(who),
        // Its rounds are read as the fund is, and set up by those who run it.
        LoadOwnIcbRound => who.has_a_role() && who != Who::OtherIcbLead,
        LoadRoundSetup | CreateRound => runs(who),
        // An open round's page and form are public, and so is an application's private
        // page for whoever holds its link; its contact and screening are the fund's.
        LoadApply
        | SubmitApplication
        | LoadApplicationStatus
        | AnswerInformationRequest
        | WithdrawApplication => true,
        LoadOwnIcbApplication | ScreenApplication | RoundApplicationsExport => runs(who),
        // The demo round's panel: the panel member is appointed to it, and it is run by
        // those who run the fund; only a member declares and scores.
        LoadPanel | LoadReview => runs(who) || who == Who::PanelMember,
        AppointPanelMember => runs(who),
        DeclareInterest | ScoreApplication => who == Who::PanelMember,
        // The decision pack, meetings and decisions: those who run the fund, and no one
        // else (not the panel, whose conflicts the pack lists).
        LoadDecisionPack | RecordMeeting | LoadDecision | DecideApplication
        | DecisionPackExport => runs(who),
        // The offer of an award: sent by those who run the fund, accepted by whoever holds
        // the application's link.
        SendOffer => runs(who),
        AcceptOffer => true,
        // An award and its payments: those who run the fund.
        LoadAward | RecordPayment => runs(who),
        // The demo's community vote: its list is kept by those who run the fund; a ballot
        // is for whoever holds its link.
        LoadVoters | AddVoters | VotersExport => runs(who),
        LoadBallot | CastVote => true,
        // The whole trail spans every ICB: the region's readers.
        SearchAudit | AuditExport => matches!(who, Who::Admin | Who::RegionalLead),
    }
}

/// Whether `who` runs Enfield Local Fund: NCL's ICB lead and the regional lead run every
/// NCL fund; the fund manager is appointed to it.
fn runs(who: Who) -> bool {
    matches!(who, Who::IcbLead | Who::RegionalLead | Who::FundManager)
}

/// The endpoints where running Enfield Local Fund counts: the fund manager's cells that
/// differ from a viewer's.
fn runs_the_fund(endpoint: Endpoint) -> bool {
    use Endpoint::*;
    matches!(
        endpoint,
        AddContribution
            | AppointFundManager
            | RemoveFundManager
            | LoadRoundSetup
            | CreateRound
            | LoadOwnIcbApplication
            | ScreenApplication
            | RoundApplicationsExport
            | LoadPanel
            | LoadReview
            | AppointPanelMember
            | LoadDecisionPack
            | RecordMeeting
            | LoadDecision
            | DecideApplication
            | DecisionPackExport
            | SendOffer
            | LoadAward
            | RecordPayment
            | LoadVoters
            | AddVoters
            | VotersExport
    )
}

/// Whether the server refused the call for authorization (401/403 with that error).
async fn refused(response: reqwest::Response) -> bool {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    match status {
        401 | 403 => true,
        _ => matches!(
            serde_json::from_str::<AppError>(&text),
            Ok(AppError::Unauthorized | AppError::Forbidden | AppError::PasswordChangeRequired)
        ),
    }
}

async fn call(
    app: &TestApp,
    endpoint: Endpoint,
    cookie: Option<&str>,
    target: i64,
) -> reqwest::Response {
    use Endpoint::*;
    let target = target.to_string();
    let role = |role: &str| {
        form(&[
            ("input[user_id]", &target),
            ("input[role]", role),
            ("input[borough]", ""),
            ("input[icb]", "NCL"),
        ])
    };
    let (path, body) = match endpoint {
        CurrentUser => (app::auth::CurrentUserFn::PATH, String::new()),
        SiteStatus => (app::site::LoadSiteStatus::PATH, String::new()),
        ListBoroughs => (app::boroughs::ListBoroughs::PATH, String::new()),
        ListDomains => (app::maturity::ListDomains::PATH, String::new()),
        RecommendationsExport => return app.get_as("/recommendations.xlsx", cookie).await,
        AuditExport => return app.get_as("/admin/audit.xlsx?action=sign_in", cookie).await,
        SearchAudit => (
            app::audit_trail::SearchAudit::PATH,
            form(&[("filter[action]", "sign_in")]),
        ),
        LoadTracker => (
            app::recommendations::LoadTracker::PATH,
            form(&[("filter[sort]", "derived")]),
        ),
        LoadRecommendation => (
            app::recommendations::LoadRecommendation::PATH,
            "number=2".to_owned(),
        ),
        LoadMyActions => (app::recommendations::LoadMyActions::PATH, String::new()),
        LoadOverview => (app::recommendations::LoadOverview::PATH, String::new()),
        BoardPaperExport => {
            return app
                .get_as("/recommendations/board-paper.xlsx?borough=camden", cookie)
                .await
        }
        SetProgrammeStart => (
            app::recommendations::SetProgrammeStart::PATH,
            form(&[("programme_start", "2025-03-01"), ("version", "1")]),
        ),
        UpdatePlan => (
            app::recommendations::UpdatePlan::PATH,
            form(&[
                ("number", "3"),
                ("owner", ""),
                ("lead_organisation", "NCL ICB"),
                ("version", "1"),
                ("icb", "NCL"),
            ]),
        ),
        AddMilestone => (
            app::recommendations::AddMilestone::PATH,
            form(&[
                ("number", "3"),
                ("title", "Matrix milestone"),
                ("due_on", "2026-01-01"),
                ("owner_id", ""),
                ("icb", "NCL"),
            ]),
        ),
        UpdateMilestone => {
            let id = id_of(app, "SELECT MIN(milestone_id) FROM milestone_revisions").await;
            (
                app::recommendations::UpdateMilestone::PATH,
                form(&[
                    ("id", &id),
                    ("version", "1"),
                    ("title", "Matrix"),
                    ("due_on", "2026-01-01"),
                    ("done_on", ""),
                    ("owner_id", ""),
                ]),
            )
        }
        AddProgressUpdate => (
            app::recommendations::AddProgressUpdate::PATH,
            form(&[
                ("number", "3"),
                ("status", "on_track"),
                ("commentary", "Matrix"),
                ("percent_complete", "5"),
                ("evidence", ""),
                ("reported_on", "2026-01-01"),
                ("icb", "NCL"),
            ]),
        ),
        AddBoroughLine => (
            app::recommendations::AddBoroughLine::PATH,
            form(&[("number", "3"), ("borough", "enfield"), ("icb", "NCL")]),
        ),
        UpdateOwnBoroughLine | UpdateOtherBoroughLine => {
            let borough = if endpoint == UpdateOwnBoroughLine {
                "camden"
            } else {
                "barnet"
            };
            let id = id_of(app, &format!("SELECT l.id FROM borough_lines l JOIN boroughs b ON b.id = l.borough_id WHERE b.code = '{borough}'")).await;
            (
                app::recommendations::UpdateBoroughLine::PATH,
                form(&[
                    ("id", &id),
                    ("version", "1"),
                    ("owner_id", ""),
                    ("status", "on_track"),
                    ("note", "Matrix"),
                ]),
            )
        }
        LoadBoroughPlan => (
            app::borough_plans::LoadBoroughPlan::PATH,
            "borough=camden".to_owned(),
        ),
        LoadBoroughAction => (
            app::borough_plans::LoadBoroughAction::PATH,
            "id=1".to_owned(),
        ),
        UpdateOwnBoroughAction | UpdateOtherBoroughAction => {
            let borough = if endpoint == UpdateOwnBoroughAction {
                "camden"
            } else {
                "barnet"
            };
            let id = id_of(app, &format!("SELECT MIN(a.id) FROM borough_actions a JOIN boroughs b ON b.id = a.borough_id WHERE b.code = '{borough}'")).await;
            (
                app::borough_plans::UpdateBoroughAction::PATH,
                form(&[
                    ("id", &id),
                    ("version", "1"),
                    ("owner_id", ""),
                    ("status", "on_track"),
                    ("due_on", ""),
                    ("done_on", ""),
                    ("recommendations", ""),
                ]),
            )
        }
        LoadMaturity => (app::maturity::LoadMaturity::PATH, String::new()),
        LoadOtherIcbMaturity => (app::maturity::LoadMaturity::PATH, "area=NEL".to_owned()),
        LoadOtherIcbTracker | LoadLondonTracker => (
            app::recommendations::LoadTracker::PATH,
            form(&[(
                "filter[area]",
                if endpoint == LoadLondonTracker { "london" } else { "NEL" },
            )]),
        ),
        LoadOtherIcbRecommendation => {
            nel_recommendation(app).await;
            (
                app::recommendations::LoadRecommendation::PATH,
                "number=1&icb=NEL".to_owned(),
            )
        }
        ImportOwnRecommendations | ImportOtherRecommendations => {
            let icb = if endpoint == ImportOwnRecommendations { "NCL" } else { "NEL" };
            let boundary = "matrixboundary";
            let body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nnot a workbook\r\n--{boundary}--\r\n");
            let mut request = app
                .http
                .post(app.url(&format!("/recommendations/import/{icb}")))
                .header("content-type", format!("multipart/form-data; boundary={boundary}"))
                .body(body);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            return request.send().await.unwrap();
        }
        LoadChest => (app::chest::LoadChest::PATH, String::new()),
        LoadOwnIcbFund => (app::chest::LoadFund::PATH, "id=1".to_owned()),
        FundLedgerExport => return app.get_as("/chest/funds/1/ledger.xlsx", cookie).await,
        CreateFund => (
            app::chest::CreateFund::PATH,
            form(&[
                ("name", "Matrix fund"),
                ("place", "camden"),
                ("holder_name", "Camden Giving"),
                ("holder_org_id", "GB-CHC-1234567"),
                ("identifier_prefix", &format!("360G-matrix-{target}")),
            ]),
        ),
        AddContribution | AddOtherFundContribution => (
            app::chest::AddContribution::PATH,
            form(&[
                (
                    "fund",
                    &if endpoint == AddContribution { "1".to_owned() } else { other_fund(app).await },
                ),
                ("contributor_name", "Matrix Trust"),
                ("contributor_org_id", ""),
                ("amount", "100"),
                ("pledged_on", "2026-06-01"),
            ]),
        ),
        AppointFundManager => (
            app::chest::AppointFundManager::PATH,
            form(&[("fund", "1"), ("manager", &target)]),
        ),
        RemoveFundManager => {
            app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
                sqlx::query("INSERT INTO fund_managers (fund_id, user_id) VALUES (1, $1)")
                    .bind(target.parse::<i64>().unwrap())
                    .execute(c)
                    .await
                    .map(|_| ())
            })
            .unwrap();
            (
                app::chest::RemoveFundManager::PATH,
                form(&[("fund", "1"), ("manager", &target)]),
            )
        }
        LoadRoundSetup => (
            app::chest::rounds::LoadRoundSetup::PATH,
            "fund=1".to_owned(),
        ),
        LoadOwnIcbRound => (app::chest::rounds::LoadRound::PATH, "id=1".to_owned()),
        CreateRound => (
            app::chest::rounds::CreateRound::PATH,
            form(&[
                ("fund", "1"),
                ("code", &format!("MATRIX-{target}")),
                ("title", "Matrix round"),
                ("opens_on", "2027-03-01"),
                ("closes_on", "2027-03-31"),
                ("method", "panel"),
                ("min_award", "1"),
                ("max_award", "1"),
                ("allocation[1]", "1"),
                ("priority[1]", "on"),
                ("label[0]", "Need"),
                ("weight[0]", "1"),
                ("levels[0]", "a\nb\nc\nd\ne\nf"),
            ]),
        ),
        LoadApply => (app::chest::applications::LoadApply::PATH, "round=1".to_owned()),
        SubmitApplication => {
            let gates: Vec<String> = app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
                sqlx::query_scalar::<_, i64>("SELECT id FROM round_gates WHERE round_id = 1")
                    .fetch_all(c)
                    .await
            })
            .unwrap()
            .iter()
            .map(|gate| format!("answer[{gate}]"))
            .collect();
            let token = format!("{:032x}", target.parse::<u128>().unwrap_or_default());
            let day = |days| (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string();
            let (starts, ends) = (day(30), day(60));
            let mut fields: Vec<(&str, &str)> = vec![
                ("round", "1"),
                ("token", &token),
                ("org_name", "Matrix Group"),
                ("org_type", "community_group"),
                ("postcode", "N9 0PZ"),
                ("borough", "enfield"),
                ("wards", "Edmonton Green"),
                ("contact_name", "Matrix Contact"),
                ("contact_email", "matrix@example.org"),
                ("project_title", "Matrix project"),
                ("summary", "Matrix"),
                ("description", "Matrix"),
                ("amount", "300"),
                ("item[0]", "Matrix"),
                ("cost[0]", "300"),
                ("beneficiaries", "10"),
                ("beneficiaries_where", "Matrix"),
                ("starts_on", &starts),
                ("ends_on", &ends),
            ];
            fields.extend(gates.iter().map(|gate| (gate.as_str(), "yes")));
            let priority = format!(
                "priority[{}]",
                id_of(app, "SELECT MIN(theme_id) FROM round_priorities WHERE round_id = 1").await
            );
            fields.push((&priority, "on"));
            let body = form(&fields);
            return app
                .post_form(app::chest::applications::SubmitApplication::PATH, &body, cookie)
                .await;
        }
        LoadApplicationStatus => (
            app::chest::applications::LoadApplicationStatus::PATH,
            form(&[("link", &matrix_application(app, &target, "submitted").await.1)]),
        ),
        AnswerInformationRequest => (
            app::chest::applications::AnswerInformationRequest::PATH,
            form(&[
                ("link", &matrix_application(app, &target, "more_info").await.1),
                ("version", "1"),
                ("response", "Matrix answer"),
            ]),
        ),
        WithdrawApplication => (
            app::chest::applications::WithdrawApplication::PATH,
            form(&[
                ("link", &matrix_application(app, &target, "submitted").await.1),
                ("version", "1"),
                ("confirm", "yes"),
            ]),
        ),
        LoadOwnIcbApplication => (
            app::chest::applications::LoadApplication::PATH,
            format!("id={}", matrix_application(app, &target, "submitted").await.0),
        ),
        ScreenApplication => (
            app::chest::applications::ScreenApplication::PATH,
            form(&[
                ("id", &matrix_application(app, &target, "submitted").await.0.to_string()),
                ("version", "1"),
                ("outcome", "eligible"),
            ]),
        ),
        RoundApplicationsExport => {
            return app.get_as("/chest/rounds/1/applications.xlsx", cookie).await
        }
        LoadPanel => (app::chest::panel::LoadPanel::PATH, "round=1".to_owned()),
        AppointPanelMember => (
            app::chest::panel::AppointPanelMember::PATH,
            form(&[
                ("round", "1"),
                ("member", &id_of(app, "SELECT id FROM users WHERE email = 'panel@demo.linkway.test'").await),
            ]),
        ),
        LoadReview => (
            app::chest::panel::LoadReview::PATH,
            format!("application={}", matrix_application(app, &target, "eligible").await.0),
        ),
        DeclareInterest => (
            app::chest::panel::DeclareInterest::PATH,
            form(&[
                ("application", &matrix_application(app, &target, "eligible").await.0.to_string()),
                ("interest", "none"),
            ]),
        ),
        ScoreApplication => {
            let (id, _) = matrix_application(app, &target, "eligible").await;
            app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
                sqlx::query(
                    "INSERT INTO panel_declarations (application_id, user_id, interest, note, declared_at) \
                     SELECT $1, id, 'none', '', $2 FROM users WHERE email = 'panel@demo.linkway.test'",
                )
                .bind(id)
                .bind(chrono::Utc::now())
                .execute(c)
                .await
                .map(|_| ())
            })
            .unwrap();
            let criteria: Vec<i64> = app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
                sqlx::query_scalar::<_, i64>("SELECT id FROM round_criteria WHERE round_id = 1")
                    .fetch_all(c)
                    .await
            })
            .unwrap();
            let names: Vec<String> = criteria.iter().map(|c| format!("score[{c}]")).collect();
            let id = id.to_string();
            let mut fields: Vec<(&str, &str)> =
                vec![("application", id.as_str()), ("recommendation", "yes")];
            fields.extend(names.iter().map(|name| (name.as_str(), "3")));
            (app::chest::panel::ScoreApplication::PATH, form(&fields))
        }
        LoadDecisionPack => (
            app::chest::decisions::LoadDecisionPack::PATH,
            "round=1".to_owned(),
        ),
        RecordMeeting => (
            app::chest::decisions::RecordMeeting::PATH,
            form(&[
                ("round", "1"),
                ("held_on", &chrono::Utc::now().date_naive().to_string()),
                ("quorate", "no"),
            ]),
        ),
        LoadDecision => (
            app::chest::decisions::LoadDecision::PATH,
            format!("application={}", matrix_application(app, &target, "eligible").await.0),
        ),
        DecideApplication => {
            matrix_meeting(app).await;
            (
                app::chest::decisions::DecideApplication::PATH,
                form(&[
                    ("application", &matrix_application(app, &target, "eligible").await.0.to_string()),
                    ("version", "0"),
                    ("application_version", "1"),
                    ("outcome", "decline"),
                    ("feedback", "Matrix feedback"),
                ]),
            )
        }
        DecisionPackExport => {
            return app.get_as("/chest/rounds/1/decision-pack.xlsx", cookie).await
        }
        SendOffer => {
            let (application, _) = matrix_application(app, &target, "eligible").await;
            matrix_award(app, application, false).await;
            (
                app::chest::awards::SendOffer::PATH,
                form(&[("application", &application.to_string()), ("version", "1")]),
            )
        }
        LoadAward | RecordPayment => {
            let (application, _) = matrix_application(app, &target, "eligible").await;
            let award = matrix_award(app, application, true).await;
            if endpoint == LoadAward {
                (app::chest::awards::LoadAward::PATH, format!("id={award}"))
            } else {
                app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
                    sqlx::query("UPDATE grant_awards SET status = 'accepted' WHERE id = $1")
                        .bind(award)
                        .execute(c)
                        .await
                        .map(|_| ())
                })
                .unwrap();
                (
                    app::chest::awards::RecordPayment::PATH,
                    form(&[
                        ("award", &award.to_string()),
                        ("version", "1"),
                        ("paid_on", &chrono::Utc::now().date_naive().to_string()),
                        ("amount", "100"),
                        ("reference", "BACS-MATRIX"),
                        ("outcome", "paid"),
                    ]),
                )
            }
        }
        AcceptOffer => {
            let (application, link) = matrix_application(app, &target, "eligible").await;
            matrix_award(app, application, true).await;
            (
                app::chest::awards::AcceptOffer::PATH,
                form(&[
                    ("link", &link),
                    ("version", "1"),
                    ("name", "Matrix Person"),
                    ("accept", "yes"),
                ]),
            )
        }
        LoadVoters => (
            app::chest::votes::LoadVoters::PATH,
            format!("round={}", vote_round(app).await),
        ),
        AddVoters => (
            app::chest::votes::AddVoters::PATH,
            form(&[
                ("round", &vote_round(app).await),
                ("voters", &format!("Matrix voter {target}, Edmonton")),
            ]),
        ),
        VotersExport => {
            let path = format!("/chest/rounds/{}/voters.xlsx", vote_round(app).await);
            return app.get_as(&path, cookie).await;
        }
        LoadBallot => (
            app::chest::votes::LoadBallot::PATH,
            form(&[("link", &matrix_voter(app, &target).await)]),
        ),
        CastVote => {
            let project = id_of(
                app,
                "SELECT MIN(a.id) FROM grant_applications a JOIN grant_rounds r \
                 ON r.id = a.round_id WHERE r.code = 'ELF-2026-V' AND a.status = 'eligible'",
            )
            .await;
            (
                app::chest::votes::CastVote::PATH,
                form(&[
                    ("link", &matrix_voter(app, &target).await),
                    (&format!("pick[{project}]"), "on"),
                ]),
            )
        }
        LoadRecommendationImport => (
            app::recommendations::LoadRecommendationImport::PATH,
            "id=999999".to_owned(),
        ),
        LoadFramework => (
            app::maturity::LoadFramework::PATH,
            form(&[("version", "1")]),
        ),
        LoadBoroughMaturity => (
            app::maturity::LoadBoroughMaturity::PATH,
            form(&[("borough", "camden")]),
        ),
        LoadDomainRanking => (
            app::maturity::LoadDomainRanking::PATH,
            form(&[("position", "4")]),
        ),
        HeatmapExport => return app.get_as("/maturity/heatmap.xlsx", cookie).await,
        LoadPublishedRound => (
            app::maturity::LoadRound::PATH,
            format!("id={}", round_of(app, "barnet").await),
        ),
        LoadOpenRound => (
            app::maturity::LoadRound::PATH,
            format!("id={}", open_round(app).await),
        ),
        OpenRoundExport => {
            let path = format!("/maturity/rounds/{}/export.xlsx", open_round(app).await);
            return app.get_as(&path, cookie).await;
        }
        LoadOwnModeration => (
            app::maturity::LoadModeration::PATH,
            format!("id={}", open_round(app).await),
        ),
        LoadOtherModeration => (
            app::maturity::LoadModeration::PATH,
            format!("id={}", round_of(app, "barnet").await),
        ),
        CreateOwnRound | CreateOtherRound => (
            app::maturity::CreateRound::PATH,
            form(&[
                (
                    "borough",
                    if endpoint == CreateOwnRound {
                        "camden"
                    } else {
                        "barnet"
                    },
                ),
                ("title", "Matrix round"),
                ("held_on", "2026-11-01"),
            ]),
        ),
        AddParticipant | RemoveParticipant => (
            if endpoint == AddParticipant {
                app::maturity::AddParticipant::PATH
            } else {
                app::maturity::RemoveParticipant::PATH
            },
            form(&[
                ("round", &open_round(app).await.to_string()),
                ("participant", &target),
            ]),
        ),
        MoveRound => (
            app::maturity::MoveRound::PATH,
            form(&[
                ("round", &open_round(app).await.to_string()),
                ("to", "agreed"),
            ]),
        ),
        SubmitRatings => (
            app::maturity::SubmitRatings::PATH,
            form(&[
                ("round", &open_round(app).await.to_string()),
                ("ratings[0][domain]", "1"),
                ("ratings[0][level]", "2"),
                ("ratings[0][evidence]", "Matrix"),
            ]),
        ),
        DecideDomain => (
            app::maturity::DecideDomain::PATH,
            form(&[
                ("round", &open_round(app).await.to_string()),
                ("domain", "1"),
                ("version", "1"),
                ("level", "3"),
                ("target_level", "4"),
                ("rationale", "Matrix"),
            ]),
        ),
        DecideGapAction => (
            app::maturity::DecideGapAction::PATH,
            form(&[
                ("round", &open_round(app).await.to_string()),
                ("domain", "1"),
                ("version", "0"),
                ("title", "Matrix action"),
                ("decision", "accept"),
            ]),
        ),
        UpdateFramework => (
            app::maturity::UpdateFramework::PATH,
            form(&[
                ("domain", "1"),
                ("version", "1"),
                ("levels[0][level]", "1"),
                ("levels[0][name]", "Emerging"),
                ("levels[0][descriptor]", "Matrix wording"),
            ]),
        ),
        ListUsers => (app::admin::ListUsers::PATH, String::new()),
        LoadReturns => (app::returns::LoadReturns::PATH, String::new()),
        LoadPeriod => (
            app::returns::LoadPeriod::PATH,
            format!("id={}", current_period(app).await),
        ),
        LoadOwnBoroughReturn | LoadOtherBoroughReturn => (
            app::returns::LoadBoroughReturn::PATH,
            form(&[
                ("period", &current_period(app).await.to_string()),
                ("borough", if endpoint == LoadOwnBoroughReturn { "camden" } else { "barnet" }),
            ]),
        ),
        LoadOwnAttempt => (
            app::returns::LoadAttempt::PATH,
            format!("id={}", id_of(app, "SELECT MIN(a.id) FROM return_attempts a JOIN boroughs b ON b.id = a.borough_id WHERE b.code = 'camden'").await),
        ),
        LoadOtherSubmission => (
            app::returns::LoadSubmission::PATH,
            format!("id={}", submission_of(app, "barnet").await),
        ),
        LoadCoverage => (app::returns::LoadCoverage::PATH, String::new()),
        LoadUnmetNeed => (app::returns::LoadUnmetNeed::PATH, form(&[("quarter", "")])),
        LoadReturnSettings => (app::returns::LoadReturnSettings::PATH, String::new()),
        CreateReturnPeriod => (
            app::returns::CreateReturnPeriod::PATH,
            form(&[
                ("financial_year", "2031"),
                ("quarter", "2"),
                ("opens_on", "2031-10-01"),
                ("due_on", "2031-10-31"),
                ("closes_on", "2031-11-30"),
            ]),
        ),
        SignOffOwnReturn | SignOffOtherReturn => (
            app::returns::SignOffReturn::PATH,
            format!(
                "submission={}",
                submission_of(app, if endpoint == SignOffOwnReturn { "camden" } else { "barnet" }).await
            ),
        ),
        RecordPopulation => (
            app::returns::RecordPopulation::PATH,
            form(&[
                ("borough", "enfield"),
                ("effective_from", "2025-04-01"),
                ("population", "330000"),
                ("source", "Matrix figure"),
            ]),
        ),
        AddNeedTheme => (
            app::returns::AddNeedTheme::PATH,
            form(&[("name", &format!("Matrix theme {target}"))]),
        ),
        SetSuppressionThreshold => (
            app::returns::SetSuppressionThreshold::PATH,
            form(&[("threshold", "6"), ("version", "0")]),
        ),
        SetWorkforceTarget => (
            app::returns::SetWorkforceTarget::PATH,
            form(&[("role", "hwbc"), ("per_10k", "0.3"), ("source", "Matrix plan")]),
        ),
        LoadMyTasks => (app::tasks::LoadMyTasks::PATH, String::new()),
        LoadHeadlines => (app::home::headlines::LoadHeadlines::PATH, String::new()),
        LoadOutbox => (app::email::LoadOutbox::PATH, String::new()),
        LoadEmailChoices => (app::email::LoadEmailChoices::PATH, String::new()),
        SaveEmailChoices => (
            app::email::SaveEmailChoices::PATH,
            form(
                &app::email::MessageKind::chosen()
                    .map(|kind| (format!("choices[{}]", kind.code()), "weekly"))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|(name, value)| (name.as_str(), *value))
                    .collect::<Vec<_>>(),
            ),
        ),
        LoadRegion => (app::boroughs::LoadRegion::PATH, String::new()),
        AddPcn => (
            app::boroughs::AddPcn::PATH,
            form(&[
                ("code", &format!("M{target}")),
                ("name", "Matrix PCN"),
                ("borough", "camden"),
            ]),
        ),
        SendChasers => (
            app::returns::SendChasers::PATH,
            format!("period={}", current_period(app).await),
        ),
        OwnTemplate | OtherTemplate => {
            let borough = if endpoint == OwnTemplate { "camden" } else { "barnet" };
            let path = format!("/returns/periods/{}/boroughs/{borough}/template.xlsx", current_period(app).await);
            return app.get_as(&path, cookie).await;
        }
        UploadOwnReturn | UploadOtherReturn => {
            let borough = if endpoint == UploadOwnReturn { "camden" } else { "barnet" };
            let boundary = "matrixboundary";
            let body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nnot a workbook\r\n--{boundary}--\r\n");
            let mut request = app
                .http
                .post(app.url(&format!("/returns/periods/{}/boroughs/{borough}/upload", current_period(app).await)))
                .header("content-type", format!("multipart/form-data; boundary={boundary}"))
                .body(body);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            return request.send().await.unwrap();
        }
        ImportPcns => {
            let boundary = "matrixboundary";
            let body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nnot a workbook\r\n--{boundary}--\r\n");
            let mut request = app
                .http
                .post(app.url("/admin/areas/pcns"))
                .header("content-type", format!("multipart/form-data; boundary={boundary}"))
                .body(body);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            return request.send().await.unwrap();
        }
        LoadPcnImport => (app::boroughs::LoadPcnImport::PATH, "id=1".to_owned()),
        RecordDeprivation => (
            app::returns::RecordDeprivation::PATH,
            form(&[
                ("borough", "enfield"),
                ("score", "22.5"),
                ("year", "2019"),
                ("source", "Matrix indices"),
            ]),
        ),
        ChaseListExport => {
            let path = format!("/returns/periods/{}/chase-list.xlsx", current_period(app).await);
            return app.get_as(&path, cookie).await;
        }
        CoverageExport => return app.get_as("/workforce/coverage.xlsx", cookie).await,
        UnmetNeedExport => return app.get_as("/unmet-need/export.xlsx", cookie).await,
        OwnReturnFile => {
            let path = format!("/returns/submissions/{}/file", submission_of(app, "camden").await);
            return app.get_as(&path, cookie).await;
        }
        CreateUser => (
            app::admin::CreateUser::PATH,
            form(&[
                ("input[name]", "Matrix Person"),
                ("input[email]", "matrix.person@demo.linkway.test"),
                ("input[organisation]", "NCL ICB"),
                ("input[role]", "viewer"),
                ("input[borough]", ""),
            ]),
        ),
        AddRole => (app::admin::AddRole::PATH, role("icb_lead")),
        RemoveRole => (app::admin::RemoveRole::PATH, role("viewer")),
        SetUserActive => (
            app::admin::SetUserActive::PATH,
            form(&[("user_id", &target), ("active", "false")]),
        ),
        ResetPassword => (
            app::admin::ResetPassword::PATH,
            form(&[("user_id", &target)]),
        ),
        SignOutEverywhere => (app::auth::SignOutEverywhere::PATH, String::new()),
        // A wrong current password: an authorised caller gets a field error, not a refusal.
        ChangePassword => (
            app::admin::ChangePassword::PATH,
            form(&[
                ("current_password", "not-my-password"),
                ("new_password", "a long enough new password"),
                ("confirm_password", "a long enough new password"),
            ]),
        ),
    };
    app.post_form(path, &body, cookie).await
}

/// A borough's first (in the demo, its published baseline) assessment round.
async fn round_of(app: &TestApp, borough: &str) -> i64 {
    id_of(app, &format!("SELECT MIN(r.id) FROM assessment_rounds r JOIN boroughs b ON b.id = r.borough_id WHERE b.code = '{borough}'"))
        .await
        .parse()
        .unwrap()
}

/// The demo's Camden round that is not yet published (in moderation at the start).
async fn open_round(app: &TestApp) -> i64 {
    id_of(
        app,
        "SELECT MIN(id) FROM assessment_rounds WHERE title = 'Autumn 2026 self-assessment'",
    )
    .await
    .parse()
    .unwrap()
}

/// The demo's return period that is past due and still open (the newest).
/// North Central London's newest period (another ICB's lead may have opened one of theirs).
async fn current_period(app: &TestApp) -> i64 {
    id_of(
        app,
        "SELECT MAX(id) FROM return_periods WHERE icb_id = (SELECT id FROM icbs WHERE code = 'NCL')",
    )
        .await
        .parse()
        .unwrap()
}

/// A borough's newest stored return (in the demo: Camden's awaits sign-off, Barnet's is
/// signed off).
async fn submission_of(app: &TestApp, borough: &str) -> i64 {
    id_of(app, &format!("SELECT MAX(s.id) FROM return_submissions s JOIN boroughs b ON b.id = s.borough_id WHERE b.code = '{borough}'"))
        .await
        .parse()
        .unwrap()
}

/// An application to the demo's open round at `status`, made for one cell: its id and
/// the token of its private link.
async fn matrix_application(app: &TestApp, target: &str, status: &str) -> (i64, String) {
    let link = format!(
        "{:032x}",
        target.parse::<u128>().unwrap_or_default() + (1 << 64)
    );
    let hash = app::plumbing::digest::sha256_hex(link.as_bytes());
    let id = app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO grant_applications (round_id, reference, link_hash, form_hash, \
             form_fingerprint, org_name, org_type, org_number, postcode, borough_id, wards, \
             contact_name, contact_email, contact_phone, project_title, summary, description, \
             amount_pence, beneficiaries, beneficiaries_where, starts_on, ends_on, status, \
             status_note, info_response, version, submitted_at, updated_at) \
             VALUES (1, $1, $2, $2, '', 'Matrix Group', 'community_group', '', 'N9 0PZ', \
             (SELECT id FROM boroughs WHERE code = 'enfield'), 'Edmonton', 'Matrix', \
             'matrix@example.org', '', 'Matrix', 'Matrix', 'Matrix', 30000, 10, 'Matrix', \
             '2027-06-01', '2027-07-01', $3, 'Send more', '', 1, $4, $4) RETURNING id",
        )
        .bind(format!("MATRIX-{target}"))
        .bind(&hash)
        .bind(status)
        .bind(chrono::Utc::now())
        .fetch_one(c)
        .await
    })
    .unwrap();
    (id, link)
}

/// A second NCL fund (made once), which the fund manager is not appointed to, as form text.
async fn other_fund(app: &TestApp) -> String {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "INSERT INTO funds (name, icb_id, holder_name, holder_org_id, identifier_prefix, \
             created_by, created_at) SELECT 'Matrix Kit', id, 'Camden Giving', 'GB-CHC-1234567', \
             '360G-matrix-kit', (SELECT MIN(id) FROM users), $1 FROM icbs WHERE code = 'NCL' \
             AND NOT EXISTS (SELECT 1 FROM funds WHERE name = 'Matrix Kit')",
        )
        .bind(chrono::Utc::now())
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
    id_of(app, "SELECT id FROM funds WHERE name = 'Matrix Kit'").await
}

/// A quorate meeting of the demo's open round, recorded once: its id.
async fn matrix_meeting(app: &TestApp) -> i64 {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "INSERT INTO round_meetings (round_id, held_on, quorate, notes, recorded_by, \
             recorded_at) SELECT 1, $1, TRUE, 'Matrix', (SELECT MIN(id) FROM users), $2 \
             WHERE NOT EXISTS (SELECT 1 FROM round_meetings WHERE round_id = 1 AND quorate = TRUE)",
        )
        .bind(chrono::Utc::now().date_naive())
        .bind(chrono::Utc::now())
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
    id_of(
        app,
        "SELECT MIN(id) FROM round_meetings WHERE round_id = 1 AND quorate = TRUE",
    )
    .await
    .parse()
    .unwrap()
}

/// An award of £300 decided on `application` (version 1), and with `offered` its offer: the
/// award's id (0 without).
async fn matrix_award(app: &TestApp, application: i64, offered: bool) -> i64 {
    let meeting = matrix_meeting(app).await;
    let now = chrono::Utc::now();
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "INSERT INTO grant_decisions (application_id, meeting_id, outcome, amount_pence, \
             conditions, feedback, decided_by, decided_at, version) \
             VALUES ($1, $2, 'award', 30000, '', '', (SELECT MIN(id) FROM users), $3, 1)",
        )
        .bind(application)
        .bind(meeting)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
    if !offered {
        return 0;
    }
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO grant_awards (application_id, identifier, amount_pence, conditions, \
             status, offered_by, offered_at, accepted_name, version, updated_at) \
             VALUES ($1, $2, 30000, '', 'offered', (SELECT MIN(id) FROM users), $3, '', 1, $3) \
             RETURNING id",
        )
        .bind(application)
        .bind(format!("360G-matrix-{application}"))
        .bind(now)
        .fetch_one(c)
        .await
    })
    .unwrap()
}

/// The demo's community vote, as form text.
async fn vote_round(app: &TestApp) -> String {
    id_of(app, "SELECT id FROM grant_rounds WHERE code = 'ELF-2026-V'").await
}

/// A voter in the demo's community vote, made for one cell: their ballot token.
async fn matrix_voter(app: &TestApp, target: &str) -> String {
    let token = format!(
        "{:032x}",
        target.parse::<u128>().unwrap_or_default() + (2 << 64)
    );
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "INSERT INTO round_voters (round_id, name, area, name_key, ballot_token, added_by, \
             added_at) SELECT r.id, $1, 'Matrix', $1, $2, (SELECT MIN(id) FROM users), $3 \
             FROM grant_rounds r WHERE r.code = 'ELF-2026-V'",
        )
        .bind(format!("Matrix voter {target}"))
        .bind(&token)
        .bind(chrono::Utc::now())
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
    token
}

/// The id a query answers, as form text.
async fn id_of(app: &TestApp, sql: &str) -> String {
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await)
        .unwrap()
        .to_string()
}

async fn audit_rows(app: &TestApp) -> i64 {
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_events WHERE action NOT IN ('sign_in', 'sign_in_failed')")
            .fetch_one(pool)
            .await
    })
    .unwrap()
}

async fn every_endpoint_answers_every_role_as_the_permissions_table_says(app: TestApp) {
    app.seed_demo().await;
    let no_role = app.sign_in_without_a_role().await;
    let mut cookies = Vec::new();
    for who in EVERYONE {
        cookies.push(match who.email() {
            Some(email) if email == tests::NO_ROLE => Some(no_role.clone()),
            Some(email) if email == tests::OTHER_ICB_LEAD => {
                Some(app.sign_in_as_other_icb_lead().await)
            }
            Some(email) => Some(app.sign_in(email).await),
            None => None,
        });
    }
    // The target of user-administration calls: a fresh viewer for every cell.
    let mut failures = Vec::new();
    let mut cells = 0;
    for endpoint in ENDPOINTS {
        for (who, cookie) in EVERYONE.iter().zip(&cookies) {
            let target = app::auth::service::create_account(
                &app.db,
                &app.passwords,
                None,
                app::auth::service::AccountSpec {
                    name: "Target Person",
                    email: &format!("target.{cells}@demo.linkway.test"),
                    organisation: "NCL ICB",
                    password: "target-password-1",
                    must_change_password: false,
                    is_demo: true,
                    grants: vec![(app::auth::Role::Viewer, Some("NCL"))],
                },
                chrono::Utc::now(),
            )
            .await
            .unwrap();
            let audit_before = audit_rows(&app).await;
            let was_refused = refused(call(&app, endpoint, cookie.as_deref(), target).await).await;
            cells += 1;
            let expected = allowed(endpoint, *who);
            if was_refused == expected {
                failures.push(format!(
                    "{endpoint:?} as {who:?}: expected {}, got {}",
                    if expected { "allowed" } else { "refused" },
                    if was_refused { "refused" } else { "allowed" }
                ));
            }
            if was_refused && audit_rows(&app).await != audit_before {
                failures.push(format!(
                    "{endpoint:?} as {who:?}: refused but changed the audit trail"
                ));
            }
        }
    }
    assert_eq!(cells, ENDPOINTS.len() * EVERYONE.len());
    assert!(
        failures.is_empty(),
        "{} of {cells} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

both_databases!(every_endpoint_answers_every_role_as_the_permissions_table_says);

/// NEL's recommendation 1, made once, for the cells that read NEL's tracker.
async fn nel_recommendation(app: &TestApp) {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "INSERT INTO recommendations (number, category, recommendation, specific_actions, \
             timeline, cost_implication, priority, icb_id) \
             SELECT 1, 'Leadership', 'A NEL recommendation', '', '6 months', 'Low', 'High', id \
             FROM icbs WHERE code = 'NEL' AND NOT EXISTS (SELECT 1 FROM recommendations r \
             WHERE r.icb_id = icbs.id AND r.number = 1)",
        )
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
}
