//! Materials handed in as files (a scan, a photo, a PDF): which files are accepted and how big.
//! The kind is read from the file's first bytes, never from its name, so a renamed file of
//! another kind is refused.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::{CatalogItem, CoreError};

/// Largest file accepted for one material. A 300 dpi A4 colour scan as JPEG is 1–3 MB; a
/// multi-page PDF of a booklet stays under this.
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;
/// Files one application may carry: every material of the longest catalog item, twice over.
pub const MAX_ATTACHMENTS_PER_APPLICATION: usize = 30;
/// Upload piece size: small enough that a cut on a weak township line loses little, large
/// enough that a 3 MB scan goes in a dozen requests.
pub const UPLOAD_CHUNK_BYTES: usize = 256 * 1024;

/// What a file is, as read from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttachmentKind {
    Jpeg,
    Png,
    Pdf,
}

impl AttachmentKind {
    /// Recognises a file by its signature (magic bytes).
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jpeg => "jpeg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "jpeg" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Pdf => "application/pdf",
        }
    }
}

/// Checks a file for attaching: not empty, not too large, an image or a PDF.
pub fn check_file(bytes: &[u8]) -> Result<AttachmentKind, CoreError> {
    if bytes.is_empty() {
        return Err(CoreError::AttachmentEmpty);
    }
    check_size(bytes.len() as u64)?;
    AttachmentKind::sniff(bytes).ok_or(CoreError::AttachmentType)
}

/// The size rule alone, for the server, which learns a file's size before its bytes.
pub fn check_size(size: u64) -> Result<(), CoreError> {
    if size == 0 {
        Err(CoreError::AttachmentEmpty)
    } else if size > MAX_ATTACHMENT_BYTES {
        Err(CoreError::AttachmentTooLarge {
            max_mb: MAX_ATTACHMENT_BYTES / (1024 * 1024),
        })
    } else {
        Ok(())
    }
}

/// Checks that a file is for a material the item lists, and that the application is not full.
pub fn check_material(
    item: &CatalogItem,
    material_index: u32,
    attached_already: usize,
) -> Result<(), CoreError> {
    if material_index as usize >= item.materials.len() {
        return Err(CoreError::UnknownMaterial);
    }
    check_count(attached_already)
}

/// Whether one more file fits an application that holds `attached_already` (the device
/// checks it as files are taken, the server again as they arrive).
pub fn check_count(attached_already: usize) -> Result<(), CoreError> {
    if attached_already >= MAX_ATTACHMENTS_PER_APPLICATION {
        return Err(CoreError::TooManyAttachments {
            max: MAX_ATTACHMENTS_PER_APPLICATION,
        });
    }
    Ok(())
}

/// A file held for an application: what the interview's materials step and the receipt show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attachment {
    pub id: Uuid,
    /// Position of the material in the item's `materials` list.
    pub material_index: u32,
    pub kind: AttachmentKind,
    #[ts(type = "number")]
    pub size: u64,
}

/// How a material stands on a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MaterialState {
    /// A file was attached at the kiosk.
    Attached,
    /// Not attached, but an electronic licence (电子证照) stands in for it.
    ELicence,
    /// Required and not handed in: bring it to the window.
    Missing,
    /// Optional and not handed in.
    NotNeeded,
}

/// Each of the item's materials with its state, in the item's order.
pub fn material_states(item: &CatalogItem, attachments: &[Attachment]) -> Vec<MaterialState> {
    item.materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if attachments.iter().any(|a| a.material_index as usize == i) {
                MaterialState::Attached
            } else if m.e_licence {
                MaterialState::ELicence
            } else if m.required {
                MaterialState::Missing
            } else {
                MaterialState::NotNeeded
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Material;
    use crate::LocalizedText;

    fn item(materials: Vec<(bool, bool)>) -> CatalogItem {
        let mut item: CatalogItem = serde_json::from_value(serde_json::json!({
            "code": "T-1", "name": {"zh-CN": "测试"}, "category": "household",
            "handling_side": "zhejiang", "handling_office": {"zh-CN": "泰顺县"},
            "mode": "fully_online", "time_limit_working_days": 5,
            "materials": [], "questions": []
        }))
        .expect("test item");
        item.materials = materials
            .into_iter()
            .enumerate()
            .map(|(i, (required, e_licence))| Material {
                name: LocalizedText {
                    zh_cn: format!("材料{i}"),
                    ..Default::default()
                },
                required,
                e_licence,
            })
            .collect();
        item
    }

    #[test]
    fn files_are_known_by_their_content_not_their_name() {
        assert_eq!(
            check_file(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Ok(AttachmentKind::Jpeg)
        );
        assert_eq!(
            check_file(b"\x89PNG\r\n\x1a\n rest"),
            Ok(AttachmentKind::Png)
        );
        assert_eq!(check_file(b"%PDF-1.7\n..."), Ok(AttachmentKind::Pdf));
        assert_eq!(
            check_file(b"PK\x03\x04 a zip"),
            Err(CoreError::AttachmentType)
        );
        assert_eq!(check_file(b"MZ an exe"), Err(CoreError::AttachmentType));
        // A PNG signature cut short is not a PNG.
        assert_eq!(check_file(b"\x89PNG"), Err(CoreError::AttachmentType));
        assert_eq!(check_file(b""), Err(CoreError::AttachmentEmpty));
    }

    #[test]
    fn the_size_limit_is_inclusive() {
        assert_eq!(check_size(MAX_ATTACHMENT_BYTES), Ok(()));
        assert_eq!(
            check_size(MAX_ATTACHMENT_BYTES + 1),
            Err(CoreError::AttachmentTooLarge { max_mb: 20 })
        );
        assert_eq!(check_size(0), Err(CoreError::AttachmentEmpty));
        let mut big = vec![0u8; MAX_ATTACHMENT_BYTES as usize + 1];
        big[..5].copy_from_slice(b"%PDF-");
        assert_eq!(
            check_file(&big),
            Err(CoreError::AttachmentTooLarge { max_mb: 20 })
        );
    }

    #[test]
    fn a_file_must_be_for_a_listed_material_and_the_application_not_full() {
        let item = item(vec![(true, false), (false, false)]);
        assert_eq!(check_material(&item, 1, 0), Ok(()));
        assert_eq!(check_material(&item, 2, 0), Err(CoreError::UnknownMaterial));
        assert_eq!(
            check_material(&item, 0, MAX_ATTACHMENTS_PER_APPLICATION),
            Err(CoreError::TooManyAttachments {
                max: MAX_ATTACHMENTS_PER_APPLICATION
            })
        );
    }

    #[test]
    fn each_material_gets_its_state_on_the_receipt() {
        let item = item(vec![
            (true, false),  // attached
            (true, true),   // e-licence
            (true, false),  // missing
            (false, false), // optional, not given
            (false, false), // optional, attached
        ]);
        let attached = |i| Attachment {
            id: Uuid::nil(),
            material_index: i,
            kind: AttachmentKind::Pdf,
            size: 10,
        };
        assert_eq!(
            material_states(&item, &[attached(0), attached(4)]),
            vec![
                MaterialState::Attached,
                MaterialState::ELicence,
                MaterialState::Missing,
                MaterialState::NotNeeded,
                MaterialState::Attached,
            ]
        );
    }
}
