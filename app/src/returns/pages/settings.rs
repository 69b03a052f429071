//! `/returns/settings`: what the returns rely on — each borough's population by date (for
//! coverage), its deprivation measure (for the need-weighted target), the code list of referral reasons and need themes, and the small-number
//! suppression threshold. Administrators keep them all (the threshold and the targets are shared by every ICB).
//! Each form sends the versions it was loaded with, so a save over someone else's newer
//! one is refused with what they changed.

use super::show_wte;
use crate::components::Form;
use crate::components::{
    action_errors, described_by, render_or_error, ErrorSummary, FormField, Loading, TableHead,
};
use crate::components::{form_version, typed, typed_or};
use crate::error::AppError;
use crate::returns::model::{population_key, ReturnSettings, WorkforceRole, DEPRIVATION_MEASURE};
use crate::returns::{
    load_return_settings, AddNeedTheme, RecordDeprivation, RecordPopulation,
    SetSuppressionThreshold, SetWorkforceTarget,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use server_fn::ServerFn;
use std::collections::BTreeMap;

#[component]
pub fn ReturnSettingsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_return_settings());
    view! {
        <Title text="Returns settings"/>
        <A href="/returns" attr:class="nhsuk-back-link">"Quarterly returns"</A>
        <h1>"Populations, need themes and suppression"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |data| view! { <Settings data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Settings(data: ReturnSettings) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-l" id="populations-heading">"Populations"</h2>
        <p class="nhsuk-body">"Coverage uses the population in force at the end of each quarter. A borough with none recorded shows \u{201c}population not recorded\u{201d}, never zero."</p>
        <table class="nhsuk-table" id="populations" aria-labelledby="populations-heading">
            <TableHead columns=&["Borough", "From", "Population", "Source"] />
            <tbody class="nhsuk-table__body">
                {data.boroughs.iter().map(|(code, name)| {
                    let lines: Vec<_> = data.populations.iter().filter(|p| &p.borough_code == code).cloned().collect();
                    if lines.is_empty() {
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{name.clone()}</td>
                                <td class="nhsuk-table__cell" colspan="3">"Population not recorded"</td>
                            </tr>
                        }.into_any()
                    } else {
                        lines.into_iter().map(|line| view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{line.borough_name.clone()}</td>
                                <td class="nhsuk-table__cell">{crate::format::date(line.effective_from)}</td>
                                <td class="nhsuk-table__cell">{crate::format::count(line.population)}</td>
                                <td class="nhsuk-table__cell">{line.source.clone()}</td>
                            </tr>
                        }).collect_view().into_any()
                    }
                }).collect_view()}
            </tbody>
        </table>
        {data.can_edit_reference.then(|| {
            let versions = data.populations.iter().map(|line| (line.key(), line.version)).collect();
            view! { <PopulationForm boroughs=data.boroughs.clone() versions/> }
        })}
        <h2 class="nhsuk-heading-l" id="deprivation-heading">"Deprivation"</h2>
        <p class="nhsuk-body">{format!(
            "Each borough's {DEPRIVATION_MEASURE} (higher is more deprived). The workforce page weights the link worker target by it; a borough without one has no need-weighted target."
        )}</p>
        <table class="nhsuk-table" id="deprivation" aria-labelledby="deprivation-heading">
            <TableHead columns=&["Borough", "Year", "Source"] numeric=&["IMD average score"] />
            <tbody class="nhsuk-table__body">
                {data.boroughs.iter().map(|(code, name)| {
                    match data.deprivation.iter().find(|d| &d.borough_code == code) {
                        Some(line) => view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{name.clone()}</td>
                                <td class="nhsuk-table__cell">{line.year}</td>
                                <td class="nhsuk-table__cell">{line.source.clone()}</td>
                                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{crate::format::decimal(line.score, 1)}</td>
                            </tr>
                        }.into_any(),
                        None => view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{name.clone()}</td>
                                <td class="nhsuk-table__cell" colspan="3">"Not recorded"</td>
                            </tr>
                        }.into_any(),
                    }
                }).collect_view()}
            </tbody>
        </table>
        {data.can_edit_reference.then(|| {
            let versions = data.deprivation.iter().map(|line| (line.borough_code.clone(), line.version)).collect();
            view! { <DeprivationForm boroughs=data.boroughs.clone() versions/> }
        })}
        <h2 class="nhsuk-heading-l" id="targets-heading">"Coverage targets"</h2>
        <p class="nhsuk-body">"WTE per 10,000 population each role is measured against on the workforce page. A role without a target shows its coverage without a gap."</p>
        <table class="nhsuk-table" id="targets" aria-labelledby="targets-heading">
            <TableHead columns=&["Role", "WTE per 10,000", "Source"] />
            <tbody class="nhsuk-table__body">
                {WorkforceRole::ALL.into_iter().map(|role| {
                    let target = data.targets.iter().find(|t| t.role == role).cloned();
                    view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">{role.label()}</td>
                            <td class="nhsuk-table__cell">{target.as_ref().map(|t| show_wte(t.per_10k)).unwrap_or_else(|| "No target".into())}</td>
                            <td class="nhsuk-table__cell">{target.map(|t| t.source).unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {data.can_edit_reference.then(|| view! { <TargetForm versions=data.target_versions.clone()/> })}
        <h2 class="nhsuk-heading-l" id="themes-heading">"Referral reasons and need themes"</h2>
        <p class="nhsuk-body">"The code list the template's drop-downs offer and uploads are checked against, seeded with the themes the 2024 review names."</p>
        <ol class="nhsuk-list nhsuk-list--number" id="themes" aria-labelledby="themes-heading">
            {data.themes.iter().map(|theme| view! { <li>{theme.name.clone()}</li> }).collect_view()}
        </ol>
        {data.can_edit_reference.then(|| view! { <ThemeForm/> })}
        <h2 class="nhsuk-heading-l" id="threshold-heading">"Small-number suppression"</h2>
        <p class="nhsuk-body" id="threshold-text">{format!(
            "Unmet need counts from 1 to {} are shown as <{} to everyone outside the ICB team and in anything exported for publication.",
            data.threshold - 1, data.threshold
        )}</p>
        {data.can_edit_reference.then(|| view! { <ThresholdForm threshold=data.threshold version=data.threshold_version/> })}
    }
}

#[component]
fn PopulationForm(
    boroughs: Vec<(String, String)>,
    versions: BTreeMap<String, i64>,
) -> impl IntoView {
    let action = ServerAction::<RecordPopulation>::new();
    let errors = action_errors(action.value());
    let versions = row_versions(versions, action, |typed| {
        let from = NaiveDate::parse_from_str(typed("effective_from")?.trim(), "%Y-%m-%d").ok()?;
        Some(population_key(&typed("borough")?, from))
    });
    let typed = |name: &str| typed::<RecordPopulation>(name);
    let chosen = typed("borough");
    view! {
        <h3 class="nhsuk-heading-s" id="population-form-heading">"Record a population"</h3>
        <ErrorSummary errors/>
        <Form action saved="The population has been recorded" attr:aria-labelledby="population-form-heading">
            {versions}
            <BoroughSelect id="borough" boroughs chosen errors/>
            <FormField id="effective_from" label="Applies from" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="effective_from" name="effective_from" type="date" value=typed("effective_from") aria-describedby=described_by(errors, "effective_from")/>
            </FormField>
            <FormField id="population" label="GP registered population" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="population" name="population" type="text" inputmode="numeric" value=typed("population") aria-describedby=described_by(errors, "population")/>
            </FormField>
            <FormField id="source" label="Source" hint="For example, NHS Digital GP registered patients, April 2026" errors>
                <input class="nhsuk-input" id="source" name="source" type="text" value=typed("source") aria-describedby=described_by(errors, "source")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Record population"</button>
        </Form>
    }
}

/// The `borough` field of a settings form: every borough, the one typed chosen.
#[component]
fn BoroughSelect(
    id: &'static str,
    boroughs: Vec<(String, String)>,
    chosen: Option<String>,
    errors: Signal<crate::error::FieldErrors>,
) -> impl IntoView {
    view! {
        <FormField id=id label="Borough" errors>
            <select class="nhsuk-select" id=id name="borough" aria-describedby=described_by(errors, id)>
                {boroughs.into_iter().map(|(code, name)| {
                    let selected = chosen.as_deref() == Some(code.as_str());
                    view! { <option value=code selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </FormField>
    }
}

#[component]
fn DeprivationForm(
    boroughs: Vec<(String, String)>,
    versions: BTreeMap<String, i64>,
) -> impl IntoView {
    let action = ServerAction::<RecordDeprivation>::new();
    let errors = action_errors(action.value());
    let versions = row_versions(versions, action, |typed| {
        Some(typed("borough")?.trim().to_owned())
    });
    let typed = |name: &str| typed::<RecordDeprivation>(name);
    let chosen = typed("borough");
    view! {
        <h3 class="nhsuk-heading-s" id="deprivation-form-heading">"Record a deprivation score"</h3>
        <ErrorSummary errors/>
        <Form action saved="The deprivation score has been recorded" attr:aria-labelledby="deprivation-form-heading">
            {versions}
            <BoroughSelect id="deprivation_borough" boroughs chosen errors/>
            <FormField id="score" label="IMD average score" hint="Higher is more deprived, like 21.8" errors>
                <input class="nhsuk-input nhsuk-input--width-4" id="score" name="score" type="text" inputmode="decimal" value=typed("score") aria-describedby=described_by(errors, "score")/>
            </FormField>
            <FormField id="year" label="Year of the indices" hint="For example, 2019" errors>
                <input class="nhsuk-input nhsuk-input--width-4" id="year" name="year" type="text" inputmode="numeric" value=typed("year") aria-describedby=described_by(errors, "year")/>
            </FormField>
            <FormField id="deprivation_source" label="Source" hint="For example, English Indices of Deprivation 2019, local authority summaries" errors>
                <input class="nhsuk-input" id="deprivation_source" name="source" type="text" value=typed("source") aria-describedby=described_by(errors, "deprivation_source")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Record score"</button>
        </Form>
    }
}

#[component]
fn TargetForm(versions: BTreeMap<String, i64>) -> impl IntoView {
    let action = ServerAction::<SetWorkforceTarget>::new();
    let errors = action_errors(action.value());
    let versions = row_versions(versions, action, |typed| {
        Some(typed("role")?.trim().to_owned())
    });
    let typed = |name: &str| typed::<SetWorkforceTarget>(name);
    let chosen = typed("role");
    view! {
        <h3 class="nhsuk-heading-s" id="target-form-heading">"Set a target"</h3>
        <ErrorSummary errors/>
        <Form action saved="The target has been saved" attr:aria-labelledby="target-form-heading">
            {versions}
            <FormField id="role" label="Role" errors>
                <select class="nhsuk-select" id="role" name="role" aria-describedby=described_by(errors, "role")>
                    {WorkforceRole::ALL.into_iter().map(|role| {
                        let selected = chosen.as_deref() == Some(role.code());
                        view! { <option value=role.code() selected=selected>{role.label()}</option> }
                    }).collect_view()}
                </select>
            </FormField>
            <FormField id="per_10k" label="WTE per 10,000 population" hint="Leave empty to remove the role's target" errors>
                <input class="nhsuk-input nhsuk-input--width-4" id="per_10k" name="per_10k" type="text" inputmode="decimal" value=typed("per_10k") aria-describedby=described_by(errors, "per_10k")/>
            </FormField>
            <FormField id="target_source" label="Source" hint="For example, NCL personalised care workforce plan 2026" errors>
                <input class="nhsuk-input" id="target_source" name="source" type="text" value=typed("source") aria-describedby=described_by(errors, "target_source")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Save target"</button>
        </Form>
    }
}

#[component]
fn ThemeForm() -> impl IntoView {
    let action = ServerAction::<AddNeedTheme>::new();
    let errors = action_errors(action.value());
    view! {
        <h3 class="nhsuk-heading-s" id="theme-form-heading">"Add a theme"</h3>
        <ErrorSummary errors/>
        <Form action saved="The theme has been added" attr:aria-labelledby="theme-form-heading">
            <FormField id="name" label="Theme" hint="New templates offer it; returns already stored keep their codes" errors>
                <input class="nhsuk-input" id="name" name="name" type="text" value={typed::<AddNeedTheme>("name")} aria-describedby=described_by(errors, "name")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Add theme"</button>
        </Form>
    }
}

#[component]
fn ThresholdForm(threshold: i64, version: i64) -> impl IntoView {
    let action = ServerAction::<SetSuppressionThreshold>::new();
    let errors = action_errors(action.value());
    let version = form_version(version, action.value());
    let threshold = typed_or::<SetSuppressionThreshold>("threshold", threshold.to_string());
    view! {
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="threshold-heading">
            <input type="hidden" name="version" value=version/>
            <FormField id="threshold" label="Suppress counts below" hint="Counts from 1 up to one less than this are suppressed; 5 is the usual choice" errors>
                <input class="nhsuk-input nhsuk-input--width-4" id="threshold" name="threshold" type="text" inputmode="numeric" value=threshold aria-describedby=described_by(errors, "threshold")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Save threshold"</button>
        </Form>
    }
}

/// What the refused form held, field by field.
type Typed = dyn Fn(&str) -> Option<String>;

/// The hidden `versions[key]` fields of a form that saves one of several rows (which one is
/// chosen in the form): the versions loaded, and — after "someone else saved first" — the
/// version now stored for the row refused, so saving again is a deliberate overwrite (the
/// tracker's `form_version`, row by row). `key` names the row from the refused form's
/// fields.
fn row_versions<S>(
    loaded: BTreeMap<String, i64>,
    action: ServerAction<S>,
    key: fn(&Typed) -> Option<String>,
) -> impl IntoView
where
    S: ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let mut versions = loaded;
    let now = action.value().with_untracked(|value| match value {
        Some(Err(AppError::Conflict {
            version: Some(now), ..
        })) => Some(*now),
        _ => None,
    });
    if let (Some(now), Some(row)) = (now, key(&|name| typed::<S>(name))) {
        versions.insert(row, now);
    }
    versions
        .into_iter()
        .map(|(row, version)| view! { <input type="hidden" name=format!("versions[{row}]") value=version/> })
        .collect_view()
}
