//! Local store of a BorderDesk device: the SQLite cache, the outbox, and the sync client that
//! empties the outbox into the server and applies what the server sends back.

pub mod attachments;
pub mod card_reader;
pub mod crypto;
pub mod device_config;
pub mod error;
pub mod forget;
pub mod health;
pub mod lan;
pub mod legal_aid;
pub mod notary;
pub mod papers;
pub mod queue;
pub mod rating;
mod reference;
pub mod resume;
pub mod scanner;
pub mod speech;
pub mod staff;
pub mod store;
pub mod support;
pub mod sync;
pub mod update;

pub use error::{LocalError, Result};
pub use store::{default_database_path, SearchPage, Store, TrackedApplication};
pub use sync::{SyncClient, SyncReport, SyncStatus};
