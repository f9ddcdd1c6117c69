//! `borderdesk-server`: serve the sync API, import the catalog, set an application's status.

use std::net::SocketAddr;
use std::process::ExitCode;

use borderdesk_core::{ApplicationStatus, TrackingNumber};
use borderdesk_protocol::SetStatusRequest;
use borderdesk_server::{Config, ServerError};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "borderdesk-server", version, about = "BorderDesk sync server")]
struct Cli {
    /// PostgreSQL URL.
    #[arg(long, env = "BORDERDESK_DATABASE_URL", global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve {
        #[arg(long, env = "BORDERDESK_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Bearer token of the admin endpoints.
        #[arg(long, env = "BORDERDESK_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: String,
    },
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
    /// Revoke a device: its next request (and that of staff logged in through it) gets 401.
    RevokeDevice { device_id: uuid::Uuid },
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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error [{}]: {e}", e.code());
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, ServerError> {
    let database_url = cli.database_url.ok_or_else(|| {
        ServerError::Config("set --database-url or BORDERDESK_DATABASE_URL".into())
    })?;
    let command = match cli.command {
        Some(c) => c,
        None => {
            // `serve` with its flags read from the environment.
            let listen =
                std::env::var("BORDERDESK_LISTEN").unwrap_or_else(|_| "127.0.0.1:8080".into());
            let listen = listen.parse().map_err(|_| {
                ServerError::Config(format!("BORDERDESK_LISTEN {listen:?} is not an address"))
            })?;
            let admin_token = std::env::var("BORDERDESK_ADMIN_TOKEN")
                .map_err(|_| ServerError::Config("set BORDERDESK_ADMIN_TOKEN".into()))?;
            Command::Serve {
                listen,
                admin_token,
            }
        }
    };
    match command {
        Command::Serve {
            listen,
            admin_token,
        } => {
            if admin_token.trim().is_empty() {
                return Err(ServerError::Config(
                    "the admin token must not be empty".into(),
                ));
            }
            let server = borderdesk_server::start(Config {
                database_url,
                listen,
                admin_token,
            })
            .await?;
            shutdown_signal().await;
            tracing::info!("shutting down");
            server.shutdown().await;
            Ok(ExitCode::SUCCESS)
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

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
