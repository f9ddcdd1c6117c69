//! Remote video notarization (远程视频公证): matters, offices and booking slot rules.
//!
//! Matters and offices are reference data (see `crates/local/data/sample-notary.json`); this
//! module interprets them. It decides which offices may take a matter (公证法 Art. 25), whether a
//! matter may be done by video at all (Art. 26 and office rules), which slots an office's
//! calendar offers, and whether a booking, a cancellation or a reschedule is allowed.
//!
//! Every time is Asia/Shanghai. China has used UTC+8 all year since 1991 (no DST), so a fixed
//! offset is exact, and slots are computed in it whatever zone the device's clock is set to.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{LocalizedText, Material, Province};

pub use crate::time::{shanghai, shanghai_date, SHANGHAI_OFFSET_SECONDS};

/// How many alternatives the server offers when it rejects a booking at sync.
pub const ALTERNATIVES_ON_REJECT: usize = 3;

/// Where a matter may be notarized, per 公证法 Art. 25.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CompetenceBasis {
    /// 住所地 (户籍所在地)
    Domicile,
    /// 经常居住地
    HabitualResidence,
    /// 行为地
    ActPlace,
    /// 事实发生地
    EventPlace,
    /// 不动产所在地: a matter about real estate goes to where the property is.
    PropertyLocation,
}

/// A kind of notarization a citizen can ask for (亲属关系, 学历, 委托 ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotaryMatter {
    /// Stable code, e.g. `GZ-QSGX`.
    pub code: String,
    pub name: LocalizedText,
    /// The matter may be done by video. When false, the UI explains `not_remote_reason` and
    /// offers an in-person appointment; it never hides the matter.
    pub remote_allowed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub not_remote_reason: Option<LocalizedText>,
    pub materials: Vec<Material>,
    /// Which places make an office competent, in the order the UI should prefer them.
    pub competence: Vec<CompetenceBasis>,
    /// The matter is sample data shipped with the app, not the official list.
    #[serde(default)]
    pub sample: bool,
}

/// One stretch of opening time within a day, e.g. 08:30–11:30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpeningPeriod {
    /// Local (Asia/Shanghai) time, "HH:MM".
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Opening periods per weekday; a missing day is closed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeeklyHours {
    #[serde(default)]
    pub monday: Vec<OpeningPeriod>,
    #[serde(default)]
    pub tuesday: Vec<OpeningPeriod>,
    #[serde(default)]
    pub wednesday: Vec<OpeningPeriod>,
    #[serde(default)]
    pub thursday: Vec<OpeningPeriod>,
    #[serde(default)]
    pub friday: Vec<OpeningPeriod>,
    #[serde(default)]
    pub saturday: Vec<OpeningPeriod>,
    #[serde(default)]
    pub sunday: Vec<OpeningPeriod>,
}

impl WeeklyHours {
    pub fn on(&self, day: Weekday) -> &[OpeningPeriod] {
        match day {
            Weekday::Mon => &self.monday,
            Weekday::Tue => &self.tuesday,
            Weekday::Wed => &self.wednesday,
            Weekday::Thu => &self.thursday,
            Weekday::Fri => &self.friday,
            Weekday::Sat => &self.saturday,
            Weekday::Sun => &self.sunday,
        }
    }
}

/// An office's booking calendar for video notarization. All times are Asia/Shanghai.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeCalendar {
    pub weekly: WeeklyHours,
    /// Hours on an extra working day (调休, a working weekend). Empty: Monday's hours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_workday_hours: Vec<OpeningPeriod>,
    /// Length of a video appointment.
    pub slot_minutes: u32,
    /// How many appointments a slot takes (one per notary on duty).
    pub capacity_per_slot: u32,
    /// Preparation time before a slot; it must fit inside the opening period.
    pub buffer_before_minutes: u32,
    /// Wrap-up time after a slot; it must fit inside the opening period.
    pub buffer_after_minutes: u32,
    /// A slot can be booked only this long before it starts.
    pub min_notice_hours: u32,
    /// Slots are offered up to this many days after today (Asia/Shanghai).
    pub horizon_days: u32,
    /// Days the office is closed although the weekday is open (public holidays).
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// Weekend days the office works (调休).
    #[serde(default)]
    pub extra_workdays: Vec<NaiveDate>,
    /// A booking can be cancelled or moved only this long before it starts.
    pub cancel_notice_hours: u32,
}

/// A notary office (公证处) that takes remote video notarization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotaryOffice {
    /// Stable code, e.g. `GZC-330329`.
    pub code: String,
    pub name: LocalizedText,
    pub province: Province,
    /// 6-digit administrative region codes of the counties it serves (330329 泰顺 ...).
    pub county_codes: Vec<String>,
    /// Codes of the matters it takes.
    pub matters: Vec<String>,
    /// Base of the video link given with a confirmed booking.
    pub video_link_base: String,
    pub calendar: OfficeCalendar,
    #[serde(default)]
    pub sample: bool,
}

/// The reference data as a device caches it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NotaryReference {
    pub matters: Vec<NotaryMatter>,
    pub offices: Vec<NotaryOffice>,
}

