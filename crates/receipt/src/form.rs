//! Forms an office files: the legal aid application form (法律援助申请表) and the personal
//! integrity pledge (个人诚信承诺书, 法律援助法 Art. 41), pre-filled from what the applicant answered
//! at the kiosk and signed on its screen. Unlike a receipt they hold personal data: they are
//! printed for the applicant who just made them, or for staff.
//!
//! The layout follows the offices' paper forms: a titled table of label and value cells in
//! sections (applicant, agent, the matter, hardship, the office), the applicant's declaration,
//! then the signature and the date.

use borderdesk_core::legal_aid::LegalAidOffice;
use borderdesk_core::notary::{NotaryMatter, NotaryOffice};
use borderdesk_core::signature::Signature;
use borderdesk_core::{validate, Language, TrackingNumber};
use borderdesk_i18n::message;
use borderdesk_protocol::{CaseStage, HardshipProof, LegalAidApplication};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::document::official_name;

/// A form of one or more pages, already in its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormDocument {
    pub language: String,
    /// The print job's title and the saved file's name.
    pub print_title: String,
    pub pages: Vec<FormPage>,
    /// `（续）`: after a section's heading when it goes on over a page.
    pub continued: String,
}

/// One form (the application, the pledge): it starts on a new page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPage {
    /// The office it is addressed to, above the title.
    pub header: String,
    pub title: String,
    /// `受理编号：1000 1000 0427`
    pub number_line: String,
    pub sections: Vec<FormSection>,
    /// The declaration or the pledge's text, paragraph by paragraph.
    pub statement: Vec<String>,
    /// `申请人（签名）`; empty for a page nobody signs (a checklist): no signature block.
    pub signer_label: String,
    /// The on-screen signature drawn as a picture; none when the person signs the paper.
    pub signature: Option<GrayImage>,
    /// What the empty signature line says: sign or press a fingerprint at the office.
    pub unsigned_note: String,
    /// `日期：2026年12月7日`
    pub date_line: String,
    /// Small print at the foot of each page: where and when it was printed from.
    pub footer: String,
}

/// A titled part of the table; each row holds one or two label/value cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSection {
    pub heading: String,
    pub rows: Vec<Vec<(String, String)>>,
}

/// An 8-bit grey picture, white 255, ink 0: how a signature goes into the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl FormDocument {
    /// Every piece of text that gets printed, for font selection.
    pub fn all_text(&self) -> String {
        let mut parts: Vec<&str> = vec![&self.continued];
        for page in &self.pages {
            parts.extend([
                page.header.as_str(),
                &page.title,
                &page.number_line,
                &page.signer_label,
                &page.unsigned_note,
                &page.date_line,
                &page.footer,
            ]);
            parts.extend(page.statement.iter().map(String::as_str));
            for section in &page.sections {
                parts.push(&section.heading);
                for (label, value) in section.rows.iter().flatten() {
                    parts.push(label);
                    parts.push(value);
                }
            }
        }
        parts.join("\n")
    }
}

/// Draws `signature` `width` pixels wide (its height follows the pad's shape), strokes about
/// as thick as a pen's; none for a signature that fails [`Signature::check`] (no pad drew it,
/// and its size could be anything).
pub fn signature_image(signature: &Signature, width: u32) -> Option<GrayImage> {
    signature.check().ok()?;
    let width = width.clamp(1, 4000);
    let scale = f64::from(width) / f64::from(signature.width);
    let height = ((f64::from(signature.height) * scale).round() as u32).max(1);
    let mut image = GrayImage {
        width,
        height,
        pixels: vec![255; width as usize * height as usize],
    };
    let radius = (f64::from(width) / 180.0).max(1.5);
    for stroke in &signature.strokes {
        let points: Vec<(f64, f64)> = stroke
            .iter()
            .map(|p| (f64::from(p.x) * scale, f64::from(p.y) * scale))
            .collect();
        if let [only] = points.as_slice() {
            stamp(&mut image, *only, radius);
        }
        for pair in points.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            let length = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
            let steps = (length / (radius / 2.0)).ceil().max(1.0) as u32;
            for i in 0..=steps {
                let t = f64::from(i) / f64::from(steps);
                stamp(&mut image, (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t), radius);
            }
        }
    }
    Some(image)
}

