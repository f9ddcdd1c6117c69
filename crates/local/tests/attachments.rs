//! Files for an application's materials, on real SQLite files: checked, sealed, saved with the
//! application, dropped with an abandoned session.

use borderdesk_core::attachment::{AttachmentKind, MaterialState, MAX_ATTACHMENT_BYTES};
use borderdesk_local::{LocalError, Store};

mod common;
use common::{database_bytes, draft, open, today};

/// A JPEG-looking file whose body is a recognisable text, to look for in the raw database.
fn scan(marker: &str, len: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    while bytes.len() < len {
        bytes.extend_from_slice(marker.as_bytes());
    }
    bytes.truncate(len);
    bytes
}

async fn attachment_rows(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM attachments")
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_file_is_checked_before_anything_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let code = |r: Result<_, LocalError>| r.err().map(|e| e.code().to_string());

    let zip = b"PK\x03\x04 not a scan".to_vec();
    assert_eq!(
        code(store.attach("ZM-HJ-001", 1, &zip).await).as_deref(),
        Some("error-attachment-type")
    );
    assert_eq!(
        code(store.attach("ZM-HJ-001", 1, &[]).await).as_deref(),
        Some("error-attachment-empty")
    );
    let mut huge = vec![0u8; MAX_ATTACHMENT_BYTES as usize + 1];
    huge[..5].copy_from_slice(b"%PDF-");
    let too_large = store.attach("ZM-HJ-001", 1, &huge).await.unwrap_err();
    assert_eq!(too_large.code(), "error-attachment-too-large");
    assert_eq!(too_large.args(), vec![("max_mb", "20".to_string())]);
    assert_eq!(
        code(store.attach("ZM-HJ-001", 9, &scan("x", 100)).await).as_deref(),
        Some("error-unknown-material")
    );
    assert_eq!(
        code(store.attach("NO-SUCH-ITEM", 0, &scan("x", 100)).await).as_deref(),
        Some("error-unknown-item")
    );
    assert_eq!(attachment_rows(&store).await, 0, "nothing refused is kept");

    // A file exactly at the limit is taken.
    let mut at_limit = vec![0u8; MAX_ATTACHMENT_BYTES as usize];
    at_limit[..5].copy_from_slice(b"%PDF-");
    let kept = store.attach("ZM-HJ-001", 1, &at_limit).await.unwrap();
    assert_eq!(kept.kind, AttachmentKind::Pdf);
    assert_eq!(kept.size, MAX_ATTACHMENT_BYTES);
}

#[tokio::test]
async fn a_kept_file_is_sealed_on_disk_and_opens_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let marker = "身份证号330327199001011234";
    // Three and a bit pieces, so the piece boundaries are crossed.
    let bytes = scan(marker, 3 * 256 * 1024 + 1000);
    let kept = store.attach("ZM-HJ-001", 1, &bytes).await.unwrap();
    assert_eq!(kept.kind, AttachmentKind::Jpeg);
    assert_eq!(store.attachment_content(kept.id).await.unwrap(), bytes);

    let raw = database_bytes(&store, &dir).await;
    for needle in [marker.as_bytes(), "330327199001011234".as_bytes()] {
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle),
            "the scan's content is readable in the database files"
        );
    }
}

#[tokio::test]
async fn files_are_saved_with_the_application_and_show_on_its_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let photo = store
        .attach("ZM-HJ-001", 1, b"\x89PNG\r\n\x1a\n photo")
        .await
        .unwrap();
    let mut application = draft("11010519491231002X");
    application.attachments = vec![photo.id];
    let receipt = store
        .submit_application(&application, today())
        .await
        .unwrap();
    // 居民户口簿 is required and has an electronic licence; the photo was attached.
    let states: Vec<MaterialState> = receipt.materials.iter().map(|m| m.state).collect();
    assert_eq!(
        states,
        vec![MaterialState::ELicence, MaterialState::Attached]
    );
    assert_eq!(receipt.materials[1].name.zh_cn, "近期免冠证件照片");
    assert_eq!(
        store.attachments_of(receipt.application_id).await.unwrap(),
        vec![photo.clone()]
    );
    // The reprint says the same.
    let (reprint, _) = store
        .receipt(receipt.tracking_number.as_str())
        .await
        .unwrap();
    assert_eq!(reprint.materials, receipt.materials);
    // Saved files are not the session's to remove.
    assert!(matches!(
        store.remove_attachment(photo.id).await,
        Err(LocalError::AttachmentNotFound)
    ));
    assert_eq!(store.discard_held_attachments().await.unwrap(), 0);
    assert_eq!(store.files_waiting().await.unwrap(), 1);
}

#[tokio::test]
async fn an_application_naming_a_file_it_does_not_hold_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    // A file kept for another item is not this application's.
    let other = store
        .attach("ZM-HJ-002", 0, b"%PDF-1.7 other item")
        .await
        .unwrap();
    for ids in [vec![uuid::Uuid::now_v7()], vec![other.id]] {
        let mut application = draft("11010519491231002X");
        application.attachments = ids;
        assert!(matches!(
            store.submit_application(&application, today()).await,
            Err(LocalError::AttachmentNotFound)
        ));
    }
    assert_eq!(store.application_count().await.unwrap(), 0);
    assert_eq!(store.pending(10).await.unwrap().len(), 0);
}

#[tokio::test]
async fn an_ended_session_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let a = store
        .attach("ZM-HJ-001", 1, b"%PDF-1.7 first")
        .await
        .unwrap();
    let b = store
        .attach("ZM-HJ-001", 1, b"%PDF-1.7 second")
        .await
        .unwrap();
    store.remove_attachment(a.id).await.unwrap();
    assert!(matches!(
        store.attachment_content(a.id).await,
        Err(LocalError::AttachmentNotFound)
    ));
    assert_eq!(store.discard_held_attachments().await.unwrap(), 1);
    assert!(store.attachment_content(b.id).await.is_err());
    let pieces: i64 = sqlx::query_scalar("SELECT count(*) FROM attachment_chunks")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(pieces, 0, "the content goes with the file");
}
