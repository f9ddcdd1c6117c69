//! QR codes as BorderDesk draws them: on printed receipts (as modules), and on screens and the
//! county console (as SVG). Error correction M everywhere: a creased slip or a phone camera
//! held at an angle still reads.

use qrcode::{Color, EcLevel, QrCode};

/// The text is too long for any QR code (about 2.3 KB at level M).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("too long for a QR code: {0}")]
pub struct QrTooLong(pub String);

/// The dark and light modules of the QR code for `payload`, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrModules {
    pub width: usize,
    /// Row by row, `true` is dark.
    pub dark: Vec<bool>,
}

impl QrModules {
    pub fn new(payload: &str) -> Result<Self, QrTooLong> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .map_err(|e| QrTooLong(e.to_string()))?;
        Ok(Self {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// As an SVG image: one square per dark module, four modules of quiet zone, black on
    /// white (what every scanner reads), `scale` pixels a module.
    pub fn svg(&self, scale: usize) -> String {
        let size = self.width + 8;
        let mut path = String::new();
        for (i, dark) in self.dark.iter().enumerate() {
            if *dark {
                let (x, y) = (i % self.width + 4, i / self.width + 4);
                path.push_str(&format!("M{x} {y}h1v1h-1z"));
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
             width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\" aria-hidden=\"true\">\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
             <path d=\"{path}\" fill=\"#000\"/></svg>",
            px = size * scale,
        )
    }
}

/// The QR code of `text` as an SVG image, 5 pixels a module.
pub fn qr_svg(text: &str) -> Result<String, QrTooLong> {
    Ok(QrModules::new(text)?.svg(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_makes_a_small_code_and_an_svg_with_a_quiet_zone() {
        let qr = QrModules::new("BD:100010004272").unwrap();
        assert_eq!(qr.dark.len(), qr.width * qr.width);
        let svg = qr.svg(5);
        let size = qr.width + 8;
        assert!(
            svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")),
            "{svg}"
        );
        // The top-left finder pattern starts at the quiet zone's edge.
        assert!(svg.contains("M4 4h1v1h-1z"), "{svg}");
    }

    #[test]
    fn too_much_text_is_refused_not_cut() {
        assert!(QrModules::new(&"字".repeat(2000)).is_err());
    }
}
