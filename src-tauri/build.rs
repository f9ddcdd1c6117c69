fn main() {
    // Our commands get generated permissions (allow-<command>), so the capability file can
    // grant exactly these and nothing else.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(borderdesk_commands())),
    )
    .expect("tauri build step");
}

fn borderdesk_commands() -> &'static [&'static str] {
    &[
        "ui_messages",
        "app_info",
        "set_language",
        "catalog_search",
        "catalog_item",
        "catalog_life_event",
        "catalog_most_asked",
        "check_answer",
        "submit_application",
        "scan_material",
        "remove_attachment",
        "end_session",
        "save_draft",
        "resume_draft",
        "notary_matters",
        "notary_offices",
        "notary_slots",
        "book_notary",
        "find_booking",
        "cancel_notary",
        "reschedule_notary",
        "open_video_session",
        "open_video_in_browser",
        "notary_office_list",
        "notary_day",
        "notary_outcome",
        "notary_slot_change",
        "notary_sms",
        "legal_aid_choices",
        "legal_aid_check",
        "submit_consultation",
        "legal_aid_counties",
        "submit_legal_aid_application",
        "track_legal_aid",
        "legal_aid_offices",
        "legal_aid_queue",
        "legal_aid_act",
        "legal_aid_figures",
        "legal_aid_export_csv",
        "staff_login",
        "staff_logout",
        "current_staff",
        "clerk_queue",
        "clerk_reprint",
        "clerk_sync",
        "track_application",
        "sync_status",
        "sync_now",
        "print_receipt",
        "speech_available",
        "read_aloud",
        "stop_reading",
        "confirm_close",
    ]
}
