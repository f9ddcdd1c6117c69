//! Staff accounts: the roles, what each role may do (one table for the app and the server),
//! the lockout rule after repeated failed logins, and how long a cached credential lets a
//! person log in offline, and whether a password matches its stored hash (the one check the
//! server and the devices' offline logins share). Storage lives in `server` and `local`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Failed logins in a row that lock an account.
pub const LOCKOUT_AFTER_FAILURES: u32 = 5;
/// How long a locked account stays locked.
pub const LOCKOUT_MINUTES: i64 = 15;
/// How long after the server issued it a cached credential still allows an offline login.
pub const OFFLINE_LOGIN_DAYS: i64 = 7;
/// Shortest password an account may be given (in characters).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// How long a server session lasts after login (a working day with room to spare).
pub const SESSION_HOURS: i64 = 12;

/// What a member of staff is employed as. Kiosks have no role: they are devices, not people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// 窗口工作人员
    Clerk,
    /// 外出服务
    Outreach,
    /// 法律援助经办
    LegalAidOfficer,
    /// 公证员 / 公证处工作人员
    NotaryStaff,
    /// Manages accounts and sees the figures.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Clerk,
        Role::Outreach,
        Role::LegalAidOfficer,
        Role::NotaryStaff,
        Role::Admin,
    ];

    /// The wire and database name (`legal_aid_officer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Outreach => "outreach",
            Role::LegalAidOfficer => "legal_aid_officer",
            Role::NotaryStaff => "notary_staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The Fluent id of the role's label (`role-legal-aid-officer`).
    pub fn label_id(self) -> &'static str {
        match self {
            Role::Clerk => "role-clerk",
            Role::Outreach => "role-outreach",
            Role::LegalAidOfficer => "role-legal-aid-officer",
            Role::NotaryStaff => "role-notary-staff",
            Role::Admin => "role-admin",
        }
    }
}

/// The kind of office a role works for: its desk opens on that one office only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OfficeKind {
    /// A legal aid office (`LA-330329`): its queue, its steps, its figures.
    LegalAid,
    /// A notary office (`GZC-330329`): its calendar, its day's bookings.
    Notary,
}

impl Role {
    /// The kind of office the role works for, if any: legal aid officers work one legal aid
    /// office's queue and notary staff one notary office's calendar; the other roles are not
    /// tied to an office.
    pub fn office_kind(self) -> Option<OfficeKind> {
        match self {
            Role::LegalAidOfficer => Some(OfficeKind::LegalAid),
            Role::NotaryStaff => Some(OfficeKind::Notary),
            Role::Clerk | Role::Outreach | Role::Admin => None,
        }
    }
}

/// Something a member of staff may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    /// Fill in an application on behalf of a citizen (recorded as assisted).
    AssistApplication,
    /// Check an application's materials (核验材料) and accept it (受理).
    VerifyMaterials,
    ReprintReceipt,
    /// See the site's queue (applications, bookings, legal aid, consultations, alerts).
    ViewQueue,
    ForceSync,
    /// Decide a legal-aid application (approve, refuse, ask for materials).
    DecideLegalAid,
    /// Open and close notarization slots.
    ManageCalendar,
    /// Mark a notarization booking as attended or missed.
    MarkBooking,
    ManageStaff,
    /// Aggregate figures (no personal data).
    ViewFigures,
}

impl Permission {
    pub const ALL: [Permission; 10] = [
        Permission::AssistApplication,
        Permission::VerifyMaterials,
        Permission::ReprintReceipt,
        Permission::ViewQueue,
        Permission::ForceSync,
        Permission::DecideLegalAid,
        Permission::ManageCalendar,
        Permission::MarkBooking,
        Permission::ManageStaff,
        Permission::ViewFigures,
    ];
}

