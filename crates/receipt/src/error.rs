use std::path::PathBuf;

/// Everything making or printing a receipt can fail with. `code()` is stable and is the
/// Fluent id (in receipt.ftl) the app shows; nothing here carries personal data.
#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    /// No CJK font in any known place (or where BORDERDESK_RECEIPT_FONT points).
    #[error("no CJK font found; looked at: {searched}")]
    FontMissing { searched: String },
    /// A font file is there but cannot be read, parsed, subsetted or has no Chinese.
    #[error("font {} cannot be used: {reason}", path.display())]
    FontUnusable { path: PathBuf, reason: String },
    #[error("QR code: {0}")]
    Qr(String),
    /// The printer command ran and failed for a reason other than "no printer".
    #[error("printing failed: {0}")]
    PrintFailed(String),
    #[error("saving the receipt: {0}")]
    Save(#[from] std::io::Error),
}

impl ReceiptError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::FontMissing { .. } => "error-receipt-font-missing",
            Self::FontUnusable { .. } => "error-receipt-font-unusable",
            Self::Qr(_) => "error-receipt-qr",
            Self::PrintFailed(_) => "error-receipt-print-failed",
            Self::Save(_) => "error-receipt-save-failed",
        }
    }
}
