//! The BorderDesk desktop shell: opens the local store, starts the sync task, and exposes a
//! small set of commands to the UI. Everything else lives in the crates below.

pub mod clerk;
pub mod commands;
pub mod desk;
pub mod enroll;
pub mod error;
pub mod field;
pub mod id_card;
pub mod keyboard;
pub mod legal_aid;
pub mod legal_aid_desk;
pub mod notary;
pub mod notary_desk;
pub mod rating;
pub mod speech;
pub mod update;
pub mod video;

use std::path::PathBuf;

use borderdesk_core::Language;
use borderdesk_local::{default_database_path, Store};
use serde::Serialize;
use tauri::{Emitter, Manager};

use commands::AppInfo;

pub use desk::Desk;
pub use error::UiError;

/// Where the database is: `--db PATH` on the command line, else `$BORDERDESK_DB`, else the
/// platform's app-data folder.
pub fn database_path_from_args(args: impl IntoIterator<Item = String>) -> PathBuf {
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--db" {
            if let Some(p) = args.next() {
                return PathBuf::from(p);
            }
        } else if let Some(p) = a.strip_prefix("--db=") {
            return PathBuf::from(p);
        }
    }
    default_database_path()
}

/// Registers every command the UI may call (the capability file grants exactly these).
pub fn invoke_handler<R: tauri::Runtime>(
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::ui_messages,
        commands::app_info,
        commands::set_language,
        commands::catalog_search,
        commands::catalog_item,
        commands::catalog_life_event,
        commands::catalog_most_asked,
        commands::check_answer,
        commands::submit_application,
        commands::scan_material,
        commands::remove_attachment,
        commands::end_session,
        commands::family_qr,
        commands::family_qr_booking,
        commands::family_qr_legal_aid,
        rating::rating_reasons,
        rating::rate_service,
        rating::clerk_rating_follow_up,
        id_card::read_id_card,
        id_card::cancel_id_card_read,
        commands::save_draft,
        commands::resume_draft,
        notary::notary_matters,
        notary::notary_offices,
        notary::notary_slots,
        notary::book_notary,
        notary::find_booking,
        notary::cancel_notary,
        notary::reschedule_notary,
        notary::open_video_session,
        notary::open_video_in_browser,
        notary_desk::notary_office_list,
        notary_desk::notary_day,
        notary_desk::notary_outcome,
        notary_desk::notary_slot_change,
        notary_desk::notary_sms,
        legal_aid::legal_aid_choices,
        legal_aid::legal_aid_check,
        legal_aid::submit_consultation,
        legal_aid::legal_aid_counties,
        legal_aid::submit_legal_aid_application,
        legal_aid::print_legal_aid_form,
        enroll::enroll_device,
        notary::print_notary_checklist,
        legal_aid::check_legal_aid_form,
        legal_aid::track_legal_aid,
        legal_aid::legal_aid_materials,
        legal_aid_desk::legal_aid_offices,
        legal_aid_desk::legal_aid_queue,
        legal_aid_desk::legal_aid_act,
        legal_aid_desk::legal_aid_figures,
        legal_aid_desk::legal_aid_export_csv,
        clerk::staff_login,
        clerk::staff_logout,
        clerk::current_staff,
        clerk::home_shown,
        clerk::citizen_flow_started,
        clerk::staff_activity,
        clerk::clerk_queue,
        clerk::clerk_open_application,
        clerk::clerk_check_materials,
        clerk::clerk_accept_application,
        clerk::clerk_start_assisting,
        clerk::clerk_stop_assisting,
        clerk::clerk_assisting,
        clerk::clerk_reprint,
        clerk::clerk_sync,
        clerk::call_staff,
        clerk::clerk_staff_calls,
        clerk::clerk_answer_call,
        commands::track_application,
        commands::sync_status,
        commands::print_receipt,
        speech::speech_available,
        speech::read_aloud,
        speech::stop_reading,
        speech::reading_state,
        field::confirm_close,
        keyboard::keyboard_setup,
        keyboard::keyboard_candidates,
    ]
}

/// How the window presents itself: a kiosk (`--kiosk` or `BORDERDESK_MODE=kiosk`) is full
/// screen, undecorated and cannot be closed by the person in front of it; a clerk desk or an
/// outreach laptop (`--field` or `BORDERDESK_MODE=field`) is an ordinary window, which asks
/// before it closes with unsent work (see `field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowMode {
    Kiosk,
    Desk,
    Field,
}

