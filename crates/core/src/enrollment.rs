//! Enrolling a device with a one-time code instead of the admin token: an admin makes a code
//! for a site and a device name in the county console, which shows it as text and as a QR
//! code; whoever sets the device up types or scans it. The admin token never leaves the
//! server room. A code is a [`OneTimeCode`] (ten characters with a check character, so a
//! typo is caught before the server is asked), used once, and short-lived.

use crate::resume::OneTimeCode;
use crate::CoreError;

/// How a scanned QR code starts: `borderdesk-enroll:K7M2Q-9XAB3@https://server.example`.
pub const TICKET_PREFIX: &str = "borderdesk-enroll:";

/// A device enrollment code, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnrollmentCode(OneTimeCode);

impl EnrollmentCode {
    pub fn generate() -> Self {
        Self(OneTimeCode::generate())
    }

    /// Reads a typed code: spaces and dashes ignored, any case, O/I/L read as 0/1/1.
    pub fn parse(raw: &str) -> Result<Self, CoreError> {
        OneTimeCode::parse_as(
            raw,
            CoreError::EnrollmentCodeFormat,
            CoreError::EnrollmentCodeCheck,
        )
        .map(Self)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// `K7M2Q-9XAB3`, as the console shows it.
    pub fn grouped(&self) -> String {
        self.0.grouped()
    }
}

/// What the QR code says: the code and the server to redeem it at.
pub fn ticket(code: &EnrollmentCode, server_url: &str) -> String {
    format!(
        "{TICKET_PREFIX}{}@{}",
        code.grouped(),
        server_url.trim_end_matches('/')
    )
}

/// Reads what was typed or scanned: a ticket (the code and its server) or a bare code.
pub fn read_ticket(text: &str) -> Result<(EnrollmentCode, Option<String>), CoreError> {
    let text = text.trim();
    match text.strip_prefix(TICKET_PREFIX) {
        None => Ok((EnrollmentCode::parse(text)?, None)),
        Some(rest) => {
            let (code, server) = rest
                .split_once('@')
                .ok_or(CoreError::EnrollmentCodeFormat)?;
            let server = server.trim();
            if !(server.starts_with("https://") || server.starts_with("http://")) {
                return Err(CoreError::EnrollmentCodeFormat);
            }
            Ok((EnrollmentCode::parse(code)?, Some(server.to_string())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_carries_the_code_and_its_server_and_reads_back() {
        let code = EnrollmentCode::generate();
        let t = ticket(&code, "https://borderdesk.taishun.example/");
        assert!(t.starts_with(TICKET_PREFIX));
        assert!(t.ends_with("@https://borderdesk.taishun.example"));
        assert_eq!(
            read_ticket(&t),
            Ok((
                code.clone(),
                Some("https://borderdesk.taishun.example".into())
            ))
        );
        // Typed by hand: in lower case, in groups, with the server given apart.
        assert_eq!(
            read_ticket(&format!("  {}  ", code.grouped().to_lowercase())),
            Ok((code, None))
        );
    }

    #[test]
    fn a_mistyped_code_is_caught_before_the_server_is_asked() {
        let code = EnrollmentCode::generate();
        let mut typed: Vec<char> = code.as_str().chars().collect();
        typed[3] = if typed[3] == '7' { '8' } else { '7' };
        let typed: String = typed.into_iter().collect();
        assert_eq!(
            EnrollmentCode::parse(&typed),
            Err(CoreError::EnrollmentCodeCheck)
        );
        for bad in [
            "",
            "ABC",
            "borderdesk-enroll:ABCDE-FGHJK",
            "borderdesk-enroll:x@ftp://a",
        ] {
            assert_eq!(
                read_ticket(bad),
                Err(CoreError::EnrollmentCodeFormat),
                "{bad}"
            );
        }
    }
}