/// Inks a disc of `radius` around `centre`.
fn stamp(image: &mut GrayImage, (cx, cy): (f64, f64), radius: f64) {
    let (w, h) = (f64::from(image.width), f64::from(image.height));
    let y_from = (cy - radius).floor().max(0.0) as usize;
    let y_to = (cy + radius).ceil().min(h - 1.0).max(0.0) as usize;
    let x_from = (cx - radius).floor().max(0.0) as usize;
    let x_to = (cx + radius).ceil().min(w - 1.0).max(0.0) as usize;
    let row = image.width as usize;
    for y in y_from..=y_to {
        for x in x_from..=x_to {
            let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
            if dx * dx + dy * dy <= radius * radius {
                image.pixels[y * row + x] = 0;
            }
        }
    }
}

/// Width in pixels the signature is drawn at: enough for a crisp print at its printed size.
const SIGNATURE_PIXELS: u32 = 720;

/// What the form of a legal aid application needs besides the application itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalAidFormFields<'a> {
    pub tracking_number: &'a TrackingNumber,
    /// The office that decides (the server's choice once it is known).
    pub office: &'a LegalAidOffice,
    pub made_at: DateTime<Utc>,
    /// The hall or kiosk it was made at.
    pub site: &'a str,
}

/// The application form and, when hardship is shown by the pledge, the pledge: both pre-filled
/// from `application` and signed with its on-screen signature, in `language`.
pub fn legal_aid_form_document(
    application: &LegalAidApplication,
    fields: &LegalAidFormFields<'_>,
    language: Language,
) -> FormDocument {
    let tag = language.tag();
    let m = |id: &str| message(tag, id, &[]);
    let with = |id: &str, args: &[(&'static str, String)]| message(tag, id, args);
    let a = application;
    let made_on = borderdesk_core::time::shanghai_date(&fields.made_at);
    let office = official_name(&fields.office.name, language);
    let number_line = with(
        "form-number-line",
        &[("number", fields.tracking_number.grouped())],
    );
    let date_line = with("form-date-line", &[("date", form_date(made_on, language))]);
    let footer = with(
        "form-footer",
        &[
            ("site", fields.site.to_string()),
            ("number", fields.tracking_number.as_str().to_string()),
        ],
    );
    let signature = a
        .signature
        .as_ref()
        .and_then(|s| signature_image(s, SIGNATURE_PIXELS));
    let (sex, birth) = match validate::id_number(&a.applicant.id_number, made_on) {
        Ok(id) => (
            m(if id.male {
                "form-sex-male"
            } else {
                "form-sex-female"
            }),
            form_date(id.birth_date, language),
        ),
        Err(_) => (String::new(), String::new()),
    };
    let or_dash = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| "—".to_string())
    };
    let mut sections = vec![FormSection {
        heading: m("form-section-applicant"),
        rows: vec![
            vec![
                (m("form-name"), a.applicant.name.clone()),
                (m("form-sex"), sex),
            ],
            vec![
                (m("form-birth-date"), birth),
                (m("form-phone"), a.applicant.phone.clone()),
            ],
            vec![(m("form-id-number"), a.applicant.id_number.clone())],
            vec![(m("form-address"), or_dash(a.applicant.address.as_deref()))],
        ],
    }];
    if let Some(agent) = &a.agent {
        sections.push(FormSection {
            heading: m("form-section-agent"),
            rows: vec![
                vec![
                    (m("form-name"), agent.name.clone()),
                    (m("form-agent-relation"), agent.relation.clone()),
                ],
                vec![(m("form-id-number"), agent.id_number.clone())],
            ],
        });
    }
    let stage = match &a.case_stage {
        CaseStage::NotInCourt => m("form-stage-not-in-court"),
        CaseStage::InCourt { court, procedure } => match procedure {
            Some(p) => format!("{court}（{p}）"),
            None => court.clone(),
        },
    };
    let place = a
        .routing
        .events_county
        .as_deref()
        .or(a.routing.obligor_county.as_deref())
        .map(|c| county_name(c, tag))
        .unwrap_or_else(|| "—".to_string());
    sections.push(FormSection {
        heading: m("form-section-case"),
        rows: vec![
            vec![(m("form-matter"), m(a.eligibility.matter.label_id()))],
            vec![
                (m("form-opposing"), a.opposing_party.name.clone()),
                (
                    m("form-opposing-kind"),
                    m(if a.opposing_party.is_organisation {
                        "form-opposing-organisation"
                    } else {
                        "form-opposing-person"
                    }),
                ),
            ],
            vec![
                (
                    m("form-events-date"),
                    a.events_date
                        .map(|d| form_date(d, language))
                        .unwrap_or_else(|| "—".to_string()),
                ),
                (m("form-events-place"), place),
            ],
            vec![(m("form-stage"), stage)],
            vec![(m("form-facts"), a.facts.trim().to_string())],
        ],
    });
    let income = a
        .eligibility
        .household_monthly_income_fen
        .map(|fen| {
            with(
                "form-yuan",
                &[("yuan", format!("{:.2}", fen as f64 / 100.0))],
            )
        })
        .unwrap_or_else(|| "—".to_string());
    let proof = match &a.hardship {
        HardshipProof::Pledge => m("form-hardship-pledge"),
        _ => {
            let grounds: Vec<String> = a
                .eligibility
                .situations
                .iter()
                .map(|s| m(s.label_id()))
                .chain(a.eligibility.statuses.iter().map(|s| m(s.label_id())))
                .collect();
            with("form-hardship-exempt", &[("grounds", grounds.join("；"))])
        }
    };
    sections.push(FormSection {
        heading: m("form-section-hardship"),
        rows: vec![
            vec![
                (
                    m("form-household-size"),
                    a.eligibility.household_size.to_string(),
                ),
                (m("form-household-income"), income),
            ],
            vec![(m("form-hardship-proof"), proof)],
        ],
    });
    let mut urgent: Vec<String> = Vec::new();
    if let Some(d) = a.urgency.deadline {
        urgent.push(with(
            "form-urgent-deadline",
            &[("date", form_date(d, language))],
        ));
    }
    if a.urgency.evidence_at_risk {
        urgent.push(m("form-urgent-evidence"));
    }
    if a.urgency.property_at_risk {
        urgent.push(m("form-urgent-property"));
    }
    let mut office_rows = vec![vec![
        (m("form-office"), office.clone()),
        (
            m("form-submitted"),
            crate::document::local_date_time(fields.made_at, language),
        ),
    ]];
    if !urgent.is_empty() {
        office_rows.push(vec![(m("form-urgent"), urgent.join("；"))]);
    }
    sections.push(FormSection {
        heading: m("form-section-office"),
        rows: office_rows,
    });

    let header = office.replace('\n', " ");
    let mut pages = vec![FormPage {
        header: header.clone(),
        title: m("form-application-title"),
        number_line: number_line.clone(),
        sections,
        statement: vec![m("form-application-declaration")],
        signer_label: m("form-signer-applicant"),
        signature: signature.clone(),
        unsigned_note: m("form-unsigned"),
        date_line: date_line.clone(),
        footer: footer.clone(),
    }];
    if matches!(a.hardship, HardshipProof::Pledge) {
        let pledge_args = [
            ("name", a.applicant.name.clone()),
            ("id", a.applicant.id_number.clone()),
            ("matter", m(a.eligibility.matter.label_id())),
            ("office", office.replace('\n', " ")),
        ];
        pages.push(FormPage {
            header,
            title: m("form-pledge-title"),
            number_line,
            sections: Vec::new(),
            statement: [
                "form-pledge-intro",
                "form-pledge-1",
                "form-pledge-2",
                "form-pledge-3",
                "form-pledge-4",
            ]
            .iter()
            .map(|id| with(id, &pledge_args))
            .collect(),
            signer_label: m("form-signer-pledge"),
            signature,
            unsigned_note: m("form-unsigned"),
            date_line,
            footer,
        });
    }
    FormDocument {
        language: tag.to_string(),
        print_title: format!("{}-form", fields.tracking_number.as_str()),
        pages,
        continued: m("form-continued"),
    }
}

