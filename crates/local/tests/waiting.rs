//! "Waiting to send" means one thing wherever people see it: the records (applications,
//! bookings, legal aid requests) with a change or a file the server does not hold yet. And a
//! desk can find any receipt this device printed, to print it again.

mod common;

use borderdesk_local::legal_aid::ConsultationDraft;
use chrono::Utc;
use common::{draft, legal_aid_form, open, today};

#[tokio::test]
async fn the_status_line_and_the_desk_table_count_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let application = store
        .submit_application(&draft("330327198001011238"), today())
        .await
        .unwrap();
    let consultation = ConsultationDraft {
        topic: "拖欠工资".into(),
        question: "老板欠了三个月工资怎么办？".into(),
        callback_time: None,
        phone: "13800138000".into(),
        name: None,
    };
    store
        .submit_consultation(&consultation, "330329", Utc::now())
        .await
        .unwrap();
    // A legal aid application with a scanned page: one record, though two things wait.
    let code = || borderdesk_local::attachments::MaterialsOf::LegalAid;
    let page = store.attach(code(), 2, b"%PDF-1.7 the IOU").await.unwrap();
    let mut form = legal_aid_form("330329199001011235");
    form.attachments = vec![page.id];
    let legal = store
        .submit_legal_aid_application(&form, "330329", Utc::now(), today())
        .await
        .unwrap();

    let tagged = |q: &[borderdesk_local::queue::QueueEntry]| {
        q.iter().filter(|e| e.waiting_to_send).count() as u32
    };
    assert_eq!(store.records_waiting().await.unwrap(), 3);
    assert_eq!(tagged(&store.device_queue(50).await.unwrap()), 3);

    // The server took the application, and the legal aid request but not its page yet.
    for number in [
        application.tracking_number.as_str(),
        legal.receipt.tracking_number.as_str(),
    ] {
        sqlx::query(
            "DELETE FROM outbox WHERE record_id IN
                 (SELECT id FROM applications WHERE tracking_number = ?1
                  UNION SELECT id FROM legal_aid_requests WHERE tracking_number = ?1)",
        )
        .bind(number)
        .execute(store.pool())
        .await
        .unwrap();
    }
    assert_eq!(store.records_waiting().await.unwrap(), 2);
    let queue = store.device_queue(50).await.unwrap();
    assert_eq!(tagged(&queue), 2);
    let legal_row = queue
        .iter()
        .find(|e| e.tracking_number.as_ref() == Some(&legal.receipt.tracking_number))
        .unwrap();
    assert!(legal_row.waiting_to_send, "its page is still to go");
}

#[tokio::test]
async fn a_desk_finds_a_consultations_receipt_and_knows_a_first_print_from_a_reprint() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let consultation = ConsultationDraft {
        topic: "婚姻家庭".into(),
        question: "离婚后孩子抚养费怎么算？".into(),
        callback_time: None,
        phone: "13800138000".into(),
        name: None,
    };
    let made = store
        .submit_consultation(&consultation, "330329", Utc::now())
        .await
        .unwrap();
    let slip = store
        .legal_aid_receipt(made.tracking_number.as_str())
        .await
        .unwrap();
    assert!(slip.consultation);
    assert_eq!(slip.receipt.office.code, made.office.code);
    assert!(slip.receipt.waiting_to_send);
    assert!(slip.reasons.routing_ids.is_empty());
    // An application keeps why it went to its office, for the reprint to say it again.
    let application = store
        .submit_legal_aid_application(
            &common::legal_aid_form("330329199001011235"),
            "330329",
            Utc::now(),
            today(),
        )
        .await
        .unwrap();
    let again = store
        .legal_aid_receipt(application.receipt.tracking_number.as_str())
        .await
        .unwrap();
    assert!(!again.consultation);
    assert_eq!(again.reasons.routing_ids, application.routing_ids);
    assert_eq!(again.reasons.urgent_ids, application.urgent_ids);

    let application = store
        .submit_application(&draft("330327198001011238"), today())
        .await
        .unwrap();
    let number = application.tracking_number.as_str();
    // An application's number names no legal aid request.
    assert_eq!(
        store.legal_aid_receipt(number).await.unwrap_err().code(),
        "error-application-not-found"
    );
    assert!(!store.receipt_printed_before(number).await.unwrap());
    store.note_receipt_printed(number).await.unwrap();
    assert!(store.receipt_printed_before(number).await.unwrap());
}
