//! The reference: the same application rows written by plain batched INSERTs (100 rows per
//! statement) into a plain table of a fresh database, from 8 clients at once, each with its
//! own connection: what PostgreSQL on this machine takes without the sync protocol around it.
//! Shaped like `plain_insert_rate` of benches/sync.rs, which does it from one client.

use std::sync::Arc;
use std::time::Instant;

use borderdesk_core::Application;
use borderdesk_testkit::TestPostgres;
use rand::SeedableRng;
use sqlx::types::Json;
use sqlx::{Connection, PgConnection, Postgres, QueryBuilder};
use tokio::sync::Barrier;

use crate::citizen;

const PER_STATEMENT: usize = 100;

/// Rows per second for `clients` clients writing `rows_each` rows each.
pub async fn plain_insert_rate(clients: usize, rows_each: usize) -> f64 {
    let url = TestPostgres::shared().fresh_database().await;
    let mut conn = PgConnection::connect(&url).await.expect("connect");
    sqlx::query(
        "CREATE TABLE plain (id uuid PRIMARY KEY, tracking_number text UNIQUE, item_code text,
             answers jsonb, status text, submitted_at timestamptz)",
    )
    .execute(&mut conn)
    .await
    .expect("table");
    let _ = conn.close().await;
    // Connected and with their rows made before the clock starts.
    let start = Arc::new(Barrier::new(clients + 1));
    let mut writers = Vec::with_capacity(clients);
    for client in 0..clients {
        let rows = rows_of(client, rows_each);
        let mut conn = PgConnection::connect(&url).await.expect("connect");
        let start = start.clone();
        writers.push(tokio::spawn(async move {
            start.wait().await;
            for chunk in rows.chunks(PER_STATEMENT) {
                insert(&mut conn, chunk).await;
            }
            let _ = conn.close().await;
        }));
    }
    start.wait().await;
    let t = Instant::now();
    for w in writers {
        w.await.expect("a writer");
    }
    (clients * rows_each) as f64 / t.elapsed().as_secs_f64()
}

/// Applications as the simulated device `client` makes them.
fn rows_of(client: usize, n: usize) -> Vec<Application> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(client as u64);
    let code = 10_000 + client as u32;
    (1..=n as u32)
        .map(|seq| citizen::application(code, seq, &mut rng))
        .collect()
}

async fn insert(conn: &mut PgConnection, rows: &[Application]) {
    let mut q: QueryBuilder<Postgres> = QueryBuilder::new(
        "INSERT INTO plain (id, tracking_number, item_code, answers, status, submitted_at) ",
    );
    q.push_values(rows, |mut b, a| {
        b.push_bind(a.id)
            .push_bind(a.tracking_number.as_str())
            .push_bind(&a.item_code)
            .push_bind(Json(&a.answers))
            .push_bind("submitted")
            .push_bind(a.submitted_at);
    });
    q.build().execute(conn).await.expect("insert");
}
