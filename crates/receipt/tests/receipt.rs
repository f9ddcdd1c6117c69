//! The receipt as a citizen gets it: a real PDF with the system's CJK font, read back with
//! poppler's pdftotext and pdftoppm, and sent to real files and stand-in `lp` programs.

mod common;

use std::path::Path;
use std::process::Command;

use borderdesk_core::{Language, LocalizedText};
use borderdesk_receipt::*;
use common::*;

fn zh_receipt_pdf() -> (ReceiptDocument, Vec<u8>) {
    let doc = receipt_document(&receipt(true), &materials_zh(), Language::ZhCn, SITE);
    let pdf = render_pdf(&doc).expect("a CJK font is installed (fonts-noto-cjk)");
    (doc, pdf)
}

#[test]
fn a_chinese_receipt_reads_back_with_the_number_and_the_item_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = zh_receipt_pdf();
    let text = pdftotext(&write_pdf(dir.path(), "zh.pdf", &pdf));
    for expected in [
        "申请回执",
        "查询编号",
        "1000 1000 4272",
        "100010004272",
        "办理事项",
        ITEM_ZH,
        OFFICE_ZH,
        "自受理之日起 5 个工作日内办结",
        "2026年11月27日 14:05",
        "居民身份证或户口簿",
        "本申请已保存在本机",
        "泰顺县司前畲族镇便民服务中心",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !text.contains("Tracking number"),
        "English on a Chinese receipt:\n{text}"
    );
}

#[test]
fn a_reprint_says_so_and_a_place_nobody_named_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T07:30:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let doc = receipt_document(&receipt(true), &materials_zh(), Language::ZhCn, "")
        .with_reprint_mark(at, Language::ZhCn);
    let text = pdftotext(&write_pdf(
        dir.path(),
        "reprint.pdf",
        &render_pdf(&doc).unwrap(),
    ));
    assert!(text.contains("补打 2026年12月7日 15:30"), "{text}");
    assert!(!text.contains("提交地点"), "a row without a place:\n{text}");
    // The original carries no mark.
    let (_, pdf) = zh_receipt_pdf();
    let original = pdftotext(&write_pdf(dir.path(), "original.pdf", &pdf));
    assert!(!original.contains("补打 2026"), "{original}");
    assert!(original.contains("提交地点"), "{original}");
}

#[test]
fn an_english_receipt_has_english_labels_and_the_official_chinese_name() {
    let dir = tempfile::tempdir().unwrap();
    let materials = vec!["Resident ID card or household register".to_string()];
    let doc = receipt_document(&receipt(false), &materials, Language::En, SITE);
    let pdf = render_pdf(&doc).unwrap();
    let text = pdftotext(&write_pdf(dir.path(), "en.pdf", &pdf));
    for expected in [
        "Application Receipt",
        "Tracking number",
        "1000 1000 4272",
        "Service",
        ITEM_EN,
        ITEM_ZH,
        "Handling office",
        OFFICE_EN,
        "Done within 5 working days of acceptance",
        "2026-11-27 14:05",
        "Materials",
        "Resident ID card or household register",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for chinese_label in ["申请回执", "查询编号", "办理事项", "材料情况"] {
        assert!(
            !text.contains(chinese_label),
            "{chinese_label} on an English receipt"
        );
    }
    assert!(
        !text.contains("本申请已保存在本机"),
        "sent receipts have no waiting line"
    );
}

#[test]
fn a_traditional_chinese_receipt_uses_traditional_text() {
    let dir = tempfile::tempdir().unwrap();
    let doc = receipt_document(&receipt(false), &[], Language::ZhTw, SITE);
    let text = pdftotext(&write_pdf(dir.path(), "tw.pdf", &render_pdf(&doc).unwrap()));
    for expected in ["申請回執", "查詢編號", ITEM_TW, "無需提交紙本材料"] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn the_printed_qr_code_scans_as_the_tracking_number() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, pdf) = zh_receipt_pdf();
    let path = write_pdf(dir.path(), "qr.pdf", &pdf);
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "100", "-singlefile"])
        .arg(&path)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (apt-get install poppler-utils)");
    assert!(status.success());
    let (w, h, pixels) = read_pgm(&dir.path().join("page.pgm"));
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the receipt");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    assert_eq!(content, "BD:100010004272");
    assert_eq!(content, doc.qr_payload);
}

#[test]
fn a_receipt_carries_no_personal_data() {
    // The citizen typed these; a receipt is built from the Receipt alone.
    let (doc, pdf) = zh_receipt_pdf();
    let dir = tempfile::tempdir().unwrap();
    let text = pdftotext(&write_pdf(dir.path(), "p.pdf", &pdf));
    let mut haystacks = vec![
        text,
        String::from_utf8_lossy(&pdf).into_owned(),
        doc.all_text(),
    ];
    haystacks.extend(inflated_streams(&pdf));
    for h in &haystacks {
        for personal in [ID_NUMBER, PHONE, "张三"] {
            assert!(!h.contains(personal), "{personal} found in the receipt");
        }
    }
    assert_eq!(doc.qr_payload, "BD:100010004272");
}

