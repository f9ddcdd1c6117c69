//! The BorderDesk sync server: devices push mutations (applied exactly once) and pull a change
//! feed whose cursor never skips a late-committing change; admins enroll devices and move
//! applications along. axum + sqlx on PostgreSQL, migrations embedded and run at start.

pub mod admin;
pub mod api;
pub mod attachments;
pub mod booking;
pub mod catalog;
pub mod console;
pub mod desk;
pub mod drafts;
pub mod enrollment;
pub mod error;
pub mod extract;
pub mod health;
pub mod legal_aid;
pub mod limits;
pub mod metrics;
pub mod notary_api;
pub(crate) mod once;
pub mod openapi;
pub mod ratings;
pub mod settings;
pub mod sms;
pub mod staff;
pub mod staff_calls;
pub mod sync;
pub mod updates;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Router};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgPool};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use admin::{application, disable_staff, enroll, revoke_device, set_status};
pub use booking::{cancel_code_hash, import_notary, NotaryImportSummary};
pub use catalog::{
    import_catalog, import_catalog_file, parse_catalog, parse_catalog_file, CatalogFormat,
    ImportSummary, RowError,
};
pub use error::ServerError;
pub use extract::{Admin, Device};
pub use legal_aid::{import_legal_aid, LegalAidImportSummary};
pub use ratings::import_rating_reasons;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Longest a request may take before it is answered 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What a server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    /// Bearer token for the admin endpoints; empty disables them.
    pub admin_token: String,
}

/// What a server may run with besides its [`Config`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A bearer token that may read `/metrics` from anywhere (loopback and the admin token
    /// always may).
    pub metrics_token: Option<String>,
}

/// Shared by every request.
#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub admin_token: Arc<str>,
    /// This database's life; part of every cursor.
    pub epoch: Arc<str>,
    /// The counters `/metrics` shows.
    pub metrics: Arc<metrics::Metrics>,
    /// See [`Options::metrics_token`].
    pub metrics_token: Option<Arc<str>>,
}

impl AppState {
    /// Reads the epoch from a migrated database.
    pub async fn load(pool: PgPool, admin_token: &str) -> Result<Self, ServerError> {
        let epoch: String = sqlx::query_scalar("SELECT value FROM server_meta WHERE key = 'epoch'")
            .fetch_one(&pool)
            .await?;
        Ok(Self {
            pool,
            admin_token: admin_token.into(),
            epoch: epoch.into(),
            metrics: metrics::Metrics::new(),
            metrics_token: None,
        })
    }
}

/// Longest one statement may run (`BORDERDESK_STATEMENT_TIMEOUT`, seconds; default 20), and
/// longest a connection may sit in an open transaction doing nothing (twice that): no query
/// of a hostile request holds the database, and no forgotten transaction holds the feed.
fn statement_timeout_seconds() -> u64 {
    settings::count_now(&settings::STATEMENT_TIMEOUT)
}

/// Connects to PostgreSQL and brings the schema up to date.
pub async fn connect(database_url: &str) -> Result<PgPool, ServerError> {
    let timeout = statement_timeout_seconds();
    let options = database_url.parse::<sqlx::postgres::PgConnectOptions>()?;
    // The timeouts are set once a connection is made, not as startup options: PgBouncer
    // (Debian's 1.18) refuses a client that sends `options`. In its session mode a
    // connection's settings last as long as the connection.
    let limits = format!(
        "SET statement_timeout = '{timeout}s'; SET idle_in_transaction_session_timeout = '{}s'",
        timeout * 2
    );
    let pool = PgPoolOptions::new()
        .max_connections(settings::count_now(&settings::DB_CONNECTIONS) as u32)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _| {
            let limits = limits.clone();
            Box::pin(async move {
                sqlx::Executor::execute(conn, limits.as_str()).await?;
                Ok(())
            })
        })
        .connect_with(options.clone())
        .await?;
    // Migrations on a connection of their own, without the statement timeout: a migration
    // of a county's years of feed may take longer than any request should.
    let mut migrating = sqlx::postgres::PgConnection::connect_with(&options).await?;
    sqlx::Executor::execute(
        &mut migrating,
        "SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0",
    )
    .await?;
    sqlx::migrate!("./migrations").run(&mut migrating).await?;
    migrating.close().await?;
    Ok(pool)
}

