//! Save now, finish later, on real SQLite files: a code brings the answers back until the
//! application is submitted or saved again, and nothing readable of them is left on the device.

use std::collections::BTreeMap;

use borderdesk_core::resume::{DraftPosition, ResumeCode};
use borderdesk_local::resume::{resume_draft, DraftContent, ServerDraft};
use borderdesk_local::Store;

mod common;
use common::{database_bytes, draft, open, today};

fn content() -> DraftContent {
    let answers: BTreeMap<String, String> = [
        ("applicant_name", "王五"),
        ("applicant_id_number", "330327198001011238"),
        ("no_such_question", "dropped on resume"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    DraftContent {
        item_code: "ZM-HJ-001".into(),
        answers,
        position: DraftPosition::Question {
            question_id: "phone".into(),
        },
    }
}

/// A device with no server: the server is never asked.
async fn no_server(_lookup: String) -> Option<ServerDraft> {
    None
}

async fn code_of(store: &Store, raw: &str) -> String {
    resume_draft(store, raw, no_server)
        .await
        .err()
        .map(|e| e.code().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_saved_application_comes_back_with_its_answers_and_place_until_it_is_submitted() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let saved = store.save_draft(&content()).await.unwrap();
    assert_eq!(
        (saved.expires_at - saved.saved_at).num_days(),
        borderdesk_core::resume::VALID_DAYS
    );
    // Typed as people type it: grouped, lower case.
    let typed = saved.code.grouped().to_lowercase();
    let resumed = resume_draft(&store, &typed, no_server).await.unwrap();
    assert_eq!(resumed.item.code, "ZM-HJ-001");
    assert_eq!(resumed.answers["applicant_name"], "王五");
    assert!(
        !resumed.answers.contains_key("no_such_question"),
        "answers to questions the item does not ask are dropped"
    );
    assert_eq!(
        resumed.position,
        DraftPosition::Question {
            question_id: "phone".into()
        }
    );
    // The person was called away (or timed out) before submitting: the slip still works.
    let again = resume_draft(&store, saved.code.as_str(), no_server)
        .await
        .unwrap();
    assert_eq!(again.answers["applicant_name"], "王五");
    assert_eq!(again.resumed_from, resumed.resumed_from);

    // Submitted: the code is used up with the application, in one transaction.
    let mut submitted = draft("330327198001011238");
    submitted.resumed_from = Some(again.resumed_from.clone());
    store.submit_application(&submitted, today()).await.unwrap();
    assert_eq!(
        code_of(&store, saved.code.as_str()).await,
        "error-resume-code-used"
    );
    // The server's copy (none here, but the kiosk cannot know) is used up at the next sync.
    assert_eq!(
        store.drafts_to_burn().await.unwrap(),
        vec![again.resumed_from]
    );
}

#[tokio::test]
async fn saving_a_resumed_application_again_replaces_its_slip() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let first = store.save_draft(&content()).await.unwrap();
    let resumed = resume_draft(&store, first.code.as_str(), no_server)
        .await
        .unwrap();
    let mut later = content();
    later.position = DraftPosition::Check;
    let second = store
        .save_draft_again(&later, Some(&resumed.resumed_from))
        .await
        .unwrap();
    assert_ne!(first.code, second.code);
    assert_eq!(
        code_of(&store, first.code.as_str()).await,
        "error-resume-code-used"
    );
    let back = resume_draft(&store, second.code.as_str(), no_server)
        .await
        .unwrap();
    assert_eq!(back.position, DraftPosition::Check);

    // A draft saved at another kiosk (no row here) is used up here too, for the server to hear.
    let elsewhere = "ab".repeat(32);
    let mut submitted = draft("330327198001011238");
    submitted.resumed_from = Some(elsewhere.clone());
    store.submit_application(&submitted, today()).await.unwrap();
    assert!(store.drafts_to_burn().await.unwrap().contains(&elsewhere));
    // Something that cannot name a draft is refused, and nothing is submitted.
    submitted.resumed_from = Some("not a lookup".into());
    let refused = store.submit_application(&submitted, today()).await;
    assert_eq!(
        refused.err().map(|e| e.code().to_string()).as_deref(),
        Some("error-resume-code-unknown")
    );
}

#[tokio::test]
async fn the_database_holds_nothing_readable_of_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let saved = store.save_draft(&content()).await.unwrap();
    let raw = database_bytes(&store, &dir).await;
    for needle in [
        "330327198001011238".as_bytes(),
        "王五".as_bytes(),
        saved.code.as_str().as_bytes(),
    ] {
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle),
            "found {:?} in the database files",
            String::from_utf8_lossy(needle)
        );
    }
}

#[tokio::test]
async fn wrong_unknown_and_expired_codes_each_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let saved = store.save_draft(&content()).await.unwrap();
    // One character mistyped: caught by the check character before any lookup.
    let mut typo: Vec<char> = saved.code.as_str().chars().collect();
    typo[3] = if typo[3] == '7' { '8' } else { '7' };
    let typo: String = typo.into_iter().collect();
    assert_eq!(code_of(&store, &typo).await, "error-resume-code-check");
    assert_eq!(code_of(&store, "12345").await, "error-resume-code-format");
    // A well-formed code nobody saved, on a device without a server.
    let other = ResumeCode::generate();
    assert_eq!(
        code_of(&store, other.as_str()).await,
        "error-resume-code-unknown"
    );
    // Kept past its seven days.
    sqlx::query("UPDATE saved_drafts SET expires_at = '2026-01-01T00:00:00+00:00'")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(
        code_of(&store, saved.code.as_str()).await,
        "error-resume-code-expired"
    );
}
