//! The remote-support commands: doctor, outbox, retry/discard, backup/restore. Each prints
//! lines in the operator's language, or one JSON document with `--json`.

use std::path::Path;
use std::sync::Arc;

use borderdesk_core::Language;
use borderdesk_local::card_reader::CardReaderState;
use borderdesk_local::health::{free_disk_bytes, printer_state, scanner_folder_from_env, Lpstat};
use borderdesk_local::support::OutboxLine;
use borderdesk_local::{LocalError, Store, SyncClient};
use borderdesk_protocol::{PrinterState, ScannerFolderState};
use serde::Serialize;
use serde_json::json;

/// Clock offsets up to this many seconds are fine; up to five minutes worth a look; more is
/// wrong (receipts and bookings carry times).
const CLOCK_OK_SECONDS: i64 = 60;
const CLOCK_FAIL_SECONDS: i64 = 300;
/// Below this much free disk a kiosk is about to stop saving; below the warning, soon.
const DISK_FAIL_BYTES: u64 = 200 * 1024 * 1024;
const DISK_WARN_BYTES: u64 = 1024 * 1024 * 1024;

/// `--lang`/`BORDERDESK_LANG`, else `LANG` (`en_US.UTF-8`, `zh_TW.UTF-8` ...), else zh-CN.
pub fn language(flag: Option<&str>) -> Language {
    if let Some(lang) = flag.and_then(Language::from_tag) {
        return lang;
    }
    let env = std::env::var("LANG").unwrap_or_default();
    Language::from_tag(env.split(['.', '@']).next().unwrap_or("")).unwrap_or_default()
}

/// How to print.
pub struct Out {
    pub lang: Language,
    pub json: bool,
}

impl Out {
    fn t(&self, id: &str) -> String {
        borderdesk_i18n::message(self.lang.tag(), id, &[])
    }

    fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        borderdesk_i18n::message(self.lang.tag(), id, args)
    }

    fn age(&self, seconds: u64) -> String {
        let (id, n) = match seconds {
            s if s >= 86_400 => ("ctl-age-days", s / 86_400),
            s if s >= 3_600 => ("ctl-age-hours", s / 3_600),
            s => ("ctl-age-minutes", s / 60),
        };
        self.ta(id, &[("n", n.to_string())])
    }

    /// What `retry` or `discard` did to `line`.
    pub fn acted(&self, id: &str, line: &OutboxLine) {
        if self.json {
            println!(
                "{}",
                json!({"ok": true, "seq": line.seq, "mutation_id": line.mutation_id, "kind": line.kind,
                       "action": if id == "ctl-retried" { "retried" } else { "discarded" }})
            );
        } else {
            println!(
                "{}",
                self.ta(
                    id,
                    &[("seq", line.seq.to_string()), ("kind", line.kind.clone())]
                )
            );
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Ok,
    Warn,
    Fail,
    Skip,
}

impl Status {
    fn id(self) -> &'static str {
        match self {
            Self::Ok => "ctl-status-ok",
            Self::Warn => "ctl-status-warn",
            Self::Fail => "ctl-status-fail",
            Self::Skip => "ctl-status-skip",
        }
    }
}

/// One line of `doctor`.
#[derive(Debug, Serialize)]
struct Check {
    check: &'static str,
    status: Status,
    /// What was found, in the operator's language.
    text: String,
    /// The same for scripts: a state, a number, a code.
    value: serde_json::Value,
}

fn key_check(out: &Out) -> Check {
    let check = |status, text, value| Check {
        check: "key",
        status,
        text,
        value,
    };
    let path = match borderdesk_local::crypto::default_key_path() {
        Ok(p) => p,
        Err(e) => return check(Status::Fail, out.t(e.code()), json!(e.code())),
    };
    let shown = path.display().to_string();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(_) => {
                return check(
                    Status::Fail,
                    out.ta("ctl-key-missing", &[("path", shown)]),
                    json!("missing"),
                )
            }
        };
        let mode = meta.mode() & 0o777;
        let me = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
        if me.is_some_and(|me| me != meta.uid()) {
            let problem = out.t("ctl-key-owner");
            return check(
                Status::Fail,
                out.ta("ctl-key-bad", &[("path", shown), ("problem", problem)]),
                json!("other_owner"),
            );
        }
        if mode != 0o600 || !meta.file_type().is_file() {
            let problem = out.ta("ctl-key-mode", &[("mode", format!("{mode:04o}"))]);
            return check(
                Status::Fail,
                out.ta("ctl-key-bad", &[("path", shown), ("problem", problem)]),
                json!(format!("{mode:04o}")),
            );
        }
    }
    check(
        Status::Ok,
        out.ta("ctl-key-ok", &[("path", shown)]),
        json!("0600"),
    )
}

