//! `borderdesk-ctl`: what remote support staff run over SSH on a kiosk or laptop. It works on
//! the same SQLite file as the app (the app may be running: SQLite's WAL lets both in).

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
    /// Language of messages: zh-CN, zh-TW or en.
    #[arg(long, global = true, env = "BORDERDESK_LANG", default_value = "zh-CN")]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Outbox depth, last sync, cursor, database path.
    Status,
    /// Sync once now and report what moved.
    Sync,
    /// Enroll this device with a BorderDesk server.
    Enroll {
        /// The server's address (`server_url` in /etc/borderdesk/device.toml).
        #[arg(long, env = "BORDERDESK_SERVER_URL")]
        server: String,
        /// The server's admin token.
        #[arg(long, env = "BORDERDESK_ADMIN_TOKEN")]
        admin_token: String,
        /// The service point (site) this device serves.
        #[arg(long)]
        site: String,
        /// A name staff recognise, e.g. "罗阳镇便民服务中心 自助机1".
        #[arg(long)]
        name: String,
    },
    /// The services catalog.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
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
    if let Err(problems) = borderdesk_local::device_config::load_device_config() {
        for problem in problems {
            eprintln!("device settings file ignored: {problem}");
        }
    }
    let cli = Cli::parse();
    let lang = Language::from_tag(&cli.lang).unwrap_or_default();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let text = borderdesk_i18n::message(lang.tag(), e.code(), &e.args());
            eprintln!("{text} [{}]", e.code());
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), LocalError> {
    let path = cli.db.unwrap_or_else(default_database_path);
    let store = Store::open(&path).await?;
    match cli.command {
        Command::Status => {
            let device = store.device().await?;
            let q = store.queue_state().await?;
            println!("database:      {}", store.path().display());
            println!(
                "device code:   {}{}",
                device.device_code.0,
                if device.device_code.is_provisional() {
                    " (provisional)"
                } else {
                    ""
                }
            );
            println!(
                "server:        {}",
                device.server_url.as_deref().unwrap_or("-")
            );
            println!(
                "site:          {}",
                device.site_id.as_deref().unwrap_or("-")
            );
            println!(
                "outbox:        {} waiting, {} rejected",
                q.waiting, q.rejected
            );
            println!(
                "last sync:     {}",
                q.last_synced_at
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_else(|| "never".into())
            );
            println!("cursor:        {}", q.cursor.as_deref().unwrap_or("-"));
            println!(
                "last error:    {}",
                q.last_error_code.as_deref().unwrap_or("-")
            );
            println!("catalog items: {}", store.catalog_len());
        }
        Command::Sync => {
            let client = SyncClient::new(store.clone());
            let r = client.sync_once().await?;
            let q = store.queue_state().await?;
            println!(
                "pushed {} (duplicates {}, rejected {}), pulled {}{}; {} still waiting",
                r.pushed,
                r.duplicates,
                r.rejected,
                r.pulled,
                if r.reset { ", full resync" } else { "" },
                q.waiting
            );
        }
        Command::Enroll {
            server,
            admin_token,
            site,
            name,
        } => {
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
    }
    store.close().await;
    Ok(())
}
