//! Where a rendered receipt goes: the system printer through CUPS, or a folder.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use crate::ReceiptError;

/// What happened to a receipt sent to a printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintOutcome {
    /// Queued on a printer; `job` is CUPS's request id when it said one.
    Printed { job: Option<String> },
    /// Saved as a file (kiosks without a printer, tests).
    Saved { path: PathBuf },
    /// There is no printer to send it to: `lp` is not installed, CUPS is not running or has
    /// no default destination. Not an error: the screen still shows the number.
    NoPrinter,
}

impl PrintOutcome {
    /// The Fluent id (receipt.ftl) of what to tell the citizen.
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Printed { .. } => "receipt-printed",
            Self::Saved { .. } => "receipt-saved",
            Self::NoPrinter => "receipt-no-printer",
        }
    }
}

/// Something that takes a receipt PDF. `title` is the job's name: use
/// [`ReceiptDocument::print_title`](crate::ReceiptDocument::print_title), the tracking number.
pub trait Printer {
    fn print(&self, pdf: &[u8], title: &str) -> Result<PrintOutcome, ReceiptError>;
}

/// The system printer through CUPS's `lp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LpPrinter {
    /// The `lp` program; `lp` on PATH by default.
    pub command: OsString,
    /// A CUPS destination (`-d`); the default destination when None.
    pub destination: Option<String>,
}

impl Default for LpPrinter {
    fn default() -> Self {
        Self {
            command: "lp".into(),
            destination: None,
        }
    }
}

impl LpPrinter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs another program instead of `lp` (a full path, or a stand-in in tests).
    pub fn with_command(command: impl Into<OsString>) -> Self {
        Self {
            command: command.into(),
            destination: None,
        }
    }

    pub fn destination(mut self, destination: impl Into<String>) -> Self {
        self.destination = Some(destination.into());
        self
    }
}

/// What `lp` (CUPS 2.x) says when there is nothing to print on.
const NO_PRINTER_MESSAGES: &[&str] = &[
    "no default destination",
    "scheduler not responding",
    "the printer or class does not exist",
    "unknown destination",
    "no such file or directory",
    "connection refused",
];

impl Printer for LpPrinter {
    fn print(&self, pdf: &[u8], title: &str) -> Result<PrintOutcome, ReceiptError> {
        // lp hands the file's bytes to the scheduler before it returns, so the temp file can
        // go when we are done.
        let mut file = tempfile::Builder::new()
            .prefix("borderdesk-receipt-")
            .suffix(".pdf")
            .tempfile()?;
        file.write_all(pdf)?;
        file.flush()?;

        let mut cmd = Command::new(&self.command);
        // CUPS translates its messages; read them in English.
        cmd.env("LC_ALL", "C").env("LANG", "C");
        if let Some(dest) = &self.destination {
            cmd.arg("-d").arg(dest);
        }
        cmd.arg("-t").arg(title).arg(file.path());
        let output = match cmd.output() {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(PrintOutcome::NoPrinter)
            }
            Err(e) => return Err(ReceiptError::PrintFailed(e.to_string())),
        };
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            // "request id is Office-12 (1 file(s))"
            let job = stdout
                .split_once("request id is ")
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .map(str::to_string);
            return Ok(PrintOutcome::Printed { job });
        }
        let said = format!("{stdout} {stderr}").to_lowercase();
        if NO_PRINTER_MESSAGES.iter().any(|m| said.contains(m)) {
            return Ok(PrintOutcome::NoPrinter);
        }
        Err(ReceiptError::PrintFailed(
            format!("{} ({})", stderr.trim(), output.status)
                .trim()
                .to_string(),
        ))
    }
}

/// Saves receipts as `<dir>/<tracking number>.pdf`; a reprint replaces the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePrinter {
    pub dir: PathBuf,
}

impl FilePrinter {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }
}

impl Printer for FilePrinter {
    fn print(&self, pdf: &[u8], title: &str) -> Result<PrintOutcome, ReceiptError> {
        let stem: String = title
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let stem = if stem.is_empty() {
            "receipt".to_string()
        } else {
            stem
        };
        std::fs::create_dir_all(&self.dir)?;
        let path = self.dir.join(format!("{stem}.pdf"));
        // Written beside and renamed over, so a reader never sees half a receipt.
        let mut file = tempfile::NamedTempFile::new_in(&self.dir)?;
        file.write_all(pdf)?;
        file.as_file().sync_all()?;
        file.persist(&path)
            .map_err(|e| ReceiptError::Save(e.error))?;
        Ok(PrintOutcome::Saved { path })
    }
}
