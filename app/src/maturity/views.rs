//! The maturity pages' read models: a round as one user may see it, moderation, the
//! heatmap, a borough's rounds over time, a domain's ranking, the framework.

use super::db;
use super::model::{
    related_categories, Agreed, BoroughHistory, DomainRanking, DomainScale, DomainSpread,
    FrameworkPage, GapAction, GapStatus, Heatmap, HeatmapRow, LinkedPlanAction, MaturityDomain,
    MaturityOverview, ModerationView, PublishedLevel, RankEntry, Rating, Round, RoundStatus,
    RoundView,
};
use super::service::{can_edit_framework, can_manage, can_see, framework_of, round_of};
use crate::auth::{CurrentUser, Scope};
use crate::borough_plans::BoroughAction;
use crate::error::AppError;
use crate::plumbing::{Conn, Db};
use crate::recommendations::Recommendation;
use chrono::NaiveDate;

/// Which of a round's ratings `user` may read now, and a sentence if some are hidden.
/// Ratings are stored only when a participant submits, so "others' ratings" are every
/// stored rating: a participant sees them once they have submitted their own; the
/// borough's managers see them from moderation on; everyone once the round is published.
pub fn visible_ratings(
    round: &Round,
    is_participant: bool,
    has_submitted: bool,
    manages: bool,
    ratings: Vec<Rating>,
) -> (Vec<Rating>, Option<String>) {
    let after_scoring = matches!(
        round.status,
        RoundStatus::Moderation | RoundStatus::Agreed | RoundStatus::Published
    );
    if round.status == RoundStatus::Published
        || (after_scoring && (manages || is_participant))
        || has_submitted
    {
        return (ratings, None);
    }
    let note = match (round.status, is_participant) {
        (RoundStatus::Scoring, true) => {
            "Other participants' ratings stay hidden until you submit your own."
        }
        _ => "Ratings stay hidden until scoring closes, so that nobody's view sways another's.",
    };
    let hidden = !ratings.is_empty() || round.status == RoundStatus::Scoring;
    (Vec::new(), hidden.then(|| note.to_owned()))
}

/// The action Linkway proposes for a domain whose agreed level is below its target, with
/// the borough's plan actions in that domain and the recommendations they and the domain
/// relate to; the lead's answer (if any) replaces the proposal's status and wording.
pub fn gap_action(
    agreed: &Agreed,
    scale: &DomainScale,
    plan_actions: &[BoroughAction],
    recommendations: &[Recommendation],
    answer: Option<&db::GapRow>,
) -> Option<GapAction> {
    if agreed.level >= agreed.target_level {
        return None;
    }
    let in_domain: Vec<&BoroughAction> = plan_actions
        .iter()
        .filter(|a| a.domain == scale.name)
        .collect();
    let mut numbers: Vec<i64> = in_domain
        .iter()
        .flat_map(|a| a.recommendations.iter().copied())
        .chain(
            recommendations
                .iter()
                .filter(|r| related_categories(scale.position).contains(&r.category.as_str()))
                .map(|r| r.number),
        )
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    let proposal = format!(
        "Raise {} from {} to {}",
        scale.name,
        scale.level_name(agreed.level),
        scale.level_name(agreed.target_level)
    );
    let version = answer.map_or(0, |row| row.version);
    // The wording settled on is kept, accepted or (later) dismissed.
    let (title, status) = match answer {
        Some(row) if !row.title.trim().is_empty() => (row.title.clone(), row.status),
        Some(row) => (proposal, row.status),
        None => (proposal, GapStatus::Proposed),
    };
    Some(GapAction {
        domain: scale.position,
        title,
        status,
        plan_actions: in_domain
            .iter()
            .map(|a| LinkedPlanAction {
                id: a.id,
                label: format!("{}) {}", a.number, a.title),
            })
            .collect(),
        recommendations: numbers,
        version,
    })
}

async fn gap_actions_of(
    conn: &mut Conn,
    round: &Round,
    scales: &[DomainScale],
    agreed: &[Agreed],
) -> Result<Vec<GapAction>, AppError> {
    let plan = crate::borough_plans::db::borough_actions(conn, &round.borough_code).await?;
    let icb = crate::boroughs::db::icb_of_borough(conn, &round.borough_code)
        .await?
        .unwrap_or_default();
    let recommendations = crate::recommendations::db::list_recommendations(conn, &icb).await?;
    let answers = db::gap_actions(conn, round.id).await?;
    Ok(agreed
        .iter()
        .filter_map(|a| {
            let scale = scales.iter().find(|s| s.position == a.domain)?;
            let answer = answers.iter().find(|g| g.domain == a.domain);
            gap_action(a, scale, &plan, &recommendations, answer)
        })
        .collect())
}

