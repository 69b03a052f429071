//! `/maturity/rounds/{id}`: one assessment round — who takes part, where it stands, the
//! participant's rating form while scoring is open, the ratings the user may read, the
//! agreed levels and accepted gap actions; the borough lead moves it on from here.

use super::moderation::domain_status;
use super::{LevelCell, RoundStatusTag, ILLUSTRATIVE, ROUND};
use crate::components::{
    action_errors, field_error_id, number_in_address, render_or_error, ErrorSummary, FormField,
    Loading, TableHead, Task, TaskList,
};
use crate::components::{checking, typed, typed_fields, ConfirmTyped, Form};
use crate::error::FieldErrors;
use crate::maturity::model::{DomainScale, GapStatus, RoundStatus, RoundView};
use crate::maturity::{load_round, AddParticipant, MoveRound, RemoveParticipant, SubmitRatings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RoundPage() -> impl IntoView {
    let params = use_params_map();
    let view = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_round(number_in_address(id.as_deref(), ROUND)?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(view.await, move |data| view! { <Round data/> })
            })}
        </Suspense>
    }
}

/// `aria-describedby` for a field whose name is made at run time.
pub fn describe(errors: Signal<FieldErrors>, field: String) -> impl Fn() -> Option<String> {
    move || {
        errors
            .with(|errors| errors.contains_key(&field))
            .then(|| field_error_id(&field))
    }
}

