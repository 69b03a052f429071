//! `/my-tasks`: everything the signed-in person owes, filterable by kind and urgency; and
//! the list home shows first (what is overdue or due within 30 days).

use super::load_my_tasks;
use super::model::{MyTasks, Task, TaskKind, Urgency, SOON_DAYS};
use crate::components::{render_or_error, Loading, Task as Line, TaskList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// A task as a line of the NHS task list: overdue in red, the rest in blue.
fn line(task: Task) -> Line {
    let due = task
        .due_on
        .map(|due| format!(" · due {}", crate::format::date(due)))
        .unwrap_or_default();
    Line {
        name: task.title,
        href: Some(task.href),
        hint: Some(format!("{}{due}", task.scope)),
        status: task.urgency.label().to_owned(),
        done: false,
        urgent: task.urgency == Urgency::Overdue,
    }
}

/// Home's first section: what is overdue or due within [`SOON_DAYS`] days.
#[component]
pub fn PressingTasks(data: MyTasks) -> impl IntoView {
    let all = data.tasks.len();
    let pressing: Vec<Line> = data
        .tasks
        .into_iter()
        .filter(Task::is_pressing)
        .map(line)
        .collect();
    view! {
        <h2 class="nhsuk-heading-l" id="what-needs-you">"What needs you"</h2>
        {if pressing.is_empty() {
            view! { <p class="nhsuk-body" id="nothing-pressing">{format!("Nothing is overdue or due in the next {SOON_DAYS} days.")}</p> }.into_any()
        } else {
            view! { <TaskList id="pressing-tasks" tasks=pressing/> }.into_any()
        }}
        <p class="nhsuk-body">
            <A href="/my-tasks">{format!("All your tasks ({all})")}</A>
        </p>
    }
}

#[component]
pub fn MyTasksPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_my_tasks());
    view! {
        <Title text="My tasks"/>
        <h1>"My tasks"</h1>
        <p class="nhsuk-lede-text">"What you owe across Linkway, worked out from the returns, rounds, milestones and plans as they stand: the most pressing first."</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Tasks data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Tasks(data: MyTasks) -> impl IntoView {
    let query = use_query_map();
    let kind = query
        .read_untracked()
        .get("kind")
        .and_then(|code| TaskKind::from_code(&code));
    let urgency = query
        .read_untracked()
        .get("urgency")
        .and_then(|code| Urgency::from_code(&code));
    let total = data.tasks.len();
    let shown: Vec<Line> = data
        .tasks
        .into_iter()
        .filter(|task| kind.is_none_or(|kind| task.kind == kind))
        .filter(|task| urgency.is_none_or(|urgency| task.urgency == urgency))
        .map(line)
        .collect();
    let heading = if shown.len() == total {
        format!("{total} tasks")
    } else {
        format!("{} of {total} tasks", shown.len())
    };
    view! {
        <form method="get" action="/my-tasks" class="linkway-filters" aria-label="Filter your tasks">
            <div class="nhsuk-form-group linkway-filter">
                <label class="nhsuk-label" for="kind">"Kind"</label>
                <select class="nhsuk-select" id="kind" name="kind">
                    <option value="" selected=kind.is_none()>"All kinds"</option>
                    {TaskKind::ALL.into_iter().map(|k| view! { <option value=k.code() selected=kind == Some(k)>{k.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group linkway-filter">
                <label class="nhsuk-label" for="urgency">"When"</label>
                <select class="nhsuk-select" id="urgency" name="urgency">
                    <option value="" selected=urgency.is_none()>"Any time"</option>
                    {Urgency::ALL.into_iter().map(|u| view! { <option value=u.code() selected=urgency == Some(u)>{u.label()}</option> }).collect_view()}
                </select>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Filter"</button>
        </form>
        <h2 class="nhsuk-heading-m" id="tasks-heading">{heading}</h2>
        {if shown.is_empty() {
            view! { <p class="nhsuk-body" id="no-tasks">"Nothing to do here. Tasks appear as returns open, rounds start and milestones come due."</p> }.into_any()
        } else {
            view! { <TaskList id="my-tasks" tasks=shown/> }.into_any()
        }}
    }
}
