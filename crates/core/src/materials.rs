//! 核验材料: a clerk checks an application's materials against the item's list before the
//! application can be accepted (受理). One rule for the app and the server.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::Material;
use crate::{ApplicationStatus, CoreError};

/// What the clerk found for one material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MaterialCheck {
    /// The original (or the attached scan) was seen and is in order.
    Seen,
    /// An electronic licence (电子证照) stands in for the paper; only where the item allows it.
    ELicence,
    /// Missing or not in order: the citizen must bring it.
    Missing,
}

impl MaterialCheck {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Seen => "seen",
            Self::ELicence => "e_licence",
            Self::Missing => "missing",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Seen, Self::ELicence, Self::Missing]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// One material of an application, by its place in the item's list, and what was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MaterialCheckEntry {
    pub material_index: u32,
    pub check: MaterialCheck,
}

/// Materials are checked while the application waits to be accepted; once it is accepted or
/// refused, what was found stands.
pub fn may_check(status: ApplicationStatus) -> Result<(), CoreError> {
    if status == ApplicationStatus::Submitted {
        Ok(())
    } else {
        Err(CoreError::StatusTransition)
    }
}

/// A check names a material of the item, and an e-licence only where the item accepts one.
pub fn check_entry(materials: &[Material], entry: &MaterialCheckEntry) -> Result<(), CoreError> {
    let material = materials
        .get(entry.material_index as usize)
        .ok_or(CoreError::UnknownMaterial)?;
    if entry.check == MaterialCheck::ELicence && !material.e_licence {
        return Err(CoreError::MaterialNoELicence);
    }
    Ok(())
}

/// Indices of the required materials that are not yet seen or replaced by an e-licence. An
/// application can be accepted when this is empty; optional materials never hold it up.
pub fn outstanding(materials: &[Material], checks: &[MaterialCheckEntry]) -> Vec<u32> {
    materials
        .iter()
        .enumerate()
        .filter(|(_, m)| m.required)
        .filter(|(i, m)| {
            let found = checks
                .iter()
                .rev()
                .find(|c| c.material_index as usize == *i)
                .map(|c| c.check);
            !matches!(
                (found, m.e_licence),
                (Some(MaterialCheck::Seen), _) | (Some(MaterialCheck::ELicence), true)
            )
        })
        .map(|(i, _)| i as u32)
        .collect()
}

/// `Ok` when every required material is in order; otherwise which are not.
pub fn ready_to_accept(
    materials: &[Material],
    checks: &[MaterialCheckEntry],
) -> Result<(), CoreError> {
    let missing = outstanding(materials, checks);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(CoreError::MaterialsOutstanding {
            count: missing.len() as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LocalizedText;

    fn material(required: bool, e_licence: bool) -> Material {
        Material {
            name: LocalizedText {
                zh_cn: "户口簿".into(),
                ..Default::default()
            },
            required,
            e_licence,
        }
    }

    fn entry(i: u32, check: MaterialCheck) -> MaterialCheckEntry {
        MaterialCheckEntry {
            material_index: i,
            check,
        }
    }

    #[test]
    fn every_required_material_must_be_seen_or_replaced() {
        let ms = [
            material(true, false),
            material(true, true),
            material(false, false),
        ];
        assert_eq!(outstanding(&ms, &[]), vec![0, 1]);
        let checks = [
            entry(0, MaterialCheck::Seen),
            entry(1, MaterialCheck::ELicence),
        ];
        assert_eq!(outstanding(&ms, &checks), Vec::<u32>::new());
        assert!(ready_to_accept(&ms, &checks).is_ok());
    }

    #[test]
    fn a_missing_required_material_holds_the_application_up() {
        let ms = [material(true, false), material(false, false)];
        let checks = [
            entry(0, MaterialCheck::Missing),
            entry(1, MaterialCheck::Seen),
        ];
        assert_eq!(
            ready_to_accept(&ms, &checks),
            Err(CoreError::MaterialsOutstanding { count: 1 })
        );
    }

    #[test]
    fn the_latest_check_of_a_material_counts() {
        let ms = [material(true, false)];
        let checks = [
            entry(0, MaterialCheck::Missing),
            entry(0, MaterialCheck::Seen),
        ];
        assert!(ready_to_accept(&ms, &checks).is_ok());
        let checks = [
            entry(0, MaterialCheck::Seen),
            entry(0, MaterialCheck::Missing),
        ];
        assert!(ready_to_accept(&ms, &checks).is_err());
    }

    #[test]
    fn an_e_licence_counts_only_where_the_item_accepts_one() {
        let ms = [material(true, false)];
        let e = entry(0, MaterialCheck::ELicence);
        assert_eq!(check_entry(&ms, &e), Err(CoreError::MaterialNoELicence));
        assert_eq!(outstanding(&ms, &[e]), vec![0]);
    }

    #[test]
    fn a_check_must_name_a_material_of_the_item() {
        let ms = [material(true, false)];
        assert_eq!(
            check_entry(&ms, &entry(1, MaterialCheck::Seen)),
            Err(CoreError::UnknownMaterial)
        );
        assert!(check_entry(&ms, &entry(0, MaterialCheck::Missing)).is_ok());
    }

    #[test]
    fn materials_are_checked_only_before_a_decision() {
        assert!(may_check(ApplicationStatus::Submitted).is_ok());
        for decided in [
            ApplicationStatus::Accepted,
            ApplicationStatus::Refused,
            ApplicationStatus::Completed,
        ] {
            assert_eq!(may_check(decided), Err(CoreError::StatusTransition));
        }
    }

    #[test]
    fn check_names_round_trip() {
        for c in [
            MaterialCheck::Seen,
            MaterialCheck::ELicence,
            MaterialCheck::Missing,
        ] {
            assert_eq!(MaterialCheck::parse(c.as_str()), Some(c));
        }
        assert_eq!(MaterialCheck::parse("ok"), None);
    }
}