pub async fn round_view(db: &Db, user: &CurrentUser, id: i64) -> Result<RoundView, AppError> {
    let mut conn = db.conn().await?;
    let round = round_of(&mut conn, id).await?;
    let participants = db::participants(&mut conn, id).await?;
    if !can_see(user, &round, &participants) {
        return Err(AppError::Forbidden);
    }
    let manages = can_manage(user, &round.borough_code);
    let me = participants.iter().find(|p| p.user_id == user.id);
    let (ratings, hidden_note) = visible_ratings(
        &round,
        me.is_some(),
        me.is_some_and(|p| p.submitted),
        manages,
        db::ratings(&mut conn, id).await?,
    );
    let framework = framework_of(&mut conn, &round).await?;
    let agreed = if matches!(round.status, RoundStatus::Agreed | RoundStatus::Published) || manages
    {
        db::agreed(&mut conn, id).await?
    } else {
        Vec::new()
    };
    let gap_actions = gap_actions_of(&mut conn, &round, &framework.domains, &agreed).await?;
    let people = if manages && round.status == RoundStatus::Draft {
        crate::auth::db::people_around(&mut conn, &round.borough_code).await?
    } else {
        Vec::new()
    };
    Ok(RoundView {
        can_rate: round.status == RoundStatus::Scoring && me.is_some_and(|p| !p.submitted),
        can_manage: manages,
        round,
        framework,
        participants,
        ratings,
        hidden_note,
        agreed,
        gap_actions,
        people,
    })
}

pub async fn moderation_view(
    db: &Db,
    user: &CurrentUser,
    id: i64,
) -> Result<ModerationView, AppError> {
    let mut conn = db.conn().await?;
    let round = round_of(&mut conn, id).await?;
    if !can_manage(user, &round.borough_code) {
        return Err(AppError::Forbidden);
    }
    // Ratings stay hidden until scoring closes, from managers too.
    if matches!(round.status, RoundStatus::Draft | RoundStatus::Scoring) {
        return Err(AppError::BadRequest {
            message: format!(
                "Moderation opens when scoring closes. This round is in {}.",
                round.status.label().to_lowercase()
            ),
        });
    }
    let framework = framework_of(&mut conn, &round).await?;
    let ratings = db::ratings(&mut conn, id).await?;
    let agreed = db::agreed(&mut conn, id).await?;
    let gaps = gap_actions_of(&mut conn, &round, &framework.domains, &agreed).await?;
    let undecided = framework
        .domains
        .iter()
        .filter(|d| !agreed.iter().any(|a| a.domain == d.position))
        .map(|d| d.name.clone())
        .collect();
    let domains = framework
        .domains
        .into_iter()
        .map(|scale| {
            let ratings: Vec<Rating> = ratings
                .iter()
                .filter(|r| r.domain == scale.position)
                .cloned()
                .collect();
            DomainSpread {
                min: ratings.iter().map(|r| r.level).min(),
                max: ratings.iter().map(|r| r.level).max(),
                agreed: agreed.iter().find(|a| a.domain == scale.position).cloned(),
                gap: gaps.iter().find(|g| g.domain == scale.position).cloned(),
                ratings,
                scale,
            }
        })
        .collect();
    Ok(ModerationView {
        round,
        domains,
        undecided,
    })
}

/// Each borough's latest published round (by date, then the later one entered) and its
/// agreed level per domain; boroughs with nothing published have empty rows.
pub fn heatmap(
    boroughs: &[(String, String)],
    domains: Vec<MaturityDomain>,
    levels: &[PublishedLevel],
) -> Heatmap {
    let rows = boroughs
        .iter()
        .map(|(code, name)| {
            let latest = levels
                .iter()
                .filter(|l| &l.round.borough_code == code)
                .map(|l| &l.round)
                .max_by_key(|round| (round.held_on, round.id))
                .cloned();
            let cells = domains
                .iter()
                .map(|domain| {
                    latest.as_ref().and_then(|round| {
                        levels
                            .iter()
                            .find(|l| l.round.id == round.id && l.domain == domain.position)
                            .map(|l| (l.level, l.level_name.clone()))
                    })
                })
                .collect();
            HeatmapRow {
                borough_code: code.clone(),
                borough_name: name.clone(),
                round: latest,
                cells,
            }
        })
        .collect();
    Heatmap {
        domains,
        rows,
        unpublished: 0,
    }
}

/// The boroughs whose maturity the user reads (code, name): those of the ICBs they reach.
async fn borough_pairs(
    conn: &mut Conn,
    user: &CurrentUser,
) -> Result<Vec<(String, String)>, AppError> {
    boroughs_in(conn, user, &Scope::Region).await
}

