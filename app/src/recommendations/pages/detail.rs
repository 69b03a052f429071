//! `/recommendations/{number}`: one recommendation — the review's wording, reported and
//! derived RAG with the full reason, a summary list of its facts (the owner and lead
//! organisation with "Change" links to their folded form), progress updates (newest first,
//! never overwritten), milestones, borough lines, linked borough plan actions, history.
//! Forms other than the progress update stay folded until opened.

use super::{RagTag, StatusOptions, StatusTag};
use crate::audit::HistoryPanel;
use crate::auth::{PeopleOptions, Person};
use crate::components::{
    action_errors, described_by, form_version, number_in_address, render_or_error, typed, typed_or,
    ErrorSummary, Form, FormCopy, FormField, Loading, TableHead,
};
use crate::error::FieldErrors;
use crate::error::FORM;
use crate::recommendations::model::{
    BoroughLine, Milestone, ProgressUpdate, RecommendationDetail, Status,
};

use crate::recommendations::rag::difference;
use crate::recommendations::{
    load_recommendation, AddBoroughLine, AddMilestone, AddProgressUpdate, UpdateBoroughLine,
    UpdateMilestone, UpdatePlan,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RecommendationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let detail = Resource::new(
        move || {
            (
                params.read().get("number"),
                query.read().get("icb").unwrap_or_default(),
            )
        },
        |(number, icb)| async move {
            load_recommendation(
                number_in_address(number.as_deref(), "That recommendation")?,
                icb,
            )
            .await
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(detail.await, move |detail| view! { <Details detail/> })
            })}
        </Suspense>
    }
}

/// An edit form folded into a table row: a details element whose summary also names the
/// row for screen readers, open while its form has problems. Its fields share names with
/// the page's main forms, so their messages show together above the form rather than
/// beside fields.
#[component]
fn RowEditor(
    summary: &'static str,
    hidden: String,
    errors: Signal<FieldErrors>,
    children: Children,
) -> impl IntoView {
    let errors = Signal::derive(move || {
        let mut all = FieldErrors::new();
        for message in errors.get().messages() {
            all.add(FORM, message);
        }
        all
    });
    view! {
        <details class="nhsuk-details" open=move || !errors.with(FieldErrors::is_empty)>
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">{summary} <span class="nhsuk-u-visually-hidden">{hidden}</span></span>
            </summary>
            <div class="nhsuk-details__text">
                <ErrorSummary errors/>
                {children()}
            </div>
        </details>
    }
}

/// The query parameter that opens a folded form when the page loads (`?change=plan`).
const CHANGE: &str = "change";

/// The summary-list facts the plan form changes, with their fields in it.
const PLAN_FACTS: [(&str, &str); 2] = [
    ("Accountable owner", "owner"),
    ("Lead organisation", "lead_organisation"),
];

/// A form folded away under its summary (an NHS details element), so the page reads as a
/// summary first; open while the form has problems. `heading_id` names the summary's
/// words, for the form's `aria-labelledby`.
#[component]
fn Folded(
    id: &'static str,
    heading_id: &'static str,
    summary: &'static str,
    errors: Signal<FieldErrors>,
    /// Open when the page loads (a "Change" link asked for it).
    #[prop(optional)]
    opened: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="nhsuk-details" id=id open=move || opened || !errors.with(FieldErrors::is_empty)>
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text" id=heading_id>{summary}</span>
            </summary>
            <div class="nhsuk-details__text">{children()}</div>
        </details>
    }
}

