//! What the returns pages show, computed from the stored returns, one module per page:
//! each period's dashboard (received, late, missing), a borough's versions and attempts,
//! workforce coverage against population and target, unmet need rollups with small counts
//! suppressed, and the settings.

mod borough;
mod coverage;
mod dashboard;
#[cfg(test)]
mod fixtures;
mod settings;
mod unmet_need;

pub use borough::{attempt, borough_return, submission};
pub use coverage::{coverage, coverage_view, population_on};
pub use dashboard::{by_icb, dashboard, overview, period_dashboard, period_page};
pub use settings::settings;
pub use unmet_need::{unmet_rollup, unmet_view};
