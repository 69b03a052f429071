//! The head of a data table: one header cell a column, in the order given.

use leptos::prelude::*;

/// `<thead>` with a `<th scope="col">` for each of `columns`, then a right-aligned one
/// for each of `numeric` (the columns that hold figures).
#[component]
pub fn TableHead(
    columns: &'static [&'static str],
    #[prop(optional)] numeric: &'static [&'static str],
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
            </tr>
        </thead>
    }
}
