//! The tracker's read models, assembled from one load of the tracker data: the list, one
//! recommendation, the overview and "my actions".

use super::model::{
    DueItem, IcbRag, MyActions, Overview, RecommendationDetail, TrackerFilter, TrackerRow,
    TrackerView, TrendPoint,
};
use super::tracker::{
    counts, end_of, filter_rows, is_overdue, milestones_as_at, quarter_ends, rows_as_at,
    updates_as_at,
};
use super::{db, service, Rag};
use crate::auth::guard::authorize;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::{Conn, Db};
use chrono::{Days, NaiveDate};

/// The tracker list's "as at" date: empty is today; a future date is refused.
pub fn parse_as_at(text: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(today);
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) if day > today => Err(AppError::field("as_at", "The date cannot be in the future")),
        Ok(day) if chrono::Datelike::year(&day) < 2000 => {
            Err(AppError::field("as_at", "Enter a date from 2000 onwards"))
        }
        Ok(day) => Ok(day),
        Err(_) => Err(AppError::field(
            "as_at",
            "Enter a real date, like 2025-03-31",
        )),
    }
}

/// The tracker list of the area in `filter` for `user`: an ICB's rows, or across London
/// each ICB's derived RAG counts. The chooser offers London (to region-wide viewers) and
/// the ICBs the viewer reads; a borough is not an area of the tracker.
pub async fn tracker_view(
    db: &Db,
    user: &CurrentUser,
    filter: &TrackerFilter,
    today: NaiveDate,
) -> Result<TrackerView, AppError> {
    let mut conn = db.conn().await?;
    let as_at = parse_as_at(&filter.as_at, today)?;
    let asked = match filter.area.trim() {
        "" => crate::boroughs::service::icb_in_view(&mut conn, user, "").await?,
        area => area.to_owned(),
    };
    let (scope, mut area) = crate::boroughs::area::area_in_view(&mut conn, user, &asked).await?;
    area.options
        .retain(|option| option.level != crate::boroughs::area::AreaLevel::Borough);
    let icb = match scope {
        Scope::Icb(icb) => icb,
        Scope::Borough(_) => return Err(AppError::not_found("That tracker")),
        Scope::Region => {
            let mut by_icb = Vec::new();
            for option in area
                .options
                .iter()
                .filter(|option| option.level == crate::boroughs::area::AreaLevel::Icb)
            {
                let data = db::tracker_data(&mut conn, &option.code).await?;
                by_icb.push(icb_rag(option, &rows_as_at(&data, as_at), as_at));
            }
            return Ok(TrackerView {
                as_at,
                today,
                programme_start: today,
                rows: Vec::new(),
                counts: Vec::new(),
                categories: Vec::new(),
                owners: Vec::new(),
                boroughs: Vec::new(),
                icb_code: String::new(),
                area,
                by_icb,
                can_load: false,
            });
        }
    };
    authorize(user, Permission::ViewTracker, Scope::Icb(icb.clone()))?;
    let data = db::tracker_data(&mut conn, &icb).await?;
    let rows = rows_as_at(&data, as_at);
    let mut categories: Vec<String> = Vec::new();
    for row in &rows {
        if !categories.contains(&row.recommendation.category) {
            categories.push(row.recommendation.category.clone());
        }
    }
    let boroughs = crate::boroughs::db::list_boroughs(&mut conn)
        .await?
        .into_iter()
        .filter(|b| b.icb_code == icb)
        .map(|b| (b.code, b.name))
        .collect();
    Ok(TrackerView {
        as_at,
        today,
        programme_start: data.programme_start.unwrap_or(today),
        counts: counts(&rows),
        rows: filter_rows(rows, filter, as_at),
        categories,
        owners: crate::auth::db::people(&mut conn, &icb).await?,
        boroughs,
        can_load: service::can_plan(user, &icb),
        icb_code: icb,
        area,
        by_icb: Vec::new(),
    })
}

