//! Tracking numbers: made offline, unique across devices, read aloud over a counter.
//!
//! Twelve digits, shown in three groups of four: a five-digit device code, a six-digit
//! per-device sequence and a Damm check digit. Digits because people here read numbers aloud
//! with ease (phone numbers are eleven); the Damm check catches every single mistyped digit and
//! every swap of two neighbours. Uniqueness comes from the device code: the server hands out
//! codes 10000–49999 at enrollment, one per device; a device that has never been enrolled uses
//! a random provisional code from 50000–99999 so that it can still serve people on day one.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::CoreError;

const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

fn damm(digits: &[u8]) -> u8 {
    digits.iter().fold(0u8, |interim, d| {
        DAMM[interim as usize][(d - b'0') as usize]
    })
}

/// The largest sequence one device code can number.
pub const MAX_SEQUENCE: u32 = 999_999;

/// A device's code inside tracking numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeviceCode(pub u32);

impl DeviceCode {
    pub const ASSIGNED: std::ops::RangeInclusive<u32> = 10_000..=49_999;
    pub const PROVISIONAL: std::ops::RangeInclusive<u32> = 50_000..=99_999;

    pub fn new(code: u32) -> Result<Self, CoreError> {
        if Self::ASSIGNED.contains(&code) || Self::PROVISIONAL.contains(&code) {
            Ok(Self(code))
        } else {
            Err(CoreError::DeviceCode)
        }
    }

    /// A code for a device that has not been enrolled yet, from a random number.
    pub fn provisional(random: u32) -> Self {
        let span = Self::PROVISIONAL.end() - Self::PROVISIONAL.start() + 1;
        Self(Self::PROVISIONAL.start() + random % span)
    }

    pub fn is_provisional(self) -> bool {
        Self::PROVISIONAL.contains(&self.0)
    }
}

/// A tracking number (查询编号), stored as its twelve digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(export, type = "string")]
pub struct TrackingNumber(String);

impl TrackingNumber {
    /// The number for the `sequence`-th record of a device.
    pub fn issue(device: DeviceCode, sequence: u32) -> Result<Self, CoreError> {
        if sequence == 0 || sequence > MAX_SEQUENCE {
            return Err(CoreError::TrackingNumberFormat);
        }
        let body = format!("{:05}{:06}", device.0, sequence);
        let check = damm(body.as_bytes());
        Ok(Self(format!("{body}{check}")))
    }

    /// Reads what a person typed: spaces and dashes are ignored, full-width digits accepted.
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                other => other,
            })
            .collect();
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CoreError::TrackingNumberFormat);
        }
        if damm(digits.as_bytes()) != 0 {
            return Err(CoreError::TrackingNumberCheck);
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `1000 0000 0427`: how it is printed and read aloud.
    pub fn grouped(&self) -> String {
        format!("{} {} {}", &self.0[0..4], &self.0[4..8], &self.0[8..12])
    }

    pub fn device_code(&self) -> DeviceCode {
        DeviceCode(self.0[0..5].parse().unwrap_or(0))
    }
}

impl fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for TrackingNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TrackingNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issued_number_reads_back() {
        let t = TrackingNumber::issue(DeviceCode(10001), 42).unwrap();
        assert_eq!(t.as_str().len(), 12);
        assert!(t.as_str().starts_with("10001000042"));
        assert_eq!(TrackingNumber::parse(&t.grouped()).unwrap(), t);
        assert_eq!(
            TrackingNumber::parse(&format!("{}-{}", &t.as_str()[..6], &t.as_str()[6..])).unwrap(),
            t
        );
        assert_eq!(t.device_code(), DeviceCode(10001));
    }

    #[test]
    fn full_width_digits_are_read() {
        let t = TrackingNumber::issue(DeviceCode(12345), 7).unwrap();
        let wide: String = t
            .as_str()
            .chars()
            .map(|c| char::from_u32('０' as u32 + c.to_digit(10).unwrap()).unwrap())
            .collect();
        assert_eq!(TrackingNumber::parse(&wide).unwrap(), t);
    }

    #[test]
    fn every_single_mistyped_digit_is_caught() {
        for seq in [1, 42, 999_999] {
            let t = TrackingNumber::issue(DeviceCode(23456), seq).unwrap();
            for pos in 0..12 {
                for d in b'0'..=b'9' {
                    let mut b = t.as_str().as_bytes().to_vec();
                    if b[pos] == d {
                        continue;
                    }
                    b[pos] = d;
                    let typo = String::from_utf8(b).unwrap();
                    assert_eq!(
                        TrackingNumber::parse(&typo),
                        Err(CoreError::TrackingNumberCheck),
                        "{typo}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_swap_of_neighbouring_digits_is_caught() {
        let t = TrackingNumber::issue(DeviceCode(31415), 926_535).unwrap();
        for pos in 0..11 {
            let mut b = t.as_str().as_bytes().to_vec();
            if b[pos] == b[pos + 1] {
                continue;
            }
            b.swap(pos, pos + 1);
            let typo = String::from_utf8(b).unwrap();
            assert!(TrackingNumber::parse(&typo).is_err(), "{typo}");
        }
    }

    #[test]
    fn numbers_from_different_devices_never_meet() {
        let a = TrackingNumber::issue(DeviceCode(10001), 5).unwrap();
        let b = TrackingNumber::issue(DeviceCode(10002), 5).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn malformed_numbers_are_refused_with_a_reason() {
        assert_eq!(
            TrackingNumber::parse("1234"),
            Err(CoreError::TrackingNumberFormat)
        );
        assert_eq!(
            TrackingNumber::parse("1000100004a2"),
            Err(CoreError::TrackingNumberFormat)
        );
        assert!(TrackingNumber::issue(DeviceCode(10001), 0).is_err());
        assert!(TrackingNumber::issue(DeviceCode(10001), MAX_SEQUENCE + 1).is_err());
    }

    #[test]
    fn provisional_codes_stay_in_their_range() {
        for r in [0, 1, 49_999, 50_000, u32::MAX] {
            let c = DeviceCode::provisional(r);
            assert!(c.is_provisional(), "{c:?}");
        }
        assert!(DeviceCode::new(9_999).is_err());
        assert!(!DeviceCode::new(10_000).unwrap().is_provisional());
    }
}
