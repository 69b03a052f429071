//! `/chest/rounds/{id}/decisions` (the decision pack: eligible applications ranked by score
//! against the budget, with every flag and declaration; the round's meetings and recording
//! one) and `/chest/applications/{id}/decision` (an application's place in the pack and the
//! form that awards, declines or defers it).

use super::model::{DecisionPack, DecisionView, Meeting, Outcome, PackLine};
use super::{load_decision, load_decision_pack, DecideApplication, RecordMeeting};
use crate::codes::CodeList;
use crate::components::{
    action_errors, described_by, number_in_address, render_or_error, typed, Choices, ErrorSummary,
    Form, FormField, Loading, Radios, ScrollRegion, SummaryList, TableHead,
};
use crate::format::{date, money};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DecisionPackPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_decision_pack(number_in_address(id.as_deref(), "That round")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Pack data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Pack(data: DecisionPack) -> impl IntoView {
    let round = data.round.clone();
    let title = format!("Decision pack: {}", round.title);
    let asked: i64 = data.lines.iter().map(|l| l.application.amount_pence).sum();
    let facts = vec![
        ("Budget".to_owned(), money(data.budget_pence)),
        ("Awarded".to_owned(), money(data.awarded_pence)),
        ("Left to award".to_owned(), money(data.left_pence())),
        (
            "Eligible applications".to_owned(),
            format!("{}, asking {} in all", data.lines.len(), money(asked)),
        ),
        (
            "Decisions are recorded against".to_owned(),
            data.deciding_meeting().map_or_else(
                || "No quorate meeting yet: record it below".to_owned(),
                |m| format!("The meeting of {}", date(m.held_on)),
            ),
        ),
    ];
    let illustrative = data.illustrative.then(|| view! {
        <p class="nhsuk-body" id="illustrative">"This is demonstration data: its figures are illustrative."</p>
    });
    let lines = data.lines.clone();
    let criteria = data.criteria.clone();
    let meetings = data.meetings.clone();
    let id = round.id;
    let is_vote = round.method == crate::chest::rounds::RoundMethod::Vote;
    let ranked = if is_vote {
        "Eligible applications, most votes first"
    } else {
        "Eligible applications, highest score first"
    };
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/chest/rounds/{id}") attr:class="nhsuk-back-link__link">{round.title.clone()}</A>
        </nav>
        <span class="nhsuk-caption-l">{data.fund_name.clone()}</span>
        <h1>{title}</h1>
        {illustrative}
        <SummaryList id="pack-facts" rows=facts/>
        <h2 class="nhsuk-heading-m" id="pack-heading">{ranked}</h2>
        <p class="nhsuk-body">"The running total adds what each line would take: an award's amount, what was asked where nothing is decided yet, nothing for a decline. Lines beyond the budget are flagged."</p>
        {if lines.is_empty() {
            view! { <p class="nhsuk-body" id="no-pack">"No application has been screened eligible yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Decision pack".to_owned()>
                    <table class="nhsuk-table" id="decision-pack" aria-labelledby="pack-heading">
                        {if is_vote {
                            view! { <TableHead columns=&["Rank", "Reference", "Group and project"] numeric=&["Votes", "Asked", "Running total"] trailing=&["Flags", "Recommendations", "Priorities met", "Wards", "Declarations", "Decision"]/> }.into_any()
                        } else {
                            view! { <TableHead columns=&["Rank", "Reference", "Group and project"] numeric=&["Score", "Asked", "Running total"] trailing=&["Flags", "Recommendations", "Priorities met", "Wards", "Declarations", "Decision"]/> }.into_any()
                        }}
                        <tbody class="nhsuk-table__body">
                            {lines.into_iter().map(|line| view! { <PackRow line criteria=criteria.clone()/> }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
                <p class="nhsuk-body">
                    <a class="nhsuk-link" href=format!("/chest/rounds/{id}/decision-pack.xlsx") download rel="external">"Download the decision pack (.xlsx, without contacts)"</a>
                </p>
            }.into_any()
        }}
        <Meetings meetings/>
        <RecordMeetingForm data=data.clone()/>
    }
}

#[component]
fn PackRow(line: PackLine, criteria: Vec<crate::chest::rounds::Criterion>) -> impl IntoView {
    let flags = line.flags(&criteria);
    let score = line.score_text();
    let recommendations = line.recommendations_text();
    let declarations = line.declarations_text();
    let decision = line.decision_text();
    let priorities = line.priorities.join("; ");
    let a = line.application;
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">{line.rank}</td>
            <th scope="row" class="nhsuk-table__header">
                <A href=format!("/chest/applications/{}/decision", a.id)>{a.reference}</A>
            </th>
            <td class="nhsuk-table__cell">{format!("{}: {}", a.org_name, a.project_title)}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{score}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(a.amount_pence)}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(line.running_total_pence)}</td>
            <td class="nhsuk-table__cell">{if flags.is_empty() { "None".to_owned() } else { flags.join("; ") }}</td>
            <td class="nhsuk-table__cell">{recommendations}</td>
            <td class="nhsuk-table__cell">{priorities}</td>
            <td class="nhsuk-table__cell">{line.wards}</td>
            <td class="nhsuk-table__cell">{declarations}</td>
            <td class="nhsuk-table__cell">{decision}</td>
        </tr>
    }
}

