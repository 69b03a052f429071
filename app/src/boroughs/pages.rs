//! `/admin/areas`: London's ICBs, their boroughs with ONS codes and populations, and the
//! PCNs recorded for each; administrators add PCNs here, one at a time or from a
//! spreadsheet.

use super::{load_pcn_import, load_region, AddPcn, AreaBorough, Pcn, PcnImport, Region};
use crate::components::{
    action_errors, described_by, render_or_error, typed, ErrorSummary, FileProblems, Form,
    FormField, Loading, ScrollRegion, TableHead,
};
use crate::error::FieldErrors;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn AreasPage() -> impl IntoView {
    let add = ServerAction::<AddPcn>::new();
    let errors = action_errors(add.value());
    let region = Resource::new(|| (), |_| load_region());
    let query = leptos_router::hooks::use_query_map();
    let import = Resource::new(
        move || {
            query
                .read()
                .get("import")
                .and_then(|id| id.parse::<i64>().ok())
        },
        |id| async move {
            match id {
                Some(id) => load_pcn_import(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let missing_file = query.read_untracked().get("missing_file").is_some();
    view! {
        <Title text="London: ICBs, boroughs and PCNs"/>
        <A href="/admin" attr:class="nhsuk-back-link">"Administration"</A>
        <h1>"London: ICBs, boroughs and PCNs"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let import = import.await;
                render_or_error(region.await, move |region| {
                    let can_edit = region.can_edit;
                    view! {
                        <RegionView region add errors/>
                        {can_edit.then(|| view! { <ImportForm import missing_file/> })}
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn RegionView(
    region: Region,
    add: ServerAction<AddPcn>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let Region {
        name,
        can_edit,
        icbs,
        boroughs,
        pcns,
    } = region;
    let choices = boroughs.clone();
    let (code, name_typed, chosen) = (
        typed::<AddPcn>("code"),
        typed::<AddPcn>("name"),
        typed::<AddPcn>("borough"),
    );
    view! {
        <p class="nhsuk-body">
            {format!("{name} has {} ICBs and {} boroughs. Linkway holds the programme of the ICBs marked so; the others are reference data.", icbs.len(), boroughs.len())}
        </p>
        {icbs.into_iter().map(|icb| {
            let own: Vec<AreaBorough> = boroughs.iter().filter(|b| b.icb_code == icb.code).cloned().collect();
            let heading_id = format!("icb-{}", icb.code.to_lowercase());
            let ods = icb.ods_code.clone().unwrap_or_else(|| "not recorded".into());
            let pcns = pcns.clone();
            view! {
                <h2 class="nhsuk-heading-m" id=heading_id>{icb.name.clone()}</h2>
                <p class="nhsuk-body">
                    {format!("ODS code {ods}. ")}
                    {if icb.programme { "Its programme is in Linkway." } else { "Reference data only." }}
                </p>
                <ScrollRegion label=format!("{} boroughs", icb.name)>
                    <table class="nhsuk-table">
                        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{format!("Boroughs of {}", icb.name)}</caption>
                        <TableHead columns=&["Borough", "ONS code", "GP registered population", "PCNs"] />
                        <tbody class="nhsuk-table__body">
                            {own.into_iter().map(|borough| {
                                let theirs: Vec<&Pcn> = pcns.iter().filter(|p| p.borough_code == borough.code).collect();
                                let listed = if theirs.is_empty() {
                                    "None recorded".to_owned()
                                } else {
                                    theirs.iter().map(|p| format!("{} ({})", p.name, p.code)).collect::<Vec<_>>().join("; ")
                                };
                                view! {
                                    <tr class="nhsuk-table__row">
                                        <td class="nhsuk-table__cell">{borough.name.clone()}</td>
                                        <td class="nhsuk-table__cell">{borough.ons_code.clone().unwrap_or_else(|| "Not recorded".into())}</td>
                                        <td class="nhsuk-table__cell">{borough.gp_registered_population.map(crate::format::count).unwrap_or_else(|| "Not recorded".into())}</td>
                                        <td class="nhsuk-table__cell">{listed}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }
        }).collect_view()}
        // Administrators keep the PCNs; everyone else reads them.
        {can_edit.then(move || view! {
        <h2 class="nhsuk-heading-m" id="add-pcn">"Add a PCN"</h2>
        <ErrorSummary errors/>
        <Form action=add saved="The PCN has been added">
            <FormField id="code" label="ODS code" hint="Like U12345" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="code" name="code" type="text" spellcheck="false"
                    autocomplete="off" value=code aria-describedby=described_by(errors, "code")/>
            </FormField>
            <FormField id="name" label="Name" errors>
                <input class="nhsuk-input" id="name" name="name" type="text" autocomplete="off"
                    value=name_typed aria-describedby=described_by(errors, "name")/>
            </FormField>
            <FormField id="borough" label="Borough it serves" errors>
                <select class="nhsuk-select" id="borough" name="borough" aria-describedby=described_by(errors, "borough")>
                    <option value="">"Select a borough"</option>
                    {choices.into_iter().map(move |b| {
                        let selected = chosen.as_deref() == Some(b.code.as_str());
                        view! { <option value=b.code selected=selected>{b.name}</option> }
                    }).collect_view()}
                </select>
            </FormField>
            <button class="nhsuk-button" type="submit" id="add-pcn-button">"Add PCN"</button>
        </Form>
        })}
    }
}

/// Upload a spreadsheet of PCNs, and what the last upload did.
#[component]
fn ImportForm(
    import: Result<Option<PcnImport>, crate::error::AppError>,
    missing_file: bool,
) -> impl IntoView {
    let mut errors = FieldErrors::new();
    if missing_file {
        errors.add("file", "Choose the list of PCNs to upload");
    }
    let outcome = match import {
        Ok(Some(import)) if import.problems.is_empty() => Some(view! {
            <div class="nhsuk-inset-text" role="status" id="import-outcome">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{format!(
                    "{}: {} added, {} recorded already.",
                    import.file_name, crate::format::plural(import.added, "PCN"), import.already
                )}</p>
            </div>
        }.into_any()),
        Ok(Some(import)) => Some(view! {
            <FileProblems title=format!("{} was not imported: nothing was added", import.file_name) problems=import.problems/>
        }.into_any()),
        Ok(None) => None,
        Err(error) => Some(view! { <p class="nhsuk-body">{error.to_string()}</p> }.into_any()),
    };
    let errors = Signal::stored(errors);
    view! {
        <h2 class="nhsuk-heading-m" id="import-pcns">"Import PCNs from a spreadsheet"</h2>
        <ErrorSummary errors/>
        {outcome}
        <p class="nhsuk-body">
            "The first sheet's first row holds the headings ODS code, Name and Borough; each row \
             below is one PCN, its borough given by name (Camden) or ONS code (E09000007). Every \
             cell is checked: if anything is wrong nothing is added and you see every problem. \
             PCNs recorded already the same way are left as they are."
        </p>
        <form method="post" enctype="multipart/form-data" action="/admin/areas/pcns" aria-labelledby="import-pcns">
            <FormField id="file" label="The list of PCNs (.xlsx)" errors>
                <input class="nhsuk-file-upload" id="file" name="file" type="file"
                    accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby=described_by(errors, "file")/>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" id="import-pcns-button">"Import PCNs"</button>
        </form>
    }
}