/// Every route, with tracing, compression, body limit, timeout and JSON errors throughout.
pub fn router(state: AppState) -> Router {
    let sync = Router::new()
        .route("/push", post(api::push))
        .route("/pull", get(api::pull))
        .route("/track", post(api::track))
        .route("/site-key", get(api::site_key))
        .route("/drafts", post(api::save_draft))
        .route("/drafts/open", post(api::open_draft))
        .route("/drafts/claim", post(api::claim_draft))
        .route("/attachments", post(api::announce_attachment))
        .route(
            "/attachments/{id}",
            get(api::attachment_status).put(api::upload_attachment),
        )
        .route_layer(middleware::from_fn(extract::require_app_version))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            extract::require_protocol,
        ));
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/openapi.json", get(api::openapi_json))
        .route("/metrics", get(metrics::metrics))
        .route("/v1/devices", post(api::enroll))
        .route("/v1/devices/enroll", post(api::enroll_with_code))
        .route(
            "/v1/admin/applications/{tracking_number}",
            get(api::get_application),
        )
        .route(
            "/v1/admin/applications/{tracking_number}/status",
            post(api::set_status),
        )
        .route(
            "/v1/admin/devices/{device_id}/revoke",
            post(api::revoke_device),
        )
        .route(
            "/v1/admin/staff/{user_name}/disable",
            post(api::disable_staff),
        )
        .nest("/v1/sync", sync)
        .merge(staff::routes(&state))
        .merge(notary_api::routes(&state))
        .merge(legal_aid::routes(&state))
        .merge(staff_calls::routes(&state))
        .merge(desk::routes(&state))
        .merge(health::routes(&state))
        .merge(updates::routes(&state))
        .merge(console::routes())
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::map_response(api::json_errors))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::map_request(drop_odd_request_id))
        .with_state(state)
}

/// A client's `x-request-id` is kept when it is a plain token of at most 64 characters
/// (letters, digits, `-`, `_`, `.`, `:`); anything else is replaced by one of ours, so that
/// nothing a client sends makes a log line long or odd.
async fn drop_odd_request_id(mut request: axum::extract::Request) -> axum::extract::Request {
    let odd = request.headers().get("x-request-id").is_some_and(|v| {
        let b = v.as_bytes();
        b.is_empty()
            || b.len() > 64
            || !b
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':'))
    });
    if odd {
        request.headers_mut().remove("x-request-id");
    }
    request
}

/// The span of one request: its method, its route template (never the raw path, which may
/// hold a tracking number) and its request id (`x-request-id`, made here when the client sent
/// none, and echoed in the response).
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str())
        .unwrap_or(metrics::UNMATCHED);
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!("request", method = %request.method(), route, request_id = id)
}

/// A server running in the background.
#[derive(Debug)]
pub struct RunningServer {
    /// The bound address (the real port when started on port 0).
    pub addr: SocketAddr,
    pool: PgPool,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// The server's database pool (tests use it to look behind the API).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// `http://addr`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets running requests finish, closes the pool.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        match self.task.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "server stopped with an error"),
            Err(e) => tracing::error!(error = %e, "server task failed"),
        }
        self.pool.close().await;
    }

    /// Stops accepting and gives running requests `grace` to finish; those still running
    /// then are cut off. Closes the pool. True when every request finished in time.
    pub async fn shutdown_within(mut self, grace: Duration) -> bool {
        let _ = self.stop.send(());
        let finished = match tokio::time::timeout(grace, &mut self.task).await {
            Ok(Ok(Ok(()))) => true,
            Ok(Ok(Err(e))) => {
                tracing::error!(error = %e, "server stopped with an error");
                false
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, "server task failed");
                false
            }
            Err(_) => {
                tracing::warn!(
                    grace_seconds = grace.as_secs(),
                    "requests still running after the grace period are cut off"
                );
                self.task.abort();
                false
            }
        };
        if finished {
            self.pool.close().await;
        } else {
            // The connections of the requests cut off are still checked out; they close
            // (and PostgreSQL rolls their transactions back) when the process ends.
            let _ = tokio::time::timeout(Duration::from_secs(1), self.pool.close()).await;
        }
        finished
    }
}

/// Connects, migrates, binds and serves in a background task.
pub async fn start(config: Config) -> Result<RunningServer, ServerError> {
    start_with(config, Options::default()).await
}

/// [`start`], with [`Options`].
pub async fn start_with(config: Config, options: Options) -> Result<RunningServer, ServerError> {
    let pool = connect(&config.database_url).await?;
    let mut state = AppState::load(pool.clone(), &config.admin_token).await?;
    state.metrics_token = options.metrics_token.map(Into::into);
    let metrics = state.metrics.clone();
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(state);
    sms::spawn_worker(
        pool.clone(),
        Arc::new(sms::LogGateway::new(pool.clone())),
        metrics,
    );
    let counters = pool.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(600)).await;
            if let Err(e) = limits::forget_old_windows(&counters).await {
                tracing::warn!(code = e.code(), "old rate counters not dropped");
            }
        }
    });
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stopped.await;
        })
        .await
    });
    tracing::info!(%addr, "BorderDesk server listening");
    Ok(RunningServer {
        addr,
        pool,
        stop,
        task,
    })
}
