//! `borderdesk-ctl`: what remote support staff run over SSH on a kiosk or laptop. It works on
//! the same SQLite file as the app (the app may be running: SQLite's WAL lets both in).
//! What it prints for people is in their language (`--lang`, else `BORDERDESK_LANG`, else
//! `LANG`, else zh-CN); `--json` prints the same for scripts. Never anyone's personal data.

mod support;

use std::path::PathBuf;
use std::process::ExitCode;

use borderdesk_core::Language;
use borderdesk_local::{default_database_path, LocalError, Store, SyncClient};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "borderdesk-ctl", version, about = "BorderDesk device tool")]
struct Cli {
    /// The device database (default: $BORDERDESK_DB, else the app's data folder).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Language of messages: zh-CN, zh-TW or en (default: $BORDERDESK_LANG, else $LANG,
    /// else zh-CN).
    #[arg(long, global = true, env = "BORDERDESK_LANG")]
    lang: Option<String>,
    /// Print JSON for scripts (doctor, outbox, retry, discard, backup, restore).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Outbox depth, last sync, cursor, database path.
    Status,
    /// Sync once now and report what moved.
    Sync,
    /// Enroll this device with a BorderDesk server: with a one-time code from the county
    /// console (`--code`, the site and name are the code's), or with the admin token.
    Enroll {
        /// The server's address (`server_url` in /etc/borderdesk/device.toml); the text of
        /// the console's QR code carries it.
        #[arg(long, env = "BORDERDESK_SERVER_URL")]
        server: Option<String>,
        /// The enrollment code the console shows (`K7M2Q-9XAB3`), or its QR code's text.
        #[arg(long, conflicts_with_all = ["admin_token", "site", "name"])]
        code: Option<String>,
        /// The server's admin token.
        #[arg(long, env = "BORDERDESK_ADMIN_TOKEN", required_unless_present = "code")]
        admin_token: Option<String>,
        /// The service point (site) this device serves (with the admin token).
        #[arg(long, required_unless_present = "code")]
        site: Option<String>,
        /// A name staff recognise, e.g. "罗阳镇便民服务中心 自助机1" (with the admin token).
        #[arg(long, required_unless_present = "code")]
        name: Option<String>,
    },
    /// The services catalog.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Checks this device: server, TLS, clock, disk, database, key file, printer, scanner.
    /// Exits non-zero when a check fails.
    Doctor,
    /// The outbox's waiting and set-aside entries: kind, age, attempts, code (no personal data).
    Outbox,
    /// Puts a set-aside outbox entry (its number or mutation id) back in the queue.
    Retry {
        id: String,
        /// Why (kept in this device's audit log).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Removes a set-aside outbox entry for good; the server never gets it.
    Discard {
        id: String,
        /// Why (required; kept in this device's audit log).
        #[arg(long)]
        reason: String,
    },
    /// A consistent copy of the device database (sealed data stays sealed; no key in it).
    Backup { file: PathBuf },
    /// Puts a backup in place of the device database (the app must be closed); the current
    /// database is kept as `<db>.before-restore`.
    Restore { file: PathBuf },
    /// Installs a BorderDesk update package (the app runs this through sudo): only a package
    /// signed with the county's key from the settings file, for its own version, and newer than
    /// the one installed.
    InstallUpdate {
        /// The package; none with `--spool`.
        #[arg(required_unless_present = "spool")]
        package: Option<PathBuf>,
        /// The signature file (`<package>.sig` when not given).
        #[arg(long)]
        signature: Option<PathBuf>,
        /// Installs what waits in this folder and empties it (borderdesk-update.service).
        #[arg(long, conflicts_with = "package")]
        spool: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Search the cached catalog as the app does (characters, pinyin, initials).
    Search { text: Vec<String> },
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    // The device's settings file, under the environment, before the flags read either.
    let settings = borderdesk_local::device_config::load_device_config();
    let cli = Cli::parse();
    let lang = support::language(cli.lang.as_deref());
    if let Err(problems) = settings {
        for problem in problems {
            let line = borderdesk_i18n::message(lang.tag(), problem.code, &problem.args);
            eprintln!(
                "{}",
                borderdesk_i18n::message(lang.tag(), "ctl-settings-ignored", &[("problem", line)])
            );
        }
    }
    let json = cli.json;
    match run(cli, lang).await {
        Ok(code) => code,
        Err(e) => {
            let text = borderdesk_i18n::message(lang.tag(), e.code(), &e.args());
            if json {
                println!(
                    "{}",
                    serde_json::json!({"ok": false, "code": e.code(), "message": text})
                );
            }
            eprintln!("{text} [{}]", e.code());
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, lang: Language) -> Result<ExitCode, LocalError> {
    let path = cli.db.unwrap_or_else(default_database_path);
    let out = support::Out {
        lang,
        json: cli.json,
    };
    // An update needs no database (and, run as root through sudo, must not make one).
    if let Command::InstallUpdate {
        package,
        signature,
        spool,
    } = &cli.command
    {
        support::install_update(
            &out,
            package.as_deref(),
            signature.as_deref(),
            spool.as_deref(),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    // A restore works on the file, not through an open store (it must be closed).
    if let Command::Restore { file } = &cli.command {
        support::restore(&out, &path, file).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = match Store::open(&path).await {
        Ok(store) => store,
        // A key file doctor would complain of keeps the store shut: say so as doctor does.
        Err(e @ LocalError::Key(_)) if matches!(cli.command, Command::Doctor) => {
            support::doctor_without_store(&out, &e);
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e),
    };
    let mut code = ExitCode::SUCCESS;
    match cli.command {
        Command::Status => support::status(&out, &store).await?,
        Command::Sync => {
            let client = SyncClient::new(store.clone());
            let r = client.sync_once().await?;
            let q = store.queue_state().await?;
            support::synced(&out, &r, q.waiting);
        }
        Command::Enroll {
            server,
            code: Some(code),
            ..
        } => {
            let e =
                borderdesk_local::sync::enroll_with_code(&store, server.as_deref(), &code).await?;
            println!(
                "enrolled: device {} code {} site {}",
                e.device_id, e.device_code, e.site_id
            );
        }
        Command::Enroll {
            server,
            admin_token,
            site,
            name,
            ..
        } => {
            let server = server.ok_or(LocalError::ServerUrlMissing)?;
            // Without --code, clap has asked for all three.
            let (Some(admin_token), Some(site), Some(name)) = (admin_token, site, name) else {
                return Ok(ExitCode::from(2));
            };
            let e =
                borderdesk_local::sync::enroll(&store, &server, &admin_token, &name, &site).await?;
            println!(
                "enrolled: device {} code {} site {}",
                e.device_id, e.device_code, e.site_id
            );
        }
        Command::Catalog {
            command: CatalogCommand::Search { text },
        } => {
            let query = text.join(" ");
            for item in store.catalog_search(&query, None) {
                println!("{}\t{}", item.code, item.name.zh_cn);
            }
        }
        Command::Doctor => {
            if !support::doctor(&out, &store).await? {
                code = ExitCode::FAILURE;
            }
        }
        Command::Outbox => support::outbox(&out, &store).await?,
        Command::Retry { id, reason } => {
            let line = store.retry_set_aside(&id, reason.as_deref()).await?;
            out.acted("ctl-retried", &line);
        }
        Command::Discard { id, reason } => {
            let line = store.discard_set_aside(&id, &reason).await?;
            out.acted("ctl-discarded", &line);
        }
        Command::Backup { file } => support::backup(&out, &store, &file).await?,
        Command::Restore { .. } | Command::InstallUpdate { .. } => {}
    }
    store.close().await;
    Ok(code)
}
