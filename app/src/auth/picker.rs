//! The people picker: active accounts as the options of a select.

use super::Person;
use leptos::prelude::*;

/// The options of an owner picker, `selected` chosen; the first option is "No owner". The
/// record's `current` owner (id, name) is offered too when they are no longer among the
/// people, so saving the form for another change keeps them.
#[component]
pub fn PeopleOptions(
    people: Vec<Person>,
    selected: Option<i64>,
    #[prop(default = None)] current: Option<(i64, String)>,
) -> impl IntoView {
    let kept = current.filter(|(id, _)| !people.iter().any(|person| person.id == *id));
    view! {
        <option value="" selected=selected.is_none()>"No owner"</option>
        {kept.map(|(id, name)| view! {
            <option value=id.to_string() selected=selected == Some(id)>{format!("{name} (current owner)")}</option>
        })}
        {people
            .into_iter()
            .map(|person| {
                let label = format!("{} ({})", person.name, person.organisation);
                view! { <option value=person.id.to_string() selected=selected == Some(person.id)>{label}</option> }
            })
            .collect_view()}
    }
}