/// The one table of who may do what; the app hides what this refuses and the server refuses
/// it again.
pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Clerk => matches!(
            permission,
            AssistApplication | VerifyMaterials | ReprintReceipt | ViewQueue | ForceSync
        ),
        Role::Outreach => matches!(
            permission,
            AssistApplication | VerifyMaterials | ReprintReceipt | ViewQueue | ForceSync
        ),
        Role::LegalAidOfficer => matches!(
            permission,
            AssistApplication | ReprintReceipt | ViewQueue | ForceSync | DecideLegalAid
        ),
        Role::NotaryStaff => matches!(
            permission,
            ReprintReceipt | ViewQueue | ForceSync | ManageCalendar | MarkBooking
        ),
        Role::Admin => matches!(
            permission,
            ViewQueue | ForceSync | ManageStaff | ViewFigures
        ),
    }
}

/// Everything `role` may do, in [`Permission::ALL`]'s order: what a session tells the screens,
/// so they show what the role may do without a second copy of this table.
pub fn permissions(role: Role) -> Vec<Permission> {
    Permission::ALL
        .into_iter()
        .filter(|p| allows(role, *p))
        .collect()
}

/// A page of the county console (`/console`), the web page of the people who run the
/// service. Which ones a person sees follows from their role's permissions; a role that sees
/// none cannot log in there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsoleSection {
    /// Every device, its health, revoking one.
    Fleet,
    /// Accounts: create, reset a password, disable.
    Staff,
    /// Reference data: upload a catalog, its versions and their differences, go back.
    Reference,
    /// The offices' work that is not done at a desk, read-only: a notary office's calendar
    /// for the coming weeks and its SMS report, a legal aid office's overdue requests.
    Offices,
    /// Who did what.
    Audit,
    /// The numbers the county reports (an office's own, for its officers).
    Figures,
}

impl ConsoleSection {
    pub const ALL: [ConsoleSection; 6] = [
        ConsoleSection::Fleet,
        ConsoleSection::Staff,
        ConsoleSection::Reference,
        ConsoleSection::Offices,
        ConsoleSection::Audit,
        ConsoleSection::Figures,
    ];
}

/// The console pages `role` may open, in menu order. Managing devices, accounts and the
/// reference data devices work from, and reading the audit log, go with managing staff; figures with reading figures or deciding
/// legal aid (an office's officers read their own office's numbers, see [`figures_scope`]).
pub fn console_sections(role: Role) -> Vec<ConsoleSection> {
    ConsoleSection::ALL
        .into_iter()
        .filter(|section| match section {
            ConsoleSection::Fleet
            | ConsoleSection::Staff
            | ConsoleSection::Reference
            | ConsoleSection::Audit => allows(role, Permission::ManageStaff),
            // The county's admins look over every office; an office's own staff at theirs.
            ConsoleSection::Offices => {
                allows(role, Permission::ManageStaff) || role.office_kind().is_some()
            }
            ConsoleSection::Figures => {
                allows(role, Permission::ViewFigures) || allows(role, Permission::DecideLegalAid)
            }
        })
        .collect()
}

/// `Ok` when `role` may open `section` of the console.
pub fn require_section(role: Role, section: ConsoleSection) -> Result<(), StaffError> {
    if console_sections(role).contains(&section) {
        Ok(())
    } else {
        Err(StaffError::PermissionDenied)
    }
}

/// `Ok` unless `actor` would give their own account `target` a role other than `actor_role`
/// (an admin who demotes themself may leave the county with no one to undo it).
pub fn check_reassign(
    actor: &str,
    actor_role: Role,
    target: &str,
    new_role: Role,
) -> Result<(), StaffError> {
    if actor.trim() == target.trim() && new_role != actor_role {
        Err(StaffError::ChangeOwnRole)
    } else {
        Ok(())
    }
}

/// `Ok` unless `actor` would disable their own account `target`.
pub fn check_disable(actor: &str, target: &str) -> Result<(), StaffError> {
    if actor.trim() == target.trim() {
        Err(StaffError::DisableSelf)
    } else {
        Ok(())
    }
}

/// `Ok` when `role` has any page in the console; a clerk's work is at the desk, not there.
pub fn check_console_login(role: Role) -> Result<(), StaffError> {
    if console_sections(role).is_empty() {
        Err(StaffError::ConsoleNotForRole)
    } else {
        Ok(())
    }
}

