//! `/unmet-need`: needs link workers met but could not connect to any service, from the
//! signed-off returns — top themes, theme × borough, why unmet and the trend per theme.
//! Outside the ICB team small counts are suppressed. The area chooser moves between London
//! (theme by ICB), an ICB (theme by borough) and a borough, kept in the address; small
//! counts are suppressed at every level.

use crate::boroughs::AreaChooser;
use crate::components::{render_or_error, Loading, ScrollRegion};
use crate::format::query_value;
use crate::returns::load_unmet_need;
use crate::returns::model::{ThemeRow, UnmetNeedRollup};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnmetNeedPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let query = query.read();
            (
                query.get("quarter").unwrap_or_default(),
                query.get("area").unwrap_or_default(),
            )
        },
        |(quarter, area)| load_unmet_need(quarter, area),
    );
    view! {
        <Title text="Unmet need"/>
        <h1>"Unmet need"</h1>
        <p class="nhsuk-lede-text">
            "Needs that link workers met but could not connect to any community service, from each borough's signed-off quarterly return: where commissioning should look first."
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Rollup data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Rollup(data: UnmetNeedRollup) -> impl IntoView {
    let chooser = view! { <AreaChooser choice=data.area.clone() page="/unmet-need"/> };
    let heading =
        view! { <h2 class="nhsuk-heading-m" id="area-heading">{data.area.name.clone()}</h2> };
    let area = query_value(&data.area.chosen);
    let Some(quarter) = data.quarter.clone() else {
        return view! {
            {chooser}
            {heading}
            <p class="nhsuk-body">"No signed-off return has reported unmet need yet for this area."</p>
        }
        .into_any();
    };
    let code = quarter.code();
    let quarter_id = quarter.id;
    let notice = if data.suppressed {
        format!(
            "Counts from 1 to {} are shown as <{} to protect privacy; * marks a count withheld so that a small one cannot be worked out from its row's total.",
            data.threshold - 1,
            data.threshold
        )
    } else {
        format!(
            "You see every count, as part of the ICB team. Anything published must suppress counts from 1 to {}: use the publication download.",
            data.threshold - 1
        )
    };
    let mut columns: Vec<String> = data.boroughs.iter().map(|(_, name)| name.clone()).collect();
    columns.push(data.total_heading());
    let quarter_columns: Vec<String> = (0..data.quarters.len())
        .map(|index| data.quarter_heading(index))
        .collect();
    let returned = (!data.not_returned.is_empty()).then(|| {
        let missing = data.not_returned.join(", ");
        format!(
            "{code}: {} of {} {parts} returned (no signed-off return from {missing}). Totals cover the {parts} that returned; a fall may be one missing, not less need.",
            data.boroughs.len() - data.not_returned.len(),
            data.boroughs.len(),
            parts = data.parts,
        )
    });
    let quarter_link = {
        let area = area.clone();
        move |id: i64| format!("/unmet-need?area={area}&quarter={id}")
    };
    view! {
        {chooser}
        {heading}
        <div class="nhsuk-inset-text" id="suppression-notice">
            <span class="nhsuk-u-visually-hidden">"Information: "</span>
            <p>{notice}</p>
        </div>
        <nav class="nhsuk-body" aria-label="Quarters">
            "Quarter: "
            {data.quarters.clone().into_iter().map(|p| {
                let current = p.id == quarter_id;
                view! {
                    {if current {
                        view! { <strong aria-current="page">{p.code()}</strong> }.into_any()
                    } else {
                        view! { <A href=quarter_link(p.id)>{p.code()}</A> }.into_any()
                    }}
                    " "
                }
            }).collect_view()}
        </nav>
        {returned.map(|sentence| view! {
            <div class="nhsuk-warning-callout" id="returned-notice">
                <h2 class="nhsuk-warning-callout__label">
                    <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Not every borough returned"</span>
                </h2>
                <p>{sentence}</p>
            </div>
        })}
        <p class="nhsuk-body">
            <a class="nhsuk-link" href=format!("/unmet-need/export.xlsx?area={area}&quarter={}", quarter.id) download>"Download for publication, small counts suppressed (.xlsx)"</a>
            {(!data.suppressed).then(|| view! {
                " · "
                <a class="nhsuk-link" href=format!("/unmet-need/export.xlsx?for=icb&area={area}&quarter={}", quarter.id) download>"Download every count, not for publication (.xlsx)"</a>
            })}
        </p>
        <h2 class="nhsuk-heading-l" id="top-heading">{format!("Top unmet needs, {code}")}</h2>
        <ol class="nhsuk-list nhsuk-list--number" id="top-needs" aria-labelledby="top-heading">
            {data.top.iter().map(|(theme, count)| view! { <li>{format!("{theme}: {}", count.text())}</li> }).collect_view()}
        </ol>
        <CountTable id="by-borough" heading=format!("By theme and borough, {code}") first="Need theme" columns=columns.clone() rows=data.by_borough.clone()/>
        <CountTable id="why-unmet" heading=format!("Why needs were unmet, {code}") first="Why unmet" columns=columns rows=data.why_unmet.clone()/>
        <CountTable id="trend" heading="Each theme across quarters (ICB total)".to_owned() first="Need theme" columns=quarter_columns rows=data.trend.clone()/>
    }
    .into_any()
}

#[component]
fn CountTable(
    id: &'static str,
    heading: String,
    first: &'static str,
    columns: Vec<String>,
    rows: Vec<ThemeRow>,
) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let label = heading.clone();
    view! {
        <h2 class="nhsuk-heading-m" id=heading_id.clone()>{heading}</h2>
        <ScrollRegion label>
            <table class="nhsuk-table" id=id aria-labelledby=heading_id>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header">{first}</th>
                        {columns.into_iter().map(|c| view! { <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">{c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {rows.into_iter().map(|row| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{row.label.clone()}</th>
                            {row.counts.iter().map(|c| view! { <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{c.text()}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}
