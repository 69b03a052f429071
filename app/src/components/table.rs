//! The head of a data table (one header cell a column, in the order given), and the
//! region that lets a wide table or chart scroll sideways inside the page at phone width.

use leptos::prelude::*;

/// `<thead>` with a `<th scope="col">` for each of `columns`, then a right-aligned one
/// for each of `numeric` (the columns that hold figures), then one for each of `trailing`
/// (text columns after the figures).
#[component]
pub fn TableHead(
    columns: &'static [&'static str],
    #[prop(optional)] numeric: &'static [&'static str],
    #[prop(optional)] trailing: &'static [&'static str],
) -> impl IntoView {
    view! {
        <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
                {columns
                    .iter()
                    .map(|column| view! { <th scope="col" class="nhsuk-table__header">{*column}</th> })
                    .collect_view()}
                {numeric
                    .iter()
                    .map(|column| {
                        view! {
                            <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
                                {*column}
                            </th>
                        }
                    })
                    .collect_view()}
                {trailing
                    .iter()
                    .map(|column| view! { <th scope="col" class="nhsuk-table__header">{*column}</th> })
                    .collect_view()}
            </tr>
        </thead>
    }
}

/// A wide table or chart that scrolls sideways by itself, so the page never does: a named
/// region that takes focus, so it can be scrolled from the keyboard too.
#[component]
pub fn ScrollRegion(label: String, children: Children) -> impl IntoView {
    view! {
        <div class="linkway-table-scroll" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}
