//! What a citizen types at a kiosk, made up: a name, an 18-digit ID number with a right check
//! character (tracking lookups prove ownership with its last four), a mobile number. The
//! server re-checks the text of every answer, so the answers look like real ones.

use std::collections::BTreeMap;

use borderdesk_core::{Application, ApplicationStatus, DeviceCode, TrackingNumber};
use chrono::{NaiveDate, Utc};
use rand::Rng;
use uuid::Uuid;

/// The item every simulated application is for (临时身份证明 of the bundled catalog).
pub const ITEM: &str = "ZM-HJ-001";

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "林", "郑",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
];
/// Counties of the two provinces the border sites serve (Fujian 35, Zhejiang 33).
const REGIONS: &[&str] = &["350825", "350821", "350722", "330329", "330328", "330326"];
const PURPOSES: &[(&str, &str)] = &[
    ("travel", "乘坐火车"),
    ("banking", "银行开户"),
    ("exam", "参加考试"),
    ("other", "办理社保"),
];
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// A new application of the device with `code`, numbered `sequence` as the device numbers
/// its records, as `Store::submit_application` makes it.
pub fn application(code: u32, sequence: u32, rng: &mut impl Rng) -> Application {
    Application {
        id: Uuid::now_v7(),
        tracking_number: TrackingNumber::issue(DeviceCode(code), sequence)
            .expect("a device code from enrollment and a sequence under 999999"),
        item_code: ITEM.into(),
        answers: answers(rng),
        status: ApplicationStatus::Submitted,
        submitted_at: Utc::now(),
        assisted_by: None,
    }
}

/// The answers to the item's questions.
pub fn answers(rng: &mut impl Rng) -> BTreeMap<String, String> {
    let (purpose, detail) = PURPOSES[rng.gen_range(0..PURPOSES.len())];
    BTreeMap::from([
        ("applicant_name".to_string(), name(rng)),
        ("applicant_id_number".to_string(), id_number(rng)),
        ("phone".to_string(), phone(rng)),
        ("purpose".to_string(), purpose.to_string()),
        ("purpose_detail".to_string(), detail.to_string()),
    ])
}

/// The last four characters of the application's ID number: what a citizen types to look it up.
pub fn id_last_four(app: &Application) -> String {
    let id = &app.answers["applicant_id_number"];
    id[id.len() - 4..].to_string()
}

fn name(rng: &mut impl Rng) -> String {
    let given: String = (0..rng.gen_range(1..=2))
        .map(|_| GIVEN[rng.gen_range(0..GIVEN.len())])
        .collect();
    format!("{}{given}", SURNAMES[rng.gen_range(0..SURNAMES.len())])
}

/// Region, birth date (1950–2005), sequence, check character (GB 11643).
fn id_number(rng: &mut impl Rng) -> String {
    let born = NaiveDate::from_ymd_opt(
        rng.gen_range(1950..=2005),
        rng.gen_range(1..=12),
        rng.gen_range(1..=28),
    )
    .expect("a day that exists");
    let body = format!(
        "{}{}{:03}",
        REGIONS[rng.gen_range(0..REGIONS.len())],
        born.format("%Y%m%d"),
        rng.gen_range(0..1000)
    );
    let sum: u32 = body
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = match (12 - sum % 11) % 11 {
        10 => 'X',
        n => char::from(b'0' + n as u8),
    };
    format!("{body}{check}")
}

fn phone(rng: &mut impl Rng) -> String {
    format!(
        "1{}{:09}",
        rng.gen_range(3..=9),
        rng.gen_range(0..1_000_000_000u32)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use borderdesk_core::validate;
    use rand::SeedableRng;

    #[test]
    fn made_up_answers_pass_the_checks_a_kiosk_and_the_server_make() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let today = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        for i in 1..500 {
            let app = application(10_000, i, &mut rng);
            let id = validate::id_number(&app.answers["applicant_id_number"], today).unwrap();
            assert_eq!(id.last_four(), id_last_four(&app));
            validate::mobile_phone(&app.answers["phone"]).unwrap();
            for v in app.answers.values() {
                validate::plain_text(v, false).unwrap();
            }
            assert_eq!(app.tracking_number.device_code(), DeviceCode(10_000));
        }
    }
}