impl NotaryReference {
    pub fn matter(&self, code: &str) -> Option<&NotaryMatter> {
        self.matters.iter().find(|m| m.code == code)
    }

    pub fn office(&self, code: &str) -> Option<&NotaryOffice> {
        self.offices.iter().find(|o| o.code == code)
    }
}

/// The applicant's places that can make an office competent: 6-digit county codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompetenceFacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub domicile_county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub residence_county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub act_county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub event_county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub property_county: Option<String>,
}

impl CompetenceFacts {
    /// The county that a basis points at, when the applicant gave it.
    pub fn county(&self, basis: CompetenceBasis) -> Option<&str> {
        match basis {
            CompetenceBasis::Domicile => self.domicile_county.as_deref(),
            CompetenceBasis::HabitualResidence => self.residence_county.as_deref(),
            CompetenceBasis::ActPlace => self.act_county.as_deref(),
            CompetenceBasis::EventPlace => self.event_county.as_deref(),
            CompetenceBasis::PropertyLocation => self.property_county.as_deref(),
        }
    }
}

/// A bookable appointment time. `start` and `end` carry the +08:00 offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Slot {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// Appointments the slot takes in all.
    pub capacity: u32,
}

/// Why a notarization booking rule says no. The code is stable: it is the Fluent message id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotaryError {
    #[error("this matter cannot be notarized by video; book an in-person appointment")]
    NotAllowedRemotely { reason: Option<LocalizedText> },
    #[error("the office does not take this matter")]
    MatterNotOffered,
    #[error("the office is closed on {date} (public holiday)")]
    OnHoliday { date: NaiveDate },
    #[error("the office offers no appointment at this time")]
    NotASlot,
    #[error("appointments must be booked at least {hours} hours ahead")]
    TooSoon { hours: u32 },
    #[error("appointments can be booked at most {days} days ahead")]
    BeyondHorizon { days: u32 },
    #[error("this time is fully booked")]
    SlotFull,
    #[error("appointments can be cancelled or moved at most {hours} hours before they start")]
    CancelTooLate { hours: u32 },
    #[error("the office calendar is not usable: {0}")]
    BadCalendar(&'static str),
    #[error("the video session opens at {opens_at}")]
    VideoNotYet { opens_at: DateTime<FixedOffset> },
    #[error("the video session is over")]
    VideoOver,
}

impl NotaryError {
    /// The stable code, which is also the Fluent message id.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotAllowedRemotely { .. } => "error-notary-not-remote",
            Self::MatterNotOffered => "error-notary-matter-not-offered",
            Self::OnHoliday { .. } => "error-slot-on-holiday",
            Self::NotASlot => "error-slot-not-offered",
            Self::TooSoon { .. } => "error-slot-too-soon",
            Self::BeyondHorizon { .. } => "error-slot-beyond-horizon",
            Self::SlotFull => "error-slot-full",
            Self::CancelTooLate { .. } => "error-cancel-too-late",
            Self::BadCalendar(_) => "error-notary-calendar",
            Self::VideoNotYet { .. } => "error-video-not-yet",
            Self::VideoOver => "error-video-over",
        }
    }

    /// Values the localized message needs, as Fluent arguments.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::OnHoliday { date } => vec![("date", date.format("%Y-%m-%d").to_string())],
            Self::TooSoon { hours } | Self::CancelTooLate { hours } => {
                vec![("hours", hours.to_string())]
            }
            Self::BeyondHorizon { days } => vec![("days", days.to_string())],
            Self::VideoNotYet { opens_at } => vec![
                ("date", opens_at.format("%Y-%m-%d").to_string()),
                ("time", opens_at.format("%H:%M").to_string()),
            ],
            _ => Vec::new(),
        }
    }
}

/// Whether the matter may be booked by video. When not, the error carries the reason from the
/// reference data, so the UI can explain it and offer an in-person appointment instead.
/// A video session can be joined this long before its slot (to test camera and sound).
pub const VIDEO_OPENS_MINUTES_BEFORE: i64 = 15;

/// Whether the video session of a booking at `slot_start` can be joined `now`: from
/// [`VIDEO_OPENS_MINUTES_BEFORE`] before the slot until the slot's end.
pub fn video_session_open<Tz: chrono::TimeZone>(
    slot_start: DateTime<Tz>,
    slot_minutes: u32,
    now: DateTime<Utc>,
) -> Result<(), NotaryError> {
    let start = slot_start.with_timezone(&shanghai());
    let opens = start - TimeDelta::minutes(VIDEO_OPENS_MINUTES_BEFORE);
    if now < opens {
        Err(NotaryError::VideoNotYet { opens_at: opens })
    } else if now > start + minutes(slot_minutes) {
        Err(NotaryError::VideoOver)
    } else {
        Ok(())
    }
}

/// The characters of a cancel code: digits and capitals less every look-alike (0 O Q, 1 I L,
/// and Z S G B beside 2 5 6 8), so a citizen reading the receipt cannot mistake one for another.
pub const CANCEL_CODE_ALPHABET: &[u8] = b"23456789ACDEFHJKMNPRTUVWXY";
/// Characters in a cancel code: 26^8 (about 2·10^11) codes, so guessing within the few wrong
/// tries a booking allows is hopeless.
pub const CANCEL_CODE_LENGTH: usize = 8;