/// The device settings file: absent (fine), read, or what is wrong with it (the app then
/// ignores it whole).
fn settings_check(out: &Out) -> Check {
    let path = borderdesk_local::device_config::device_config_path()
        .display()
        .to_string();
    let check = |status, text, value| Check {
        check: "settings",
        status,
        text,
        value,
    };
    match borderdesk_local::device_config::check_device_config() {
        Ok(None) => check(
            Status::Ok,
            out.ta("ctl-settings-absent", &[("path", path)]),
            json!("absent"),
        ),
        Ok(Some((_, count))) => check(
            Status::Ok,
            out.ta(
                "ctl-settings-ok",
                &[("path", path), ("count", count.to_string())],
            ),
            json!(count),
        ),
        Err(problems) => {
            let lines: Vec<String> = problems.iter().map(|p| out.ta(p.code, &p.args)).collect();
            check(
                Status::Fail,
                out.ta(
                    "ctl-settings-bad",
                    &[("path", path), ("problems", lines.join("; "))],
                ),
                json!(problems
                    .iter()
                    .zip(&lines)
                    .map(|(p, line)| json!({"key": p.key, "code": p.code, "message": line}))
                    .collect::<Vec<_>>()),
            )
        }
    }
}

/// `status`: the device, its server and its outbox, one labelled line each.
pub async fn status(out: &Out, store: &Store) -> Result<(), LocalError> {
    let device = store.device().await?;
    let q = store.queue_state().await?;
    let code = device.device_code.0.to_string();
    if out.json {
        println!(
            "{}",
            json!({
                "database": store.path(),
                "device_code": device.device_code.0,
                "provisional": device.device_code.is_provisional(),
                "server": device.server_url,
                "site": device.site_id,
                "waiting": q.waiting,
                "rejected": q.rejected,
                "last_synced_at": q.last_synced_at,
                "cursor": q.cursor,
                "last_error_code": q.last_error_code,
                "catalog_items": store.catalog_len(),
            })
        );
        return Ok(());
    }
    let none = || out.t("ctl-value-none");
    let rows = [
        ("ctl-status-database", store.path().display().to_string()),
        (
            "ctl-status-device-code",
            if device.device_code.is_provisional() {
                out.ta("ctl-device-code-provisional", &[("code", code)])
            } else {
                code
            },
        ),
        (
            "ctl-status-server",
            device.server_url.clone().unwrap_or_else(none),
        ),
        (
            "ctl-status-site",
            device.site_id.clone().unwrap_or_else(none),
        ),
        (
            "ctl-status-outbox",
            out.ta(
                "ctl-outbox-counts",
                &[
                    ("waiting", q.waiting.to_string()),
                    ("rejected", q.rejected.to_string()),
                ],
            ),
        ),
        (
            "ctl-status-last-sync",
            q.last_synced_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_else(|| out.t("ctl-never")),
        ),
        ("ctl-status-cursor", q.cursor.clone().unwrap_or_else(none)),
        (
            "ctl-status-last-error",
            match &q.last_error_code {
                Some(code) => format!("{} [{code}]", out.t(code)),
                None => none(),
            },
        ),
        ("ctl-status-catalog", store.catalog_len().to_string()),
    ];
    let labels: Vec<String> = rows.iter().map(|(id, _)| out.t(id)).collect();
    let width = labels.iter().map(|l| display_width(l)).max().unwrap_or(0);
    for (label, (_, value)) in labels.iter().zip(&rows) {
        let pad = width.saturating_sub(display_width(label));
        println!("{label}{}  {value}", " ".repeat(pad));
    }
    Ok(())
}

