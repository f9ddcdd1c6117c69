//! The console's page: the static files Vite builds from `ui/console` into
//! `ui/console/dist`, embedded in release builds (read from that folder in debug builds, so a
//! rebuilt page needs no rebuilt server). Every path that is not a file gets `index.html`
//! (the page routes itself), with a strict content security policy.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::extract::Path;

#[derive(RustEmbed)]
#[folder = "../../ui/console/dist/"]
#[allow_missing = true]
struct Built;

/// Scripts and styles only from this server, no frames, no plugins, requests only to it.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
                   base-uri 'none'; form-action 'self'; object-src 'none'";

fn with_headers(mut response: Response, cache: &'static str) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// `index.html`, or a plain page saying the console was not built into this server.
pub async fn index() -> Response {
    match Built::get("index.html") {
        Some(file) => with_headers(
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                file.data.into_owned(),
            )
                .into_response(),
            "no-store",
        ),
        None => with_headers(
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                NOT_BUILT,
            )
                .into_response(),
            "no-store",
        ),
    }
}

/// Shown when `ui/console/dist` was empty when the server was built.
const NOT_BUILT: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">\
    <title>BorderDesk</title><p>管理台页面未随本服务器构建（make console）。</p>\
    <p lang=\"en\">The console page was not built into this server (make console).</p></html>";

/// A built file (`assets/index-3f2a.js`): cached for good, its name changes with its content.
pub async fn file(Path(path): Path<String>) -> Response {
    let Some(file) = (!path.contains("..")).then(|| Built::get(&path)).flatten() else {
        return index().await;
    };
    let mime = file.metadata.mimetype().to_string();
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    with_headers(
        ([(header::CONTENT_TYPE, mime)], file.data.into_owned()).into_response(),
        cache,
    )
}
