//! `/admin`: accounts, roles and where each is held (region, ICB or borough); `/account/password`: change one's own
//! password (required after a temporary one), or sign out everywhere.

use super::{
    list_users, AddRole, ChangePassword, CreateUser, RemoveRole, ResetPassword, SetUserActive,
    UserSummary,
};
use crate::auth::return_to::{safe_return_address, NEXT_FIELD};
use crate::auth::{Role, Scope, SignOutEverywhere};
use crate::boroughs::{list_boroughs, load_region, AreaIcb, Borough};
use crate::components::{
    action_errors, answer_of, described_by, render_or_error, typed, ConfirmBox, ErrorSummary, Form,
    FormCopy, FormField, Loading, TableHead,
};
use crate::error::{AppError, FieldErrors, FORM};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let add_role = ServerAction::<AddRole>::new();
    let remove_role = ServerAction::<RemoveRole>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let users = Resource::new(
        || (),
        |_| async move {
            let places = Places {
                boroughs: list_boroughs().await?,
                icbs: load_region().await?.icbs,
            };
            Ok::<_, AppError>((list_users().await?, places))
        },
    );
    let create_errors = action_errors(create.value());
    let row_errors = Signal::derive(move || {
        let mut all = FieldErrors::new();
        for errors in [
            action_errors(add_role.value()).get(),
            action_errors(remove_role.value()).get(),
            action_errors(set_active.value()).get(),
            action_errors(reset.value()).get(),
        ] {
            for (field, messages) in errors {
                for message in messages {
                    all.add(
                        FORM,
                        if field == FORM {
                            message
                        } else {
                            format!("{message}.")
                        },
                    );
                }
            }
        }
        all
    });
    // Shown once, on the page the browser returns to after the save (the forms show their
    // answer).
    let issued = move || {
        answer_of::<CreateUser>().or_else(answer_of::<ResetPassword>).map(|password| {
            view! {
                <div class="nhsuk-inset-text" role="status">
                    <span class="nhsuk-u-visually-hidden">"Information: "</span>
                    <p>
                        "Temporary password: " <strong class="linkway-password">{password}</strong>
                        ". Give it to the user; they must change it when they first sign in. It is not shown again."
                    </p>
                </div>
            }
        })
    };

    view! {
        <Title text="Administration"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(users.await, move |(users, places)| view! {
                    <h1>"Administration"</h1>
                    <p class="nhsuk-body"><a href="/admin/audit">"Audit trail"</a>" · "<a href="/admin/messages">"Email outbox"</a>" · "<a href="/admin/areas">"ICBs, boroughs and PCNs"</a></p>
                    <ErrorSummary errors=row_errors/>
                    {issued}
                    <UserTable users places=places.clone() add_role remove_role set_active reset/>
                    <NewUserForm places create errors=create_errors/>
                })
            })}
        </Suspense>
    }
}

/// Where a role can be held: the boroughs and the ICBs.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Places {
    boroughs: Vec<Borough>,
    icbs: Vec<AreaIcb>,
}

impl Places {
    fn icb_options(&self) -> Vec<(String, String)> {
        self.icbs
            .iter()
            .map(|i| (i.code.clone(), i.name.clone()))
            .collect()
    }

    fn borough_options(&self) -> Vec<(String, String)> {
        self.boroughs
            .iter()
            .map(|b| (b.code.clone(), b.name.clone()))
            .collect()
    }

    /// "Borough lead (Camden)", "Viewer (North Central London ICB)", "Regional lead".
    fn label(&self, role: Role, scope: &Scope) -> String {
        let name = match scope {
            Scope::Region => return role.label().to_owned(),
            Scope::Icb(code) => self
                .icbs
                .iter()
                .find(|icb| &icb.code == code)
                .map_or(code.as_str(), |icb| icb.name.as_str()),
            Scope::Borough(code) => self
                .boroughs
                .iter()
                .find(|b| &b.code == code)
                .map_or(code.as_str(), |b| b.name.as_str()),
        };
        format!("{} ({name})", role.label())
    }
}

