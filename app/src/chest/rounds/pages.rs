//! `/chest/funds/{id}/rounds/new` (setting a round up: dates, awards, a budget from each
//! contributor, questions, priorities beside the place's top unmet needs, criteria) and
//! `/chest/rounds/{id}` (a round as it was set up).

use super::model::{
    RoundSetup, RoundStatus, RoundView, LEVELS, MAX_CRITERIA, STARTING_CRITERIA, STARTING_GATES,
};
use super::{load_round, load_round_setup, CreateRound, RoundMethod};
use crate::codes::CodeList;
use crate::components::{
    action_errors, described_by, described_by_name, field_error_id, number_in_address,
    render_or_error, typed, typed_fields, Choices, ErrorSummary, Form, FormField, Loading, Radios,
    ScrollRegion, SummaryList, TableHead,
};
use crate::error::FieldErrors;
use crate::format::money;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RoundSetupPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_round_setup(number_in_address(id.as_deref(), "That fund")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <RoundSetupForm data/> })
            })}
        </Suspense>
    }
}

/// The tag that says where a round stands.
#[component]
pub fn RoundStatusTag(status: RoundStatus) -> impl IntoView {
    let colour = match status {
        RoundStatus::Upcoming => "nhsuk-tag nhsuk-tag--grey",
        RoundStatus::Open => "nhsuk-tag nhsuk-tag--green",
        RoundStatus::Closed => "nhsuk-tag nhsuk-tag--blue",
    };
    view! { <strong class=colour>{status.label()}</strong> }
}

