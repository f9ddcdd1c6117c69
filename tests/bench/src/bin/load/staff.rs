//! The clerks: a handful of staff accounts (made with the admin route), each logged in once
//! through a device of its own site before the window (a login costs an argon2 hash), then
//! reading their site's desk queue so that all of them together read it about once per 50
//! devices per minute.

use std::sync::Arc;
use std::time::Duration;

use borderdesk_core::staff::Role;
use borderdesk_protocol::{
    CreateStaffRequest, DeskQueue, LoginRequest, LoginResponse, STAFF_HEADER,
};
use rand::Rng;

use crate::device::{as_device, Ctx, Device, Schedule};
use crate::stats::Route;

const PASSWORD: &str = "load-test-clerk-7";

/// A member of staff logged in through a device.
#[derive(Debug, Clone)]
pub struct Clerk {
    device_token: String,
    session: String,
}

/// How many clerks read queues for `devices` devices: two to twenty.
pub fn clerk_count(devices: usize) -> usize {
    (devices / 250).clamp(2, 20)
}

/// Seconds between one clerk's queue reads: together `devices / 50` reads a minute, `speed`
/// times faster.
pub fn read_every(devices: usize, speed: f64) -> Duration {
    let per_second = devices as f64 / 50.0 / 60.0 * speed;
    Duration::from_secs_f64(clerk_count(devices) as f64 / per_second)
}

/// Creates the clerks, each of the site of a device spread over the fleet, and logs each in
/// through that device.
pub async fn log_in_clerks(ctx: &Ctx, admin: &str, devices: &[Device]) -> Vec<Clerk> {
    let count = clerk_count(devices.len()).min(devices.len());
    let mut clerks = Vec::with_capacity(count);
    for k in 0..count {
        let device = &devices[k * devices.len() / count];
        let user_name = format!("clerk-{k:02}");
        create(ctx, admin, &user_name, &device.site).await;
        clerks.push(log_in(ctx, &user_name, device).await);
    }
    clerks
}

async fn create(ctx: &Ctx, admin: &str, user_name: &str, site: &str) {
    let resp = ctx
        .http
        .post(ctx.url("/v1/admin/staff"))
        .bearer_auth(admin)
        .json(&CreateStaffRequest {
            user_name: user_name.into(),
            display_name: format!("窗口 {user_name}"),
            role: Role::Clerk,
            site_id: site.into(),
            office_code: None,
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap_or_else(|e| panic!("creating {user_name}: no answer: {e}"));
    let status = resp.status();
    assert!(
        status.is_success(),
        "creating {user_name}: {status}: {}",
        resp.text().await.unwrap_or_default()
    );
}

async fn log_in(ctx: &Ctx, user_name: &str, device: &Device) -> Clerk {
    let req = as_device(
        ctx.http.post(ctx.url("/v1/sync/staff/login")),
        &device.token,
    )
    .json(&LoginRequest {
        user_name: user_name.into(),
        password: PASSWORD.into(),
    });
    let resp = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("logging {user_name} in: no answer: {e}"));
    let status = resp.status();
    assert!(
        status.is_success(),
        "logging {user_name} in: {status}: {}",
        resp.text().await.unwrap_or_default()
    );
    let login: LoginResponse = resp.json().await.expect("a login answer");
    Clerk {
        device_token: device.token.clone(),
        session: login.session_token,
    }
}

/// The clerk's reads of the first page of the queue during the window, every `every`, from a
/// random phase.
pub async fn read_queue(clerk: Clerk, ctx: Arc<Ctx>, schedule: Schedule, every: Duration) {
    let mut at = schedule.start + every.mul_f64(rand::thread_rng().gen::<f64>());
    while at < schedule.end {
        tokio::time::sleep_until(at).await;
        ctx.seen.late(at.elapsed());
        let req = as_device(ctx.http.get(ctx.url("/v1/desk/queue")), &clerk.device_token)
            .header(STAFF_HEADER, &clerk.session);
        // Read as the desk reads it; a failure is recorded by `send`.
        ctx.send::<DeskQueue>(Route::DeskQueue, req).await;
        at += every;
    }
}
