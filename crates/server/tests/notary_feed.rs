//! Notary reference data reaches devices through the pull feed: an import appends one
//! `Change::NotaryReference` for every site in its transaction, a second import that changes
//! something appends a new one in place of the first, and an import that changes nothing (or
//! is refused) appends nothing.

mod common;

use std::time::{Duration, Instant};

use borderdesk_core::notary::NotaryReference;
use borderdesk_protocol::Change;
use borderdesk_server::import_notary;
use common::{harness, Dev, Harness};

const SAMPLE: &str = include_str!("../../local/data/sample-notary.json");

fn sample() -> NotaryReference {
    serde_json::from_str(SAMPLE).unwrap()
}

/// Every notary reference on the device's feed after `cursor` (from the start: `None`), in
/// feed order, once at least `n` are there, and the cursor then. The feed serves only
/// transactions older than every running one, cluster-wide, so another test's open
/// transaction can hold it back for a moment.
async fn references_after(
    h: &Harness,
    dev: &Dev,
    from: Option<String>,
    n: usize,
) -> (Vec<NotaryReference>, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut cursor = from.clone();
        let mut found = Vec::new();
        loop {
            let page = h.pull(dev, cursor.as_deref(), Some(500)).await;
            for c in page.changes {
                if let Change::NotaryReference { reference } = c {
                    found.push(*reference);
                }
            }
            cursor = Some(page.cursor);
            if !page.has_more {
                break;
            }
        }
        if found.len() >= n {
            return (found, cursor);
        }
        assert!(
            Instant::now() < deadline,
            "only {} of {n} notary references on the feed",
            found.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// [`references_after`] from the start of the feed.
async fn references(h: &Harness, dev: &Dev, n: usize) -> Vec<NotaryReference> {
    references_after(h, dev, None, n).await.0
}

#[tokio::test]
async fn an_import_reaches_every_site_once_and_a_changed_one_again() {
    let h = harness().await;
    let a = h.enroll("site-a").await;
    let b = h.enroll("site-b").await;
    let reference = sample();
    import_notary(h.server.pool(), &reference).await.unwrap();

    for dev in [&a, &b] {
        let got = references(&h, dev, 1).await;
        assert_eq!(got, vec![reference.clone()], "site {}", dev.site);
    }
    let (_, seen) = references_after(&h, &a, None, 1).await;

    // The same data again changes nothing: nothing new on the feed.
    let last = || async {
        sqlx::query_scalar::<_, Option<i64>>("SELECT max(seq) FROM changes")
            .fetch_one(h.server.pool())
            .await
            .unwrap()
    };
    let before = last().await;
    import_notary(h.server.pool(), &reference).await.unwrap();
    // A refused import (a calendar the server does not accept) appends nothing either.
    let mut bad = reference.clone();
    bad.offices[0].calendar.slot_minutes = 0;
    assert!(import_notary(h.server.pool(), &bad).await.is_err());
    assert_eq!(last().await, before, "no change was written");

    // One office seats three per slot now, and a matter is new.
    let mut changed = reference.clone();
    changed.offices[1].calendar.capacity_per_slot = 3;
    let mut matter = changed.matters[0].clone();
    matter.code = "GZ-NEW".into();
    changed.matters.push(matter);
    changed.offices[1].matters.push("GZ-NEW".into());
    import_notary(h.server.pool(), &changed).await.unwrap();

    // The device that had the first gets the changed one alone: the unchanged and the
    // refused import added none (the feed is in commit order, so they would sit before it).
    let (got, seen) = references_after(&h, &a, seen, 1).await;
    assert_eq!(got, vec![changed.clone()]);
    assert_eq!(references_after(&h, &a, seen, 0).await.0, vec![]);
    // The feed keeps only the latest: a device that had none, or a late one, gets that alone.
    assert_eq!(references(&h, &b, 1).await, vec![changed.clone()]);
    let c = h.enroll("site-c").await;
    assert_eq!(references(&h, &c, 1).await, vec![changed]);
}

#[tokio::test]
async fn a_partial_import_still_sends_everything_the_server_holds() {
    let h = harness().await;
    let dev = h.enroll("site-a").await;
    let reference = sample();
    import_notary(h.server.pool(), &reference).await.unwrap();

    // Only one office, changed: the server still holds (and books) the others.
    let mut one = NotaryReference {
        matters: Vec::new(),
        offices: vec![reference.offices[2].clone()],
    };
    one.offices[0].calendar.slot_minutes = 60;
    import_notary(h.server.pool(), &one).await.unwrap();

    // The feed keeps the latest reference, which holds every office.
    let mut got = references(&h, &dev, 1).await;
    for _ in 0..200 {
        if got.len() == 1 && got[0].offices[0] == one.offices[0] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        got = references(&h, &dev, 1).await;
    }
    assert_eq!(got.len(), 1);
    let last = &got[0];
    assert_eq!(last.offices[0], one.offices[0], "the imported office first");
    assert_eq!(last.offices.len(), reference.offices.len());
    assert_eq!(last.matters.len(), reference.matters.len());
    for office in &reference.offices {
        assert!(last.office(&office.code).is_some(), "{}", office.code);
    }
    assert_eq!(
        last.office(&reference.offices[2].code)
            .unwrap()
            .calendar
            .slot_minutes,
        60
    );
}
