//! The receipt as a one-page A4 PDF: an embedded, subsetted CJK font (with a ToUnicode map
//! so the text can be searched and copied), the QR code as vector squares.
//!
//! A4 rather than an 80 mm roll: a 回执 is a document people keep with their papers, the
//! halls' CUPS printers are office A4 printers, and an A4 page printed on a roll printer is
//! scaled down by CUPS but stays legible in its top half, where everything sits; an 80 mm page
//! sent to an A4 printer would be blown up to fill the sheet.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use crate::font::{self, FontFile, FontSource};
use crate::form::{FormDocument, GrayImage};
use crate::{ReceiptDocument, ReceiptError};

pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN: f32 = 56.7; // 20 mm
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const QR_SIZE: f32 = 102.0; // 36 mm: a phone or a desk scanner reads it from arm's length

pub(crate) const INK: f32 = 0.0;
pub(crate) const GREY: f32 = 0.35;
pub(crate) const RULE: f32 = 0.55;

/// Renders the receipt with the system's CJK font (see [`FontSource::system`]).
pub fn render_pdf(doc: &ReceiptDocument) -> Result<Vec<u8>, ReceiptError> {
    render_pdf_with(doc, &FontSource::system())
}

/// Renders the receipt with a font from `fonts`.
pub fn render_pdf_with(doc: &ReceiptDocument, fonts: &FontSource) -> Result<Vec<u8>, ReceiptError> {
    let loaded = font::load(fonts, &doc.all_text(), &doc.language)?;
    let regular = PdfFont::new(&loaded.regular)?;
    let bold = match &loaded.bold {
        Some(f) => Some(PdfFont::new(f)?),
        None => None,
    };
    let qr = QrModules::new(&doc.qr_payload).map_err(|e| ReceiptError::Qr(e.0))?;
    let mut page = Page::new(regular, bold);
    layout(doc, &qr, &mut page);
    page.finish(
        &doc.language,
        &format!("{} {}", doc.title, doc.tracking_number),
    )
}

/// Renders a form (one or more pages) with the system's CJK font.
pub fn render_form_pdf(doc: &FormDocument) -> Result<Vec<u8>, ReceiptError> {
    render_form_pdf_with(doc, &FontSource::system())
}

/// Renders a form with a font from `fonts`.
pub fn render_form_pdf_with(
    doc: &FormDocument,
    fonts: &FontSource,
) -> Result<Vec<u8>, ReceiptError> {
    let loaded = font::load(fonts, &doc.all_text(), &doc.language)?;
    let regular = PdfFont::new(&loaded.regular)?;
    let bold = match &loaded.bold {
        Some(f) => Some(PdfFont::new(f)?),
        None => None,
    };
    let mut page = Page::new(regular, bold);
    crate::form_layout::layout(doc, &mut page);
    let title = doc
        .pages
        .first()
        .map(|p| p.title.clone())
        .unwrap_or_default();
    page.finish(&doc.language, &format!("{title} {}", doc.print_title))
}

pub use borderdesk_core::qr::QrModules;

fn image_name(n: usize) -> String {
    format!("Im{n}")
}

#[derive(Clone, Copy)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// The pages being written: the one being drawn on and those before it, with the fonts and
/// pictures they share.
pub(crate) struct Page<'f> {
    pub(crate) content: Content,
    done: Vec<Content>,
    images: Vec<GrayImage>,
    regular: PdfFont<'f>,
    /// When the machine has a bold face; bold text is set in regular otherwise.
    bold: Option<PdfFont<'f>>,
}

impl<'f> Page<'f> {
    fn new(regular: PdfFont<'f>, bold: Option<PdfFont<'f>>) -> Self {
        Self {
            content: Content::new(),
            done: Vec::new(),
            images: Vec::new(),
            regular,
            bold,
        }
    }

    /// Ends the page being drawn on; what follows goes on a new one.
    pub(crate) fn new_page(&mut self) {
        let page = std::mem::replace(&mut self.content, Content::new());
        self.done.push(page);
    }

    /// Places `image` with its top-left corner at (x, y from the top), `w` by `h` points.
    pub(crate) fn image(&mut self, image: &GrayImage, x: f32, y: f32, w: f32, h: f32) {
        // The same picture on several pages (a signature) is embedded once.
        let index = match self.images.iter().position(|i| i == image) {
            Some(i) => i,
            None => {
                self.images.push(image.clone());
                self.images.len() - 1
            }
        };
        let name = image_name(index + 1);
        self.content
            .save_state()
            .transform([w, 0.0, 0.0, h, x, PAGE_H - y - h])
            .x_object(Name(name.as_bytes()))
            .restore_state();
    }
    fn font(&mut self, weight: Weight) -> (&mut PdfFont<'f>, Name<'static>) {
        match (weight, &mut self.bold) {
            (Weight::Bold, Some(bold)) => (bold, Name(b"F2")),
            _ => (&mut self.regular, Name(b"F1")),
        }
    }