/// One ICB's line across London: its rows as at `day` counted by derived RAG.
fn icb_rag(icb: &crate::boroughs::area::AreaOption, rows: &[TrackerRow], day: NaiveDate) -> IcbRag {
    let with = |rag: Rag| rows.iter().filter(|row| row.derived.rag == rag).count();
    IcbRag {
        code: icb.code.clone(),
        name: icb.name.clone(),
        recommendations: rows.len(),
        red: with(Rag::Red),
        amber: with(Rag::Amber),
        green: with(Rag::Green),
        overdue: rows.iter().filter(|row| is_overdue(row, day)).count(),
    }
}

pub async fn detail(
    db: &Db,
    user: &CurrentUser,
    icb: &str,
    number: i64,
    today: NaiveDate,
) -> Result<RecommendationDetail, AppError> {
    let mut conn = db.conn().await?;
    let data = db::tracker_data(&mut conn, icb).await?;
    let row = rows_as_at(&data, today)
        .into_iter()
        .find(|row| row.recommendation.number == number)
        .ok_or_else(|| AppError::not_found(format!("Recommendation {number}")))?;
    let recommendation_id = row.plan.id;
    let cutoff = end_of(today);
    let milestones = milestones_as_at(&data.milestone_revisions, cutoff)
        .into_iter()
        .filter(|m| m.recommendation_number == number)
        .collect();
    // Every update, including any dated ahead of today by a clock difference.
    let updates = updates_as_at(
        &data.updates,
        NaiveDate::MAX,
        chrono::DateTime::<chrono::Utc>::MAX_UTC,
    )
    .into_iter()
    .filter(|u| u.recommendation_number == number)
    .collect();
    let borough_lines: Vec<super::BoroughLine> = data
        .borough_lines
        .iter()
        .filter(|line| line.recommendation_number == number)
        .cloned()
        .collect();
    let history = match user.can(Permission::ViewAudit, &Scope::Icb(icb.to_owned())) {
        true => Some(
            history(
                &mut conn,
                (recommendation_id, number),
                &data,
                &borough_lines,
            )
            .await?,
        ),
        false => None,
    };
    Ok(RecommendationDetail {
        today,
        editable_lines: borough_lines
            .iter()
            .filter(|line| service::can_edit_line(user, line))
            .map(|line| line.id)
            .collect(),
        history,
        form_token: crate::forms::once::new_token()?,
        can_update: service::can_update(user, &row.plan),
        can_plan: service::can_plan(user, icb),
        row,
        milestones,
        updates,
        borough_lines,
        actions: db::linked_actions(&mut conn, recommendation_id).await?,
        people: crate::auth::db::people(&mut conn, icb).await?,
        boroughs: crate::boroughs::db::list_boroughs(&mut conn)
            .await?
            .into_iter()
            .map(|b| (b.code, b.name))
            .collect(),
    })
}

/// The audit events of a recommendation (its row id and number), its milestones, lines
/// and updates, oldest first.
async fn history(
    conn: &mut Conn,
    (id, number): (i64, i64),
    data: &super::tracker::TrackerData,
    lines: &[super::BoroughLine],
) -> Result<Vec<crate::audit::AuditEvent>, AppError> {
    let mut entities = vec![("recommendation", id)];
    let mut milestone_ids: Vec<i64> = data
        .milestone_revisions
        .iter()
        .filter(|m| m.recommendation_number == number)
        .map(|m| m.id)
        .collect();
    milestone_ids.dedup();
    entities.extend(milestone_ids.into_iter().map(|id| ("milestone", id)));
    entities.extend(lines.iter().map(|line| ("borough_line", line.id)));
    entities.extend(
        data.updates
            .iter()
            .filter(|u| u.recommendation_number == number)
            .map(|u| ("progress_update", u.id)),
    );
    let mut events = Vec::new();
    for (entity_type, id) in entities {
        events.extend(crate::audit::db::entity_history(conn, entity_type, &id.to_string()).await?);
    }
    events.sort_by_key(|event| event.id);
    Ok(events)
}

