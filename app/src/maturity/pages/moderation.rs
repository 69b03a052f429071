//! `/maturity/rounds/{id}/moderation`: the borough lead's task list — each domain "Agreed"
//! or "Not yet agreed", with its spread of ratings in a line — then agreeing the round.
//! `/maturity/rounds/{id}/moderation/{domain}`: one domain — who said what, the agreed
//! level, rationale and target, and the gap's proposed action to accept, reword or dismiss.

use super::round::describe;
use super::ROUND;
use super::{suffixed, RoundStatusTag};
use crate::components::{
    action_errors, number_in_address, render_or_error, ConfirmBox, ErrorSummary, Form, FormCopy,
    FormField, Loading, TableHead, Task, TaskList,
};
use crate::error::AppError;
use crate::maturity::model::{DomainSpread, GapAction, GapStatus, ModerationView, RoundStatus};
use crate::maturity::{load_moderation, DecideDomain, DecideGapAction, MoveRound};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ModerationPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_moderation(number_in_address(id.as_deref(), ROUND)?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |data| view! { <Moderation data/> })
            })}
        </Suspense>
    }
}

/// What a domain address that names no domain of the round is called in "not found".
const DOMAIN: &str = "That domain";

#[component]
pub fn ModerationDomainPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || (params.read().get("id"), params.read().get("domain")),
        |(id, domain)| async move {
            let position = number_in_address(domain.as_deref(), DOMAIN)?;
            let view = load_moderation(number_in_address(id.as_deref(), ROUND)?).await?;
            if view.domains.iter().any(|d| d.scale.position == position) {
                Ok((view, position))
            } else {
                Err(AppError::not_found(DOMAIN))
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |(data, position)| view! { <DomainModeration data position/> })
            })}
        </Suspense>
    }
}

/// How the ratings of a domain spread, in a sentence.
fn spread_summary(spread: &DomainSpread) -> String {
    let scale = &spread.scale;
    let count = spread.ratings.len();
    match (spread.min, spread.max) {
        (Some(min), Some(max)) if min == max => format!(
            "{count} rating{}: all at {}.",
            if count == 1 { "" } else { "s" },
            scale.level_name(min)
        ),
        (Some(min), Some(max)) => format!(
            "{count} ratings: lowest {}, highest {}.",
            scale.level_name(min),
            scale.level_name(max)
        ),
        _ => "Nobody rated this domain.".to_owned(),
    }
}

/// A domain's status in a task list, and whether it is done: agreed (at `agreed`, the
/// level's name) once it has a level and no gap action waits for an answer.
pub(super) fn domain_status(agreed: Option<String>, gap_open: bool) -> (String, bool) {
    match (agreed, gap_open) {
        (None, _) => ("Not yet agreed".to_owned(), false),
        (Some(_), true) => ("Gap action to answer".to_owned(), false),
        (Some(level), false) => (format!("Agreed: {level}"), true),
    }
}

/// A domain's line in the task list: agreed once it has a level and its gap action (if
/// any) is answered.
fn domain_task(id: i64, spread: &DomainSpread) -> Task {
    let scale = &spread.scale;
    let gap_open = spread
        .gap
        .as_ref()
        .is_some_and(|gap| gap.status == GapStatus::Proposed);
    let (status, done) = domain_status(
        spread.agreed.as_ref().map(|a| scale.level_name(a.level)),
        gap_open,
    );
    Task {
        name: format!("{}. {}", scale.position, scale.name),
        href: Some(format!(
            "/maturity/rounds/{id}/moderation/{}",
            scale.position
        )),
        hint: Some(spread_summary(spread)),
        status,
        done,
        urgent: false,
    }
}

