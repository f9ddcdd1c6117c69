//! The IPC contract, checked through Tauri's mock runtime with the app's real config and
//! capabilities: command names, camelCase arguments, and errors as {code, message, question_id}
//! in the chosen language.

use borderdesk_lib::{invoke_handler, Desk};
use borderdesk_local::forget::DeviceMode;
use borderdesk_local::Store;
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

struct App {
    dir: tempfile::TempDir,
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
}

/// A clerk's desk (the app at start records its window mode in the store, as here).
fn app() -> App {
    app_as(DeviceMode::Desk)
}

/// A self-service kiosk.
fn kiosk() -> App {
    app_as(DeviceMode::Kiosk)
}

fn app_as(mode: DeviceMode) -> App {
    app_with(mode, |_| {})
}

fn app_with(mode: DeviceMode, adjust: impl FnOnce(&mut Desk)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let store =
        tauri::async_runtime::block_on(Store::open(&dir.path().join("ipc.sqlite"))).unwrap();
    tauri::async_runtime::block_on(store.set_device_mode(mode)).unwrap();
    let mut desk = tauri::async_runtime::block_on(Desk::open(store)).unwrap();
    desk.printer = Box::new(borderdesk_receipt::FilePrinter::new(
        dir.path().join("receipts"),
    ));
    std::fs::create_dir_all(dir.path().join("scans")).unwrap();
    desk.scanner = std::sync::Arc::new(borderdesk_local::scanner::FolderScanner::new(
        dir.path().join("scans"),
    ));
    adjust(&mut desk);
    let app = mock_builder()
        .invoke_handler(invoke_handler())
        .manage(desk)
        .manage(borderdesk_lib::clerk::Assisting::default())
        .manage(borderdesk_lib::clerk::LanCalls::default())
        .manage(borderdesk_lib::update::Busy::default())
        .build(tauri::generate_context!())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        dir,
        _app: app,
        webview,
    }
}

fn invoke(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &app.webview,
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
}

/// Fills in and submits the bundled 临时身份证明 (ZM-HJ-001) the way the kiosk does.
fn submit_sample(app: &App) -> Value {
    let item = invoke(app, "catalog_item", json!({"code": "ZM-HJ-001"})).unwrap();
    let mut answers = serde_json::Map::new();
    for q in item["questions"].as_array().unwrap() {
        if let Some(cond) = q.get("show_if") {
            if answers.get(cond["question"].as_str().unwrap()) != Some(&cond["equals"]) {
                continue;
            }
        }
        let v = match q["kind"].as_str().unwrap() {
            "name" => json!("赵六"),
            "id_number" => json!("11010519491231002X"),
            "phone" => json!("13800138000"),
            "choice" => q["options"][0]["value"].clone(),
            "date" => json!("2026-11-20"),
            _ => json!("测试"),
        };
        answers.insert(q["id"].as_str().unwrap().to_string(), v);
    }
    invoke(
        app,
        "submit_application",
        json!({"draft": {"item_code": "ZM-HJ-001", "answers": answers}}),
    )
    .unwrap()
}

