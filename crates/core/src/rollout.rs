//! App updates, staged: which devices get a release now. A county tries a new version on a
//! few named devices, then on a share of the fleet, and can pause it; each device's place in
//! the share is fixed by its id and the version, so raising the share only adds devices and a
//! device does not flip between versions from one check to the next.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// An app version as `MAJOR.MINOR.PATCH` (what Cargo and Tauri give the app); no other form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AppVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl AppVersion {
    /// `0.1.0`; a leading `v`, pre-release tags, spaces or missing parts are refused.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        let mut next = || {
            parts
                .next()
                .filter(|p| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse().ok())
        };
        let version = Self {
            major: next()?,
            minor: next()?,
            patch: next()?,
        };
        parts.next().is_none().then_some(version)
    }
}

impl std::fmt::Display for AppVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// How far a release has gone out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rollout {
    /// Devices that get it whatever the share (the pilot kiosks).
    pub devices: Vec<Uuid>,
    /// Share of all other devices, 0 to 100.
    pub percent: u8,
    /// Nobody gets it while paused, the named devices neither.
    pub paused: bool,
}

/// The device's place (0..100) in a release's rollout: the same for the same device and
/// version, spread evenly over devices.
pub fn bucket(device: Uuid, version: AppVersion) -> u8 {
    let digest = Sha256::new()
        .chain_update(device.as_bytes())
        .chain_update(version.to_string().as_bytes())
        .finalize();
    (u16::from_be_bytes([digest[0], digest[1]]) % 100) as u8
}

impl Rollout {
    /// Whether `device` may install `version` now.
    pub fn includes(&self, device: Uuid, version: AppVersion) -> bool {
        !self.paused
            && (self.devices.contains(&device) || bucket(device, version) < self.percent.min(100))
    }
}

/// Of the releases a device may install now, the one it should: the newest above its own.
pub fn pick<'a, T>(
    current: AppVersion,
    releases: impl IntoIterator<Item = (AppVersion, &'a Rollout, T)>,
    device: Uuid,
) -> Option<(AppVersion, T)> {
    releases
        .into_iter()
        .filter(|(v, rollout, _)| *v > current && rollout.includes(device, *v))
        .max_by_key(|(v, _, _)| *v)
        .map(|(v, _, t)| (v, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> AppVersion {
        AppVersion::parse(text).unwrap()
    }

    #[test]
    fn versions_are_three_numbers_and_compare_as_numbers() {
        assert!(v("0.10.0") > v("0.9.9"));
        assert!(v("1.0.0") > v("0.99.99"));
        assert_eq!(v("2.3.4").to_string(), "2.3.4");
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "v1.2.3",
            "1.2.x",
            "1.2.3-beta",
            " 1.2.3",
            "1..3",
            "1.2.3\0",
            "9999999999.0.0",
        ] {
            assert_eq!(AppVersion::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_share_takes_about_that_many_devices_and_only_adds_when_raised() {
        let devices: Vec<Uuid> = (0..2000).map(|_| Uuid::new_v4()).collect();
        let release = v("0.2.0");
        let at = |percent| {
            let rollout = Rollout {
                percent,
                ..Rollout::default()
            };
            devices
                .iter()
                .filter(|d| rollout.includes(**d, release))
                .copied()
                .collect::<Vec<_>>()
        };
        assert!(at(0).is_empty());
        let ten = at(10);
        assert!((140..=260).contains(&ten.len()), "{}", ten.len());
        let fifty = at(50);
        assert!(ten.iter().all(|d| fifty.contains(d)), "raising only adds");
        assert_eq!(at(100).len(), devices.len());
        assert_eq!(at(10), ten, "the same devices each time");
    }

    #[test]
    fn named_devices_go_first_and_a_pause_stops_everyone() {
        let pilot = Uuid::new_v4();
        let other = (0..100)
            .map(|_| Uuid::new_v4())
            .find(|d| bucket(*d, v("0.2.0")) >= 1)
            .unwrap();
        let mut rollout = Rollout {
            devices: vec![pilot],
            percent: 1,
            paused: false,
        };
        assert!(rollout.includes(pilot, v("0.2.0")));
        assert!(!rollout.includes(other, v("0.2.0")));
        rollout.paused = true;
        assert!(!rollout.includes(pilot, v("0.2.0")));
    }

    #[test]
    fn a_device_gets_the_newest_release_above_its_own_that_includes_it() {
        let device = Uuid::new_v4();
        let everyone = Rollout {
            percent: 100,
            ..Rollout::default()
        };
        let nobody = Rollout::default();
        let releases = || {
            vec![
                (v("0.2.0"), &everyone, "a"),
                (v("0.3.0"), &everyone, "b"),
                (v("0.4.0"), &nobody, "c"),
            ]
        };
        assert_eq!(
            pick(v("0.1.0"), releases(), device),
            Some((v("0.3.0"), "b"))
        );
        assert_eq!(pick(v("0.3.0"), releases(), device), None, "already there");
        assert_eq!(pick(v("0.9.0"), releases(), device), None, "never down");
    }
}
