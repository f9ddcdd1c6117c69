//! The legal aid application form and pledge as an office gets them: real PDFs with the
//! system's CJK font, read back with poppler's pdftotext, pdfimages and pdfinfo.

mod common;

use std::path::Path;
use std::process::Command;

use borderdesk_core::catalog::Province;
use borderdesk_core::legal_aid::{
    Art31Matter, Art42Status, EligibilityAnswers, LegalAidOffice, RoutingFacts, UrgencyFacts,
};
use borderdesk_core::signature::{Signature, SignaturePoint};
use borderdesk_core::{DeviceCode, Language, LocalizedText, TrackingNumber};
use borderdesk_protocol::{
    Agent, Applicant, CaseStage, HardshipProof, LegalAidApplication, OpposingParty,
};
use borderdesk_receipt::*;
use chrono::{NaiveDate, TimeZone, Utc};
use common::{pdftotext, write_pdf};

const NAME: &str = "李四";
const ID: &str = "330329199001011235";
const FACTS: &str = "在工地干了三个月，老板一直拖欠工资，共计一万二千元。";

fn signature() -> Signature {
    let stroke = |points: &[(u32, u32)]| -> Vec<SignaturePoint> {
        points
            .iter()
            .map(|&(x, y)| SignaturePoint { x, y })
            .collect()
    };
    Signature {
        width: 600,
        height: 240,
        strokes: vec![
            stroke(&[(60, 150), (140, 60), (220, 170), (300, 80)]),
            stroke(&[(340, 60), (360, 200)]),
            stroke(&[(400, 120), (540, 110)]),
        ],
    }
}

fn application(signed: bool) -> LegalAidApplication {
    LegalAidApplication {
        applicant: Applicant {
            name: NAME.into(),
            id_number: ID.into(),
            phone: "13800138000".into(),
            address: Some("泰顺县罗阳镇新城路 8 号".into()),
        },
        agent: None,
        opposing_party: OpposingParty {
            name: "某某建筑公司".into(),
            is_organisation: true,
            address: None,
        },
        facts: FACTS.into(),
        events_place: None,
        events_date: NaiveDate::from_ymd_opt(2026, 9, 1),
        case_stage: CaseStage::NotInCourt,
        hardship: HardshipProof::Pledge,
        eligibility: EligibilityAnswers {
            matter: Art31Matter::LabourRelationsOrWages,
            situations: Vec::new(),
            statuses: Vec::new(),
            household_size: 3,
            household_monthly_income_fen: Some(100_000),
            household_assets_fen: None,
            deciding_province: None,
            deciding_county: None,
        },
        routing: RoutingFacts {
            court_or_authority_county: None,
            obligor_county: None,
            events_county: Some("330329".into()),
            applicant_county: "330329".into(),
        },
        urgency: UrgencyFacts::default(),
        attachments: Vec::new(),
        signature: signed.then(signature),
        family_phone: None,
        family_consent_at: None,
    }
}

fn office() -> LegalAidOffice {
    LegalAidOffice {
        code: "LA-330329".into(),
        name: LocalizedText {
            zh_cn: "泰顺县法律援助中心".into(),
            zh_tw: Some("泰順縣法律援助中心".into()),
            en: Some("Taishun County Legal Aid Centre".into()),
        },
        province: Province::Zhejiang,
        city_code: "330300".into(),
        county_code: Some("330329".into()),
    }
}

fn form_pdf(application: &LegalAidApplication, language: Language) -> (FormDocument, Vec<u8>) {
    let number = TrackingNumber::issue(DeviceCode(10001), 427).unwrap();
    let office = office();
    let fields = LegalAidFormFields {
        tracking_number: &number,
        office: &office,
        // 14:05 on 7 December in Asia/Shanghai
        made_at: Utc.with_ymd_and_hms(2026, 12, 7, 6, 5, 0).unwrap(),
        site: "泰顺县罗阳镇便民服务中心",
    };
    let doc = legal_aid_form_document(application, &fields, language);
    let pdf = render_form_pdf(&doc).expect("a CJK font is installed (fonts-noto-cjk)");
    (doc, pdf)
}