/// Environment variable choosing the window mode (`kiosk`, `desk` or `field`).
pub const MODE_ENV: &str = "BORDERDESK_MODE";

impl WindowMode {
    pub fn from_args_and_env(args: impl IntoIterator<Item = String>) -> Self {
        let args: Vec<String> = args.into_iter().collect();
        if args.iter().any(|a| a == "--kiosk") {
            return Self::Kiosk;
        }
        if args.iter().any(|a| a == "--field") {
            return Self::Field;
        }
        match std::env::var(MODE_ENV).as_deref() {
            Ok("kiosk") => Self::Kiosk,
            Ok("field") => Self::Field,
            _ => Self::Desk,
        }
    }

    pub fn fullscreen(self) -> bool {
        self == Self::Kiosk
    }

    pub fn decorations(self) -> bool {
        self != Self::Kiosk
    }

    pub fn closable(self) -> bool {
        self != Self::Kiosk
    }
}

/// `BORDERDESK_COMPOSITING=on` keeps WebKit's compositing mode, for a device whose GPU WebKit
/// can use.
pub const COMPOSITING_ENV: &str = "BORDERDESK_COMPOSITING";

/// The WebKit and JavaScriptCore settings the app starts its web process with, as environment
/// variables (the web process inherits them). One already set in the environment is left as it
/// is (`is_set`).
/// - No compositing mode: the halls' kiosks and the outreach laptops have no GPU WebKit can use,
///   so compositing runs on llvmpipe (software OpenGL, LLVM included, in the web process):
///   about 80 MB more per window at idle (`make bench`) for pages that are still forms with no
///   animation. Staff turn it back on with [`COMPOSITING_ENV`].
/// - No optimising JIT (DFG, and FTL above it): the page's scripts are short event handlers
///   that never run long enough to pay back the optimiser's memory (about 3 MB at idle);
///   the baseline JIT stays.
pub fn webkit_environment(
    compositing: Option<&str>,
    is_set: impl Fn(&str) -> bool,
) -> Vec<(&'static str, &'static str)> {
    let mut env = Vec::new();
    if !matches!(compositing, Some("on" | "1" | "true")) {
        env.push(("WEBKIT_DISABLE_COMPOSITING_MODE", "1"));
    }
    env.push(("JSC_useDFGJIT", "false"));
    env.retain(|(name, _)| !is_set(name));
    env
}

/// The app never navigates away from its own pages (a kiosk must not become a browser).
pub fn is_own_page(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => true,
        "http" | "https" => {
            url.host_str() == Some("tauri.localhost")
                || (cfg!(debug_assertions)
                    && url.host_str() == Some("localhost")
                    && url.port() == Some(1420))
        }
        _ => false,
    }
}

/// What the page needs for its first paint, handed to it before it loads (an initialization
/// script), so the home screen renders at once in the device's language with no command round
/// trip: the app info and the Fluent source of the language (and of zh-CN, the fallback, when
/// that is another one). The UI reads it as `window.__BORDERDESK_BOOT__` (ui/src/lib/boot.ts);
/// it describes the device as it was when the window opened, and the UI asks `app_info` again
/// once it shows.
#[derive(Serialize)]
struct Boot {
    info: AppInfo,
    messages: String,
    fallback_messages: Option<String>,
}

/// The initialization script carrying [`Boot`]: only our own pages get it (the window never
/// leaves them anyway, see [`is_own_page`]).
pub fn boot_script(info: AppInfo) -> Result<String, serde_json::Error> {
    let language = info.language;
    let boot = Boot {
        messages: borderdesk_i18n::ftl_source(language.tag()),
        fallback_messages: (language != Language::default())
            .then(|| borderdesk_i18n::ftl_source(Language::default().tag())),
        info,
    };
    let dev_server = if cfg!(debug_assertions) {
        r#" || (location.protocol === "http:" && location.host === "localhost:1420")"#
    } else {
        ""
    };
    Ok(format!(
        r#"(function () {{
  var own = location.protocol === "tauri:" || ((location.protocol === "http:" || location.protocol === "https:") && location.hostname === "tauri.localhost"){dev_server};
  if (own) Object.defineProperty(window, "__BORDERDESK_BOOT__", {{ value: Object.freeze({json}) }});
}})();"#,
        json = serde_json::to_string(&boot)?
    ))
}

