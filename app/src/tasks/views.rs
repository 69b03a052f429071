//! Gathers what each capability says a person owes.

use super::model::MyTasks;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::plumbing::Db;
use chrono::NaiveDate;

pub async fn my_tasks(db: &Db, user: &CurrentUser, today: NaiveDate) -> Result<MyTasks, AppError> {
    let mut tasks = crate::returns::tasks::owed(db, user, today).await?;
    let mut conn = db.conn().await?;
    tasks.extend(crate::maturity::tasks::owed(&mut conn, user, today).await?);
    tasks.extend(crate::recommendations::tasks::owed(&mut conn, user, today).await?);
    tasks.extend(crate::borough_plans::tasks::owed(&mut conn, user, today).await?);
    tasks.extend(crate::chest::tasks::owed(&mut conn, user, today).await?);
    Ok(MyTasks::sorted(today, tasks))
}
