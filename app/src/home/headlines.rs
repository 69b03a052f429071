//! Home's headline figures for the signed-in person's scope: for ICB-wide roles, the
//! derived RAG of the recommendations today and its trend by quarter; for a borough's own
//! people, their borough's current return, its SPLW coverage and its latest published
//! maturity. Each figure comes from the capability that holds it.

#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use crate::recommendations::pages::{RagTotals, TrendChart};
use crate::recommendations::TrendPoint;
use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Headlines {
    /// The derived RAG counts today.
    pub rag: Option<TrendPoint>,
    /// The counts at each quarter's end (ICB-wide roles).
    pub trend: Vec<TrendPoint>,
    /// The person's own borough, for a borough's people.
    pub borough: Option<BoroughHeadlines>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoroughHeadlines {
    pub code: String,
    pub name: String,
    /// The newest period's return: its period, where it stands, and its page.
    pub current_return: Option<(String, String, String)>,
    /// SPLW WTE per 10,000 in the latest quarter with a signed-off return: the quarter,
    /// and the figure (`None`: no population recorded).
    pub coverage: Option<(String, Option<f64>)>,
    /// The latest published round's title, and each domain's agreed level ("3 Established").
    pub maturity: Option<(String, Vec<(String, String)>)>,
}

#[server]
pub async fn load_headlines() -> Result<Headlines, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let today = chrono::Utc::now().date_naive();
    let icb = crate::boroughs::service::icb_in_view(&mut db.conn().await?, &user, "").await?;
    let overview = crate::recommendations::views::overview(&db, &user, &icb, today).await?;
    let rag = overview.trend.last().cloned();
    // Anyone who reads the whole ICB's data sees the programme; a borough's own people,
    // their borough.
    let borough = (!user.can(Permission::ViewData, &Scope::Icb(icb.clone())))
        .then(|| user.own_borough().map(str::to_owned))
        .flatten();
    let Some(code) = borough else {
        return Ok(Headlines {
            rag,
            trend: overview.trend,
            borough: None,
        });
    };
    let returns = crate::returns::views::overview(&db, &user, Some(&icb), today).await?;
    let mut name = code.clone();
    let current_return = returns
        .periods
        .iter()
        .find(|d| !d.period.baseline && d.window != crate::returns::PeriodWindow::NotOpen)
        .and_then(|dashboard| {
            let row = dashboard.boroughs.iter().find(|b| b.borough_code == code)?;
            name = row.borough_name.clone();
            Some((
                dashboard.period.code(),
                row.state.label().to_owned(),
                format!("/returns/periods/{}/boroughs/{code}", dashboard.period.id),
            ))
        });
    // The latest quarter the borough has a signed-off return for.
    let coverage = crate::returns::views::coverage_view(&db, &user, &icb)
        .await?
        .quarters
        .iter()
        .rev()
        .find_map(|quarter| {
            let line = quarter.boroughs.iter().find(|l| {
                l.borough_code.as_deref() == Some(code.as_str()) && l.submission_id.is_some()
            })?;
            let rate = line
                .role(crate::returns::WorkforceRole::Splw)
                .and_then(|splw| splw.per_10k);
            Some((quarter.period.code(), rate))
        });
    let heatmap = crate::maturity::views::load_heatmap(
        &mut db.conn().await?,
        &user,
        &crate::auth::Scope::Borough(code.clone()),
    )
    .await?;
    let maturity = heatmap
        .rows
        .iter()
        .find(|row| row.borough_code == code)
        .and_then(|row| {
            let round = row.round.as_ref()?;
            let levels = heatmap
                .domains
                .iter()
                .zip(&row.cells)
                .map(|(domain, cell)| {
                    let level = cell.as_ref().map_or_else(
                        || "Not assessed".to_owned(),
                        |(level, name)| {
                            let name =
                                name.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
                            format!("{level} {name}")
                        },
                    );
                    (domain.name.clone(), level)
                })
                .collect();
            Some((round.title.clone(), levels))
        });
    Ok(Headlines {
        rag,
        trend: Vec::new(),
        borough: Some(BoroughHeadlines {
            code,
            name,
            current_return,
            coverage,
            maturity,
        }),
    })
}

/// The derived RAG counts today, each linking to the tracker filtered to it.
fn rag_line(today: TrendPoint) -> AnyView {
    view! {
        <p class="nhsuk-body" id="headline-rag">
            "Derived RAG of the recommendations today: "
            <RagTotals red=today.red amber=today.amber green=today.green/>
        </p>
    }
    .into_any()
}

/// The headline figures, after the person's tasks.
#[component]
pub fn HeadlineFigures(data: Headlines) -> impl IntoView {
    match data.borough {
        None => view! {
            <h2 class="nhsuk-heading-l" id="headlines">"The programme today"</h2>
            {data.rag.map(rag_line)}
            {(!data.trend.is_empty()).then(|| view! { <TrendChart points=data.trend.clone()/> })}
            <p class="nhsuk-body"><A href="/recommendations/overview">"ICB overview: overdue, due soon and the RAG trend"</A></p>
        }
        .into_any(),
        Some(borough) => view! { <BoroughFigures borough rag=data.rag/> }.into_any(),
    }
}

#[component]
fn BoroughFigures(borough: BoroughHeadlines, rag: Option<TrendPoint>) -> impl IntoView {
    let row = |key: &'static str, value: AnyView| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    };
    let current_return = match borough.current_return {
        Some((period, state, href)) => {
            view! { <A href=href>{format!("{period}: {state}")}</A> }.into_any()
        }
        None => view! { "No return period yet" }.into_any(),
    };
    let coverage = match borough.coverage {
        Some((quarter, Some(rate))) => view! {
            <A href="/workforce">{format!("{} WTE per 10,000 ({quarter})", crate::format::decimal(rate, 2))}</A>
        }
        .into_any(),
        Some((quarter, None)) => view! { <A href="/workforce">{format!("No figure for {quarter}: no population recorded")}</A> }.into_any(),
        None => view! { "No signed-off returns yet" }.into_any(),
    };
    let maturity = match borough.maturity {
        Some((title, levels)) => {
            let levels = levels
                .into_iter()
                .map(|(domain, level)| format!("{domain}: {level}"))
                .collect::<Vec<_>>()
                .join("; ");
            view! { <A href=format!("/maturity/boroughs/{}", borough.code)>{format!("{title} — {levels}")}</A> }.into_any()
        }
        None => view! { "No published round yet" }.into_any(),
    };
    view! {
        <h2 class="nhsuk-heading-l" id="headlines">{format!("{} at a glance", borough.name)}</h2>
        <dl class="nhsuk-summary-list" id="borough-headlines">
            {row("Current return", current_return)}
            {row("SPLW coverage", coverage)}
            {row("Latest maturity", maturity)}
        </dl>
        {rag.map(rag_line)}
    }
}