/// Why a login or a staff action was refused. The code is the Fluent id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    /// Unknown user and wrong password read the same, so user names are not revealed.
    #[error("user name or password is wrong")]
    LoginFailed,
    #[error("account locked after repeated failed logins; try again in {minutes} minutes")]
    AccountLocked { minutes: i64 },
    #[error("the offline login has expired; log in once while the server is reachable")]
    OfflineLoginExpired,
    /// The server cannot be reached and this account never logged in on this device, so
    /// there is nothing to check the password against: the first login needs the network.
    /// (It tells an offline device's user which names logged in here before; a wrong
    /// password for one of those still reads as `LoginFailed`.)
    #[error("the server cannot be reached and this account has not logged in on this device before; the first login needs the network")]
    OfflineFirstLogin,
    #[error("your role does not allow this")]
    PermissionDenied,
    #[error("a password needs at least {min} characters", min = MIN_PASSWORD_CHARS)]
    PasswordTooShort,
    /// The staff session is unknown, ended or expired: log in again.
    #[error("the staff session has ended; log in again")]
    SessionExpired,
    #[error("this user name is taken")]
    UserNameTaken,
    /// The account belongs to another site than the device it logs in through.
    #[error("this account belongs to another site; log in on a device of your own site")]
    WrongSite,
    /// The office named is not the one the account works for.
    #[error("this account works for another office")]
    WrongOffice,
    /// Legal aid officers and notary staff are created with the office they work for.
    #[error("this role needs an office")]
    OfficeRequired,
    /// Only legal aid officers and notary staff work for an office.
    #[error("this role does not work for an office")]
    OfficeNotForRole,
    /// The office is not in the reference data (or not an office of the role's kind).
    #[error("no such office for this role")]
    OfficeUnknown,
    /// The role's work is on a device; the console has nothing for it.
    #[error("this role does not use the county console")]
    ConsoleNotForRole,
    /// Nobody disables their own account: the county could be left with no one to undo it.
    #[error("you cannot disable your own account")]
    DisableSelf,
    /// Nobody changes their own role, for the same reason.
    #[error("you cannot change your own role")]
    ChangeOwnRole,
}

impl StaffError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::LoginFailed => "error-login-failed",
            Self::AccountLocked { .. } => "error-account-locked",
            Self::OfflineLoginExpired => "error-offline-login-expired",
            Self::OfflineFirstLogin => "error-offline-first-login",
            Self::PermissionDenied => "error-permission-denied",
            Self::PasswordTooShort => "error-password-too-short",
            Self::SessionExpired => "error-staff-session-expired",
            Self::UserNameTaken => "error-user-name-taken",
            Self::WrongSite => "error-staff-wrong-site",
            Self::WrongOffice => "error-staff-wrong-office",
            Self::OfficeRequired => "error-staff-office-required",
            Self::OfficeNotForRole => "error-staff-office-not-for-role",
            Self::OfficeUnknown => "error-staff-office-unknown",
            Self::ConsoleNotForRole => "error-console-not-for-role",
            Self::DisableSelf => "error-staff-disable-self",
            Self::ChangeOwnRole => "error-staff-change-own-role",
        }
    }

    /// Values the localized message needs, as Fluent arguments.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::AccountLocked { minutes } => vec![("minutes", minutes.to_string())],
            Self::PasswordTooShort => vec![("min", MIN_PASSWORD_CHARS.to_string())],
            _ => Vec::new(),
        }
    }
}

/// `Ok` when the role may do it, `PermissionDenied` otherwise.
pub fn require(role: Role, permission: Permission) -> Result<(), StaffError> {
    if allows(role, permission) {
        Ok(())
    } else {
        Err(StaffError::PermissionDenied)
    }
}

