//! `/chest/rounds/{id}/panel` (the round's members, appointing one, and the eligible
//! applications with where the reader stands on each) and `/chest/applications/{id}/review`
//! (an application as the panel reads it: declaring, scoring, and everyone's scores once
//! the reader may see them).

use super::model::{Interest, PanelView, Recommendation, Review, ReviewView};
use super::scoring::ScoreSummary;
use super::{load_panel, load_review, AppointPanelMember, DeclareInterest, ScoreApplication};
use crate::codes::CodeList;
use crate::components::{
    action_errors, described_by, described_by_name, number_in_address, render_or_error, typed,
    Choices, ErrorSummary, Form, FormField, Loading, Radios, ScrollRegion, SummaryList, TableHead,
};
use crate::format::{decimal, money};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PanelPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_panel(number_in_address(id.as_deref(), "That round")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Panel data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Panel(data: PanelView) -> impl IntoView {
    let round = data.round.clone();
    let title = format!("Panel: {}", round.title);
    let members = if data.members.is_empty() {
        "Nobody appointed yet".to_owned()
    } else {
        data.members
            .iter()
            .map(|(_, name)| name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let appoint = (data.can_manage && !data.candidates.is_empty()).then(|| {
        view! { <Appoint round=round.id candidates=data.candidates.clone()/> }
    });
    let applications = data.applications.clone();
    let is_member = data.is_member;
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/chest/rounds/{}", round.id) attr:class="nhsuk-back-link__link">{round.title.clone()}</A>
        </nav>
        <span class="nhsuk-caption-l">{data.fund_name.clone()}</span>
        <h1>{title}</h1>
        <SummaryList id="panel-members" rows=vec![("Members".to_owned(), members)]/>
        {appoint}
        <h2 class="nhsuk-heading-m" id="panel-applications-heading">"Eligible applications"</h2>
        <p class="nhsuk-body">"Declare any interest in an application before you score it. A member with a conflict does not score it and does not see its scores. Scores stay hidden until you submit yours."</p>
        {if applications.is_empty() {
            view! { <p class="nhsuk-body" id="no-panel-applications">"No application has been screened eligible yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Eligible applications".to_owned()>
                    <table class="nhsuk-table" id="panel-applications" aria-labelledby="panel-applications-heading">
                        <TableHead columns=&["Reference", "Group", "Project"] numeric=&["Asked", "Reviews"] trailing=&["Yours"]/>
                        <tbody class="nhsuk-table__body">
                            {applications.into_iter().map(|line| {
                                let yours = match (is_member, line.declared, line.reviewed) {
                                    (false, ..) => "Not on the panel",
                                    (true, None, _) => "Declare any interest",
                                    (true, Some(Interest::Conflict), _) => "Conflict: not scoring",
                                    (true, Some(_), false) => "Score it",
                                    (true, Some(_), true) => "Scored",
                                };
                                let a = line.application;
                                view! {
                                    <tr class="nhsuk-table__row">
                                        <th scope="row" class="nhsuk-table__header">
                                            <A href=format!("/chest/applications/{}/review", a.id)>{a.reference}</A>
                                        </th>
                                        <td class="nhsuk-table__cell">{a.org_name}</td>
                                        <td class="nhsuk-table__cell">{a.project_title}</td>
                                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(a.amount_pence)}</td>
                                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.reviews}</td>
                                        <td class="nhsuk-table__cell">{yours}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
    }
}

#[component]
fn Appoint(round: i64, candidates: Vec<(i64, String)>) -> impl IntoView {
    let action = ServerAction::<AppointPanelMember>::new();
    let errors = action_errors(action.value());
    view! {
        <h2 class="nhsuk-heading-m" id="appoint-heading">"Appoint a panel member"</h2>
        <ErrorSummary errors/>
        <Form action saved="The panel member has been appointed" attr:aria-labelledby="appoint-heading">
            <input type="hidden" name="round" value=round/>
            <FormField id="member" label="Panel member" hint="People who hold the panel member role for the fund's place" errors>
                <select class="nhsuk-select" id="member" name="member" aria-describedby=described_by(errors, "member")>
                    <option value="">"Choose someone"</option>
                    {candidates.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Appoint"</button>
        </Form>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_review(number_in_address(id.as_deref(), "That application")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <ReviewScreen data/> })
            })}
        </Suspense>
    }
}

#[component]
fn ReviewScreen(data: ReviewView) -> impl IntoView {
    let a = data.application.clone();
    let title = format!("{}: {}", a.reference, a.project_title);
    let facts = vec![
        (
            "Group".to_owned(),
            format!("{} ({})", a.org_name, a.org_type.label()),
        ),
        (
            "Borough and wards".to_owned(),
            format!("{}: {}", a.borough_name, a.wards),
        ),
        ("Amount asked".to_owned(), money(a.amount_pence)),
        (
            "Dates".to_owned(),
            format!(
                "{} to {}",
                crate::format::date(a.starts_on),
                crate::format::date(a.ends_on)
            ),
        ),
        (
            "People who will benefit".to_owned(),
            format!("{}: {}", a.beneficiaries, a.beneficiaries_where),
        ),
        ("Priorities met".to_owned(), data.priorities.join("; ")),
        ("Summary".to_owned(), a.summary.clone()),
        ("What the project will do".to_owned(), a.description.clone()),
    ];
    let budget = data
        .budget
        .iter()
        .map(|line| (line.item.clone(), money(line.amount_pence)))
        .collect();
    let answers = data
        .answers
        .iter()
        .map(|x| {
            (
                x.question.clone(),
                if x.answer { "Yes" } else { "No" }.to_owned(),
            )
        })
        .collect();
    let declared = data.declaration.clone();
    let conflicted = declared
        .as_ref()
        .is_some_and(|d| d.interest == Interest::Conflict);
    let declare =
        (data.is_member && declared.is_none()).then(|| view! { <Declare application=a.id/> });
    let score = (data.is_member && declared.is_some() && !conflicted && data.review.is_none())
        .then(|| view! { <Score data=data.clone()/> });
    let own = declared.map(|d| {
        let mut rows = vec![("Your declaration".to_owned(), d.interest.label().to_owned())];
        if !d.note.is_empty() {
            rows.push(("What it is".to_owned(), d.note));
        }
        view! { <SummaryList id="your-declaration" rows/> }
    });
    let scores = data
        .summary
        .clone()
        .map(|summary| view! { <Scores data=data.clone() summary/> });
    let waiting = (data.is_member && data.summary.is_none() && !conflicted && data.review.is_none())
        .then(|| view! { <p class="nhsuk-body" id="scores-hidden">"Other members' scores show here once you have submitted yours."</p> });
    let declarations = (!data.declarations.is_empty()).then(|| {
        let rows = data
            .declarations
            .iter()
            .map(|d| {
                let note = if d.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", d.note)
                };
                (
                    d.member_name.clone(),
                    format!("{}{note}", d.interest.label()),
                )
            })
            .collect();
        view! {
            <h2 class="nhsuk-heading-m">"Declarations"</h2>
            <SummaryList id="declarations" rows/>
        }
    });
    view! {
        <Title text=title/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/chest/rounds/{}/panel", data.round.id) attr:class="nhsuk-back-link__link">"The panel"</A>
        </nav>
        <span class="nhsuk-caption-l">{format!("{}, {}", a.reference, data.round.title)}</span>
        <h1>{a.project_title.clone()}</h1>
        <SummaryList id="review-facts" rows=facts/>
        <h2 class="nhsuk-heading-m">"Budget"</h2>
        <SummaryList id="budget" rows=budget/>
        <h2 class="nhsuk-heading-m">"Eligibility answers"</h2>
        <SummaryList id="answers" rows=answers/>
        {own}
        {conflicted.then(|| view! { <p class="nhsuk-body" id="conflicted">"You declared a conflict: you do not score this application or see its scores."</p> })}
        {declare}
        {score}
        {waiting}
        {scores}
        {declarations}
    }
}

#[component]
fn Declare(application: i64) -> impl IntoView {
    let action = ServerAction::<DeclareInterest>::new();
    let errors = action_errors(action.value());
    let chosen = typed::<DeclareInterest>("interest").unwrap_or_default();
    let note = typed::<DeclareInterest>("note");
    view! {
        <h2 class="nhsuk-heading-m" id="declare-heading">"Declare any interest"</h2>
        <ErrorSummary errors/>
        <Form action saved="Your declaration has been recorded" attr:aria-labelledby="declare-heading">
            <input type="hidden" name="application" value=application/>
            <Choices id="interest" legend="Do you have an interest in this application?" hint="For example, you work with, volunteer for or are related to someone in the group" errors>
                <Radios id="interest" name="interest" options=Interest::options() chosen/>
            </Choices>
            <FormField id="note" label="What the interest is (for an interest or a conflict)" errors>
                <input class="nhsuk-input" id="note" name="note" type="text" value=note aria-describedby=described_by(errors, "note")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Record the declaration"</button>
        </Form>
    }
}

#[component]
fn Score(data: ReviewView) -> impl IntoView {
    let action = ServerAction::<ScoreApplication>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<ScoreApplication>(name);
    let chosen = typed("recommendation").unwrap_or_default();
    view! {
        <h2 class="nhsuk-heading-m" id="score-heading">"Score the application"</h2>
        <ErrorSummary errors/>
        <Form action saved="Your scores have been submitted" attr:aria-labelledby="score-heading">
            <input type="hidden" name="application" value=data.application.id/>
            {data.criteria.iter().map(|c| {
                let field = format!("score-{}", c.id);
                let name = format!("score[{}]", c.id);
                let comment_id = format!("comment-{}", c.id);
                let comment_name = format!("comment[{}]", c.id);
                let picked = typed(&name).unwrap_or_default();
                let mut options: Vec<(String, String)> = c
                    .levels
                    .iter()
                    .enumerate()
                    .map(|(n, level)| (n.to_string(), format!("{n}: {level}")))
                    .collect();
                if c.na_allowed {
                    options.push(("na".to_owned(), "N/A: does not apply".to_owned()));
                }
                let legend = format!("{} (weight {})", c.label, c.weight);
                view! {
                    <Choices id=field.clone() legend errors>
                        <Radios id=field.clone() name=name.clone() options chosen=picked/>
                    </Choices>
                    <FormField id=comment_id.clone() label=format!("Your comment on {} (optional)", c.label) errors>
                        <textarea class="nhsuk-textarea" id=comment_id.clone() name=comment_name.clone() rows="2" aria-describedby=described_by_name(errors, comment_id.clone())>{typed(&comment_name)}</textarea>
                    </FormField>
                }
            }).collect_view()}
            <Choices id="recommendation" legend="What do you recommend?" errors>
                <Radios id="recommendation" name="recommendation" options=Recommendation::options() chosen/>
            </Choices>
            <button class="nhsuk-button" type="submit">"Submit your scores"</button>
        </Form>
    }
}

/// Everyone's scores: the application's score, each criterion's mean and spread with its
/// flags, and each member's marks and recommendation.
#[component]
fn Scores(data: ReviewView, summary: ScoreSummary) -> impl IntoView {
    let score = summary
        .score
        .map_or_else(|| "No scores yet".to_owned(), |s| decimal(s, 2));
    let reviews: Vec<Review> = data.reviews.clone();
    let criteria = data.criteria.clone();
    view! {
        <h2 class="nhsuk-heading-m" id="scores-heading">"The panel's scores"</h2>
        <SummaryList id="panel-score" rows=vec![
            ("Score (weighted, 0 to 5)".to_owned(), score),
            ("Members who scored".to_owned(), summary.members.to_string()),
        ]/>
        <ScrollRegion label="Scores by criterion".to_owned()>
            <table class="nhsuk-table" id="criterion-scores" aria-labelledby="scores-heading">
                <TableHead columns=&["Criterion"] numeric=&["Mean", "Lowest", "Highest", "N/A"] trailing=&["Flags"]/>
                <tbody class="nhsuk-table__body">
                    {criteria.iter().map(|c| {
                        let line = summary.criteria.iter().find(|s| s.criterion == c.id).cloned();
                        let shown = |n: Option<i64>| n.map_or_else(|| "–".to_owned(), |n| n.to_string());
                        let (mean, lowest, highest, na, flags) = match line {
                            Some(s) => {
                                let mut flags = Vec::new();
                                if s.spread_flag { flags.push("Members differ by 2 or more"); }
                                if s.under_minimum { flags.push("Under the minimum"); }
                                (s.mean.map_or_else(|| "–".to_owned(), |m| decimal(m, 2)), shown(s.lowest), shown(s.highest), s.not_applicable.to_string(), flags.join("; "))
                            }
                            None => ("–".to_owned(), "–".to_owned(), "–".to_owned(), "0".to_owned(), String::new()),
                        };
                        view! {
                            <tr class="nhsuk-table__row">
                                <th scope="row" class="nhsuk-table__header">{c.label.clone()}</th>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{mean}</td>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{lowest}</td>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{highest}</td>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{na}</td>
                                <td class="nhsuk-table__cell">{flags}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
        {reviews.into_iter().map(|review| {
            let rows: Vec<(String, String)> = std::iter::once(("Recommends".to_owned(), review.recommendation.label().to_owned()))
                .chain(data.criteria.iter().map(|c| {
                    let mark = review.marks.iter().find(|m| m.criterion_id == c.id);
                    let score = mark.and_then(|m| m.score).map_or_else(|| "N/A".to_owned(), |s| s.to_string());
                    let comment = mark.map(|m| m.comment.clone()).filter(|c| !c.is_empty()).map(|c| format!(": {c}")).unwrap_or_default();
                    (c.label.clone(), format!("{score}{comment}"))
                }))
                .collect();
            view! {
                <h3 class="nhsuk-heading-s">{review.member_name.clone()}</h3>
                <SummaryList rows/>
            }
        }).collect_view()}
    }
}