/// Opens the store and everything the commands share, and writes the boot script.
async fn open_desk(
    db: PathBuf,
    window: WindowMode,
) -> Result<(Desk, clerk::LanCalls, String), Box<dyn std::error::Error + Send + Sync>> {
    let store = Store::open(&db).await?;
    // A kiosk forgets what the server confirmed; a desk or field laptop keeps it.
    store.set_device_mode(window.device_mode()).await?;
    let desk = Desk::open(store).await?;
    // Desks and field laptops of an enrolled site hear kiosks' calls on the LAN.
    let lan = match window {
        WindowMode::Kiosk => clerk::LanCalls::default(),
        WindowMode::Desk | WindowMode::Field => {
            let site = desk.store.device().await.ok().and_then(|d| d.site_id);
            let key = desk.store.lan_key().await.ok().flatten();
            clerk::LanCalls::start(site, key).await
        }
    };
    let info = AppInfo::of(&desk).await?;
    let script = boot_script(info)?;
    Ok((desk, lan, script))
}

/// The app cannot start on this device's data (a file from a newer version, a damaged one, a
/// bad key): one page says so in the device's first language, instead of a window that never
/// comes. Nothing is written; the data stays as it is for staff.
fn show_cannot_start(
    app: &mut tauri::App,
    window: WindowMode,
    error: Box<dyn std::error::Error + Send + Sync>,
) -> Result<(), Box<dyn std::error::Error>> {
    let Some(local) = error.downcast_ref::<borderdesk_local::LocalError>() else {
        return Err(error);
    };
    tracing::error!(code = local.code(), "the app cannot start: {local}");
    let language = Language::default().tag();
    let fatal = serde_json::json!({
        "lang": language,
        "title": borderdesk_i18n::message(language, "app-cannot-start", &[]),
        "message": borderdesk_i18n::message(language, local.code(), &local.args()),
        "code": local.code(),
    });
    tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::App("fatal.html".into()))
        .title("BorderDesk 浙闽通办")
        .inner_size(1280.0, 800.0)
        .fullscreen(window.fullscreen())
        .decorations(window.decorations())
        .on_navigation(is_own_page)
        .initialization_script(format!(
            "Object.defineProperty(window, \"__BORDERDESK_FATAL__\", {{ value: Object.freeze({fatal}) }});"
        ))
        .build()?;
    Ok(())
}