#[component]
fn Details(detail: RecommendationDetail) -> impl IntoView {
    let row = detail.row.clone();
    let number = row.recommendation.number;
    let title = format!("Recommendation {number}");
    let why = difference(row.reported, &row.derived);
    let window = match row.window {
        Some((open, close)) if open == close => {
            format!(
                "{} (due {})",
                row.recommendation.timeline,
                crate::format::date(close)
            )
        }
        Some((open, close)) => format!(
            "{} (due between {} and {})",
            row.recommendation.timeline,
            crate::format::date(open),
            crate::format::date(close)
        ),
        None => format!(
            "{} (no due date; reviewed every quarter)",
            row.recommendation.timeline
        ),
    };
    let facts = [
        ("Category", row.recommendation.category.clone()),
        (
            "Specific actions",
            row.recommendation.specific_actions.clone(),
        ),
        ("Timeline", window),
        (
            "Cost implication",
            row.recommendation.cost_implication.clone(),
        ),
        ("Priority", row.recommendation.priority.clone()),
        (
            "Accountable owner",
            row.plan
                .owner_name
                .clone()
                .unwrap_or_else(|| "No owner yet".into()),
        ),
        (
            "Lead organisation",
            if row.plan.lead_organisation.is_empty() {
                "Not set".into()
            } else {
                row.plan.lead_organisation.clone()
            },
        ),
    ];
    // The server's date: the browser's clock is not consulted (nor available to wasm).
    let today = detail.today;
    let can_plan = detail.can_plan;
    // The ICB asked for in the address stays in the page's own links.
    let asked = use_query_map()
        .read_untracked()
        .get("icb")
        .map(|icb| crate::format::query_value(&icb))
        .unwrap_or_default();
    let (back, change_query) = match asked.is_empty() {
        true => ("/recommendations".to_owned(), String::new()),
        false => (
            format!("/recommendations?area={asked}"),
            format!("icb={asked}&"),
        ),
    };
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=back attr:class="nhsuk-back-link__link">"Recommendations tracker"</A>
        </nav>
        <span class="nhsuk-caption-l">{title}</span>
        <h1>{row.recommendation.recommendation.clone()}</h1>
        <div class="nhsuk-card" id="rag">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-m">"Where it stands"</h2>
                <p class="nhsuk-body">
                    "Reported: " <RagTag rag=row.reported/>
                    " Derived: " <RagTag rag=Some(row.derived.rag)/>
                    {row.latest.as_ref().map(|u| format!(" · {}, {}% complete, updated {}", u.status.label(), u.percent_complete, crate::format::date(u.reported_on)))}
                </p>
                {why.map(|why| view! { <p class="nhsuk-body" id="derived-rag-reason"><strong>{why}</strong></p> })}
            </div>
        </div>
        <dl class="nhsuk-summary-list" id="facts">
            {facts.into_iter().map(|(key, value)| {
                // The plan's two facts are changed in the folded form below the list.
                // Each opens the folded form at its field (opened by the server, so in any
                // browser).
                let field = PLAN_FACTS.iter().find(|(fact, _)| *fact == key).map(|(_, field)| *field);
                let change = field.filter(|_| can_plan).map(|field| view! {
                    <dd class="nhsuk-summary-list__actions">
                        <a href=format!("?{change_query}{CHANGE}=plan#{field}")>"Change"<span class="nhsuk-u-visually-hidden">{format!(" {}", key.to_lowercase())}</span></a>
                    </dd>
                });
                let class = if can_plan && change.is_none() {
                    "nhsuk-summary-list__row nhsuk-summary-list__row--no-actions"
                } else {
                    "nhsuk-summary-list__row"
                };
                view! {
                    <div class=class>
                        <dt class="nhsuk-summary-list__key">{key}</dt>
                        <dd class="nhsuk-summary-list__value">{value}</dd>
                        {change}
                    </div>
                }
            }).collect_view()}
        </dl>
        {can_plan.then(|| view! { <PlanForm detail=detail.clone()/> })}
        {detail.can_update.then(|| {
            let token = detail.form_token.clone();
            view! { <ProgressForm number icb=detail.row.plan.icb_code.clone() today token/> }
        })}
        <Updates updates=detail.updates.clone()/>
        <Milestones detail=detail.clone() today/>
        <BoroughLines detail=detail.clone()/>
        <LinkedActions detail=detail.clone()/>
        {detail.history.clone().map(|mut events| {
            events.reverse();
            view! { <HistoryPanel title="History" events/> }
        })}
    }
}

#[component]
fn ProgressForm(
    number: i64,
    icb: String,
    today: chrono::NaiveDate,
    token: String,
) -> impl IntoView {
    let action = ServerAction::<AddProgressUpdate>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<AddProgressUpdate>(name);
    let status = typed("status").and_then(|code| Status::from_code(&code));
    let reported_on = typed_or::<AddProgressUpdate>("reported_on", today.to_string());
    view! {
        <h2 class="nhsuk-heading-m" id="progress-heading">"Post a progress update"</h2>
        <ErrorSummary errors/>
        <Form action saved="Your progress update has been posted" attr:id="progress-form">
            <input type="hidden" name="number" value=number/>
            <input type="hidden" name="icb" value=icb.clone()/>
            <input type="hidden" name="token" value=token/>
            <FormField id="status" label="Status" errors>
                <select class="nhsuk-select" id="status" name="status" aria-describedby=described_by(errors, "status")>
                    <StatusOptions selected=status/>
                </select>
            </FormField>
            <FormField id="commentary" label="Commentary" hint="What has happened since the last update, and what happens next" errors>
                <textarea class="nhsuk-textarea" id="commentary" name="commentary" rows="4" aria-describedby=described_by(errors, "commentary")>{typed("commentary").as_deref().map(crate::format::textarea_text)}</textarea>
            </FormField>
            <FormField id="percent_complete" label="Percent complete" hint="A whole number from 0 to 100" errors>
                <input class="nhsuk-input nhsuk-input--width-3" id="percent_complete" name="percent_complete" type="text" inputmode="numeric" value=typed("percent_complete") aria-describedby=described_by(errors, "percent_complete")/>
            </FormField>
            <FormField id="evidence" label="Evidence (optional)" hint="A link starting https:// or a note of where the evidence is; needed before you report complete" errors>
                <input class="nhsuk-input" id="evidence" name="evidence" type="text" value=typed("evidence") aria-describedby=described_by(errors, "evidence")/>
            </FormField>
            <FormField id="reported_on" label="Date of the update" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="reported_on" name="reported_on" type="date" value=reported_on max=today.to_string() aria-describedby=described_by(errors, "reported_on")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Post update"</button>
        </Form>
    }
}

