//! Property tests: whatever bytes a hostile or broken device sends, decoding a push, a pull
//! answer or a single mutation is an error or a value, never a panic; and what decodes
//! encodes back to what decodes the same.

use borderdesk_protocol::{Mutation, PullResponse, PushRequest, PushResponse};
use proptest::prelude::*;

/// A valid push of one application.
fn a_push() -> String {
    let number =
        borderdesk_core::TrackingNumber::issue(borderdesk_core::DeviceCode(10001), 1).unwrap();
    format!(
        r#"{{"protocol":1,"mutations":[{{"id":"0190a0b0-0000-7000-8000-000000000001","kind":"submit_application","payload":{{"application":{{"id":"0190a0b0-0000-7000-8000-000000000002","tracking_number":"{number}","item_code":"ZM-HJ-001","answers":{{"name":"张三"}},"status":"submitted","submitted_at":"2026-12-01T01:00:00Z"}}}}}}]}}"#
    )
}

/// A valid push with one byte replaced, inserted or cut: the inputs that get furthest.
fn mangled_push() -> impl Strategy<Value = Vec<u8>> {
    let sample = a_push();
    (0..sample.len(), any::<u8>(), 0u8..3).prop_map(move |(at, byte, how)| {
        let mut b = sample.as_bytes().to_vec();
        match how {
            0 => b[at] = byte,
            1 => b.insert(at, byte),
            _ => b.truncate(at),
        }
        b
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop_oneof![proptest::collection::vec(any::<u8>(), 0..256), mangled_push()]) {
        let _ = serde_json::from_slice::<PushResponse>(&bytes);
        let _ = serde_json::from_slice::<PullResponse>(&bytes);
        let _ = serde_json::from_slice::<Mutation>(&bytes);
        if let Ok(push) = serde_json::from_slice::<PushRequest>(&bytes) {
            let again = serde_json::to_vec(&push).unwrap();
            prop_assert_eq!(serde_json::from_slice::<PushRequest>(&again).unwrap(), push);
        }
    }
}

#[test]
fn the_sample_push_decodes() {
    let push: PushRequest = serde_json::from_str(&a_push()).unwrap();
    assert_eq!(push.mutations.len(), 1);
}
