//! `word/document.xml`: the cover, the contents, and every section's blocks.

use std::fmt::Write as _;

use super::esc;
use crate::document::{Block, Chart, Document, Fact, ListItem, Mark, Span, Table};

/// The printable width between the margins (US Letter, 1-inch margins), in twentieths of a point.
pub(crate) const TEXT_WIDTH_TWIPS: u32 = 9360;
/// The same width in EMU, for drawings.
const TEXT_WIDTH_EMU: u64 = 5_943_600;

/// The document part, and what other parts must know about it.
pub(crate) struct Body {
    pub xml: String,
    /// The charts, in order; chart `n` is `word/charts/chart{n}.xml`, relationship `rIdChart{n}`.
    pub charts: Vec<Chart>,
    /// How many numbered lists there are; each restarts at 1 with its own `w:num`.
    pub ordered_lists: usize,
    /// The addresses links go to, in order; link `n` is relationship `rIdLink{n}`.
    pub links: Vec<String>,
}

struct Writer {
    x: String,
    charts: Vec<Chart>,
    ordered_lists: usize,
    bookmarks: usize,
    links: Vec<String>,
}

/// The `w:numId` of bulleted lists; numbered lists use 2, 3, ….
pub(crate) const BULLETS: usize = 1;

pub(crate) fn render(doc: &Document) -> Body {
    let mut w = Writer {
        x: String::with_capacity(256 * 1024),
        charts: Vec::new(),
        ordered_lists: 0,
        bookmarks: 0,
        links: Vec::new(),
    };
    w.x.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
        r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
        r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
        r#"xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">"#,
        "\n<w:body>\n"
    ));
    w.cover(doc);
    w.contents(doc);
    for section in &doc.sections {
        w.heading_with_bookmark("Heading1", &section.title, &bookmark(&section.anchor));
        for block in &section.blocks {
            w.block(block);
        }
    }
    w.x.push_str(concat!(
        r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>"#,
        r#"<w:footerReference w:type="first" r:id="rIdFooterFirst"/>"#,
        r#"<w:pgSz w:w="12240" w:h="15840"/>"#,
        r#"<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>"#,
        r#"<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>"#,
        "\n</w:body>\n</w:document>\n"
    ));
    Body {
        xml: w.x,
        charts: w.charts,
        ordered_lists: w.ordered_lists,
        links: w.links,
    }
}

/// A Word bookmark name for a section anchor (letters, digits and `_`).
fn bookmark(anchor: &str) -> String {
    anchor.replace('-', "_")
}

impl Writer {
    fn cover(&mut self, doc: &Document) {
        let c = &doc.cover;
        if !c.district.is_empty() {
            self.styled("CoverDistrict", &[Span::plain(&c.district)]);
        } else {
            self.styled("CoverDistrict", &[]);
        }
        self.styled("Title", &[Span::plain(&c.title)]);
        if !c.period.is_empty() {
            self.styled("Subtitle", &[Span::plain(&c.period)]);
        }
        for f in &c.facts {
            self.fact("CoverFact", f);
        }
    }

    /// The contents: a real Word TOC field (so Word's "Update table" and its references panel
    /// know it), whose cached result is each section linked to its heading with a PAGEREF
    /// field for its page. Word, asked by the settings to update fields on opening, rebuilds
    /// it; LibreOffice shows the cached result and lays out the PAGEREF fields itself, so a
    /// converted or printed copy has page numbers too. A TOC field with a plain-text cache
    /// would show none there until someone updated the index by hand, and a number we guessed
    /// into the cache could be wrong.
    fn contents(&mut self, doc: &Document) {
        self.styled("TOCHeading", &[Span::plain("Contents")]);
        let last = doc.sections.len().saturating_sub(1);
        for (i, s) in doc.sections.iter().enumerate() {
            let name = bookmark(&s.anchor);
            let open = if i == 0 {
                concat!(
                    r#"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>"#,
                    r#"<w:r><w:instrText xml:space="preserve"> TOC \o "1-1" \h \z \u </w:instrText></w:r>"#,
                    r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#
                )
            } else {
                ""
            };
            let close = if i == last {
                r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#
            } else {
                ""
            };
            let _ = writeln!(
                self.x,
                concat!(
                    r#"<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{open}"#,
                    r#"<w:hyperlink w:anchor="{name}" w:history="1"><w:r><w:t xml:space="preserve">{title}</w:t></w:r><w:r><w:tab/></w:r>"#,
                    r#"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF {name} \h </w:instrText></w:r>"#,
                    r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
                    r#"</w:hyperlink>{close}</w:p>"#
                ),
                open = open,
                close = close,
                name = name,
                title = esc(&s.title),
            );
        }
    }

