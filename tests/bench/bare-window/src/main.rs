//! A bare Tauri window showing one static page: the yardstick for BorderDesk's start-up time
//! and memory.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("bare window");
}