#[test]
fn a_receipt_stays_small_with_a_subsetted_font() {
    let (_, pdf) = zh_receipt_pdf();
    assert!(pdf.len() < 300 * 1024, "receipt is {} bytes", pdf.len());
    // The system font is ~19 MB; only the glyphs used may travel.
    assert!(
        pdf.len() < 120 * 1024,
        "font not subsetted? {} bytes",
        pdf.len()
    );
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn the_same_receipt_renders_to_the_same_bytes() {
    // A reprint is the same document.
    assert_eq!(zh_receipt_pdf().1, zh_receipt_pdf().1);
}

#[test]
fn without_a_cjk_font_the_receipt_says_so() {
    let doc = receipt_document(&receipt(false), &[], Language::ZhCn, SITE);
    let err = render_pdf_with(&doc, &FontSource::file("/nonexistent/NoSuchCJK.ttc")).unwrap_err();
    assert_eq!(err.code(), "error-receipt-font-missing");
    assert!(err.to_string().contains("/nonexistent/NoSuchCJK.ttc"));

    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.ttf");
    std::fs::write(&junk, b"not a font").unwrap();
    let err = render_pdf_with(&doc, &FontSource::file(&junk)).unwrap_err();
    assert_eq!(err.code(), "error-receipt-font-unusable");

    let latin = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if latin.is_file() {
        let err = render_pdf_with(&doc, &FontSource::file(latin)).unwrap_err();
        assert_eq!(
            err.code(),
            "error-receipt-font-unusable",
            "a Latin-only font is no CJK font"
        );
    }
}

#[test]
fn a_font_file_given_directly_is_used() {
    let (regular, _) = FontSource::known()
        .candidates
        .into_iter()
        .find(|c| c.regular.is_file())
        .map(|c| (c.regular, c.bold))
        .expect("a known CJK font is installed");
    let doc = receipt_document(&receipt(false), &[], Language::ZhCn, SITE);
    let pdf = render_pdf_with(&doc, &FontSource::file(regular)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    assert!(pdftotext(&write_pdf(dir.path(), "f.pdf", &pdf)).contains(ITEM_ZH));
}

#[test]
fn a_character_the_font_lacks_does_not_stop_the_receipt() {
    // U+E000 is in no font: it prints as an empty box, the rest of the name reads back.
    let mut r = receipt(false);
    r.item_name = LocalizedText {
        zh_cn: "户口迁移\u{E000}登记".into(),
        zh_tw: None,
        en: None,
    };
    let doc = receipt_document(&r, &[], Language::ZhCn, SITE);
    let dir = tempfile::tempdir().unwrap();
    let text = pdftotext(&write_pdf(dir.path(), "m.pdf", &render_pdf(&doc).unwrap()));
    assert!(text.contains("户口迁移"), "{text}");
    assert!(text.contains("登记"), "{text}");
}

#[test]
fn the_file_printer_saves_the_receipt_under_its_number_and_a_reprint_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, pdf) = zh_receipt_pdf();
    let printer = FilePrinter::new(dir.path().join("receipts"));
    let outcome = printer.print(&pdf, doc.print_title()).unwrap();
    let path = dir.path().join("receipts").join("100010004272.pdf");
    assert_eq!(outcome, PrintOutcome::Saved { path: path.clone() });
    assert_eq!(outcome.message_id(), "receipt-saved");
    assert!(pdftotext(&path).contains("1000 1000 4272"));

    let again = print_receipt(&doc, &printer).unwrap();
    assert_eq!(again, PrintOutcome::Saved { path: path.clone() });
    let files: Vec<_> = std::fs::read_dir(dir.path().join("receipts"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1, "a reprint leaves one file");
    assert_eq!(std::fs::read(&path).unwrap(), pdf);
}

#[test]
fn without_lp_the_printer_answers_no_printer() {
    let printer = LpPrinter::with_command("/nonexistent/bin/lp");
    let outcome = printer.print(b"%PDF-1.7", "100010004272").unwrap();
    assert_eq!(outcome, PrintOutcome::NoPrinter);
    assert_eq!(outcome.message_id(), "receipt-no-printer");
}

#[cfg(unix)]
mod with_a_stand_in_lp {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(dir: &Path, body: &str) -> std::path::PathBuf {
        let path = dir.join("lp");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn cups_without_a_default_printer_is_no_printer() {
        let dir = tempfile::tempdir().unwrap();
        let lp = script(
            dir.path(),
            "echo 'lp: Error - No default destination available.' >&2; exit 1",
        );
        let outcome = LpPrinter::with_command(lp).print(b"%PDF-1.7", "x").unwrap();
        assert_eq!(outcome, PrintOutcome::NoPrinter);
    }

    #[test]
    fn a_queued_job_reports_its_request_id_and_gets_the_pdf_and_title() {
        let dir = tempfile::tempdir().unwrap();
        let got = dir.path().join("got");
        let lp = script(
            dir.path(),
            &format!(
                "printf '%s\\n' \"$@\" > '{args}'; for f; do :; done; cp \"$f\" '{copy}'; \
                 echo 'request id is Hall-42 (1 file(s))'",
                args = got.with_extension("args").display(),
                copy = got.with_extension("pdf").display(),
            ),
        );
        let (doc, pdf) = zh_receipt_pdf();
        let outcome = LpPrinter::with_command(lp)
            .destination("Hall")
            .print(&pdf, doc.print_title())
            .unwrap();
        assert_eq!(
            outcome,
            PrintOutcome::Printed {
                job: Some("Hall-42".into())
            }
        );
        let args = std::fs::read_to_string(got.with_extension("args")).unwrap();
        let args: Vec<&str> = args.lines().collect();
        assert_eq!(&args[..4], ["-d", "Hall", "-t", "100010004272"]);
        assert_eq!(std::fs::read(got.with_extension("pdf")).unwrap(), pdf);
        assert!(
            !Path::new(args[4]).exists(),
            "the temp file is gone after printing"
        );
    }

    #[test]
    fn a_printer_error_is_a_print_failure_with_its_code() {
        let dir = tempfile::tempdir().unwrap();
        let lp = script(
            dir.path(),
            "echo 'lp: Error - printer is jammed' >&2; exit 2",
        );
        let err = LpPrinter::with_command(lp)
            .print(b"%PDF-1.7", "x")
            .unwrap_err();
        assert_eq!(err.code(), "error-receipt-print-failed");
        assert!(err.to_string().contains("jammed"));
    }
}

#[test]
fn every_error_and_outcome_has_a_message_in_every_language() {
    let ids = [
        ReceiptError::FontMissing {
            searched: String::new(),
        }
        .code(),
        ReceiptError::FontUnusable {
            path: "x".into(),
            reason: String::new(),
        }
        .code(),
        ReceiptError::Qr(String::new()).code(),
        ReceiptError::PrintFailed(String::new()).code(),
        ReceiptError::Save(std::io::Error::other("x")).code(),
        PrintOutcome::NoPrinter.message_id(),
        PrintOutcome::Printed { job: None }.message_id(),
        PrintOutcome::Saved { path: "x".into() }.message_id(),
    ];
    for language in Language::ALL {
        for id in ids {
            assert!(borderdesk_i18n::has(language.tag(), id), "{id} missing");
            let text = borderdesk_i18n::message(language.tag(), id, &[]);
            assert_ne!(text, id);
        }
    }
    assert_ne!(
        borderdesk_i18n::message("en", "error-receipt-font-missing", &[]),
        borderdesk_i18n::message("zh-CN", "error-receipt-font-missing", &[])
    );
}

/// A binary PGM (P5) as pdftoppm -gray writes it.
fn read_pgm(path: &Path) -> (usize, usize, Vec<u8>) {
    let data = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    let pixels = data[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// The decompressed contents of every Flate stream in the file.
fn inflated_streams(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pdf;
    while let Some(at) = find(rest, b"stream\n") {
        let body = &rest[at + 7..];
        let Some(end) = find(body, b"endstream") else {
            break;
        };
        if let Ok(raw) = miniz_oxide::inflate::decompress_to_vec_zlib(&body[..end]) {
            out.push(String::from_utf8_lossy(&raw).into_owned());
        }
        rest = &body[end..];
    }
    assert!(!out.is_empty(), "found no compressed streams");
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_resume_slip_shows_the_code_grouped_and_when_it_runs_out() {
    use borderdesk_core::resume::ResumeCode;
    use chrono::TimeZone;
    let dir = tempfile::tempdir().unwrap();
    let item: borderdesk_core::CatalogItem = serde_json::from_value(serde_json::json!({
        "code": "ZM-HJ-001", "name": { "zh-CN": "临时身份证明" }, "category": "household",
        "handling_side": "zhejiang", "handling_office": { "zh-CN": "泰顺县公安局" },
        "mode": "collected_and_forwarded", "time_limit_working_days": 1,
        "materials": [{ "name": { "zh-CN": "户口簿" }, "required": true }], "questions": []
    }))
    .unwrap();
    let code = ResumeCode::generate();
    let saved = chrono::Utc.with_ymd_and_hms(2026, 11, 27, 6, 5, 0).unwrap();
    let doc = resume_slip_document(
        &item,
        &code,
        saved,
        borderdesk_core::resume::expires_at(saved),
        Language::ZhCn,
        SITE,
    );
    assert_eq!(doc.qr_payload, format!("BDR:{code}"));
    let text = pdftotext(&write_pdf(
        dir.path(),
        "slip.pdf",
        &render_pdf(&doc).unwrap(),
    ));
    for expected in [
        "暂存凭条",
        "继续办理码",
        code.grouped().as_str(),
        "临时身份证明",
        "2026年11月27日 14:05",
        "2026年12月4日 14:05",
        "提交之前此码一直有效",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // A slip is not a receipt: no materials section, no tracking-number wording.
    assert!(!text.contains("材料情况"), "{text}");
    assert!(!text.contains("户口簿"), "{text}");
}
