//! Where a kiosk's document scanner or camera hands over a page. Behind a trait so a SANE or
//! TWAIN driver can stand in later; the default adapter is "scan to folder", which nearly
//! every networked office scanner and camera app supports: the device drops a JPEG, PNG or
//! PDF into a folder, and pressing 扫描 takes the newest one.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use borderdesk_core::attachment::MAX_ATTACHMENT_BYTES;
use borderdesk_core::CoreError;

use crate::error::{LocalError, Result};

/// Environment variable naming the folder the scanner writes into.
pub const SCAN_DIR_ENV: &str = "BORDERDESK_SCAN_DIR";

/// A document as the scanner delivered it; its kind and size are checked by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedDocument {
    pub bytes: Vec<u8>,
}

/// A source of scanned documents. Blocking: real drivers are; callers run it off the UI thread.
pub trait Scanner: Send + Sync {
    /// Whether a scanner is there at all (the UI says "hand the paper in" otherwise).
    fn available(&self) -> bool;
    /// Takes one document. `ScannerEmpty` when nothing has been scanned yet.
    fn scan(&self) -> Result<ScannedDocument>;
    /// Throws away every page still waiting (scanned and never taken): a citizen's session
    /// ended, and the next person must not be offered their pages. Returns how many.
    fn clear(&self) -> usize {
        0
    }
}

/// No scanner at this machine.
#[derive(Debug, Default)]
pub struct NoScanner;

impl Scanner for NoScanner {
    fn available(&self) -> bool {
        false
    }
    fn scan(&self) -> Result<ScannedDocument> {
        Err(LocalError::ScannerUnavailable)
    }
}

/// Scan to folder: takes the newest image or PDF file and removes it from the folder, so the
/// next person is never offered someone else's page. Files still being written should carry
/// another extension (`.part`, `.tmp`), as scanners do.
#[derive(Debug, Clone)]
pub struct FolderScanner {
    dir: PathBuf,
}

impl FolderScanner {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn newest(&self) -> Result<Option<(PathBuf, u64)>> {
        let entries = std::fs::read_dir(&self.dir).map_err(|_| LocalError::ScannerUnavailable)?;
        let mut best: Option<(SystemTime, PathBuf, u64)> = None;
        for entry in entries.flatten() {
            let path = entry.path();
            if !is_document_name(&path) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            if best.as_ref().is_none_or(|(t, _, _)| modified > *t) {
                best = Some((modified, path, meta.len()));
            }
        }
        Ok(best.map(|(_, p, len)| (p, len)))
    }
}

fn is_document_name(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    !hidden && matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "pdf"))
}

impl Scanner for FolderScanner {
    fn available(&self) -> bool {
        self.dir.is_dir()
    }

    fn scan(&self) -> Result<ScannedDocument> {
        let (path, len) = self.newest()?.ok_or(LocalError::ScannerEmpty)?;
        // A file too large is refused unread, and removed like any taken page.
        let taken = if len > MAX_ATTACHMENT_BYTES {
            Err(LocalError::Rule(CoreError::AttachmentTooLarge {
                max_mb: MAX_ATTACHMENT_BYTES / (1024 * 1024),
            }))
        } else {
            std::fs::read(&path)
                .map(|bytes| ScannedDocument { bytes })
                .map_err(|_| LocalError::ScannerEmpty)
        };
        let _ = std::fs::remove_file(&path);
        taken
    }

    fn clear(&self) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_document_name(p) && p.is_file())
            .filter(|p| std::fs::remove_file(p).is_ok())
            .count()
    }
}

/// `FolderScanner` on `$BORDERDESK_SCAN_DIR` when set, else no scanner.
pub fn default_scanner() -> Box<dyn Scanner> {
    match std::env::var_os(SCAN_DIR_ENV).filter(|d| !d.is_empty()) {
        Some(dir) => Box::new(FolderScanner::new(dir)),
        None => Box::new(NoScanner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_document_is_taken_once_and_other_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let scanner = FolderScanner::new(dir.path());
        assert!(scanner.available());
        assert!(matches!(scanner.scan(), Err(LocalError::ScannerEmpty)));
        std::fs::write(dir.path().join("notes.txt"), b"%PDF-not really").unwrap();
        std::fs::write(dir.path().join("scan.pdf.part"), b"%PDF-half").unwrap();
        std::fs::write(dir.path().join(".hidden.pdf"), b"%PDF-hidden").unwrap();
        assert!(matches!(scanner.scan(), Err(LocalError::ScannerEmpty)));

        std::fs::write(dir.path().join("old.PDF"), b"%PDF-old").unwrap();
        let newer = dir.path().join("new.jpg");
        std::fs::write(&newer, b"\xff\xd8\xff new").unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&newer)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(scanner.scan().unwrap().bytes, b"\xff\xd8\xff new");
        assert!(!newer.exists(), "a taken page leaves the folder");
        assert_eq!(scanner.scan().unwrap().bytes, b"%PDF-old");
        assert!(matches!(scanner.scan(), Err(LocalError::ScannerEmpty)));
    }

    #[test]
    fn pages_left_in_the_folder_are_cleared_when_a_session_ends() {
        let dir = tempfile::tempdir().unwrap();
        let scanner = FolderScanner::new(dir.path());
        std::fs::write(dir.path().join("id-front.jpg"), b"\xff\xd8\xff").unwrap();
        std::fs::write(dir.path().join("hukou.PDF"), b"%PDF-1.7").unwrap();
        std::fs::write(dir.path().join("being-written.pdf.part"), b"%PDF").unwrap();
        assert_eq!(scanner.clear(), 2);
        assert!(matches!(scanner.scan(), Err(LocalError::ScannerEmpty)));
        assert!(dir.path().join("being-written.pdf.part").exists());
        assert_eq!(
            FolderScanner::new("/nonexistent/borderdesk-scans").clear(),
            0
        );
    }

    #[test]
    fn a_missing_folder_or_no_scanner_says_unavailable() {
        let scanner = FolderScanner::new("/nonexistent/borderdesk-scans");
        assert!(!scanner.available());
        assert!(matches!(
            scanner.scan(),
            Err(LocalError::ScannerUnavailable)
        ));
        assert!(!NoScanner.available());
        assert!(matches!(
            NoScanner.scan(),
            Err(LocalError::ScannerUnavailable)
        ));
    }
}