/// `sync`: what one round moved.
pub fn synced(out: &Out, r: &borderdesk_local::sync::SyncReport, waiting: u32) {
    if out.json {
        println!(
            "{}",
            json!({"ok": true, "pushed": r.pushed, "duplicates": r.duplicates, "rejected": r.rejected,
                   "pulled": r.pulled, "reset": r.reset, "waiting": waiting})
        );
        return;
    }
    let args = [
        ("pushed", r.pushed.to_string()),
        ("duplicates", r.duplicates.to_string()),
        ("rejected", r.rejected.to_string()),
        ("pulled", r.pulled.to_string()),
        ("waiting", waiting.to_string()),
    ];
    println!("{}", out.ta("ctl-synced", &args));
    if r.reset {
        println!("{}", out.t("ctl-synced-reset"));
    }
}

/// Columns a terminal gives `text` (CJK characters take two).
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if c >= '\u{2E80}' { 2 } else { 1 })
        .sum()
}

/// Prints the checks `doctor` can make when the store does not open (a bad key file).
pub fn doctor_without_store(out: &Out, error: &LocalError) {
    let checks = vec![
        key_check(out),
        Check {
            check: "integrity",
            status: Status::Fail,
            text: out.ta(error.code(), &error.args()),
            value: json!(error.code()),
        },
    ];
    print_checks(out, &checks);
}

