//! What the audit trail records, in plain English: each kind of record and each action by
//! name (the filter's drop-downs), and an event told as a sentence ("Cam Lead signed off
//! Camden's 2026/27 Q2 return, version 2").

/// The kinds of record the trail names, as the filter offers them.
pub const AREAS: [(&str, &str); 23] = [
    ("user", "Users and their roles"),
    ("recommendation", "Recommendation plans"),
    ("progress_update", "Progress updates"),
    ("milestone", "Milestones"),
    ("borough_line", "Borough lines"),
    ("borough_action", "Borough plan actions"),
    ("assessment_round", "Maturity rounds"),
    ("framework_version", "The maturity framework"),
    ("return_period", "Return periods"),
    ("return_submission", "Returns"),
    ("return_attempt", "Refused uploads"),
    ("borough_population", "Populations"),
    ("workforce_target", "Workforce targets"),
    ("setting", "Settings"),
    ("email", "Email sent"),
    ("pcn", "Primary care networks"),
    ("pcn_import", "PCN lists imported"),
    ("borough_deprivation", "Deprivation scores"),
    ("recommendation_import", "Recommendations loaded"),
    ("fund", "Community chest funds"),
    ("contribution", "Contributions to funds"),
    ("grant_round", "Grant rounds"),
    ("grant_application", "Grant applications"),
];

/// Every action, as the filter offers it and as a sentence tells it: `{what}` is the record.
pub const ACTIONS: [(&str, &str, &str); 64] = [
    ("sign_in", "Signed in", "signed in"),
    (
        "sign_in_failed",
        "Sign-in refused",
        "was refused signing in",
    ),
    ("sign_out", "Signed out", "signed out"),
    (
        "sign_out_everywhere",
        "Signed out everywhere",
        "signed out everywhere",
    ),
    (
        "change_password",
        "Changed their password",
        "changed their password",
    ),
    ("create", "Added a user", "added {what}"),
    ("add_role", "Gave a role", "gave {what} a role"),
    (
        "remove_role",
        "Removed a role",
        "removed a role from {what}",
    ),
    ("deactivate", "Deactivated a user", "deactivated {what}"),
    ("reactivate", "Reactivated a user", "reactivated {what}"),
    (
        "reset_password",
        "Reset a password",
        "reset the password of {what}",
    ),
    (
        "update_plan",
        "Changed a recommendation's plan",
        "changed the plan of {what}",
    ),
    (
        "add_progress_update",
        "Posted a progress update",
        "posted {what}",
    ),
    ("add_milestone", "Added a milestone", "added {what}"),
    ("update_milestone", "Changed a milestone", "changed {what}"),
    ("add_borough_line", "Added a borough line", "added {what}"),
    (
        "update_borough_line",
        "Changed a borough line",
        "changed {what}",
    ),
    (
        "update_borough_action",
        "Changed a borough plan action",
        "changed {what}",
    ),
    (
        "set_programme_start",
        "Set the programme start",
        "set the programme start",
    ),
    ("create_round", "Started a maturity round", "started {what}"),
    (
        "add_participant",
        "Added a participant",
        "added a participant to {what}",
    ),
    (
        "remove_participant",
        "Removed a participant",
        "removed a participant from {what}",
    ),
    (
        "submit_ratings",
        "Submitted ratings",
        "submitted ratings for {what}",
    ),
    ("move_round", "Moved a round on", "moved {what} on"),
    (
        "decide_domain",
        "Agreed a domain's level",
        "agreed a domain's level in {what}",
    ),
    (
        "accept_gap_action",
        "Accepted a gap action",
        "accepted a gap action in {what}",
    ),
    (
        "dismiss_gap_action",
        "Dismissed a gap action",
        "dismissed a gap action in {what}",
    ),
    (
        "update_framework",
        "Reworded the framework",
        "reworded the framework ({what})",
    ),
    (
        "create_return_period",
        "Opened a return period",
        "opened {what}",
    ),
    ("upload_return", "Uploaded a return", "uploaded {what}"),
    ("reject_return", "Upload refused", "had {what} refused"),
    (
        "sign_off_return",
        "Signed off a return",
        "signed off {what}",
    ),
    (
        "record_population",
        "Recorded a population",
        "recorded a population",
    ),
    (
        "set_workforce_target",
        "Set a workforce target",
        "set a workforce target",
    ),
    ("export", "Downloaded", "downloaded {what}"),
    ("send_email", "Sent an email", "sent {what}"),
    ("add_pcn", "Added a PCN", "added {what}"),
    ("import_pcns", "Imported PCNs", "imported {what}"),
    ("create_fund", "Started a fund", "started {what}"),
    (
        "appoint_fund_manager",
        "Appointed a fund manager",
        "appointed a manager to run {what}",
    ),
    (
        "remove_fund_manager",
        "Ended a fund manager's appointment",
        "ended a manager's appointment to run {what}",
    ),
    (
        "add_contribution",
        "Recorded a contribution",
        "recorded {what}",
    ),
    ("set_up_round", "Set up a grant round", "set up {what}"),
    (
        "submit_application",
        "Sent a grant application",
        "sent {what}",
    ),
    (
        "renew_application_link",
        "Sent a grant application again (a new private link)",
        "sent {what} again and got a new private link",
    ),
    (
        "answer_information_request",
        "Answered a request for more information",
        "answered the request for more information on {what}",
    ),
    (
        "withdraw_application",
        "Withdrew a grant application",
        "withdrew {what}",
    ),
    (
        "screen_application",
        "Screened a grant application",
        "screened {what}",
    ),
    (
        "send_offer",
        "Sent a grant offer",
        "sent the grant offer on {what}",
    ),
    (
        "accept_offer",
        "Accepted a grant offer",
        "accepted the grant offer on {what}",
    ),
    (
        "record_payment",
        "Recorded a grant payment",
        "recorded a payment on {what}",
    ),
    (
        "appoint_panel_member",
        "Appointed a panel member",
        "appointed a panel member to {what}",
    ),
    (
        "declare_interest",
        "Declared an interest (or none)",
        "declared on {what}",
    ),
    (
        "score_application",
        "Scored a grant application",
        "scored {what}",
    ),
    (
        "record_meeting",
        "Recorded a decision meeting",
        "recorded a decision meeting of {what}",
    ),
    (
        "decide_application",
        "Decided a grant application",
        "recorded the decision on {what}",
    ),
    (
        "add_voters",
        "Added voters to a community vote",
        "added voters to {what}",
    ),
    ("cast_vote", "Voted in a community vote", "voted in {what}"),
    (
        "import_recommendations",
        "Loaded recommendations from a spreadsheet",
        "uploaded {what}",
    ),
    (
        "load_recommendation",
        "Added a recommendation from a spreadsheet",
        "added {what} from a spreadsheet",
    ),
    (
        "record_deprivation",
        "Recorded a deprivation score",
        "recorded a deprivation score",
    ),
    (
        "email_failed",
        "Gave up sending an email",
        "gave up sending {what}",
    ),
    (
        "change_email_choices",
        "Changed their email choices",
        "changed their email choices",
    ),
    ("send_chasers", "Sent chasers", "sent chasers for {what}"),
];

