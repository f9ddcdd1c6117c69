//! Attachment uploads on a real PostgreSQL: pieces at the held offset only, the whole checked
//! against its hash, files visible only to the device that took the application.

mod common;

use borderdesk_core::attachment::AttachmentKind;
use borderdesk_protocol::{
    codes, AttachmentState, AttachmentUpload, ErrorBody, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use common::{application, harness, submit, Dev, Harness};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use uuid::Uuid;

async fn application_of(h: &Harness, dev: &Dev, seq: u32) -> Uuid {
    let app = application(dev.code, seq);
    let id = app.id;
    h.push(dev, vec![submit(app)]).await;
    id
}

fn announce_for(application_id: Uuid, bytes: &[u8]) -> AttachmentUpload {
    AttachmentUpload {
        id: Uuid::now_v7(),
        application_id,
        material_index: 0,
        kind: AttachmentKind::Pdf,
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(bytes)),
    }
}

async fn announce(h: &Harness, dev: &Dev, upload: &AttachmentUpload) -> reqwest::Response {
    h.http
        .post(h.url("/v1/sync/attachments"))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(upload)
        .send()
        .await
        .unwrap()
}

async fn put(h: &Harness, dev: &Dev, id: Uuid, offset: u64, piece: &[u8]) -> reqwest::Response {
    h.http
        .put(h.url(&format!("/v1/sync/attachments/{id}?offset={offset}")))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .body(piece.to_vec())
        .send()
        .await
        .unwrap()
}

async fn code_of(resp: reqwest::Response) -> (StatusCode, String) {
    let status = resp.status();
    (status, resp.json::<ErrorBody>().await.unwrap().code)
}

#[tokio::test]
async fn a_file_goes_up_in_pieces_and_resumes_where_the_server_holds_it() {
    let h = harness().await;
    let dev = h.enroll("taishun-siqian").await;
    let app = application_of(&h, &dev, 1).await;
    let bytes: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..300_000u32).map(|i| (i % 251) as u8))
        .collect();
    let upload = announce_for(app, &bytes);

    let held: AttachmentState = announce(&h, &dev, &upload).await.json().await.unwrap();
    assert_eq!((held.received, held.complete), (0, false));

    let first = put(&h, &dev, upload.id, 0, &bytes[..100_000]).await;
    assert_eq!(first.status(), StatusCode::OK);
    // A piece sent again after a lost answer, or one that skips ahead: told where to resume.
    for offset in [0, 150_000] {
        let (status, code) = code_of(put(&h, &dev, upload.id, offset, &bytes[..10]).await).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::CONFLICT, codes::UPLOAD_OFFSET)
        );
    }
    // Announcing again (a device that lost its progress) answers what is held.
    let held: AttachmentState = announce(&h, &dev, &upload).await.json().await.unwrap();
    assert_eq!(held.received, 100_000);
    let held: AttachmentState = h
        .http
        .get(h.url(&format!("/v1/sync/attachments/{}", upload.id)))
        .bearer_auth(&dev.token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(held.received, 100_000);

    let rest: AttachmentState = put(&h, &dev, upload.id, 100_000, &bytes[100_000..])
        .await
        .json()
        .await
        .unwrap();
    assert!(rest.complete);
    assert_eq!(rest.received, bytes.len() as u64);
    let (kind, stored) = borderdesk_server::attachments::content(h.server.pool(), upload.id)
        .await
        .unwrap();
    assert_eq!(kind, AttachmentKind::Pdf);
    assert_eq!(stored, bytes);
}

#[tokio::test]
async fn bytes_that_do_not_match_the_hash_are_dropped_and_the_file_starts_over() {
    let h = harness().await;
    let dev = h.enroll("taishun-siqian").await;
    let app = application_of(&h, &dev, 1).await;
    let upload = announce_for(app, b"%PDF-1.7 the real file");
    announce(&h, &dev, &upload).await;
    let (status, code) =
        code_of(put(&h, &dev, upload.id, 0, b"%PDF-1.7 another file!").await).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, codes::UPLOAD_CHECKSUM)
    );
    let held: AttachmentState = announce(&h, &dev, &upload).await.json().await.unwrap();
    assert_eq!((held.received, held.complete), (0, false));
    let done: AttachmentState = put(&h, &dev, upload.id, 0, b"%PDF-1.7 the real file")
        .await
        .json()
        .await
        .unwrap();
    assert!(done.complete);
}

#[tokio::test]
async fn files_are_limited_and_private_to_the_device_that_took_the_application() {
    let h = harness().await;
    let dev = h.enroll("taishun-siqian").await;
    let other = h.enroll("taishun-luoyang").await;
    let app = application_of(&h, &dev, 1).await;

    // Too large to announce at all.
    let mut big = announce_for(app, b"%PDF-");
    big.size = borderdesk_core::attachment::MAX_ATTACHMENT_BYTES + 1;
    let (status, code) = code_of(announce(&h, &dev, &big).await).await;
    assert_eq!(
        (status, code.as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-attachment-too-large"
        )
    );
    // Another device cannot hang files on this application, nor see or fill this file.
    let upload = announce_for(app, b"%PDF-1.7 mine");
    assert_eq!(
        announce(&h, &other, &upload).await.status(),
        StatusCode::NOT_FOUND
    );
    announce(&h, &dev, &upload).await;
    assert_eq!(
        put(&h, &other, upload.id, 0, b"%PDF-1.7 mine")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // A piece larger than the protocol allows.
    let huge = vec![0u8; borderdesk_protocol::MAX_UPLOAD_CHUNK + 1];
    assert_eq!(
        put(&h, &dev, upload.id, 0, &huge).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // A piece that runs past the announced size.
    assert_eq!(
        put(&h, &dev, upload.id, 0, b"%PDF-1.7 mine and more")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    // Without a token: 401, as everywhere.
    let resp = h
        .http
        .put(h.url(&format!("/v1/sync/attachments/{}?offset=0", upload.id)))
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

/// The 30-file cap was the device's only: a hostile one could hang any number of files on
/// an application. The server counts them too; announcing a file it holds already still
/// answers where it stands.
#[tokio::test]
async fn the_server_holds_the_file_cap_of_an_application() {
    let h = harness().await;
    let dev = h.enroll("taishun-siqian").await;
    let app = application_of(&h, &dev, 1).await;
    let max = borderdesk_core::attachment::MAX_ATTACHMENTS_PER_APPLICATION;
    let mut first = None;
    for i in 0..max {
        let upload = announce_for(app, format!("%PDF-1.7 page {i}").as_bytes());
        assert_eq!(
            announce(&h, &dev, &upload).await.status(),
            StatusCode::OK,
            "file {i}"
        );
        first.get_or_insert(upload);
    }
    let one_more = announce_for(app, b"%PDF-1.7 one too many");
    let (status, code) = code_of(announce(&h, &dev, &one_more).await).await;
    assert_eq!(
        (status, code.as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-too-many-attachments"
        )
    );
    assert_eq!(
        announce(&h, &dev, &first.unwrap()).await.status(),
        StatusCode::OK,
        "a file held already is answered as before"
    );
    let held: i64 =
        sqlx::query_scalar("SELECT count(*) FROM attachments WHERE application_id = $1")
            .bind(app)
            .fetch_one(h.server.pool())
            .await
            .unwrap();
    assert_eq!(held as usize, max);
}
