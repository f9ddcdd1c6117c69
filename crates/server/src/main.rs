//! `borderdesk-server`: serve the sync API, import the catalog, set an application's status.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use borderdesk_core::{ApplicationStatus, TrackingNumber};
use borderdesk_protocol::SetStatusRequest;
use borderdesk_server::settings::{self, Inputs, Problem, Settings};
use borderdesk_server::{Config, Options, ServerError};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "borderdesk-server", version, about = "BorderDesk sync server")]
struct Cli {
    /// The config file (default /etc/borderdesk/server.toml, or BORDERDESK_CONFIG; a missing
    /// default file is fine, a named one must exist). Environment variables override it, and
    /// flags override both.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// PostgreSQL URL (`database_url`, BORDERDESK_DATABASE_URL).
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve {
        /// Address to listen on (`listen`, BORDERDESK_LISTEN; default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// Bearer token of the admin endpoints (`admin_token` or `admin_token_file`,
        /// BORDERDESK_ADMIN_TOKEN).
        #[arg(long)]
        admin_token: Option<String>,
    },
    /// Reads the config file and the environment, says every problem it finds (one line
    /// each), tries the database, and prints the settings in force with where each came
    /// from (secrets masked). Exits non-zero when anything is wrong.
    CheckConfig,
    /// Import catalog items from a JSON array or a CSV sheet (`.csv`, or any file not starting
    /// with `[`); nothing changes if any row is bad. Each import is a new catalog version.
    ImportCatalog { file: std::path::PathBuf },
    /// Import notary reference data (offices with their calendars, matters) from a JSON file
    /// shaped like `crates/local/data/sample-notary.json`; all or nothing.
    ImportNotary { file: std::path::PathBuf },
    /// Import legal aid reference data (offices, routing rules, hardship standards, deadline
    /// settings, holidays) from a JSON file shaped like `crates/local/data/sample-legal-aid.json`;
    /// it replaces the current one, all or nothing.
    ImportLegalAid { file: std::path::PathBuf },
    /// Import the county's reasons offered with a poor rating (好差评) from a JSON file shaped
    /// like `crates/core/data/rating-reasons.json`; devices get them by the feed.
    ImportRatingReasons { file: std::path::PathBuf },
    /// Revoke a device: its next request (and that of staff logged in through it) gets 401.
    RevokeDevice { device_id: uuid::Uuid },
    /// After restoring the database to an older point: start a new epoch, so that every
    /// device's next pull answers `reset` and it pulls the feed again (then restart every
    /// server process). Not needed after a restore to the end.
    NewEpoch,
    /// Publish an app release for devices to update to: the artifact the Tauri bundler made
    /// and the signature `tauri signer sign` wrote beside it (`<artifact>.sig`). It reaches
    /// no device until an admin moves its rollout (`POST /v1/admin/releases/.../rollout`).
    PublishRelease {
        artifact: std::path::PathBuf,
        /// The signature file (default: the artifact's path with `.sig` added).
        #[arg(long)]
        signature: Option<std::path::PathBuf>,
        /// MAJOR.MINOR.PATCH of the app in the artifact.
        #[arg(long)]
        version: String,
        #[arg(long, default_value = borderdesk_server::updates::DEFAULT_CHANNEL)]
        channel: String,
        /// Tauri's `{target}-{arch}`.
        #[arg(long, default_value = "linux-x86_64")]
        target: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Disable a staff account: its sessions end at once and it can no longer log in.
    DisableStaff { user_name: String },
    /// Move an application's status, as the admin endpoint does.
    SetStatus {
        tracking_number: String,
        /// submitted, accepted, forwarded, in_progress, completed or refused
        status: String,
        #[arg(long)]
        note: Option<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut inputs = Inputs::from_process_env();
    inputs.config = cli.config.clone();
    if let Some(url) = &cli.database_url {
        inputs.flags.push((settings::DATABASE_URL.key, url.clone()));
    }
    if let Some(Command::Serve {
        listen,
        admin_token,
    }) = &cli.command
    {
        if let Some(l) = listen {
            inputs.flags.push((settings::LISTEN.key, l.to_string()));
        }
        if let Some(t) = admin_token {
            inputs.flags.push((settings::ADMIN_TOKEN.key, t.clone()));
        }
    }
    let (loaded, problems) = Settings::load(&inputs);
    init_logs(&loaded);
    if matches!(cli.command, Some(Command::CheckConfig)) {
        return check_config(&loaded, problems).await;
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("config: {p}");
        }
        eprintln!(
            "error [{}]: {} problem(s) in the configuration; `borderdesk-server check-config` explains them",
            borderdesk_protocol::codes::INTERNAL,
            problems.len()
        );
        return ExitCode::FAILURE;
    }
    settings::install(loaded);
    match run(cli, settings::current()).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error [{}]: {e}", e.code());
            ExitCode::FAILURE
        }
    }
}