/// Actions hidden from the trail unless asked for: they are most of it, and rarely the
/// question.
pub const SIGN_IN_ACTIONS: [&str; 3] = ["sign_in", "sign_in_failed", "sign_out"];

/// An area's name for `code`, if the trail knows it.
pub fn area_label(code: &str) -> Option<&'static str> {
    AREAS
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, label)| *label)
}

/// The record an event is about when nothing better is known: "return period 4".
pub fn plain_record(entity_type: &str, entity_id: &str) -> String {
    let kind = entity_type.replace('_', " ");
    if entity_id.is_empty() {
        kind
    } else {
        format!("{kind} {entity_id}")
    }
}

/// What members of the public do without an account: told as done by "The applicant".
const APPLICANT_ACTIONS: [&str; 5] = [
    "submit_application",
    "renew_application_link",
    "answer_information_request",
    "withdraw_application",
    "accept_offer",
];

/// An event as a sentence: `who` did the action to `what` (the record's name). Without a
/// user it was the applicant (a public form), a voter (a ballot) or Linkway itself (a
/// reminder, a chaser).
pub fn sentence(who: Option<&str>, action: &str, what: &str) -> String {
    let who = who.unwrap_or(if APPLICANT_ACTIONS.contains(&action) {
        "The applicant"
    } else if action == "cast_vote" {
        "A voter"
    } else {
        "Linkway"
    });
    match ACTIONS.iter().find(|(code, ..)| *code == action) {
        Some((_, _, told)) => format!("{who} {}", told.replace("{what}", what)),
        None => format!("{who}: {} ({what})", action.replace('_', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_read_as_sentences() {
        assert_eq!(
            sentence(
                Some("Cam Lead"),
                "sign_off_return",
                "Camden's 2026/27 Q2 return, version 2"
            ),
            "Cam Lead signed off Camden's 2026/27 Q2 return, version 2"
        );
        assert_eq!(sentence(None, "create", "Nia New"), "Linkway added Nia New");
        assert_eq!(
            sentence(Some("Ada"), "brand_new", "thing 3"),
            "Ada: brand new (thing 3)"
        );
        assert_eq!(plain_record("return_period", "4"), "return period 4");
    }

    #[test]
    fn every_action_and_area_is_named_once() {
        let mut codes: Vec<&str> = ACTIONS.iter().map(|(code, ..)| *code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ACTIONS.len());
        let mut areas: Vec<&str> = AREAS.iter().map(|(code, _)| *code).collect();
        areas.sort_unstable();
        areas.dedup();
        assert_eq!(areas.len(), AREAS.len());
        assert!(SIGN_IN_ACTIONS.iter().all(|action| codes.contains(action)));
    }
}