#[component]
fn Updates(updates: Vec<ProgressUpdate>) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m" id="updates-heading">"Progress updates"</h2>
        {if updates.is_empty() {
            view! { <p class="nhsuk-body">"No progress has been reported yet."</p> }.into_any()
        } else {
            view! {
                <ol class="nhsuk-list nhsuk-list--border" id="updates" aria-labelledby="updates-heading">
                    {updates.into_iter().map(|u| {
                        let evidence = u.evidence.clone();
                        view! {
                            <li>
                                <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
                                    <strong>{crate::format::date(u.reported_on)}</strong> " · " <StatusTag status=u.status/>
                                    {format!(" · {}% complete · by {}", u.percent_complete, u.recorded_by)}
                                </p>
                                <p class="nhsuk-body nhsuk-u-margin-bottom-1">{u.commentary.clone()}</p>
                                {(!evidence.is_empty()).then(|| {
                                    if evidence.starts_with("https://") {
                                        view! { <p class="nhsuk-body-s">"Evidence: " <a href=evidence.clone() rel="noopener noreferrer">{evidence.clone()}</a></p> }.into_any()
                                    } else {
                                        view! { <p class="nhsuk-body-s">{format!("Evidence: {evidence}")}</p> }.into_any()
                                    }
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

#[component]
fn Milestones(detail: RecommendationDetail, today: chrono::NaiveDate) -> impl IntoView {
    let number = detail.row.recommendation.number;
    let icb = detail.row.plan.icb_code.clone();
    let can_update = detail.can_update;
    let people = detail.people.clone();
    view! {
        <h2 class="nhsuk-heading-m" id="milestones-heading">"Milestones"</h2>
        {if detail.milestones.is_empty() {
            view! { <p class="nhsuk-body">"No milestones have been planned yet."</p> }.into_any()
        } else {
            let people = people.clone();
            view! {
                <table class="nhsuk-table" id="milestones" aria-labelledby="milestones-heading">
                    <TableHead columns=&["Milestone", "Due", "Owner", "Progress"] />
                    <tbody class="nhsuk-table__body">
                        {detail.milestones.into_iter().map(|m| view! { <MilestoneRow milestone=m people=people.clone() today can_update/> }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {can_update.then(|| view! { <AddMilestoneForm number icb=icb.clone() people=people.clone()/> })}
    }
}

#[component]
fn MilestoneRow(
    milestone: Milestone,
    people: Vec<Person>,
    today: chrono::NaiveDate,
    can_update: bool,
) -> impl IntoView {
    let progress = match (milestone.done_on, milestone.days_overdue(today)) {
        (Some(done), _) => format!("Done {}", crate::format::date(done)),
        (None, Some(days)) => format!("{days} days overdue"),
        (None, None) => "Open".to_owned(),
    };
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">
                {milestone.title.clone()}
                {can_update.then(|| view! { <EditMilestone milestone=milestone.clone() people=people.clone()/> })}
            </td>
            <td class="nhsuk-table__cell">{crate::format::date(milestone.due_on)}</td>
            <td class="nhsuk-table__cell">{milestone.owner_name.clone().unwrap_or_else(|| "No owner".into())}</td>
            <td class="nhsuk-table__cell">{progress}</td>
        </tr>
    }
}

#[component]
fn EditMilestone(milestone: Milestone, people: Vec<Person>) -> impl IntoView {
    let action = ServerAction::<UpdateMilestone>::new();
    let id = milestone.id;
    let copy = FormCopy::<UpdateMilestone>::new("id", id);
    let (errors, version) = (
        copy.errors(action.value()),
        copy.version(milestone.version, action.value()),
    );
    let field = move |name: &str| format!("milestone-{id}-{name}");
    let shown = |name: &str, stored: String| copy.typed(name).unwrap_or(stored);
    let title = shown("title", milestone.title.clone());
    let due_on = shown("due_on", milestone.due_on.to_string());
    let done_on = shown(
        "done_on",
        milestone.done_on.map(|d| d.to_string()).unwrap_or_default(),
    );
    let owner = typed_person(copy.typed("owner_id"), milestone.owner_id);
    let current = milestone.owner_id.zip(milestone.owner_name.clone());
    view! {
        <RowEditor summary="Edit or mark done" hidden=format!(": {}", milestone.title) errors>
                <Form action>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=field("title")>"Milestone"</label>
                        <input class="nhsuk-input" id=field("title") name="title" type="text" value=title/>
                    </div>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=field("due_on")>"Due date"</label>
                        <input class="nhsuk-input nhsuk-input--width-10" id=field("due_on") name="due_on" type="date" value=due_on/>
                    </div>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=field("done_on")>"Date done (leave empty while open)"</label>
                        <input class="nhsuk-input nhsuk-input--width-10" id=field("done_on") name="done_on" type="date" value=done_on/>
                    </div>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=field("owner_id")>"Owner"</label>
                        <select class="nhsuk-select" id=field("owner_id") name="owner_id"><PeopleOptions people selected=owner current=current.clone()/></select>
                    </div>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save milestone"</button>
                </Form>
        </RowEditor>
    }
}

#[component]
fn AddMilestoneForm(number: i64, icb: String, people: Vec<Person>) -> impl IntoView {
    let action = ServerAction::<AddMilestone>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<AddMilestone>(name);
    view! {
        <Folded id="add-milestone" heading_id="add-milestone-heading" summary="Add a milestone" errors>
        <ErrorSummary errors/>
        <Form action saved="The milestone has been added" attr:aria-labelledby="add-milestone-heading">
            <input type="hidden" name="number" value=number/>
            <input type="hidden" name="icb" value=icb.clone()/>
            <FormField id="title" label="Milestone" errors>
                <input class="nhsuk-input" id="title" name="title" type="text" value=typed("title") aria-describedby=described_by(errors, "title")/>
            </FormField>
            <FormField id="due_on" label="Due date" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="due_on" name="due_on" type="date" value=typed("due_on") aria-describedby=described_by(errors, "due_on")/>
            </FormField>
            <FormField id="owner_id" label="Owner" errors>
                <select class="nhsuk-select" id="owner_id" name="owner_id" aria-describedby=described_by(errors, "owner_id")>
                    <PeopleOptions people selected=typed_person(typed("owner_id"), None)/>
                </select>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Add milestone"</button>
        </Form>
        </Folded>
    }
}

#[component]
fn BoroughLines(detail: RecommendationDetail) -> impl IntoView {
    let number = detail.row.recommendation.number;
    let icb = detail.row.plan.icb_code.clone();
    let editable = detail.editable_lines.clone();
    let people = detail.people.clone();
    let add = ServerAction::<AddBoroughLine>::new();
    let add_errors = action_errors(add.value());
    let show = !detail.borough_lines.is_empty() || detail.can_plan;
    show.then(|| view! {
        <h2 class="nhsuk-heading-m" id="lines-heading">"Borough lines"</h2>
        {if detail.borough_lines.is_empty() {
            view! { <p class="nhsuk-body">"No borough lines yet. Add one for each borough this recommendation applies in."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table" id="borough-lines" aria-labelledby="lines-heading">
                    <TableHead columns=&["Borough", "Owner", "Status", "Note"] />
                    <tbody class="nhsuk-table__body">
                        {detail.borough_lines.clone().into_iter().map(|line| {
                            let can_edit = editable.contains(&line.id);
                            view! { <LineRow line people=people.clone() can_edit/> }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {detail.can_plan.then(|| view! {
            <Folded id="add-line" heading_id="add-line-heading" summary="Add a borough line" errors=add_errors>
            <ErrorSummary errors=add_errors/>
            <Form action=add saved="The borough line has been added" attr:class="linkway-add-role" attr:aria-labelledby="add-line-heading">
                <input type="hidden" name="number" value=number/>
            <input type="hidden" name="icb" value=icb.clone()/>
                <label class="nhsuk-label" for="borough">"Borough"</label>
                <select class="nhsuk-select" id="borough" name="borough">
                    {detail.boroughs.clone().into_iter().map(|(code, name)| {
                        let chosen = typed::<AddBoroughLine>("borough").as_deref() == Some(code.as_str());
                        view! { <option value=code selected=chosen>{name}</option> }
                    }).collect_view()}
                </select>
                " "
                <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">"Add borough line"</button>
            </Form>
            </Folded>
        })}
    })
}

#[component]
fn LineRow(line: BoroughLine, people: Vec<Person>, can_edit: bool) -> impl IntoView {
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">
                {line.borough_name.clone()}
                {can_edit.then(|| view! { <EditLine line=line.clone() people/> })}
            </td>
            <td class="nhsuk-table__cell">{line.owner_name.clone().unwrap_or_else(|| "No owner".into())}</td>
            <td class="nhsuk-table__cell"><StatusTag status=line.status/></td>
            <td class="nhsuk-table__cell">{line.note.clone()}</td>
        </tr>
    }
}

#[component]
fn EditLine(line: BoroughLine, people: Vec<Person>) -> impl IntoView {
    let action = ServerAction::<UpdateBoroughLine>::new();
    let id = line.id;
    let copy = FormCopy::<UpdateBoroughLine>::new("id", id);
    let (errors, version) = (
        copy.errors(action.value()),
        copy.version(line.version, action.value()),
    );
    let status = copy
        .typed("status")
        .and_then(|code| Status::from_code(&code))
        .unwrap_or(line.status);
    let owner = typed_person(copy.typed("owner_id"), line.owner_id);
    let current = line.owner_id.zip(line.owner_name.clone());
    let note = copy.typed("note").unwrap_or_else(|| line.note.clone());
    let field = move |name: &str| format!("line-{id}-{name}");
    view! {
        <RowEditor summary="Update" hidden=format!(" the {} line", line.borough_name) errors>
                <Form action>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=field("owner_id")>"Owner"</label>
                        <select class="nhsuk-select" id=field("owner_id") name="owner_id"><PeopleOptions people selected=owner current=current.clone()/></select>
                    </div>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=field("status")>"Status"</label>
                        <select class="nhsuk-select" id=field("status") name="status"><StatusOptions selected=Some(status)/></select>
                    </div>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=field("note")>"Note"</label>
                        <textarea class="nhsuk-textarea" id=field("note") name="note" rows="2">{crate::format::textarea_text(&note)}</textarea>
                    </div>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save line"</button>
                </Form>
        </RowEditor>
    }
}

#[component]
fn PlanForm(detail: RecommendationDetail) -> impl IntoView {
    let action = ServerAction::<UpdatePlan>::new();
    let errors = action_errors(action.value());
    let plan = detail.row.plan.clone();
    let owner = typed_person(typed::<UpdatePlan>("owner"), plan.owner_id);
    let lead_organisation =
        typed_or::<UpdatePlan>("lead_organisation", plan.lead_organisation.clone());
    let version = form_version(plan.version, action.value());
    let opened = use_query_map().read_untracked().get(CHANGE).as_deref() == Some("plan");
    view! {
        <Folded id="change-plan" heading_id="plan-heading" summary="Change the owner or lead organisation" errors opened>
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="plan-heading">
            <input type="hidden" name="number" value=detail.row.recommendation.number/>
            <input type="hidden" name="icb" value=plan.icb_code.clone()/>
            <input type="hidden" name="version" value=version/>
            <FormField id="owner" label="Accountable owner" errors>
                <select class="nhsuk-select" id="owner" name="owner" aria-describedby=described_by(errors, "owner")>
                    <PeopleOptions people=detail.people.clone() selected=owner current=plan.owner_id.zip(plan.owner_name.clone())/>
                </select>
            </FormField>
            <FormField id="lead_organisation" label="Lead organisation" errors>
                <input class="nhsuk-input" id="lead_organisation" name="lead_organisation" type="text" value=lead_organisation aria-describedby=described_by(errors, "lead_organisation")/>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save owner and lead organisation"</button>
        </Form>
        </Folded>
    }
}

#[component]
fn LinkedActions(detail: RecommendationDetail) -> impl IntoView {
    (!detail.actions.is_empty()).then(|| view! {
        <h2 class="nhsuk-heading-m" id="actions-heading">"Linked borough plan actions"</h2>
        <ul class="nhsuk-list nhsuk-list--bullet" aria-labelledby="actions-heading">
            {detail.actions.into_iter().map(|a| view! {
                <li>{format!("{}, {}: {}) {} — ", a.borough_name, a.domain, a.number, a.title)}<StatusTag status=a.status/></li>
            }).collect_view()}
        </ul>
    })
}

/// The person a refused form had chosen, else `stored`.
fn typed_person(typed: Option<String>, stored: Option<i64>) -> Option<i64> {
    match typed {
        Some(id) => id.parse().ok(),
        None => stored,
    }
}
