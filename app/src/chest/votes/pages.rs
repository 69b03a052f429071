//! `/chest/rounds/{id}/voters` (a vote round's list of voters with their ballot links,
//! adding to it, and the tally) and `/vote/{link}` (a voter's ballot: no account needed).

use super::model::{BallotState, BallotView, VotersView};
use super::{load_ballot, load_voters, AddVoters, CastVote};
use crate::components::{
    action_errors, described_by, number_in_address, render_or_error, typed, Choices, ErrorSummary,
    Form, FormField, Loading, ScrollRegion, SummaryList, TableHead,
};
use crate::format::{date, money};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn VotersPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_voters(number_in_address(id.as_deref(), "That round")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Voters data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Voters(data: VotersView) -> impl IntoView {
    let round = data.round.clone();
    let title = format!("The vote: {}", round.title);
    let facts = vec![
        (
            "Where the vote stands".to_owned(),
            data.state.label().to_owned(),
        ),
        ("Budget".to_owned(), money(data.budget_pence)),
        (
            "Voters".to_owned(),
            format!("{} listed, {} voted", data.voters.len(), data.voted()),
        ),
    ];
    let voters = data.voters.clone();
    let tally = data.tally.clone();
    let id = round.id;
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/chest/rounds/{id}") attr:class="nhsuk-back-link__link">{round.title.clone()}</A>
        </nav>
        <span class="nhsuk-caption-l">{data.fund_name.clone()}</span>
        <h1>{title}</h1>
        <SummaryList id="vote-facts" rows=facts/>
        <h2 class="nhsuk-heading-m" id="tally-heading">"The tally"</h2>
        {if tally.is_empty() {
            view! { <p class="nhsuk-body" id="no-tally">"No application has been screened eligible yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="The tally".to_owned()>
                    <table class="nhsuk-table" id="tally" aria-labelledby="tally-heading">
                        <TableHead columns=&["Reference", "Group and project"] numeric=&["Asked", "Votes"]/>
                        <tbody class="nhsuk-table__body">
                            {tally.into_iter().map(|p| view! {
                                <tr class="nhsuk-table__row">
                                    <th scope="row" class="nhsuk-table__header">{p.reference}</th>
                                    <td class="nhsuk-table__cell">{format!("{}: {}", p.org_name, p.project_title)}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(p.amount_pence)}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{p.votes}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
        <h2 class="nhsuk-heading-m" id="voters-heading">"Voters"</h2>
        <p class="nhsuk-body">"Give each voter their own ballot address: anyone who has it can vote once in their name."</p>
        {if voters.is_empty() {
            view! { <p class="nhsuk-body" id="no-voters">"Nobody is on the list yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Voters".to_owned()>
                    <table class="nhsuk-table" id="voter-list" aria-labelledby="voters-heading">
                        <TableHead columns=&["Name", "Where they live, or whom they speak for", "Ballot address", "Voted"]/>
                        <tbody class="nhsuk-table__body">
                            {voters.into_iter().map(|v| view! {
                                <tr class="nhsuk-table__row">
                                    <th scope="row" class="nhsuk-table__header">{v.name}</th>
                                    <td class="nhsuk-table__cell">{v.area}</td>
                                    <td class="nhsuk-table__cell"><a class="nhsuk-link" href=v.ballot.clone()>{v.ballot.clone()}</a></td>
                                    <td class="nhsuk-table__cell">{v.voted_at.map_or_else(|| "Not yet".to_owned(), |at| date(at.date_naive()))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
        <p class="nhsuk-body">
            <a class="nhsuk-link" href=format!("/chest/rounds/{id}/voters.xlsx") download rel="external">"Download the voters, their ballot addresses and the tally (.xlsx)"</a>
        </p>
        <AddVotersForm round=id/>
    }
}

#[component]
fn AddVotersForm(round: i64) -> impl IntoView {
    let action = ServerAction::<AddVoters>::new();
    let errors = action_errors(action.value());
    view! {
        <h2 class="nhsuk-heading-m" id="add-voters-heading">"Add voters"</h2>
        <ErrorSummary errors/>
        <Form action saved="The voters have been added" attr:aria-labelledby="add-voters-heading">
            <input type="hidden" name="round" value=round/>
            <FormField id="voters" label="Voters, one a line" hint="A name, then a comma and where they live or whom they speak for: Ada Lovelace, Edmonton Green" errors>
                <textarea class="nhsuk-textarea" id="voters" name="voters" rows="6" aria-describedby=described_by(errors, "voters")>{typed::<AddVoters>("voters")}</textarea>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Add them"</button>
        </Form>
    }
}

#[component]
pub fn BallotPage() -> impl IntoView {
    let params = use_params_map();
    let link = move || params.read().get("link").unwrap_or_default();
    let data = Resource::new(link, load_ballot);
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |data| view! { <Ballot data link=link()/> })
            })}
        </Suspense>
    }
}

#[component]
fn Ballot(data: BallotView, link: String) -> impl IntoView {
    let title = format!("Your vote: {}", data.round_title);
    let intro = format!(
        "{}, pick the projects you would fund. Together they can ask for up to {}: the round's budget.",
        data.voter_name,
        money(data.budget_pence)
    );
    let body = match (data.voted_at, data.state) {
        (Some(at), _) => {
            let picked: Vec<String> = data
                .projects
                .iter()
                .filter(|p| data.picked.contains(&p.id))
                .map(|p| {
                    format!(
                        "{}: {} ({})",
                        p.org_name,
                        p.project_title,
                        money(p.amount_pence)
                    )
                })
                .collect();
            view! {
                <div class="nhsuk-inset-text" id="voted">
                    <p>{format!("Thank you: your vote was counted on {}.", date(at.date_naive()))}</p>
                </div>
                <h2 class="nhsuk-heading-m">"You picked"</h2>
                <ul class="nhsuk-list nhsuk-list--bullet" id="picked">
                    {picked.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            }
            .into_any()
        }
        (None, BallotState::Open) if data.projects.is_empty() => view! {
            <div class="nhsuk-inset-text" id="no-projects">
                <p>"No project is on the ballot yet: come back once the applications have been checked."</p>
            </div>
        }
        .into_any(),
        (None, BallotState::Open) => view! { <BallotForm data=data.clone() link/> }.into_any(),
        (None, state) => {
            let closes = data
                .closes_on
                .filter(|_| state == BallotState::NotYet)
                .map(|day| format!(" Applications close on {}.", date(day)))
                .unwrap_or_default();
            view! {
                <div class="nhsuk-inset-text" id="not-open">
                    <p>{format!("{}.{closes}", state.label())}</p>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <Title text=title.clone()/>
        <span class="nhsuk-caption-l">{data.fund_name.clone()}</span>
        <h1>{title}</h1>
        <p class="nhsuk-body">{intro}</p>
        {body}
    }
}

#[component]
fn BallotForm(data: BallotView, link: String) -> impl IntoView {
    let action = ServerAction::<CastVote>::new();
    let errors = action_errors(action.value());
    let projects = data.projects.clone();
    view! {
        <ErrorSummary errors/>
        <Form action saved="Your vote has been counted" attr:aria-label="Your vote">
            <input type="hidden" name="link" value=link/>
            <Choices id="pick" legend="The projects you would fund" hint="Each shows what it asks for. Tick as many as fit the budget." errors>
                <div class="nhsuk-checkboxes">
                    {projects.into_iter().enumerate().map(|(n, p)| {
                        let field = format!("pick[{}]", p.id);
                        let checked = typed::<CastVote>(&field).is_some();
                        let input_id = if n == 0 { "pick".to_owned() } else { format!("pick-{}", p.id) };
                        let hint_id = format!("project-{}-hint", p.id);
                        view! {
                            <div class="nhsuk-checkboxes__item">
                                <input class="nhsuk-checkboxes__input" id=input_id.clone() name=field type="checkbox" value="on" checked=checked aria-describedby=hint_id.clone()/>
                                <label class="nhsuk-label nhsuk-checkboxes__label" for=input_id>{format!("{}: {} ({})", p.org_name, p.project_title, money(p.amount_pence))}</label>
                                <div class="nhsuk-hint nhsuk-checkboxes__hint" id=hint_id>{format!("{} In {}.", p.summary, p.wards)}</div>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </Choices>
            <button class="nhsuk-button" type="submit">"Cast my vote"</button>
        </Form>
    }
}
