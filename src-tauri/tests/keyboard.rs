//! The on-screen keyboard's IPC, through Tauri's mock runtime with the app's real config and
//! capabilities: the command names and camelCase arguments the UI uses (ui/src/lib/api.ts).

use borderdesk_lib::{invoke_handler, Desk};
use borderdesk_local::Store;
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

fn invoke(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Value {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: args.into(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
    .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
}

#[test]
fn the_keyboard_gets_its_setup_and_ranked_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let store = tauri::async_runtime::block_on(Store::open(&dir.path().join("kb.sqlite"))).unwrap();
    let desk = tauri::async_runtime::block_on(Desk::open(store)).unwrap();
    let app = mock_builder()
        .invoke_handler(invoke_handler())
        .manage(desk)
        .build(tauri::generate_context!())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();

    let setup = invoke(&webview, "keyboard_setup", json!({}));
    assert!(setup["on_screen_by_default"].is_boolean(), "{setup}");

    let c = invoke(
        &webview,
        "keyboard_candidates",
        json!({ "letters": "shenfenzheng", "limit": 5 }),
    );
    assert_eq!(c[0], json!({ "text": "身份证", "letters": 12 }), "{c}");
    assert!(c.as_array().unwrap().len() <= 5);

    // The catalog's names are words: initials find a service.
    let c = invoke(
        &webview,
        "keyboard_candidates",
        json!({ "letters": "lssfzm", "limit": 3 }),
    );
    assert_eq!(c[0]["text"], "临时身份证明");

    // Nothing for what is not pinyin; the limit is capped.
    let c = invoke(
        &webview,
        "keyboard_candidates",
        json!({ "letters": "12", "limit": 5 }),
    );
    assert_eq!(c, json!([]));
    let c = invoke(
        &webview,
        "keyboard_candidates",
        json!({ "letters": "s", "limit": 100000 }),
    );
    assert!(c.as_array().unwrap().len() <= 100);
}
