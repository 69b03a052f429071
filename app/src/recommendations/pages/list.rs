//! `/recommendations`: the tracker — every recommendation with owner, reported and derived
//! RAG (and, where they differ, why in a few words: the full reason is on the
//! recommendation's page), next milestone; a folded filter panel that says which filters
//! are on, sort and "as at" in the address; RAG × category counts.

use super::load::LoadRecommendations;
use super::{RagTag, RagTotals};
use crate::boroughs::area::{AreaChooser, AreaLevel};
use crate::components::{render_or_error, Loading, ScrollRegion, TableHead, TableSearch};
use crate::recommendations::model::{TrackerFilter, TrackerRow, TrackerView};
use crate::recommendations::rag::short_difference;
use crate::recommendations::{load_tracker, Rag};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn filter_from_query(query: &leptos_router::params::ParamsMap) -> TrackerFilter {
    let get = |key: &str| query.get(key).unwrap_or_default();
    TrackerFilter {
        category: get("category"),
        priority: get("priority"),
        owner: get("owner"),
        borough: get("borough"),
        reported: get("reported"),
        derived: get("derived"),
        overdue: get("overdue"),
        sort: get("sort"),
        as_at: get("as_at"),
        area: get("area"),
    }
}

#[component]
pub fn RecommendationsPage() -> impl IntoView {
    let query = use_query_map();
    let view = Resource::new(move || filter_from_query(&query.read()), load_tracker);
    view! {
        <Title text="Recommendations tracker"/>
        <h1>"Recommendations tracker"</h1>
        <p class="nhsuk-lede-text">
            "The recommendations of each ICB's review of social prescribing (North Central London's 21, from its 2024 review): who owns each, where it stands, and what the evidence says."
        </p>
        <p class="nhsuk-body">
            <A href="/recommendations/overview">"ICB overview: overdue, due soon and the RAG trend"</A>
            " · "
            <A href="/my-actions">"My actions"</A>
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let filter = filter_from_query(&query.read_untracked());
                render_or_error(view.await, move |data| {
                    let chooser = view! { <AreaChooser choice=data.area.clone() page="/recommendations"/> };
                    let tracker = if data.area.level() == Some(AreaLevel::Region) {
                        view! { <ByIcb data/> }.into_any()
                    } else {
                        let load = data.can_load.then(|| view! {
                            <LoadRecommendations icb=data.icb_code.clone() icb_name=data.area.name.clone()/>
                        });
                        view! {
                            <h2 class="nhsuk-heading-m" id="area-heading">{data.area.name.clone()}</h2>
                            <Tracker data filter/>
                            {load}
                        }
                        .into_any()
                    };
                    view! { {chooser} {tracker} }
                })
            })}
        </Suspense>
    }
}

/// `path` with `extra` (`key=value`, or empty) added to its query.
fn with_query(path: &str, extra: &str) -> String {
    match (extra.is_empty(), path.contains('?')) {
        (true, _) => path.to_owned(),
        (false, true) => format!("{path}&{extra}"),
        (false, false) => format!("{path}?{extra}"),
    }
}

/// The ICB asked for in the address as `key=NEL` (`area` for the tracker's own links,
/// `icb` for a recommendation's page and the exports), or nothing when the tracker is the
/// one the user works in.
fn kept(key: &str, data: &TrackerView, filter: &TrackerFilter) -> String {
    match filter.area.is_empty() {
        true => String::new(),
        false => format!("{key}={}", crate::format::query_value(&data.icb_code)),
    }
}

