//! The video-notarization session: the notary's link in a window of its own, which stays on
//! the notary's origin and is the only place camera and microphone are allowed, and only for
//! that origin (WebKitGTK permission requests on Linux).

use tauri::{Manager, Url, WebviewUrl, WebviewWindowBuilder};

/// The label of the session window; one at a time.
pub const VIDEO_WINDOW: &str = "video-session";

/// `scheme://host:port` of a URL, for comparing where a page is.
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Opens (or brings forward) the session window on `link`.
pub fn open<R: tauri::Runtime>(app: &tauri::AppHandle<R>, link: &Url) -> tauri::Result<()> {
    if let Some(window) = app.get_webview_window(VIDEO_WINDOW) {
        window.navigate(link.clone())?;
        return window.set_focus();
    }
    let allowed = origin(link);
    let window = WebviewWindowBuilder::new(app, VIDEO_WINDOW, WebviewUrl::External(link.clone()))
        .title("远程视频公证")
        .inner_size(1280.0, 800.0)
        // A session page cannot take the window anywhere else.
        .on_navigation(move |url| origin(url) == allowed)
        .build()?;
    allow_media_for(&window, origin(link));
    Ok(())
}

/// Environment variable naming the program that opens a link in the system browser.
pub const BROWSER_ENV: &str = "BORDERDESK_BROWSER";

/// Hands the session link to the system browser; only `https` links of the booking.
pub fn open_in_browser(link: &Url) -> std::io::Result<()> {
    if link.scheme() != "https" && link.scheme() != "http" {
        return Err(std::io::Error::other("not a web link"));
    }
    let program = std::env::var_os(BROWSER_ENV)
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "xdg-open".into());
    let mut child = std::process::Command::new(program)
        .arg(link.as_str())
        .stdin(std::process::Stdio::null())
        .spawn()?;
    // Reap it when it exits, so no zombie is left behind.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(target_os = "linux")]
fn allow_media_for<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>, allowed: String) {
    let _ = window.with_webview(move |webview| {
        use webkit2gtk::glib::prelude::Cast;
        use webkit2gtk::{PermissionRequestExt, SettingsExt, WebViewExt};
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
        }
        view.connect_permission_request(move |view, request| {
            let here = view
                .uri()
                .and_then(|u| Url::parse(u.as_str()).ok())
                .map(|u| origin(&u));
            let media = request
                .dynamic_cast_ref::<webkit2gtk::UserMediaPermissionRequest>()
                .is_some();
            // Camera and microphone for the notary's page; everything else (location,
            // notifications ...) is refused.
            if media && here.as_deref() == Some(allowed.as_str()) {
                request.allow();
            } else {
                request.deny();
            }
            true
        });
    });
}

#[cfg(not(target_os = "linux"))]
fn allow_media_for<R: tauri::Runtime>(_window: &tauri::WebviewWindow<R>, _allowed: String) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_the_notary_share_an_origin_and_others_do_not() {
        let link = Url::parse("https://video.taishun-notary.example/room/100010000427").unwrap();
        let same = Url::parse("https://video.taishun-notary.example/other").unwrap();
        let other = Url::parse("https://evil.example/room").unwrap();
        let plain = Url::parse("http://video.taishun-notary.example/room").unwrap();
        assert_eq!(origin(&link), origin(&same));
        assert_ne!(origin(&link), origin(&other));
        assert_ne!(origin(&link), origin(&plain), "http is another origin");
    }

    #[test]
    fn the_system_browser_gets_the_session_link_and_nothing_else() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("opened.txt");
        let script = dir.path().join("browser");
        std::fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s' \"$1\" > {}\n", out.display()),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::env::set_var(BROWSER_ENV, &script);
        let link = Url::parse("https://video.taishun-notary.example/room/100010000427").unwrap();
        open_in_browser(&link).unwrap();
        for _ in 0..50 {
            if out.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(std::fs::read_to_string(&out).unwrap(), link.as_str());
        let local = Url::parse("file:///etc/passwd").unwrap();
        assert!(open_in_browser(&local).is_err(), "only web links");
    }
}