/// Runs every check and prints them; `false` when one failed.
pub async fn doctor(out: &Out, store: &Store) -> Result<bool, LocalError> {
    let mut checks: Vec<Check> = Vec::new();
    let device = store.device().await?;

    // Server, TLS and clock: one pull page read (not applied) from where this device is.
    match device.server_url.as_deref().filter(|_| device.enrolled()) {
        None => {
            checks.push(Check {
                check: "server",
                status: Status::Warn,
                text: out.t("ctl-not-enrolled"),
                value: json!("not_enrolled"),
            });
            for check in ["tls", "clock"] {
                checks.push(Check {
                    check,
                    status: Status::Skip,
                    text: "-".into(),
                    value: serde_json::Value::Null,
                });
            }
        }
        Some(url) => {
            let measured = SyncClient::new(store.clone()).measure_clock().await;
            let url_arg = || ("url", url.to_string());
            match &measured {
                Ok(_) => checks.push(Check {
                    check: "server",
                    status: Status::Ok,
                    text: out.ta("ctl-server-reachable", &[url_arg()]),
                    value: json!("reachable"),
                }),
                Err(e) => checks.push(Check {
                    check: "server",
                    status: Status::Fail,
                    text: out.ta(
                        "ctl-server-unreachable",
                        &[url_arg(), ("reason", out.ta(e.code(), &e.args()))],
                    ),
                    value: json!(e.code()),
                }),
            }
            let (status, id, value) = if url.trim().starts_with("https://") {
                (Status::Ok, "ctl-tls-https", "https")
            } else if borderdesk_local::sync::check_enrollment_url(url).is_ok() {
                (Status::Ok, "ctl-tls-loopback", "loopback_http")
            } else {
                (Status::Fail, "ctl-tls-plain", "plain_http")
            };
            checks.push(Check {
                check: "tls",
                status,
                text: out.t(id),
                value: json!(value),
            });
            checks.push(match measured {
                Ok(ms) => {
                    let seconds = ms.abs() / 1000;
                    let status = match seconds {
                        s if s <= CLOCK_OK_SECONDS => Status::Ok,
                        s if s <= CLOCK_FAIL_SECONDS => Status::Warn,
                        _ => Status::Fail,
                    };
                    let direction = if ms >= 0 { "ahead" } else { "behind" };
                    Check {
                        check: "clock",
                        status,
                        text: out.ta(
                            "ctl-clock-offset",
                            &[
                                ("direction", direction.into()),
                                ("seconds", format!("{:.1}", ms.abs() as f64 / 1000.0)),
                            ],
                        ),
                        value: json!(ms),
                    }
                }
                Err(_) => Check {
                    check: "clock",
                    status: Status::Skip,
                    text: out.t("ctl-clock-unknown"),
                    value: serde_json::Value::Null,
                },
            });
        }
    }

    checks.push(match free_disk_bytes(store.path()) {
        Some(free) => Check {
            check: "disk",
            status: match free {
                f if f < DISK_FAIL_BYTES => Status::Fail,
                f if f < DISK_WARN_BYTES => Status::Warn,
                _ => Status::Ok,
            },
            text: out.ta(
                "ctl-disk-free",
                &[("mb", (free / (1024 * 1024)).to_string())],
            ),
            value: json!(free),
        },
        None => Check {
            check: "disk",
            status: Status::Warn,
            text: out.t("ctl-disk-unknown"),
            value: serde_json::Value::Null,
        },
    });

    let integrity = store.integrity_check().await?;
    checks.push(if integrity == "ok" {
        Check {
            check: "integrity",
            status: Status::Ok,
            text: out.t("ctl-integrity-ok"),
            value: json!("ok"),
        }
    } else {
        Check {
            check: "integrity",
            status: Status::Fail,
            text: out.ta("ctl-integrity-bad", &[("detail", integrity.clone())]),
            value: json!(integrity),
        }
    });

    checks.push(key_check(out));
    checks.push(settings_check(out));

    let printer = printer_state(Arc::new(Lpstat)).await;
    checks.push(Check {
        check: "printer",
        status: match printer {
            PrinterState::Ready => Status::Ok,
            PrinterState::Paused | PrinterState::OutOfPaper => Status::Fail,
            PrinterState::NoPrinter | PrinterState::LpstatMissing | PrinterState::Unknown => {
                Status::Warn
            }
        },
        text: out.t(&format!("printer-{}", printer.as_str())),
        value: json!(printer),
    });

    let scanner = scanner_folder_from_env();
    checks.push(Check {
        check: "scanner",
        status: match scanner {
            ScannerFolderState::Ready => Status::Ok,
            ScannerFolderState::NotConfigured => Status::Skip,
            ScannerFolderState::Missing | ScannerFolderState::NotWritable => Status::Fail,
        },
        text: out.t(&format!("scanner-{}", scanner.as_str())),
        value: json!(scanner),
    });

    let reader = borderdesk_local::card_reader::default_card_reader();
    let card_reader = tokio::task::spawn_blocking(move || reader.probe())
        .await
        .unwrap_or(CardReaderState::NotAnswering);
    checks.push(Check {
        check: "card_reader",
        status: match card_reader {
            CardReaderState::Ready => Status::Ok,
            CardReaderState::NotConfigured => Status::Skip,
            CardReaderState::NotAnswering => Status::Fail,
        },
        text: out.t(&format!("card-reader-{}", card_reader.as_str())),
        value: json!(card_reader),
    });

    let depth = store.outbox_depth().await?;
    checks.push(Check {
        check: "outbox",
        status: if depth.set_aside > 0 {
            Status::Warn
        } else {
            Status::Ok
        },
        text: out.ta(
            "ctl-outbox-summary",
            &[
                ("waiting", depth.waiting.to_string()),
                ("set_aside", depth.set_aside.to_string()),
            ],
        ),
        value: json!({"waiting": depth.waiting, "oldest_waiting_seconds": depth.oldest_waiting_seconds,
                      "set_aside": depth.set_aside}),
    });

    Ok(print_checks(out, &checks))
}

/// Prints the checks; `true` when none failed.
fn print_checks(out: &Out, checks: &[Check]) -> bool {
    let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
    if out.json {
        println!("{}", json!({"ok": failed == 0, "checks": checks}));
    } else {
        let width = checks
            .iter()
            .map(|c| display_width(&out.t(&format!("ctl-check-{}", c.check))))
            .max()
            .unwrap_or(0);
        for c in checks {
            let label = out.t(&format!("ctl-check-{}", c.check));
            let pad = width.saturating_sub(display_width(&label));
            println!(
                "[{}] {label}{}  {}",
                out.t(c.status.id()),
                " ".repeat(pad),
                c.text
            );
        }
        if failed == 0 {
            println!("{}", out.t("ctl-doctor-ok"));
        } else {
            println!(
                "{}",
                out.ta("ctl-doctor-failed", &[("count", failed.to_string())])
            );
        }
    }
    failed == 0
}

