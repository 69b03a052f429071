//! `/apply/{round}` (a round's public page and its application form, no account needed),
//! `/apply/application/{link}` (the applicant's private page: where it stands, answering a
//! request for more information, withdrawing) and `/chest/applications/{id}` (an
//! application in full for the fund's managers, with the screening form).

use super::model::{ApplicationStatus, ApplicationView, ApplyView, OrgType, StatusView};
use super::{
    load_application, load_application_status, load_apply, AnswerInformationRequest,
    ScreenApplication, SubmitApplication, WithdrawApplication,
};
use crate::chest::rounds::pages::RoundStatusTag;
use crate::chest::rounds::RoundStatus;
use crate::codes::CodeList;
use crate::components::{
    action_errors, described_by, described_by_name, number_in_address, render_or_error, typed,
    typed_fields, Choices, ConfirmBox, ErrorSummary, Form, FormField, Loading, Radios,
    ScrollRegion, SummaryList, TableHead,
};
use crate::format::money;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The budget lines the form shows (the service takes up to `MAX_BUDGET_LINES`).
const BUDGET_ROWS: usize = 5;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("round"),
        |id| async move { load_apply(number_in_address(id.as_deref(), "That round")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Apply data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Apply(data: ApplyView) -> impl IntoView {
    let round = data.round.clone();
    let title = round.title.clone();
    let facts = [
        ("Fund", format!("{} ({})", data.fund_name, data.place_name)),
        ("Dates", round.dates()),
        (
            "Grants",
            format!(
                "{} to {}",
                money(round.min_award_pence),
                money(round.max_award_pence)
            ),
        ),
        (
            "Priorities",
            data.priorities
                .iter()
                .map(|(_, name)| name.clone())
                .collect::<Vec<_>>()
                .join("; "),
        ),
    ];
    let open = data.status == RoundStatus::Open;
    view! {
        <Title text=format!("Apply: {title}")/>
        <span class="nhsuk-caption-l">{data.fund_name.clone()}</span>
        <h1>{title.clone()}</h1>
        <p class="nhsuk-body"><RoundStatusTag status=data.status/></p>
        <SummaryList id="round-facts" rows=facts.into_iter().map(|(key, value)| (key.to_owned(), value)).collect()/>
        {if open {
            view! { <ApplicationForm data/> }.into_any()
        } else {
            view! {
                <div class="nhsuk-inset-text" id="not-open">
                    <p>{format!("This round is not taking applications: it runs {}.", round.dates())}</p>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn ApplicationForm(data: ApplyView) -> impl IntoView {
    let action = ServerAction::<SubmitApplication>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<SubmitApplication>(name);
    let refused = !typed_fields::<SubmitApplication>().is_empty();
    let chosen_type = typed("org_type").unwrap_or_default();
    let chosen_borough = typed("borough").unwrap_or_default();
    let round = data.round.clone();
    let boroughs = data.boroughs.clone();
    let priorities = data.priorities.clone();
    let gates = data.gates.clone();
    view! {
        <h2 class="nhsuk-heading-l" id="apply-heading">"Apply for a grant"</h2>
        <p class="nhsuk-body">"You do not need an account. When you send the application you get a reference and a private link to follow it: keep the link safe."</p>
        {data.supporter.clone().map(|name| view! {
            <div class="nhsuk-inset-text" id="supported">
                <p>{format!("You are signed in as {name}: this application will be recorded as entered on the group's behalf, with your support.")}</p>
            </div>
        })}
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="apply-heading">
            <input type="hidden" name="round" value=round.id/>
            <input type="hidden" name="token" value=data.form_token.clone()/>

            <h3 class="nhsuk-heading-m">"About your group"</h3>
            <FormField id="org_name" label="Your group's name" errors>
                <input class="nhsuk-input" id="org_name" name="org_name" type="text" autocomplete="organization" value=typed("org_name") aria-describedby=described_by(errors, "org_name")/>
            </FormField>
            <Choices id="org_type" legend="What kind of organisation it is" errors>
                <Radios id="org_type" name="org_type" options=OrgType::options() chosen=chosen_type/>
            </Choices>
            <FormField id="org_number" label="Charity or company number" hint="Leave this empty if your group is not registered" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="org_number" name="org_number" type="text" spellcheck="false" value=typed("org_number") aria-describedby=described_by(errors, "org_number")/>
            </FormField>
            <FormField id="postcode" label="Your group's postcode" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="postcode" name="postcode" type="text" autocomplete="postal-code" value=typed("postcode") aria-describedby=described_by(errors, "postcode")/>
            </FormField>
            <FormField id="borough" label="The borough you work in" errors>
                <select class="nhsuk-select" id="borough" name="borough" aria-describedby=described_by(errors, "borough")>
                    <option value="">"Choose a borough"</option>
                    {boroughs.into_iter().map(|(code, name)| {
                        let selected = chosen_borough == code;
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </FormField>
            <FormField id="wards" label="The wards or neighbourhoods you serve" hint="For example, Edmonton Green and Upper Edmonton" errors>
                <input class="nhsuk-input" id="wards" name="wards" type="text" value=typed("wards") aria-describedby=described_by(errors, "wards")/>
            </FormField>

            <h3 class="nhsuk-heading-m">"Who we should contact"</h3>
            <p class="nhsuk-body">"Only the fund's managers see these details. They are never shown to the panel."</p>
            <FormField id="contact_name" label="Full name" errors>
                <input class="nhsuk-input" id="contact_name" name="contact_name" type="text" autocomplete="name" value=typed("contact_name") aria-describedby=described_by(errors, "contact_name")/>
            </FormField>
            <FormField id="contact_email" label="Email address" errors>
                <input class="nhsuk-input" id="contact_email" name="contact_email" type="email" autocomplete="email" spellcheck="false" value=typed("contact_email") aria-describedby=described_by(errors, "contact_email")/>
            </FormField>
            <FormField id="contact_phone" label="Phone number (optional)" errors>
                <input class="nhsuk-input nhsuk-input--width-20" id="contact_phone" name="contact_phone" type="tel" autocomplete="tel" value=typed("contact_phone") aria-describedby=described_by(errors, "contact_phone")/>
            </FormField>

            <h3 class="nhsuk-heading-m">"Your project"</h3>
            <FormField id="project_title" label="Project title" errors>
                <input class="nhsuk-input" id="project_title" name="project_title" type="text" value=typed("project_title") aria-describedby=described_by(errors, "project_title")/>
            </FormField>
            <FormField id="summary" label="Summary" hint="In a sentence or two: what you will do and for whom (up to 500 characters)" errors>
                <textarea class="nhsuk-textarea" id="summary" name="summary" rows="3" aria-describedby=described_by(errors, "summary")>{typed("summary")}</textarea>
            </FormField>
            <FormField id="description" label="What your project will do" hint="How it meets the need, how people will find it, and who will run it (up to 5,000 characters)" errors>
                <textarea class="nhsuk-textarea" id="description" name="description" rows="8" aria-describedby=described_by(errors, "description")>{typed("description")}</textarea>
            </FormField>
            <FormField id="beneficiaries" label="How many people will benefit" errors>
                <input class="nhsuk-input nhsuk-input--width-5" id="beneficiaries" name="beneficiaries" type="text" inputmode="numeric" value=typed("beneficiaries") aria-describedby=described_by(errors, "beneficiaries")/>
            </FormField>
            <FormField id="beneficiaries_where" label="Who they are and where" hint="For example, older people living alone in Edmonton Green" errors>
                <input class="nhsuk-input" id="beneficiaries_where" name="beneficiaries_where" type="text" value=typed("beneficiaries_where") aria-describedby=described_by(errors, "beneficiaries_where")/>
            </FormField>
            <FormField id="starts_on" label="When it starts" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="starts_on" name="starts_on" type="date" value=typed("starts_on") aria-describedby=described_by(errors, "starts_on")/>
            </FormField>
            <FormField id="ends_on" label="When it ends" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="ends_on" name="ends_on" type="date" value=typed("ends_on") aria-describedby=described_by(errors, "ends_on")/>
            </FormField>
            {(!priorities.is_empty()).then(|| view! {
                <Choices id="priorities" legend="Which of the round's priorities your project meets" errors>
                    <div class="nhsuk-checkboxes">
                        {priorities.into_iter().enumerate().map(|(n, (id, name))| {
                            let field = format!("priority[{id}]");
                            let checked = refused && typed(&field).is_some();
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
            })}

            <h3 class="nhsuk-heading-m">"The money"</h3>
            <FormField id="amount" label="How much you are asking for, in pounds" hint=format!("From {} to {}", money(round.min_award_pence), money(round.max_award_pence)) errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="amount" name="amount" type="text" inputmode="decimal" value=typed("amount") aria-describedby=described_by(errors, "amount")/>
            </FormField>
            <p class="nhsuk-body" id="budget-hint">"What the money will pay for. The lines must add up to the amount you ask for."</p>
            {(0..BUDGET_ROWS).map(|line| {
                let (item_id, cost_id) = (format!("item-{line}"), format!("cost-{line}"));
                let (item_name, cost_name) = (format!("item[{line}]"), format!("cost[{line}]"));
                view! {
                    <div class="linkway-budget-line">
                        <FormField id=item_id.clone() label=format!("Budget line {}: what it pays for", line + 1) errors>
                            <input class="nhsuk-input" id=item_id.clone() name=item_name.clone() type="text" value=typed(&item_name) aria-describedby=described_by_name(errors, item_id.clone())/>
                        </FormField>
                        <FormField id=cost_id.clone() label=format!("Budget line {}: what it costs, in pounds", line + 1) errors>
                            <input class="nhsuk-input nhsuk-input--width-10" id=cost_id.clone() name=cost_name.clone() type="text" inputmode="decimal" value=typed(&cost_name) aria-describedby=described_by_name(errors, cost_id.clone())/>
                        </FormField>
                    </div>
                }
            }).collect_view()}

            {(!gates.is_empty()).then(|| view! {
                <h3 class="nhsuk-heading-m">"Eligibility"</h3>
                {gates.into_iter().map(|gate| {
                    let field = format!("answer-{}", gate.id);
                    let name = format!("answer[{}]", gate.id);
                    let chosen = typed(&name).unwrap_or_default();
                    view! { <YesNo field name question=gate.question chosen errors/> }
                }).collect_view()}
            })}

            <div class="linkway-honeypot">
                <label class="nhsuk-label" for="leave_empty">"Leave this field empty"</label>
                <input class="nhsuk-input" id="leave_empty" name="leave_empty" type="text" tabindex="-1" autocomplete="off"/>
            </div>
            <button class="nhsuk-button" type="submit">"Send the application"</button>
        </Form>
    }
}

/// A yes/no question as two radios under a legend, with its error.
#[component]
fn YesNo(
    field: String,
    name: String,
    question: String,
    chosen: String,
    errors: Signal<crate::error::FieldErrors>,
) -> impl IntoView {
    let options = vec![
        ("yes".to_owned(), "Yes".to_owned()),
        ("no".to_owned(), "No".to_owned()),
    ];
    view! {
        <Choices id=field.clone() legend=question errors>
            <Radios id=field name options chosen inline=true/>
        </Choices>
    }
}

#[component]
pub fn ApplicationStatusPage() -> impl IntoView {
    let params = use_params_map();
    let link = move || params.read().get("link").unwrap_or_default();
    let data = Resource::new(link, load_application_status);
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |data| view! { <Status data link=link()/> })
            })}
        </Suspense>
    }
}

#[component]
fn Status(data: StatusView, link: String) -> impl IntoView {
    let mut facts = vec![
        ("Reference", data.reference.clone()),
        ("Project", data.project_title.clone()),
        (
            "Round",
            format!("{} ({})", data.round_title, data.fund_name),
        ),
        ("Sent", crate::format::date(data.submitted_at.date_naive())),
        (
            "Where it stands",
            data.decision
                .as_ref()
                .map_or_else(|| data.status.label().to_owned(), |d| d.told.clone()),
        ),
    ];
    if let Some(decision) = &data.decision {
        if !decision.conditions.is_empty() {
            facts.push(("Conditions of the award", decision.conditions.clone()));
        }
        if !decision.feedback.is_empty() {
            facts.push(("The panel's feedback", decision.feedback.clone()));
        }
    }
    if let Some(offer) = &data.offer {
        facts.push((
            "Your grant",
            format!("{} ({})", money(offer.amount_pence), offer.status.label()),
        ));
        facts.push(("Grant identifier", offer.identifier.clone()));
        if let Some(at) = offer.accepted_at {
            facts.push((
                "Accepted",
                format!(
                    "{} by {}",
                    crate::format::date(at.date_naive()),
                    offer.accepted_name
                ),
            ));
        }
    }
    if !data.status_note.is_empty() {
        let label = match data.status {
            ApplicationStatus::Ineligible => "Why it is not eligible",
            _ => "What the fund's managers asked for",
        };
        facts.push((label, data.status_note.clone()));
    }
    view! {
        <Title text=format!("Your application {}", data.reference)/>
        <h1>{format!("Your application {}", data.reference)}</h1>
        <div class="nhsuk-inset-text" id="keep-link">
            <p>"Keep this page's address: it is the only way to follow your application, and anyone who has it can see where it stands. Bookmark it or save it somewhere safe."</p>
        </div>
        <SummaryList id="application-status" rows=facts.into_iter().map(|(key, value)| (key.to_owned(), value)).collect()/>
        {data.can_respond().then(|| view! { <Respond link=link.clone() version=data.version/> })}
        {(!data.info_response.is_empty() && !data.can_respond()).then(|| view! {
            <h2 class="nhsuk-heading-m">"Your answer"</h2>
            <p class="nhsuk-body" id="info-response">{data.info_response.clone()}</p>
        })}
        {data.offer.clone().filter(|offer| offer.can_accept()).map(|offer| view! { <AcceptOffer link=link.clone() offer/> })}
        {data.can_withdraw().then(|| view! { <Withdraw link=link.clone() version=data.version/> })}
    }
}

/// The group accepts its offer: the grant and its conditions, with the name of the person
/// accepting for it.
#[component]
fn AcceptOffer(link: String, offer: crate::chest::awards::OfferTold) -> impl IntoView {
    let action = ServerAction::<crate::chest::awards::AcceptOffer>::new();
    let errors = action_errors(action.value());
    let typed_name = typed::<crate::chest::awards::AcceptOffer>("name");
    let conditions = if offer.conditions.is_empty() {
        "The grant comes with no conditions beyond spending it on the project you described."
            .to_owned()
    } else {
        format!("The conditions of the grant: {}", offer.conditions)
    };
    view! {
        <h2 class="nhsuk-heading-m" id="accept-heading">{format!("Accept the offer of {}", money(offer.amount_pence))}</h2>
        <p class="nhsuk-body">{conditions}</p>
        <ErrorSummary errors/>
        <Form action saved="You have accepted the offer" attr:aria-labelledby="accept-heading">
            <input type="hidden" name="link" value=link/>
            <input type="hidden" name="version" value=offer.version/>
            <FormField id="name" label="Your full name" hint="The person accepting the grant for the group" errors>
                <input class="nhsuk-input" id="name" name="name" type="text" autocomplete="name" value=typed_name aria-describedby=described_by(errors, "name")/>
            </FormField>
            <ConfirmBox id="accept" name="accept" field="accept" label="Our group accepts the grant and its conditions" errors/>
            <button class="nhsuk-button" type="submit" id="accept-offer">"Accept the offer"</button>
        </Form>
    }
}

#[component]
fn Respond(link: String, version: i64) -> impl IntoView {
    let action = ServerAction::<AnswerInformationRequest>::new();
    let errors = action_errors(action.value());
    view! {
        <h2 class="nhsuk-heading-m" id="respond-heading">"Send the information asked for"</h2>
        <ErrorSummary errors/>
        <Form action saved="Your answer has been sent" attr:aria-labelledby="respond-heading">
            <input type="hidden" name="link" value=link/>
            <input type="hidden" name="version" value=version/>
            <FormField id="response" label="Your answer" errors>
                <textarea class="nhsuk-textarea" id="response" name="response" rows="6" aria-describedby=described_by(errors, "response")>{typed::<AnswerInformationRequest>("response")}</textarea>
            </FormField>
            <button class="nhsuk-button" type="submit">"Send the answer"</button>
        </Form>
    }
}

#[component]
fn Withdraw(link: String, version: i64) -> impl IntoView {
    let action = ServerAction::<WithdrawApplication>::new();
    let errors = action_errors(action.value());
    view! {
        <h2 class="nhsuk-heading-m" id="withdraw-heading">"Withdraw the application"</h2>
        <Form action saved="The application has been withdrawn" attr:aria-labelledby="withdraw-heading">
            <input type="hidden" name="link" value=link/>
            <input type="hidden" name="version" value=version/>
            <ConfirmBox id="confirm" name="confirm" field="confirm" label="Yes, withdraw this application" errors/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Withdraw"</button>
        </Form>
    }
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move {
            load_application(number_in_address(id.as_deref(), "That application")?).await
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <ApplicationInFull data/> })
            })}
        </Suspense>
    }
}

#[component]
fn ApplicationInFull(data: ApplicationView) -> impl IntoView {
    let a = data.application.clone();
    let failed: Vec<String> = data.failed_gates().into_iter().map(str::to_owned).collect();
    let number = if a.org_number.is_empty() {
        "Not registered".to_owned()
    } else {
        a.org_number.clone()
    };
    let facts = [
        ("Reference", a.reference.clone()),
        ("Where it stands", a.status.label().to_owned()),
        ("Group", format!("{} ({})", a.org_name, a.org_type.label())),
        ("Charity or company number", number),
        ("Postcode", a.postcode.clone()),
        (
            "Borough and wards",
            format!("{}: {}", a.borough_name, a.wards),
        ),
        ("Amount asked", money(a.amount_pence)),
        (
            "Dates",
            format!(
                "{} to {}",
                crate::format::date(a.starts_on),
                crate::format::date(a.ends_on)
            ),
        ),
        (
            "People who will benefit",
            format!("{}: {}", a.beneficiaries, a.beneficiaries_where),
        ),
        ("Priorities met", data.priorities.join("; ")),
        (
            "Entered with support from",
            a.supported_by
                .clone()
                .unwrap_or_else(|| "Sent by the group".to_owned()),
        ),
    ];
    let contact = [
        ("Name", data.contact.contact_name.clone()),
        ("Email", data.contact.contact_email.clone()),
        ("Phone", data.contact.contact_phone.clone()),
    ];
    let round_link = format!("/chest/rounds/{}", data.round.id);
    let title = format!("{}: {}", a.reference, a.project_title);
    let budget = data.budget.clone();
    let answers = data.answers.clone();
    let round_title = data.round.title.clone();
    let screen =
        (a.status != ApplicationStatus::Withdrawn).then(|| view! { <Screen data=data.clone()/> });
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=round_link attr:class="nhsuk-back-link__link">{round_title}</A>
        </nav>
        <span class="nhsuk-caption-l">{a.reference.clone()}</span>
        <h1>{a.project_title.clone()}</h1>
        {(!failed.is_empty()).then(|| view! {
            <div class="nhsuk-warning-callout" id="failed-gates">
                <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Answered no to an eligibility question"</span></h2>
                <ul>{failed.into_iter().map(|q| view! { <li>{q}</li> }).collect_view()}</ul>
            </div>
        })}
        <SummaryList id="application-facts" rows=facts.into_iter().map(|(key, value)| (key.to_owned(), value)).collect()/>
        <h2 class="nhsuk-heading-m">"Summary"</h2>
        <p class="nhsuk-body">{a.summary.clone()}</p>
        <h2 class="nhsuk-heading-m">"What the project will do"</h2>
        <p class="nhsuk-body linkway-prose">{a.description.clone()}</p>
        <h2 class="nhsuk-heading-m" id="budget-heading">"Budget"</h2>
        <ScrollRegion label="Budget".to_owned()>
            <table class="nhsuk-table" id="budget" aria-labelledby="budget-heading">
                <TableHead columns=&["What it pays for"] numeric=&["Cost"]/>
                <tbody class="nhsuk-table__body">
                    {budget.into_iter().map(|line| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{line.item}</th>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(line.amount_pence)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
        <h2 class="nhsuk-heading-m" id="answers-heading">"Eligibility answers"</h2>
        <SummaryList id="answers" rows=answers.into_iter().map(|a| (a.question, if a.answer { "Yes" } else { "No" }.to_owned())).collect()/>
        <h2 class="nhsuk-heading-m">"Contact (fund managers only)"</h2>
        <SummaryList id="contact" rows=contact.into_iter().map(|(key, value)| (key.to_owned(), value)).collect()/>
        {(!a.info_response.is_empty()).then(|| view! {
            <h2 class="nhsuk-heading-m">"The applicant's answer to your request"</h2>
            <p class="nhsuk-body" id="info-response">{a.info_response.clone()}</p>
        })}
        {screen}
    }
}

#[component]
fn Screen(data: ApplicationView) -> impl IntoView {
    let action = ServerAction::<ScreenApplication>::new();
    let errors = action_errors(action.value());
    let a = data.application;
    let chosen =
        typed::<ScreenApplication>("outcome").unwrap_or_else(|| a.status.code().to_owned());
    let note = typed::<ScreenApplication>("note").unwrap_or_else(|| a.status_note.clone());
    let version = crate::components::form_version(a.version, action.value());
    let outcomes = [
        ApplicationStatus::Eligible,
        ApplicationStatus::Ineligible,
        ApplicationStatus::MoreInfo,
    ]
    .iter()
    .map(|o| (o.code().to_owned(), o.label().to_owned()))
    .collect::<Vec<_>>();
    view! {
        <h2 class="nhsuk-heading-m" id="screen-heading">"Screening"</h2>
        <ErrorSummary errors/>
        <Form action saved="The screening has been saved" attr:aria-labelledby="screen-heading">
            <input type="hidden" name="id" value=a.id/>
            <input type="hidden" name="version" value=version/>
            <Choices id="outcome" legend="Is it eligible?" errors>
                <Radios id="outcome" name="outcome" options=outcomes chosen/>
            </Choices>
            <FormField id="note" label="What the applicant reads" hint="Why it is not eligible, or what more you need. Not needed for an eligible application." errors>
                <textarea class="nhsuk-textarea" id="note" name="note" rows="4" aria-describedby=described_by(errors, "note")>{note}</textarea>
            </FormField>
            <button class="nhsuk-button" type="submit">"Save the screening"</button>
        </Form>
    }
}
