//! `/workforce`: workforce coverage from the signed-off returns — SPLW WTE per 10,000
//! population against its target (1.0 unless an administrator changes it) for each borough and
//! the ICB (a bar chart like the review's figure 4, drawn on the server as SVG), every
//! role's figures, the SPLW target weighted by each borough's deprivation, and the trend
//! across quarters. The area chooser moves between London (each ICB against the region),
//! an ICB (its boroughs) and a borough (beside its ICB), kept in the address.

use super::{show_rate, show_wte};
use crate::boroughs::{AreaChooser, AreaLevel};
use crate::components::{render_or_error, Loading, ScrollRegion};
use crate::returns::load_coverage;
use crate::returns::model::{
    need_weighted, need_weighted_method, target_for, Coverage, CoverageLine, CoverageQuarter,
    DeprivationLine, WorkforceRole, DEPRIVATION_MEASURE,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn WorkforcePage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.read().get("area").unwrap_or_default(),
        load_coverage,
    );
    view! {
        <Title text="Workforce coverage"/>
        <h1>"Workforce coverage"</h1>
        <p class="nhsuk-lede-text">
            "Link worker WTE per 10,000 GP registered population, against the Universal Personalised Care model's 1 WTE per 10,000, from each borough's signed-off quarterly return."
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <CoverageView data/> })
            })}
        </Suspense>
    }
}

#[component]
fn CoverageView(data: Coverage) -> impl IntoView {
    let chooser = view! { <AreaChooser choice=data.area.clone() page="/workforce"/> };
    let area_name = data.area.name.clone();
    let Some(latest) = data.quarters.last().cloned() else {
        return view! {
            {chooser}
            <h2 class="nhsuk-heading-m" id="area-heading">{area_name}</h2>
            <p class="nhsuk-body">"No signed-off returns yet for this area. Coverage appears here once a borough lead signs off a quarterly return."</p>
        }
        .into_any();
    };
    let download = format!(
        "/workforce/coverage.xlsx?area={}",
        crate::format::query_value(&data.area.chosen)
    );
    view! {
        {chooser}
        <h2 class="nhsuk-heading-m" id="area-heading">{area_name}</h2>
        <p class="nhsuk-body">
            <a class="nhsuk-link" href=download download>"Download coverage for every quarter (.xlsx)"</a>
            " · "
            <A href="/returns">"Quarterly returns"</A>
        </p>
        <CoverageChart quarter=latest.clone() target=target_for(&data.targets, WorkforceRole::Splw)/>
        <RoleTable quarter=latest.clone()/>
        // Deprivation weighs boroughs against each other: shown for an ICB or a borough.
        {(data.area.level() != Some(AreaLevel::Region)).then(|| view! {
            <NeedWeightedTable quarter=latest.clone() deprivation=data.deprivation.clone() target=target_for(&data.targets, WorkforceRole::Splw)/>
        })}
        <Trend data=data.clone()/>
    }
    .into_any()
}

const CHART_WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 170.0;
const BAR_HEIGHT: f64 = 28.0;
const GAP: f64 = 12.0;

