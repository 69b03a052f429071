//! Roles, permissions and scopes — the permissions table lives here, in one place, and the
//! server decides every request with [`Grants::allows`].

use crate::codes::code_list;
use serde::{Deserialize, Serialize};
use std::fmt;

code_list! {
    /// A role a user holds. A user may hold several; borough roles carry their borough.
    /// Stored as its code in `user_roles.role`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Role {
        /// Users, roles, reference data, the audit trail: across the region.
        Admin = ("admin", "Administrator"),
        /// Reads everything in the region (NHS England's regional team); runs regional
        /// communities of practice and funds. Edits no ICB's programme.
        RegionalLead = ("regional_lead", "Regional lead"),
        /// Everything across their ICB; owns recommendations; signs off ICB reports.
        IcbLead = ("icb_lead", "ICB lead"),
        /// Their borough(s): maturity assessments, borough actions, signs off returns.
        BoroughLead = ("borough_lead", "Borough lead"),
        /// Uploads returns for their borough(s); sees their borough's data.
        Submitter = ("submitter", "Submitter"),
        /// Sees and scores applications in the funds they are appointed to.
        PanelMember = ("panel_member", "Panel member"),
        /// Read-only across their ICB.
        Viewer = ("viewer", "Viewer"),
    }
}

/// What a role is held for: the whole region, one ICB, or one borough.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    Region,
    Icb,
    Borough,
}

impl Role {
    /// Where a grant of this role holds: administrators and regional leads across the
    /// region, borough leads and submitters for one borough, the others for one ICB.
    pub fn held_for(self) -> Held {
        match self {
            Role::Admin | Role::RegionalLead => Held::Region,
            Role::BoroughLead | Role::Submitter => Held::Borough,
            Role::IcbLead | Role::PanelMember | Role::Viewer => Held::Icb,
        }
    }

    /// Borough roles are granted for named boroughs.
    pub fn is_borough_scoped(self) -> bool {
        self.held_for() == Held::Borough
    }

    /// The permissions table: what each role may do (within the scope of its grant).
    pub fn permits(self, permission: Permission) -> bool {
        use Permission::*;
        if permission.held_by_every_role() {
            return true;
        }
        match self {
            Role::Admin => matches!(
                permission,
                ManageUsers | ViewAudit | EditReferenceData | ViewData
            ),
            Role::RegionalLead => matches!(
                permission,
                ViewData | ViewAudit | ViewSmallNumbers | ManageFunds
            ),
            Role::IcbLead => matches!(
                permission,
                ViewData
                    | UpdateRecommendation
                    | SignOffIcbReport
                    | ManageAssessment
                    | ViewAudit
                    | ManageReturns
                    | ViewSmallNumbers
                    | ManageFunds
            ),
            Role::BoroughLead => matches!(
                permission,
                ViewData | ManageAssessment | UpdateBoroughAction | SignOffReturn | UploadReturn
            ),
            Role::Submitter => matches!(permission, ViewData | UploadReturn),
            Role::PanelMember => matches!(permission, ScoreApplications),
            Role::Viewer => matches!(permission, ViewData),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Something a request wants to do. Checked on the server with a [`Scope`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Read reference data: boroughs, the review's recommendations, the framework.
    ViewReferenceData,
    /// Read an ICB's recommendations tracker (owners, progress, RAG) and its other shared
    /// pictures (published maturity results, workforce coverage, unmet need): one picture
    /// for every partner in the ICB, so any role held in the ICB (or one of its boroughs)
    /// reads it, and a region role reads every ICB's.
    ViewTracker,
    /// Come in at all: any role will do, wherever it is held. The first check of the areas
    /// that decide the rest themselves (maturity rounds, returns, borough plans): which
    /// ICB's or borough's records a user may see or change is checked further in each
    /// area's service.
    SignedInWithRole,
    /// Read programme data (an ICB's, or one borough's).
    ViewData,
    ManageUsers,
    ViewAudit,
    EditReferenceData,
    UpdateRecommendation,
    SignOffIcbReport,
    ManageAssessment,
    UpdateBoroughAction,
    UploadReturn,
    SignOffReturn,
    /// Open return periods and set the small-number suppression threshold.
    ManageReturns,
    /// See unmet need counts below the suppression threshold (the ICB team).
    ViewSmallNumbers,
    ScoreApplications,
    /// Start community chest funds for a place and run every fund there (fund managers,
    /// appointed per fund, run theirs).
    ManageFunds,
}

/// How far a permission reaches beyond the grant that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Breadth {
    /// Any role, wherever held, holds it everywhere.
    Everywhere,
    /// Any role holds it for the ICB its grant sits in (a borough role for its borough's
    /// ICB); a region role for every ICB.
    SharedInIcb,
    /// Only the roles that permit it, within the scope of their grant.
    Grant,
}

impl Permission {
    fn breadth(self) -> Breadth {
        match self {
            Permission::ViewReferenceData | Permission::SignedInWithRole => Breadth::Everywhere,
            Permission::ViewTracker => Breadth::SharedInIcb,
            _ => Breadth::Grant,
        }
    }

    /// The permissions every role holds, within the breadth above: a user with no role
    /// holds none of them.
    fn held_by_every_role(self) -> bool {
        self.breadth() != Breadth::Grant
    }
}

/// Where a permission is wanted, or a grant holds: the whole region, one ICB (by its code,
/// `NCL`), or one borough (by its code, `camden`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    Region,
    Icb(String),
    Borough(String),
}

/// One role held by a user, where it holds, and the ICB it sits in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    /// `Region` for administrators and regional leads, the ICB for ICB roles, the borough
    /// for borough roles.
    pub scope: Scope,
    /// The ICB the grant sits in (an ICB grant's own, a borough grant's borough's); `None`
    /// for region grants.
    pub icb: Option<String>,
    /// The boroughs of the ICB the grant sits in, resolved when grants load, so that one
    /// check decides without a lookup (empty for region grants).
    pub icb_boroughs: Vec<String>,
}