/// The materials checklist of a video notarization matter (公证材料清单), printed on request
/// before booking: the matter, the office when one is chosen, and each material with whether
/// it is required or an electronic licence may stand in. No personal data, no signature.
pub fn notary_checklist_document(
    matter: &NotaryMatter,
    office: Option<&NotaryOffice>,
    language: Language,
    site: &str,
    printed_at: DateTime<Utc>,
) -> FormDocument {
    let tag = language.tag();
    let m = |id: &str| message(tag, id, &[]);
    let with = |id: &str, args: &[(&'static str, String)]| message(tag, id, args);
    let mut about = vec![vec![(
        m("checklist-matter"),
        official_name(&matter.name, language),
    )]];
    if let Some(office) = office {
        about.push(vec![(
            m("checklist-office"),
            official_name(&office.name, language),
        )]);
    }
    let materials: Vec<Vec<(String, String)>> = matter
        .materials
        .iter()
        .enumerate()
        .map(|(i, material)| {
            let mut note = m(if material.required {
                "checklist-required"
            } else {
                "checklist-if-any"
            });
            if material.e_licence {
                note = format!("{note}{}", m("checklist-e-licence"));
            }
            vec![(
                with("checklist-number", &[("n", (i + 1).to_string())]),
                format!("{}\n{note}", material.name.get(language)),
            )]
        })
        .collect();
    let mut sections = vec![FormSection {
        heading: m("checklist-section-matter"),
        rows: about,
    }];
    sections.push(FormSection {
        heading: m("checklist-section-materials"),
        rows: if materials.is_empty() {
            vec![vec![(m("checklist-number-none"), m("checklist-none"))]]
        } else {
            materials
        },
    });
    let mut statement = vec![m("checklist-hint")];
    if matter.sample {
        statement.push(m("receipt-sample"));
    }
    FormDocument {
        language: tag.to_string(),
        print_title: format!("checklist-{}", matter.code),
        pages: vec![FormPage {
            header: m("checklist-header"),
            title: m("checklist-title"),
            number_line: with(
                "checklist-printed-at",
                &[(
                    "time",
                    crate::document::local_date_time(printed_at, language),
                )],
            ),
            sections,
            statement,
            signer_label: String::new(),
            signature: None,
            unsigned_note: String::new(),
            date_line: String::new(),
            footer: with("checklist-footer", &[("site", site.to_string())]),
        }],
        continued: m("form-continued"),
    }
}

fn form_date(date: NaiveDate, language: Language) -> String {
    message(
        language.tag(),
        "form-date",
        &[
            ("year", date.year().to_string()),
            ("month", date.month().to_string()),
            ("day", date.day().to_string()),
        ],
    )
}

/// A county's name from the UI's list, or its code when the list does not have it.
fn county_name(code: &str, tag: &str) -> String {
    let id = format!("county-{code}");
    let name = message(tag, &id, &[]);
    if name == id || name.is_empty() {
        code.to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use borderdesk_core::signature::SignaturePoint;

    #[test]
    fn a_stroke_is_drawn_where_it_was_written_and_nowhere_else() {
        let signature = Signature {
            width: 600,
            height: 240,
            strokes: vec![vec![
                SignaturePoint { x: 60, y: 120 },
                SignaturePoint { x: 540, y: 120 },
            ]],
        };
        let image = signature_image(&signature, 300).unwrap();
        assert_eq!((image.width, image.height), (300, 120));
        let at = |x: u32, y: u32| image.pixels[(y * image.width + x) as usize];
        assert_eq!(at(150, 60), 0, "on the stroke");
        assert_eq!(at(150, 20), 255, "above it");
        assert_eq!(at(10, 60), 255, "before it starts");
        let inked = image.pixels.iter().filter(|&&p| p == 0).count();
        assert!(
            (500..2000).contains(&inked),
            "a line 240 px long and a few px thick: {inked}"
        );
    }
}
