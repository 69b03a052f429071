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
        /// Users, roles, reference data, the audit trail.
        Admin = ("admin", "Administrator"),
        /// Everything across the ICB; owns recommendations; signs off ICB reports.
        IcbLead = ("icb_lead", "ICB lead"),
        /// Their borough(s): maturity assessments, borough actions, signs off returns.
        BoroughLead = ("borough_lead", "Borough lead"),
        /// Uploads returns for their borough(s); sees their borough's data.
        Submitter = ("submitter", "Submitter"),
        /// Sees and scores applications in the funds they are appointed to.
        PanelMember = ("panel_member", "Panel member"),
        /// Read-only across the ICB.
        Viewer = ("viewer", "Viewer"),
    }
}

impl Role {
    /// Borough roles are granted for named boroughs; the others cover the whole ICB.
    pub fn is_borough_scoped(self) -> bool {
        matches!(self, Role::BoroughLead | Role::Submitter)
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
            Role::IcbLead => matches!(
                permission,
                ViewData
                    | UpdateRecommendation
                    | SignOffIcbReport
                    | ManageAssessment
                    | ViewAudit
                    | ManageReturns
                    | ViewSmallNumbers
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
    /// Read the recommendations tracker (owners, progress, RAG): one shared picture for
    /// every partner, so any role may read it all.
    ViewTracker,
    /// Come in at all: any role will do. The first check of the areas that decide the rest
    /// themselves (maturity rounds, returns, borough plans): published maturity results,
    /// workforce coverage and unmet need are one picture for the ICB, and which borough's
    /// records a user may see or change is checked further in each area's service.
    SignedInWithRole,
    /// Read programme data (ICB-wide, or one borough's).
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
}

impl Permission {
    /// The permissions every role holds across the ICB, whatever its borough: a user with
    /// no role holds none of them.
    fn held_by_every_role(self) -> bool {
        matches!(
            self,
            Permission::ViewReferenceData | Permission::ViewTracker | Permission::SignedInWithRole
        )
    }
}

/// Where a permission is wanted: across the ICB, or for one borough (by its code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    Icb,
    Borough(String),
}

/// One role held by a user, with the borough it is held for (borough roles only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    /// Borough code for borough roles; `None` for ICB-wide roles.
    pub borough: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants(pub Vec<Grant>);

impl Grants {
    /// Whether any grant both permits `permission` and covers `scope`: an ICB-wide grant
    /// covers every borough; a borough grant covers only its own borough.
    pub fn allows(&self, permission: Permission, scope: &Scope) -> bool {
        // Reference data and the tracker are the same for every borough: any role reads all.
        if permission.held_by_every_role() {
            return !self.0.is_empty();
        }
        self.0.iter().any(|grant| {
            grant.role.permits(permission)
                && match (&grant.borough, scope) {
                    (None, _) => true,
                    (Some(own), Scope::Borough(wanted)) => own == wanted,
                    (Some(_), Scope::Icb) => false,
                }
        })
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

    /// The borough a borough-scoped user works for (their first borough grant): pages that
    /// show one borough at a time open on it.
    pub fn own_borough(&self) -> Option<&str> {
        self.grants
            .0
            .iter()
            .find_map(|grant| grant.borough.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grants(list: &[(Role, Option<&str>)]) -> Grants {
        Grants(
            list.iter()
                .map(|(role, borough)| Grant {
                    role: *role,
                    borough: borough.map(str::to_owned),
                })
                .collect(),
        )
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
        let camden = Scope::Borough("camden".into());
        let barnet = Scope::Borough("barnet".into());
        assert!(lead.allows(Permission::SignOffReturn, &camden));
        assert!(!lead.allows(Permission::SignOffReturn, &barnet));
        assert!(!lead.allows(Permission::ViewData, &Scope::Icb));
    }

    #[test]
    fn an_icb_grant_covers_every_borough() {
        let viewer = grants(&[(Role::Viewer, None)]);
        assert!(viewer.allows(Permission::ViewData, &Scope::Icb));
        assert!(viewer.allows(Permission::ViewData, &Scope::Borough("enfield".into())));
        assert!(!viewer.allows(Permission::UploadReturn, &Scope::Borough("enfield".into())));
    }

    #[test]
    fn several_roles_add_up() {
        let user = grants(&[(Role::Submitter, Some("haringey")), (Role::Viewer, None)]);
        assert!(user.allows(Permission::UploadReturn, &Scope::Borough("haringey".into())));
        assert!(!user.allows(Permission::UploadReturn, &Scope::Borough("barnet".into())));
        assert!(user.allows(Permission::ViewData, &Scope::Borough("barnet".into())));
    }

    #[test]
    fn every_role_reads_reference_data_but_no_role_means_nothing() {
        let submitter = grants(&[(Role::Submitter, Some("enfield"))]);
        assert!(submitter.allows(Permission::ViewReferenceData, &Scope::Icb));
        assert!(!Grants::default().allows(Permission::ViewReferenceData, &Scope::Icb));
    }

    #[test]
    fn every_role_is_signed_in_with_a_role_anywhere_and_no_role_is_not() {
        let anywhere = [
            Scope::Icb,
            Scope::Borough("camden".into()),
            Scope::Borough("barnet".into()),
        ];
        for role in Role::ALL {
            let borough = role.is_borough_scoped().then_some("camden");
            let user = grants(&[(role, borough)]);
            for scope in &anywhere {
                assert!(
                    user.allows(Permission::SignedInWithRole, scope),
                    "{role:?} {scope:?}"
                );
                assert!(
                    user.allows(Permission::ViewTracker, scope),
                    "{role:?} {scope:?}"
                );
            }
        }
        for scope in &anywhere {
            assert!(!Grants::default().allows(Permission::SignedInWithRole, scope));
            assert!(!Grants::default().allows(Permission::ViewTracker, scope));
        }
    }

    #[test]
    fn only_admins_manage_users() {
        for role in Role::ALL {
            let user = grants(&[(role, None)]);
            assert_eq!(
                user.allows(Permission::ManageUsers, &Scope::Icb),
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