impl Grant {
    /// Whether this grant's place covers `scope`. A region grant covers everything; an ICB
    /// grant its ICB and the ICB's boroughs; a borough grant its borough, and its ICB too
    /// for what is shared across the ICB.
    fn covers(&self, scope: &Scope, breadth: Breadth) -> bool {
        match (&self.scope, scope) {
            (Scope::Region, _) => true,
            (_, Scope::Region) => false,
            (Scope::Icb(own), Scope::Icb(wanted)) => own == wanted,
            (Scope::Icb(_), Scope::Borough(wanted)) => self.icb_boroughs.contains(wanted),
            (Scope::Borough(own), Scope::Borough(wanted)) => {
                own == wanted
                    || (breadth == Breadth::SharedInIcb && self.icb_boroughs.contains(wanted))
            }
            (Scope::Borough(_), Scope::Icb(wanted)) => {
                breadth == Breadth::SharedInIcb && self.icb.as_ref() == Some(wanted)
            }
        }
    }

    /// The borough or ICB code a grant is stored with (`None` for region grants).
    pub fn place(&self) -> Option<&str> {
        match &self.scope {
            Scope::Region => None,
            Scope::Icb(code) | Scope::Borough(code) => Some(code),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants(pub Vec<Grant>);

impl Grants {
    /// The one check: whether any grant both permits `permission` and covers `scope`.
    pub fn allows(&self, permission: Permission, scope: &Scope) -> bool {
        let breadth = permission.breadth();
        if breadth == Breadth::Everywhere {
            return !self.0.is_empty();
        }
        self.0
            .iter()
            .any(|grant| grant.role.permits(permission) && grant.covers(scope, breadth))
    }
}

/// The signed-in user as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub must_change_password: bool,
    pub grants: Grants,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission, scope: &Scope) -> bool {
        self.grants.allows(permission, scope)
    }

    /// Whether the user reads the shared picture of the borough's ICB: its published
    /// maturity results, coverage and unmet need.
    pub fn reaches_borough(&self, borough: &str) -> bool {
        self.can(Permission::ViewTracker, &Scope::Borough(borough.to_owned()))
    }

    /// Whether the user reads the ICB's shared picture (its tracker, coverage, unmet need
    /// and published maturity results): any role held in the ICB, or across the region.
    pub fn reaches_icb(&self, icb: &str) -> bool {
        self.can(Permission::ViewTracker, &Scope::Icb(icb.to_owned()))
    }

    /// The borough a borough-scoped user works for (their first borough grant): pages that
    /// show one borough at a time open on it.
    pub fn own_borough(&self) -> Option<&str> {
        self.grants.0.iter().find_map(|grant| match &grant.scope {
            Scope::Borough(code) => Some(code.as_str()),
            _ => None,
        })
    }

    /// The ICB the user works in (their first grant's): ICB-level pages open on it. `None`
    /// for region-wide users.
    pub fn own_icb(&self) -> Option<&str> {
        self.grants.0.iter().find_map(|grant| grant.icb.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NCL: [&str; 5] = ["barnet", "camden", "enfield", "haringey", "islington"];
    const NEL: [&str; 2] = ["hackney", "newham"];

    /// A grant as grants load: `place` is the borough or ICB code (`None` for the region).
    fn grant(role: Role, place: Option<&str>) -> Grant {
        let icb_of = |borough: &str| if NEL.contains(&borough) { "NEL" } else { "NCL" };
        let boroughs_of = |icb: &str| {
            let list: &[&str] = if icb == "NEL" { &NEL } else { &NCL };
            list.iter().map(|b| (*b).to_owned()).collect()
        };
        match (role.held_for(), place) {
            (Held::Region, _) | (_, None) => Grant {
                role,
                scope: Scope::Region,
                icb: None,
                icb_boroughs: Vec::new(),
            },
            (Held::Icb, Some(icb)) => Grant {
                role,
                scope: Scope::Icb(icb.to_owned()),
                icb: Some(icb.to_owned()),
                icb_boroughs: boroughs_of(icb),
            },
            (Held::Borough, Some(borough)) => Grant {
                role,
                scope: Scope::Borough(borough.to_owned()),
                icb: Some(icb_of(borough).to_owned()),
                icb_boroughs: boroughs_of(icb_of(borough)),
            },
        }
    }

    fn grants(list: &[(Role, Option<&str>)]) -> Grants {
        Grants(
            list.iter()
                .map(|(role, place)| grant(*role, *place))
                .collect(),
        )
    }

    fn icb(code: &str) -> Scope {
        Scope::Icb(code.into())
    }

    fn borough(code: &str) -> Scope {
        Scope::Borough(code.into())
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("superuser"), None);
    }

    #[test]
    fn a_borough_grant_covers_its_own_borough_only() {
        let lead = grants(&[(Role::BoroughLead, Some("camden"))]);
        assert!(lead.allows(Permission::SignOffReturn, &borough("camden")));
        assert!(!lead.allows(Permission::SignOffReturn, &borough("barnet")));
        assert!(!lead.allows(Permission::SignOffReturn, &borough("hackney")));
        assert!(!lead.allows(Permission::ViewData, &icb("NCL")));
        assert!(!lead.allows(Permission::ViewData, &Scope::Region));
    }

    #[test]
    fn an_icb_grant_covers_its_own_icb_and_its_boroughs_only() {
        let viewer = grants(&[(Role::Viewer, Some("NCL"))]);
        assert!(viewer.allows(Permission::ViewData, &icb("NCL")));
        assert!(viewer.allows(Permission::ViewData, &borough("enfield")));
        assert!(!viewer.allows(Permission::UploadReturn, &borough("enfield")));
        assert!(!viewer.allows(Permission::ViewData, &icb("NEL")));
        assert!(!viewer.allows(Permission::ViewData, &borough("hackney")));
        assert!(!viewer.allows(Permission::ViewData, &Scope::Region));
        let lead = grants(&[(Role::IcbLead, Some("NCL"))]);
        assert!(lead.allows(Permission::UpdateRecommendation, &icb("NCL")));
        assert!(!lead.allows(Permission::UpdateRecommendation, &icb("NEL")));
        assert!(!lead.allows(Permission::ManageReturns, &icb("NEL")));
    }

    #[test]
    fn a_regional_lead_reads_everywhere_and_edits_no_programme() {
        let regional = grants(&[(Role::RegionalLead, None)]);
        for scope in [Scope::Region, icb("NCL"), icb("NEL"), borough("hackney")] {
            assert!(regional.allows(Permission::ViewData, &scope), "{scope:?}");
            assert!(
                regional.allows(Permission::ViewTracker, &scope),
                "{scope:?}"
            );
            assert!(
                regional.allows(Permission::ViewSmallNumbers, &scope),
                "{scope:?}"
            );
            for edit in [
                Permission::UpdateRecommendation,
                Permission::ManageReturns,
                Permission::ManageAssessment,
                Permission::UploadReturn,
                Permission::SignOffReturn,
                Permission::UpdateBoroughAction,
                Permission::ManageUsers,
                Permission::EditReferenceData,
            ] {
                assert!(!regional.allows(edit, &scope), "{edit:?} {scope:?}");
            }
        }
    }

    #[test]
    fn the_shared_picture_is_shared_within_the_icb_only() {
        let submitter = grants(&[(Role::Submitter, Some("camden"))]);
        assert!(submitter.allows(Permission::ViewTracker, &icb("NCL")));
        assert!(!submitter.allows(Permission::ViewTracker, &icb("NEL")));
        assert!(submitter.allows(Permission::ViewTracker, &borough("barnet")));
        assert!(!submitter.allows(Permission::ViewTracker, &borough("hackney")));
        assert!(!submitter.allows(Permission::ViewData, &borough("barnet")));
        let nel_viewer = grants(&[(Role::Viewer, Some("NEL"))]);
        assert!(nel_viewer.allows(Permission::ViewTracker, &icb("NEL")));
        assert!(!nel_viewer.allows(Permission::ViewTracker, &icb("NCL")));
        assert!(!Grants::default().allows(Permission::ViewTracker, &icb("NCL")));
    }

    #[test]
    fn several_roles_add_up() {
        let user = grants(&[
            (Role::Submitter, Some("haringey")),
            (Role::Viewer, Some("NCL")),
        ]);
        assert!(user.allows(Permission::UploadReturn, &borough("haringey")));
        assert!(!user.allows(Permission::UploadReturn, &borough("barnet")));
        assert!(user.allows(Permission::ViewData, &borough("barnet")));
        assert!(!user.allows(Permission::ViewData, &borough("newham")));
    }

    #[test]
    fn every_role_reads_reference_data_but_no_role_means_nothing() {
        let submitter = grants(&[(Role::Submitter, Some("enfield"))]);
        assert!(submitter.allows(Permission::ViewReferenceData, &Scope::Region));
        assert!(!Grants::default().allows(Permission::ViewReferenceData, &Scope::Region));
    }

    #[test]
    fn every_role_is_signed_in_with_a_role_anywhere_and_no_role_is_not() {
        let anywhere = [
            Scope::Region,
            icb("NCL"),
            borough("camden"),
            borough("hackney"),
        ];
        for role in Role::ALL {
            let place = match role.held_for() {
                Held::Region => None,
                Held::Icb => Some("NCL"),
                Held::Borough => Some("camden"),
            };
            let user = grants(&[(role, place)]);
            for scope in &anywhere {
                assert!(
                    user.allows(Permission::SignedInWithRole, scope),
                    "{role:?} {scope:?}"
                );
            }
            assert!(
                user.allows(Permission::ViewTracker, &icb("NCL")),
                "{role:?}"
            );
        }
        for scope in &anywhere {
            assert!(!Grants::default().allows(Permission::SignedInWithRole, scope));
        }
    }

    #[test]
    fn only_admins_manage_users() {
        for role in Role::ALL {
            let place = match role.held_for() {
                Held::Region => None,
                Held::Icb => Some("NCL"),
                Held::Borough => Some("camden"),
            };
            let user = grants(&[(role, place)]);
            assert_eq!(
                user.allows(Permission::ManageUsers, &Scope::Region),
                role == Role::Admin,
                "{role:?}"
            );
        }
    }
}

/// An active account as others see it: who can be named as an owner, a participant or a
/// scorer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub organisation: String,
}
