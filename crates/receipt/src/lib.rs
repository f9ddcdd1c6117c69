//! The printed receipt (回执) of a BorderDesk application: what it says in the citizen's
//! language ([`receipt_document`]), the one-page PDF with an embedded CJK font subset and a QR
//! code holding only the tracking number ([`render_pdf`]), and where it goes ([`Printer`]:
//! CUPS's `lp`, or a folder).
//!
//! ```no_run
//! # use borderdesk_receipt::*;
//! # fn f(receipt: &borderdesk_core::Receipt) -> Result<(), ReceiptError> {
//! let doc = receipt_document(receipt, &[], borderdesk_core::Language::ZhCn, "泰顺县司前畲族镇便民服务中心");
//! let pdf = render_pdf(&doc)?;
//! match LpPrinter::new().print(&pdf, doc.print_title())? {
//!     PrintOutcome::NoPrinter => { /* show receipt-no-printer */ }
//!     _ => {}
//! }
//! # Ok(()) }
//! ```

mod document;
mod error;
mod family;
mod font;
mod form;
mod form_layout;
mod pdf;
mod print;
mod slip;

pub use document::{receipt_document, receipt_document_for_item, ReceiptDocument, QR_PREFIX};
pub use error::ReceiptError;
pub use family::{
    family_note, family_note_text, family_subject_note, family_subject_text,
    legal_aid_service_name, FamilyNote, FamilySubject, MAX_FAMILY_NOTE_BYTES,
};
pub use font::{FontCandidate, FontSource, FONT_ENV};
pub use form::{
    legal_aid_form_document, notary_checklist_document, signature_image, FormDocument, FormPage,
    FormSection, GrayImage, LegalAidFormFields,
};
pub use pdf::{render_form_pdf, render_form_pdf_with, render_pdf, render_pdf_with, QrModules};
pub use print::{FilePrinter, LpPrinter, PrintOutcome, Printer};
pub use slip::{
    booking_slip_document, legal_aid_slip_document, resume_slip_document, BookingSlipFields,
    LegalAidSlipFields, RESUME_QR_PREFIX,
};

/// Renders a form and sends it to `printer`.
pub fn print_form(doc: &FormDocument, printer: &dyn Printer) -> Result<PrintOutcome, ReceiptError> {
    let pdf = render_form_pdf(doc)?;
    printer.print(&pdf, &doc.print_title)
}

/// Renders `doc` and sends it to `printer`: what the confirmation screen and a clerk's
/// "reprint" both call.
pub fn print_receipt(
    doc: &ReceiptDocument,
    printer: &dyn Printer,
) -> Result<PrintOutcome, ReceiptError> {
    let pdf = render_pdf(doc)?;
    printer.print(&pdf, doc.print_title())
}