/// `pdfimages -list`: one line per picture, as (page, width, height, colour).
fn images(pdf: &Path) -> Vec<(u32, u32, u32, String)> {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages runs (apt-get install poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            (
                f[0].parse().unwrap(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
                f[5].to_string(),
            )
        })
        .collect()
}

fn pages(pdf: &Path) -> u32 {
    if let Some(dir) = std::env::var_os("FORM_PDF_DIR") {
        let _ = std::fs::copy(pdf, Path::new(&dir).join(pdf.file_name().unwrap()));
    }
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

/// The text of one page.
fn page_text(pdf: &Path, page: u32) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_signed_form_and_pledge_carry_the_answers_and_the_signature_on_each_page() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = form_pdf(&application(true), Language::ZhCn);
    let path = write_pdf(dir.path(), "form.pdf", &pdf);
    assert_eq!(pages(&path), 2, "the application form, then the pledge");
    let form = page_text(&path, 1);
    for expected in [
        "泰顺县法律援助中心",
        "法律援助申请表",
        "受理编号：1000 1000 4272",
        "申请人基本情况",
        NAME,
        ID,
        "13800138000",
        "男",
        "1990年1月1日",
        "泰顺县罗阳镇新城路 8 号",
        "住所地",
        "某某建筑公司",
        "单位",
        "拖欠工资、没签劳动合同",
        "2026年9月1日",
        "泰顺县",
        FACTS,
        "1000.00 元",
        "个人诚信承诺（见所附承诺书）",
        "2026年12月7日 14:05",
        "申请人（签名）：",
        "日期：2026年12月7日",
        "编号 100010004272",
    ] {
        assert!(form.contains(expected), "{expected:?} missing in:\n{form}");
    }
    assert!(!form.contains("未在屏幕上签名"), "{form}");
    let pledge = page_text(&path, 2);
    for expected in [
        "个人诚信承诺书",
        "承诺人李四，公民身份号码330329199001011235",
        "第四十一条",
        "承诺人（签名）：",
    ] {
        assert!(
            pledge.contains(expected),
            "{expected:?} missing in:\n{pledge}"
        );
    }
    // The signature, drawn once on each page as an 8-bit grey picture of the pad's shape.
    let pictures = images(&path);
    assert_eq!(
        pictures.iter().map(|(page, ..)| *page).collect::<Vec<_>>(),
        [1, 2]
    );
    for (_, w, h, colour) in &pictures {
        assert_eq!((*w, *h, colour.as_str()), (720, 288, "gray"));
    }
}

#[test]
fn the_signature_picture_holds_the_strokes() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, pdf) = form_pdf(&application(true), Language::ZhCn);
    let path = write_pdf(dir.path(), "form.pdf", &pdf);
    let out = Command::new("pdfimages")
        .args(["-f", "1", "-l", "1"])
        .arg(&path)
        .arg(dir.path().join("sig"))
        .output()
        .unwrap();
    assert!(out.status.success());
    // PGM or PPM (poppler's choice): a short header, then one or three bytes a pixel.
    let (raw, channels) = match std::fs::read(dir.path().join("sig-000.pgm")) {
        Ok(pgm) => (pgm, 1),
        Err(_) => (
            std::fs::read(dir.path().join("sig-000.ppm")).expect("pdfimages writes the picture"),
            3,
        ),
    };
    let body = &raw[raw.len() - 720 * 288 * channels..];
    let pixels: Vec<u8> = body.iter().step_by(channels).copied().collect();
    let drawn = doc.pages[0].signature.as_ref().unwrap();
    assert_eq!(pixels, drawn.pixels);
    let ink = pixels.iter().filter(|&&p| p == 0).count();
    assert!(
        ink > 2000,
        "the strokes are on the picture: {ink} dark pixels"
    );
}

