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
}