    pub(crate) fn width(&mut self, weight: Weight, size: f32, text: &str) -> f32 {
        self.font(weight).0.width(text, size)
    }

    /// Writes `text` with its baseline at `y` measured from the top of the page.
    pub(crate) fn text(
        &mut self,
        weight: Weight,
        size: f32,
        gray: f32,
        x: f32,
        y: f32,
        text: &str,
    ) {
        let (font, name) = self.font(weight);
        let encoded = font.encode(text);
        self.content
            .set_fill_gray(gray)
            .begin_text()
            .set_font(name, size)
            .next_line(x, PAGE_H - y)
            .show(Str(&encoded))
            .end_text();
    }

    /// Writes `text` wrapped to `width`; returns the y of the last baseline.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn paragraph(
        &mut self,
        weight: Weight,
        size: f32,
        gray: f32,
        x: f32,
        y: f32,
        width: f32,
        leading: f32,
        text: &str,
    ) -> f32 {
        let lines = wrap(self.font(weight).0, size, width, text);
        let mut baseline = y;
        for (i, line) in lines.iter().enumerate() {
            baseline = y + i as f32 * leading;
            self.text(weight, size, gray, x, baseline, line);
        }
        baseline
    }

    /// `text` broken into lines no wider than `width`.
    pub(crate) fn lines(
        &mut self,
        weight: Weight,
        size: f32,
        width: f32,
        text: &str,
    ) -> Vec<String> {
        wrap(self.font(weight).0, size, width, text)
    }

    pub(crate) fn rule(&mut self, y: f32, thickness: f32, gray: f32) {
        self.content
            .set_stroke_gray(gray)
            .set_line_width(thickness)
            .move_to(MARGIN, PAGE_H - y)
            .line_to(PAGE_W - MARGIN, PAGE_H - y)
            .stroke();
    }

    /// The QR code with its top-left corner at (x, y from the top), `size` wide, including
    /// no quiet zone (the page around it is white). Runs of dark modules in a row become one
    /// rectangle.
    fn qr(&mut self, qr: &QrModules, x: f32, y: f32, size: f32) {
        let m = size / qr.width as f32;
        self.content.set_fill_gray(INK);
        for row in 0..qr.width {
            let mut col = 0;
            while col < qr.width {
                if !qr.dark[row * qr.width + col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < qr.width && qr.dark[row * qr.width + col] {
                    col += 1;
                }
                let top = PAGE_H - (y + row as f32 * m);
                self.content
                    .rect(x + start as f32 * m, top - m, (col - start) as f32 * m, m);
            }
        }
        self.content.fill_nonzero();
    }

    fn finish(mut self, language: &str, title: &str) -> Result<Vec<u8>, ReceiptError> {
        self.new_page();
        let mut next = 1;
        let mut alloc = || {
            let r = Ref::new(next);
            next += 1;
            r
        };
        let catalog_id = alloc();
        let pages_id = alloc();
        let info_id = alloc();
        let page_ids: Vec<(Ref, Ref)> = self.done.iter().map(|_| (alloc(), alloc())).collect();

        let mut pdf = Pdf::new();
        pdf.catalog(catalog_id)
            .pages(pages_id)
            .lang(TextStr(language));
        pdf.pages(pages_id)
            .kids(page_ids.iter().map(|(page, _)| *page))
            .count(page_ids.len() as i32);
        pdf.document_info(info_id)
            .title(TextStr(title))
            .creator(TextStr("BorderDesk"))
            .producer(TextStr("BorderDesk"));

        let mut font_refs = Vec::new();
        for (name, font) in [
            (Name(b"F1"), Some(&self.regular)),
            (Name(b"F2"), self.bold.as_ref()),
        ] {
            if let Some(font) = font {
                let type0 = alloc();
                font.write(&mut pdf, type0, &mut alloc)?;
                font_refs.push((name, type0));
            }
        }

        let mut image_refs = Vec::new();
        for (i, image) in self.images.iter().enumerate() {
            let id = alloc();
            let samples = deflate(&image.pixels);
            let mut xobject = pdf.image_xobject(id, &samples);
            xobject.filter(Filter::FlateDecode);
            xobject.width(image.width as i32);
            xobject.height(image.height as i32);
            xobject.color_space().device_gray();
            xobject.bits_per_component(8);
            xobject.finish();
            image_refs.push((image_name(i + 1), id));
        }

        for ((page_id, content_id), content) in page_ids.iter().zip(self.done) {
            let mut page = pdf.page(*page_id);
            page.parent(pages_id)
                .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
                .contents(*content_id);
            {
                let mut resources = page.resources();
                {
                    let mut fonts = resources.fonts();
                    for (name, r) in &font_refs {
                        fonts.pair(*name, *r);
                    }
                }
                if !image_refs.is_empty() {
                    let mut xobjects = resources.x_objects();
                    for (name, r) in &image_refs {
                        xobjects.pair(Name(name.as_bytes()), *r);
                    }
                }
            }
            page.finish();
            let content = deflate(&content.finish());
            pdf.stream(*content_id, &content)
                .filter(Filter::FlateDecode);
        }
        Ok(pdf.finish())
    }
}