/// Milestones not done by `today`, each as a dated item.
fn milestone_items(
    rows: &[TrackerRow],
    milestones: &[super::Milestone],
    today: NaiveDate,
) -> Vec<DueItem> {
    let title = |number: i64| {
        rows.iter()
            .find(|r| r.recommendation.number == number)
            .map(|r| r.recommendation.recommendation.clone())
            .unwrap_or_default()
    };
    milestones
        .iter()
        .filter(|m| m.done_on.is_none_or(|done| done > today))
        .map(|m| DueItem {
            recommendation_number: m.recommendation_number,
            recommendation: title(m.recommendation_number),
            what: m.title.clone(),
            due_on: m.due_on,
            owner_name: m.owner_name.clone(),
        })
        .collect()
}

/// The end of each target window not yet reported complete, as a dated item.
fn window_items(rows: &[TrackerRow]) -> Vec<DueItem> {
    rows.iter()
        .filter(|row| {
            !row.latest
                .as_ref()
                .is_some_and(|u| u.status == super::Status::Complete)
        })
        .filter_map(|row| {
            row.window.map(|(_, end)| DueItem {
                recommendation_number: row.recommendation.number,
                recommendation: row.recommendation.recommendation.clone(),
                what: "End of the target window".to_owned(),
                due_on: end,
                owner_name: row.plan.owner_name.clone(),
            })
        })
        .collect()
}

fn by_date(mut items: Vec<DueItem>) -> Vec<DueItem> {
    items.sort_by(|a, b| {
        a.due_on
            .cmp(&b.due_on)
            .then(a.recommendation_number.cmp(&b.recommendation_number))
    });
    items
}

pub async fn overview(
    db: &Db,
    user: &CurrentUser,
    icb: &str,
    today: NaiveDate,
) -> Result<Overview, AppError> {
    let mut conn = db.conn().await?;
    let data = db::tracker_data(&mut conn, icb).await?;
    let rows = rows_as_at(&data, today);
    let milestones = milestones_as_at(&data.milestone_revisions, end_of(today));
    let mut items = milestone_items(&rows, &milestones, today);
    items.extend(window_items(&rows));
    let items = by_date(items);
    let soon = today.checked_add_days(Days::new(30)).unwrap_or(today);
    let trend = quarter_ends(data.programme_start.unwrap_or(today), today)
        .into_iter()
        .map(|date| {
            let rows = rows_as_at(&data, date);
            let count = |rag: Rag| rows.iter().filter(|r| r.derived.rag == rag).count();
            TrendPoint {
                date,
                red: count(Rag::Red),
                amber: count(Rag::Amber),
                green: count(Rag::Green),
            }
        })
        .collect();
    Ok(Overview {
        today,
        programme_start: data.programme_start,
        programme_start_version: db::programme_start_version(&mut conn, icb).await?,
        overdue: items.iter().filter(|i| i.due_on < today).cloned().collect(),
        due_soon: items
            .into_iter()
            .filter(|i| i.due_on >= today && i.due_on <= soon)
            .collect(),
        trend,
        can_plan: service::can_plan(user, icb),
    })
}

pub async fn my_actions(
    db: &Db,
    user: &CurrentUser,
    icb: &str,
    today: NaiveDate,
) -> Result<MyActions, AppError> {
    let mut conn = db.conn().await?;
    let data = db::tracker_data(&mut conn, icb).await?;
    let rows = rows_as_at(&data, today);
    let mine: Vec<super::Milestone> = milestones_as_at(&data.milestone_revisions, end_of(today))
        .into_iter()
        .filter(|m| m.owner_id == Some(user.id))
        .collect();
    let milestones = by_date(milestone_items(&rows, &mine, today));
    Ok(MyActions {
        today,
        recommendations: rows
            .into_iter()
            .filter(|r| r.plan.owner_id == Some(user.id))
            .collect(),
        milestones,
        borough_lines: data
            .borough_lines
            .into_iter()
            .filter(|line| line.owner_id == Some(user.id))
            .collect(),
    })
}
