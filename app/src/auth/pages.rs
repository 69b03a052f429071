//! `/sign-in`: the sign-in form, with the error summary and field errors of the NHS
//! service manual. It works without JavaScript (a plain form post) and with it. Reached
//! from a page that asked the person to sign in, it returns them there afterwards.

use super::return_to::{safe_return_address, NEXT_FIELD};
use super::{current_user, SignIn};
use crate::components::{action_errors, described_by, typed, ErrorSummary, Form, FormField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let errors = action_errors(sign_in.value());
    let signed_in = Resource::new(|| (), |_| current_user());
    // The page that asked the person to sign in, to return to afterwards.
    let next = use_query_map()
        .read_untracked()
        .get(NEXT_FIELD)
        .filter(|next| safe_return_address(next).is_some());
    view! {
        <Title text="Sign in"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Sign in"</h1>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        signed_in.await.ok().flatten().map(|user| view! {
                            <p class="nhsuk-body">{format!("You are signed in as {}.", user.name)}</p>
                        })
                    })}
                </Suspense>
                <p class="nhsuk-body">"Sign in with your Linkway account to record and change programme data."</p>
                <Form action=sign_in>
                    {next.map(|next| view! { <input type="hidden" name=NEXT_FIELD value=next/> })}
                    <FormField id="email" label="Email address" errors>
                        <input
                            class="nhsuk-input"
                            id="email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            spellcheck="false"
                            value={typed::<SignIn>("email")}
                            aria-describedby=described_by(errors, "email")
                        />
                    </FormField>
                    <FormField id="password" label="Password" errors>
                        <input
                            class="nhsuk-input"
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            aria-describedby=described_by(errors, "password")
                        />
                    </FormField>
                    <button class="nhsuk-button" type="submit">"Sign in"</button>
                </Form>
            </div>
        </div>
    }
}
