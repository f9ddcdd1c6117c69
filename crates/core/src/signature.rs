//! A handwritten signature made on the screen (finger or mouse): the strokes as the pad drew
//! them, in the pad's own pixels. Strokes rather than a picture: they are small to seal, to sync
//! and to check, and every printer and page size draws them at its own resolution.
//!
//! What counts as a signature is decided here, once, for the kiosk's form and for the server
//! that receives it: a pad of a sensible size, points on the pad, not more strokes and points
//! than a hand makes, and enough ink that a stray tap is not taken for a name.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;

/// Narrowest and widest pad, in its pixels (its height is two fifths of that).
pub const MIN_PAD_SIZE: u32 = 100;
pub const MAX_PAD_SIZE: u32 = 4000;
/// Most strokes of one signature: a Chinese name of four characters written stroke by stroke
/// stays far below it.
pub const MAX_STROKES: usize = 200;
/// Most points of all strokes together (the pad drops points closer than a few pixels).
pub const MAX_POINTS: usize = 8000;
/// Least ink, as a share of the pad's width: a tap or a short slip of the finger is less.
const MIN_INK_SHARE: f64 = 0.25;

/// One point of a stroke: pixels from the pad's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignaturePoint {
    pub x: u32,
    pub y: u32,
}

/// The signature: the pad's size and each stroke from touch-down to lift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Signature {
    pub width: u32,
    pub height: u32,
    pub strokes: Vec<Vec<SignaturePoint>>,
}

impl Signature {
    /// Whether this can stand as the applicant's signature: `error-signature-empty` for a pad
    /// with (almost) nothing on it, `error-signature-unreadable` for anything a pad cannot have
    /// drawn (a point off the pad, a pad of no size, more than a hand writes).
    pub fn check(&self) -> Result<(), CoreError> {
        let size_ok = |s: u32| (MIN_PAD_SIZE..=MAX_PAD_SIZE).contains(&s);
        // The pad has the printed signature line's 5:2 shape (give or take 2 %): anything else
        // would be squeezed on paper, or a tall strip no pad draws.
        let (w, h) = (u64::from(self.width), u64::from(self.height));
        let shaped = (w * 2).abs_diff(h * 5) * 50 <= w * 2;
        if !size_ok(self.width) || !shaped || self.strokes.len() > MAX_STROKES {
            return Err(CoreError::SignatureUnreadable);
        }
        let points: usize = self.strokes.iter().map(Vec::len).sum();
        if points > MAX_POINTS {
            return Err(CoreError::SignatureUnreadable);
        }
        let on_pad = |p: &SignaturePoint| p.x <= self.width && p.y <= self.height;
        if !self.strokes.iter().flatten().all(on_pad) {
            return Err(CoreError::SignatureUnreadable);
        }
        if self.ink() < f64::from(self.width) * MIN_INK_SHARE {
            return Err(CoreError::SignatureEmpty);
        }
        Ok(())
    }

    /// The length of all strokes, in pad pixels.
    pub fn ink(&self) -> f64 {
        self.strokes
            .iter()
            .flat_map(|s| s.windows(2))
            .map(|w| {
                let dx = f64::from(w[1].x) - f64::from(w[0].x);
                let dy = f64::from(w[1].y) - f64::from(w[0].y);
                (dx * dx + dy * dy).sqrt()
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stroke(points: &[(u32, u32)]) -> Vec<SignaturePoint> {
        points
            .iter()
            .map(|&(x, y)| SignaturePoint { x, y })
            .collect()
    }

    fn pad(strokes: Vec<Vec<SignaturePoint>>) -> Signature {
        Signature {
            width: 600,
            height: 240,
            strokes,
        }
    }

    #[test]
    fn a_written_name_is_a_signature() {
        let sig = pad(vec![
            stroke(&[(40, 120), (120, 60), (200, 140)]),
            stroke(&[(240, 60), (240, 200)]),
        ]);
        assert_eq!(sig.check(), Ok(()));
        assert!(sig.ink() > 300.0);
    }

    #[test]
    fn an_empty_pad_or_a_tap_is_not_a_signature() {
        assert_eq!(pad(vec![]).check(), Err(CoreError::SignatureEmpty));
        assert_eq!(
            pad(vec![
                stroke(&[(300, 100)]),
                stroke(&[(310, 104), (330, 110)])
            ])
            .check(),
            Err(CoreError::SignatureEmpty)
        );
    }

    #[test]
    fn what_no_pad_draws_is_refused() {
        let off_pad = pad(vec![stroke(&[(10, 10), (601, 10)])]);
        assert_eq!(off_pad.check(), Err(CoreError::SignatureUnreadable));
        let tiny = Signature {
            width: 20,
            height: 8,
            strokes: vec![stroke(&[(0, 0), (20, 8)])],
        };
        assert_eq!(tiny.check(), Err(CoreError::SignatureUnreadable));
        // A tall strip (which would print as a huge picture) is no pad's shape.
        let strip = Signature {
            width: 100,
            height: 4000,
            strokes: vec![stroke(&[(50, 0), (50, 4000)])],
        };
        assert_eq!(strip.check(), Err(CoreError::SignatureUnreadable));
        let near = Signature {
            width: 602,
            height: 240,
            ..pad(vec![stroke(&[(40, 120), (560, 120)])])
        };
        assert_eq!(near.check(), Ok(()), "a pixel off the shape is still a pad");
        let many = pad(vec![stroke(&[(0, 0), (600, 0)]); MAX_STROKES + 1]);
        assert_eq!(many.check(), Err(CoreError::SignatureUnreadable));
        let dense = pad(vec![(0..=MAX_POINTS as u32)
            .map(|i| SignaturePoint { x: i % 600, y: 100 })
            .collect()]);
        assert_eq!(dense.check(), Err(CoreError::SignatureUnreadable));
    }
}