#[component]
fn RoundSetupForm(data: RoundSetup) -> impl IntoView {
    let action = ServerAction::<CreateRound>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<CreateRound>(name);
    let refused = !typed_fields::<CreateRound>().is_empty();
    let fund = data.fund.clone();
    let (fund_id, fund_name) = (fund.id, fund.name.clone());
    let title = format!("Set up a round – {fund_name}");
    let heading = format!("Set up a round of {fund_name}");
    let themes = data.themes.clone();
    let ledger = data.ledger.clone();
    let chosen_method = typed("method").unwrap_or_else(|| RoundMethod::Panel.code().to_owned());
    // The place's top needs are ticked to start with: funding follows unmet need.
    let top: Vec<String> = data
        .top_needs
        .iter()
        .take(3)
        .map(|n| n.theme.clone())
        .collect();
    let gates = typed("gates").unwrap_or_else(|| STARTING_GATES.join("\n"));
    view! {
        <Title text=title/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/chest/funds/{fund_id}") attr:class="nhsuk-back-link__link">{fund_name}</A>
        </nav>
        <h1>{heading}</h1>
        <ErrorSummary errors/>
        <Form action attr:aria-label="Set up a round">
            <input type="hidden" name="fund" value=fund_id/>
            <input type="hidden" name="token" value=data.form_token.clone()/>
            <h2 class="nhsuk-heading-m">"The round"</h2>
            <FormField id="title" label="Title" hint="What applicants will see, for example Edmonton small grants, spring 2027" errors>
                <input class="nhsuk-input" id="title" name="title" type="text" value=typed("title") aria-describedby=described_by(errors, "title")/>
            </FormField>
            <FormField id="code" label="Code" hint="Short and unique within the fund, like ELF-2027-1" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="code" name="code" type="text" spellcheck="false" value=typed("code") aria-describedby=described_by(errors, "code")/>
            </FormField>
            <FormField id="opens_on" label="Opens on" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="opens_on" name="opens_on" type="date" value=typed("opens_on").unwrap_or_else(|| data.today.to_string()) aria-describedby=described_by(errors, "opens_on")/>
            </FormField>
            <FormField id="closes_on" label="Closes on (optional)" hint="Leave empty for a rolling round, decided at its panel dates" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="closes_on" name="closes_on" type="date" value=typed("closes_on") aria-describedby=described_by(errors, "closes_on")/>
            </FormField>
            <FormField id="panel_dates" label="Panel dates" hint="The days the panel meets to decide, like 2027-03-15, separated by commas; needed for a rolling round" errors>
                <input class="nhsuk-input" id="panel_dates" name="panel_dates" type="text" spellcheck="false" value=typed("panel_dates") aria-describedby=described_by(errors, "panel_dates")/>
            </FormField>
            <Choices id="method" legend="How the round decides" errors>
                <Radios id="method" name="method" options=RoundMethod::options() chosen=chosen_method/>
            </Choices>

            <h2 class="nhsuk-heading-m">"Awards"</h2>
            <FormField id="min_award" label="Smallest award, in pounds" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="min_award" name="min_award" type="text" inputmode="decimal" value=typed("min_award") aria-describedby=described_by(errors, "min_award")/>
            </FormField>
            <FormField id="max_award" label="Largest award, in pounds" hint="For example, 5,000" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="max_award" name="max_award" type="text" inputmode="decimal" value=typed("max_award") aria-describedby=described_by(errors, "max_award")/>
            </FormField>

            <h2 class="nhsuk-heading-m" id="budget-heading">"Budget from each contributor"</h2>
            <p class="nhsuk-body">"The round's budget is what you allocate from each contributor, never more than they have left. Leave a contributor empty to allocate nothing from them."</p>
            {data.ledger.is_empty().then(|| {
                let message = move || errors.with(|e| e.get("allocation").cloned()).map(|m| m.join(". "));
                view! {
                    <p class="nhsuk-body" id="allocation">"No contributions are recorded in this fund yet."</p>
                    {move || message().map(|message| view! {
                        <span class="nhsuk-error-message" id=field_error_id("allocation")><span class="nhsuk-u-visually-hidden">"Error: "</span>{message}</span>
                    })}
                }
            })}
            {ledger.into_iter().map(|line| {
                let field = format!("allocation-{}", line.key);
                let name = format!("allocation[{}]", line.key);
                let mut hint = format!("{} left to allocate of {} pledged", money(line.balance_pence()), money(line.pledged_pence));
                if !line.restrictions.is_empty() {
                    hint.push_str(&format!(". Restrictions: {}", line.restrictions.join("; ")));
                }
                view! {
                    <FormField id=field.clone() label=format!("From {}, in pounds", line.contributor_name) hint errors>
                        <input class="nhsuk-input nhsuk-input--width-10" id=field.clone() name=name.clone() type="text" inputmode="decimal" value=typed(&name) aria-describedby=described_by_name(errors, field.clone())/>
                    </FormField>
                }
            }).collect_view()}

            <h2 class="nhsuk-heading-m">"Eligibility"</h2>
            <FormField id="gates" label="Questions every applicant must answer yes to" hint="One question a line. An application answering no to any is flagged for screening." errors>
                <textarea class="nhsuk-textarea" id="gates" name="gates" rows="6" aria-describedby=described_by(errors, "gates")>{gates}</textarea>
            </FormField>

            <h2 class="nhsuk-heading-m">"Priorities"</h2>
            <div class="nhsuk-grid-row">
                <div class="nhsuk-grid-column-one-half">
                    <Choices id="priorities" legend="The unmet needs this round funds" hint="Choose from the need themes boroughs report in their returns" errors>
                        <div class="nhsuk-checkboxes">
                            {themes.into_iter().enumerate().map(|(n, (id, name))| {
                                let field = format!("priority[{id}]");
                                let checked = if refused { typed(&field).is_some() } else { top.contains(&name) };
                                let input_id = if n == 0 { "priorities".to_owned() } else { format!("priority-{id}") };
                                view! {
                                    <div class="nhsuk-checkboxes__item">
                                        <input class="nhsuk-checkboxes__input" id=input_id.clone() name=field type="checkbox" value="on" checked=checked/>
                                        <label class="nhsuk-label nhsuk-checkboxes__label" for=input_id>{name}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </Choices>
                </div>
                <div class="nhsuk-grid-column-one-half">
                    <TopNeeds data=data.clone()/>
                </div>
            </div>

            <h2 class="nhsuk-heading-m">"Scoring criteria"</h2>
            <p class="nhsuk-body">"Panel members score each criterion from 0 to 5. An application's score is the weighted mean of the criteria each member answered; where N/A is allowed, a member's N/A leaves the criterion out of their mean rather than counting as 0. Leave a criterion wholly empty to drop it."</p>
            {(0..MAX_CRITERIA).map(|index| view! { <CriterionFields index errors refused/> }).collect_view()}
            <button class="nhsuk-button" type="submit">"Set up the round"</button>
        </Form>
    }
}

/// The place's top unmet needs from signed-off returns, beside the priorities.
#[component]
fn TopNeeds(data: RoundSetup) -> impl IntoView {
    view! {
        <div class="nhsuk-inset-text" id="top-needs">
            <h3 class="nhsuk-heading-s">{format!("Top unmet needs in {}", data.fund.place_name)}</h3>
            {match data.needs_from.clone() {
                None => view! { <p class="nhsuk-body-s">"No signed-off return has recorded unmet need here yet."</p> }.into_any(),
                Some(from) => view! {
                    <p class="nhsuk-body-s">{format!("People link workers could not connect to support, from signed-off returns ({from}).")}</p>
                    <table class="nhsuk-table" aria-label="Top unmet needs">
                        <TableHead columns=&["Need theme"] numeric=&["People"]/>
                        <tbody class="nhsuk-table__body">
                            {data.top_needs.iter().map(|need| view! {
                                <tr class="nhsuk-table__row">
                                    <th scope="row" class="nhsuk-table__header">{need.theme.clone()}</th>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{need.people.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </div>
    }
}

/// One criterion's fields, filled with a starting criterion or as just typed.
#[component]
fn CriterionFields(index: usize, errors: Signal<FieldErrors>, refused: bool) -> impl IntoView {
    let starting = STARTING_CRITERIA.get(index);
    let typed = |name: &str| typed::<CreateRound>(&format!("{name}[{index}]"));
    let shown = |name: &str, start: Option<String>| {
        if refused {
            typed(name).unwrap_or_default()
        } else {
            start.unwrap_or_default()
        }
    };
    let label = shown("label", starting.map(|c| c.label.to_owned()));
    let weight = if refused {
        typed("weight").unwrap_or_default()
    } else {
        starting.map_or_else(|| "1".to_owned(), |c| c.weight.to_string())
    };
    let na = if refused {
        typed("na").is_some()
    } else {
        starting.is_some_and(|c| c.na_allowed)
    };
    let minimum = shown(
        "minimum",
        starting.and_then(|c| c.min_score).map(|m| m.to_string()),
    );
    let levels = shown("levels", starting.map(|c| c.levels.join("\n")));
    let id = |name: &str| format!("{name}-{index}");
    let [label_id, weight_id, levels_id, min_id] = ["label", "weight", "levels", "min"].map(id);
    view! {
        <fieldset class="nhsuk-fieldset linkway-criterion">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{format!("Criterion {}", index + 1)}</legend>
            <FormField id=label_id.clone() label="What is scored" errors>
                <input class="nhsuk-input" id=label_id.clone() name=format!("label[{index}]") type="text" value=label aria-describedby=described_by_name(errors, label_id.clone())/>
            </FormField>
            <FormField id=weight_id.clone() label="Weight" hint="A whole number from 1 to 100; weight 2 counts twice weight 1" errors>
                <input class="nhsuk-input nhsuk-input--width-4" id=weight_id.clone() name=format!("weight[{index}]") type="text" inputmode="numeric" value=weight aria-describedby=described_by_name(errors, weight_id.clone())/>
            </FormField>
            <FormField id=levels_id.clone() label=format!("What each score means, 0 to {}", LEVELS - 1) hint="Six lines: the first for 0, the last for 5" errors>
                <textarea class="nhsuk-textarea" id=levels_id.clone() name=format!("levels[{index}]") rows="6" aria-describedby=described_by_name(errors, levels_id.clone())>{levels}</textarea>
            </FormField>
            <FormField id=min_id.clone() label="Minimum score (optional)" hint="A score under this is flagged in the decision pack" errors>
                <input class="nhsuk-input nhsuk-input--width-2" id=min_id.clone() name=format!("minimum[{index}]") type="text" inputmode="numeric" value=minimum aria-describedby=described_by_name(errors, min_id.clone())/>
            </FormField>
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id=id("na") name=format!("na[{index}]") type="checkbox" value="on" checked=na/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for=id("na")>"Members may answer N/A"</label>
                    </div>
                </div>
            </div>
        </fieldset>
    }
}

#[component]
pub fn GrantRoundPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_round(number_in_address(id.as_deref(), "That round")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Round data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Round(data: RoundView) -> impl IntoView {
    let round = data.round.clone();
    let (fund_id, fund_name) = (data.fund.id, data.fund.name.clone());
    let title = format!("{} – {fund_name}", round.title);
    let caption = fund_name.clone();
    let allocations = data.allocations.clone();
    let gates = data.gates.clone();
    let criteria =
        (round.method == RoundMethod::Panel).then(|| view! { <Criteria data=data.clone()/> });
    let panel_dates = if data.panel_dates.is_empty() {
        "None set".to_owned()
    } else {
        data.panel_dates
            .iter()
            .map(|d| crate::format::date(*d))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let facts = [
        ("Code", round.code.clone()),
        ("Dates", round.dates()),
        ("Panel dates", panel_dates),
        ("How it decides", round.method.label().to_owned()),
        (
            "Awards",
            format!(
                "{} to {}",
                money(round.min_award_pence),
                money(round.max_award_pence)
            ),
        ),
        ("Budget", money(data.budget_pence)),
        ("Priorities", data.priorities.join("; ")),
    ];
    view! {
        <Title text=title/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/chest/funds/{fund_id}") attr:class="nhsuk-back-link__link">{fund_name}</A>
        </nav>
        <span class="nhsuk-caption-l">{caption}</span>
        <h1>{round.title.clone()}</h1>
        <p class="nhsuk-body"><RoundStatusTag status=data.status/></p>
        {(data.can_manage || data.on_panel).then(|| view! {
            <p class="nhsuk-body">
                <A href=format!("/chest/rounds/{}/panel", round.id) attr:class="nhsuk-button nhsuk-button--secondary" attr:id="panel-link">"The panel: declarations and scores"</A>
            </p>
        })}
        {(data.can_manage && round.method == super::RoundMethod::Vote).then(|| view! {
            <p class="nhsuk-body">
                <A href=format!("/chest/rounds/{}/voters", round.id) attr:class="nhsuk-button nhsuk-button--secondary" attr:id="voters-link">"The vote: voters and tally"</A>
            </p>
        })}
        {data.can_manage.then(|| view! {
            <p class="nhsuk-body">
                <A href=format!("/chest/rounds/{}/decisions", round.id) attr:class="nhsuk-button nhsuk-button--secondary" attr:id="decisions-link">"The decision pack: meetings and decisions"</A>
            </p>
        })}
        <p class="nhsuk-body">
            "Groups apply without an account on the round's public page: "
            <a class="nhsuk-link" href=format!("/apply/{}", round.id) id="public-page">{format!("/apply/{}", round.id)}</a>
        </p>
        <SummaryList id="round-facts" rows=facts.into_iter().map(|(key, value)| (key.to_owned(), value)).collect()/>
        <h2 class="nhsuk-heading-m" id="budget-heading">"Budget by contributor"</h2>
        <ScrollRegion label="Budget by contributor".to_owned()>
            <table class="nhsuk-table" id="round-budget" aria-labelledby="budget-heading">
                <TableHead columns=&["Contributor"] numeric=&["Allocated"]/>
                <tbody class="nhsuk-table__body">
                    {allocations.into_iter().map(|a| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{a.contributor_name.clone()}</th>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(a.amount_pence)}</td>
                        </tr>
                    }).collect_view()}
                    <tr class="nhsuk-table__row">
                        <th scope="row" class="nhsuk-table__header">"The round's budget"</th>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(data.budget_pence)}</td>
                    </tr>
                </tbody>
            </table>
        </ScrollRegion>
        <h2 class="nhsuk-heading-m">"Eligibility questions"</h2>
        {if gates.is_empty() {
            view! { <p class="nhsuk-body">"None: every application goes to screening as it is."</p> }.into_any()
        } else {
            view! {
                <ol class="nhsuk-list nhsuk-list--number" id="gates">
                    {gates.into_iter().map(|g| view! { <li>{g.question}</li> }).collect_view()}
                </ol>
            }.into_any()
        }}
        {criteria}
        {data.can_manage.then(|| view! { <Applications data=data.clone()/> })}
    }
}

/// The round's applications, for those who run the fund.
#[component]
fn Applications(data: RoundView) -> impl IntoView {
    let round = data.round.id;
    view! {
        <h2 class="nhsuk-heading-l" id="applications-heading">"Applications"</h2>
        {if data.applications.is_empty() {
            view! { <p class="nhsuk-body" id="no-applications">"No applications yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Applications".to_owned()>
                    <table class="nhsuk-table" id="applications" aria-labelledby="applications-heading">
                        <TableHead columns=&["Reference", "Group", "Project", "Borough"] numeric=&["Asked"] trailing=&["Where it stands", "Eligibility answers"]/>
                        <tbody class="nhsuk-table__body">
                            {data.applications.into_iter().map(|a| view! {
                                <tr class="nhsuk-table__row">
                                    <th scope="row" class="nhsuk-table__header">
                                        <A href=format!("/chest/applications/{}", a.id)>{a.reference}</A>
                                    </th>
                                    <td class="nhsuk-table__cell">{a.org_name}</td>
                                    <td class="nhsuk-table__cell">{a.project_title}</td>
                                    <td class="nhsuk-table__cell">{a.borough_name}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(a.amount_pence)}</td>
                                    <td class="nhsuk-table__cell">{a.status.label()}</td>
                                    <td class="nhsuk-table__cell">{match a.gates_failed {
                                        0 => "All yes".to_owned(),
                                        n => format!("{n} answered no: check"),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
                <p class="nhsuk-body">
                    <a class="nhsuk-link" href=format!("/chest/rounds/{round}/applications.xlsx") download rel="external">"Download the applications (.xlsx, without contacts)"</a>
                </p>
            }.into_any()
        }}
    }
}

#[component]
fn Criteria(data: RoundView) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m" id="criteria-heading">"Scoring criteria"</h2>
        <ScrollRegion label="Scoring criteria".to_owned()>
            <table class="nhsuk-table" id="criteria" aria-labelledby="criteria-heading">
                <TableHead columns=&["Criterion"] numeric=&["Weight", "Minimum"] trailing=&["N/A allowed", "What each score means"]/>
                <tbody class="nhsuk-table__body">
                    {data.criteria.clone().into_iter().map(|c| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{c.label.clone()}</th>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{c.weight}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{c.min_score.map(|m| m.to_string()).unwrap_or_else(|| "None".to_owned())}</td>
                            <td class="nhsuk-table__cell">{if c.na_allowed { "Yes" } else { "No" }}</td>
                            <td class="nhsuk-table__cell">
                                <ol class="nhsuk-list linkway-levels" start="0">
                                    {c.levels.clone().into_iter().enumerate().map(|(n, level)| view! { <li>{format!("{n}: {level}")}</li> }).collect_view()}
                                </ol>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}