/// Lays the receipt out top to bottom.
fn layout(doc: &ReceiptDocument, qr: &QrModules, page: &mut Page) {
    use Weight::*;
    let mut y = MARGIN + 12.0;
    page.text(Regular, 11.0, GREY, MARGIN, y, &doc.header);
    y += 30.0;
    page.text(Bold, 24.0, INK, MARGIN, y, &doc.title);
    if let Some(reprint) = &doc.reprint {
        let w = page.width(Bold, 13.0, reprint);
        page.text(Bold, 13.0, INK, PAGE_W - MARGIN - w, y, reprint);
    }
    y += 14.0;
    page.rule(y, 1.2, INK);

    // The number on the left, the QR code on the right.
    let top = y + 18.0;
    let qr_x = PAGE_W - MARGIN - QR_SIZE;
    page.qr(qr, qr_x, top, QR_SIZE);
    let payload_w = page.width(Regular, 8.0, &doc.qr_payload);
    page.text(
        Regular,
        8.0,
        GREY,
        qr_x + (QR_SIZE - payload_w) / 2.0,
        top + QR_SIZE + 11.0,
        &doc.qr_payload,
    );
    let caption_w = QR_SIZE + 40.0;
    let caption_end = page.paragraph(
        Regular,
        8.0,
        GREY,
        PAGE_W - MARGIN - caption_w,
        top + QR_SIZE + 23.0,
        caption_w,
        10.5,
        &doc.qr_caption,
    );

    let left_w = CONTENT_W - caption_w - 16.0;
    let mut ly = top + 14.0;
    page.text(Regular, 12.0, GREY, MARGIN, ly, &doc.number_label);
    ly += 40.0;
    let mut number_size = 34.0;
    while number_size > 18.0 && page.width(Bold, number_size, &doc.tracking_number_grouped) > left_w
    {
        number_size -= 2.0;
    }
    page.text(
        Bold,
        number_size,
        INK,
        MARGIN,
        ly,
        &doc.tracking_number_grouped,
    );
    ly += 12.0;
    if let Some(waiting) = &doc.waiting_to_send {
        ly += 20.0;
        let end = page.paragraph(
            Bold,
            11.0,
            INK,
            MARGIN + 10.0,
            ly,
            left_w - 20.0,
            15.0,
            waiting,
        );
        // A bar on the left marks it as a notice without shouting.
        page.content
            .set_fill_gray(INK)
            .rect(MARGIN, PAGE_H - (end + 4.0), 3.0, end - ly + 15.0)
            .fill_nonzero();
        ly = end + 4.0;
    }
    y = ly.max(caption_end) + 18.0;
    page.rule(y, 0.5, RULE);

    // Label / value rows.
    let label_size = 11.0;
    let value_size = 12.5;
    let leading = 18.0;
    let mut labels: Vec<&str> = doc.rows.iter().map(|(l, _)| l.as_str()).collect();
    labels.push(&doc.materials_label);
    let label_w = labels
        .iter()
        .map(|l| page.width(Regular, label_size, l))
        .fold(0.0_f32, f32::max)
        .min(CONTENT_W * 0.4);
    let value_x = MARGIN + label_w + 18.0;
    let value_w = PAGE_W - MARGIN - value_x;
    y += 26.0;
    // A row without a value (a device that knows no place name yet) is left out.
    for (label, value) in doc.rows.iter().filter(|(_, v)| !v.is_empty()) {
        page.text(Regular, label_size, GREY, MARGIN, y, label);
        y = page.paragraph(
            Regular, value_size, INK, value_x, y, value_w, leading, value,
        ) + 25.0;
    }
    // A slip without materials (the resume slip) leaves the section out.
    if !doc.materials_label.is_empty() {
        page.text(Regular, label_size, GREY, MARGIN, y, &doc.materials_label);
        if doc.materials.is_empty() {
            page.text(Regular, value_size, INK, value_x, y, &doc.materials_none);
        } else {
            let numbered = doc.materials.len() > 1;
            for (i, material) in doc.materials.iter().enumerate() {
                let line = if numbered {
                    format!("{}. {material}", i + 1)
                } else {
                    material.clone()
                };
                y = page.paragraph(
                    Regular, value_size, INK, value_x, y, value_w, leading, &line,
                );
                if i + 1 < doc.materials.len() {
                    y += leading + 2.0;
                }
            }
        }
        y += 22.0;
        page.rule(y, 0.5, RULE);
    }

    y += 22.0;
    if let Some(sample) = &doc.sample_notice {
        y = page.paragraph(Bold, 10.5, INK, MARGIN, y, CONTENT_W, 15.0, sample) + 20.0;
    }
    y = page.paragraph(
        Regular,
        10.5,
        GREY,
        MARGIN,
        y,
        CONTENT_W,
        15.0,
        &doc.track_hint,
    ) + 15.0;
    page.paragraph(
        Regular,
        10.5,
        GREY,
        MARGIN,
        y,
        CONTENT_W,
        15.0,
        &doc.keep_note,
    );
}

