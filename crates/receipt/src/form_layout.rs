//! Lays a [`FormDocument`] out on A4 pages: each form starts on its own page; a table of
//! bordered label and value cells, section by section; a value longer than the page goes on
//! over the next one; the statement, then the signature block, kept together.

use crate::form::{FormDocument, FormPage};
use crate::pdf::{Page, Weight, CONTENT_W, GREY, INK, MARGIN, PAGE_H, PAGE_W};

const LABEL_W: f32 = 86.0;
const PAD: f32 = 4.0;
const LABEL_SIZE: f32 = 10.0;
const VALUE_SIZE: f32 = 10.5;
const LEADING: f32 = 14.5;
const HEADING_H: f32 = 22.0;
/// Lowest line of the table and text: below it sits the footer.
const BOTTOM: f32 = PAGE_H - MARGIN - 8.0;
/// The signature picture's box: the pad's 5:2.
const SIGNATURE_W: f32 = 170.0;
const SIGNATURE_H: f32 = 68.0;
const SIGNATURE_BLOCK_H: f32 = SIGNATURE_H + 28.0;
const LABEL_FILL: f32 = 0.94;
const HEADING_FILL: f32 = 0.86;

pub(crate) fn layout(doc: &FormDocument, page: &mut Page) {
    for (i, form) in doc.pages.iter().enumerate() {
        if i > 0 {
            page.new_page();
        }
        let mut writer = FormWriter {
            page,
            form,
            continued: &doc.continued,
            y: 0.0,
        };
        writer.form();
    }
}

struct FormWriter<'a, 'f> {
    page: &'a mut Page<'f>,
    form: &'a FormPage,
    continued: &'a str,
    /// Top of what comes next, from the top of the page.
    y: f32,
}

impl FormWriter<'_, '_> {
    fn form(&mut self) {
        self.top();
        for section in &self.form.sections {
            // A heading never sits alone at the foot of a page.
            if self.y + HEADING_H + LEADING + 2.0 * PAD > BOTTOM {
                self.next_page();
            }
            self.heading(&section.heading);
            for row in &section.rows {
                self.row(row);
            }
        }
        self.y += 14.0;
        // The declaration stays with the signature under it when both fit on a page.
        let statement_h: f32 = self
            .form
            .statement
            .iter()
            .map(|p| self.page.lines(Weight::Regular, 11.0, CONTENT_W, p).len() as f32 * 18.0 + 8.0)
            .sum();
        let signature_h = if self.form.signer_label.is_empty() {
            0.0
        } else {
            SIGNATURE_BLOCK_H
        };
        let together = statement_h + signature_h;
        if self.y + together > BOTTOM && together < BOTTOM - MARGIN - 20.0 {
            self.next_page();
        }
        for paragraph in &self.form.statement {
            self.paragraph(paragraph);
            self.y += 8.0;
        }
        if !self.form.signer_label.is_empty() {
            if self.y + SIGNATURE_BLOCK_H > BOTTOM {
                self.next_page();
            }
            self.signature();
        }
        self.footer();
    }

    /// Office, title and number.
    fn top(&mut self) {
        let form = self.form;
        let p = &mut *self.page;
        let y = MARGIN + 8.0;
        let w = p.width(Weight::Regular, 11.0, &form.header);
        p.text(
            Weight::Regular,
            11.0,
            GREY,
            (PAGE_W - w) / 2.0,
            y,
            &form.header,
        );
        let title_y = y + 34.0;
        let w = p.width(Weight::Bold, 20.0, &form.title);
        p.text(
            Weight::Bold,
            20.0,
            INK,
            (PAGE_W - w) / 2.0,
            title_y,
            &form.title,
        );
        let number_y = title_y + 24.0;
        let w = p.width(Weight::Regular, 10.0, &form.number_line);
        p.text(
            Weight::Regular,
            10.0,
            GREY,
            PAGE_W - MARGIN - w,
            number_y,
            &form.number_line,
        );
        self.y = number_y + 8.0;
    }

    fn footer(&mut self) {
        let form = self.form;
        let w = self.page.width(Weight::Regular, 8.0, &form.footer);
        self.page.text(
            Weight::Regular,
            8.0,
            GREY,
            (PAGE_W - w) / 2.0,
            PAGE_H - MARGIN / 2.0,
            &form.footer,
        );
    }

    /// Ends this page (with its footer) and goes on at the top of a new one, under the form's
    /// title marked as continued.
    fn next_page(&mut self) {
        self.footer();
        self.page.new_page();
        let title = format!("{}{}", self.form.title, self.continued);
        self.page
            .text(Weight::Regular, 10.0, GREY, MARGIN, MARGIN + 8.0, &title);
        self.y = MARGIN + 20.0;
    }

    fn cell(&mut self, x: f32, w: f32, h: f32, fill: Option<f32>) {
        let top = PAGE_H - self.y - h;
        if let Some(gray) = fill {
            self.page
                .content
                .set_fill_gray(gray)
                .rect(x, top, w, h)
                .fill_nonzero();
        }
        self.page
            .content
            .set_stroke_gray(INK)
            .set_line_width(0.6)
            .rect(x, top, w, h)
            .stroke();
    }