/// A one-time cancel code for a booking receipt, printed in two groups of four (`7KX3-MP9A`).
pub fn new_cancel_code() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    let code: String = (0..CANCEL_CODE_LENGTH)
        .map(|_| char::from(CANCEL_CODE_ALPHABET[rng.gen_range(0..CANCEL_CODE_ALPHABET.len())]))
        .collect();
    format!("{}-{}", &code[..4], &code[4..])
}

/// A cancel code as typed, made comparable: full-width characters (a Chinese input method)
/// become ASCII, letters capitals, and spaces and dashes between the groups go. Six-digit codes
/// printed before codes got longer come through unchanged.
pub fn normalize_cancel_code(typed: &str) -> String {
    typed
        .chars()
        .map(|c| match c {
            // Full-width forms U+FF01..=U+FF5E sit 0xFEE0 above their ASCII twins.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'..='\u{2015}'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// What travels in `Booking::cancel_code_hash` and what the server compares: lowercase hex
/// SHA-256 of `"{booking_id}:{code}"`, the code normalized ([`normalize_cancel_code`]). The
/// clear code is printed on the receipt only.
pub fn cancel_code_hash(booking_id: uuid::Uuid, code: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(
        format!("{booking_id}:{}", normalize_cancel_code(code)).as_bytes(),
    ))
}

pub fn can_book_remotely(matter: &NotaryMatter) -> Result<(), NotaryError> {
    if matter.remote_allowed {
        Ok(())
    } else {
        Err(NotaryError::NotAllowedRemotely {
            reason: matter.not_remote_reason.clone(),
        })
    }
}

/// The bases on which `office` is competent for `matter`, given the applicant's places, in the
/// matter's order. Empty when the office does not take the matter or serves none of them.
pub fn competence_bases(
    matter: &NotaryMatter,
    office: &NotaryOffice,
    facts: &CompetenceFacts,
) -> Vec<CompetenceBasis> {
    if !office.matters.contains(&matter.code) {
        return Vec::new();
    }
    matter
        .competence
        .iter()
        .copied()
        .filter(|&basis| {
            facts
                .county(basis)
                .is_some_and(|county| office.county_codes.iter().any(|c| c == county))
        })
        .collect()
}

/// The offices that may take `matter` for this applicant (公证法 Art. 25). Offices competent
/// by the matter's first basis (usually domicile) come first; otherwise the given order holds.
pub fn competent_offices<'a>(
    matter: &NotaryMatter,
    offices: &'a [NotaryOffice],
    facts: &CompetenceFacts,
) -> Vec<&'a NotaryOffice> {
    let mut hits: Vec<(usize, &NotaryOffice)> = offices
        .iter()
        .filter_map(|office| {
            let first = *competence_bases(matter, office, facts).first()?;
            let rank = matter.competence.iter().position(|&b| b == first)?;
            Some((rank, office))
        })
        .collect();
    hits.sort_by_key(|&(rank, _)| rank);
    hits.into_iter().map(|(_, office)| office).collect()
}

fn minutes(m: u32) -> TimeDelta {
    TimeDelta::minutes(i64::from(m))
}

fn hours(h: u32) -> TimeDelta {
    TimeDelta::hours(i64::from(h))
}

impl OfficeCalendar {
    /// Checks the data before it is used: a zero-length slot or an empty opening period would
    /// offer nothing (or loop), a zero capacity could never be booked.
    pub fn check(&self) -> Result<(), NotaryError> {
        if self.slot_minutes == 0 {
            return Err(NotaryError::BadCalendar("slot_minutes is 0"));
        }
        if self.capacity_per_slot == 0 {
            return Err(NotaryError::BadCalendar("capacity_per_slot is 0"));
        }
        let days = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        let all = days
            .iter()
            .map(|&d| self.weekly.on(d))
            .chain(std::iter::once(self.extra_workday_hours.as_slice()));
        for periods in all {
            if periods.iter().any(|p| p.end <= p.start) {
                return Err(NotaryError::BadCalendar(
                    "an opening period ends before it starts",
                ));
            }
            let mut sorted = periods.to_vec();
            sorted.sort_by_key(|p| p.start);
            if sorted.windows(2).any(|w| w[1].start < w[0].end) {
                return Err(NotaryError::BadCalendar("opening periods overlap"));
            }
        }
        Ok(())
    }

    /// The opening periods of a date: none on a holiday, the extra-workday hours on a 调休
    /// day, the weekday's hours otherwise.
    pub fn periods_on(&self, date: NaiveDate) -> &[OpeningPeriod] {
        if self.holidays.contains(&date) {
            &[]
        } else if self.extra_workdays.contains(&date) {
            if self.extra_workday_hours.is_empty() {
                &self.weekly.monday
            } else {
                &self.extra_workday_hours
            }
        } else {
            self.weekly.on(date.weekday())
        }
    }

