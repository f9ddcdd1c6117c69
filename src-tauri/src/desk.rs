use std::sync::RwLock;

use borderdesk_core::Language;
use borderdesk_local::{LocalError, Store, SyncClient};

use crate::error::UiError;

/// The app's state, shared by all commands: the store, the sync client, the chosen language.
pub struct Desk {
    pub store: Store,
    pub sync: SyncClient,
    language: RwLock<Language>,
}

impl Desk {
    pub async fn open(store: Store) -> Result<Self, LocalError> {
        let language = store.device().await?.language;
        let sync = SyncClient::new(store.clone());
        Ok(Self {
            store,
            sync,
            language: RwLock::new(language),
        })
    }

    pub fn language(&self) -> Language {
        self.language.read().map(|l| *l).unwrap_or_default()
    }

    pub async fn set_language(&self, language: Language) -> Result<(), LocalError> {
        self.store.set_language(language).await?;
        if let Ok(mut l) = self.language.write() {
            *l = language;
        }
        Ok(())
    }

    /// Puts a store error into the person's language for the UI.
    pub fn ui(&self, e: LocalError) -> UiError {
        UiError::localize(&e, self.language())
    }
}