    fn heading(&mut self, text: &str) {
        self.cell(MARGIN, CONTENT_W, HEADING_H, Some(HEADING_FILL));
        self.page.text(
            Weight::Bold,
            11.0,
            INK,
            MARGIN + PAD,
            self.y + HEADING_H - 7.0,
            text,
        );
        self.y += HEADING_H;
    }

    /// One row of one or two label/value cells. A lone cell whose value is longer than the
    /// rest of the page goes on over the next one; a pair moves to the next page whole.
    fn row(&mut self, cells: &[(String, String)]) {
        let n = cells.len().max(1) as f32;
        let cell_w = CONTENT_W / n;
        let value_w = cell_w - LABEL_W - 2.0 * PAD;
        let mut wrapped: Vec<(Vec<String>, Vec<String>)> = cells
            .iter()
            .map(|(label, value)| {
                (
                    self.page
                        .lines(Weight::Regular, LABEL_SIZE, LABEL_W - 2.0 * PAD, label),
                    self.page.lines(Weight::Regular, VALUE_SIZE, value_w, value),
                )
            })
            .collect();
        let mut fresh = false;
        loop {
            let lines = wrapped
                .iter()
                .map(|(l, v)| l.len().max(v.len()))
                .max()
                .unwrap_or(1);
            let height = lines as f32 * LEADING + 2.0 * PAD;
            if self.y + height <= BOTTOM {
                self.draw_row(&wrapped, cell_w, lines);
                return;
            }
            if fresh && cells.len() > 1 {
                // A pair taller than a whole page: one under the other, each free to go on.
                for cell in cells {
                    self.row(std::slice::from_ref(cell));
                }
                return;
            }
            let room = ((BOTTOM - self.y - 2.0 * PAD) / LEADING).floor() as usize;
            if let ([(label, value)], [(label_text, _)]) = (wrapped.as_mut_slice(), cells) {
                if room >= 2 {
                    let rest = value.split_off(room.min(value.len()));
                    let first = vec![(label.clone(), std::mem::take(value))];
                    self.draw_row(&first, cell_w, room);
                    *value = rest;
                    *label = self.page.lines(
                        Weight::Regular,
                        LABEL_SIZE,
                        LABEL_W - 2.0 * PAD,
                        &format!("{label_text}{}", self.continued),
                    );
                }
            }
            self.next_page();
            fresh = true;
        }
    }

    fn draw_row(&mut self, cells: &[(Vec<String>, Vec<String>)], cell_w: f32, lines: usize) {
        let height = lines.max(1) as f32 * LEADING + 2.0 * PAD;
        for (i, (label, value)) in cells.iter().enumerate() {
            let x = MARGIN + i as f32 * cell_w;
            self.cell(x, LABEL_W, height, Some(LABEL_FILL));
            self.cell(x + LABEL_W, cell_w - LABEL_W, height, None);
            for (k, line) in label.iter().enumerate() {
                let baseline = self.y + PAD + LABEL_SIZE + k as f32 * LEADING;
                self.page
                    .text(Weight::Regular, LABEL_SIZE, GREY, x + PAD, baseline, line);
            }
            for (k, line) in value.iter().take(lines).enumerate() {
                let baseline = self.y + PAD + VALUE_SIZE + k as f32 * LEADING;
                self.page.text(
                    Weight::Regular,
                    VALUE_SIZE,
                    INK,
                    x + LABEL_W + PAD,
                    baseline,
                    line,
                );
            }
        }
        self.y += height;
    }

    fn paragraph(&mut self, text: &str) {
        let lines = self.page.lines(Weight::Regular, 11.0, CONTENT_W, text);
        for line in lines {
            if self.y + 18.0 > BOTTOM {
                self.next_page();
            }
            self.y += 18.0;
            self.page
                .text(Weight::Regular, 11.0, INK, MARGIN, self.y, &line);
        }
    }

    /// `申请人（签名）：` with the signature picture on its line, or an empty line to sign on;
    /// the date at the right.
    fn signature(&mut self) {
        let form = self.form;
        let top = self.y + 4.0;
        let baseline = top + SIGNATURE_H - 6.0;
        let p = &mut *self.page;
        p.text(
            Weight::Regular,
            11.0,
            INK,
            MARGIN,
            baseline,
            &form.signer_label,
        );
        let x = MARGIN + p.width(Weight::Regular, 11.0, &form.signer_label) + 8.0;
        if let Some(image) = &form.signature {
            p.image(image, x, top, SIGNATURE_W, SIGNATURE_H);
        } else {
            p.text(
                Weight::Regular,
                8.5,
                GREY,
                x,
                top + SIGNATURE_H + 14.0,
                &form.unsigned_note,
            );
        }
        p.content
            .set_stroke_gray(INK)
            .set_line_width(0.6)
            .move_to(x, PAGE_H - (top + SIGNATURE_H + 2.0))
            .line_to(x + SIGNATURE_W, PAGE_H - (top + SIGNATURE_H + 2.0))
            .stroke();
        let w = p.width(Weight::Regular, 11.0, &form.date_line);
        p.text(
            Weight::Regular,
            11.0,
            INK,
            PAGE_W - MARGIN - w,
            baseline,
            &form.date_line,
        );
        self.y = top + SIGNATURE_BLOCK_H;
    }
}