#[component]
fn UserTable(
    users: Vec<UserSummary>,
    places: Places,
    add_role: ServerAction<AddRole>,
    remove_role: ServerAction<RemoveRole>,
    set_active: ServerAction<SetUserActive>,
    reset: ServerAction<ResetPassword>,
) -> impl IntoView {
    view! {
        <table class="nhsuk-table" id="users">
            <caption class="nhsuk-table__caption">"Users"</caption>
            <TableHead columns=&["Name", "Roles", "Status", "Last sign-in", "Actions"] />
            <tbody class="nhsuk-table__body">
                {users
                    .into_iter()
                    .map(|user| {
                        let places = places.clone();
                        let labels = places.clone();
                        let who = format!(" for {}", user.name);
                        let who_roles = who.clone();
                        let who_add = who.clone();
                        let who_reset = who.clone();
                        let who_history = who.clone();
                        let last = user
                            .last_sign_in_at
                            .map(crate::format::date_time)
                            .unwrap_or_else(|| "Never".to_owned());
                        let id = user.id;
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">
                                    <strong>{user.name.clone()}</strong>
                                    {user.is_demo.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--orange">"Demo"</strong> })}
                                    <br/>{user.email.clone()}<br/>{user.organisation.clone()}
                                </td>
                                <td class="nhsuk-table__cell">
                                    <ul class="nhsuk-list">
                                        {user.grants.iter().cloned().map(move |grant| {
                                            let label = labels.label(grant.role, &grant.scope);
                                            let (borough, icb) = match &grant.scope {
                                                Scope::Borough(code) => (code.clone(), String::new()),
                                                Scope::Icb(code) => (String::new(), code.clone()),
                                                Scope::Region => (String::new(), String::new()),
                                            };
                                            let remove_label = format!(" {label}{who_roles}");
                                            view! {
                                                <li>
                                                    {label}
                                                    <Form action=remove_role attr:class="linkway-inline-form">
                                                        <input type="hidden" name="input[user_id]" value=id/>
                                                        <input type="hidden" name="input[role]" value=grant.role.code()/>
                                                        <input type="hidden" name="input[borough]" value=borough/>
                                                        <input type="hidden" name="input[icb]" value=icb/>
                                                        <button type="submit" class="linkway-link-button">
                                                            "Remove"<span class="nhsuk-u-visually-hidden">{remove_label}</span>
                                                        </button>
                                                    </Form>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <AddRoleForm user_id=id name=user.name.clone() who=who_add places add_role/>
                                </td>
                                <td class="nhsuk-table__cell">
                                    {if user.active { "Active" } else { "Deactivated" }}
                                    {user.must_change_password.then_some(" (temporary password)")}
                                </td>
                                <td class="nhsuk-table__cell">{last}</td>
                                <td class="nhsuk-table__cell">
                                    <Form action=set_active attr:class="linkway-inline-form">
                                        <input type="hidden" name="user_id" value=id/>
                                        <input type="hidden" name="active" value=(!user.active).to_string()/>
                                        <button type="submit" class="linkway-link-button">
                                            {if user.active { "Deactivate" } else { "Reactivate" }}
                                            <span class="nhsuk-u-visually-hidden">{who}</span>
                                        </button>
                                    </Form>
                                    <a href=format!("/admin/audit?entity_type=user&entity_id={id}") class="linkway-action-link">
                                        "History"<span class="nhsuk-u-visually-hidden">{who_history}</span>
                                    </a>
                                    <Form action=reset shows_answer=true saved="A temporary password has been set" attr:class="linkway-inline-form">
                                        <input type="hidden" name="user_id" value=id/>
                                        <button type="submit" class="linkway-link-button">
                                            "Reset password"<span class="nhsuk-u-visually-hidden">{who_reset}</span>
                                        </button>
                                    </Form>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Adds a role to a user: it starts on "Choose a role", and Administrator asks to be
/// confirmed — the row refused for want of it shows the box to tick.
#[component]
fn AddRoleForm(
    user_id: i64,
    name: String,
    who: String,
    places: Places,
    add_role: ServerAction<AddRole>,
) -> impl IntoView {
    let role_id = format!("add-role-{user_id}");
    let borough_id = format!("add-borough-{user_id}");
    let icb_id = format!("add-icb-{user_id}");
    let confirm_id = format!("add-confirm-{user_id}");
    let copy = FormCopy::<AddRole>::new("input[user_id]", user_id);
    let (role, borough, icb) = (
        copy.typed("input[role]"),
        copy.typed("input[borough]"),
        copy.typed("input[icb]"),
    );
    let errors = copy.errors(add_role.value());
    let asks_confirmation = errors.with_untracked(|errors| errors.contains_key("confirm"));
    view! {
        <Form action=add_role attr:class="linkway-add-role">
            <input type="hidden" name="input[user_id]" value=user_id/>
            <label class="nhsuk-u-visually-hidden" for=role_id.clone()>{format!("Role to add{who}")}</label>
            <select class="nhsuk-select" id=role_id name="input[role]">
                <RoleOptions selected=role/>
            </select>
            <label class="nhsuk-u-visually-hidden" for=icb_id.clone()>{format!("ICB of the role{who}")}</label>
            <select class="nhsuk-select" id=icb_id name="input[icb]">
                <PlaceOptions none="No ICB" places=places.icb_options() selected=icb/>
            </select>
            <label class="nhsuk-u-visually-hidden" for=borough_id.clone()>{format!("Borough of the role{who}")}</label>
            <select class="nhsuk-select" id=borough_id name="input[borough]">
                <PlaceOptions none="No borough" places=places.borough_options() selected=borough/>
            </select>
            {asks_confirmation.then(|| view! {
                <ConfirmBox id=confirm_id name="input[confirm]" field="confirm" label=format!("Yes, make {name} an administrator") errors/>
            })}
            <button type="submit" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small">
                "Add role"<span class="nhsuk-u-visually-hidden">{who}</span>
            </button>
        </Form>
    }
}

/// The roles to choose from, starting on "Choose a role" unless one is `selected`: no role,
/// least of all Administrator, is given by leaving a control as it was.
#[component]
fn RoleOptions(selected: Option<String>) -> impl IntoView {
    let none_chosen = !Role::ALL
        .iter()
        .any(|role| selected.as_deref() == Some(role.code()));
    view! {
        <option value="" selected=none_chosen>"Choose a role"</option>
        {Role::ALL
            .into_iter()
            .map(|role| {
                let chosen = selected.as_deref() == Some(role.code());
                view! { <option value=role.code() selected=chosen>{role.label()}</option> }
            })
            .collect_view()}
    }
}

/// A place to hold a role, starting on `none` ("No ICB", "No borough") unless one of
/// `places` (code, name) is `selected`.
#[component]
fn PlaceOptions(
    none: &'static str,
    places: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    view! {
        <option value="">{none}</option>
        {places
            .into_iter()
            .map(|(code, name)| {
                let chosen = selected.as_deref() == Some(code.as_str());
                view! { <option value=code selected=chosen>{name}</option> }
            })
            .collect_view()}
    }
}

#[component]
fn NewUserForm(
    places: Places,
    create: ServerAction<CreateUser>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let typed = |name: &str| typed::<CreateUser>(&format!("input[{name}]"));
    let (role, borough, icb) = (typed("role"), typed("borough"), typed("icb"));
    let (icbs, boroughs) = (places.icb_options(), places.borough_options());
    let asks_confirmation = errors.with_untracked(|errors| errors.contains_key("confirm"));
    view! {
        <h2 class="nhsuk-heading-m" id="new-user">"Add a user"</h2>
        <ErrorSummary errors/>
        <Form action=create shows_answer=true saved="The user has been added">
            <FormField id="name" label="Full name" errors>
                <input class="nhsuk-input" id="name" name="input[name]" type="text" autocomplete="off" value=typed("name")/>
            </FormField>
            <FormField id="email" label="Email address" errors>
                <input class="nhsuk-input" id="email" name="input[email]" type="email" autocomplete="off" spellcheck="false" value=typed("email")/>
            </FormField>
            <FormField id="organisation" label="Organisation" errors>
                <input class="nhsuk-input" id="organisation" name="input[organisation]" type="text" value=typed("organisation")/>
            </FormField>
            <FormField id="role" label="Role" errors>
                <select class="nhsuk-select" id="role" name="input[role]"><RoleOptions selected=role/></select>
            </FormField>
            <FormField id="icb" label="ICB" hint="For ICB leads, panel members and viewers" errors>
                <select class="nhsuk-select" id="icb" name="input[icb]"><PlaceOptions none="No ICB" places=icbs selected=icb/></select>
            </FormField>
            <FormField id="borough" label="Borough" hint="For borough leads and submitters. Administrators and regional leads cover the whole region." errors>
                <select class="nhsuk-select" id="borough" name="input[borough]"><PlaceOptions none="No borough" places=boroughs selected=borough/></select>
            </FormField>
            // Asked once Administrator was chosen without it: the refusal shows the box.
            {asks_confirmation.then(|| view! {
                <ConfirmBox id="confirm" name="input[confirm]" field="confirm" label="Yes, make this user an administrator" errors/>
            })}
            <button class="nhsuk-button" type="submit">"Add user"</button>
        </Form>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let sign_out_everywhere = ServerAction::<SignOutEverywhere>::new();
    let errors = action_errors(change.value());
    // A new user who signed in from a link goes on to it once their password is changed.
    let next = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get(NEXT_FIELD)
        .filter(|next| safe_return_address(next).is_some());
    view! {
        <Title text="Change your password"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Change your password"</h1>
                <Form action=change>
                    {next.map(|next| view! { <input type="hidden" name=NEXT_FIELD value=next/> })}
                    <FormField id="current_password" label="Current password" errors>
                        <input class="nhsuk-input" id="current_password" name="current_password" type="password"
                            autocomplete="current-password" aria-describedby=described_by(errors, "current_password")/>
                    </FormField>
                    <FormField id="new_password" label="New password" hint="At least 12 characters" errors>
                        <input class="nhsuk-input" id="new_password" name="new_password" type="password"
                            autocomplete="new-password" aria-describedby=described_by(errors, "new_password")/>
                    </FormField>
                    <FormField id="confirm_password" label="New password again" errors>
                        <input class="nhsuk-input" id="confirm_password" name="confirm_password" type="password"
                            autocomplete="new-password" aria-describedby=described_by(errors, "confirm_password")/>
                    </FormField>
                    <button class="nhsuk-button" type="submit">"Change password"</button>
                </Form>
                <h2 class="nhsuk-heading-m">"Sign out everywhere"</h2>
                <p class="nhsuk-body">
                    "Changing your password signs you out on every other device. Sign out everywhere \
                     ends every session now, this one included, if you left one open on a shared or \
                     lost computer. You will need to sign in again."
                </p>
                <Form action=sign_out_everywhere>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Sign out everywhere"</button>
                </Form>
            </div>
        </div>
    }
}