/// A new account's office: required (non-empty) for a role that works for an office, refused
/// for one that does not. Whether the office exists is the server's check (reference data).
pub fn check_office_assignment(role: Role, office: Option<&str>) -> Result<(), StaffError> {
    let office = office.map(str::trim).filter(|o| !o.is_empty());
    match (role.office_kind(), office) {
        (Some(_), Some(_)) | (None, None) => Ok(()),
        (Some(_), None) => Err(StaffError::OfficeRequired),
        (None, Some(_)) => Err(StaffError::OfficeNotForRole),
    }
}

/// A member of staff logs in only through a device of their own site: the device holds that
/// site's citizens' data and caches the credential for offline logins. Admins are exempt:
/// they are county staff who manage accounts across sites, and their role sees no case
/// (no office desk, figures without personal data); a device still shows them only its own
/// site's queue. Applied alike by the server (online) and the device (offline); a device
/// without a site (not enrolled) lets nobody but an admin in.
pub fn check_login_site(
    role: Role,
    staff_site: &str,
    device_site: Option<&str>,
) -> Result<(), StaffError> {
    if role == Role::Admin || device_site.is_some_and(|d| d == staff_site) {
        Ok(())
    } else {
        Err(StaffError::WrongSite)
    }
}

/// Work at an office's desk (its queue and cases, its steps, its calendar and day): only for
/// a role of that kind of office, and only on the office the account works for. A role of
/// another kind (a clerk, an admin) is refused with `PermissionDenied`, someone of the right
/// kind on another office with `WrongOffice`.
pub fn check_office(
    role: Role,
    own_office: Option<&str>,
    kind: OfficeKind,
    office: &str,
) -> Result<(), StaffError> {
    if role.office_kind() != Some(kind) {
        return Err(StaffError::PermissionDenied);
    }
    match own_office {
        Some(own) if own == office.trim() => Ok(()),
        _ => Err(StaffError::WrongOffice),
    }
}

/// Whether a person may read the console's page of `office` (of `kind`): an admin any
/// office; notary staff and legal aid officers only their own office of their own kind.
pub fn check_console_office(
    role: Role,
    own_office: Option<&str>,
    kind: OfficeKind,
    office: &str,
) -> Result<(), StaffError> {
    if role == Role::Admin {
        Ok(())
    } else {
        check_office(role, own_office, kind, office)
    }
}

/// Which offices' legal aid figures (counts, no personal data) a person may read, for a
/// request of one office (`Some`) or all (`None`): an admin any of them; a legal aid officer
/// only their own office (asking for all gives theirs); anyone else nothing.
pub fn figures_scope(
    role: Role,
    own_office: Option<&str>,
    requested: Option<&str>,
) -> Result<Option<String>, StaffError> {
    let requested = requested.map(str::trim).filter(|o| !o.is_empty());
    match role {
        Role::Admin => Ok(requested.map(str::to_string)),
        Role::LegalAidOfficer => {
            let own = own_office.ok_or(StaffError::WrongOffice)?;
            match requested {
                None => Ok(Some(own.to_string())),
                Some(r) if r == own => Ok(Some(own.to_string())),
                Some(_) => Err(StaffError::WrongOffice),
            }
        }
        _ => Err(StaffError::PermissionDenied),
    }
}

/// Whether `password` matches `phc`, an argon2 hash in PHC form (`$argon2id$v=19$...`) as the
/// server makes it and devices cache it; false for a hash that cannot be read. Slow on
/// purpose (tens of milliseconds): callers run it off their async threads.
pub fn password_matches(password: &str, phc: &str) -> bool {
    use argon2::{PasswordHash, PasswordVerifier};
    PasswordHash::new(phc)
        .map(|parsed| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new password is long enough.
pub fn check_password(password: &str) -> Result<(), StaffError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err(StaffError::PasswordTooShort)
    } else {
        Ok(())
    }
}