#[test]
fn an_unsigned_form_leaves_a_line_to_sign_at_the_office() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = form_pdf(&application(false), Language::ZhCn);
    let path = write_pdf(dir.path(), "unsigned.pdf", &pdf);
    assert!(images(&path).is_empty());
    let text = pdftotext(&path);
    assert_eq!(
        text.matches("未在屏幕上签名：请在受理窗口签名或按手印")
            .count(),
        2,
        "{text}"
    );
}

#[test]
fn an_exempt_applicant_gets_no_pledge_and_an_agent_is_on_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = application(true);
    a.hardship = HardshipProof::Exemption {
        proof: "art32_or_art42".into(),
    };
    a.eligibility.statuses = vec![Art42Status::MigrantWorkerWagesOrInjury];
    a.agent = Some(Agent {
        name: "李小四".into(),
        id_number: "330329201001011236".into(),
        relation: "儿子".into(),
        proof_of_authority: true,
    });
    a.case_stage = CaseStage::InCourt {
        court: "泰顺县人民法院".into(),
        procedure: None,
    };
    a.urgency.deadline = NaiveDate::from_ymd_opt(2026, 12, 20);
    let (_, pdf) = form_pdf(&a, Language::ZhCn);
    let path = write_pdf(dir.path(), "exempt.pdf", &pdf);
    assert_eq!(pages(&path), 1);
    let text = pdftotext(&path);
    for expected in [
        "代理申请人情况",
        "李小四",
        "儿子",
        "泰顺县人民法院",
        "免予核查经济困难状况",
        "2026年12月20日",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    assert!(!text.contains("个人诚信承诺书"));
}

#[test]
fn facts_longer_than_a_page_go_on_over_the_next_one_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = application(true);
    // 4,000 characters, the most a form takes: numbered sentences, each findable.
    let mut facts = String::new();
    let mut n = 0;
    while facts.chars().count() < 3960 {
        n += 1;
        facts.push_str(&format!("第{n}句：老板拖欠工资未付。"));
    }
    a.facts = facts;
    let (_, pdf) = form_pdf(&a, Language::ZhCn);
    let path = write_pdf(dir.path(), "long.pdf", &pdf);
    let count = pages(&path);
    assert!(
        count >= 3,
        "the form runs over pages, then the pledge: {count}"
    );
    let second: String = page_text(&path, 2).split_whitespace().collect();
    assert!(
        second.contains("案情及申请理由") && second.contains("（续）"),
        "the rest is marked as continued: {second}"
    );
    // Read as one text, without what each page break puts between the parts.
    let text: String = (1..=count)
        .map(|p| page_text(&path, p))
        .collect::<Vec<_>>()
        .join("\n")
        .split_whitespace()
        .collect::<String>()
        .replace("法律援助申请表（续）", "")
        .replace("案情及申请理由", "")
        .replace("（续）", "")
        .replace(
            "由自助终端预填打印·泰顺县罗阳镇便民服务中心·编号100010004272",
            "",
        );
    for i in 1..=n {
        assert!(
            text.contains(&format!("第{i}句")),
            "sentence {i} of {n} is printed"
        );
    }
    // Every page but the pledge carries the form's title or its continuation.
    assert!(page_text(&path, 2).contains("法律援助申请表（续）"));
}

#[test]
fn the_form_in_traditional_chinese_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = form_pdf(&application(true), Language::ZhTw);
    let tw = pdftotext(&write_pdf(dir.path(), "tw.pdf", &pdf));
    for expected in [
        "法律援助申請表",
        "個人誠信承諾書",
        "泰順縣法律援助中心",
        NAME,
    ] {
        assert!(tw.contains(expected), "{expected:?} missing in:\n{tw}");
    }
    let (_, pdf) = form_pdf(&application(true), Language::En);
    let en = pdftotext(&write_pdf(dir.path(), "en.pdf", &pdf));
    for expected in [
        "Legal Aid Application Form",
        "Personal Integrity Pledge",
        "Taishun County Legal Aid Centre",
        // The office files it under its Chinese name.
        "泰顺县法律援助中心",
        ID,
    ] {
        assert!(en.contains(expected), "{expected:?} missing in:\n{en}");
    }
}

