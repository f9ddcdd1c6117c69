//! BORDERDESK_RECEIPT_FONT overrides the system font list. Alone in its test binary because
//! it sets a process-wide environment variable.

use borderdesk_core::Language;
use borderdesk_receipt::*;

mod common;

#[test]
fn the_font_variable_overrides_the_system_fonts_and_a_wrong_one_shows() {
    let doc = receipt_document(&common::receipt(false), &[], Language::ZhCn, common::SITE);
    std::env::set_var(FONT_ENV, "/nonexistent/configured.ttc");
    let err = render_pdf(&doc).unwrap_err();
    assert_eq!(err.code(), "error-receipt-font-missing");
    assert!(err.to_string().contains("/nonexistent/configured.ttc"));

    let installed = FontSource::known()
        .candidates
        .into_iter()
        .find(|c| c.regular.is_file())
        .expect("a known CJK font is installed");
    std::env::set_var(FONT_ENV, &installed.regular);
    assert!(render_pdf(&doc).is_ok());

    std::env::remove_var(FONT_ENV);
    assert_eq!(FontSource::system(), FontSource::known());
}