/// The failed-login count of one account and the lock it may be under. Both the server (for
/// online logins) and a device (for offline ones) keep one and apply the same rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lockout {
    pub failed_attempts: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl Lockout {
    /// `AccountLocked` with the whole minutes left (rounded up) while the lock holds.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), StaffError> {
        match self.locked_until {
            Some(until) if until > now => {
                let seconds = (until - now).num_seconds().max(1);
                Err(StaffError::AccountLocked {
                    minutes: (seconds + 59) / 60,
                })
            }
            _ => Ok(()),
        }
    }

    /// Counts a failed attempt; the [`LOCKOUT_AFTER_FAILURES`]th in a row locks the account
    /// for [`LOCKOUT_MINUTES`] and starts the count again. Returns whether it locked.
    pub fn fail(&mut self, now: DateTime<Utc>) -> bool {
        if self.locked_until.is_some_and(|u| u <= now) {
            self.locked_until = None;
        }
        self.failed_attempts += 1;
        if self.failed_attempts >= LOCKOUT_AFTER_FAILURES {
            self.failed_attempts = 0;
            self.locked_until = Some(now + Duration::minutes(LOCKOUT_MINUTES));
            true
        } else {
            false
        }
    }

    /// A successful login clears the count and any expired lock.
    pub fn succeed(&mut self) {
        *self = Lockout::default();
    }
}

/// An offline login with a credential the server issued at `issued_at` is allowed until
/// [`OFFLINE_LOGIN_DAYS`] later. A credential "issued" in the future (a device clock set back)
/// counts from now, so setting the clock back gains nothing beyond the days themselves.
pub fn check_offline_validity(
    issued_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StaffError> {
    if now >= issued_at + Duration::days(OFFLINE_LOGIN_DAYS) {
        Err(StaffError::OfflineLoginExpired)
    } else {
        Ok(())
    }
}

/// How long a kiosk's idle warning counts down before the kiosk forgets the person in front
/// of it (the screen's countdown).
pub const KIOSK_IDLE_WARNING_SECONDS: u64 = 30;
/// The page reports that someone is touching the screen at most this often.
pub const ACTIVITY_REPORT_SECONDS: u64 = 5;

/// A kiosk is a citizen's device: a member of staff logged in on it (to help, to reprint, to
/// look at the queue) is logged in only while they are at it. Their session ends when the home
/// screen shows, when a citizen flow starts, and once nobody has touched the screen for
/// [`kiosk_staff_idle_limit`]; after that the device refuses staff work with
/// `SessionExpired` until someone logs in again. Desks and field laptops keep a session until
/// logout (or the server ends it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KioskSessionEnd {
    HomeShown,
    CitizenFlowStarted,
    Idle,
}

impl KioskSessionEnd {
    /// The reason as the device's login log writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HomeShown => "kiosk_home",
            Self::CitizenFlowStarted => "kiosk_citizen_flow",
            Self::Idle => "kiosk_idle",
        }
    }
}

/// How long a staff session lasts on a kiosk with nobody touching the screen: the kiosk's
/// idle timeout, its warning and the page's reporting interval. By then the screen has gone
/// home by itself; the device refuses the session anyway.
pub fn kiosk_staff_idle_limit(idle_timeout_seconds: u32) -> std::time::Duration {
    std::time::Duration::from_secs(
        u64::from(idle_timeout_seconds) + KIOSK_IDLE_WARNING_SECONDS + ACTIVITY_REPORT_SECONDS,
    )
}