#[component]
fn Moderation(data: ModerationView) -> impl IntoView {
    let round = data.round.clone();
    let id = round.id;
    let title = format!("Moderation: {}", round.title);
    let agree = ServerAction::<MoveRound>::new();
    let agree_errors = action_errors(agree.value());
    let in_moderation = round.status == RoundStatus::Moderation;
    let undecided = data.undecided.clone();
    let tasks: Vec<Task> = data
        .domains
        .iter()
        .map(|spread| domain_task(id, spread))
        .collect();
    let agreed = data.domains.iter().filter(|d| d.agreed.is_some()).count();
    let gaps = data
        .domains
        .iter()
        .filter(|d| {
            d.gap
                .as_ref()
                .is_some_and(|gap| gap.status == GapStatus::Proposed)
        })
        .count();
    let progress = match gaps {
        0 => format!("{agreed} of {} domains agreed.", tasks.len()),
        1 => format!(
            "{agreed} of {} domains agreed; 1 gap action to answer.",
            tasks.len()
        ),
        _ => format!(
            "{agreed} of {} domains agreed; {gaps} gap actions to answer.",
            tasks.len()
        ),
    };
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/maturity/rounds/{id}") attr:class="nhsuk-back-link__link">{round.title.clone()}</A>
        </nav>
        <span class="nhsuk-caption-l">{format!("{} · assessment round", round.borough_name)}</span>
        <h1>{title}</h1>
        <p class="nhsuk-body">"Status: "<RoundStatusTag status=round.status/></p>
        <h2 class="nhsuk-heading-m" id="domains-heading">"Domains"</h2>
        <p class="nhsuk-body" id="domains-done">{progress}</p>
        <TaskList id="domains" tasks/>
        {in_moderation.then(|| view! {
            <h2 class="nhsuk-heading-l" id="agree-heading">"Agree the round"</h2>
            {if undecided.is_empty() {
                view! { <p class="nhsuk-body">"Every domain has an agreed level. Agreeing fixes the levels; publishing then shares them across the ICB."</p> }.into_any()
            } else {
                view! { <p class="nhsuk-body">{format!("Still undecided: {}.", undecided.join(", "))}</p> }.into_any()
            }}
            <ErrorSummary errors=agree_errors/>
            <Form action=agree attr:aria-labelledby="agree-heading">
                <input type="hidden" name="round" value=id/>
                <input type="hidden" name="to" value="agreed"/>
                <button class="nhsuk-button" type="submit" id="agree-round">"Agree the round"</button>
            </Form>
        })}
        {(!in_moderation).then(|| view! {
            <p class="nhsuk-body">"This round is no longer in moderation: its agreed levels are fixed."</p>
        })}
    }
}

/// One domain's page in moderation, with the way on to the next.
#[component]
fn DomainModeration(data: ModerationView, position: i64) -> impl IntoView {
    let round = data.round.clone();
    let id = round.id;
    let editable = round.status == RoundStatus::Moderation;
    let index = data
        .domains
        .iter()
        .position(|d| d.scale.position == position)
        .unwrap_or_default();
    let spread = data.domains.get(index).cloned();
    let next = data
        .domains
        .get(index + 1)
        .map(|d| (d.scale.position, d.scale.name.clone()));
    let moderation = format!("/maturity/rounds/{id}/moderation");
    let title = spread
        .as_ref()
        .map(|s| format!("{}. {}", s.scale.position, s.scale.name))
        .unwrap_or_default();
    view! {
        <Title text=format!("{title}: moderation of {}", round.title)/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=moderation.clone() attr:class="nhsuk-back-link__link">"All domains"</A>
        </nav>
        <span class="nhsuk-caption-l">{format!("Moderation: {}", round.title)}</span>
        <h1 id=format!("domain-{position}-heading")>{title}</h1>
        {spread.map(|spread| view! { <Domain id spread editable/> })}
        <p class="nhsuk-body">
            {match next {
                Some((next, name)) => view! {
                    <A href=format!("{moderation}/{next}") attr:class="nhsuk-link" attr:id="next-domain">{format!("Next domain: {next}. {name}")}</A>
                }.into_any(),
                None => view! {
                    <A href=moderation attr:class="nhsuk-link" attr:id="next-domain">"Back to all domains, to agree the round"</A>
                }.into_any(),
            }}
        </p>
    }
}

