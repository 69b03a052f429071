//! Returns pages, and the small pieces they share: the return state tag, number formats and
//! ids read from the address.

mod attempt;
mod borough;
mod overview;
mod period;
mod settings;
mod submission;
mod unmet_need;
mod workforce;

pub use attempt::AttemptPage;
pub use borough::BoroughReturnPage;
pub use overview::ReturnsPage;
pub use period::PeriodPage;
pub use settings::ReturnSettingsPage;
pub use submission::SubmissionPage;
pub use unmet_need::UnmetNeedPage;
pub use workforce::WorkforcePage;

use super::model::{PeriodWindow, ReturnState};
use leptos::prelude::*;

#[component]
pub fn StateTag(state: ReturnState) -> impl IntoView {
    let class = match state {
        ReturnState::Missing => "nhsuk-tag nhsuk-tag--grey",
        ReturnState::AwaitingSignOff => "nhsuk-tag nhsuk-tag--yellow",
        ReturnState::SignedOff => "nhsuk-tag nhsuk-tag--green",
    };
    view! { <strong class=class>{state.label()}</strong> }
}

#[component]
pub fn WindowTag(window: PeriodWindow) -> impl IntoView {
    let class = match window {
        PeriodWindow::NotOpen => "nhsuk-tag nhsuk-tag--grey",
        PeriodWindow::Open => "nhsuk-tag nhsuk-tag--blue",
        PeriodWindow::Overdue => "nhsuk-tag nhsuk-tag--orange",
        PeriodWindow::Closed => "nhsuk-tag nhsuk-tag--white",
    };
    view! { <strong class=class>{window.label()}</strong> }
}

/// WTE with at most two decimals: `15.5`, `31.45`, `25`.
pub fn show_wte(value: f64) -> String {
    crate::format::short_decimal(value, 2)
}

/// A per 10,000 figure, to two decimals.
pub fn show_rate(value: Option<f64>) -> String {
    value.map_or_else(
        || "Population not recorded".to_owned(),
        |v| crate::format::decimal(v, 2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wte_drops_trailing_zeros_and_unknown_rates_say_so() {
        assert_eq!(show_wte(25.0), "25");
        assert_eq!(show_wte(31.45), "31.45");
        assert_eq!(show_wte(15.5), "15.5");
        assert_eq!(show_rate(None), "Population not recorded");
        assert_eq!(show_rate(Some(0.578)), "0.58");
    }
}
