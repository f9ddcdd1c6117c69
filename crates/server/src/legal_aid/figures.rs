//! An office's figures for a period, as JSON and as CSV.

use super::*;

/// Midnight at the start of `date` in Asia/Shanghai.
pub(crate) fn day_start(date: NaiveDate) -> DateTime<Utc> {
    shanghai()
        .from_local_datetime(&date.and_time(NaiveTime::MIN))
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

type FiguresRow = (String, i64, i64, i64, i64, i64, i64, i64, Option<f64>);

/// Each office's figures for the days `from..=to` (Asia/Shanghai).
pub async fn office_figures(
    pool: &PgPool,
    query: &LegalAidFiguresQuery,
) -> Result<LegalAidFigures, ServerError> {
    if query.to < query.from {
        return Err(ServerError::BadRequest("`to` is before `from`".into()));
    }
    let mut conn = pool.acquire().await?;
    let reference = load_reference(&mut conn).await?;
    let offices: Vec<&LegalAidOffice> = match &query.office_code {
        Some(code) => vec![office(&reference, code)?],
        None => reference.offices.iter().collect(),
    };
    let start = day_start(query.from);
    let end = day_start(query.to.checked_add_days(Days::new(1)).unwrap_or(query.to));
    let rows: Vec<FiguresRow> = sqlx::query_as(
        "SELECT office_code,
                count(*) FILTER (WHERE kind = 'consultation' AND status = 'answered'),
                count(*) FILTER (WHERE kind = 'application' AND status IN ('received', 'transferred')),
                count(*) FILTER (WHERE status = 'accepted'),
                count(*) FILTER (WHERE status = 'approved'),
                count(*) FILTER (WHERE status = 'refused'),
                count(*) FILTER (WHERE status = 'assigned'),
                count(*) FILTER (WHERE status = 'assigned'
                    AND ((at AT TIME ZONE 'UTC') + interval '8 hours')::date
                      = ((since AT TIME ZONE 'UTC') + interval '8 hours')::date),
                (avg(extract(epoch FROM at - since)) FILTER (WHERE status = 'assigned')
                    / 3600.0)::float8
           FROM legal_aid_events
          WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR office_code = $3)
          GROUP BY office_code",
    )
    .bind(start)
    .bind(end)
    .bind(&query.office_code)
    .fetch_all(&mut *conn)
    .await?;
    let by_office: HashMap<String, FiguresRow> =
        rows.into_iter().map(|r| (r.0.clone(), r)).collect();
    // Ratings of the office's applications and consultations received in the period (the
    // server's clock, as the county's ratings figures count them).
    let rated: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT r.office_code, count(*),
                count(*) FILTER (WHERE g.level IN ('dissatisfied', 'very_dissatisfied'))
           FROM ratings g JOIN legal_aid_requests r ON r.tracking_number = g.tracking_number
          WHERE g.service IN ('legal_aid', 'consultation')
            AND g.received_at >= $1 AND g.received_at < $2
            AND ($3::text IS NULL OR r.office_code = $3)
          GROUP BY r.office_code",
    )
    .bind(start)
    .bind(end)
    .bind(&query.office_code)
    .fetch_all(&mut *conn)
    .await?;
    let rated: HashMap<String, (i64, i64)> = rated
        .into_iter()
        .map(|(o, all, poor)| (o, (all, poor)))
        .collect();
    let n = |v: i64| v.max(0) as u64;
    Ok(LegalAidFigures {
        from: query.from,
        to: query.to,
        offices: offices
            .into_iter()
            .map(|o| {
                let r = by_office.get(&o.code);
                OfficeFigures {
                    office_code: o.code.clone(),
                    office_name: o.name.zh_cn.clone(),
                    consultations_answered: r.map_or(0, |r| n(r.1)),
                    applications_received: r.map_or(0, |r| n(r.2)),
                    accepted: r.map_or(0, |r| n(r.3)),
                    approved: r.map_or(0, |r| n(r.4)),
                    refused: r.map_or(0, |r| n(r.5)),
                    assigned: r.map_or(0, |r| n(r.6)),
                    assigned_same_day: r.map_or(0, |r| n(r.7)),
                    average_hours_to_assignment: r
                        .and_then(|r| r.8)
                        .map(|h| (h * 10.0).round() / 10.0),
                    ratings_given: rated.get(&o.code).map_or(0, |r| n(r.0)),
                    ratings_poor: rated.get(&o.code).map_or(0, |r| n(r.1)),
                }
            })
            .collect(),
    })
}