#[component]
fn Domain(id: i64, spread: DomainSpread, editable: bool) -> impl IntoView {
    let scale = spread.scale.clone();
    let position = scale.position;
    let summary = spread_summary(&spread);
    let decided = spread.agreed.as_ref().map(|a| {
        format!(
            "Agreed: {}; target {}. {}",
            scale.level_name(a.level),
            scale.level_name(a.target_level),
            a.rationale
        )
    });
    view! {
        <p class="nhsuk-body" id=format!("spread-{position}")>{summary}</p>
        {(!spread.ratings.is_empty()).then(|| view! {
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{format!("Who said what: {}", scale.name)}</caption>
                <TableHead columns=&["Participant", "Level", "Evidence", "Rationale"] />
                <tbody class="nhsuk-table__body">
                    {spread.ratings.iter().map(|r| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">{r.rater.clone()}</td>
                            <td class="nhsuk-table__cell">{scale.level_name(r.level)}</td>
                            <td class="nhsuk-table__cell">{r.evidence.clone()}</td>
                            <td class="nhsuk-table__cell">{r.rationale.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {decided.map(|text| view! { <p class="nhsuk-body" id=format!("agreed-{position}")><strong>{text}</strong></p> })}
        {editable.then(|| view! { <DecideForm id spread=spread.clone()/> })}
        {spread.gap.clone().map(|gap| view! { <Gap id gap editable/> })}
    }
}

#[component]
fn DecideForm(id: i64, spread: DomainSpread) -> impl IntoView {
    let action = ServerAction::<DecideDomain>::new();
    let position = spread.scale.position;
    let copy = FormCopy::<DecideDomain>::new("domain", position);
    let errors = suffixed(copy.errors(action.value()), position);
    let level_id = format!("level_{position}");
    let target_id = format!("target_level_{position}");
    let rationale_id = format!("rationale_{position}");
    let agreed = spread.agreed.clone();
    let version = copy.version(agreed.as_ref().map_or(0, |a| a.version), action.value());
    let typed_level = |name: &str, stored: Option<i64>| match copy.typed(name) {
        Some(level) => level.parse().ok(),
        None => stored,
    };
    let rationale = copy.typed("rationale").unwrap_or_else(|| {
        agreed
            .as_ref()
            .map(|a| a.rationale.clone())
            .unwrap_or_default()
    });
    let scale = spread.scale.clone();
    let options = |selected: Option<i64>| {
        let mut choices = vec![
            view! { <option value="" selected=selected.is_none()>"Choose a level"</option> }
                .into_any(),
        ];
        choices.extend(scale.levels.iter().map(|l| {
            view! { <option value=l.level selected=selected == Some(l.level)>{format!("{} {}", l.level, l.name)}</option> }.into_any()
        }));
        choices
    };
    let (level_options, target_options) = (
        options(typed_level("level", agreed.as_ref().map(|a| a.level))),
        options(typed_level(
            "target_level",
            agreed.as_ref().map(|a| a.target_level),
        )),
    );
    let heading = format!("decide-{position}-heading");
    view! {
        <h2 class="nhsuk-heading-m" id=heading.clone()>{format!("Agree {}", spread.scale.name)}</h2>
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby=heading>
            <input type="hidden" name="round" value=id/>
            <input type="hidden" name="domain" value=position/>
            <input type="hidden" name="version" value=version/>
            <FormField id=level_id.clone() label="Agreed level" errors>
                <select class="nhsuk-select" id=level_id.clone() name="level" aria-describedby=describe(errors, level_id.clone())>{level_options}</select>
            </FormField>
            <FormField id=target_id.clone() label="Target level for the next round" errors>
                <select class="nhsuk-select" id=target_id.clone() name="target_level" aria-describedby=describe(errors, target_id.clone())>{target_options}</select>
            </FormField>
            <FormField id=rationale_id.clone() label="Rationale" hint="Why the group settled on this level" errors>
                <textarea class="nhsuk-textarea" id=rationale_id.clone() name="rationale" rows="3" aria-describedby=describe(errors, rationale_id.clone())>
                    {crate::format::textarea_text(&rationale)}
                </textarea>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save agreed level"</button>
        </Form>
    }
}

#[component]
fn Gap(id: i64, gap: GapAction, editable: bool) -> impl IntoView {
    let action = ServerAction::<DecideGapAction>::new();
    let position = gap.domain;
    // Accept and Dismiss are two forms for one function in the card: the title typed
    // back belongs to Accept's.
    let copy = FormCopy::<DecideGapAction>::new("domain", position);
    let accepting = FormCopy::<DecideGapAction>::new("domain", position).and("decision", "accept");
    let errors = suffixed(copy.errors(action.value()), position);
    let version = copy.version(gap.version, action.value());
    let title_id = format!("title_{position}");
    let confirm_id = format!("confirm_{position}");
    let accepted = gap.status == GapStatus::Accepted;
    let heading = format!("gap-{position}-heading");
    let (title, dismissed_title) = (
        accepting
            .typed("title")
            .unwrap_or_else(|| gap.title.clone()),
        gap.title.clone(),
    );
    let status_class = match gap.status {
        GapStatus::Proposed => "nhsuk-tag nhsuk-tag--blue",
        GapStatus::Accepted => "nhsuk-tag nhsuk-tag--green",
        GapStatus::Dismissed => "nhsuk-tag nhsuk-tag--grey",
    };
    view! {
        <div class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-s" id=heading.clone()>"Gap action " <strong class=status_class>{gap.status.label()}</strong></h2>
                <p class="nhsuk-body" id=format!("gap-{position}")>{gap.title.clone()}</p>
                {(!gap.plan_actions.is_empty()).then(|| view! {
                    <p class="nhsuk-body-s">"Related borough plan actions:"</p>
                    <ul class="nhsuk-list nhsuk-body-s">
                        {gap.plan_actions.clone().into_iter().map(|a| view! { <li><A href=format!("/borough-plans/actions/{}", a.id)>{a.label.clone()}</A></li> }).collect_view()}
                    </ul>
                })}
                {(!gap.recommendations.is_empty()).then(|| view! {
                    <p class="nhsuk-body-s">"Related recommendations: "
                        {gap.recommendations.clone().into_iter().map(|n| view! { <A href=format!("/recommendations/{n}")>{n.to_string()}</A>" " }).collect_view()}
                    </p>
                })}
                {editable.then(|| view! {
                    <ErrorSummary errors/>
                    <Form action attr:aria-labelledby=heading.clone()>
                        <input type="hidden" name="round" value=id/>
                        <input type="hidden" name="domain" value=position/>
                        <input type="hidden" name="version" value=version/>
                        <input type="hidden" name="decision" value="accept"/>
                        <FormField id=title_id.clone() label="Action (edit before accepting if you wish)" errors>
                            <input class="nhsuk-input" id=title_id.clone() name="title" type="text" value=title aria-describedby=describe(errors, title_id.clone())/>
                        </FormField>
                        <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Accept action"</button>
                    </Form>
                    <Form action attr:aria-label=format!("Dismiss the gap action for domain {position}")>
                        <input type="hidden" name="round" value=id/>
                        <input type="hidden" name="domain" value=position/>
                        <input type="hidden" name="version" value=version/>
                        <input type="hidden" name="decision" value="dismiss"/>
                        <input type="hidden" name="title" value=dismissed_title/>
                        // An accepted action is dismissed only deliberately; its wording stays.
                        {accepted.then(|| view! {
                            <ConfirmBox id=confirm_id.clone() name="confirm" field=confirm_id.clone() label="Yes, dismiss this accepted action" errors/>
                        })}
                        <button class="linkway-link-button" type="submit">
                            {if accepted { "Dismiss this accepted action" } else { "Dismiss this action" }}
                        </button>
                    </Form>
                })}
            </div>
        </div>
    }
}