/// Breaks `text` into lines no wider than `width`: between Chinese characters, at spaces
/// between Latin words, never before closing punctuation.
fn wrap(font: &PdfFont, size: f32, width: f32, text: &str) -> Vec<String> {
    text.split('\n')
        .flat_map(|paragraph| wrap_line(font, size, width, paragraph))
        .collect()
}

fn wrap_line(font: &PdfFont, size: f32, width: f32, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for token in tokens(text)
        .into_iter()
        .flat_map(|t| fit_token(font, size, width, t))
    {
        let candidate = format!("{line}{token}");
        if font.width(candidate.trim_end(), size) <= width || line.trim().is_empty() {
            line = candidate;
            continue;
        }
        lines.push(line.trim_end().to_string());
        line = token.trim_start().to_string();
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A word wider than a whole line (a long number, an address typed without spaces) broken
/// between characters, so nothing runs out of its cell.
fn fit_token(font: &PdfFont, size: f32, width: f32, token: String) -> Vec<String> {
    if font.width(token.trim_end(), size) <= width {
        return vec![token];
    }
    let mut parts = Vec::new();
    let mut part = String::new();
    for c in token.chars() {
        part.push(c);
        if font.width(part.trim_end(), size) > width && part.chars().count() > 1 {
            part.pop();
            parts.push(std::mem::take(&mut part));
            part.push(c);
        }
    }
    if !part.is_empty() {
        parts.push(part);
    }
    parts
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn is_closing(c: char) -> bool {
    "，。、；：！？）」』》】〕,.;:!?)".contains(c)
}

/// Units that stay on one line: a Latin word with its trailing spaces, or one Chinese
/// character; closing punctuation sticks to what comes before it.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_joins = false; // the last token is a Latin word still being built
    for c in text.chars() {
        if c.is_whitespace() {
            if let Some(last) = out.last_mut() {
                last.push(' ');
            } else {
                out.push(" ".into());
            }
            prev_joins = false;
        } else if is_closing(c) && !out.is_empty() {
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        } else if is_cjk(c) {
            out.push(c.to_string());
            prev_joins = false;
        } else if prev_joins {
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        } else {
            out.push(c.to_string());
            prev_joins = true;
        }
    }
    out
}

/// One face of a font file as it goes into the PDF: the glyphs used so far and what they
/// stand for.
struct PdfFont<'f> {
    face: Face<'f>,
    file: &'f FontFile,
    remapper: GlyphRemapper,
    /// New glyph id (the CID) -> the text it writes, for the ToUnicode map.
    unicode: BTreeMap<u16, char>,
    scale: f32,
}

impl<'f> PdfFont<'f> {
    fn new(file: &'f FontFile) -> Result<Self, ReceiptError> {
        let face = Face::parse(&file.data, file.index).map_err(|e| ReceiptError::FontUnusable {
            path: file.path.clone(),
            reason: e.to_string(),
        })?;
        let scale = 1000.0 / f32::from(face.units_per_em().max(1));
        Ok(Self {
            face,
            file,
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
            scale,
        })
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.face.glyph_index(c).unwrap_or(GlyphId(0))
    }

    fn advance(&self, glyph: GlyphId) -> f32 {
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) * self.scale
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Two bytes per character: the glyph's id in the subset, which is its CID.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let glyph = self.glyph(c);
            let cid = self.remapper.remap(glyph.0);
            if glyph.0 != 0 {
                self.unicode.entry(cid).or_insert(c);
            }
            out.extend_from_slice(&cid.to_be_bytes());
        }
        out
    }

    /// Writes the Type0 font `type0` and what hangs off it: CID font, descriptor, the
    /// subsetted font program and the ToUnicode map.
    fn write(
        &self,
        pdf: &mut Pdf,
        type0: Ref,
        alloc: &mut impl FnMut() -> Ref,
    ) -> Result<(), ReceiptError> {
        let cid_id = alloc();
        let descriptor_id = alloc();
        let program_id = alloc();
        let cmap_id = alloc();

        let unusable = |reason: String| ReceiptError::FontUnusable {
            path: self.file.path.clone(),
            reason,
        };
        let subset = subsetter::subset(&self.file.data, self.file.index, &self.remapper)
            .map_err(|e| unusable(format!("subsetting: {e}")))?;
        let is_cff = self.face.tables().cff.is_some();
        let program: Vec<u8> = if is_cff {
            ttf_parser::RawFace::parse(&subset, 0)
                .ok()
                .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
                .ok_or_else(|| unusable("subset has no CFF table".into()))?
                .to_vec()
        } else {
            subset
        };

        let base = format!("{}+{}", self.subset_tag(), self.postscript_name());
        let base = Name(base.as_bytes());
        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        pdf.type0_font(type0)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);

        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(if is_cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(base)
        .system_info(system)
        .font_descriptor(descriptor_id)
        .default_width(0.0);
        if !is_cff {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|old| self.advance(GlyphId(old)))
            .collect();
        cid.widths().consecutive(0, widths);
        cid.finish();

        let s = self.scale;
        let bbox = self.face.global_bounding_box();
        let ascent = f32::from(self.face.ascender()) * s;
        let descent = f32::from(self.face.descender()) * s;
        let cap = self
            .face
            .capital_height()
            .map(|h| f32::from(h) * s)
            .unwrap_or(ascent);
        let weight = self.face.weight().to_number();
        let mut descriptor = pdf.font_descriptor(descriptor_id);
        descriptor
            .name(base)
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                f32::from(bbox.x_min) * s,
                f32::from(bbox.y_min) * s,
                f32::from(bbox.x_max) * s,
                f32::from(bbox.y_max) * s,
            ))
            .italic_angle(0.0)
            .ascent(ascent)
            .descent(descent)
            .cap_height(cap)
            .stem_v(10.0 + 0.244 * (f32::from(weight) - 50.0));
        if is_cff {
            descriptor.font_file3(program_id);
        } else {
            descriptor.font_file2(program_id);
        }
        descriptor.finish();

        let compressed = deflate(&program);
        let mut stream = pdf.stream(program_id, &compressed);
        stream.filter(Filter::FlateDecode);
        if is_cff {
            stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        } else {
            stream.pair(Name(b"Length1"), program.len() as i32);
        }
        stream.finish();

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
        for (cid, c) in &self.unicode {
            cmap.pair(*cid, *c);
        }
        let cmap = deflate(&cmap.finish());
        pdf.stream(cmap_id, &cmap).filter(Filter::FlateDecode);
        Ok(())
    }

    fn postscript_name(&self) -> String {
        self.face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .map(|n| n.chars().filter(|c| c.is_ascii_graphic()).collect())
            .filter(|n: &String| !n.is_empty())
            .unwrap_or_else(|| "BorderDeskCJK".to_string())
    }

    /// Six capital letters that differ between subsets, as PDF asks of subset font names.
    fn subset_tag(&self) -> String {
        let mut hash: u32 = 0x811c_9dc5;
        for g in self.remapper.remapped_gids() {
            for b in g.to_be_bytes() {
                hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
            }
        }
        (0..6)
            .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
            .collect()
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_between_chinese_characters_and_latin_words_but_not_before_punctuation() {
        assert_eq!(tokens("办结。请"), ["办", "结。", "请"]);
        assert_eq!(
            tokens("Done within 5 days."),
            ["Done ", "within ", "5 ", "days."]
        );
        assert_eq!(tokens("终端 1"), ["终", "端 ", "1"]);
    }

    #[test]
    fn the_qr_matrix_is_square_with_finder_patterns() {
        let qr = QrModules::new("BD:100010004272").unwrap();
        assert_eq!(qr.dark.len(), qr.width * qr.width);
        // Top-left finder: dark corner, dark ring, light separator at column 7.
        assert!(qr.dark[0] && qr.dark[6] && !qr.dark[7]);
    }
}