/// The waiting and set-aside entries.
pub async fn outbox(out: &Out, store: &Store) -> Result<(), LocalError> {
    let lines = store.outbox_lines().await?;
    if out.json {
        println!("{}", json!({"ok": true, "entries": lines}));
        return Ok(());
    }
    if lines.is_empty() {
        println!("{}", out.t("ctl-outbox-empty"));
        return Ok(());
    }
    println!("{}", out.t("ctl-outbox-header"));
    for l in &lines {
        println!(
            "#{}\t{}\t{}\t{}\t{}\t{}",
            l.seq,
            l.kind,
            out.t(&format!("ctl-state-{}", l.state)),
            out.age(l.age_seconds),
            l.attempts,
            l.error_code.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}

/// `backup <file>`.
pub async fn backup(out: &Out, store: &Store, file: &Path) -> Result<(), LocalError> {
    let bytes = store.backup_to(file).await?;
    if out.json {
        println!(
            "{}",
            json!({"ok": true, "path": file, "bytes": bytes, "key_included": false})
        );
    } else {
        println!(
            "{}",
            out.ta(
                "ctl-backup-done",
                &[
                    ("path", file.display().to_string()),
                    ("bytes", bytes.to_string())
                ]
            )
        );
        println!("{}", out.t("ctl-backup-key-note"));
    }
    Ok(())
}

/// `install-update <package> [--signature <file>]`: the key only from the device settings.
pub fn install_update(
    out: &Out,
    package: Option<&Path>,
    signature: Option<&Path>,
    spool: Option<&Path>,
) -> Result<(), LocalError> {
    let settings =
        borderdesk_local::update::UpdateSettings::from_env().ok_or(LocalError::UpdateKeyMissing)?;
    let done = match (package, spool) {
        (_, Some(dir)) => {
            match borderdesk_local::update::install_spooled(dir, &settings.public_key) {
                Some(outcome) => outcome?,
                None => return Ok(()),
            }
        }
        (Some(package), None) => install_one(package, signature, &settings.public_key)?,
        (None, None) => return Err(LocalError::UpdateNotOurs("no package given".into())),
    };
    let before = done.before.unwrap_or_else(|| "-".into());
    if out.json {
        println!(
            "{}",
            json!({"ok": true, "version": done.version, "before": before})
        );
    } else {
        println!(
            "{}",
            out.ta(
                "ctl-update-installed",
                &[("version", done.version), ("before", before)]
            )
        );
    }
    Ok(())
}

fn install_one(
    package: &Path,
    signature: Option<&Path>,
    public_key: &str,
) -> Result<borderdesk_local::update::Installed, LocalError> {
    let signature_path = signature.map(Path::to_path_buf).unwrap_or_else(|| {
        let mut p = package.as_os_str().to_owned();
        p.push(".sig");
        p.into()
    });
    let signature = std::fs::read_to_string(&signature_path)
        .map_err(|e| LocalError::UpdateSignature(format!("{}: {e}", signature_path.display())))?;
    borderdesk_local::update::install_package(package, &signature, public_key)
}

/// `restore <file>`.
pub async fn restore(out: &Out, db: &Path, file: &Path) -> Result<(), LocalError> {
    let key = borderdesk_local::crypto::default_key_path()?;
    let done = borderdesk_local::support::restore(db, file, &key).await?;
    if out.json {
        println!(
            "{}",
            json!({"ok": true, "path": db, "from": file, "previous": done.previous})
        );
    } else {
        println!(
            "{}",
            out.ta("ctl-restore-done", &[("path", file.display().to_string())])
        );
        if let Some(previous) = &done.previous {
            println!(
                "{}",
                out.ta(
                    "ctl-restore-previous",
                    &[("path", previous.display().to_string())]
                )
            );
        }
    }
    Ok(())
}