#[component]
fn Round(data: RoundView) -> impl IntoView {
    let round = data.round.clone();
    let id = round.id;
    let participants = data
        .participants
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                p.name,
                if p.submitted {
                    "submitted"
                } else {
                    "not submitted yet"
                }
            )
        })
        .collect::<Vec<_>>();
    let participants = if participants.is_empty() {
        "Nobody yet".to_owned()
    } else {
        participants.join(", ")
    };
    let name_of = {
        let framework = data.framework.clone();
        move |position: i64| {
            framework
                .domain(position)
                .map(|d| d.name.clone())
                .unwrap_or_default()
        }
    };
    let level_of = {
        let framework = data.framework.clone();
        move |position: i64, level: i64| {
            framework
                .domain(position)
                .map(|d| d.level_name(level))
                .unwrap_or_else(|| level.to_string())
        }
    };
    let accepted: Vec<_> = data
        .gap_actions
        .iter()
        .filter(|g| g.status == GapStatus::Accepted)
        .cloned()
        .collect();
    view! {
        <Title text=round.title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href="/maturity" attr:class="nhsuk-back-link__link">"Maturity"</A>
        </nav>
        <span class="nhsuk-caption-l">{format!("{} · assessment round", round.borough_name)}</span>
        <h1>{round.title.clone()}</h1>
        {data.can_manage.then(|| view! { <CheckMove data=data.clone()/> })}
        {data.can_rate.then(|| view! { <CheckRatings domains=data.framework.domains.clone()/> })}
        {round.illustrative.then(|| view! {
            <div class="nhsuk-warning-callout">
                <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>{ILLUSTRATIVE}</span></h2>
                <p>"These scores were made up to show how Linkway works. The review gives no numeric scores."</p>
            </div>
        })}
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Borough"</dt>
                <dd class="nhsuk-summary-list__value"><A href=format!("/maturity/boroughs/{}", round.borough_code)>{round.borough_name.clone()}</A></dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Held on"</dt>
                <dd class="nhsuk-summary-list__value">{crate::format::long_date(round.held_on)}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Status"</dt>
                <dd class="nhsuk-summary-list__value" id="round-status"><RoundStatusTag status=round.status/></dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Framework"</dt>
                <dd class="nhsuk-summary-list__value">
                    <A href=format!("/maturity/framework?version={}", round.framework_version)>{format!("Version {}", round.framework_version)}</A>
                </dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Participants"</dt>
                <dd class="nhsuk-summary-list__value" id="participants">{participants}</dd>
            </div>
        </dl>
        <p class="nhsuk-body-s">"Rounds go draft → scoring → moderation → agreed → published. Participants rate independently while scoring is open; the borough lead agrees the levels in moderation; published rounds are visible across the ICB."</p>
        {(round.status == RoundStatus::Moderation).then(|| view! { <DomainTasks data=data.clone()/> })}
        // Scoring and moderation have their own controls; a published round has none.
        {(data.can_manage && matches!(round.status, RoundStatus::Draft | RoundStatus::Agreed)).then(|| view! { <Manage data=data.clone()/> })}
        {data.can_rate.then(|| view! { <RatingForm id domains=data.framework.domains.clone()/> })}
        {(data.can_manage && round.status == RoundStatus::Scoring).then(|| view! { <CloseScoring id/> })}
        {data.hidden_note.clone().map(|note| view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{note}</p>
            </div>
        })}
        {(!data.ratings.is_empty()).then(|| {
            let name_of = name_of.clone();
            let level_of = level_of.clone();
            view! {
            <table class="nhsuk-table" id="ratings">
                <caption class="nhsuk-table__caption">"Ratings"</caption>
                <TableHead columns=&["Domain", "Participant", "Level", "Evidence", "Rationale"] />
                <tbody class="nhsuk-table__body">
                    {data.ratings.clone().into_iter().map(|r| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">{name_of(r.domain)}</td>
                            <td class="nhsuk-table__cell">{r.rater}</td>
                            <td class="nhsuk-table__cell">{level_of(r.domain, r.level)}</td>
                            <td class="nhsuk-table__cell">{r.evidence}</td>
                            <td class="nhsuk-table__cell">{r.rationale}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }})}
        {(!data.agreed.is_empty()).then(|| {
            let name_of = name_of.clone();
            let level_of = level_of.clone();
            view! {
            <table class="nhsuk-table" id="agreed">
                <caption class="nhsuk-table__caption">"Agreed levels"</caption>
                <TableHead columns=&["Domain", "Agreed level", "Target next round", "Rationale"] />
                <tbody class="nhsuk-table__body">
                    {data.agreed.clone().into_iter().map(|a| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{name_of(a.domain)}</th>
                            <LevelCell level=Some((a.level, level_of(a.domain, a.level)))/>
                            <td class="nhsuk-table__cell">{level_of(a.domain, a.target_level)}</td>
                            <td class="nhsuk-table__cell">{a.rationale}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }})}
        {(!accepted.is_empty()).then(|| view! {
            <h2 class="nhsuk-heading-m">"Actions agreed for the gaps"</h2>
            <ul class="nhsuk-list nhsuk-list--bullet" id="gap-actions">
                {accepted.into_iter().map(|g| view! { <li>{g.title}</li> }).collect_view()}
            </ul>
        })}
        <p class="nhsuk-body">
            <a class="nhsuk-link" href=format!("/maturity/rounds/{id}/export.xlsx") download>"Download this round (.xlsx)"</a>
        </p>
    }
}

/// In moderation, each domain "Agreed" or "Not yet agreed"; the lead's lines open the
/// domain's moderation page.
#[component]
fn DomainTasks(data: RoundView) -> impl IntoView {
    let id = data.round.id;
    let tasks: Vec<Task> = data
        .framework
        .domains
        .iter()
        .map(|scale| {
            let agreed = data.agreed.iter().find(|a| a.domain == scale.position);
            let gap_open = data
                .gap_actions
                .iter()
                .any(|g| g.domain == scale.position && g.status == GapStatus::Proposed);
            let (status, done) = domain_status(agreed.map(|a| scale.level_name(a.level)), gap_open);
            Task {
                name: format!("{}. {}", scale.position, scale.name),
                href: data
                    .can_manage
                    .then(|| format!("/maturity/rounds/{id}/moderation/{}", scale.position)),
                hint: None,
                status,
                done,
                urgent: false,
            }
        })
        .collect();
    let agreed = data.agreed.len();
    let total = tasks.len();
    view! {
        <h2 class="nhsuk-heading-m" id="domains-heading">"Moderation"</h2>
        <p class="nhsuk-body" id="domains-done">{format!("{agreed} of {total} domains agreed.")}</p>
        <TaskList id="domains" tasks/>
        {data.can_manage.then(|| view! {
            <p class="nhsuk-body">
                <A href=format!("/maturity/rounds/{id}/moderation") attr:class="nhsuk-link" attr:id="moderation-link">"Moderate: every domain, then agree the round"</A>
            </p>
        })}
    }
}

/// The borough lead's controls in draft (participants, opening scoring) and once agreed
/// (publishing). Closing scoring sits below the lead's own ratings ([`CloseScoring`]);
/// moderation has its own pages.
#[component]
fn Manage(data: RoundView) -> impl IntoView {
    let round = data.round.clone();
    let id = round.id;
    let move_action = ServerAction::<MoveRound>::new();
    let move_errors = unchecked_move_errors(move_action);
    let add = ServerAction::<AddParticipant>::new();
    let add_errors = action_errors(add.value());
    let remove = ServerAction::<RemoveParticipant>::new();
    let remove_errors = action_errors(remove.value());
    let draft = round.status == RoundStatus::Draft;
    let next = round.status.next().zip(round.status.next_action());
    view! {
        <h2 class="nhsuk-heading-m" id="manage-heading">"Run this round"</h2>
        {draft.then(|| view! {
            <ErrorSummary errors=add_errors/>
            <ErrorSummary errors=remove_errors/>
            <Form action=add attr:aria-label="Add a participant">
                <input type="hidden" name="round" value=id/>
                <FormField id="participant" label="Add a participant" errors=add_errors>
                    <select class="nhsuk-select" id="participant" name="participant">
                        <option value="">"Choose a person"</option>
                        {data.people.clone().into_iter().map(|p| view! {
                            <option value=p.id.to_string()>{format!("{} ({})", p.name, p.organisation)}</option>
                        }).collect_view()}
                    </select>
                </FormField>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Add participant"</button>
            </Form>
            <ul class="nhsuk-list">
                {data.participants.clone().into_iter().map(|p| view! {
                    <li>
                        <Form action=remove attr:class="linkway-inline-form">
                            <input type="hidden" name="round" value=id/>
                            <input type="hidden" name="participant" value=p.user_id/>
                            {p.name.clone()}" "
                            <button class="linkway-link-button" type="submit">"Remove"<span class="nhsuk-u-visually-hidden">{format!(" {}", p.name)}</span></button>
                        </Form>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(round.status == RoundStatus::Agreed).then(|| view! {
            <p class="nhsuk-body">
                <A href=format!("/maturity/rounds/{id}/moderation") attr:class="nhsuk-link" attr:id="moderation-link">"See how each domain was agreed"</A>
            </p>
        })}
        // Moderation has its own page; closing scoring sits below the lead's own ratings.
        {next.filter(|_| !matches!(round.status, RoundStatus::Moderation | RoundStatus::Scoring)).map(|(to, label)| view! {
            <ErrorSummary errors=move_errors/>
            <Form action=move_action attr:aria-labelledby="manage-heading">
                <input type="hidden" name="round" value=id/>
                <input type="hidden" name="to" value=to.code()/>
                <button class="nhsuk-button" type="submit" id="move-round">{label}</button>
            </Form>
        })}
    }
}

/// Closing scoring: a secondary action below the participant's own form; the lead then
/// sees who has not submitted before confirming ([`CheckMove`]).
#[component]
fn CloseScoring(id: i64) -> impl IntoView {
    let action = ServerAction::<MoveRound>::new();
    let errors = unchecked_move_errors(action);
    view! {
        <h2 class="nhsuk-heading-m" id="close-heading">"Close scoring"</h2>
        <p class="nhsuk-body">"When everyone has submitted, close scoring to moderate. Anyone who has not submitted by then is left out."</p>
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="close-heading">
            <input type="hidden" name="round" value=id/>
            <input type="hidden" name="to" value=RoundStatus::Moderation.code()/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" id="move-round">"Close scoring"</button>
        </Form>
    }
}

/// Check before closing scoring (who has not submitted) or publishing (the levels every
/// borough will see); shown when the move asked to be confirmed.
#[component]
fn CheckMove(data: RoundView) -> impl IntoView {
    let action = ServerAction::<MoveRound>::new();
    if !checking::<MoveRound, _, _>(action.value()) {
        return None;
    }
    // A move that is no longer the round's next (someone else moved it on) is not offered
    // again: the page shows the round as it now stands, with the refusal.
    let to = typed::<MoveRound>("to")
        .and_then(|to| RoundStatus::from_code(&to))
        .filter(|to| data.round.status.next() == Some(*to));
    let errors = action_errors(action.value());
    let panel = match to {
        Some(RoundStatus::Moderation) => {
            let missing: Vec<String> = data
                .participants
                .iter()
                .filter(|p| !p.submitted)
                .map(|p| p.name.clone())
                .collect();
            view! {
                <h2 class="nhsuk-heading-m" id="check-move-heading">"Close scoring?"</h2>
                {if missing.is_empty() {
                    view! { <p class="nhsuk-body">"Every participant has submitted their ratings."</p> }.into_any()
                } else {
                    view! {
                        <p class="nhsuk-body">"These participants have not submitted. Their ratings will not count:"</p>
                        <ul class="nhsuk-list nhsuk-list--bullet" id="not-submitted">
                            {missing.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p class="nhsuk-body">"Scoring cannot be opened again once it is closed."</p>
                <ConfirmTyped action button="Close scoring" button_id="confirm-move" saved="Scoring is closed: the round is in moderation"/>
            }
            .into_any()
        }
        Some(RoundStatus::Published) => {
            let framework = data.framework.clone();
            let rows = data.agreed.clone().into_iter().map(|a| {
                let scale = framework.domain(a.domain);
                let name = scale.map(|s| s.name.clone()).unwrap_or_default();
                let level = scale.map_or_else(|| a.level.to_string(), |s| s.level_name(a.level));
                let target = scale.map_or_else(|| a.target_level.to_string(), |s| s.level_name(a.target_level));
                view! {
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{name}</dt>
                        <dd class="nhsuk-summary-list__value">{format!("{level} (target {target})")}</dd>
                    </div>
                }
            }).collect_view();
            view! {
                <h2 class="nhsuk-heading-m" id="check-move-heading">"Check before you publish"</h2>
                <p class="nhsuk-body">"Publishing shares these agreed levels with everyone in the ICB, on the heatmap and the borough's history. A published round cannot be changed."</p>
                <dl class="nhsuk-summary-list" id="publish-summary">{rows}</dl>
                <ConfirmTyped action button="Publish to the ICB" button_id="confirm-move" saved="The round is published to the ICB"/>
            }
            .into_any()
        }
        // Only the refusal, at the top of the page.
        _ => return Some(view! { <ErrorSummary errors/> }.into_any()),
    };
    Some(
        view! {
            <section class="linkway-check" aria-labelledby="check-move-heading" tabindex="-1" autofocus>
                <ErrorSummary errors/>
                {panel}
            </section>
        }
        .into_any(),
    )
}

/// The refusal of a move the lead had not been asked to confirm: a confirmed one's shows
/// at the top of the page, in [`CheckMove`].
fn unchecked_move_errors(action: ServerAction<MoveRound>) -> Signal<FieldErrors> {
    if checking::<MoveRound, _, _>(action.value()) {
        Signal::stored(FieldErrors::new())
    } else {
        action_errors(action.value())
    }
}

/// "Check your ratings": what the participant chose for every domain, each with a link
/// back to its question in the form below, and the button that submits them.
#[component]
fn CheckRatings(domains: Vec<DomainScale>) -> impl IntoView {
    let action = ServerAction::<SubmitRatings>::new();
    if !checking::<SubmitRatings, _, _>(action.value()) {
        return None;
    }
    let fields = typed_fields::<SubmitRatings>();
    let value = |name: String| {
        fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    };
    let rows = domains
        .into_iter()
        .enumerate()
        .map(|(index, scale)| {
            let position = scale.position;
            let level = value(format!("ratings[{index}][level]"))
                .parse::<i64>()
                .map(|level| scale.level_name(level))
                .unwrap_or_default();
            let evidence = value(format!("ratings[{index}][evidence]"));
            let rationale = value(format!("ratings[{index}][rationale]"));
            view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{format!("{}. {}", position, scale.name)}</dt>
                    <dd class="nhsuk-summary-list__value">
                        <p class="nhsuk-body nhsuk-u-margin-bottom-2"><strong>{level}</strong></p>
                        <p class="nhsuk-body-s nhsuk-u-margin-bottom-2">{format!("Evidence: {evidence}")}</p>
                        {(!rationale.is_empty()).then(|| view! { <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{format!("Rationale: {rationale}")}</p> })}
                    </dd>
                    <dd class="nhsuk-summary-list__actions">
                        <a href=format!("#level_{position}")>"Change"<span class="nhsuk-u-visually-hidden">{format!(" your rating for {}", scale.name)}</span></a>
                    </dd>
                </div>
            }
        })
        .collect_view();
    Some(view! {
        <section class="linkway-check" aria-labelledby="check-ratings-heading" id="check-ratings-panel" tabindex="-1" autofocus>
            <h2 class="nhsuk-heading-l" id="check-ratings-heading">"Check your ratings"</h2>
            <p class="nhsuk-body">"Once submitted, your ratings cannot be changed, and you will see the other participants' ratings."</p>
            <dl class="nhsuk-summary-list" id="check-ratings">{rows}</dl>
            <ConfirmTyped action button="Submit my ratings" button_id="submit-ratings" saved="Your ratings have been submitted"/>
            <p class="nhsuk-body">"To change a rating, use the form below, then continue again."</p>
        </section>
    })
}

/// Every domain: a level (radios, with each level's descriptor as its hint), the evidence
/// and the rationale. Submitted once; the others' ratings appear after.
#[component]
fn RatingForm(id: i64, domains: Vec<DomainScale>) -> impl IntoView {
    let action = ServerAction::<SubmitRatings>::new();
    let errors = action_errors(action.value());
    let typed = |name: String| typed::<SubmitRatings>(&name);
    view! {
        <h2 class="nhsuk-heading-l" id="rate-heading">"Your ratings"</h2>
        <p class="nhsuk-body">"Rate every domain on your own evidence. You can check your ratings before you submit them. Other participants' ratings stay hidden until you submit, and you cannot change your ratings after."</p>
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="rate-heading">
            <input type="hidden" name="round" value=id/>
            {domains.into_iter().enumerate().map(|(index, scale)| {
                let position = scale.position;
                let level_field = format!("level_{position}");
                let evidence_field = format!("evidence_{position}");
                let rationale_field = format!("rationale_{position}");
                let level_messages = {
                    let field = level_field.clone();
                    move || errors.with(|e| e.get(&field).cloned()).map(|m| m.join(". "))
                };
                let group_class = {
                    let field = level_field.clone();
                    move || if errors.with(|e| e.contains_key(&field)) { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" }
                };
                let level_error_id = field_error_id(&level_field);
                let chosen = typed(format!("ratings[{index}][level]"));
                let evidence = typed(format!("ratings[{index}][evidence]"));
                let rationale = typed(format!("ratings[{index}][rationale]"));
                view! {
                    <div class=group_class>
                        <fieldset class="nhsuk-fieldset" aria-describedby=describe(errors, level_field.clone())>
                            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
                                <h3 class="nhsuk-fieldset__heading">{format!("{}. {}", position, scale.name)}</h3>
                            </legend>
                            <input type="hidden" name=format!("ratings[{index}][domain]") value=position/>
                            {move || level_messages().map(|message| view! {
                                <span class="nhsuk-error-message" id=level_error_id.clone()>
                                    <span class="nhsuk-u-visually-hidden">"Error: "</span>{message}
                                </span>
                            })}
                            <div class="nhsuk-radios">
                                {scale.levels.iter().enumerate().map(|(n, level)| {
                                    let input_id = if n == 0 { level_field.clone() } else { format!("{level_field}-{}", level.level) };
                                    let hint_id = format!("{level_field}-{}-hint", level.level);
                                    let checked = chosen.as_deref() == Some(level.level.to_string().as_str());
                                    view! {
                                        <div class="nhsuk-radios__item">
                                            <input class="nhsuk-radios__input" id=input_id.clone() name=format!("ratings[{index}][level]") type="radio" value=level.level checked=checked aria-describedby=hint_id.clone()/>
                                            <label class="nhsuk-label nhsuk-radios__label" for=input_id>{format!("{} {}", level.level, level.name)}</label>
                                            <div class="nhsuk-hint nhsuk-radios__hint" id=hint_id>{level.descriptor.clone()}</div>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                    <FormField id=evidence_field.clone() label=format!("Evidence for {}", scale.name) hint="What you have seen: documents, meetings, data" errors>
                        <textarea class="nhsuk-textarea" id=evidence_field.clone() name=format!("ratings[{index}][evidence]") rows="3" aria-describedby=describe(errors, evidence_field.clone())>{evidence.as_deref().map(crate::format::textarea_text)}</textarea>
                    </FormField>
                    <FormField id=rationale_field.clone() label=format!("Rationale for {} (optional)", scale.name) errors>
                        <textarea class="nhsuk-textarea" id=rationale_field.clone() name=format!("ratings[{index}][rationale]") rows="2" aria-describedby=describe(errors, rationale_field.clone())>{rationale.as_deref().map(crate::format::textarea_text)}</textarea>
                    </FormField>
                }
            }).collect_view()}
            <button class="nhsuk-button" type="submit" id="continue-ratings">"Continue"</button>
        </Form>
    }
}
