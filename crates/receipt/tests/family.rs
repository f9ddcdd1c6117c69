//! The family QR code: what it says (item, tracking number, office, the checklist, how to
//! follow it), that it decodes to exactly that, and that a long checklist is cut short.

use borderdesk_core::catalog::Material;
use borderdesk_core::{CatalogItem, Language, LocalizedText, TrackingNumber};
use borderdesk_receipt::{
    family_note, family_note_text, family_subject_note, FamilySubject, MAX_FAMILY_NOTE_BYTES,
};

fn item() -> CatalogItem {
    let all: Vec<CatalogItem> =
        serde_json::from_str(include_str!("../../local/data/sample-catalog.json")).unwrap();
    all.into_iter().find(|i| i.code == "ZM-HJ-001").unwrap()
}

fn decode(svg: &str) -> String {
    // Rasterise the SVG's squares (one per dark module, `M{x} {y}h1v1h-1z`) at 4 px a module.
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    let scale = 4;
    let w = size * scale;
    let mut pixels = vec![255u8; w * w];
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let xy: Vec<usize> = square
            .trim_end_matches("h1v1h-1z")
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        for dy in 0..scale {
            for dx in 0..scale {
                pixels[(xy[1] * scale + dy) * w + xy[0] * scale + dx] = 0;
            }
        }
    }
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, w, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[test]
fn the_code_holds_the_item_the_number_the_office_and_the_checklist() {
    let item = item();
    let number = TrackingNumber::parse("100010004272").unwrap();
    let note = family_note(&item, Some(&number), Language::ZhCn).unwrap();
    let text = &note.text;
    assert!(text.starts_with("浙闽通办 · 临时身份证明\n"), "{text}");
    assert!(text.contains("受理编号：1000 1000 4272"), "{text}");
    assert!(
        text.contains(&format!("办理单位：{}", item.handling_office.zh_cn)),
        "{text}"
    );
    for (i, m) in item.materials.iter().enumerate() {
        assert!(
            text.contains(&format!("{}. {}", i + 1, m.name.zh_cn)),
            "{text}"
        );
    }
    assert!(text.contains("查询进度"), "{text}");
    assert_eq!(decode(&note.svg), *text);

    // Before submitting there is no number, and it says how to apply instead.
    let before = family_note_text(&item, None, Language::ZhCn);
    assert!(!before.contains("受理编号"), "{before}");
    assert!(before.contains("带齐材料"), "{before}");
    // In the person's language.
    let en = family_note_text(&item, Some(&number), Language::En);
    assert!(en.contains("Tracking number: 1000 1000 4272"), "{en}");
}

#[test]
fn a_long_checklist_is_cut_short_and_still_decodes() {
    let mut item = item();
    item.materials = (1..=60)
        .map(|i| Material {
            name: LocalizedText {
                zh_cn: format!("第{i}份很长很长的证明材料原件及复印件"),
                zh_tw: None,
                en: None,
            },
            required: i % 2 == 0,
            e_licence: false,
        })
        .collect();
    let number = TrackingNumber::parse("100010004272").unwrap();
    let note = family_note(&item, Some(&number), Language::ZhCn).unwrap();
    assert!(
        note.text.len() <= MAX_FAMILY_NOTE_BYTES,
        "{}",
        note.text.len()
    );
    assert!(note.text.contains("1. 第1份"), "{}", note.text);
    assert!(!note.text.contains("60. "), "{}", note.text);
    let shown = note.text.lines().filter(|l| l.contains("份很长")).count();
    assert!(
        note.text.contains(&format!("还有 {} 项", 60 - shown)),
        "{}",
        note.text
    );
    // The tail is kept.
    assert!(note.text.ends_with("输入受理编号。"), "{}", note.text);
    assert_eq!(decode(&note.svg), note.text);
}

#[test]
fn a_notarization_bookings_code_names_the_matter_the_office_and_what_to_bring() {
    let reference: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(include_str!("../../local/data/sample-notary.json")).unwrap();
    let matter = reference
        .matters
        .iter()
        .find(|m| m.code == "GZ-QSGX")
        .unwrap();
    let office = reference
        .offices
        .iter()
        .find(|o| o.code == "GZC-330329")
        .unwrap();
    let number = TrackingNumber::parse("100010004272").unwrap();
    let note = family_subject_note(
        FamilySubject::notary(matter, Some(office)),
        Some(&number),
        Language::ZhCn,
    )
    .unwrap();
    assert!(
        note.text
            .starts_with(&format!("远程视频公证 · {}\n", matter.name.zh_cn)),
        "{}",
        note.text
    );
    assert!(note.text.contains(&office.name.zh_cn), "{}", note.text);
    for m in &matter.materials {
        assert!(note.text.contains(&m.name.zh_cn), "{}", note.text);
    }
    assert_eq!(decode(&note.svg), note.text);
    // On the materials list, before an office is chosen: the matter and what to bring.
    let before = borderdesk_receipt::family_subject_text(
        FamilySubject::notary(matter, None),
        None,
        Language::ZhCn,
    );
    assert!(!before.contains("办理单位"), "{before}");
    for m in &matter.materials {
        assert!(before.contains(&m.name.zh_cn), "{before}");
    }
}

#[test]
fn a_consultation_s_code_names_the_office_and_the_number_and_asks_for_nothing_to_bring() {
    let number = TrackingNumber::issue(borderdesk_core::DeviceCode(10001), 9).unwrap();
    let name = borderdesk_receipt::legal_aid_service_name(true);
    let office = LocalizedText {
        zh_cn: "泰顺县法律援助中心".into(),
        zh_tw: Some("泰順縣法律援助中心".into()),
        en: Some("Taishun County Legal Aid Centre".into()),
    };
    let note = family_subject_note(
        FamilySubject::legal_aid(&name, &office, &[]),
        Some(&number),
        Language::ZhCn,
    )
    .unwrap();
    assert!(note.text.starts_with("法律咨询\n"), "{}", note.text);
    assert!(note.text.contains(&number.grouped()), "{}", note.text);
    assert!(note.text.contains("泰顺县法律援助中心"), "{}", note.text);
    assert!(note.text.contains("不需要另外准备材料"), "{}", note.text);
    assert_eq!(decode(&note.svg), note.text);
    let tw = borderdesk_receipt::family_subject_text(
        FamilySubject::legal_aid(
            &borderdesk_receipt::legal_aid_service_name(false),
            &office,
            &[],
        ),
        Some(&number),
        Language::ZhTw,
    );
    assert!(tw.starts_with("法律援助申請\n"), "{tw}");
}