/// Text or JSON log lines, filtered by `log_filter` (RUST_LOG).
fn init_logs(s: &Settings) {
    // The loader checked it; a bad one was reported and left at the table's default.
    let filter = s
        .text(&settings::LOG_FILTER)
        .and_then(|f| tracing_subscriber::EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new("info"));
    // Colours only on a terminal: never escape codes in the journal or a log file.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    if s.text(&settings::LOG_FORMAT) == Some("json") {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        builder.init();
    }
}

/// How long `check-config` waits for the database.
const CHECK_DATABASE_TIMEOUT: Duration = Duration::from_secs(5);

async fn check_config(s: &Settings, mut problems: Vec<Problem>) -> ExitCode {
    match s.admin_token() {
        Ok(Some(t)) if t.trim().is_empty() => {
            problems.push(Problem("the admin token must not be empty".into()))
        }
        Ok(Some(_)) => {}
        Ok(None) => problems.push(Problem(
            "no admin token: set admin_token_file (or admin_token, BORDERDESK_ADMIN_TOKEN); `serve` needs one"
                .into(),
        )),
        Err(p) => problems.push(p),
    }
    match s.text(&settings::DATABASE_URL) {
        None => problems.push(Problem(
            "no database: set database_url (BORDERDESK_DATABASE_URL or --database-url)".into(),
        )),
        Some(url) => {
            if let Err(e) = try_database(url).await {
                problems.push(Problem(format!("database: {e}")));
            }
        }
    }
    match &s.file {
        Some(p) => println!("config file: {}", p.display()),
        None => println!("config file: none read"),
    }
    for line in s.describe() {
        println!("  {line}");
    }
    if problems.is_empty() {
        println!("ok");
        ExitCode::SUCCESS
    } else {
        for p in &problems {
            eprintln!("problem: {p}");
        }
        eprintln!("{} problem(s)", problems.len());
        ExitCode::FAILURE
    }
}

