//! The people picker: active accounts as the options of a select.

use super::Person;
use leptos::prelude::*;

/// The options of an owner picker, `selected` chosen; the first option is "No owner".
#[component]
pub fn PeopleOptions(people: Vec<Person>, selected: Option<i64>) -> impl IntoView {
    view! {
        <option value="" selected=selected.is_none()>"No owner"</option>
        {people
            .into_iter()
            .map(|person| {
                let label = format!("{} ({})", person.name, person.organisation);
                view! { <option value=person.id.to_string() selected=selected == Some(person.id)>{label}</option> }
            })
            .collect_view()}
    }
}
