//! The video-notarization session: the notary's link in a window of its own, which stays on
//! the notary's origin and is the only place camera and microphone are allowed, and only for
//! the https origin of the session open now (WebKitGTK permission requests on Linux).

use std::sync::{Arc, Mutex};

use tauri::{Manager, Url, WebviewUrl, WebviewWindowBuilder};

/// The label of the session window; one at a time.
pub const VIDEO_WINDOW: &str = "video-session";

/// `scheme://host:port` of a URL, for comparing where a page is.
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The origin a session link opens camera and microphone for: only an https link names one
/// (plain http would hand the citizen's camera to anyone on the path).
pub fn session_origin(link: &Url) -> Option<String> {
    (link.scheme() == "https" && link.host().is_some()).then(|| origin(link))
}

/// Whether the window (its page or any frame in it) may load `url` during the session of
/// `allowed`: pages of that origin, and the empty frames a page makes for itself.
pub fn may_load(url: &Url, allowed: Option<&str>) -> bool {
    if matches!(url.as_str(), "about:blank" | "about:srcdoc") {
        return true;
    }
    // A blob: URL's origin is its maker's (`blob:https://host/uuid`); data: has none.
    allowed.is_some_and(|a| url.scheme() != "data" && origin(url) == a)
}

/// Whether the page now showing (`page`) may have camera and microphone: it is on the https
/// origin of the session open now.
pub fn may_use_media(page: Option<&Url>, allowed: Option<&str>) -> bool {
    match (page, allowed) {
        (Some(page), Some(allowed)) => session_origin(page).as_deref() == Some(allowed),
        _ => false,
    }
}

/// The origin of the session open now, shared by the window's navigation and permission
/// handlers: opening another booking's session moves it, so the first session's origin
/// keeps nothing once the window shows another.
#[derive(Default, Clone)]
struct SessionOrigin(Arc<Mutex<Option<String>>>);

impl SessionOrigin {
    fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|o| o.clone())
    }

    fn set(&self, origin: Option<String>) {
        if let Ok(mut current) = self.0.lock() {
            *current = origin;
        }
    }
}

/// Opens (or brings forward) the session window on `link`, an https link.
pub fn open<R: tauri::Runtime>(app: &tauri::AppHandle<R>, link: &Url) -> tauri::Result<()> {
    let Some(allowed) = session_origin(link) else {
        return Err(tauri::Error::InvalidWebviewUrl(
            "a video session opens on an https link",
        ));
    };
    if app.try_state::<SessionOrigin>().is_none() {
        app.manage(SessionOrigin::default());
    }
    let session = app.state::<SessionOrigin>().inner().clone();
    session.set(Some(allowed));
    if let Some(window) = app.get_webview_window(VIDEO_WINDOW) {
        window.navigate(link.clone())?;
        return window.set_focus();
    }
    let navigation = session.clone();
    let window = WebviewWindowBuilder::new(app, VIDEO_WINDOW, WebviewUrl::External(link.clone()))
        .title("远程视频公证")
        .inner_size(1280.0, 800.0)
        // Neither the page nor a frame in it can take the window anywhere else (WebKitGTK
        // asks for subframe navigations too).
        .on_navigation(move |url| may_load(url, navigation.get().as_deref()))
        .build()?;
    allow_media_for(&window, session);
    Ok(())
}

/// Environment variable naming the program that opens a link in the system browser.
pub const BROWSER_ENV: &str = "BORDERDESK_BROWSER";

/// Hands the session link to the system browser; only `https` links of the booking.
pub fn open_in_browser(link: &Url) -> std::io::Result<()> {
    if session_origin(link).is_none() {
        return Err(std::io::Error::other("not an https link"));
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
fn allow_media_for<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>, session: SessionOrigin) {
    let _ = window.with_webview(move |webview| {
        use webkit2gtk::glib::prelude::Cast;
        use webkit2gtk::{PermissionRequestExt, SettingsExt, WebViewExt};
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
        }
        view.connect_permission_request(move |view, request| {
            let here = view.uri().and_then(|u| Url::parse(u.as_str()).ok());
            let media = request
                .dynamic_cast_ref::<webkit2gtk::UserMediaPermissionRequest>()
                .is_some();
            // Camera and microphone for the page of the session open now; everything else
            // (location, notifications ...) is refused.
            if media && may_use_media(here.as_ref(), session.get().as_deref()) {
                request.allow();
            } else {
                request.deny();
            }
            true
        });
    });
}

#[cfg(not(target_os = "linux"))]
fn allow_media_for<R: tauri::Runtime>(_window: &tauri::WebviewWindow<R>, _session: SessionOrigin) {}

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

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn only_an_https_link_opens_a_session() {
        let link = url("https://video.taishun-notary.example/room/1");
        assert_eq!(
            session_origin(&link).as_deref(),
            Some("https://video.taishun-notary.example")
        );
        for other in [
            "http://video.taishun-notary.example/room/1",
            "file:///etc/passwd",
            "data:text/html,<video>",
            "javascript:alert(1)",
        ] {
            assert_eq!(session_origin(&url(other)), None, "{other}");
        }
    }

    #[test]
    fn the_window_and_its_frames_stay_on_the_session_origin() {
        let session = session_origin(&url("https://video.one.example/room/1"));
        let allowed = session.as_deref();
        assert!(may_load(&url("https://video.one.example/other"), allowed));
        assert!(
            may_load(&url("about:blank"), allowed),
            "a page's own empty frame"
        );
        assert!(may_load(
            &url("blob:https://video.one.example/2b5e6c1e-0000-4000-8000-000000000000"),
            allowed
        ));
        for elsewhere in [
            "https://evil.example/frame",
            "http://video.one.example/room/1",
            "https://video.one.example:8443/room/1",
            "data:text/html,<h1>hi</h1>",
            "blob:https://evil.example/2b5e6c1e-0000-4000-8000-000000000000",
        ] {
            assert!(!may_load(&url(elsewhere), allowed), "{elsewhere}");
        }
        assert!(
            !may_load(&url("https://video.one.example/"), None),
            "no session open"
        );
    }

    #[test]
    fn camera_and_microphone_follow_the_session_open_now() {
        let first = SessionOrigin::default();
        first.set(session_origin(&url("https://video.one.example/room/1")));
        let page_one = url("https://video.one.example/room/1");
        let page_two = url("https://video.two.example/room/2");
        assert!(may_use_media(Some(&page_one), first.get().as_deref()));
        assert!(!may_use_media(Some(&page_two), first.get().as_deref()));
        // The next booking's session opens in the same window: the first origin keeps nothing.
        first.set(session_origin(&page_two));
        assert!(!may_use_media(Some(&page_one), first.get().as_deref()));
        assert!(may_use_media(Some(&page_two), first.get().as_deref()));
        assert!(!may_use_media(
            Some(&url("http://video.two.example/room/2")),
            first.get().as_deref()
        ));
        assert!(
            !may_use_media(None, first.get().as_deref()),
            "a page of no known address"
        );
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
        let plain = Url::parse("http://video.taishun-notary.example/room/1").unwrap();
        assert!(open_in_browser(&plain).is_err(), "only https");
    }
}