/// `SessionExpired` once a kiosk's staff session has gone `idle` with nobody at it for
/// `limit` or longer.
pub fn check_kiosk_activity(
    idle: std::time::Duration,
    limit: std::time::Duration,
) -> Result<(), StaffError> {
    if idle >= limit {
        Err(StaffError::SessionExpired)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_office_page_is_an_admins_or_the_offices_own_staffs() {
        use OfficeKind::*;
        assert_eq!(
            check_console_office(Role::Admin, None, Notary, "GZC-1"),
            Ok(())
        );
        assert_eq!(
            check_console_office(Role::NotaryStaff, Some("GZC-1"), Notary, "GZC-1"),
            Ok(())
        );
        assert_eq!(
            check_console_office(Role::NotaryStaff, Some("GZC-1"), Notary, "GZC-2"),
            Err(StaffError::WrongOffice)
        );
        assert_eq!(
            check_console_office(Role::NotaryStaff, Some("GZC-1"), LegalAid, "LA-1"),
            Err(StaffError::PermissionDenied)
        );
        assert_eq!(
            check_console_office(Role::LegalAidOfficer, Some("LA-1"), LegalAid, "LA-1"),
            Ok(())
        );
        assert_eq!(
            check_console_office(Role::Clerk, None, LegalAid, "LA-1"),
            Err(StaffError::PermissionDenied)
        );
    }

    #[test]
    fn the_console_shows_each_role_its_own_pages() {
        use ConsoleSection::*;
        assert_eq!(
            console_sections(Role::Admin),
            vec![Fleet, Staff, Reference, Offices, Audit, Figures]
        );
        assert_eq!(
            console_sections(Role::LegalAidOfficer),
            vec![Offices, Figures]
        );
        assert_eq!(console_sections(Role::NotaryStaff), vec![Offices]);
        for role in [Role::Clerk, Role::Outreach] {
            assert!(console_sections(role).is_empty(), "{role:?}");
            assert_eq!(
                check_console_login(role),
                Err(StaffError::ConsoleNotForRole)
            );
        }
        assert_eq!(check_console_login(Role::Admin), Ok(()));
        assert_eq!(
            require_section(Role::LegalAidOfficer, Fleet),
            Err(StaffError::PermissionDenied)
        );
        assert_eq!(require_section(Role::LegalAidOfficer, Figures), Ok(()));
        assert_eq!(
            check_disable("admin", " admin"),
            Err(StaffError::DisableSelf)
        );
        assert_eq!(check_disable("admin", "clerk1"), Ok(()));
        assert_eq!(
            check_reassign("admin", Role::Admin, "admin", Role::Clerk),
            Err(StaffError::ChangeOwnRole)
        );
        assert_eq!(
            check_reassign("admin", Role::Admin, "admin", Role::Admin),
            Ok(()),
            "their own site may change"
        );
        assert_eq!(
            check_reassign("admin", Role::Admin, "clerk1", Role::NotaryStaff),
            Ok(())
        );
    }

    #[test]
    fn a_password_matches_only_its_own_hash() {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        let salt = SaltString::generate(&mut OsRng);
        let phc = argon2::Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(password_matches("correct horse battery", &phc));
        assert!(!password_matches("correct horse batter", &phc));
        assert!(!password_matches("correct horse battery", "not a hash"));
        assert!(!password_matches("", ""));
    }

    fn t(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn a_clerk_assists_and_reprints_but_cannot_decide_legal_aid_or_manage_staff() {
        assert!(allows(Role::Clerk, Permission::AssistApplication));
        assert!(allows(Role::Clerk, Permission::ReprintReceipt));
        assert!(allows(Role::Clerk, Permission::ViewQueue));
        assert!(allows(Role::Clerk, Permission::ForceSync));
        assert!(!allows(Role::Clerk, Permission::DecideLegalAid));
        assert!(!allows(Role::Clerk, Permission::ManageStaff));
        assert!(!allows(Role::Clerk, Permission::ManageCalendar));
        assert_eq!(
            require(Role::Clerk, Permission::ManageStaff),
            Err(StaffError::PermissionDenied)
        );
    }

    #[test]
    fn only_legal_aid_officers_decide_legal_aid_and_only_notary_staff_run_the_calendar() {
        for role in Role::ALL {
            assert_eq!(
                allows(role, Permission::DecideLegalAid),
                role == Role::LegalAidOfficer,
                "{role:?}"
            );
            assert_eq!(
                allows(role, Permission::ManageCalendar),
                role == Role::NotaryStaff
            );
            assert_eq!(
                allows(role, Permission::MarkBooking),
                role == Role::NotaryStaff
            );
            assert_eq!(allows(role, Permission::ManageStaff), role == Role::Admin);
        }
    }

    #[test]
    fn every_permission_belongs_to_some_role_and_every_role_sees_the_queue() {
        for p in Permission::ALL {
            assert!(Role::ALL.iter().any(|r| allows(*r, p)), "{p:?}");
        }
        for r in Role::ALL {
            assert!(allows(r, Permission::ViewQueue));
        }
    }

    #[test]
    fn roles_read_back_from_their_wire_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::Value::String(r.as_str().into())
            );
        }
        assert_eq!(Role::parse("kiosk"), None);
    }

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let mut l = Lockout::default();
        for i in 0..4 {
            assert!(!l.fail(t(i)));
            assert_eq!(l.check(t(i)), Ok(()));
        }
        assert!(l.fail(t(4)));
        assert_eq!(l.locked_until, Some(t(4 + LOCKOUT_MINUTES)));
        assert_eq!(
            l.check(t(4)),
            Err(StaffError::AccountLocked { minutes: 15 })
        );
        assert_eq!(
            l.check(t(18) + Duration::seconds(1)),
            Err(StaffError::AccountLocked { minutes: 1 }),
            "59 seconds left round up to a minute"
        );
        assert_eq!(l.check(t(19)), Ok(()), "the lock ends after 15 minutes");
    }

    #[test]
    fn a_success_clears_the_count_so_failures_must_come_in_a_row() {
        let mut l = Lockout::default();
        for i in 0..4 {
            l.fail(t(i));
        }
        l.succeed();
        for i in 0..4 {
            assert!(!l.fail(t(10 + i)));
        }
        assert_eq!(l.check(t(20)), Ok(()));
    }

    #[test]
    fn after_a_lock_ends_it_takes_five_new_failures_to_lock_again() {
        let mut l = Lockout::default();
        for i in 0..5 {
            l.fail(t(i));
        }
        for i in 0..4 {
            assert!(!l.fail(t(30 + i)));
        }
        assert_eq!(l.locked_until, None, "the expired lock is cleared");
        assert!(l.fail(t(34)));
    }

    #[test]
    fn an_offline_login_expires_seven_days_after_the_credential_was_issued() {
        let issued = t(0);
        assert_eq!(check_offline_validity(issued, issued), Ok(()));
        assert_eq!(
            check_offline_validity(issued, issued + Duration::days(7) - Duration::seconds(1)),
            Ok(())
        );
        assert_eq!(
            check_offline_validity(issued, issued + Duration::days(7)),
            Err(StaffError::OfflineLoginExpired)
        );
    }

    #[test]
    fn passwords_need_eight_characters_counted_as_characters() {
        assert_eq!(check_password("1234567"), Err(StaffError::PasswordTooShort));
        assert_eq!(check_password("12345678"), Ok(()));
        assert_eq!(check_password("窗口工作人员密码"), Ok(()));
    }

    #[test]
    fn only_legal_aid_officers_and_notary_staff_work_for_an_office() {
        assert_eq!(
            Role::LegalAidOfficer.office_kind(),
            Some(OfficeKind::LegalAid)
        );
        assert_eq!(Role::NotaryStaff.office_kind(), Some(OfficeKind::Notary));
        for r in [Role::Clerk, Role::Outreach, Role::Admin] {
            assert_eq!(r.office_kind(), None);
            assert_eq!(check_office_assignment(r, None), Ok(()));
            assert_eq!(check_office_assignment(r, Some("  ")), Ok(()));
            assert_eq!(
                check_office_assignment(r, Some("LA-330329")),
                Err(StaffError::OfficeNotForRole)
            );
        }
        for r in [Role::LegalAidOfficer, Role::NotaryStaff] {
            assert_eq!(
                check_office_assignment(r, None),
                Err(StaffError::OfficeRequired)
            );
            assert_eq!(
                check_office_assignment(r, Some(" ")),
                Err(StaffError::OfficeRequired)
            );
            assert_eq!(check_office_assignment(r, Some("X-1")), Ok(()));
        }
    }

    #[test]
    fn staff_log_in_only_at_their_own_site_except_admins() {
        for r in Role::ALL {
            assert_eq!(check_login_site(r, "luoyang", Some("luoyang")), Ok(()));
            let elsewhere = check_login_site(r, "luoyang", Some("fuding"));
            let unenrolled = check_login_site(r, "luoyang", None);
            if r == Role::Admin {
                assert_eq!(elsewhere, Ok(()));
                assert_eq!(unenrolled, Ok(()));
            } else {
                assert_eq!(elsewhere, Err(StaffError::WrongSite), "{r:?}");
                assert_eq!(unenrolled, Err(StaffError::WrongSite), "{r:?}");
            }
        }
        assert_eq!(StaffError::WrongSite.code(), "error-staff-wrong-site");
    }

    #[test]
    fn an_office_desk_is_worked_only_by_its_own_staff() {
        use OfficeKind::*;
        let la = Some("LA-330329");
        assert_eq!(
            check_office(Role::LegalAidOfficer, la, LegalAid, "LA-330329"),
            Ok(())
        );
        assert_eq!(
            check_office(Role::LegalAidOfficer, la, LegalAid, "LA-350982"),
            Err(StaffError::WrongOffice)
        );
        assert_eq!(
            check_office(Role::LegalAidOfficer, None, LegalAid, "LA-330329"),
            Err(StaffError::WrongOffice),
            "an account without its office works no desk"
        );
        assert_eq!(
            check_office(Role::LegalAidOfficer, la, Notary, "LA-330329"),
            Err(StaffError::PermissionDenied),
            "a legal aid officer does not run a notary calendar"
        );
        let gz = Some("GZC-330329");
        assert_eq!(
            check_office(Role::NotaryStaff, gz, Notary, "GZC-330329"),
            Ok(())
        );
        assert_eq!(
            check_office(Role::NotaryStaff, gz, Notary, "GZC-350982"),
            Err(StaffError::WrongOffice)
        );
        for r in [Role::Clerk, Role::Outreach, Role::Admin] {
            assert_eq!(
                check_office(r, None, LegalAid, "LA-330329"),
                Err(StaffError::PermissionDenied)
            );
            assert_eq!(
                check_office(r, None, Notary, "GZC-330329"),
                Err(StaffError::PermissionDenied)
            );
        }
        assert_eq!(StaffError::WrongOffice.code(), "error-staff-wrong-office");
    }

    #[test]
    fn figures_are_an_officers_own_office_or_any_for_an_admin() {
        let own = Some("LA-330329");
        assert_eq!(
            figures_scope(Role::Admin, None, None),
            Ok(None),
            "an admin reads every office"
        );
        assert_eq!(
            figures_scope(Role::Admin, None, Some("LA-350982")),
            Ok(Some("LA-350982".into()))
        );
        assert_eq!(
            figures_scope(Role::LegalAidOfficer, own, None),
            Ok(Some("LA-330329".into())),
            "all offices means the officer's own"
        );
        assert_eq!(
            figures_scope(Role::LegalAidOfficer, own, Some("LA-330329")),
            Ok(Some("LA-330329".into()))
        );
        assert_eq!(
            figures_scope(Role::LegalAidOfficer, own, Some("LA-350982")),
            Err(StaffError::WrongOffice)
        );
        for r in [Role::Clerk, Role::Outreach, Role::NotaryStaff] {
            assert_eq!(
                figures_scope(r, None, None),
                Err(StaffError::PermissionDenied)
            );
        }
    }

    #[test]
    fn codes_are_fluent_ids() {
        assert_eq!(StaffError::LoginFailed.code(), "error-login-failed");
        let locked = StaffError::AccountLocked { minutes: 3 };
        assert_eq!(locked.code(), "error-account-locked");
        assert_eq!(locked.args(), vec![("minutes", "3".to_string())]);
    }

    #[test]
    fn a_kiosk_staff_session_outlives_the_idle_warning_and_no_more() {
        let limit = kiosk_staff_idle_limit(120);
        assert_eq!(limit, std::time::Duration::from_secs(155));
        let secs = std::time::Duration::from_secs;
        assert_eq!(check_kiosk_activity(secs(154), limit), Ok(()));
        assert_eq!(
            check_kiosk_activity(secs(155), limit),
            Err(StaffError::SessionExpired)
        );
    }
}