    fn heading_with_bookmark(&mut self, style: &str, text: &str, name: &str) {
        self.bookmarks += 1;
        let id = self.bookmarks;
        let runs = self.runs(&[Span::plain(text)]);
        let _ = writeln!(
            self.x,
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:bookmarkStart w:id="{id}" w:name="{name}"/>{runs}<w:bookmarkEnd w:id="{id}"/></w:p>"#,
        );
    }

    fn styled(&mut self, style: &str, spans: &[Span]) {
        let runs = self.runs(spans);
        let _ = writeln!(
            self.x,
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>"#,
        );
    }

    fn fact(&mut self, style: &str, f: &Fact) {
        self.styled(
            style,
            &[
                Span::strong(format!("{}: ", f.label)),
                Span::plain(&f.value),
            ],
        );
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, text } => {
                let style = if *level <= 2 { "Heading2" } else { "Heading3" };
                self.styled(style, &[Span::plain(text)]);
            }
            Block::Paragraph { spans } => self.styled("BodyText", spans),
            Block::Note { text } => self.styled("Note", &[Span::plain(text)]),
            Block::Facts { facts } => {
                for f in facts {
                    self.fact("Fact", f);
                }
            }
            Block::List { ordered, items } => {
                let num = if *ordered {
                    self.ordered_lists += 1;
                    BULLETS + self.ordered_lists
                } else {
                    BULLETS
                };
                self.list(num, items, 0);
            }
            Block::Quote { paragraphs } => {
                for p in paragraphs {
                    self.styled("Quote", &[Span::plain(p)]);
                }
            }
            Block::Table(t) => self.table(t),
            Block::Chart(c) => self.chart(c),
            Block::Signatures { signers } => {
                for s in signers {
                    let who = s.heading();
                    if who.is_empty() {
                        self.sign_line(&[("Name and role", TEXT_WIDTH_TWIPS)]);
                    } else {
                        self.styled("Signer", &[Span::strong(who)]);
                    }
                    if !s.recorded.is_empty() {
                        self.styled("Note", &[Span::plain(&s.recorded)]);
                    }
                    self.sign_line(&[("Signature", 6400), ("Date", TEXT_WIDTH_TWIPS)]);
                }
            }
        }
    }

    /// A line to write on for each label, drawn by tab leaders so that it prints in Word and
    /// LibreOffice alike: the label, then underscores up to the tab stop's position.
    fn sign_line(&mut self, parts: &[(&str, u32)]) {
        let mut tabs = String::new();
        let mut runs = String::new();
        let mut from = 0;
        for (label, to) in parts {
            let _ = write!(
                tabs,
                r#"<w:tab w:val="left" w:leader="underscore" w:pos="{to}"/>"#
            );
            let gap = if from == 0 { "" } else { "    " };
            let _ = write!(
                runs,
                r#"<w:r><w:t xml:space="preserve">{gap}{}: </w:t></w:r><w:r><w:tab/></w:r>"#,
                esc(label)
            );
            from = *to;
        }
        let _ = writeln!(
            self.x,
            r#"<w:p><w:pPr><w:pStyle w:val="SignLine"/><w:tabs>{tabs}</w:tabs></w:pPr>{runs}</w:p>"#
        );
    }

    fn list(&mut self, num: usize, items: &[ListItem], level: usize) {
        for item in items {
            let runs = self.runs(&item.spans);
            let _ = writeln!(
                self.x,
                r#"<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>{runs}</w:p>"#,
                level.min(8),
            );
            if !item.children.is_empty() {
                self.list(BULLETS, &item.children, level + 1);
            }
        }
    }

    fn table(&mut self, t: &Table) {
        if !t.caption.is_empty() {
            self.styled("Caption", &[Span::plain(&t.caption)]);
        }
        let total: u32 = t.columns.iter().map(|c| u32::from(c.width.max(1))).sum();
        let widths: Vec<u32> = t
            .columns
            .iter()
            .map(|c| TEXT_WIDTH_TWIPS * u32::from(c.width.max(1)) / total.max(1))
            .collect();
        let _ = write!(
            self.x,
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="PlanTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="{}" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/><w:tblCaption w:val="{}"/></w:tblPr><w:tblGrid>"#,
            u8::from(t.row_headers),
            esc(&t.caption)
        );
        for w in &widths {
            let _ = write!(self.x, r#"<w:gridCol w:w="{w}"/>"#);
        }
        self.x.push_str("</w:tblGrid>\n");
        // The header row repeats on every page and is what assistive technology reads as the
        // column headers.
        self.x
            .push_str(r#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#);
        for (c, w) in t.columns.iter().zip(&widths) {
            self.cell(*w, &c.label, c.numeric, true);
        }
        self.x.push_str("</w:tr>\n");
        for row in &t.rows {
            self.x.push_str(r#"<w:tr><w:trPr><w:cantSplit/></w:trPr>"#);
            for (i, (c, w)) in t.columns.iter().zip(&widths).enumerate() {
                let value = row.get(i).map(String::as_str).unwrap_or("");
                self.cell(*w, value, c.numeric, i == 0 && t.row_headers);
            }
            self.x.push_str("</w:tr>\n");
        }
        self.x.push_str("</w:tbl>\n");
        // Word joins two tables that touch; a paragraph keeps them apart.
        self.x
            .push_str(r#"<w:p><w:pPr><w:pStyle w:val="AfterTable"/></w:pPr></w:p>"#);
        self.x.push('\n');
    }

    fn cell(&mut self, width: u32, text: &str, numeric: bool, header: bool) {
        let shading = if header {
            r#"<w:shd w:val="clear" w:color="auto" w:fill="E6ECF2"/>"#
        } else {
            ""
        };
        let jc = if numeric {
            r#"<w:jc w:val="right"/>"#
        } else {
            ""
        };
        let span = if header {
            Span::strong(text)
        } else {
            Span::plain(text)
        };
        let runs = self.runs(&[span]);
        let _ = write!(
            self.x,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>{jc}</w:pPr>{runs}</w:p></w:tc>"#,
        );
    }

    fn chart(&mut self, c: &Chart) {
        self.charts.push(c.clone());
        let n = self.charts.len();
        let height = TEXT_WIDTH_EMU / 2;
        let _ = writeln!(
            self.x,
            concat!(
                r#"<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing>"#,
                r#"<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{w}" cy="{h}"/>"#,
                r#"<wp:effectExtent l="0" t="0" r="0" b="0"/>"#,
                r#"<wp:docPr id="{n}" name="Chart {n}" descr="{descr}" title="{title}"/><wp:cNvGraphicFramePr/>"#,
                r#"<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">"#,
                r#"<c:chart r:id="rIdChart{n}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
            ),
            w = TEXT_WIDTH_EMU,
            h = height,
            n = n,
            descr = esc(&c.description),
            title = esc(&c.title)
        );
        self.styled("Caption", &[Span::plain(c.caption())]);
    }
}

impl Writer {
    /// Runs for spans; `\n` becomes a line break, and a linked span a hyperlink to an address
    /// of the document's relationships.
    fn runs(&mut self, spans: &[Span]) -> String {
        let mut out = String::new();
        for s in spans {
            let link = s.link.as_ref().map(|url| {
                self.links.push(url.clone());
                self.links.len()
            });
            if let Some(n) = link {
                let _ = write!(out, r#"<w:hyperlink r:id="rIdLink{n}" w:history="1">"#);
            }
            out.push_str("<w:r>");
            out.push_str(&run_properties(s));
            for (i, line) in s.text.split('\n').enumerate() {
                if i > 0 {
                    out.push_str("<w:br/>");
                }
                if !line.is_empty() {
                    out.push_str(r#"<w:t xml:space="preserve">"#);
                    out.push_str(&esc(line));
                    out.push_str("</w:t>");
                }
            }
            out.push_str("</w:r>");
            if link.is_some() {
                out.push_str("</w:hyperlink>");
            }
        }
        out
    }
}

/// A run's formatting, in the order the schema requires (`rStyle`, `b`, `i`, `strike`, `color`,
/// `u`).
fn run_properties(s: &Span) -> String {
    let mut props = String::new();
    if s.link.is_some() {
        props.push_str(r#"<w:rStyle w:val="Hyperlink"/>"#);
    }
    if s.strong {
        props.push_str("<w:b/><w:bCs/>");
    }
    if s.emphasis {
        props.push_str("<w:i/><w:iCs/>");
    }
    // A redline's marks as direct formatting rather than tracked changes: a board packet is
    // read and printed, and tracked changes print only if the reader's Word shows markup.
    match s.mark {
        Mark::None => {}
        Mark::Inserted => props.push_str(r#"<w:color w:val="1E6B34"/><w:u w:val="single"/>"#),
        Mark::Deleted => props.push_str(r#"<w:strike/><w:color w:val="9B1C1C"/>"#),
    }
    if props.is_empty() {
        props
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    }
}