/// Column ids of the CSV header (Fluent ids).
const CSV_COLUMNS: [&str; 13] = [
    "legal-aid-figures-office-code",
    "legal-aid-figures-office-name",
    "legal-aid-figures-period",
    "legal-aid-figures-consultations-answered",
    "legal-aid-figures-applications-received",
    "legal-aid-figures-accepted",
    "legal-aid-figures-approved",
    "legal-aid-figures-refused",
    "legal-aid-figures-assigned",
    "legal-aid-figures-assigned-same-day",
    "legal-aid-figures-average-hours-to-assignment",
    "legal-aid-figures-ratings-given",
    "legal-aid-figures-ratings-poor",
];

/// The figures as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese right), a
/// header in `lang`, one row per office.
pub fn figures_to_csv(figures: &LegalAidFigures, lang: &str) -> Result<Vec<u8>, ServerError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let header: Vec<String> = CSV_COLUMNS
            .iter()
            .map(|id| borderdesk_i18n::message(lang, id, &[]))
            .collect();
        w.write_record(&header).map_err(internal)?;
        let period = format!("{}~{}", figures.from, figures.to);
        for o in &figures.offices {
            w.write_record([
                o.office_code.clone(),
                o.office_name.clone(),
                period.clone(),
                o.consultations_answered.to_string(),
                o.applications_received.to_string(),
                o.accepted.to_string(),
                o.approved.to_string(),
                o.refused.to_string(),
                o.assigned.to_string(),
                o.assigned_same_day.to_string(),
                o.average_hours_to_assignment
                    .map(|h| format!("{h:.1}"))
                    .unwrap_or_default(),
                o.ratings_given.to_string(),
                o.ratings_poor.to_string(),
            ])
            .map_err(internal)?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// The figures as a CSV download in `lang` (`zh-TW` or `en`; anything else: zh-CN).
pub fn figures_csv_response(
    figures: &LegalAidFigures,
    lang: Option<&str>,
) -> Result<Response, ServerError> {
    let lang = ["zh-TW", "en"]
        .into_iter()
        .find(|l| lang == Some(*l))
        .unwrap_or("zh-CN");
    let body = figures_to_csv(figures, lang)?;
    let name = format!(
        "attachment; filename=\"legal-aid-figures-{}-{}.csv\"",
        figures.from, figures.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}

/// Records that `staff_id` downloaded `figures` (through `device`, or the console).
pub async fn audit_figures_export(
    pool: &PgPool,
    staff_id: Uuid,
    device: Option<Uuid>,
    figures: &LegalAidFigures,
    office_code: Option<&str>,
) -> Result<(), ServerError> {
    let mut conn = pool.acquire().await?;
    let via = if device.is_some() {
        "device"
    } else {
        "console"
    };
    audit(
        &mut conn,
        Some(staff_id),
        device,
        "legal_aid_figures_export",
        office_code,
        json!({ "from": figures.from, "to": figures.to, "via": via }),
    )
    .await
}

/// Figures are for the office's own officers (their office only: asking for every office
/// gives theirs) and for admins (any office, or all). Returns the query narrowed to that.
pub(super) fn figures_query(
    staff: &Staff,
    query: &LegalAidFiguresQuery,
) -> Result<LegalAidFiguresQuery, ServerError> {
    staff
        .require(Permission::ViewFigures)
        .or_else(|_| staff.require(Permission::DecideLegalAid))?;
    let office_code = staff_rules::figures_scope(
        staff.role(),
        staff.info.office_code.as_deref(),
        query.office_code.as_deref(),
    )?;
    Ok(LegalAidFiguresQuery {
        office_code,
        ..query.clone()
    })
}
