//! `e2e-server`: a BorderDesk server on a throwaway PostgreSQL, for the end-to-end suite. It
//! imports the bundled catalog, notary and legal aid reference data, prints one JSON line
//! `{"url": …, "admin_token": …, "database_url": …}` (the database for the server's CLI) and serves until its standard input closes.

use std::io::{BufRead, Write};

use borderdesk_testkit::TestPostgres;

/// The admin token of this throwaway server (tests only).
const ADMIN_TOKEN: &str = "e2e-admin-token";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let database_url = TestPostgres::shared().fresh_database().await;
    let server = borderdesk_server::start(borderdesk_server::Config {
        database_url: database_url.clone(),
        listen: "127.0.0.1:0".parse()?,
        admin_token: ADMIN_TOKEN.into(),
    })
    .await?;
    let notary: borderdesk_core::notary::NotaryReference =
        serde_json::from_str(borderdesk_local::notary::BUNDLED_NOTARY)?;
    borderdesk_server::import_notary(server.pool(), &notary).await?;
    let legal_aid: borderdesk_core::legal_aid::LegalAidReference =
        serde_json::from_str(borderdesk_local::legal_aid::BUNDLED_LEGAL_AID)?;
    borderdesk_server::import_legal_aid(server.pool(), &legal_aid).await?;
    // The same sample catalog the app bundles: the clerk desk reads items' materials from it.
    let catalog = borderdesk_server::parse_catalog(borderdesk_local::store::BUNDLED_CATALOG)
        .map_err(|rows| format!("bundled catalog: {} bad rows", rows.len()))?;
    borderdesk_server::import_catalog(server.pool(), &catalog).await?;
    println!(
        "{}",
        serde_json::json!({
            "url": server.url(),
            "admin_token": ADMIN_TOKEN,
            "database_url": database_url,
        })
    );
    std::io::stdout().flush()?;
    // Serve until the test closes our standard input (or dies).
    tokio::task::spawn_blocking(|| {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            if line.is_err() {
                break;
            }
        }
    })
    .await?;
    server.shutdown().await;
    Ok(())
}
