//! What the person at the screen may print on request in their session, and what must go
//! when they leave: the signed legal aid form (theirs, just made, a few times), materials
//! checklists (a few), and the files a printer-less kiosk saved with personal data on them.
//!
//! Every session has a number; ending it (the home screen, the idle wipe) moves to the next.
//! A print reserves its count before any wait and names the session it was asked in, so a
//! print asked by one person is not started for, and never counts against, the next (a job
//! already handed to the printer when they leave cannot be called back).

use std::path::PathBuf;

use borderdesk_core::TrackingNumber;

use crate::error::{LocalError, Result};

/// Environment variable: how many times the person who just made an application may print
/// its signed form at the kiosk (`legal_aid_form_prints`).
pub const FORM_PRINTS_ENV: &str = "BORDERDESK_LEGAL_AID_FORM_PRINTS";
const DEFAULT_FORM_PRINTS: u32 = 2;
/// The most the setting allows: each print is paper with personal data on it.
pub const MAX_FORM_PRINTS: u32 = 10;

/// Prints of one signed form the kiosk allows (`legal_aid_form_prints`, 1 to 10, default 2).
pub fn legal_aid_form_prints() -> u32 {
    crate::device_config::count_from_env(FORM_PRINTS_ENV, 1..=MAX_FORM_PRINTS)
        .unwrap_or(DEFAULT_FORM_PRINTS)
}

/// Environment variable: how many materials checklists one person may print in a session
/// (`checklist_prints`).
pub const CHECKLIST_PRINTS_ENV: &str = "BORDERDESK_CHECKLIST_PRINTS";
const DEFAULT_CHECKLIST_PRINTS: u32 = 3;
/// The most the setting allows.
pub const MAX_CHECKLIST_PRINTS: u32 = 20;

/// Checklists one session may print (`checklist_prints`, 1 to 20, default 3): paper is the
/// hall's, and a kiosk must not be made to print all day.
pub fn checklist_prints() -> u32 {
    crate::device_config::count_from_env(CHECKLIST_PRINTS_ENV, 1..=MAX_CHECKLIST_PRINTS)
        .unwrap_or(DEFAULT_CHECKLIST_PRINTS)
}

/// The session a print was asked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionId(u64);

/// The papers of the session at the screen. The form carries the applicant's ID number and
/// signature: a tracking number alone (printed on a receipt, read out at a window) must never
/// bring it back.
#[derive(Debug, Default)]
pub struct SessionPapers {
    session: u64,
    /// The application just made in this session and how many of its forms were reserved.
    form: Option<(String, u32)>,
    checklists: u32,
    /// Files saved this session that hold personal data (a kiosk that saves instead of
    /// printing): deleted when the session ends.
    saved: Vec<PathBuf>,
}

impl SessionPapers {
    /// The session now.
    pub fn session(&self) -> SessionId {
        SessionId(self.session)
    }

    /// The application `tracking_number` was made in session `asked`: its form may be
    /// printed while that session lasts. Nothing when the session ended meanwhile.
    pub fn grant_form(&mut self, tracking_number: &TrackingNumber, asked: SessionId) {
        if asked == self.session() {
            self.form = Some((tracking_number.as_str().to_string(), 0));
        }
    }

    /// Counts one print of `tracking_number`'s form (`max` in all) before it is made;
    /// `error-legal-aid-form-unavailable` for any other number, after `max`, or once the
    /// session that made it ended.
    pub fn reserve_form(&mut self, tracking_number: &str, max: u32) -> Result<SessionId> {
        match &mut self.form {
            Some((number, used)) if number == tracking_number.trim() && *used < max => {
                *used += 1;
                Ok(SessionId(self.session))
            }
            _ => Err(LocalError::FormNotAvailable),
        }
    }

    /// A reserved form did not come out (no printer, an error): it does not count.
    pub fn refund_form(&mut self, tracking_number: &str, asked: SessionId) {
        if asked != self.session() {
            return;
        }
        if let Some((number, used)) = &mut self.form {
            if number == tracking_number.trim() {
                *used = used.saturating_sub(1);
            }
        }
    }

