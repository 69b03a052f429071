//! The area a regional view shows — London, one ICB or one borough — chosen in the address
//! (`?area=london`, `?area=NCL`, `?area=camden`) so that a link shows the same view, and
//! the chooser that offers only the areas the viewer reads.

use serde::{Deserialize, Serialize};

/// The region's code in the address.
pub const REGION_AREA: &str = "london";

/// How deep an area sits: the region, an ICB, or a borough of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AreaLevel {
    Region,
    Icb,
    Borough,
}

/// One area the chooser offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaOption {
    /// `london`, an ICB code (`NCL`) or a borough code (`camden`).
    pub code: String,
    pub name: String,
    pub level: AreaLevel,
}

/// The area in view and the others the viewer may choose, region first, then each ICB
/// followed by its boroughs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaChoice {
    pub chosen: String,
    pub name: String,
    pub options: Vec<AreaOption>,
}

impl AreaChoice {
    /// How deep the chosen area sits (`None` before one is chosen).
    pub fn level(&self) -> Option<AreaLevel> {
        self.options
            .iter()
            .find(|option| option.code == self.chosen)
            .map(|option| option.level)
    }
}

/// An export's `?area=`: `london`, an ICB code or a borough code; empty: the viewer's own.
#[cfg(feature = "ssr")]
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AreaQuery {
    pub area: String,
}

#[cfg(feature = "ssr")]
impl AreaOption {
    /// The area as a scope, for a permission check.
    pub fn scope(&self) -> crate::auth::Scope {
        use crate::auth::Scope;
        match self.level {
            AreaLevel::Region => Scope::Region,
            AreaLevel::Icb => Scope::Icb(self.code.clone()),
            AreaLevel::Borough => Scope::Borough(self.code.clone()),
        }
    }
}

#[cfg(feature = "ssr")]
mod resolve {
    use super::{AreaChoice, AreaLevel, AreaOption, REGION_AREA};
    use crate::auth::{CurrentUser, Permission, Scope};
    use crate::error::AppError;
    use crate::plumbing::Conn;

    /// The area `asked` for in the address (empty: the viewer's own — London for the
    /// regional team, otherwise the ICB they work in), as a scope, with the chooser's
    /// options: the region for region-wide viewers, and every ICB whose programme Linkway
    /// holds that the viewer reads, each with its boroughs. An area nobody knows is not
    /// found; one the viewer does not read is refused.
    pub async fn area_in_view(
        conn: &mut Conn,
        user: &CurrentUser,
        asked: &str,
    ) -> Result<(Scope, AreaChoice), AppError> {
        let region_wide = user.can(Permission::ViewTracker, &Scope::Region);
        let icbs = crate::boroughs::db::icbs(conn).await?;
        let boroughs = crate::boroughs::db::list_boroughs(conn).await?;
        let mut options = Vec::new();
        if region_wide {
            options.push(AreaOption {
                code: REGION_AREA.to_owned(),
                name: "London".to_owned(),
                level: AreaLevel::Region,
            });
        }
        for icb in icbs
            .iter()
            .filter(|icb| icb.programme && user.reaches_icb(&icb.code))
        {
            options.push(AreaOption {
                code: icb.code.clone(),
                name: icb.name.clone(),
                level: AreaLevel::Icb,
            });
            options.extend(boroughs.iter().filter(|b| b.icb_code == icb.code).map(|b| {
                AreaOption {
                    code: b.code.clone(),
                    name: b.name.clone(),
                    level: AreaLevel::Borough,
                }
            }));
        }
        let asked = asked.trim();
        let code = match asked {
            "" if region_wide => REGION_AREA.to_owned(),
            "" => crate::boroughs::service::icb_in_view(conn, user, "").await?,
            asked => asked.to_owned(),
        };
        let Some(chosen) = options.iter().find(|option| option.code == code).cloned() else {
            let known = code == REGION_AREA
                || icbs.iter().any(|icb| icb.code == code)
                || boroughs.iter().any(|b| b.code == code);
            return Err(if known {
                AppError::Forbidden
            } else {
                AppError::not_found("That area")
            });
        };
        let scope = chosen.scope();
        Ok((
            scope,
            AreaChoice {
                chosen: chosen.code,
                name: chosen.name,
                options,
            },
        ))
    }
}

#[cfg(feature = "ssr")]
pub use resolve::area_in_view;

use leptos::prelude::*;

/// The area chooser: a plain GET form (it works without JavaScript) that reloads `page`
/// with `?area=`; shown only when there is more than one area to choose.
#[component]
pub fn AreaChooser(choice: AreaChoice, page: &'static str) -> impl IntoView {
    (choice.options.len() > 1).then(|| {
        view! {
            <form method="get" action=page class="linkway-area-chooser">
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="area">"Area"</label>
                    <select class="nhsuk-select" id="area" name="area">
                        {choice
                            .options
                            .into_iter()
                            .map(|option| {
                                let selected = option.code == choice.chosen;
                                // Boroughs sit under their ICB, indented as the list reads.
                                let label = match option.level {
                                    AreaLevel::Borough => format!("\u{a0}\u{a0}\u{a0}{}", option.name),
                                    _ => option.name,
                                };
                                view! { <option value=option.code selected=selected>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                    " "
                    <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">"Show"</button>
                </div>
            </form>
        }
    })
}
