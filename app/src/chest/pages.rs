//! `/chest` (the funds a person reads, and the form to start one) and
//! `/chest/funds/{id}` (a fund's pot by contributor as a table and a chart, its
//! contributions and the form to record one, and who runs it).

use super::model::{ChestView, FundView, LedgerLine};
use super::rounds::pages::RoundStatusTag;
use super::{
    load_chest, load_fund, AddContribution, AppointFundManager, CreateFund, RemoveFundManager,
};
use crate::components::{
    action_errors, described_by, number_in_address, render_or_error, typed, ErrorSummary, Form,
    FormField, Loading, ScrollRegion, SummaryList, TableHead,
};
use crate::format::money;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

const ILLUSTRATIVE: &str = "Illustrative figures for the demo";

#[component]
pub fn ChestPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_chest());
    view! {
        <Title text="Community chest"/>
        <h1>"Community chest"</h1>
        <p class="nhsuk-lede-text">
            "Funds pooled by the NHS, councils, charities and local businesses, granted by local panels to small community groups that meet unmet need. Each fund shows what every contributor has put in."
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Funds data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Funds(data: ChestView) -> impl IntoView {
    let places = data.places.clone();
    view! {
        <h2 class="nhsuk-heading-m" id="funds-heading">"Funds"</h2>
        {if data.funds.is_empty() {
            view! { <p class="nhsuk-body" id="no-funds">"No funds you can see yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Funds".to_owned()>
                    <table class="nhsuk-table" id="funds" aria-labelledby="funds-heading">
                        <TableHead columns=&["Fund", "For", "Holder"] numeric=&["Pledged", "Received"]/>
                        <tbody class="nhsuk-table__body">
                            {data.funds.into_iter().map(|(fund, total)| view! {
                                <tr class="nhsuk-table__row">
                                    <th scope="row" class="nhsuk-table__header">
                                        <A href=format!("/chest/funds/{}", fund.id)>{fund.name.clone()}</A>
                                        {fund.illustrative.then(|| view! { <br/><span class="nhsuk-body-s">{ILLUSTRATIVE}</span> })}
                                    </th>
                                    <td class="nhsuk-table__cell">{fund.place_name.clone()}</td>
                                    <td class="nhsuk-table__cell">{fund.holder_name.clone()}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(total.pledged_pence)}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(total.received_pence)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
        {(!places.is_empty()).then(|| view! { <StartFund places/> })}
    }
}

#[component]
fn StartFund(places: Vec<(String, String)>) -> impl IntoView {
    let action = ServerAction::<CreateFund>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<CreateFund>(name);
    let chosen = typed("place");
    view! {
        <h2 class="nhsuk-heading-m" id="start-fund-heading">"Start a fund"</h2>
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="start-fund-heading">
            <FormField id="name" label="Name of the fund" hint="For example, Enfield Local Fund" errors>
                <input class="nhsuk-input" id="name" name="name" type="text" value=typed("name") aria-describedby=described_by(errors, "name")/>
            </FormField>
            <FormField id="place" label="Where it grants" errors>
                <select class="nhsuk-select" id="place" name="place" aria-describedby=described_by(errors, "place")>
                    {places.into_iter().map(|(code, name)| {
                        let selected = chosen.as_deref() == Some(code.as_str());
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </FormField>
            <FormField id="holder_name" label="Holder organisation" hint="The organisation that holds the money, for example London Borough of Enfield" errors>
                <input class="nhsuk-input" id="holder_name" name="holder_name" type="text" value=typed("holder_name") aria-describedby=described_by(errors, "holder_name")/>
            </FormField>
            <FormField id="holder_org_id" label="Holder's org-id" hint="Its register and number, like GB-LAE-ENF, GB-CHC-1234567 or GB-NHS-QMJ" errors>
                <input class="nhsuk-input nhsuk-input--width-20" id="holder_org_id" name="holder_org_id" type="text" spellcheck="false" value=typed("holder_org_id") aria-describedby=described_by(errors, "holder_org_id")/>
            </FormField>
            <FormField id="identifier_prefix" label="360Giving identifier prefix" hint="The prefix 360Giving issued for the fund's grants, like 360G-enfieldlocalfund" errors>
                <input class="nhsuk-input nhsuk-input--width-20" id="identifier_prefix" name="identifier_prefix" type="text" spellcheck="false" value=typed("identifier_prefix") aria-describedby=described_by(errors, "identifier_prefix")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Start the fund"</button>
        </Form>
    }
}

#[component]
pub fn FundPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_fund(number_in_address(id.as_deref(), "That fund")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Fund data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Fund(data: FundView) -> impl IntoView {
    let fund = data.fund.clone();
    let managers = if data.managers.is_empty() {
        "None appointed".to_owned()
    } else {
        data.managers
            .iter()
            .map(|m| m.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let facts = [
        ("Grants in", fund.place_name.clone()),
        (
            "Holder",
            format!("{} ({})", fund.holder_name, fund.holder_org_id),
        ),
        (
            "360Giving identifier prefix",
            fund.identifier_prefix.clone(),
        ),
        ("Fund managers", managers),
    ];
    view! {
        <Title text=fund.name.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href="/chest" attr:class="nhsuk-back-link__link">"Community chest"</A>
        </nav>
        <h1>{fund.name.clone()}</h1>
        {fund.illustrative.then(|| view! {
            <div class="nhsuk-warning-callout">
                <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Illustrative figures"</span></h2>
                <p>"This fund's contributors are real kinds of funder, but the amounts are made up for the demo."</p>
            </div>
        })}
        <SummaryList id="fund-facts" rows=facts.into_iter().map(|(key, value)| (key.to_owned(), value)).collect()/>
        <h2 class="nhsuk-heading-l" id="ledger-heading">"The pot by contributor"</h2>
        {if data.ledger.is_empty() {
            view! { <p class="nhsuk-body" id="no-contributions">"No contributions recorded yet."</p> }.into_any()
        } else {
            view! {
                <LedgerChart lines=data.ledger.clone()/>
                <LedgerTable lines=data.ledger.clone() total=data.total.clone()/>
                <p class="nhsuk-body">
                    <a class="nhsuk-link" href=format!("/chest/funds/{}/ledger.xlsx", fund.id) download rel="external">"Download the ledger and every contribution (.xlsx)"</a>
                </p>
            }.into_any()
        }}
        <Rounds data=data.clone()/>
        <Contributions data=data.clone()/>
        {data.can_manage.then(|| view! { <AddContributionForm fund=fund.id today=data.today token=data.form_token.clone()/> })}
        <Managers data=data.clone()/>
    }
}

/// Who runs the fund: those who manage every fund of its place, and the people appointed
/// to run this one, whom those who run it appoint and remove.
#[component]
fn Managers(data: FundView) -> impl IntoView {
    let fund = data.fund.id;
    let appoint = ServerAction::<AppointFundManager>::new();
    let appoint_errors = action_errors(appoint.value());
    let remove = ServerAction::<RemoveFundManager>::new();
    let remove_errors = action_errors(remove.value());
    let can_manage = data.can_manage;
    let candidates = data.candidates.clone();
    view! {
        <h2 class="nhsuk-heading-m" id="managers-heading">"Who runs this fund"</h2>
        <p class="nhsuk-body">{format!(
            "Whoever manages funds for {} (its ICB's leads and the regional leads) runs this fund, and so does everyone appointed to run it.",
            data.fund.place_name
        )}</p>
        {can_manage.then(|| view! { <ErrorSummary errors=remove_errors/> })}
        {if data.managers.is_empty() {
            view! { <p class="nhsuk-body" id="no-fund-managers">"Nobody is appointed to run this fund yet."</p> }.into_any()
        } else {
            let lines = data.managers.clone();
            view! {
                <ScrollRegion label="Fund managers".to_owned()>
                    <table class="nhsuk-table" id="fund-managers" aria-labelledby="managers-heading">
                        <TableHead columns=&["Name", "Organisation", "Appointed"]/>
                        <tbody class="nhsuk-table__body">
                            {lines.into_iter().map(|m| {
                                let appointed = match (&m.appointed_at, &m.appointed_by) {
                                    (Some(at), Some(by)) => format!("{} by {by}", crate::format::date(at.date_naive())),
                                    (Some(at), None) => crate::format::date(at.date_naive()),
                                    _ => "When the fund started".to_owned(),
                                };
                                let name = m.name.clone();
                                view! {
                                    <tr class="nhsuk-table__row">
                                        <th scope="row" class="nhsuk-table__header">{m.name.clone()}</th>
                                        <td class="nhsuk-table__cell">{m.organisation.clone()}</td>
                                        <td class="nhsuk-table__cell">
                                            {appointed}
                                            {m.user_id.filter(|_| can_manage).map(|user_id| view! {
                                                <Form action=remove saved="The appointment has ended" attr:class="linkway-inline-form">
                                                    <input type="hidden" name="fund" value=fund/>
                                                    <input type="hidden" name="manager" value=user_id/>
                                                    " "
                                                    <button class="linkway-link-button" type="submit">"Remove"<span class="nhsuk-u-visually-hidden">{format!(" {name}")}</span></button>
                                                </Form>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
        {can_manage.then(|| if candidates.is_empty() {
            view! { <p class="nhsuk-body" id="no-manager-candidates">"Everyone who could run this fund is appointed already."</p> }.into_any()
        } else {
            view! {
                <h3 class="nhsuk-heading-s" id="appoint-manager-heading">"Appoint someone to run this fund"</h3>
                <ErrorSummary errors=appoint_errors/>
                <Form action=appoint saved="They have been appointed to run this fund" attr:aria-labelledby="appoint-manager-heading">
                    <input type="hidden" name="fund" value=fund/>
                    <FormField id="manager" label="Person" hint="Leads, submitters and viewers in the fund's ICB: a council officer, say. Panel members score applications and do not run funds." errors=appoint_errors>
                        <select class="nhsuk-select" id="manager" name="manager" aria-describedby=described_by(appoint_errors, "manager")>
                            <option value="">"Choose someone"</option>
                            {candidates.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </FormField>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit" id="appoint-manager">"Appoint"</button>
                </Form>
            }.into_any()
        })}
    }
}

const BAR_HEIGHT: f64 = 24.0;
const GAP: f64 = 10.0;
const LABEL_WIDTH: f64 = 220.0;
const CHART_WIDTH: f64 = 640.0;

/// Horizontal bars of what each contributor pledged, received part darker.
#[component]
fn LedgerChart(lines: Vec<LedgerLine>) -> impl IntoView {
    let most = lines
        .iter()
        .map(|l| l.pledged_pence)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let scale = move |pence: i64| (pence as f64 / most) * (CHART_WIDTH - LABEL_WIDTH - 110.0);
    let height = lines.len() as f64 * (BAR_HEIGHT + GAP) + 20.0;
    let description = lines
        .iter()
        .map(|l| {
            format!(
                "{}: {} pledged, {} received",
                l.contributor_name,
                money(l.pledged_pence),
                money(l.received_pence)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <figure class="linkway-figure">
            <ScrollRegion label="The pot by contributor, as a chart".to_owned()>
                <svg class="linkway-chart" id="ledger-chart" role="img" aria-labelledby="ledger-title" aria-describedby="ledger-desc"
                    viewBox=format!("0 0 {CHART_WIDTH} {height}") width=CHART_WIDTH height=height>
                    <title id="ledger-title">"Pledged and received by contributor"</title>
                    <desc id="ledger-desc">{description}</desc>
                    {lines.iter().enumerate().map(|(index, line)| {
                        let y = index as f64 * (BAR_HEIGHT + GAP) + 10.0;
                        let text_y = y + BAR_HEIGHT / 2.0 + 5.0;
                        let pledged = scale(line.pledged_pence).max(1.0);
                        let received = scale(line.received_pence);
                        view! {
                            <text class="linkway-chart__label" x=LABEL_WIDTH - 8.0 y=text_y text-anchor="end">{crate::format::shortened(&line.contributor_name, 30).into_owned()}</text>
                            <rect class="linkway-bar linkway-bar--total" x=LABEL_WIDTH y=y width=pledged height=BAR_HEIGHT/>
                            <rect class="linkway-bar" x=LABEL_WIDTH y=y width=received height=BAR_HEIGHT/>
                            <text class="linkway-chart__value" x=LABEL_WIDTH + pledged + 6.0 y=text_y>{money(line.pledged_pence)}</text>
                        }
                    }).collect_view()}
                </svg>
            </ScrollRegion>
            <figcaption class="nhsuk-body-s">"Each bar is what the contributor pledged; its darker part what has arrived."</figcaption>
        </figure>
    }
}

#[component]
fn LedgerTable(lines: Vec<LedgerLine>, total: LedgerLine) -> impl IntoView {
    let share = move |pence: i64| match total.pledged_pence {
        0 => String::new(),
        all => format!(
            "{}%",
            crate::format::decimal(pence as f64 * 100.0 / all as f64, 1)
        ),
    };
    let total_row = total.clone();
    view! {
        <ScrollRegion label="The pot by contributor".to_owned()>
            <table class="nhsuk-table" id="ledger" aria-labelledby="ledger-heading">
                <TableHead columns=&["Contributor"] numeric=&["Pledged", "Received", "Share of the pot", "Allocated to rounds", "Awarded", "Left to allocate"] trailing=&["Restrictions"]/>
                <tbody class="nhsuk-table__body">
                    {lines.into_iter().map(|line| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">
                                {line.contributor_name.clone()}
                                {(!line.contributor_org_id.is_empty()).then(|| view! { <br/><span class="nhsuk-body-s">{line.contributor_org_id.clone()}</span> })}
                            </th>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(line.pledged_pence)}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(line.received_pence)}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{share(line.pledged_pence)}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(line.allocated_pence)}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(line.awarded_pence)}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(line.balance_pence())}</td>
                            <td class="nhsuk-table__cell">{line.restrictions.join("; ")}</td>
                        </tr>
                    }).collect_view()}
                    <tr class="nhsuk-table__row" id="ledger-total">
                        <th scope="row" class="nhsuk-table__header">"All contributors"</th>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(total_row.pledged_pence)}</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(total_row.received_pence)}</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">"100%"</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(total_row.allocated_pence)}</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(total_row.awarded_pence)}</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(total_row.balance_pence())}</td>
                        <td class="nhsuk-table__cell"></td>
                    </tr>
                </tbody>
            </table>
        </ScrollRegion>
    }
}

/// The fund's rounds, and the way to set one up for those who run it.
#[component]
fn Rounds(data: FundView) -> impl IntoView {
    let fund = data.fund.id;
    view! {
        <h2 class="nhsuk-heading-l" id="rounds-heading">"Grant rounds"</h2>
        {if data.rounds.is_empty() {
            view! { <p class="nhsuk-body" id="no-rounds">"No rounds yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Grant rounds".to_owned()>
                    <table class="nhsuk-table" id="rounds" aria-labelledby="rounds-heading">
                        <TableHead columns=&["Round", "Code", "Dates", "Status"] numeric=&["Budget"]/>
                        <tbody class="nhsuk-table__body">
                            {data.rounds.into_iter().map(|line| {
                                let dates = line.round.dates();
                                view! {
                                <tr class="nhsuk-table__row">
                                    <th scope="row" class="nhsuk-table__header">
                                        <A href=format!("/chest/rounds/{}", line.round.id)>{line.round.title}</A>
                                    </th>
                                    <td class="nhsuk-table__cell">{line.round.code}</td>
                                    <td class="nhsuk-table__cell">{dates}</td>
                                    <td class="nhsuk-table__cell"><RoundStatusTag status=line.status/></td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(line.budget_pence)}</td>
                                </tr>
                            }}).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
        {data.can_manage.then(|| view! {
            <p class="nhsuk-body">
                <A href=format!("/chest/funds/{fund}/rounds/new") attr:class="nhsuk-button nhsuk-button--secondary" attr:id="set-up-round">"Set up a round"</A>
            </p>
        })}
    }
}

#[component]
fn Contributions(data: FundView) -> impl IntoView {
    (!data.contributions.is_empty()).then(|| view! {
        <h2 class="nhsuk-heading-m" id="contributions-heading">"Contributions"</h2>
        <ScrollRegion label="Contributions".to_owned()>
            <table class="nhsuk-table" id="contributions" aria-labelledby="contributions-heading">
                <TableHead columns=&["Contributor"] numeric=&["Amount"] trailing=&["Pledged", "Arrived", "Financial year", "Restrictions"]/>
                <tbody class="nhsuk-table__body">
                    {data.contributions.into_iter().map(|c| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{c.contributor_name.clone()}</th>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(c.amount_pence)}</td>
                            <td class="nhsuk-table__cell">{crate::format::date(c.pledged_on)}</td>
                            <td class="nhsuk-table__cell">{c.received_on.map_or_else(|| "Not yet".to_owned(), crate::format::date)}</td>
                            <td class="nhsuk-table__cell">{crate::format::financial_year(c.financial_year)}</td>
                            <td class="nhsuk-table__cell">{c.restrictions.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    })
}

#[component]
fn AddContributionForm(fund: i64, today: chrono::NaiveDate, token: String) -> impl IntoView {
    let action = ServerAction::<AddContribution>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<AddContribution>(name);
    let pledged = typed("pledged_on").unwrap_or_else(|| today.to_string());
    view! {
        <h2 class="nhsuk-heading-m" id="add-contribution-heading">"Record a contribution"</h2>
        <ErrorSummary errors/>
        <Form action saved="The contribution has been recorded" attr:aria-labelledby="add-contribution-heading">
            <input type="hidden" name="fund" value=fund/>
            <input type="hidden" name="token" value=token/>
            <FormField id="contributor_name" label="Contributor" hint="For example, City Bridge Foundation" errors>
                <input class="nhsuk-input" id="contributor_name" name="contributor_name" type="text" value=typed("contributor_name") aria-describedby=described_by(errors, "contributor_name")/>
            </FormField>
            <FormField id="contributor_org_id" label="Contributor's org-id (optional)" hint="Like GB-CHC-1035628; leave empty if it has none" errors>
                <input class="nhsuk-input nhsuk-input--width-20" id="contributor_org_id" name="contributor_org_id" type="text" spellcheck="false" value=typed("contributor_org_id") aria-describedby=described_by(errors, "contributor_org_id")/>
            </FormField>
            <FormField id="amount" label="Amount in pounds" hint="For example, 25000 or 25,000.00" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="amount" name="amount" type="text" inputmode="decimal" value=typed("amount") aria-describedby=described_by(errors, "amount")/>
            </FormField>
            <FormField id="pledged_on" label="Date pledged" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="pledged_on" name="pledged_on" type="date" value=pledged aria-describedby=described_by(errors, "pledged_on")/>
            </FormField>
            <FormField id="received_on" label="Date the money arrived (optional)" hint="Leave empty until it arrives" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="received_on" name="received_on" type="date" value=typed("received_on") aria-describedby=described_by(errors, "received_on")/>
            </FormField>
            <FormField id="restrictions" label="Restrictions (optional)" hint="For example, Edmonton wards only" errors>
                <input class="nhsuk-input" id="restrictions" name="restrictions" type="text" value=typed("restrictions") aria-describedby=described_by(errors, "restrictions")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Record the contribution"</button>
        </Form>
    }
}
