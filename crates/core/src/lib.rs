//! BorderDesk's domain: the services catalog, applications and their states, tracking numbers
//! and the offline validators (ID number, phone, credit code). Pure data and rules, no I/O, so
//! the app, the device tools and the server all decide the same way.

pub mod application;
pub mod attachment;
pub mod catalog;
pub mod enrollment;
pub mod error;
pub mod fleet;
pub mod id_card;
pub mod ime;
pub mod language;
pub mod legal_aid;
pub mod materials;
pub mod notary;
pub mod qr;
pub mod rating;
pub mod resume;
pub mod rollout;
pub mod search;
pub mod signature;
pub mod staff;
pub mod time;
pub mod tracking;
pub mod validate;

pub use application::{Application, ApplicationDraft, ApplicationStatus, AssistedBy, Receipt};
pub use catalog::{CatalogItem, LocalizedText, Question, QuestionKind};
pub use error::CoreError;
pub use language::Language;
pub use tracking::{DeviceCode, TrackingNumber};
