//! A bare Tauri window showing one static page: the yardstick for BorderDesk's start-up time
//! and memory.
fn main() {
    // Built the same way as BorderDesk, which starts WebKit with the settings of
    // `borderdesk_lib::webkit_environment` (the same variables, the same rule): otherwise the
    // comparison would weigh those settings rather than the app.
    let compositing = std::env::var("BORDERDESK_COMPOSITING");
    let mut env = vec![("JSC_useDFGJIT", "false")];
    if !matches!(compositing.as_deref(), Ok("on" | "1" | "true")) {
        env.push(("WEBKIT_DISABLE_COMPOSITING_MODE", "1"));
    }
    for (name, value) in env {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("bare window");
}
