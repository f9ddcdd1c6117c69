//! A bare Tauri window showing one static page: the yardstick for BorderDesk's start-up time
//! and memory.
fn main() {
    // Built the same way as BorderDesk, which draws its pages without WebKit's compositing mode
    // unless told otherwise (`borderdesk_lib::draws_without_compositing`, the same variables):
    // otherwise the comparison would weigh a rendering setting rather than the app.
    let compositing = std::env::var("BORDERDESK_COMPOSITING");
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
        && !matches!(compositing.as_deref(), Ok("on" | "1" | "true"))
    {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("bare window");
}