#[test]
fn a_bad_answer_comes_back_as_a_localized_error_with_its_question() {
    let app = app();
    let err = invoke(
        &app,
        "check_answer",
        json!({"itemCode": "ZM-HJ-001", "questionId": "phone", "value": "12345", "answers": {}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "error-phone-format");
    assert_eq!(err["question_id"], "phone");
    assert_eq!(
        err["message"],
        borderdesk_i18n::message("zh-CN", "error-phone-format", &[])
    );

    invoke(&app, "set_language", json!({"language": "en"})).unwrap();
    let err = invoke(
        &app,
        "check_answer",
        json!({"itemCode": "ZM-HJ-001", "questionId": "phone", "value": "12345", "answers": {}}),
    )
    .unwrap_err();
    assert_eq!(
        err["message"],
        borderdesk_i18n::message("en", "error-phone-format", &[])
    );
    let ok = invoke(
        &app,
        "check_answer",
        json!({"itemCode": "ZM-HJ-001", "questionId": "phone", "value": "+86 139 0013 9000", "answers": {}}),
    )
    .unwrap();
    assert_eq!(ok, "13900139000");
}

#[test]
fn submit_returns_a_receipt_and_the_status_line_counts_it() {
    let app = app();
    let receipt = submit_sample(&app);
    assert_eq!(receipt["status"], "submitted");
    assert_eq!(receipt["waiting_to_send"], true);
    assert!(receipt["tracking_number_grouped"].as_str().unwrap().len() == 14);
    let status = invoke(&app, "sync_status", json!({})).unwrap();
    assert_eq!(status["waiting"], 1);
    assert_eq!(status["enrolled"], false);
    invoke(&app, "set_language", json!({"language": "en"})).unwrap();
    let printed = invoke(
        &app,
        "print_receipt",
        json!({"trackingNumber": receipt["tracking_number"]}),
    )
    .unwrap();
    assert_eq!(printed["outcome"], "saved");
    assert_eq!(
        printed["message"],
        borderdesk_i18n::message("en", "receipt-saved", &[])
    );
    let pdf = app.dir.path().join("receipts").join(format!(
        "{}.pdf",
        receipt["tracking_number"].as_str().unwrap()
    ));
    assert!(
        std::fs::metadata(&pdf).unwrap().len() > 1000,
        "the receipt PDF was written"
    );
    let unknown = invoke(
        &app,
        "print_receipt",
        json!({"trackingNumber": "1000 1000 0000"}),
    )
    .unwrap_err();
    assert!(
        unknown["code"]
            .as_str()
            .unwrap()
            .starts_with("error-tracking-number"),
        "{unknown}"
    );
    let tracked = invoke(
        &app,
        "track_application",
        json!({"trackingNumber": receipt["tracking_number"], "idLastFour": "002X"}),
    )
    .unwrap();
    assert_eq!(
        tracked["receipt"]["tracking_number"],
        receipt["tracking_number"]
    );
}

#[test]
fn the_ui_gets_the_fluent_source_of_the_language_it_asks_for() {
    let app = app();
    let en = invoke(&app, "ui_messages", json!({"language": "en"})).unwrap();
    assert!(en
        .as_str()
        .unwrap()
        .contains("error-phone-format = Please enter"));
    let bad = invoke(&app, "ui_messages", json!({"language": "fr"}));
    assert!(
        bad.is_err(),
        "an unknown language is refused at the boundary"
    );
}

#[test]
fn only_a_clerk_with_a_session_forces_a_sync() {
    let app = app();
    // No unguarded twin of clerk_sync is left for a kiosk's page to call.
    assert!(invoke(&app, "sync_now", json!({})).is_err());
    let err = invoke(&app, "clerk_sync", json!({})).unwrap_err();
    assert_eq!(err["code"], "error-staff-login-required");
}

#[test]
fn a_scanned_page_goes_into_the_application_and_onto_its_receipt() {
    let app = app();
    let scan = |args: Value| invoke(&app, "scan_material", args);
    // Nothing on the scanner yet: told so, in the person's language.
    let err = scan(json!({"owner": {"item": "ZM-HJ-001"}, "materialIndex": 1})).unwrap_err();
    assert_eq!(err["code"], "error-scanner-empty");
    assert_eq!(
        err["message"],
        borderdesk_i18n::message("zh-CN", "error-scanner-empty", &[])
    );
    // A file that is not an image or PDF is refused and leaves the scan folder.
    let folder = app.dir.path().join("scans");
    std::fs::write(folder.join("page.pdf"), b"MZ not a pdf").unwrap();
    let err = scan(json!({"owner": {"item": "ZM-HJ-001"}, "materialIndex": 1})).unwrap_err();
    assert_eq!(err["code"], "error-attachment-type");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);

    // The old magic code names no item: refused, and the page stays for the right owner.
    std::fs::write(folder.join("page.jpg"), b"\xff\xd8\xff\xe0 photo").unwrap();
    let err = scan(json!({"owner": {"item": "LEGAL-AID"}, "materialIndex": 1})).unwrap_err();
    assert_eq!(err["code"], "error-unknown-item");
    std::fs::write(folder.join("page.jpg"), b"\xff\xd8\xff\xe0 photo").unwrap();
    let file = scan(json!({"owner": {"item": "ZM-HJ-001"}, "materialIndex": 1})).unwrap();
    assert_eq!(file["material_index"], 1);
    assert_eq!(file["kind"], "jpeg");
    let info = invoke(&app, "app_info", json!({})).unwrap();
    assert_eq!(info["scanner_available"], true);

    let answers = json!({
        "applicant_name": "张三", "applicant_id_number": "11010519491231002X",
        "phone": "13800138000"
    });
    let item = invoke(&app, "catalog_item", json!({"code": "ZM-HJ-001"})).unwrap();
    let mut filled = serde_json::Map::new();
    // The unconditional questions; a branch (show_if) stays closed with the first option.
    for q in item["questions"].as_array().unwrap() {
        if !q["show_if"].is_null() {
            continue;
        }
        let id = q["id"].as_str().unwrap();
        let v = answers
            .get(id)
            .cloned()
            .unwrap_or_else(|| match q["kind"].as_str() {
                Some("choice") => q["options"][0]["value"].clone(),
                Some("date") => json!("2026-11-20"),
                _ => json!("测试"),
            });
        filled.insert(id.to_string(), v);
    }
    let receipt = invoke(
        &app,
        "submit_application",
        json!({"draft": {"item_code": "ZM-HJ-001", "answers": filled, "attachments": [file["id"]]}}),
    )
    .unwrap();
    assert_eq!(receipt["materials"][1]["state"], "attached");
    assert_eq!(receipt["materials"][0]["state"], "e_licence");
    // A file of a saved application cannot be removed by the session any more.
    let err = invoke(&app, "remove_attachment", json!({"id": file["id"]})).unwrap_err();
    assert_eq!(err["code"], "error-attachment-not-found");
    invoke(&app, "end_session", json!({})).unwrap();
}

#[test]
fn a_saved_application_prints_a_slip_and_comes_back_by_its_code_until_saved_again() {
    let app = app();
    let saved = invoke(
        &app,
        "save_draft",
        json!({"draft": {
            "item_code": "ZM-HJ-001",
            "answers": {"applicant_name": "张三"},
            "position": {"step": "question", "question_id": "phone"}
        }}),
    )
    .unwrap();
    let grouped = saved["code_grouped"].as_str().unwrap().to_string();
    assert_eq!(grouped.len(), 11);
    assert_eq!(saved["print"]["outcome"], "saved");
    assert_eq!(
        saved["print"]["message"],
        borderdesk_i18n::message("zh-CN", "slip-saved", &[])
    );
    let slip = app
        .dir
        .path()
        .join("receipts")
        .join(format!("{}.pdf", grouped.replace('-', "")));
    assert!(slip.exists(), "no slip at {}", slip.display());

    let resumed = invoke(&app, "resume_draft", json!({"code": grouped})).unwrap();
    assert_eq!(resumed["item"]["code"], "ZM-HJ-001");
    assert_eq!(resumed["answers"]["applicant_name"], "张三");
    assert_eq!(resumed["position"]["step"], "question");
    assert_eq!(resumed["position"]["question_id"], "phone");

    // Left again before submitting: the code still works.
    let again = invoke(&app, "resume_draft", json!({"code": grouped})).unwrap();
    assert_eq!(again["resumed_from"], resumed["resumed_from"]);
    // Saved again: a new slip, and the old code is used up.
    let second = invoke(
        &app,
        "save_draft",
        json!({"draft": {
            "item_code": "ZM-HJ-001",
            "answers": {"applicant_name": "张三"},
            "position": {"step": "check"}
        }, "resumedFrom": again["resumed_from"]}),
    )
    .unwrap();
    assert_ne!(second["code_grouped"], saved["code_grouped"]);

    invoke(&app, "set_language", json!({"language": "en"})).unwrap();
    let err = invoke(&app, "resume_draft", json!({"code": grouped})).unwrap_err();
    assert_eq!(err["code"], "error-resume-code-used");
    assert_eq!(
        err["message"],
        borderdesk_i18n::message("en", "error-resume-code-used", &[])
    );
}

#[test]
fn a_notary_booking_made_offline_is_pending_and_its_receipt_carries_the_cancel_code() {
    let app = app();
    let matters = invoke(&app, "notary_matters", json!({})).unwrap();
    assert!(matters.as_array().unwrap().len() >= 10);
    let offices = invoke(
        &app,
        "notary_offices",
        json!({"matterCode": "GZ-QSGX", "facts": {"domicile_county": "330329"}}),
    )
    .unwrap();
    assert_eq!(offices[0]["code"], "GZC-330329");
    let slots = invoke(&app, "notary_slots", json!({"officeCode": "GZC-330329"})).unwrap();
    assert!(slots["as_of"].is_null(), "never heard from a server");
    let start = slots["slots"][0]["start"].clone();
    let made = invoke(
        &app,
        "book_notary",
        json!({"request": {
            "matter_code": "GZ-QSGX", "office_code": "GZC-330329", "slot_start": start,
            "applicant_name": "张三", "applicant_id_number": "330329199001011235",
            "phone": "13800138000"
        }}),
    )
    .unwrap();
    assert_eq!(made["receipt"]["status"], "pending");
    let code = made["receipt"]["cancel_code"].as_str().unwrap().to_string();
    assert_eq!(made["print"]["outcome"], "saved");
    let number = made["receipt"]["tracking_number"]
        .as_str()
        .unwrap()
        .to_string();
    let pdf = app
        .dir
        .path()
        .join("receipts")
        .join(format!("{number}.pdf"));
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&code),
        "the cancel code is on the receipt:\n{text}"
    );
    assert!(!text.contains("330329199001011235"), "no ID number on it");

    let found = invoke(
        &app,
        "find_booking",
        json!({"trackingNumber": number, "idLastFour": "1235"}),
    )
    .unwrap();
    assert!(
        found["cancel_code"].is_null(),
        "the code is never shown again"
    );
    let err = invoke(
        &app,
        "cancel_notary",
        json!({"trackingNumber": number, "cancelCode": "12345x"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "error-cancel-code-wrong");
    let cancelled = invoke(
        &app,
        "cancel_notary",
        json!({"trackingNumber": number, "cancelCode": code}),
    )
    .unwrap();
    assert_eq!(cancelled["status"], "cancel_pending");
}

/// Caches a credential as an online login would have, so the person can log in offline.
fn cache_credential(app: &App, user_name: &str, password: &str, role: &str) {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(b"sixteen byte salt").unwrap();
    let hash = argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .unwrap()
        .to_string();
    let login: borderdesk_protocol::LoginResponse = serde_json::from_value(json!({
        "session_token": "not-used-offline",
        "staff": {"id": uuid_v4(), "user_name": user_name, "display_name": "王窗口",
                  "role": role, "site_id": "taishun-siqian"},
        "expires_at": "2099-01-01T00:00:00Z",
        "offline_credential": {"password_hash": hash, "issued_at": chrono_now()}
    }))
    .unwrap();
    use tauri::Manager;
    let desk = app.webview.state::<borderdesk_lib::Desk>();
    tauri::async_runtime::block_on(async {
        // A credential is cached by an online login through an enrolled device of the
        // person's site; that server is down now (nothing listens on port 9).
        let enrolled = borderdesk_protocol::EnrollResponse {
            device_id: uuid::Uuid::now_v7(),
            device_token: "not-used".into(),
            device_code: 10001,
            site_id: "taishun-siqian".into(),
            lan_key: None,
        };
        desk.store
            .save_enrollment("http://127.0.0.1:9", &enrolled)
            .await
            .unwrap();
        desk.store.cache_staff_credential(&login).await.unwrap();
    });
}

fn uuid_v4() -> String {
    "0190f2d2-0000-7000-8000-000000000001".into()
}

fn chrono_now() -> String {
    chrono::Utc::now().to_rfc3339()
}

#[test]
fn the_clerk_desk_needs_a_login_and_the_right_role() {
    let app = app();
    let err = invoke(&app, "clerk_queue", json!({})).unwrap_err();
    assert_eq!(err["code"], "error-staff-login-required");
    cache_credential(&app, "wang", "correct horse", "clerk");
    cache_credential(&app, "admin", "correct horse", "admin");

    let err = invoke(
        &app,
        "staff_login",
        json!({"userName": "wang", "password": "wrong horse"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "error-login-failed");
    let session = invoke(
        &app,
        "staff_login",
        json!({"userName": "wang", "password": "correct horse"}),
    )
    .unwrap();
    assert_eq!(session["offline"], true);
    assert_eq!(session["staff"]["role"], "clerk");
    assert!(
        session.get("session_token").is_none(),
        "the token stays in Rust"
    );
    assert_eq!(
        invoke(&app, "current_staff", json!({})).unwrap()["staff"]["user_name"],
        "wang"
    );

    // A receipt made at the kiosk shows in the queue and can be reprinted.
    let receipt = submit_sample(&app);
    let queue = invoke(&app, "clerk_queue", json!({})).unwrap();
    // No server here: the desk shows this device's own work, and says so.
    assert_eq!(queue["from_server"], false);
    assert_eq!(queue["entries"][0]["kind"], "application");
    assert_eq!(
        queue["entries"][0]["tracking_number"],
        receipt["tracking_number"]
    );
    assert_eq!(queue["entries"][0]["waiting_to_send"], true);
    let printed = invoke(
        &app,
        "clerk_reprint",
        json!({"trackingNumber": receipt["tracking_number_grouped"]}),
    )
    .unwrap();
    assert_eq!(printed["outcome"], "saved");

    // An admin may see the queue but not reprint.
    invoke(&app, "staff_logout", json!({})).unwrap();
    assert!(invoke(&app, "current_staff", json!({})).unwrap().is_null());
    invoke(
        &app,
        "staff_login",
        json!({"userName": "admin", "password": "correct horse"}),
    )
    .unwrap();
    let err = invoke(
        &app,
        "clerk_reprint",
        json!({"trackingNumber": receipt["tracking_number"]}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "error-permission-denied");
}

#[test]
fn a_video_session_opens_only_for_a_confirmed_booking_at_its_time() {
    use tauri::Manager;
    let app = app();
    let slots = invoke(&app, "notary_slots", json!({"officeCode": "GZC-330329"})).unwrap();
    let made = invoke(
        &app,
        "book_notary",
        json!({"request": {
            "matter_code": "GZ-QSGX", "office_code": "GZC-330329",
            "slot_start": slots["slots"][0]["start"],
            "applicant_name": "张三", "applicant_id_number": "330329199001011235",
            "phone": "13800138000"
        }}),
    )
    .unwrap();
    let number = made["receipt"]["tracking_number"].clone();
    let open = |app: &App| {
        invoke(
            app,
            "open_video_session",
            json!({"trackingNumber": number, "idLastFour": "1235"}),
        )
    };
    // Still waiting for the notary office: no session.
    assert_eq!(open(&app).unwrap_err()["code"], "error-booking-not-active");
    let desk = app.webview.state::<borderdesk_lib::Desk>();
    let pending = tauri::async_runtime::block_on(desk.store.pending(10)).unwrap();
    tauri::async_runtime::block_on(
        desk.store
            .record_results(&[(pending[0].mutation.id, Ok(()))]),
    )
    .unwrap();
    // Confirmed, but the slot is at least a day away: told when it opens.
    let err = open(&app).unwrap_err();
    assert_eq!(err["code"], "error-video-not-yet");
    assert!(err["message"].as_str().unwrap().contains(':'), "{err}");
}

#[test]
fn an_application_filled_in_by_a_logged_in_clerk_is_recorded_as_assisted_until_logout() {
    let app = app();
    cache_credential(&app, "wang", "correct horse", "clerk");
    cache_credential(&app, "admin", "correct horse", "admin");
    let login = |user: &str| {
        invoke(
            &app,
            "staff_login",
            json!({"userName": user, "password": "correct horse"}),
        )
        .unwrap()
    };
    let newest_assisted = || {
        let queue = invoke(&app, "clerk_queue", json!({})).unwrap();
        queue["entries"][0]["assisted"].clone()
    };

    login("wang");
    let by = invoke(&app, "clerk_start_assisting", json!({})).unwrap();
    assert_eq!(by["user_name"], "wang");
    assert_eq!(
        invoke(&app, "clerk_assisting", json!({})).unwrap()["user_name"],
        "wang"
    );
    submit_sample(&app);
    assert_eq!(newest_assisted(), true);

    // Logging out ends it: the next application is the citizen's own.
    invoke(&app, "staff_logout", json!({})).unwrap();
    assert_eq!(
        invoke(&app, "clerk_assisting", json!({})).unwrap(),
        Value::Null
    );
    submit_sample(&app);
    login("wang");
    assert_eq!(newest_assisted(), false);

    // An admin does not fill applications in.
    invoke(&app, "staff_logout", json!({})).unwrap();
    login("admin");
    let err = invoke(&app, "clerk_start_assisting", json!({})).unwrap_err();
    assert_eq!(err["code"], "error-permission-denied");
}

fn clerk_on(app: &App) {
    cache_credential(app, "wang", "correct horse", "clerk");
    invoke(
        app,
        "staff_login",
        json!({"userName": "wang", "password": "correct horse"}),
    )
    .unwrap();
    invoke(app, "clerk_queue", json!({})).unwrap();
}

/// What a desk command answers once the kiosk let the clerk's session go.
fn assert_desk_closed(app: &App) {
    for (cmd, args) in [
        ("clerk_queue", json!({})),
        ("clerk_open_application", json!({"trackingNumber": "1"})),
        ("clerk_reprint", json!({"trackingNumber": "1"})),
        ("clerk_sync", json!({})),
        (
            "notary_day",
            json!({"officeCode": "GZC-330329", "date": "2026-12-01"}),
        ),
        ("legal_aid_queue", json!({"officeCode": "LA-330329"})),
    ] {
        let err = invoke(app, cmd, args).unwrap_err();
        assert_eq!(err["code"], "error-staff-session-expired", "{cmd}: {err}");
        assert_eq!(
            err["message"],
            borderdesk_i18n::message("zh-CN", "error-staff-session-expired", &[])
        );
    }
    assert!(invoke(app, "current_staff", json!({})).unwrap().is_null());
}

#[test]
fn a_kiosk_ends_the_clerks_session_when_a_citizen_uses_it() {
    let app = kiosk();
    clerk_on(&app);
    // A citizen's application, whatever the screen said: the desk is closed.
    submit_sample(&app);
    assert_desk_closed(&app);
    // Only a new login opens it again; a citizen flow the page reports ends that one too.
    clerk_on(&app);
    assert!(invoke(&app, "citizen_flow_started", json!({}))
        .unwrap()
        .is_null());
    assert_desk_closed(&app);
}

#[test]
fn a_kiosk_ends_the_clerks_session_on_the_home_screen() {
    let app = kiosk();
    clerk_on(&app);
    assert!(invoke(&app, "home_shown", json!({})).unwrap().is_null());
    assert_desk_closed(&app);
}

#[test]
fn a_kiosk_ends_the_clerks_session_when_nobody_is_at_the_screen() {
    let limit = std::time::Duration::from_millis(1500);
    let margin = std::time::Duration::from_millis(300);
    let app = app_with(DeviceMode::Kiosk, |desk| {
        desk.seat = borderdesk_local::staff::StaffSeat::kiosk(limit)
    });
    clerk_on(&app);
    // Someone at the screen (the page reports it) keeps it open past the limit from login.
    std::thread::sleep(limit / 2);
    invoke(&app, "staff_activity", json!({})).unwrap();
    std::thread::sleep(limit / 2 + margin);
    invoke(&app, "clerk_queue", json!({})).unwrap();
    // Then nobody for the whole limit (the desk's own refreshes do not count): closed.
    std::thread::sleep(limit / 2);
    assert_desk_closed(&app);
    invoke(&app, "staff_activity", json!({})).unwrap();
    assert_desk_closed(&app);
}

#[test]
fn a_kiosk_does_not_fill_applications_in_for_citizens() {
    let app = kiosk();
    clerk_on(&app);
    let err = invoke(&app, "clerk_start_assisting", json!({})).unwrap_err();
    assert_eq!(err["code"], "error-kiosk-no-assist");
}

#[test]
fn a_desk_keeps_the_clerks_session_on_the_home_screen_and_in_citizen_screens() {
    let app = app();
    clerk_on(&app);
    let still = invoke(&app, "home_shown", json!({})).unwrap();
    assert_eq!(still["staff"]["user_name"], "wang");
    let still = invoke(&app, "citizen_flow_started", json!({})).unwrap();
    assert_eq!(still["staff"]["user_name"], "wang");
    submit_sample(&app);
    invoke(&app, "clerk_queue", json!({})).unwrap();
}

/// A page scanned and never taken used to wait in the scanner's folder for the next person.
#[test]
fn ending_a_citizens_session_clears_the_scanner_folder() {
    let app = kiosk();
    let folder = app.dir.path().join("scans");
    std::fs::write(
        folder.join("id-card.jpg"),
        b"\xff\xd8\xff\xe0 someone's card",
    )
    .unwrap();
    std::fs::write(folder.join("hukou.pdf"), b"%PDF-1.7 someone's register").unwrap();
    invoke(&app, "end_session", json!({})).unwrap();
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    let err = invoke(
        &app,
        "scan_material",
        json!({"owner": {"item": "ZM-HJ-001"}, "materialIndex": 1}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "error-scanner-empty");
}
