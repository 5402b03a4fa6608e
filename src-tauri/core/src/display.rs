//! How the window looks on this laptop: text size and high contrast, chosen once for every
//! screen and kept in the data file, so the choice survives a restart (and a flat battery)
//! and travels with the data on a USB stick.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::{Store, StoreError, settings};

const SETTING: &str = "display";
/// Text sizes on offer: 0 is normal, 3 the largest (1.75 times normal, set in the window).
pub const LARGEST_TEXT: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Display {
    /// 0 (normal) to [`LARGEST_TEXT`].
    pub text_size: u8,
    pub high_contrast: bool,
}

/// The saved choice, or the normal look if none was saved or it cannot be read.
pub fn load(store: &Store) -> Result<Display, StoreError> {
    let display: Display = settings::get(store.conn(), SETTING)
        .map_err(|e| store.error(e))?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    Ok(Display {
        text_size: display.text_size.min(LARGEST_TEXT),
        ..display
    })
}

pub fn save(store: &Store, display: &Display) -> Result<Display, StoreError> {
    let kept = Display {
        text_size: display.text_size.min(LARGEST_TEXT),
        ..*display
    };
    let json = serde_json::to_string(&kept).unwrap_or_default();
    settings::set(store.conn(), SETTING, &json).map_err(|e| store.error(e))?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_is_kept_and_held_to_the_sizes_on_offer() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(load(&store).unwrap(), Display::default());
        let chosen = Display {
            text_size: 2,
            high_contrast: true,
        };
        save(&store, &chosen).unwrap();
        assert_eq!(load(&store).unwrap(), chosen);
        let too_big = save(
            &store,
            &Display {
                text_size: 40,
                high_contrast: false,
            },
        )
        .unwrap();
        assert_eq!(too_big.text_size, LARGEST_TEXT);
        assert_eq!(load(&store).unwrap().text_size, LARGEST_TEXT);
    }
}
