//! The one clock zone of the service: Asia/Shanghai. China has kept UTC+8 all year since
//! 1991, so a fixed offset is exact; days, deadlines, slots and receipts are all counted in it,
//! whatever zone a device's clock is set to.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// Asia/Shanghai's offset from UTC, in seconds.
pub const SHANGHAI_OFFSET_SECONDS: i32 = 8 * 3600;

/// Asia/Shanghai as a fixed offset (UTC+8, no DST).
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(SHANGHAI_OFFSET_SECONDS).expect("UTC+8 is a valid offset")
}

/// The Asia/Shanghai calendar date of an instant.
pub fn shanghai_date<Tz: TimeZone>(t: &DateTime<Tz>) -> NaiveDate {
    t.with_timezone(&shanghai()).date_naive()
}

/// Today's date in Asia/Shanghai.
pub fn today_in_china() -> NaiveDate {
    shanghai_date(&Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_turns_at_midnight_in_shanghai_not_in_utc() {
        let evening_utc = Utc.with_ymd_and_hms(2026, 12, 2, 16, 0, 0).unwrap();
        assert_eq!(
            shanghai_date(&evening_utc),
            NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
        );
        let before = Utc.with_ymd_and_hms(2026, 12, 2, 15, 59, 59).unwrap();
        assert_eq!(
            shanghai_date(&before),
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        );
    }
}
