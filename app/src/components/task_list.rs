//! The NHS task list: the parts of a piece of work, each with its status ("Agreed", a blue
//! "Not yet agreed" tag, a red "Overdue" one), linking to the page where it is done.

use leptos::prelude::*;

/// One part of the work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub name: String,
    /// Where it is done; `None` shows the name without a link.
    pub href: Option<String>,
    pub hint: Option<String>,
    /// The status in words.
    pub status: String,
    /// Done: the status shows as plain text; otherwise as a blue tag that draws the eye.
    pub done: bool,
    /// Late: the tag is red.
    pub urgent: bool,
}

/// A task list with `id` (its items' hint and status ids start with it).
#[component]
pub fn TaskList(#[prop(into)] id: String, tasks: Vec<Task>) -> impl IntoView {
    let items = tasks
        .into_iter()
        .enumerate()
        .map(|(index, task)| {
            let hint_id = format!("{id}-{}-hint", index + 1);
            let status_id = format!("{id}-{}-status", index + 1);
            let described = match &task.hint {
                Some(_) => format!("{hint_id} {status_id}"),
                None => status_id.clone(),
            };
            let class = if task.href.is_some() {
                "nhsuk-task-list__item nhsuk-task-list__item--with-link"
            } else {
                "nhsuk-task-list__item"
            };
            let name = match task.href {
                Some(href) => view! {
                    <a class="nhsuk-link nhsuk-task-list__link" href=href aria-describedby=described>{task.name}</a>
                }
                .into_any(),
                None => view! { <div>{task.name}</div> }.into_any(),
            };
            let status = match (task.done, task.urgent) {
                (true, _) => view! { {task.status} }.into_any(),
                (false, true) => {
                    view! { <strong class="nhsuk-tag nhsuk-tag--red">{task.status}</strong> }.into_any()
                }
                (false, false) => {
                    view! { <strong class="nhsuk-tag nhsuk-tag--blue">{task.status}</strong> }.into_any()
                }
            };
            view! {
                <li class=class>
                    <div class="nhsuk-task-list__name-and-hint">
                        {name}
                        {task.hint.map(|hint| view! { <div class="nhsuk-task-list__hint" id=hint_id>{hint}</div> })}
                    </div>
                    <div class="nhsuk-task-list__status" id=status_id>{status}</div>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="nhsuk-task-list" id=id>{items}</ul> }
}
