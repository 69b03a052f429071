//! `/chest/awards/{id}`: an award (its identifier, where it stands, the offer and its
//! acceptance), its payments with what is disbursed and left, and the form to record one.

use super::model::{AwardStatus, AwardView, PaymentOutcome};
use super::{load_award, RecordPayment};
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
pub fn AwardPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_award(number_in_address(id.as_deref(), "That award")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <AwardScreen data/> })
            })}
        </Suspense>
    }
}

#[component]
fn AwardScreen(data: AwardView) -> impl IntoView {
    let award = data.award.clone();
    let title = format!("Award {}: {}", data.reference, data.project_title);
    let mut facts = vec![("Group".to_owned(), data.org_name.clone())];
    facts.extend(award.facts());
    facts.extend([
        ("Paid".to_owned(), money(data.disbursed_pence())),
        ("Left to pay".to_owned(), money(data.left_pence())),
    ]);
    if !award.conditions.is_empty() {
        facts.push(("Conditions".to_owned(), award.conditions.clone()));
    }
    let payments = data.payments.clone();
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/chest/rounds/{}/decisions", data.round_id) attr:class="nhsuk-back-link__link">"The decision pack"</A>
        </nav>
        <span class="nhsuk-caption-l">{format!("{}, {}", data.round_title, data.fund_name)}</span>
        <h1>{title}</h1>
        <SummaryList id="award-facts" rows=facts/>
        <h2 class="nhsuk-heading-m" id="payments-heading">"Payments"</h2>
        {if payments.is_empty() {
            view! { <p class="nhsuk-body" id="no-payments">"No payment recorded yet."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Payments".to_owned()>
                    <table class="nhsuk-table" id="payments" aria-labelledby="payments-heading">
                        <TableHead columns=&["Paid on"] numeric=&["Amount"] trailing=&["Reference", "Outcome", "Note", "Recorded by"]/>
                        <tbody class="nhsuk-table__body">
                            {payments.into_iter().map(|p| view! {
                                <tr class="nhsuk-table__row">
                                    <th scope="row" class="nhsuk-table__header">{date(p.paid_on)}</th>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{money(p.amount_pence)}</td>
                                    <td class="nhsuk-table__cell">{p.reference.clone()}</td>
                                    <td class="nhsuk-table__cell">{p.outcome.label()}</td>
                                    <td class="nhsuk-table__cell">{p.note.clone()}</td>
                                    <td class="nhsuk-table__cell">{p.recorded_by.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
        {match award.status {
            status if status.takes_payments() => view! { <PaymentForm data=data.clone()/> }.into_any(),
            AwardStatus::Offered => view! {
                <p class="nhsuk-body" id="awaiting-acceptance">"Payments can be recorded once the group has accepted the offer on its application's private page."</p>
            }.into_any(),
            _ => ().into_any(),
        }}
    }
}

#[component]
fn PaymentForm(data: AwardView) -> impl IntoView {
    let action = ServerAction::<RecordPayment>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<RecordPayment>(name);
    let paid_on = typed("paid_on").unwrap_or_else(|| data.today.to_string());
    let chosen = typed("outcome").unwrap_or_else(|| PaymentOutcome::Paid.code().to_owned());
    let version = crate::components::form_version(data.award.version, action.value());
    view! {
        <h2 class="nhsuk-heading-m" id="payment-heading">"Record a payment"</h2>
        <ErrorSummary errors/>
        <Form action saved="The payment has been recorded" attr:aria-labelledby="payment-heading">
            <input type="hidden" name="award" value=data.award.id/>
            <input type="hidden" name="version" value=version/>
            <FormField id="paid_on" label="Day it was paid" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="paid_on" name="paid_on" type="date" value=paid_on aria-describedby=described_by(errors, "paid_on")/>
            </FormField>
            <FormField id="amount" label="Amount in pounds" hint=format!("{} is left to pay", money(data.left_pence())) errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="amount" name="amount" type="text" inputmode="decimal" value=typed("amount") aria-describedby=described_by(errors, "amount")/>
            </FormField>
            <FormField id="reference" label="Reference" hint="The bank or finance system's reference for it" errors>
                <input class="nhsuk-input nhsuk-input--width-20" id="reference" name="reference" type="text" spellcheck="false" value=typed("reference") aria-describedby=described_by(errors, "reference")/>
            </FormField>
            <Choices id="outcome" legend="What became of it?" errors>
                <Radios id="outcome" name="outcome" options=PaymentOutcome::options() chosen/>
            </Choices>
            <FormField id="note" label="Note (optional)" hint="For example, why it failed or was stopped" errors>
                <input class="nhsuk-input" id="note" name="note" type="text" value=typed("note") aria-describedby=described_by(errors, "note")/>
            </FormField>
            <button class="nhsuk-button" type="submit" id="record-payment">"Record the payment"</button>
        </Form>
    }
}