/// The boroughs of `area` whose maturity the user reads (code, name).
async fn boroughs_in(
    conn: &mut Conn,
    user: &CurrentUser,
    area: &Scope,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::boroughs::db::list_boroughs(conn)
        .await?
        .into_iter()
        .filter(|b| user.reaches_borough(&b.code))
        .filter(|b| match area {
            Scope::Region => true,
            Scope::Icb(icb) => &b.icb_code == icb,
            Scope::Borough(code) => &b.code == code,
        })
        .map(|b| (b.code, b.name))
        .collect())
}

/// The heatmap of `area` as `user` reads it. Across the region it lists only the boroughs
/// with a published round, and counts the others in `unpublished`.
pub async fn load_heatmap(
    conn: &mut Conn,
    user: &CurrentUser,
    area: &Scope,
) -> Result<Heatmap, AppError> {
    let levels = db::published_levels(conn).await?;
    let mut map = heatmap(
        &boroughs_in(conn, user, area).await?,
        db::list_domains(conn).await?,
        &levels,
    );
    if *area == Scope::Region {
        let before = map.rows.len();
        map.rows.retain(|row| row.round.is_some());
        map.unpublished = before - map.rows.len();
    }
    Ok(map)
}

/// The rounds `user` may open, newest first.
async fn visible_rounds(conn: &mut Conn, user: &CurrentUser) -> Result<Vec<Round>, AppError> {
    let mine = db::rounds_of_participant(conn, user.id).await?;
    Ok(db::rounds(conn)
        .await?
        .into_iter()
        .filter(|r| {
            (r.status == RoundStatus::Published && user.reaches_borough(&r.borough_code))
                || can_manage(user, &r.borough_code)
                || mine.contains(&r.id)
        })
        .collect())
}

/// `/maturity` for `user`, the heatmap of `area` (`london`, an ICB code or a borough code;
/// empty: the viewer's own).
pub async fn overview(
    db: &Db,
    user: &CurrentUser,
    area: &str,
    today: NaiveDate,
) -> Result<MaturityOverview, AppError> {
    let mut conn = db.conn().await?;
    let (scope, area) = crate::boroughs::area::area_in_view(&mut conn, user, area).await?;
    let boroughs = borough_pairs(&mut conn, user).await?;
    Ok(MaturityOverview {
        heatmap: load_heatmap(&mut conn, user, &scope).await?,
        area,
        rounds: visible_rounds(&mut conn, user).await?,
        can_start: boroughs
            .into_iter()
            .filter(|(code, _)| can_manage(user, code))
            .collect(),
        today,
    })
}

pub async fn borough_history(
    db: &Db,
    user: &CurrentUser,
    code: &str,
) -> Result<BoroughHistory, AppError> {
    let mut conn = db.conn().await?;
    let boroughs = borough_pairs(&mut conn, user).await?;
    let Some((code, name)) = boroughs.into_iter().find(|(c, _)| c == code) else {
        return Err(AppError::not_found("That borough"));
    };
    let domains = db::list_domains(&mut conn).await?;
    let levels = db::published_levels(&mut conn).await?;
    let mut points: Vec<(Round, Vec<Option<i64>>)> = Vec::new();
    for level in levels.iter().filter(|l| l.round.borough_code == code) {
        if !points.iter().any(|(round, _)| round.id == level.round.id) {
            let cells = domains
                .iter()
                .map(|d| {
                    levels
                        .iter()
                        .find(|l| l.round.id == level.round.id && l.domain == d.position)
                        .map(|l| l.level)
                })
                .collect();
            points.push((level.round.clone(), cells));
        }
    }
    // The latest published round's target for each domain, where it set one.
    let targets = points.last().map_or_else(
        || vec![None; domains.len()],
        |(latest, _)| {
            domains
                .iter()
                .map(|d| {
                    levels
                        .iter()
                        .find(|l| l.round.id == latest.id && l.domain == d.position)
                        .map(|l| l.target_level)
                })
                .collect()
        },
    );
    let rounds = visible_rounds(&mut conn, user)
        .await?
        .into_iter()
        .filter(|r| r.borough_code == code)
        .collect();
    Ok(BoroughHistory {
        borough_code: code,
        borough_name: name,
        domains,
        points,
        targets,
        rounds,
    })
}