#[component]
fn Meetings(meetings: Vec<Meeting>) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m" id="meetings-heading">"Meetings"</h2>
        {if meetings.is_empty() {
            view! { <p class="nhsuk-body" id="no-meetings">"No meeting has been recorded yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Meetings".to_owned()>
                    <table class="nhsuk-table" id="meetings" aria-labelledby="meetings-heading">
                        <TableHead columns=&["Held on", "Members present", "Quorate", "Notes"]/>
                        <tbody class="nhsuk-table__body">
                            {meetings.into_iter().map(|m| view! {
                                <tr class="nhsuk-table__row">
                                    <th scope="row" class="nhsuk-table__header">{date(m.held_on)}</th>
                                    <td class="nhsuk-table__cell">{if m.present.is_empty() { "Nobody recorded".to_owned() } else { m.present.join(", ") }}</td>
                                    <td class="nhsuk-table__cell">{if m.quorate { "Yes" } else { "No" }}</td>
                                    <td class="nhsuk-table__cell">{m.notes}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
    }
}

#[component]
fn RecordMeetingForm(data: DecisionPack) -> impl IntoView {
    let action = ServerAction::<RecordMeeting>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<RecordMeeting>(name);
    let held_on = typed("held_on").unwrap_or_else(|| data.today.to_string());
    let quorate = typed("quorate").unwrap_or_default();
    let members = data.members.clone();
    let no_members = members.is_empty();
    view! {
        <h2 class="nhsuk-heading-m" id="meeting-heading">"Record a meeting"</h2>
        <ErrorSummary errors/>
        <Form action saved="The meeting has been recorded" attr:aria-labelledby="meeting-heading">
            <input type="hidden" name="round" value=data.round.id/>
            <FormField id="held_on" label="The day it was held" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="held_on" name="held_on" type="date" value=held_on aria-describedby=described_by(errors, "held_on")/>
            </FormField>
            <Choices id="present" legend="Panel members present" hint=if no_members { "Nobody has been appointed to the panel yet".to_owned() } else { "Tick everyone who was there".to_owned() } errors>
                <div class="nhsuk-checkboxes">
                    {members.into_iter().enumerate().map(|(n, (id, name))| {
                        let field = format!("present[{id}]");
                        let checked = typed(&field).is_some();
                        let input_id = if n == 0 { "present".to_owned() } else { format!("present-{id}") };
                        view! {
                            <div class="nhsuk-checkboxes__item">
                                <input class="nhsuk-checkboxes__input" id=input_id.clone() name=field type="checkbox" value="on" checked=checked/>
                                <label class="nhsuk-label nhsuk-checkboxes__label" for=input_id>{name}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </Choices>
            <Choices id="quorate" legend="Was the meeting quorate?" hint="Only a quorate meeting's decisions can be recorded" errors>
                <Radios id="quorate" name="quorate" options=vec![("yes".to_owned(), "Yes".to_owned()), ("no".to_owned(), "No".to_owned())] chosen=quorate inline=true/>
            </Choices>
            <FormField id="notes" label="Notes (optional)" errors>
                <textarea class="nhsuk-textarea" id="notes" name="notes" rows="3" aria-describedby=described_by(errors, "notes")>{typed("notes")}</textarea>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Record the meeting"</button>
        </Form>
    }
}

#[component]
pub fn DecisionPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_decision(number_in_address(id.as_deref(), "That application")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Decide data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Decide(data: DecisionView) -> impl IntoView {
    let line = data.line.clone();
    let a = line.application.clone();
    let title = format!("Decide {}: {}", a.reference, a.project_title);
    let left = data
        .budget_pence
        .saturating_sub(data.awarded_elsewhere_pence);
    let mut facts = vec![
        ("Group".to_owned(), a.org_name.clone()),
        ("Amount asked".to_owned(), money(a.amount_pence)),
        (
            if line.votes.is_some() {
                "Votes".to_owned()
            } else {
                "Score (weighted, 0 to 5)".to_owned()
            },
            format!("{} (rank {} of the eligible)", line.score_text(), line.rank),
        ),
        ("Recommendations".to_owned(), line.recommendations_text()),
        ("Flags".to_owned(), {
            let flags = line.flags(&data.criteria);
            if flags.is_empty() {
                "None".to_owned()
            } else {
                flags.join("; ")
            }
        }),
        ("Priorities met".to_owned(), line.priorities.join("; ")),
        ("Wards".to_owned(), line.wards.clone()),
        ("Declarations".to_owned(), line.declarations_text()),
        (
            "Round budget left for it".to_owned(),
            format!(
                "{} of {} (awarded to others: {})",
                money(left),
                money(data.budget_pence),
                money(data.awarded_elsewhere_pence)
            ),
        ),
        ("Decision so far".to_owned(), line.decision_text()),
    ];
    if let Some(d) = &line.decision {
        if !d.conditions.is_empty() {
            facts.push(("Conditions".to_owned(), d.conditions.clone()));
        }
        if !d.feedback.is_empty() {
            facts.push(("Feedback".to_owned(), d.feedback.clone()));
        }
    }
    let pack = format!("/chest/rounds/{}/decisions", data.round.id);
    let offerable = line
        .decision
        .as_ref()
        .filter(|d| d.outcome == Outcome::Award && data.award.is_none())
        .map(|d| d.version);
    let form = match (data.award.clone(), data.meeting.clone()) {
        (Some(award), _) => view! { <Offered award/> }.into_any(),
        (None, Some(meeting)) => view! {
            {offerable.map(|version| view! { <SendOfferForm application=a.id version/> })}
            <DecideForm data=data.clone() meeting/>
        }
        .into_any(),
        (None, None) => view! {
            <div class="nhsuk-inset-text" id="no-meeting">
                <p>"Record the quorate meeting that decided before you record its decisions: "<A href=pack.clone()>"record it in the decision pack"</A>"."</p>
            </div>
        }
        .into_any(),
    };
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=pack attr:class="nhsuk-back-link__link">"The decision pack"</A>
        </nav>
        <span class="nhsuk-caption-l">{format!("{}, {}", a.reference, data.round.title)}</span>
        <h1>{title}</h1>
        <SummaryList id="decision-facts" rows=facts/>
        <p class="nhsuk-body">
            <A href=format!("/chest/applications/{}/review", a.id)>"Read the application and every member's scores"</A>
        </p>
        {form}
    }
}

/// The award once its offer is sent: the decision stands.
#[component]
fn Offered(award: crate::chest::awards::Award) -> impl IntoView {
    let facts = award.facts();
    view! {
        <h2 class="nhsuk-heading-m" id="offer-heading">"The offer"</h2>
        <p class="nhsuk-body">"The offer has been sent, so the decision stands. The group accepts it, and its conditions, on its application's private page."</p>
        <SummaryList id="offer-facts" rows=facts/>
        <p class="nhsuk-body">
            <A href=format!("/chest/awards/{}", award.id) attr:id="award-link">"The award and its payments"</A>
        </p>
    }
}

/// Sends the offer of an award decision: once sent, the decision stands.
#[component]
fn SendOfferForm(application: i64, version: i64) -> impl IntoView {
    let action = ServerAction::<crate::chest::awards::SendOffer>::new();
    let errors = action_errors(action.value());
    view! {
        <h2 class="nhsuk-heading-m" id="send-offer-heading">"Send the offer"</h2>
        <p class="nhsuk-body">"When the decision is final, send the offer: the group reads it, with its conditions, on its application's private page and accepts it there. The decision then stands, and the award gets its 360Giving identifier."</p>
        <ErrorSummary errors/>
        <Form action saved="The offer has been sent" attr:aria-labelledby="send-offer-heading">
            <input type="hidden" name="application" value=application/>
            <input type="hidden" name="version" value=version/>
            <button class="nhsuk-button" type="submit" id="send-offer">"Send the offer"</button>
        </Form>
    }
}

#[component]
fn DecideForm(data: DecisionView, meeting: Meeting) -> impl IntoView {
    let action = ServerAction::<DecideApplication>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<DecideApplication>(name);
    let decision = data.line.decision.clone();
    let chosen = typed("outcome")
        .or_else(|| decision.as_ref().map(|d| d.outcome.code().to_owned()))
        .unwrap_or_default();
    let amount = typed("amount").unwrap_or_else(|| match &decision {
        Some(d) if d.outcome == Outcome::Award => {
            format!("{}.{:02}", d.amount_pence / 100, d.amount_pence % 100)
        }
        _ => String::new(),
    });
    let conditions = typed("conditions")
        .or_else(|| decision.as_ref().map(|d| d.conditions.clone()))
        .unwrap_or_default();
    let feedback = typed("feedback")
        .or_else(|| decision.as_ref().map(|d| d.feedback.clone()))
        .unwrap_or_default();
    let version = crate::components::form_version(data.version, action.value());
    view! {
        <h2 class="nhsuk-heading-m" id="decide-heading">"The decision"</h2>
        <p class="nhsuk-body">{format!("Recorded against the meeting of {}.", date(meeting.held_on))}</p>
        <ErrorSummary errors/>
        <Form action saved="The decision has been recorded" attr:aria-labelledby="decide-heading">
            <input type="hidden" name="application" value=data.line.application.id/>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="application_version" value=data.application_version/>
            <Choices id="outcome" legend="What did the panel decide?" errors>
                <Radios id="outcome" name="outcome" options=Outcome::options() chosen/>
            </Choices>
            <FormField id="amount" label="Amount to award, in pounds (for an award)" hint=format!("No more than the {} asked", money(data.line.application.amount_pence)) errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="amount" name="amount" type="text" inputmode="decimal" value=amount aria-describedby=described_by(errors, "amount")/>
            </FormField>
            <FormField id="conditions" label="Conditions of the award (optional)" hint="For example, what the group must send before payment" errors>
                <textarea class="nhsuk-textarea" id="conditions" name="conditions" rows="3" aria-describedby=described_by(errors, "conditions")>{conditions}</textarea>
            </FormField>
            <FormField id="feedback" label="Feedback for the applicant (for a decline or a deferral)" hint="The applicant reads this" errors>
                <textarea class="nhsuk-textarea" id="feedback" name="feedback" rows="4" aria-describedby=described_by(errors, "feedback")>{feedback}</textarea>
            </FormField>
            <button class="nhsuk-button" type="submit">"Record the decision"</button>
        </Form>
    }
}