    /// Every slot of a date (Asia/Shanghai), ignoring notice and horizon. Each slot's buffers
    /// fit inside its opening period; adjacent slots are spaced by the after and before buffers.
    pub fn day_slots(&self, date: NaiveDate) -> Vec<Slot> {
        if self.slot_minutes == 0 {
            return Vec::new();
        }
        let length = minutes(self.slot_minutes);
        let before = minutes(self.buffer_before_minutes);
        let after = minutes(self.buffer_after_minutes);
        let zone = shanghai();
        let mut out = Vec::new();
        for period in self.periods_on(date) {
            let close = date.and_time(period.end);
            let mut start = date.and_time(period.start) + before;
            while start + length + after <= close {
                out.push(Slot {
                    start: local(zone, start),
                    end: local(zone, start + length),
                    capacity: self.capacity_per_slot,
                });
                start = start + length + after + before;
            }
        }
        out.sort_by_key(|s| s.start);
        out
    }

    /// The last date (Asia/Shanghai) on which slots are offered, seen at `now`.
    pub fn last_bookable_date(&self, now: DateTime<Utc>) -> NaiveDate {
        let today = shanghai_date(&now);
        today
            .checked_add_days(Days::new(u64::from(self.horizon_days)))
            .unwrap_or(NaiveDate::MAX)
    }
}

fn local(zone: FixedOffset, t: chrono::NaiveDateTime) -> DateTime<FixedOffset> {
    t.and_local_timezone(zone)
        .single()
        .expect("a fixed offset maps each local time to one instant")
}

