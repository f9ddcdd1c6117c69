//! The site's LAN key: handed out at enrollment and on `GET /v1/sync/site-key`, the same to
//! every device of a site, another for every other site, and never to a revoked device.

mod common;

use borderdesk_protocol::{
    EnrollRequest, EnrollResponse, SiteKeyResponse, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use common::{harness, Harness, ADMIN};
use reqwest::StatusCode;

async fn enroll(h: &Harness, site: &str) -> EnrollResponse {
    h.http
        .post(h.url("/v1/devices"))
        .bearer_auth(ADMIN)
        .json(&EnrollRequest {
            name: format!("desk at {site}"),
            site_id: site.into(),
            provisional_code: None,
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn site_key(h: &Harness, token: &str) -> reqwest::Response {
    h.http
        .get(h.url("/v1/sync/site-key"))
        .bearer_auth(token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .send()
        .await
        .unwrap()
}

fn key_of(enrolled: &EnrollResponse) -> String {
    let key = enrolled
        .lan_key
        .clone()
        .expect("enrollment hands out the LAN key");
    assert_eq!(key.len(), 64, "32 bytes in hex");
    assert_eq!(hex::decode(&key).unwrap().len(), 32);
    key
}

#[tokio::test]
async fn the_devices_of_a_site_share_one_lan_key_and_another_site_has_its_own() {
    let h = harness().await;
    let kiosk = enroll(&h, "taishun-luoyang").await;
    let desk = enroll(&h, "taishun-luoyang").await;
    let elsewhere = enroll(&h, "fuding-guanyang").await;
    let key = key_of(&kiosk);
    assert_eq!(
        key_of(&desk),
        key,
        "a kiosk's calls are heard by its site's desks"
    );
    assert_ne!(
        key_of(&elsewhere),
        key,
        "another site's devices cannot sign this site's calls"
    );

    // A device enrolled before there were LAN keys asks for it.
    for (device, expected) in [(&kiosk, &key), (&elsewhere, &key_of(&elsewhere))] {
        let r = site_key(&h, &device.device_token).await;
        assert_eq!(r.status(), StatusCode::OK);
        let got: SiteKeyResponse = r.json().await.unwrap();
        assert_eq!(&got.lan_key, expected);
        assert_eq!(got.site_id, device.site_id);
    }
    // Stored once per site.
    let sites: i64 = sqlx::query_scalar("SELECT count(*) FROM site_lan_keys")
        .fetch_one(h.server.pool())
        .await
        .unwrap();
    assert_eq!(sites, 2);
}

#[tokio::test]
async fn a_device_of_a_site_without_a_key_yet_gets_one_made_on_first_need() {
    let h = harness().await;
    let kiosk = enroll(&h, "taishun-siqian").await;
    // As if the site's devices were all enrolled before this server made LAN keys.
    sqlx::query("DELETE FROM site_lan_keys")
        .execute(h.server.pool())
        .await
        .unwrap();
    let first: SiteKeyResponse = site_key(&h, &kiosk.device_token)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(Some(&first.lan_key), kiosk.lan_key.as_ref(), "a new key");
    assert_eq!(hex::decode(&first.lan_key).unwrap().len(), 32);
    let desk = enroll(&h, "taishun-siqian").await;
    assert_eq!(key_of(&desk), first.lan_key, "then kept for the site");
}

#[tokio::test]
async fn a_revoked_or_unknown_device_gets_no_lan_key() {
    let h = harness().await;
    let stolen = enroll(&h, "taishun-luoyang").await;
    assert_eq!(
        site_key(&h, &stolen.device_token).await.status(),
        StatusCode::OK
    );
    let r = h
        .http
        .post(h.url(&format!("/v1/admin/devices/{}/revoke", stolen.device_id)))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        site_key(&h, &stolen.device_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        site_key(&h, &"0".repeat(64)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let anonymous = h
        .http
        .get(h.url("/v1/sync/site-key"))
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

/// The fuzz run and the app's authors read the route from the OpenAPI document.
#[tokio::test]
async fn the_openapi_document_lists_the_site_key_route() {
    let h = harness().await;
    let doc = h.openapi().await;
    let get = &doc["paths"]["/v1/sync/site-key"]["get"];
    assert!(get.is_object(), "GET /v1/sync/site-key missing");
    assert!(get["security"][0]["device_token"].is_array());
    assert!(get["responses"]["401"].is_object());
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["SiteKeyResponse"]["properties"]["lan_key"].is_object());
    assert!(schemas["EnrollResponse"]["properties"]["lan_key"].is_object());
}