#[test]
fn a_notarization_checklist_lists_each_material_and_what_it_needs() {
    let reference: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(include_str!("../../local/data/sample-notary.json")).unwrap();
    let matter = reference
        .matters
        .iter()
        .find(|m| m.code == "GZ-QSGX")
        .unwrap();
    let office = reference.offices.first().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let doc = notary_checklist_document(
        matter,
        Some(office),
        Language::ZhCn,
        "泰顺县罗阳镇便民服务中心",
        Utc.with_ymd_and_hms(2026, 12, 7, 6, 5, 0).unwrap(),
    );
    let path = write_pdf(dir.path(), "checklist.pdf", &render_form_pdf(&doc).unwrap());
    assert_eq!(pages(&path), 1);
    assert!(images(&path).is_empty(), "nobody signs a checklist");
    let text: String = pdftotext(&path).split_whitespace().collect();
    for expected in [
        "公证材料清单",
        matter.name.zh_cn.as_str(),
        office.name.zh_cn.as_str(),
        "打印时间：2026年12月7日14:05",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    for (i, m) in matter.materials.iter().enumerate() {
        let name: String = m.name.zh_cn.split_whitespace().collect();
        assert!(text.contains(&format!("第{}项", i + 1)), "{text}");
        assert!(text.contains(&name), "{name} missing in:\n{text}");
    }
    let required = matter.materials.iter().filter(|m| m.required).count();
    assert_eq!(text.matches("必需，请带原件").count(), required, "{text}");
    assert!(!text.contains("签名"), "{text}");
}

/// A one-page form of `rows` under one heading, unsigned.
fn table(rows: Vec<Vec<(String, String)>>) -> FormDocument {
    FormDocument {
        language: "zh-CN".into(),
        print_title: "t".into(),
        continued: "（续）".into(),
        pages: vec![FormPage {
            header: "泰顺县法律援助中心".into(),
            title: "法律援助申请表".into(),
            number_line: "受理编号：1000 1000 4272".into(),
            sections: vec![FormSection {
                heading: "案件情况".into(),
                rows,
            }],
            statement: Vec::new(),
            signer_label: String::new(),
            signature: None,
            unsigned_note: String::new(),
            date_line: String::new(),
            footer: "页脚".into(),
        }],
    }
}

#[test]
fn a_pair_of_cells_taller_than_a_page_and_a_word_wider_than_a_cell_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // Numbered pieces with no space between them: one unbroken "word" thousands wide.
    let word: String = (1..=400).map(|i| format!("X{i:04}")).collect();
    let tall: String = (1..=300).map(|i| format!("第{i}行。")).collect();
    let doc = table(vec![
        vec![
            ("对方当事人".into(), tall.clone()),
            ("对方类型".into(), "单位".into()),
        ],
        vec![("住所地".into(), word.clone())],
    ]);
    let path = write_pdf(dir.path(), "hostile.pdf", &render_form_pdf(&doc).unwrap());
    let count = pages(&path);
    assert!(count >= 2, "{count} pages");
    // Read as one text, without what each page break puts between the parts.
    let text: String = (1..=count)
        .map(|p| page_text(&path, p))
        .collect::<Vec<_>>()
        .concat()
        .split_whitespace()
        .collect::<String>()
        .replace("页脚", "")
        .replace("法律援助申请表（续）", "")
        .replace("（续）", "")
        .replace("对方当事人", "")
        .replace("住所地", "");
    for i in 1..=300 {
        assert!(
            text.contains(&format!("第{i}行")),
            "line {i} of the tall cell"
        );
    }
    assert!(text.contains("单位"), "the pair's other cell");
    for i in 1..=400 {
        assert!(
            text.contains(&format!("X{i:04}")),
            "piece {i} of the long word"
        );
    }
    // Nothing is drawn over the footer or off the sheet: every page's text ends with it.
    for p in 1..=count {
        let page: Vec<String> = page_text(&path, p)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        assert_eq!(
            page.last().map(String::as_str),
            Some("页脚"),
            "page {p}: {page:?}"
        );
    }
}
