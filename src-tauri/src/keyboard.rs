//! The on-screen keyboard (屏幕键盘) of a touch kiosk: whether it comes up by itself, and the
//! pinyin input method behind its candidate bar ([`borderdesk_core::ime`]). The method knows
//! the built-in vocabulary plus the names and keywords of the catalog now on the device; its
//! index is built on the first keystroke and again only when the catalog changed.

use std::sync::{Arc, Mutex};

use borderdesk_core::ime::{Candidate, Ime};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::desk::Desk;
use crate::WindowMode;

/// The most candidates one call returns (the UI pages through them).
pub const MAX_CANDIDATES: u32 = 100;

/// How the keyboard behaves on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct KeyboardSetup {
    /// A kiosk has no keyboard but its screen: the on-screen one comes up whenever a text
    /// field has focus. A clerk desk or a field laptop has a real keyboard: the on-screen one
    /// comes only when asked for.
    pub on_screen_by_default: bool,
}

/// Whether the keyboard comes up by itself (kiosk mode).
#[tauri::command]
pub fn keyboard_setup() -> KeyboardSetup {
    KeyboardSetup {
        on_screen_by_default: WindowMode::from_args_and_env(std::env::args().skip(1))
            == WindowMode::Kiosk,
    }
}

/// The index with the catalog it was built for (its size and a fingerprint of its codes).
static INDEX: Mutex<Option<(u64, Arc<Ime>)>> = Mutex::new(None);

fn fingerprint(codes: impl Iterator<Item = String>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in codes {
        c.hash(&mut h);
    }
    h.finish()
}

/// The input method for the catalog on the device, built when first asked or when the catalog
/// changed.
fn index(desk: &Desk) -> Arc<Ime> {
    let items = desk.store.catalog_search("", None);
    let print = fingerprint(items.iter().map(|i| i.code.clone()));
    let mut slot = INDEX.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((p, ime)) = slot.as_ref() {
        if *p == print {
            return ime.clone();
        }
    }
    let words = items
        .iter()
        .flat_map(|i| std::iter::once(i.name.zh_cn.clone()).chain(i.keywords.iter().cloned()));
    let ime = Arc::new(Ime::with_vocabulary(words));
    *slot = Some((print, ime.clone()));
    ime
}

/// What the letters typed so far (`letters`, pinyin) may mean, best first, at most `limit`
/// (up to [`MAX_CANDIDATES`]). Each candidate says how many of the letters it takes.
#[tauri::command]
pub fn keyboard_candidates(desk: State<'_, Desk>, letters: String, limit: u32) -> Vec<Candidate> {
    index(&desk).candidates(&letters, limit.min(MAX_CANDIDATES) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kiosk_shows_the_keyboard_by_itself_a_desk_does_not() {
        // The tests run without --kiosk and (normally) without BORDERDESK_MODE=kiosk.
        if std::env::var(crate::MODE_ENV).as_deref() != Ok("kiosk") {
            assert!(!keyboard_setup().on_screen_by_default);
        }
    }

    #[test]
    fn the_catalog_on_the_device_is_part_of_the_vocabulary() {
        let dir = tempfile::tempdir().unwrap();
        let store = tauri::async_runtime::block_on(borderdesk_local::Store::open(
            &dir.path().join("kb.sqlite"),
        ))
        .unwrap();
        let desk = tauri::async_runtime::block_on(Desk::open(store)).unwrap();
        let ime = index(&desk);
        assert_eq!(ime.candidates("lssfzm", 1)[0].text, "临时身份证明");
        // The same catalog, the same index.
        assert!(Arc::ptr_eq(&ime, &index(&desk)));
    }
}
