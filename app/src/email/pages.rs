//! `/account`: the signed-in person's account and how they get each kind of message;
//! `/admin/messages`: the outbox as administrators see it — what was written, sent,
//! held, waiting or failed, and whether email is being sent at all.

use super::{
    load_email_choices, load_outbox, Delivery, EmailChoices, MessageKind, MessageStatus, Outbox,
    SaveEmailChoices,
};
use crate::components::{
    action_errors, render_or_error, typed, ErrorSummary, Form, Loading, ScrollRegion, TableHead,
};
use crate::error::FieldErrors;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn AccountPage() -> impl IntoView {
    let save = ServerAction::<SaveEmailChoices>::new();
    let errors = action_errors(save.value());
    let choices = Resource::new(|| (), |_| load_email_choices());
    view! {
        <Title text="Your account"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(choices.await, move |choices| view! {
                    <div class="nhsuk-grid-row">
                        <div class="nhsuk-grid-column-two-thirds">
                            <ErrorSummary errors/>
                            <h1>"Your account"</h1>
                            <p class="nhsuk-body">
                                <A href="/account/password">"Change your password or sign out everywhere"</A>
                            </p>
                            <ChoicesForm choices save errors/>
                        </div>
                    </div>
                })
            })}
        </Suspense>
    }
}

#[component]
fn ChoicesForm(
    choices: EmailChoices,
    save: ServerAction<SaveEmailChoices>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m" id="email">"Email reminders"</h2>
        <p class="nhsuk-body">
            {format!("Linkway emails {} about what you owe, with a link straight to it. Choose how you get each kind of message. ", choices.email)}
            "A weekly digest gathers what you chose to hear weekly into one email on Mondays."
        </p>
        <Form action=save saved="Your email choices have been saved">
            {choices.choices.into_iter().map(|(kind, delivery)| {
                view! { <KindChoice kind delivery errors/> }
            }).collect_view()}
            <button class="nhsuk-button" type="submit" id="save-email-choices">"Save email choices"</button>
        </Form>
    }
}

/// One kind of message: three radios, as last saved or as just typed.
#[component]
fn KindChoice(kind: MessageKind, delivery: Delivery, errors: Signal<FieldErrors>) -> impl IntoView {
    let field = kind.code();
    let name = format!("choices[{field}]");
    let chosen = typed::<SaveEmailChoices>(&name).unwrap_or_else(|| delivery.code().to_owned());
    let message = move || errors.with(|e| e.get(field).cloned()).map(|m| m.join(". "));
    let has_error = move || errors.with(|e| e.contains_key(field));
    let error_id = format!("{field}-error");
    let described = {
        let error_id = error_id.clone();
        move || has_error().then(|| error_id.clone())
    };
    view! {
        <div class=move || if has_error() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" }>
            <fieldset class="nhsuk-fieldset" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{kind.label()}</legend>
                {move || message().map(|message| view! {
                    <span class="nhsuk-error-message" id=error_id.clone()>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>{message}
                    </span>
                })}
                <div class="nhsuk-radios nhsuk-radios--inline">
                    {Delivery::ALL.into_iter().enumerate().map(|(n, option)| {
                        // The first radio carries the field's id: the error summary links to it.
                        let id = if n == 0 { field.to_owned() } else { format!("{field}-{}", option.code()) };
                        view! {
                            <div class="nhsuk-radios__item">
                                <input class="nhsuk-radios__input" id=id.clone() name=name.clone() type="radio"
                                    value=option.code() checked=chosen == option.code()/>
                                <label class="nhsuk-label nhsuk-radios__label" for=id>{option.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let outbox = Resource::new(|| (), |_| load_outbox());
    view! {
        <Title text="Email outbox"/>
        <A href="/admin" attr:class="nhsuk-back-link">"Administration"</A>
        <h1>"Email outbox"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(outbox.await, |outbox| view! { <OutboxView outbox/> })
            })}
        </Suspense>
    }
}

#[component]
fn OutboxView(outbox: Outbox) -> impl IntoView {
    let count = |status: MessageStatus| {
        outbox
            .counts
            .iter()
            .find(|(counted, _)| *counted == status)
            .map_or(0, |(_, count)| *count)
    };
    let sending = match &outbox.relay {
        Some(relay) => view! {
            <p class="nhsuk-body" id="sending">{format!("Email is sent through {relay}.")}</p>
        }
        .into_any(),
        None => view! {
            <div class="nhsuk-warning-callout" id="sending">
                <h2 class="nhsuk-warning-callout__label">
                    <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Email is not being sent"</span>
                </h2>
                <p>"LINKWAY_SMTP_URL is not set, so messages are kept here and nobody receives them. Once it is set, waiting messages are sent."</p>
            </div>
        }
        .into_any(),
    };
    let summary = MessageStatus::ALL
        .into_iter()
        .map(|status| format!("{} {}", count(status), status.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ");
    let lines = outbox.lines;
    view! {
        {sending}
        <p class="nhsuk-body" id="outbox-counts">{summary}</p>
        {if lines.is_empty() {
            view! { <p class="nhsuk-body">"No messages yet. Reminders are written as returns open and fall due, and as tasks fall due."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Messages".to_owned()>
                    <table class="nhsuk-table" id="messages">
                        <caption class="nhsuk-table__caption">{if outbox.more { "The newest 200 messages" } else { "Messages, newest first" }}</caption>
                        <TableHead columns=&["Written", "To", "Subject", "Status", "Sent"] numeric=&["Tries"] />
                        <tbody class="nhsuk-table__body">
                            {lines.into_iter().map(|line| view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">{crate::format::date_time(line.created_at)}</td>
                                    <td class="nhsuk-table__cell">
                                        {line.recipient.clone()}
                                        {(!line.copy_to.is_empty()).then(|| view! { <br/><span class="nhsuk-body-s">{format!("Copied to {}", line.copy_to)}</span> })}
                                    </td>
                                    <td class="nhsuk-table__cell">
                                        <a href=line.link.clone()>{line.subject.clone()}</a>
                                        <br/><span class="nhsuk-body-s">{line.kind.label()}</span>
                                    </td>
                                    <td class="nhsuk-table__cell">
                                        {line.status.label()}
                                        {line.last_error.clone().map(|error| view! { <br/><span class="nhsuk-body-s">{error}</span> })}
                                    </td>
                                    <td class="nhsuk-table__cell">{line.sent_at.map(crate::format::date_time).unwrap_or_default()}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.attempts}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
    }
}