pub fn run() {
    // Before GTK, WebKit or any thread starts: the web process inherits the environment.
    // The device's settings file first, under whatever the environment already sets.
    let device_config = borderdesk_local::device_config::load_device_config();
    let compositing = std::env::var(COMPOSITING_ENV).ok();
    for (name, value) in webkit_environment(compositing.as_deref(), |name| {
        std::env::var_os(name).is_some()
    }) {
        std::env::set_var(name, value);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match device_config {
        Ok(load) => tracing::info!(?load, "device settings"),
        // A kiosk with a bad settings file still serves people, on the environment and the
        // defaults; the file is left as it is for IT staff (`borderdesk-ctl doctor` says why).
        Err(problems) => {
            for problem in problems {
                tracing::error!(%problem, "device settings file ignored");
            }
        }
    }
    // The version the updater compares and every request declares: the package's.
    let context = tauri::generate_context!();
    borderdesk_local::health::set_app_version(&context.package_info().version.to_string());
    let db = database_path_from_args(std::env::args().skip(1));
    let window = WindowMode::from_args_and_env(std::env::args().skip(1));
    // The store opens (migrations, the catalog index) on the async runtime while Tauri, GTK
    // and WebKit start up on this thread; setup waits for it only to hand its first-paint data
    // to the page.
    let opening = tauri::async_runtime::spawn(open_desk(db, window));
    tauri::Builder::default()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(invoke_handler())
        .setup(move |app| {
            app.manage(speech::Reader::from_system());
            app.manage(update::Busy::default());
            app.manage(clerk::Assisting::default());
            let (desk, lan, boot) = match tauri::async_runtime::block_on(opening)? {
                Ok(opened) => opened,
                Err(e) => return show_cannot_start(app, window, e),
            };
            app.manage(lan);
            let sync = desk.sync.clone();
            let store = desk.store.clone();
            app.manage(desk);
            let main = tauri::WebviewWindowBuilder::new(
                app,
                "main",
                tauri::WebviewUrl::App("index.html".into()),
            )
            .title("BorderDesk 浙闽通办")
            .inner_size(1280.0, 800.0)
            .min_inner_size(800.0, 600.0)
            .fullscreen(window.fullscreen())
            .decorations(window.decorations())
            .closable(window.closable())
            .on_navigation(is_own_page)
            .initialization_script(boot)
            .build()?;
            if window.fullscreen() {
                // Without a window manager (a bare kiosk X session) the full-screen hint is
                // not acted on: cover the monitor ourselves.
                if let Ok(Some(monitor)) = main.current_monitor() {
                    let _ = main.set_position(tauri::PhysicalPosition::new(0, 0));
                    let _ = main.set_size(*monitor.size());
                }
            }
            // Every change of the status line goes to the UI as an event.
            let handle = app.handle().clone();
            let mut rx = sync.subscribe();
            tauri::async_runtime::spawn(async move {
                while rx.changed().await.is_ok() {
                    let status = rx.borrow_and_update().clone();
                    let _ = handle.emit("sync-status", status);
                }
            });
            tauri::async_runtime::spawn(async move {
                let _ = sync.spawn().await;
            });
            update::spawn(app.handle().clone(), store);
            Ok(())
        })
        .on_window_event(move |window, event| {
            // A citizen cannot close the kiosk; staff stop it from the system. A desk or a
            // field laptop with unsent work asks first (field::may_close).
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                let mode = WindowMode::from_args_and_env(std::env::args().skip(1));
                if !field::may_close(window, mode) {
                    api.prevent_close();
                }
            }
        })
        .run(context)
        .expect("error while running BorderDesk");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_db_flag_wins_over_the_default() {
        let p = database_path_from_args(["--db".to_string(), "/tmp/a.sqlite".to_string()]);
        assert_eq!(p, PathBuf::from("/tmp/a.sqlite"));
        let p = database_path_from_args(["--db=/tmp/b.sqlite".to_string()]);
        assert_eq!(p, PathBuf::from("/tmp/b.sqlite"));
    }

    #[test]
    fn pages_are_drawn_without_compositing_or_optimising_jit_unless_told_otherwise() {
        let none = |_: &str| false;
        assert_eq!(
            webkit_environment(None, none),
            [
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("JSC_useDFGJIT", "false")
            ]
        );
        assert_eq!(webkit_environment(Some("off"), none).len(), 2);
        assert_eq!(
            webkit_environment(Some("on"), none),
            [("JSC_useDFGJIT", "false")]
        );
        assert_eq!(
            webkit_environment(Some("1"), none),
            [("JSC_useDFGJIT", "false")]
        );
        // A variable already set, whatever its value, is left as it is.
        let compositing_set = |name: &str| name == "WEBKIT_DISABLE_COMPOSITING_MODE";
        assert_eq!(
            webkit_environment(None, compositing_set),
            [("JSC_useDFGJIT", "false")]
        );
        assert!(webkit_environment(Some("on"), |_| true).is_empty());
    }

    #[test]
    fn a_kiosk_window_is_full_screen_undecorated_and_not_closable() {
        let kiosk = WindowMode::from_args_and_env(["--kiosk".to_string()]);
        assert_eq!(kiosk, WindowMode::Kiosk);
        assert!(kiosk.fullscreen() && !kiosk.decorations() && !kiosk.closable());
        let desk = WindowMode::Desk;
        assert!(!desk.fullscreen() && desk.decorations() && desk.closable());
        let field = WindowMode::from_args_and_env(["--field".to_string()]);
        assert_eq!(field, WindowMode::Field);
        assert!(!field.fullscreen() && field.decorations() && field.closable());
    }

    #[test]
    fn the_window_stays_on_the_apps_own_pages() {
        assert!(is_own_page(
            &"tauri://localhost/index.html".parse().unwrap()
        ));
        assert!(is_own_page(&"http://tauri.localhost/".parse().unwrap()));
        assert!(!is_own_page(&"https://example.com/".parse().unwrap()));
        assert!(!is_own_page(&"file:///etc/passwd".parse().unwrap()));
    }
}
