//! The family QR code (给家人拍一下): a confirmation or materials screen shows a QR code a son
//! or daughter photographs with a phone, holding as plain text the item, the tracking number
//! when there is one, the handling office and the materials checklist. Plain text so any
//! phone's camera shows it without an app or a network; no name, ID number or phone number.

use borderdesk_core::catalog::Material;
use borderdesk_core::notary::{NotaryMatter, NotaryOffice};
use borderdesk_core::qr::qr_svg;
use borderdesk_core::{CatalogItem, Language, LocalizedText, TrackingNumber};
use borderdesk_i18n::message;

use crate::error::ReceiptError;

/// The most text the code holds: small enough for a phone to read off a kiosk's screen
/// (about version 17); the checklist is cut short with "N more" beyond it.
pub const MAX_FAMILY_NOTE_BYTES: usize = 700;

/// The family note of `item` and its SVG QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyNote {
    pub text: String,
    pub svg: String,
}

/// What a family note is about: the service and its name, who handles it, what to bring.
#[derive(Debug, Clone, Copy)]
pub struct FamilySubject<'a> {
    /// The Fluent id of the first line (浙闽通办 · …, 远程视频公证 · …).
    pub title_id: &'static str,
    pub name: &'a LocalizedText,
    /// Who handles it; none while the person has not chosen (a notary office).
    pub office: Option<&'a LocalizedText>,
    pub materials: &'a [Material],
}

impl<'a> FamilySubject<'a> {
    /// A 浙闽通办 catalog item.
    pub fn item(item: &'a CatalogItem) -> Self {
        Self {
            title_id: "family-note-title",
            name: &item.name,
            office: Some(&item.handling_office),
            materials: &item.materials,
        }
    }

    /// A video notarization matter, booked with an office or not yet.
    pub fn notary(matter: &'a NotaryMatter, office: Option<&'a NotaryOffice>) -> Self {
        Self {
            title_id: "family-note-title-notary",
            name: &matter.name,
            office: office.map(|o| &o.name),
            materials: &matter.materials,
        }
    }
}

impl<'a> FamilySubject<'a> {
    /// A legal aid application or a consultation, with the office that handles it; `name` is
    /// [`legal_aid_service_name`], `materials` what an application may bring (none for a
    /// consultation: the office calls back).
    pub fn legal_aid(
        name: &'a LocalizedText,
        office: &'a LocalizedText,
        materials: &'a [Material],
    ) -> Self {
        Self {
            title_id: "family-note-title-legal-aid",
            name,
            office: Some(office),
            materials,
        }
    }
}

/// `法律援助申请` or `法律咨询` in every language, as a family note names it.
pub fn legal_aid_service_name(consultation: bool) -> LocalizedText {
    let id = if consultation {
        "family-note-legal-consultation"
    } else {
        "family-note-legal-aid-application"
    };
    LocalizedText {
        zh_cn: message(Language::ZhCn.tag(), id, &[]),
        zh_tw: Some(message(Language::ZhTw.tag(), id, &[])),
        en: Some(message(Language::En.tag(), id, &[])),
    }
}

/// What the code of a catalog item says, in `language`.
pub fn family_note_text(
    item: &CatalogItem,
    tracking: Option<&TrackingNumber>,
    language: Language,
) -> String {
    family_subject_text(FamilySubject::item(item), tracking, language)
}

/// What the code says, in `language`.
pub fn family_subject_text(
    subject: FamilySubject<'_>,
    tracking: Option<&TrackingNumber>,
    language: Language,
) -> String {
    let tag = language.tag();
    let m = |id: &str, args: &[(&str, String)]| message(tag, id, args);
    let mut lines = vec![m(
        subject.title_id,
        &[("item", subject.name.get(language).to_string())],
    )];
    if let Some(number) = tracking {
        lines.push(m("family-note-number", &[("number", number.grouped())]));
    }
    if let Some(office) = subject.office {
        lines.push(m(
            "family-note-office",
            &[("office", office.get(language).to_string())],
        ));
    }
    let materials = subject.materials;
    if materials.is_empty() {
        lines.push(m("family-note-no-materials", &[]));
    } else {
        lines.push(m("family-note-materials", &[]));
    }
    let tail = if tracking.is_some() {
        m("family-note-track", &[])
    } else {
        m("family-note-apply", &[])
    };
    let used = |lines: &[String]| lines.iter().map(|l| l.len() + 1).sum::<usize>() + tail.len();
    for (i, material) in materials.iter().enumerate() {
        let id = if material.required {
            "family-note-material-required"
        } else {
            "family-note-material-optional"
        };
        let line = m(
            id,
            &[
                ("n", (i + 1).to_string()),
                ("name", material.name.get(language).to_string()),
            ],
        );
        let left = materials.len() - i;
        let more = m("family-note-more", &[("count", left.to_string())]);
        // Room for this line and, if others follow, for the "N more" line after it.
        let after = if left > 1 { more.len() + 1 } else { 0 };
        if used(&lines) + line.len() + 1 + after > MAX_FAMILY_NOTE_BYTES {
            lines.push(more);
            break;
        }
        lines.push(line);
    }
    lines.push(tail);
    lines.join("\n")
}

/// The note of a catalog item and its QR code.
pub fn family_note(
    item: &CatalogItem,
    tracking: Option<&TrackingNumber>,
    language: Language,
) -> Result<FamilyNote, ReceiptError> {
    family_subject_note(FamilySubject::item(item), tracking, language)
}

/// The note of any subject and its QR code.
pub fn family_subject_note(
    subject: FamilySubject<'_>,
    tracking: Option<&TrackingNumber>,
    language: Language,
) -> Result<FamilyNote, ReceiptError> {
    let text = family_subject_text(subject, tracking, language);
    let svg = qr_svg(&text).map_err(|e| ReceiptError::Qr(e.0))?;
    Ok(FamilyNote { text, svg })
}
