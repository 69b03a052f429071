//! A live filter: an island that narrows a table's rows as the user types, in place, and
//! says how many rows show. It needs the browser, so it stays hidden until its island
//! runs; without JavaScript the page's ordinary GET filters do the same job.

use leptos::prelude::*;

/// A search box for the table `table` (its id): rows whose text does not contain what is
/// typed are hidden, and a polite live region says how many of them show.
#[island]
pub fn TableSearch(table: String, label: String) -> impl IntoView {
    let running = RwSignal::new(false);
    let shown = RwSignal::new(None::<(usize, usize)>);
    // An effect runs only in the browser: the box shows once it can work.
    Effect::new(move |_| running.set(true));
    let input_id = format!("{table}-search");
    let body_selector = format!("#{table} tbody");
    let narrow = move |event: leptos::ev::Event| {
        let wanted = event_target_value(&event).trim().to_lowercase();
        let body = document().query_selector(&body_selector).ok().flatten();
        let (mut showing, mut total) = (0, 0);
        let mut row = body.and_then(|body| body.first_element_child());
        while let Some(current) = row {
            let text = current.text_content().unwrap_or_default().to_lowercase();
            let matches = wanted.is_empty() || text.contains(&wanted);
            let _ = current.toggle_attribute_with_force("hidden", !matches);
            showing += usize::from(matches);
            total += 1;
            row = current.next_element_sibling();
        }
        shown.set((!wanted.is_empty()).then_some((showing, total)));
    };
    view! {
        <div class="nhsuk-form-group linkway-table-search" hidden=move || !running.get()>
            <label class="nhsuk-label" for=input_id.clone()>{label}</label>
            <input class="nhsuk-input nhsuk-input--width-20" id=input_id type="search" autocomplete="off" on:input=narrow/>
            <p class="nhsuk-body-s nhsuk-u-margin-top-2" aria-live="polite">
                {move || shown.get().map(|(showing, total)| format!("{showing} of {total} shown"))}
            </p>
        </div>
    }
}
