//! The app updating itself from the county's server (issue 13): every `update_check_seconds`
//! the updater asks `GET /v1/sync/update`; a release it is offered is downloaded and its
//! signature checked against the county's key from the device settings (bound to its version);
//! when nobody is using the screen, the package goes to `borderdesk-ctl install-update` (see
//! `borderdesk_local::update`) and the app restarts as the new version. The outbox is not
//! touched: it waits in the database and the new version sends it.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use borderdesk_local::store::Store;
use borderdesk_local::update::{self, UpdateSettings};
use borderdesk_protocol::{APP_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::UpdaterExt;

use crate::desk::Desk;

/// Whether a citizen is in the middle of something on this screen (from the first screen of a
/// flow to the home screen again). An update never restarts the app under someone's hands.
#[derive(Default)]
pub struct Busy {
    citizen_flow: AtomicBool,
}

impl Busy {
    pub fn citizen_flow(&self, on: bool) {
        self.citizen_flow.store(on, Ordering::SeqCst);
    }
}

/// A release downloaded, checked and waiting for a quiet moment.
struct Ready {
    version: String,
    package: PathBuf,
    signature: PathBuf,
}

/// Starts the update loop, when the device settings hold the county's key.
pub fn spawn<R: Runtime>(app: AppHandle<R>, store: Store) {
    let Some(settings) = UpdateSettings::from_env() else {
        tracing::info!(
            "no update_public_key in the device settings: this device does not update itself"
        );
        return;
    };
    tauri::async_runtime::spawn(async move {
        // Versions whose package failed its checks: not fetched again by this run.
        let mut refused = HashSet::new();
        let mut wait = Duration::from_secs(update::MIN_CHECK_SECONDS);
        loop {
            tokio::time::sleep(wait).await;
            wait = settings.check_every;
            let ready = match fetch(&app, &store, &settings, &mut refused).await {
                Ok(Some(ready)) => ready,
                Ok(None) => continue,
                Err(why) => {
                    tracing::warn!(%why, "update check failed");
                    continue;
                }
            };
            wait_until_quiet(&app).await;
            match install(ready).await {
                Ok(version) => {
                    tracing::info!(%version, "update installed; restarting as the new version");
                    app.restart();
                }
                Err(why) => tracing::error!(%why, "update not installed"),
            }
        }
    });
}

/// Asks the server; downloads and checks what it offers.
async fn fetch<R: Runtime>(
    app: &AppHandle<R>,
    store: &Store,
    settings: &UpdateSettings,
    refused: &mut HashSet<String>,
) -> Result<Option<Ready>, String> {
    let device = store.device().await.map_err(|e| e.to_string())?;
    let (Some(url), Some(token)) = (device.server_url, device.device_token) else {
        return Ok(None);
    };
    let endpoint = settings
        .endpoint(&url)
        .parse()
        .map_err(|e| format!("{e}"))?;
    let updater = app
        .updater_builder()
        .pubkey(settings.public_key.clone())
        .endpoints(vec![endpoint])
        .and_then(|b| b.header("authorization", format!("Bearer {token}")))
        .and_then(|b| b.header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string()))
        .and_then(|b| b.header(APP_VERSION_HEADER, borderdesk_local::health::app_version()))
        .map(|b| b.timeout(Duration::from_secs(600)))
        .and_then(|b| b.build())
        .map_err(|e| e.to_string())?;
    let Some(offered) = updater.check().await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    if refused.contains(&offered.version) {
        return Ok(None);
    }
    let bytes = match offered.download(|_, _| {}, || {}).await {
        Ok(bytes) => bytes,
        // The network may be back next time; a bad package will not get better.
        Err(
            e @ (tauri_plugin_updater::Error::Reqwest(_) | tauri_plugin_updater::Error::Network(_)),
        ) => return Err(e.to_string()),
        Err(e) => {
            refused.insert(offered.version.clone());
            update::note_refused(&offered.version);
            tracing::error!(version = %offered.version, error = %e, "update refused: its package does not pass the signature check");
            return Err(e.to_string());
        }
    };
    let dir = if update::running_as_root() {
        store
            .path()
            .parent()
            .map(|p| p.join("updates"))
            .unwrap_or_else(update::spool_dir)
    } else {
        update::spool_dir()
    };
    let staging = dir.join(".incoming");
    std::fs::create_dir_all(&staging).map_err(|e| format!("{}: {e}", staging.display()))?;
    let name = format!("borderdesk_{}.deb", offered.version);
    let (tmp_package, tmp_signature) = (staging.join(&name), staging.join(format!("{name}.sig")));
    std::fs::write(&tmp_package, &bytes).map_err(|e| e.to_string())?;
    std::fs::write(&tmp_signature, &offered.signature).map_err(|e| e.to_string())?;
    Ok(Some(Ready {
        version: offered.version,
        package: tmp_package,
        signature: tmp_signature,
    }))
}

/// Waits until no citizen flow is on and nobody of staff is logged in here.
async fn wait_until_quiet<R: Runtime>(app: &AppHandle<R>) {
    loop {
        let citizen = app.state::<Busy>().citizen_flow.load(Ordering::SeqCst);
        let staff = app.state::<Desk>().staff().is_some();
        if !citizen && !staff {
            return;
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

/// Installs: as root through `borderdesk-ctl` directly; otherwise by moving the package into
/// the spool folder, where `borderdesk-update.service` (root) installs it and restarts the
/// kiosk, and waiting for dpkg to have the new version.
async fn install(ready: Ready) -> Result<String, String> {
    if update::running_as_root() {
        let binary = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut command = update::installer_command(&binary, &ready.package, &ready.signature);
        let out = tokio::task::spawn_blocking(move || command.output())
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&ready.package);
        let _ = std::fs::remove_file(&ready.signature);
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        return Ok(ready.version);
    }
    // The signature first, then the package (the path unit starts on the package).
    let spool = update::spool_dir();
    let name = |p: &PathBuf| p.file_name().map(|n| spool.join(n)).ok_or("no file name");
    let (package, signature) = (name(&ready.package)?, name(&ready.signature)?);
    std::fs::rename(&ready.signature, &signature).map_err(|e| e.to_string())?;
    std::fs::rename(&ready.package, &package).map_err(|e| e.to_string())?;
    let installed = || update::installed_version().as_deref() == Some(ready.version.as_str());
    for _ in 0..120 {
        tokio::time::sleep(Duration::from_secs(5)).await;
        // The service removes the package once dpkg is done with it, installed or refused;
        // dpkg is asked again after that, so a just-finished install is not taken for a refusal.
        let taken = !package.exists();
        if installed() {
            return Ok(ready.version);
        }
        if taken && !installed() {
            return Err(
                "the update service refused the package (journalctl -u borderdesk-update)".into(),
            );
        }
    }
    Err("the update service did not install the package within 10 minutes".into())
}