/// Horizontal bars of SPLW WTE per 10,000, with the target drawn as a line; a borough with
/// no population recorded gets words, never a zero bar.
#[component]
fn CoverageChart(quarter: CoverageQuarter, target: Option<f64>) -> impl IntoView {
    let lines: Vec<CoverageLine> = quarter.areas().cloned().collect();
    let rate = |line: &CoverageLine| line.role(WorkforceRole::Splw).and_then(|r| r.per_10k);
    let top = lines
        .iter()
        .filter_map(rate)
        .chain(target)
        .fold(1.2_f64, f64::max)
        .ceil();
    let plot = CHART_WIDTH - LABEL_WIDTH - 20.0;
    let x = move |value: f64| LABEL_WIDTH + value / top * plot;
    let height = (BAR_HEIGHT + GAP) * lines.len() as f64 + 40.0;
    let against = target
        .map(|t| format!(", against the target of {}", show_wte(t)))
        .unwrap_or_default();
    let description = lines
        .iter()
        .map(|line| {
            format!(
                "{}: {}",
                line.name,
                match (
                    line.submission_id.is_some() || line.borough_code.is_none(),
                    rate(line)
                ) {
                    (false, _) => "no signed-off return".to_owned(),
                    (true, Some(value)) => crate::format::decimal(value, 2),
                    (true, None) => "population not recorded".to_owned(),
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let code = quarter.period.code();
    view! {
        <h2 class="nhsuk-heading-l" id="coverage-heading">{format!("SPLW coverage, {code}")}</h2>
        <figure class="linkway-figure">
            <ScrollRegion label="SPLW coverage chart".to_owned()>
                <svg class="linkway-chart" id="coverage-chart" role="img" aria-labelledby="coverage-title coverage-desc"
                    viewBox=format!("0 0 {CHART_WIDTH} {height}") width=CHART_WIDTH height=height>
                    <title id="coverage-title">{format!("SPLW WTE per 10,000 population by area, {code}{against}")}</title>
                    <desc id="coverage-desc">{description}</desc>
                    {lines.iter().enumerate().map(|(index, line)| {
                        let y = index as f64 * (BAR_HEIGHT + GAP) + 10.0;
                        let text_y = y + BAR_HEIGHT / 2.0 + 5.0;
                        let label = line.name.clone();
                        let class = if line.borough_code.is_none() { "linkway-bar linkway-bar--total" } else { "linkway-bar" };
                        let bar = match (line.submission_id.is_some() || line.borough_code.is_none(), rate(line)) {
                            (true, Some(value)) => view! {
                                <rect class=class x=LABEL_WIDTH y=y width=(x(value) - LABEL_WIDTH).max(1.0) height=BAR_HEIGHT/>
                                <text class="linkway-chart__value" x=x(value) + 6.0 y=text_y>{crate::format::decimal(value, 2)}</text>
                            }.into_any(),
                            (true, None) => view! {
                                <text class="linkway-chart__note" x=LABEL_WIDTH + 6.0 y=text_y>"Population not recorded"</text>
                            }.into_any(),
                            (false, _) => view! {
                                <text class="linkway-chart__note" x=LABEL_WIDTH + 6.0 y=text_y>"No signed-off return"</text>
                            }.into_any(),
                        };
                        view! {
                            <text class="linkway-chart__label" x=LABEL_WIDTH - 8.0 y=text_y text-anchor="end">{label}</text>
                            {bar}
                        }
                    }).collect_view()}
                    {target.map(|t| view! {
                        <line class="linkway-chart__target" x1=x(t) x2=x(t) y1="4" y2=height - 24.0/>
                        <text class="linkway-chart__label" x=x(t) y=height - 8.0 text-anchor="middle">{format!("Target {}", show_wte(t))}</text>
                    })}
                </svg>
            </ScrollRegion>
            <figcaption class="nhsuk-body-s">{format!("Bars: SPLW WTE per 10,000 GP registered population{}.", target.map(|t| format!("; the line marks the target of {} WTE per 10,000", show_wte(t))).unwrap_or_default())}</figcaption>
        </figure>
        {quarter.icb.note.clone().map(|note| view! { <p class="nhsuk-body">{note}</p> })}
        {quarter.notes.iter().map(|note| view! {
            <div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">"Information: "</span><p>{note.clone()}</p></div>
        }).collect_view()}
    }
}

/// Every role: WTE, per 10,000 and, where the role has a target, the WTE still needed.
#[component]
fn RoleTable(quarter: CoverageQuarter) -> impl IntoView {
    let lines: Vec<CoverageLine> = quarter.areas().cloned().collect();
    let roles: Vec<WorkforceRole> = [
        WorkforceRole::Splw,
        WorkforceRole::Hwbc,
        WorkforceRole::CareCoordinator,
        WorkforceRole::Other,
    ]
    .to_vec();
    view! {
        <h2 class="nhsuk-heading-m" id="roles-heading">{format!("Every role, {}", quarter.period.code())}</h2>
        <ScrollRegion label="Coverage by role".to_owned()>
            <table class="nhsuk-table" id="coverage" aria-labelledby="roles-heading">
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header">"Area"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"Population"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"SPLW WTE"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"SPLW per 10,000"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"SPLW gap to target"</th>
                        {roles.iter().skip(1).map(|role| view! {
                            <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">{format!("{} WTE (per 10,000; gap)", role.short())}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {lines.into_iter().map(|line| {
                        let population = line.population.map(crate::format::count).unwrap_or_else(|| "Not recorded".into());
                        let reported = line.submission_id.is_some() || line.borough_code.is_none();
                        let splw = line.role(WorkforceRole::Splw).cloned();
                        let others: Vec<String> = roles.iter().skip(1).map(|role| match line.role(*role) {
                            Some(r) if reported => {
                                let rate = r.per_10k.map(|rate| format!(" ({})", crate::format::decimal(rate, 2))).unwrap_or_default();
                                let gap = r.gap_wte.map(|gap| format!("; {}", show_gap(gap))).unwrap_or_default();
                                format!("{}{rate}{gap}", show_wte(r.wte))
                            }
                            _ => "No return".into(),
                        }).collect();
                        let row_id = format!("coverage-{}", line.borough_code.clone().unwrap_or_else(|| "icb".into()));
                        view! {
                            <tr class="nhsuk-table__row" id=row_id>
                                <th scope="row" class="nhsuk-table__header">{line.name.clone()}</th>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{population}</td>
                                {match splw.filter(|_| reported) {
                                    Some(splw) => view! {
                                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{show_wte(splw.wte)}</td>
                                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{show_rate(splw.per_10k)}</td>
                                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{match (splw.gap_wte, splw.target_per_10k) {
                                            (Some(gap), _) => show_gap(gap),
                                            (None, None) => "No target".into(),
                                            (None, Some(_)) => "Population not recorded".into(),
                                        }}</td>
                                    }.into_any(),
                                    None => view! {
                                        <td class="nhsuk-table__cell" colspan="3">"No signed-off return"</td>
                                    }.into_any(),
                                }}
                                {others.into_iter().map(|text| view! { <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{text}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}

/// SPLW coverage against a target weighted by each borough's deprivation, beside the flat
/// target, with the method stated.
#[component]
fn NeedWeightedTable(
    quarter: CoverageQuarter,
    deprivation: Vec<DeprivationLine>,
    target: Option<f64>,
) -> impl IntoView {
    let heading =
        view! { <h2 class="nhsuk-heading-m" id="need-heading">"SPLW target weighted by need"</h2> };
    let Some(flat) = target else {
        return view! {
            {heading}
            <p class="nhsuk-body" id="need-weighted">"There is no SPLW target to weight: set one on the returns settings page."</p>
        }
        .into_any();
    };
    if deprivation.is_empty() {
        return view! {
            {heading}
            <p class="nhsuk-body" id="need-weighted">{format!("No borough has its {DEPRIVATION_MEASURE} recorded yet. Administrators record it on the returns settings page; the target is then weighted by need here.")}</p>
        }
        .into_any();
    }
    let lines = need_weighted(&quarter, &deprivation, flat);
    view! {
        {heading}
        <p class="nhsuk-body" id="need-method">{need_weighted_method(flat, &deprivation)}</p>
        <ScrollRegion label="SPLW coverage against the need-weighted target".to_owned()>
            <table class="nhsuk-table" id="need-weighted" aria-labelledby="need-heading">
                <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{format!("SPLW coverage against the need-weighted target, {}", quarter.period.code())}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header">"Borough"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"IMD average score"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"Weight"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"Flat target per 10,000"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"Need-weighted target per 10,000"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"SPLW per 10,000"</th>
                        <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">"Gap to need-weighted target"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {lines.into_iter().map(|line| {
                        let missing = match (line.score, line.weight) {
                            (None, _) => Some("Deprivation not recorded"),
                            (Some(_), None) => Some("Population not recorded"),
                            _ => None,
                        };
                        view! {
                            <tr class="nhsuk-table__row">
                                <th scope="row" class="nhsuk-table__header">{line.name.clone()}</th>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.score.map(|s| crate::format::decimal(s, 1)).unwrap_or_else(|| "Not recorded".into())}</td>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.weight.map(|w| crate::format::decimal(w, 2)).unwrap_or_else(|| "Not recorded".into())}</td>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{show_wte(flat)}</td>
                                {match missing {
                                    Some(why) => view! { <td class="nhsuk-table__cell" colspan="3">{why}</td> }.into_any(),
                                    None => view! {
                                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.target.map(|t| crate::format::decimal(t, 2)).unwrap_or_default()}</td>
                                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.per_10k.map(|r| crate::format::decimal(r, 2)).unwrap_or_else(|| "No signed-off return".into())}</td>
                                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.gap_wte.map(show_gap).unwrap_or_else(|| "No signed-off return".into())}</td>
                                    }.into_any(),
                                }}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
    .into_any()
}

/// WTE still needed to reach a target (or how far above it an area is).
fn show_gap(gap: f64) -> String {
    let shown = show_wte(gap.abs());
    if shown == "0" {
        "on target".to_owned()
    } else if gap > 0.0 {
        format!("{shown} short")
    } else {
        format!("{shown} above")
    }
}

/// SPLW per 10,000 for each area across the quarters with returns.
#[component]
fn Trend(data: Coverage) -> impl IntoView {
    let areas: Vec<(Option<String>, String)> = data
        .quarters
        .last()
        .map(|q| {
            q.areas()
                .map(|line| (line.borough_code.clone(), line.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let quarters = data.quarters.clone();
    view! {
        <h2 class="nhsuk-heading-m" id="trend-heading">"SPLW per 10,000 across quarters"</h2>
        <ScrollRegion label="Coverage by quarter".to_owned()>
            <table class="nhsuk-table" id="trend" aria-labelledby="trend-heading">
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header">"Area"</th>
                        {quarters.iter().map(|q| view! { <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">{q.period.code()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {areas.into_iter().map(|(code, name)| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{name}</th>
                            {quarters.iter().map(|q| {
                                let line = match &code {
                                    Some(code) => q.boroughs.iter().find(|l| l.borough_code.as_ref() == Some(code)),
                                    None => Some(&q.icb),
                                };
                                let text = match line {
                                    Some(line) if line.submission_id.is_some() || line.borough_code.is_none() => {
                                        show_rate(line.role(WorkforceRole::Splw).and_then(|r| r.per_10k))
                                    }
                                    _ => "No return".to_owned(),
                                };
                                view! { <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{text}</td> }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}