    /// Counts one checklist before it is printed (`max` a session).
    pub fn reserve_checklist(&mut self, max: u32) -> Result<SessionId> {
        if self.checklists >= max {
            return Err(LocalError::ChecklistPrintLimit { max });
        }
        self.checklists += 1;
        Ok(SessionId(self.session))
    }

    /// A reserved checklist did not come out.
    pub fn refund_checklist(&mut self, asked: SessionId) {
        if asked == self.session() {
            self.checklists = self.checklists.saturating_sub(1);
        }
    }

    /// Whether session `asked` is still the one at the screen.
    pub fn lasts(&self, asked: SessionId) -> bool {
        asked == self.session()
    }

    /// A file with personal data was saved for session `asked`: it goes when the session
    /// ends. Returns false when that session already ended (the caller deletes it now).
    pub fn keep_saved(&mut self, path: PathBuf, asked: SessionId) -> bool {
        if asked != self.session() {
            return false;
        }
        self.saved.push(path);
        true
    }

    /// The person left: the next session starts with nothing; returns the saved files to
    /// delete.
    pub fn end(&mut self) -> Vec<PathBuf> {
        self.session += 1;
        self.form = None;
        self.checklists = 0;
        std::mem::take(&mut self.saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(seq: u32) -> TrackingNumber {
        TrackingNumber::issue(borderdesk_core::DeviceCode(10001), seq).unwrap()
    }

    fn refused(r: Result<SessionId>) -> bool {
        r.map_err(|e| e.code().to_string()).err().as_deref()
            == Some("error-legal-aid-form-unavailable")
    }

    #[test]
    fn only_the_application_just_made_may_be_printed_and_only_so_often() {
        let (mine, other) = (number(7), number(8));
        let mut papers = SessionPapers::default();
        assert!(
            refused(papers.reserve_form(mine.as_str(), 2)),
            "nothing made yet"
        );
        papers.grant_form(&mine, papers.session());
        assert!(
            refused(papers.reserve_form(other.as_str(), 2)),
            "a number read off someone's receipt"
        );
        let first = papers.reserve_form(mine.as_str(), 2).unwrap();
        // No printer: it did not come out and does not count.
        papers.refund_form(mine.as_str(), first);
        papers.reserve_form(mine.as_str(), 2).unwrap();
        papers.reserve_form(mine.as_str(), 2).unwrap();
        assert!(
            refused(papers.reserve_form(mine.as_str(), 2)),
            "twice already"
        );
        assert!(
            papers.reserve_form(mine.as_str(), 3).is_ok(),
            "the limit is a setting"
        );
        assert!(papers.end().is_empty());
        assert!(
            refused(papers.reserve_form(mine.as_str(), 3)),
            "the session ended"
        );
    }

    #[test]
    fn what_one_session_asked_never_reaches_the_next() {
        let mine = number(7);
        let mut papers = SessionPapers::default();
        // Submitted, then the idle wipe ended the session before the grant.
        let asked = papers.session();
        papers.end();
        papers.grant_form(&mine, asked);
        assert!(refused(papers.reserve_form(mine.as_str(), 2)));
        // A print in flight when the session ends: not kept, not refunded into the next.
        papers.grant_form(&mine, papers.session());
        let printing = papers.reserve_form(mine.as_str(), 2).unwrap();
        let saved = PathBuf::from("/tmp/form.pdf");
        assert!(papers.keep_saved(saved.clone(), printing));
        assert_eq!(papers.end(), vec![saved.clone()], "deleted at the end");
        assert!(!papers.lasts(printing));
        assert!(
            !papers.keep_saved(saved, printing),
            "the caller deletes it at once"
        );
        // A refund from the ended session leaves the new one's count alone.
        papers.reserve_checklist(3).unwrap();
        papers.refund_checklist(printing);
        assert_eq!(papers.checklists, 1);
    }

    #[test]
    fn checklists_are_counted_before_they_print_and_start_again_each_session() {
        let mut papers = SessionPapers::default();
        let a = papers.reserve_checklist(2).unwrap();
        papers.reserve_checklist(2).unwrap();
        assert_eq!(
            papers.reserve_checklist(2).unwrap_err().code(),
            "error-checklist-print-limit"
        );
        papers.refund_checklist(a);
        assert!(papers.reserve_checklist(2).is_ok());
        papers.end();
        assert!(papers.reserve_checklist(2).is_ok());
    }
}
