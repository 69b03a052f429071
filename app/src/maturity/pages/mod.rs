//! Maturity pages, and the small pieces they share: the level cell (colour and number) and
//! the round status tag.

mod borough;
mod domain;
mod framework;
mod moderation;
mod overview;
mod round;

pub use borough::BoroughMaturityPage;
pub use domain::DomainPage;
pub use framework::FrameworkPage;
pub use moderation::{ModerationDomainPage, ModerationPage};
pub use overview::MaturityPage;
pub use round::RoundPage;

use super::model::{Round, RoundStatus};
use crate::components::TableHead;
use crate::error::FieldErrors;
use crate::error::FORM;
use leptos::prelude::*;
use leptos_router::components::A;

/// A level as the heatmap shows it: the number first (colour is never the only signal),
/// on a fill that darkens with the level.
#[component]
pub fn LevelCell(level: Option<(i64, String)>) -> impl IntoView {
    match level {
        Some((level, name)) => {
            let class = format!(
                "nhsuk-table__cell linkway-level linkway-level--{}",
                level.clamp(1, 4)
            );
            view! {
                <td class=class>
                    <strong class="linkway-level__number">{level}</strong>
                    <span class="linkway-level__name">{name.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ').to_owned()}</span>
                </td>
            }
            .into_any()
        }
        None => view! { <td class="nhsuk-table__cell">"Not assessed"</td> }.into_any(),
    }
}

#[component]
pub fn RoundStatusTag(status: RoundStatus) -> impl IntoView {
    let class = match status {
        RoundStatus::Draft => "nhsuk-tag nhsuk-tag--grey",
        RoundStatus::Scoring => "nhsuk-tag nhsuk-tag--blue",
        RoundStatus::Moderation => "nhsuk-tag nhsuk-tag--yellow",
        RoundStatus::Agreed => "nhsuk-tag nhsuk-tag--aqua-green",
        RoundStatus::Published => "nhsuk-tag nhsuk-tag--green",
    };
    view! { <strong class=class>{status.label()}</strong> }
}

/// What a round address that names no round is called in "not found".
pub const ROUND: &str = "That assessment round";

/// The label every illustrative (demo) round carries wherever it is shown.
pub const ILLUSTRATIVE: &str = "Illustrative — not from the review";

/// A table of rounds: borough, title (linked), date, status.
#[component]
pub fn RoundTable(rounds: Vec<Round>, #[prop(into)] caption: String) -> impl IntoView {
    view! {
        <table class="nhsuk-table">
            <caption class="nhsuk-table__caption">{caption}</caption>
            <TableHead columns=&["Borough", "Round", "Held on", "Status"] />
            <tbody class="nhsuk-table__body">
                {rounds.into_iter().map(|round| view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{round.borough_name.clone()}</td>
                        <td class="nhsuk-table__cell">
                            <A href=format!("/maturity/rounds/{}", round.id)>{round.title.clone()}</A>
                            {round.illustrative.then(|| view! { <br/><span class="nhsuk-body-s">{ILLUSTRATIVE}</span> })}
                        </td>
                        <td class="nhsuk-table__cell">{crate::format::date(round.held_on)}</td>
                        <td class="nhsuk-table__cell"><RoundStatusTag status=round.status/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A form's field errors with each field name suffixed (`level` → `level_3`), so several
/// forms of the same shape on one page keep unique ids.
pub fn suffixed(errors: Signal<FieldErrors>, suffix: i64) -> Signal<FieldErrors> {
    Signal::derive(move || {
        errors
            .get()
            .into_iter()
            .map(|(field, messages)| match field.as_str() {
                FORM => (field, messages),
                _ => (format!("{field}_{suffix}"), messages),
            })
            .collect()
    })
}