/// The slots a citizen can book, from `from` on, as seen at `now`: within opening hours, not on
/// holidays, at least the minimum notice after `now`, and not beyond the booking horizon.
/// Times are Asia/Shanghai whatever the device's zone.
pub fn slots(calendar: &OfficeCalendar, from: DateTime<Utc>, now: DateTime<Utc>) -> Vec<Slot> {
    let earliest = from.max(now + hours(calendar.min_notice_hours));
    let last = calendar.last_bookable_date(now);
    let mut date = shanghai_date(&earliest);
    let mut out = Vec::new();
    while date <= last {
        out.extend(
            calendar
                .day_slots(date)
                .into_iter()
                .filter(|s| s.start >= earliest),
        );
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    out
}

/// Whether a booking for the slot starting at `slot_start` may be made at `now`, with `taken`
/// appointments already in it. The server runs the same check at sync with its own clock.
pub fn check_booking<Tz: chrono::TimeZone>(
    calendar: &OfficeCalendar,
    slot_start: DateTime<Tz>,
    now: DateTime<Utc>,
    taken: u32,
) -> Result<(), NotaryError> {
    let start = slot_start.with_timezone(&shanghai());
    let date = start.date_naive();
    if calendar.holidays.contains(&date) {
        return Err(NotaryError::OnHoliday { date });
    }
    let Some(slot) = calendar
        .day_slots(date)
        .into_iter()
        .find(|s| s.start == start)
    else {
        return Err(NotaryError::NotASlot);
    };
    if slot.start < now + hours(calendar.min_notice_hours) {
        return Err(NotaryError::TooSoon {
            hours: calendar.min_notice_hours,
        });
    }
    if date > calendar.last_bookable_date(now) {
        return Err(NotaryError::BeyondHorizon {
            days: calendar.horizon_days,
        });
    }
    if taken >= slot.capacity {
        return Err(NotaryError::SlotFull);
    }
    Ok(())
}

/// Whether a booking for the slot starting at `slot_start` may still be cancelled at `now`.
pub fn check_cancel<Tz: chrono::TimeZone>(
    calendar: &OfficeCalendar,
    slot_start: DateTime<Tz>,
    now: DateTime<Utc>,
) -> Result<(), NotaryError> {
    if slot_start.with_timezone(&Utc) < now + hours(calendar.cancel_notice_hours) {
        Err(NotaryError::CancelTooLate {
            hours: calendar.cancel_notice_hours,
        })
    } else {
        Ok(())
    }
}

/// Whether a booking may move from `old_start` to `new_start` at `now`: the old one must still
/// be cancellable and the new one bookable (`taken_new` appointments already in it).
pub fn check_reschedule<Tz: chrono::TimeZone>(
    calendar: &OfficeCalendar,
    old_start: DateTime<Tz>,
    new_start: DateTime<Tz>,
    now: DateTime<Utc>,
    taken_new: u32,
) -> Result<(), NotaryError> {
    check_cancel(calendar, old_start, now)?;
    check_booking(calendar, new_start, now, taken_new)
}

/// The `n` bookable slots with room left that are nearest to `wanted` (by absolute distance;
/// of two equally near, the earlier first). What the server offers when it rejects a booking.
pub fn nearest_free<Tz: chrono::TimeZone>(
    calendar: &OfficeCalendar,
    wanted: DateTime<Tz>,
    now: DateTime<Utc>,
    taken: impl Fn(DateTime<FixedOffset>) -> u32,
    n: usize,
) -> Vec<Slot> {
    let wanted = wanted.with_timezone(&Utc);
    let mut free: Vec<Slot> = slots(calendar, now, now)
        .into_iter()
        .filter(|s| taken(s.start) < s.capacity)
        .collect();
    free.sort_by_key(|s| ((s.start.with_timezone(&Utc) - wanted).abs(), s.start));
    free.truncate(n);
    free
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn cancel_codes_are_long_and_hold_no_look_alikes() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..500 {
            let code = new_cancel_code();
            let bare = normalize_cancel_code(&code);
            assert_eq!(bare.len(), CANCEL_CODE_LENGTH, "{code}");
            assert!(
                code.len() == 9 && code.as_bytes()[4] == b'-',
                "grouped 4-4: {code}"
            );
            for c in bare.bytes() {
                assert!(CANCEL_CODE_ALPHABET.contains(&c), "{code}");
                assert!(!b"0OQ1ILZSGB".contains(&c), "{code}");
            }
            seen.insert(bare);
        }
        assert!(
            seen.len() > 495,
            "codes repeat: {} distinct of 500",
            seen.len()
        );
    }

    #[test]
    fn a_cancel_code_matches_however_it_is_typed() {
        let id = uuid::Uuid::now_v7();
        let printed = "7KX3-MP9A";
        let hash = cancel_code_hash(id, printed);
        for typed in [
            "7KX3MP9A",
            "7kx3 mp9a",
            " 7KX3-MP9A ",
            "７ＫＸ３－ＭＰ９Ａ",
            "7kx3\u{2014}mp9a",
        ] {
            assert_eq!(cancel_code_hash(id, typed), hash, "{typed:?}");
        }
        assert_ne!(cancel_code_hash(id, "7KX3-MP9B"), hash);
        assert_ne!(
            cancel_code_hash(uuid::Uuid::now_v7(), printed),
            hash,
            "bound to the booking"
        );
        // A six-digit code printed before codes grew still hashes as it always did.
        use sha2::{Digest, Sha256};
        let legacy = hex::encode(Sha256::digest(format!("{id}:246810").as_bytes()));
        assert_eq!(cancel_code_hash(id, " 246810"), legacy);
    }

    fn utc(s: &str) -> DateTime<Utc> {
        at(s).with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn period(start: &str, end: &str) -> OpeningPeriod {
        OpeningPeriod {
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
        }
    }

    /// Mon–Fri 08:30–11:30 and 14:00–17:00, 30-minute slots for two notaries, 15 minutes
    /// after each, a day's notice, two weeks ahead; 清明 Monday off, a 调休 Saturday on.
    fn calendar() -> OfficeCalendar {
        let day = vec![period("08:30", "11:30"), period("14:00", "17:00")];
        OfficeCalendar {
            weekly: WeeklyHours {
                monday: day.clone(),
                tuesday: day.clone(),
                wednesday: day.clone(),
                thursday: day.clone(),
                friday: day,
                saturday: vec![],
                sunday: vec![],
            },
            extra_workday_hours: vec![],
            slot_minutes: 30,
            capacity_per_slot: 2,
            buffer_before_minutes: 0,
            buffer_after_minutes: 15,
            min_notice_hours: 24,
            horizon_days: 14,
            holidays: vec![date("2026-04-06")],
            extra_workdays: vec![date("2026-05-09")],
            cancel_notice_hours: 24,
        }
    }

    fn times(slots: &[Slot]) -> Vec<String> {
        slots
            .iter()
            .map(|s| s.start.format("%H:%M").to_string())
            .collect()
    }

    #[test]
    fn a_day_is_cut_into_slots_that_skip_the_lunch_break() {
        let day = calendar().day_slots(date("2026-03-02"));
        assert_eq!(
            times(&day),
            ["08:30", "09:15", "10:00", "10:45", "14:00", "14:45", "15:30", "16:15"]
        );
        let lunch_start = at("2026-03-02T11:30:00+08:00");
        let lunch_end = at("2026-03-02T14:00:00+08:00");
        assert!(day
            .iter()
            .all(|s| s.end <= lunch_start || s.start >= lunch_end));
    }

    #[test]
    fn buffers_fit_inside_opening_hours_and_space_adjacent_slots() {
        let mut cal = calendar();
        cal.buffer_before_minutes = 10;
        cal.buffer_after_minutes = 5;
        let day = cal.day_slots(date("2026-03-02"));
        assert_eq!(
            times(&day),
            ["08:40", "09:25", "10:10", "10:55", "14:10", "14:55", "15:40", "16:25"]
        );
        // 10:55–11:25 plus 5 minutes after ends exactly at closing.
        assert_eq!(day[3].end + minutes(5), at("2026-03-02T11:30:00+08:00"));
        for pair in day[..4].windows(2) {
            assert_eq!(pair[1].start - pair[0].end, minutes(5 + 10));
        }
        // A slot whose wrap-up would run past closing is not offered.
        cal.buffer_after_minutes = 6;
        assert_eq!(cal.day_slots(date("2026-03-02")).len(), 6);
    }

    #[test]
    fn a_device_in_another_time_zone_still_sees_0830_shanghai_slots() {
        let cal = calendar();
        // A Berlin clock in winter (+01:00) and in summer (+02:00), and plain UTC: the first
        // slot is Monday 08:30 in Shanghai, which is 00:30 UTC all year (no DST in China).
        for now in [
            "2026-02-27T09:00:00+01:00",
            "2026-06-26T20:00:00+02:00",
            "2026-06-26T18:00:00Z",
        ] {
            let now = utc(now);
            let first = slots(&cal, now, now)[0];
            assert_eq!(first.start.offset().local_minus_utc(), 8 * 3600);
            assert_eq!(first.start.format("%a %H:%M").to_string(), "Mon 08:30");
            let in_utc = first.start.with_timezone(&Utc);
            assert_eq!((in_utc.hour(), in_utc.minute()), (0, 30));
        }
    }

    #[test]
    fn a_slot_inside_the_minimum_notice_is_neither_offered_nor_bookable() {
        let cal = calendar();
        let now = utc("2026-03-02T09:00:00+08:00");
        let offered = slots(&cal, now, now);
        assert_eq!(offered[0].start, at("2026-03-03T09:15:00+08:00"));
        assert_eq!(
            check_booking(&cal, at("2026-03-03T08:30:00+08:00"), now, 0),
            Err(NotaryError::TooSoon { hours: 24 })
        );
        assert_eq!(
            check_booking(&cal, at("2026-03-03T09:15:00+08:00"), now, 0),
            Ok(())
        );
        // A slot already past is too soon as well.
        assert_eq!(
            check_booking(&cal, at("2026-03-02T08:30:00+08:00"), now, 0),
            Err(NotaryError::TooSoon { hours: 24 })
        );
    }

    #[test]
    fn slots_stop_at_the_booking_horizon_counted_in_shanghai_days() {
        let cal = calendar();
        // Sunday 20:00 UTC is already Monday 04:00 in Shanghai: the horizon counts from Monday.
        for now in ["2026-03-02T09:00:00+08:00", "2026-03-01T20:00:00Z"] {
            let now = utc(now);
            let offered = slots(&cal, now, now);
            assert_eq!(
                offered.last().unwrap().start.date_naive(),
                date("2026-03-16")
            );
            assert_eq!(
                check_booking(&cal, at("2026-03-16T16:15:00+08:00"), now, 0),
                Ok(())
            );
            assert_eq!(
                check_booking(&cal, at("2026-03-17T08:30:00+08:00"), now, 0),
                Err(NotaryError::BeyondHorizon { days: 14 })
            );
        }
    }

    #[test]
    fn an_office_holiday_on_a_weekday_has_no_slots() {
        let cal = calendar();
        let now = utc("2026-03-30T09:00:00+08:00");
        assert!(cal.day_slots(date("2026-04-06")).is_empty());
        assert!(slots(&cal, now, now)
            .iter()
            .all(|s| s.start.date_naive() != date("2026-04-06")));
        assert_eq!(
            check_booking(&cal, at("2026-04-06T08:30:00+08:00"), now, 0),
            Err(NotaryError::OnHoliday {
                date: date("2026-04-06")
            })
        );
    }

    #[test]
    fn a_tiaoxiu_working_saturday_has_slots_and_other_saturdays_do_not() {
        let mut cal = calendar();
        let now = utc("2026-05-06T09:00:00+08:00");
        assert_eq!(cal.day_slots(date("2026-05-09")).len(), 8);
        assert!(cal.day_slots(date("2026-05-16")).is_empty());
        assert_eq!(
            check_booking(&cal, at("2026-05-09T08:30:00+08:00"), now, 0),
            Ok(())
        );
        assert_eq!(
            check_booking(&cal, at("2026-05-16T08:30:00+08:00"), now, 0),
            Err(NotaryError::NotASlot)
        );
        // An office may keep shorter hours on a 调休 day.
        cal.extra_workday_hours = vec![period("09:00", "11:30")];
        assert_eq!(
            times(&cal.day_slots(date("2026-05-09"))),
            ["09:00", "09:45", "10:30"]
        );
    }

    #[test]
    fn a_time_between_slots_is_not_bookable() {
        let cal = calendar();
        let now = utc("2026-03-02T09:00:00+08:00");
        for t in ["2026-03-04T09:00:00+08:00", "2026-03-04T12:00:00+08:00"] {
            assert_eq!(
                check_booking(&cal, at(t), now, 0),
                Err(NotaryError::NotASlot)
            );
        }
        // The same instant written in UTC is the same slot.
        assert_eq!(
            check_booking(&cal, utc("2026-03-04T09:15:00+08:00"), now, 0),
            Ok(())
        );
    }

    #[test]
    fn a_slot_never_takes_more_bookings_than_its_capacity() {
        let cal = calendar();
        let now = utc("2026-03-02T09:00:00+08:00");
        let slot = at("2026-03-04T09:15:00+08:00");
        assert_eq!(check_booking(&cal, slot, now, 1), Ok(()));
        assert_eq!(
            check_booking(&cal, slot, now, 2),
            Err(NotaryError::SlotFull)
        );
        assert_eq!(
            check_booking(&cal, slot, now, 7),
            Err(NotaryError::SlotFull)
        );
    }

    #[test]
    fn cancelling_or_moving_too_close_to_the_appointment_is_refused() {
        let cal = calendar();
        let slot = at("2026-03-03T08:30:00+08:00");
        assert_eq!(
            check_cancel(&cal, slot, utc("2026-03-02T09:00:00+08:00")),
            Err(NotaryError::CancelTooLate { hours: 24 })
        );
        assert_eq!(
            check_cancel(&cal, slot, utc("2026-03-02T08:30:00+08:00")),
            Ok(())
        );
        let now = utc("2026-03-02T09:00:00+08:00");
        assert_eq!(
            check_reschedule(&cal, slot, at("2026-03-05T08:30:00+08:00"), now, 0),
            Err(NotaryError::CancelTooLate { hours: 24 })
        );
        let later = at("2026-03-06T08:30:00+08:00");
        assert_eq!(
            check_reschedule(&cal, later, at("2026-03-05T08:30:00+08:00"), now, 0),
            Ok(())
        );
    }

    #[test]
    fn nearest_free_slots_are_ordered_by_distance_with_ties_earlier_first() {
        let cal = calendar();
        let now = utc("2026-03-02T08:00:00+08:00");
        let wanted = at("2026-03-04T09:15:00+08:00");
        let full = |full: &'static [&'static str]| {
            move |t: DateTime<FixedOffset>| {
                if full.iter().any(|f| at(f) == t) {
                    2
                } else {
                    0
                }
            }
        };
        let got = nearest_free(
            &cal,
            wanted,
            now,
            full(&["2026-03-04T09:15:00+08:00"]),
            ALTERNATIVES_ON_REJECT,
        );
        // 08:30 and 10:00 are both 45 minutes away: the earlier comes first.
        assert_eq!(times(&got), ["08:30", "10:00", "10:45"]);
        let got = nearest_free(
            &cal,
            wanted,
            now,
            full(&["2026-03-04T08:30:00+08:00", "2026-03-04T09:15:00+08:00"]),
            3,
        );
        assert_eq!(times(&got), ["10:00", "10:45", "14:00"]);
        assert!(got
            .iter()
            .all(|s| s.start.date_naive() == date("2026-03-04")));
    }

    #[test]
    fn nearest_free_offers_only_bookable_slots() {
        let cal = calendar();
        let now = utc("2026-03-02T09:00:00+08:00");
        // Wanted on a holiday far beyond the horizon: the nearest are the horizon's last slots.
        let got = nearest_free(&cal, at("2026-04-06T08:30:00+08:00"), now, |_| 0, 3);
        assert_eq!(times(&got), ["16:15", "15:30", "14:45"]);
        for s in &got {
            assert_eq!(check_booking(&cal, s.start, now, 0), Ok(()));
        }
    }

    fn text(s: &str) -> LocalizedText {
        LocalizedText {
            zh_cn: s.into(),
            zh_tw: None,
            en: None,
        }
    }

    fn matter(code: &str, competence: &[CompetenceBasis]) -> NotaryMatter {
        NotaryMatter {
            code: code.into(),
            name: text(code),
            remote_allowed: true,
            not_remote_reason: None,
            materials: vec![],
            competence: competence.to_vec(),
            sample: true,
        }
    }

    fn office(code: &str, county: &str, matters: &[&str]) -> NotaryOffice {
        NotaryOffice {
            code: code.into(),
            name: text(code),
            province: if county.starts_with("33") {
                Province::Zhejiang
            } else {
                Province::Fujian
            },
            county_codes: vec![county.into()],
            matters: matters.iter().map(|m| m.to_string()).collect(),
            video_link_base: format!("https://video.example/{code}"),
            calendar: calendar(),
            sample: true,
        }
    }

    fn codes(offices: Vec<&NotaryOffice>) -> Vec<&str> {
        offices.iter().map(|o| o.code.as_str()).collect()
    }

    #[test]
    fn competent_offices_follow_domicile_and_act_place_domicile_first() {
        use CompetenceBasis::*;
        let declaration = matter("SM", &[Domicile, HabitualResidence, ActPlace]);
        let offices = vec![
            office("fuding", "350982", &["SM"]),
            office("shouning", "350924", &["SM"]),
            office("taishun", "330329", &["SM"]),
        ];
        let facts = CompetenceFacts {
            domicile_county: Some("330329".into()),
            act_county: Some("350982".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(competent_offices(&declaration, &offices, &facts)),
            ["taishun", "fuding"]
        );
        assert_eq!(
            competence_bases(&declaration, &offices[0], &facts),
            [ActPlace]
        );
        // Where an event happened does not count for a matter that does not list it.
        let only_event = CompetenceFacts {
            event_county: Some("350924".into()),
            ..Default::default()
        };
        assert!(competent_offices(&declaration, &offices, &only_event).is_empty());
    }

    #[test]
    fn a_real_estate_matter_goes_only_to_where_the_property_is() {
        use CompetenceBasis::*;
        let property = matter("FC", &[PropertyLocation]);
        let offices = vec![
            office("taishun", "330329", &["FC"]),
            office("fuding", "350982", &["FC"]),
        ];
        let facts = CompetenceFacts {
            domicile_county: Some("330329".into()),
            act_county: Some("330329".into()),
            property_county: Some("350982".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(competent_offices(&property, &offices, &facts)),
            ["fuding"]
        );
    }

    #[test]
    fn an_office_that_does_not_take_the_matter_is_not_competent() {
        use CompetenceBasis::*;
        let kinship = matter("QSGX", &[Domicile]);
        let offices = vec![office("taishun", "330329", &["SM"])];
        let facts = CompetenceFacts {
            domicile_county: Some("330329".into()),
            ..Default::default()
        };
        assert!(competent_offices(&kinship, &offices, &facts).is_empty());
    }

    #[test]
    fn a_broken_calendar_is_caught_before_use() {
        let mut cal = calendar();
        assert_eq!(cal.check(), Ok(()));
        cal.slot_minutes = 0;
        assert_eq!(cal.check().unwrap_err().code(), "error-notary-calendar");
        assert!(cal.day_slots(date("2026-03-02")).is_empty());
        let mut cal = calendar();
        cal.weekly.monday = vec![period("08:30", "11:30"), period("11:00", "12:00")];
        assert!(cal.check().is_err());
        let mut cal = calendar();
        cal.weekly.friday = vec![period("17:00", "14:00")];
        assert!(cal.check().is_err());
    }

    #[test]
    fn error_codes_are_stable_fluent_ids() {
        assert_eq!(NotaryError::SlotFull.code(), "error-slot-full");
        assert_eq!(
            NotaryError::TooSoon { hours: 24 }.args(),
            [("hours", "24".to_string())]
        );
        assert_eq!(
            NotaryError::OnHoliday {
                date: date("2026-10-01")
            }
            .args(),
            [("date", "2026-10-01".to_string())]
        );
    }

    const SAMPLE: &str = include_str!("../../local/data/sample-notary.json");

    fn sample() -> NotaryReference {
        serde_json::from_str(SAMPLE).expect("sample-notary.json reads as NotaryReference")
    }

    #[test]
    fn every_sample_office_calendar_offers_slots() {
        let data = sample();
        assert!(data.offices.len() >= 4);
        for now in ["2026-03-02T09:00:00+08:00", "2027-06-01T09:00:00+08:00"] {
            let now = utc(now);
            for office in &data.offices {
                assert_eq!(office.calendar.check(), Ok(()), "{}", office.code);
                let offered = slots(&office.calendar, now, now);
                assert!(!offered.is_empty(), "{} offers no slot", office.code);
                for s in offered.iter().take(20) {
                    assert_eq!(check_booking(&office.calendar, s.start, now, 0), Ok(()));
                }
            }
        }
    }

    #[test]
    fn sample_offices_take_only_known_matters_and_every_matter_has_an_office() {
        let data = sample();
        for office in &data.offices {
            assert!(office.sample);
            for code in &office.matters {
                assert!(data.matter(code).is_some(), "{} lists {code}", office.code);
            }
        }
        for m in &data.matters {
            assert!(m.sample);
            assert!(!m.competence.is_empty(), "{}", m.code);
            assert!(
                data.offices.iter().any(|o| o.matters.contains(&m.code)),
                "no office takes {}",
                m.code
            );
        }
    }

    #[test]
    fn wills_proof_of_life_and_adoption_are_explained_not_hidden() {
        let data = sample();
        let not_remote: Vec<&NotaryMatter> =
            data.matters.iter().filter(|m| !m.remote_allowed).collect();
        let names: Vec<&str> = not_remote.iter().map(|m| m.name.zh_cn.as_str()).collect();
        for wanted in ["遗嘱", "生存", "收养"] {
            assert!(
                names.iter().any(|n| n.contains(wanted)),
                "{wanted} missing from {names:?}"
            );
        }
        let facts = CompetenceFacts {
            domicile_county: Some("330329".into()),
            ..Default::default()
        };
        for m in not_remote {
            let Err(NotaryError::NotAllowedRemotely {
                reason: Some(reason),
            }) = can_book_remotely(m)
            else {
                panic!("{} must be refused with a reason", m.code);
            };
            assert!(reason.zh_tw.is_some() && reason.en.is_some());
            // Still routed: an office takes it in person.
            assert!(!competent_offices(m, &data.offices, &facts).is_empty());
        }
        let kinship = data
            .matters
            .iter()
            .find(|m| m.name.zh_cn.contains("亲属关系"))
            .unwrap();
        assert_eq!(can_book_remotely(kinship), Ok(()));
    }

    #[test]
    fn a_video_session_opens_a_quarter_hour_before_and_ends_with_the_slot() {
        let start = DateTime::parse_from_rfc3339("2026-12-01T09:20:00+08:00").unwrap();
        let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
        let early = video_session_open(start, 30, at("2026-12-01T09:04:59+08:00"));
        assert_eq!(
            early.as_ref().map_err(NotaryError::args),
            Err(vec![
                ("date", "2026-12-01".to_string()),
                ("time", "09:05".to_string())
            ])
        );
        assert_eq!(
            video_session_open(start, 30, at("2026-12-01T09:05:00+08:00")),
            Ok(())
        );
        assert_eq!(
            video_session_open(start, 30, at("2026-12-01T09:50:00+08:00")),
            Ok(())
        );
        assert_eq!(
            video_session_open(start, 30, at("2026-12-01T09:50:01+08:00")),
            Err(NotaryError::VideoOver)
        );
    }
}