/// Connects once (no migrations) within [`CHECK_DATABASE_TIMEOUT`].
async fn try_database(url: &str) -> Result<(), String> {
    use sqlx::Connection;
    let options: sqlx::postgres::PgConnectOptions = url
        .parse()
        .map_err(|_| "database_url is not a PostgreSQL URL".to_string())?;
    let connect = sqlx::postgres::PgConnection::connect_with(&options);
    match tokio::time::timeout(CHECK_DATABASE_TIMEOUT, connect).await {
        Ok(Ok(c)) => {
            let _ = c.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(format!("cannot connect: {e}")),
        Err(_) => Err(format!(
            "no answer within {} s",
            CHECK_DATABASE_TIMEOUT.as_secs()
        )),
    }
}

async fn run(cli: Cli, s: &Settings) -> Result<ExitCode, ServerError> {
    let database_url = s
        .text(&settings::DATABASE_URL)
        .map(str::to_string)
        .ok_or_else(|| {
            ServerError::Config(
                "set database_url in the config file, BORDERDESK_DATABASE_URL or --database-url"
                    .into(),
            )
        })?;
    let command = cli.command.unwrap_or(Command::Serve {
        listen: None,
        admin_token: None,
    });
    match command {
        Command::CheckConfig => Ok(ExitCode::SUCCESS),
        Command::Serve { .. } => {
            let admin_token = s
                .admin_token()
                .map_err(|p| ServerError::Config(p.0))?
                .ok_or_else(|| {
                    ServerError::Config(
                        "set admin_token_file or admin_token in the config file, or BORDERDESK_ADMIN_TOKEN"
                            .into(),
                    )
                })?;
            if admin_token.trim().is_empty() {
                return Err(ServerError::Config(
                    "the admin token must not be empty".into(),
                ));
            }
            let listen = s
                .text(&settings::LISTEN)
                .and_then(|l| l.parse().ok())
                .ok_or_else(|| ServerError::Config("listen is not an address".into()))?;
            let signals = shutdown_signals()?;
            let server = borderdesk_server::start_with(
                Config {
                    database_url,
                    listen,
                    admin_token,
                },
                Options {
                    metrics_token: s.text(&settings::METRICS_TOKEN).map(str::to_string),
                },
            )
            .await?;
            let signal = signals.await;
            let grace = Duration::from_secs(s.count(&settings::SHUTDOWN_GRACE_SECONDS));
            tracing::info!(
                signal,
                grace_seconds = grace.as_secs(),
                "shutting down: no new connections; running requests may finish"
            );
            if server.shutdown_within(grace).await {
                tracing::info!("stopped");
                Ok(ExitCode::SUCCESS)
            } else {
                Ok(ExitCode::FAILURE)
            }
        }
        Command::ImportCatalog { file } => {
            let bytes = std::fs::read(&file)?;
            let items = match borderdesk_server::parse_catalog_file(&file, &bytes) {
                Ok(items) => items,
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{}: {e}", file.display());
                    }
                    eprintln!("{} bad row(s); nothing was imported", errors.len());
                    return Ok(ExitCode::FAILURE);
                }
            };
            let pool = borderdesk_server::connect(&database_url).await?;
            let summary = borderdesk_server::import_catalog_file(&pool, &items, &bytes).await?;
            println!(
                "catalog version {}: {} items read, {} new or changed",
                summary.version, summary.rows, summary.changed
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::PublishRelease {
            artifact,
            signature,
            version,
            channel,
            target,
            notes,
        } => {
            let signature_path = signature.unwrap_or_else(|| {
                let mut p = artifact.clone().into_os_string();
                p.push(".sig");
                p.into()
            });
            let release = borderdesk_server::updates::NewRelease {
                channel,
                target,
                version,
                notes,
                signature: std::fs::read_to_string(&signature_path)?,
                artifact: std::fs::read(&artifact)?,
            };
            let pool = borderdesk_server::connect(&database_url).await?;
            let published = borderdesk_server::updates::publish(&pool, &release).await?;
            println!(
                "release {} ({} {}) published: {} bytes, sha256 {}; rolled out to nobody yet",
                published.version,
                published.channel,
                published.target,
                published.size_bytes,
                published.sha256
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::NewEpoch => {
            let pool = borderdesk_server::connect(&database_url).await?;
            let epoch = borderdesk_server::admin::new_epoch(&pool).await?;
            println!("new epoch {epoch}: restart every borderdesk-server process now; devices resync from the start");
            Ok(ExitCode::SUCCESS)
        }
        Command::RevokeDevice { device_id } => {
            let pool = borderdesk_server::connect(&database_url).await?;
            borderdesk_server::revoke_device(&pool, device_id).await?;
            println!("device {device_id} revoked");
            Ok(ExitCode::SUCCESS)
        }
        Command::DisableStaff { user_name } => {
            let pool = borderdesk_server::connect(&database_url).await?;
            borderdesk_server::disable_staff(&pool, &user_name).await?;
            println!("staff account {user_name} disabled");
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportNotary { file } => {
            let text = std::fs::read_to_string(&file)?;
            let reference: borderdesk_core::notary::NotaryReference =
                serde_json::from_str(&text)
                    .map_err(|e| ServerError::BadRequest(format!("{}: {e}", file.display())))?;
            let pool = borderdesk_server::connect(&database_url).await?;
            let summary = borderdesk_server::import_notary(&pool, &reference).await?;
            println!(
                "{} offices and {} matters imported",
                summary.offices, summary.matters
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportLegalAid { file } => {
            let text = std::fs::read_to_string(&file)?;
            let reference: borderdesk_core::legal_aid::LegalAidReference =
                serde_json::from_str(&text)
                    .map_err(|e| ServerError::BadRequest(format!("{}: {e}", file.display())))?;
            let pool = borderdesk_server::connect(&database_url).await?;
            let summary = borderdesk_server::import_legal_aid(&pool, &reference).await?;
            println!(
                "{} offices, {} routing rules and {} hardship standards imported",
                summary.offices, summary.routing_rules, summary.hardship_standards
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportRatingReasons { file } => {
            let text = std::fs::read_to_string(&file)?;
            let reasons: borderdesk_core::rating::RatingReasons = serde_json::from_str(&text)
                .map_err(|e| ServerError::BadRequest(format!("{}: {e}", file.display())))?;
            let pool = borderdesk_server::connect(&database_url).await?;
            let count = borderdesk_server::import_rating_reasons(&pool, &reasons).await?;
            println!("{count} rating reasons imported");
            Ok(ExitCode::SUCCESS)
        }
        Command::SetStatus {
            tracking_number,
            status,
            note,
        } => {
            let number = TrackingNumber::parse(&tracking_number)?;
            let status = ApplicationStatus::parse(&status)
                .map_err(|_| ServerError::BadRequest(format!("unknown status {status:?}")))?;
            let pool = borderdesk_server::connect(&database_url).await?;
            let app =
                borderdesk_server::set_status(&pool, &number, &SetStatusRequest { status, note })
                    .await?;
            println!("{} is now {}", app.tracking_number, app.status.as_str());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Listens for SIGTERM and SIGINT (Ctrl-C) from now on (so that one arriving while the
/// server starts is not lost); the future ends with the name of the first that comes.
#[cfg(unix)]
fn shutdown_signals() -> Result<impl std::future::Future<Output = &'static str>, ServerError> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signals() -> Result<impl std::future::Future<Output = &'static str>, ServerError> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    })
}