pub async fn domain_ranking(
    db: &Db,
    user: &CurrentUser,
    position: i64,
) -> Result<DomainRanking, AppError> {
    let mut conn = db.conn().await?;
    let domains = db::list_domains(&mut conn).await?;
    let Some(domain) = domains.iter().find(|d| d.position == position).cloned() else {
        return Err(AppError::not_found("That maturity domain"));
    };
    let levels = db::published_levels(&mut conn).await?;
    let map = heatmap(&borough_pairs(&mut conn, user).await?, domains, &levels);
    let mut latest: Vec<PublishedLevel> = map
        .rows
        .iter()
        .filter_map(|row| {
            let round = row.round.as_ref()?;
            levels
                .iter()
                .find(|l| l.round.id == round.id && l.domain == position)
                .cloned()
        })
        .collect();
    latest.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then_with(|| a.round.borough_name.cmp(&b.round.borough_name))
    });
    let mut entries = Vec::new();
    for (index, level) in latest.iter().enumerate() {
        // Equal levels share a rank: 1, 2, 2, 4.
        let rank = latest
            .iter()
            .position(|l| l.level == level.level)
            .map_or(index + 1, |first| first + 1);
        let evidence = db::ratings(&mut conn, level.round.id)
            .await?
            .into_iter()
            .filter(|r| r.domain == position && !r.evidence.is_empty())
            .map(|r| (r.rater, r.evidence))
            .collect();
        entries.push(RankEntry {
            rank,
            level: level.clone(),
            evidence,
        });
    }
    let unassessed = map
        .rows
        .iter()
        .filter(|row| row.round.is_none())
        .map(|row| row.borough_name.clone())
        .collect();
    Ok(DomainRanking {
        domain,
        entries,
        unassessed,
    })
}

pub async fn framework_page(
    db: &Db,
    user: &CurrentUser,
    number: Option<i64>,
) -> Result<FrameworkPage, AppError> {
    let mut conn = db.conn().await?;
    let current = db::current_framework_number(&mut conn).await?;
    let framework = db::framework(&mut conn, number.unwrap_or(current))
        .await?
        .ok_or_else(|| AppError::not_found("That framework version"))?;
    Ok(FrameworkPage {
        can_edit: can_edit_framework(user) && framework.number == current,
        framework,
        versions: db::framework_versions(&mut conn).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(id: i64, borough: &str, held_on: &str, status: RoundStatus) -> Round {
        Round {
            id,
            borough_code: borough.into(),
            borough_name: borough.into(),
            title: format!("Round {id}"),
            held_on: NaiveDate::parse_from_str(held_on, "%Y-%m-%d").unwrap(),
            status,
            illustrative: false,
            framework_version: 1,
        }
    }

    fn rating(user_id: i64) -> Rating {
        Rating {
            user_id,
            rater: format!("Rater {user_id}"),
            domain: 1,
            level: 2,
            evidence: "Minutes".into(),
            rationale: String::new(),
        }
    }

    #[test]
    fn a_participant_sees_no_ratings_until_they_submit() {
        let scoring = round(1, "camden", "2026-10-01", RoundStatus::Scoring);
        let (seen, note) = visible_ratings(&scoring, true, false, false, vec![rating(2)]);
        assert!(seen.is_empty());
        assert!(note.unwrap().contains("until you submit"));
        let (seen, note) = visible_ratings(&scoring, true, true, false, vec![rating(2)]);
        assert_eq!(seen.len(), 1);
        assert!(note.is_none());
        // The lead who is not rating waits for moderation.
        let (seen, _) = visible_ratings(&scoring, false, false, true, vec![rating(2)]);
        assert!(seen.is_empty());
        let moderation = round(1, "camden", "2026-10-01", RoundStatus::Moderation);
        let (seen, _) = visible_ratings(&moderation, false, false, true, vec![rating(2)]);
        assert_eq!(seen.len(), 1);
    }

    #[test]
    fn the_heatmap_takes_each_boroughs_latest_published_round() {
        let level = |round: Round, domain: i64, level: i64| PublishedLevel {
            round,
            domain,
            level,
            target_level: level,
            level_name: format!("{level} L"),
            rationale: String::new(),
        };
        let old = round(1, "barnet", "2025-03-01", RoundStatus::Published);
        let new = round(2, "barnet", "2026-03-01", RoundStatus::Published);
        let levels = vec![level(old, 1, 2), level(new.clone(), 1, 4), level(new, 2, 3)];
        let boroughs = vec![
            ("barnet".to_owned(), "Barnet".to_owned()),
            ("enfield".to_owned(), "Enfield".to_owned()),
        ];
        let domains = vec![
            MaturityDomain {
                position: 1,
                name: "A".into(),
            },
            MaturityDomain {
                position: 2,
                name: "B".into(),
            },
            MaturityDomain {
                position: 3,
                name: "C".into(),
            },
        ];
        let map = heatmap(&boroughs, domains, &levels);
        assert_eq!(map.rows[0].round.as_ref().map(|r| r.id), Some(2));
        assert_eq!(
            map.rows[0].cells,
            vec![Some((4, "4 L".into())), Some((3, "3 L".into())), None]
        );
        assert!(map.rows[1].round.is_none());
        assert_eq!(map.rows[1].cells, vec![None, None, None]);
    }
}