/// Across London: each ICB's recommendations by derived RAG, each ICB a link to its
/// tracker. An ICB with no recommendations loaded says so rather than showing zeros.
#[component]
fn ByIcb(data: TrackerView) -> impl IntoView {
    let as_at = if data.as_at == data.today {
        String::new()
    } else {
        format!(", as at {}", crate::format::date(data.as_at))
    };
    view! {
        <h2 class="nhsuk-heading-m" id="area-heading">{data.area.name.clone()}</h2>
        <table class="nhsuk-table" id="rag-by-icb" aria-labelledby="rag-by-icb-caption">
            <caption class="nhsuk-table__caption" id="rag-by-icb-caption">{format!("Derived RAG by ICB{as_at}")}</caption>
            <TableHead columns=&["ICB"] numeric=&["Recommendations", "Red", "Amber", "Green", "Overdue"] />
            <tbody class="nhsuk-table__body">
                {data.by_icb.into_iter().map(|icb| {
                    let href = format!("/recommendations?area={}", crate::format::query_value(&icb.code));
                    let cells = if icb.recommendations == 0 {
                        view! { <td class="nhsuk-table__cell" colspan="5">"No recommendations loaded yet"</td> }.into_any()
                    } else {
                        view! {
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{icb.recommendations}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{icb.red}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{icb.amber}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{icb.green}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{icb.overdue}</td>
                        }.into_any()
                    };
                    view! {
                        <tr class="nhsuk-table__row" id=format!("rag-{}", icb.code)>
                            <th scope="row" class="nhsuk-table__header"><A href=href>{icb.name}</A></th>
                            {cells}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <p class="nhsuk-body">"Overdue: a milestone past its due date, or a recommendation past its target window and not complete. Choose an ICB to see its tracker."</p>
    }
}

#[component]
fn Tracker(data: TrackerView, filter: TrackerFilter) -> impl IntoView {
    let as_at = data.as_at;
    let is_today = as_at == data.today;
    let icb = kept("icb", &data, &filter);
    let kept = kept("area", &data, &filter);

    let export_query = if is_today {
        with_query("", &icb)
    } else {
        with_query(&format!("?as_at={as_at}"), &icb)
    };
    // Filtered to one borough's lines: that borough's quarterly report is one click away.
    let borough_paper = data
        .boroughs
        .iter()
        .find(|(code, _)| !filter.borough.is_empty() && *code == filter.borough)
        .map(|(code, name)| {
            let as_at = if is_today {
                String::new()
            } else {
                format!("&as_at={as_at}")
            };
            (
                with_query(
                    &format!(
                        "/recommendations/board-paper.xlsx?borough={}{as_at}",
                        crate::format::query_value(code)
                    ),
                    &icb,
                ),
                name.clone(),
            )
        });
    let heading = if is_today {
        format!("{} recommendations shown", data.rows.len())
    } else {
        format!(
            "{} recommendations shown, as at {}",
            data.rows.len(),
            crate::format::date(as_at)
        )
    };
    view! {
        {(!is_today).then(|| view! {
            <div class="nhsuk-inset-text" id="as-at-notice">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{format!("You are looking at the tracker as it stood at the end of {}: the updates and milestone changes recorded by then. ", crate::format::date(as_at))}
                    <a href=with_query("/recommendations", &kept)>"Back to today"</a>
                </p>
            </div>
        })}
        <Counts data=data.clone() kept=kept.clone()/>
        <Filters data=data.clone() filter kept=kept.clone()/>
        <p class="nhsuk-body">
            <a href=format!("/recommendations.xlsx{export_query}") download rel="external">"Download the tracker (Excel, .xlsx)"</a>
            " · "
            <a href=format!("/recommendations/board-paper.xlsx{export_query}") download rel="external">"Download the ICB board-paper table (Excel, .xlsx)"</a>
            {borough_paper.map(|(href, name)| view! {
                " · "
                <a href=href download rel="external" id="borough-board-paper">{format!("Download {name}'s quarterly board report (Excel, .xlsx)")}</a>
            })}
        </p>
        <h2 class="nhsuk-heading-m" id="tracker-heading">{heading}</h2>
        {if data.counts.is_empty() {
            view! { <p class="nhsuk-body" id="no-recommendations">"No recommendations of this ICB's review are in Linkway yet. Its ICB lead can load them from a spreadsheet."</p> }.into_any()
        } else if data.rows.is_empty() {
            view! { <p class="nhsuk-body">"No recommendations match these filters. " <a href=with_query("/recommendations", &kept)>"Clear the filters"</a></p> }.into_any()
        } else {
            view! {
                <TableSearch table="tracker".to_owned() label="Find a recommendation in this list".to_owned()/>
                <Rows rows=data.rows as_at icb/>
            }
            .into_any()
        }}
    }
}

#[component]
fn Counts(data: TrackerView, kept: String) -> impl IntoView {
    let total = |rag: Rag| {
        data.counts
            .iter()
            .map(|c| match rag {
                Rag::Red => c.red,
                Rag::Amber => c.amber,
                Rag::Green => c.green,
            })
            .sum::<usize>()
    };
    let link = |rag: Rag, count: usize| {
        view! { <a href=with_query(&format!("/recommendations?derived={}", rag.code()), &kept)>{count}<span class="nhsuk-u-visually-hidden">{format!(" {}", rag.label())}</span></a> }
    };
    let totals = [Rag::Red, Rag::Amber, Rag::Green].map(|rag| link(rag, total(rag)));
    let [red, amber, green] = totals;
    // The totals in a line; the breakdown by category folded beneath it.
    view! {
        <p class="nhsuk-body" id="rag-totals">
            "Derived RAG: " <RagTotals red=total(Rag::Red) amber=total(Rag::Amber) green=total(Rag::Green)/>
        </p>
        <details class="nhsuk-details">
        <summary class="nhsuk-details__summary">
            <span class="nhsuk-details__summary-text">"Derived RAG by category"</span>
        </summary>
        <div class="nhsuk-details__text">
        <ScrollRegion label="Derived RAG by category".to_owned()>
            <table class="nhsuk-table" id="rag-counts">
                <caption class="nhsuk-table__caption">"Derived RAG by category"</caption>
                <TableHead columns=&["Category"] numeric=&["Red", "Amber", "Green"] />
                <tbody class="nhsuk-table__body">
                    {data.counts.iter().cloned().map(|c| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{c.category}</th>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{c.red}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{c.amber}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{c.green}</td>
                        </tr>
                    }).collect_view()}
                    <tr class="nhsuk-table__row">
                        <th scope="row" class="nhsuk-table__header">"All recommendations"</th>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{red}</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{amber}</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{green}</td>
                    </tr>
                </tbody>
            </table>
        </ScrollRegion>
        </div>
        </details>
    }
}

/// The filter form: a plain GET form, so every view has an address to share.
#[component]
fn Filters(data: TrackerView, filter: TrackerFilter, kept: String) -> impl IntoView {
    let select =
        |id: &'static str, label: &'static str, current: String, options: Vec<(String, String)>| {
            view! {
                <div class="nhsuk-form-group linkway-filter">
                    <label class="nhsuk-label" for=id>{label}</label>
                    <select class="nhsuk-select" id=id name=id>
                        <option value="" selected=current.is_empty()>"All"</option>
                        {options.into_iter().map(|(value, text)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
        };
    let rags = || {
        // Worst first, like the RAG sorts.
        Rag::ALL
            .into_iter()
            .rev()
            .map(|r| (r.code().to_owned(), r.label().to_owned()))
            .collect::<Vec<_>>()
    };
    let sorts = [
        ("", "Number"),
        ("category", "Category"),
        ("priority", "Priority"),
        ("owner", "Owner"),
        ("reported", "Reported RAG, worst first"),
        ("derived", "Derived RAG, worst first"),
        ("due", "Next milestone due"),
    ];
    let as_at_value = if data.as_at == data.today {
        String::new()
    } else {
        data.as_at.to_string()
    };
    // The filters in force, in words, so a folded panel still says what the list shows.
    let named = |value: &str, options: &[(String, String)]| {
        options
            .iter()
            .find(|(code, _)| code == value)
            .map_or_else(|| value.to_owned(), |(_, text)| text.clone())
    };
    let owners: Vec<(String, String)> = data
        .owners
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect();
    let active: Vec<String> = [
        ("Category", filter.category.clone()),
        ("Priority", filter.priority.clone()),
        ("Owner", named(&filter.owner, &owners)),
        ("Borough line", named(&filter.borough, &data.boroughs)),
        ("Reported RAG", named(&filter.reported, &rags())),
        ("Derived RAG", named(&filter.derived, &rags())),
        (
            "Only overdue",
            if filter.overdue == "yes" {
                "yes".to_owned()
            } else {
                String::new()
            },
        ),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(name, value)| format!("{name}: {value}"))
    .collect();
    let any_active = !active.is_empty();
    view! {
        {any_active.then(|| view! {
            <p class="nhsuk-body" id="active-filters">
                {format!("Filtered by {}. ", active.join("; "))}
                <a href=with_query("/recommendations", &kept)>"Clear filters"</a>
            </p>
        })}
        <details class="nhsuk-details linkway-filter-panel" id="filter-panel" open=any_active>
        <summary class="nhsuk-details__summary">
            <span class="nhsuk-details__summary-text" id="filters-heading">"Filter and sort"</span>
        </summary>
        <div class="nhsuk-details__text">
        <form method="get" action="/recommendations" class="linkway-filters" aria-labelledby="filters-heading">
            {(!filter.area.is_empty()).then(|| view! { <input type="hidden" name="area" value=data.icb_code.clone()/> })}
            {select("category", "Category", filter.category.clone(), data.categories.iter().map(|c| (c.clone(), c.clone())).collect())}
            {select("priority", "Priority", filter.priority.clone(), vec![("High".into(), "High".into()), ("Medium".into(), "Medium".into())])}
            {select("owner", "Owner", filter.owner.clone(), owners)}
            {select("borough", "Borough line", filter.borough.clone(), data.boroughs.clone())}
            {select("reported", "Reported RAG", filter.reported.clone(), rags())}
            {select("derived", "Derived RAG", filter.derived.clone(), rags())}
            <div class="nhsuk-form-group linkway-filter">
                <label class="nhsuk-label" for="sort">"Sort by"</label>
                <select class="nhsuk-select" id="sort" name="sort">
                    {sorts.into_iter().map(|(value, text)| view! { <option value=value selected=filter.sort == value>{text}</option> }).collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group linkway-filter">
                <label class="nhsuk-label" for="as_at">"As at (leave empty for today)"</label>
                <input class="nhsuk-input nhsuk-input--width-10" type="date" id="as_at" name="as_at" value=as_at_value
                    min=data.programme_start.to_string() max=data.today.to_string()/>
            </div>
            <div class="nhsuk-checkboxes__item linkway-filter">
                <input class="nhsuk-checkboxes__input" id="overdue" name="overdue" type="checkbox" value="yes" checked=filter.overdue == "yes"/>
                <label class="nhsuk-label nhsuk-checkboxes__label" for="overdue">"Only overdue"</label>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Apply"</button>
            " "
            <a href=with_query("/recommendations", &kept) class="linkway-action-link">"Clear filters"</a>
        </form>
        </div>
        </details>
    }
}

#[component]
fn Rows(rows: Vec<TrackerRow>, as_at: chrono::NaiveDate, icb: String) -> impl IntoView {
    view! {
        <ScrollRegion label="The recommendations".to_owned()>
            <table class="nhsuk-table" id="tracker" aria-labelledby="tracker-heading">
                <TableHead columns=&["No.", "Recommendation", "Owner", "Reported", "Derived", "Why derived differs", "Next milestone"] />
                <tbody class="nhsuk-table__body">
                    {rows.into_iter().map(|row| {
                        let number = row.recommendation.number;
                        let why = short_difference(row.reported, &row.derived);
                        let next = row.next_milestone.as_ref().map(|m| {
                            let late = m.days_overdue(as_at).map(|days| format!(" ({days} days overdue)")).unwrap_or_default();
                            format!("{}, due {}{late}", m.title, crate::format::date(m.due_on))
                        });
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{number}</td>
                                <td class="nhsuk-table__cell">
                                    <A href=with_query(&format!("/recommendations/{number}"), &icb)>{row.recommendation.recommendation.clone()}</A>
                                    <br/><span class="nhsuk-body-s">{format!("{} · {} priority · {}", row.recommendation.category, row.recommendation.priority, row.recommendation.timeline)}</span>
                                </td>
                                <td class="nhsuk-table__cell">{row.plan.owner_name.clone().unwrap_or_else(|| "No owner".into())}</td>
                                <td class="nhsuk-table__cell"><RagTag rag=row.reported/></td>
                                <td class="nhsuk-table__cell"><RagTag rag=Some(row.derived.rag)/></td>
                                <td class="nhsuk-table__cell linkway-rag-reason">{why.unwrap_or_default()}</td>
                                <td class="nhsuk-table__cell">{next.unwrap_or_else(|| "None planned".into())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}
