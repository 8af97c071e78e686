//! The plan document as the formats see it: a cover, sections and a few kinds of block, already in
//! the users' words. Composing it once keeps the four formats saying the same thing; each format
//! only decides how a block looks.
//!
//! Every string in here is plain text. No renderer may treat it as markup.

use serde::Serialize;

/// The whole document.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Document {
    /// The title readers and assistive technology see (PDF title, DOCX `dc:title`, HTML `<title>`).
    pub title: String,
    /// BCP 47 language tag of the document's own words.
    pub lang: &'static str,
    /// Who the document is by (the district), for document properties.
    pub author: String,
    pub cover: Cover,
    /// The level-1 sections in reading order, sign-off and appendix included.
    pub sections: Vec<Section>,
}

/// The first page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Cover {
    pub district: String,
    pub title: String,
    /// The planning period, or empty.
    pub period: String,
    /// Version, status, dates, in the order shown.
    pub facts: Vec<Fact>,
}

/// A level-1 section.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Section {
    /// A stable anchor for links from the contents (`s-ledger`), unique in the document.
    pub anchor: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A label and its value ("Owner: Ana Ruiz").
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Fact {
    pub label: String,
    /// May hold line breaks (`\n`).
    pub value: String,
}

/// A run of text: bold, italic, a link, or none of these. `\n` inside is a line break.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Span {
    pub text: String,
    pub strong: bool,
    pub emphasis: bool,
    /// Where the words link to: only `http:`, `https:` and `mailto:` addresses (`prose` keeps
    /// no other), so no format ever carries a script or a local file as a link.
    pub link: Option<String>,
    pub mark: Mark,
}

/// Words a redline marks: only in the newer text, or only in the older. Each format shows the
/// mark in a way that survives printing in black and white and reading aloud (underline and
/// strike-through, or the HTML elements that say so), never by colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Mark {
    None,
    Inserted,
    Deleted,
}

/// One entry of a list, with entries nested under it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ListItem {
    pub spans: Vec<Span>,
    pub children: Vec<ListItem>,
}

/// A table whose first row is its header.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Table {
    pub caption: String,
    pub columns: Vec<Column>,
    /// Each row has one cell per column; a cell is plain text on one line.
    pub rows: Vec<Vec<String>>,
    /// The first cell of each row names the row (it becomes a row header).
    pub row_headers: bool,
}

/// A table column.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Column {
    pub label: String,
    /// Figures are right-aligned.
    pub numeric: bool,
    /// Relative width.
    pub width: u8,
}

/// Bars for two series (investments and sources) in each group (fiscal year), in one unit.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Chart {
    /// Its number among the document's figures, from 1 ("Figure 1. …").
    pub number: usize,
    pub title: String,
    /// The text alternative: every figure the chart shows, in words.
    pub description: String,
    pub series: [String; 2],
    pub groups: Vec<ChartGroup>,
    /// The top of the value axis (its last tick), so that every format scales its bars alike
    /// (at least 1).
    pub max: f64,
    /// The value axis's marks, from zero up, labelled by the plan's rule for the unit.
    pub ticks: Vec<Tick>,
    /// The values are dollars.
    pub money: bool,
}

/// A mark on a chart's value axis.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Tick {
    pub value: f64,
    pub label: String,
}

impl Chart {
    /// The caption every format prints under the chart: "Figure 1. Investments and …".
    pub fn caption(&self) -> String {
        format!("Figure {}. {}", self.number, self.title)
    }
}

/// One group of bars.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChartGroup {
    pub label: String,
    /// Bar heights in whole units (dollars, FTE…), never negative.
    pub values: [f64; 2],
    /// The same figures as people read them, short enough to print on a bar.
    pub labels: [String; 2],
}

/// A block of a section.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Block {
    /// A heading below the section's own: level 2 for an item, 3 for a part of one.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        spans: Vec<Span>,
    },
    /// Our own remark about the plan (not the team's words), set apart in italics.
    Note {
        text: String,
    },
    Facts {
        facts: Vec<Fact>,
    },
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    /// Words quoted from people (student voice).
    Quote {
        paragraphs: Vec<String>,
    },
    Table(Table),
    Chart(Chart),
    /// A signature and date line for each signer.
    Signatures {
        signers: Vec<Signer>,
    },
}

/// Someone who signs the document by hand, under what Throughline recorded of them.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Signer {
    /// Empty for a line left for whoever signs.
    pub name: String,
    pub role: String,
    /// "Signed in Throughline on June 18, 2026", or empty.
    pub recorded: String,
}

impl Signer {
    /// Lines for a signer Throughline knows nothing of: name and role are written by hand.
    pub fn blank() -> Signer {
        Signer {
            name: String::new(),
            role: String::new(),
            recorded: String::new(),
        }
    }

    /// "Name, role" as printed above the lines; empty for a blank signer.
    pub fn heading(&self) -> String {
        crate::text::join_nonempty([self.name.as_str(), self.role.as_str()], ", ")
    }
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            strong: false,
            emphasis: false,
            link: None,
            mark: Mark::None,
        }
    }

    pub fn strong(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            strong: true,
            emphasis: false,
            link: None,
            mark: Mark::None,
        }
    }

    pub fn marked(text: impl Into<String>, mark: Mark) -> Span {
        Span {
            text: text.into(),
            strong: false,
            emphasis: false,
            link: None,
            mark,
        }
    }
}

impl Fact {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Fact {
        Fact {
            label: label.into(),
            value: value.into(),
        }
    }
}

impl ListItem {
    pub fn text(text: impl Into<String>) -> ListItem {
        ListItem {
            spans: vec![Span::plain(text)],
            children: Vec::new(),
        }
    }
}

impl Column {
    pub fn text(label: impl Into<String>, width: u8) -> Column {
        Column {
            label: label.into(),
            numeric: false,
            width,
        }
    }

    pub fn figure(label: impl Into<String>, width: u8) -> Column {
        Column {
            label: label.into(),
            numeric: true,
            width,
        }
    }
}

impl Block {
    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading {
            level,
            text: text.into(),
        }
    }

    pub fn note(text: impl Into<String>) -> Block {
        Block::Note { text: text.into() }
    }
}

impl Document {
    /// Rewrites every piece of text in the document, e.g. to keep only what a format can show.
    pub fn map_text(&mut self, f: &mut impl FnMut(&str) -> String) {
        let mut each = |s: &mut String| *s = f(s);
        each(&mut self.title);
        each(&mut self.author);
        let c = &mut self.cover;
        each(&mut c.district);
        each(&mut c.title);
        each(&mut c.period);
        for fact in &mut c.facts {
            each(&mut fact.label);
            each(&mut fact.value);
        }
        for section in &mut self.sections {
            each(&mut section.title);
            for block in &mut section.blocks {
                block.map_text(&mut each);
            }
        }
    }
}

impl Block {
    fn map_text(&mut self, each: &mut impl FnMut(&mut String)) {
        match self {
            Block::Heading { text, .. } | Block::Note { text } => each(text),
            Block::Paragraph { spans } => spans.iter_mut().for_each(|s| each(&mut s.text)),
            Block::Facts { facts } => {
                for f in facts {
                    each(&mut f.label);
                    each(&mut f.value);
                }
            }
            Block::List { items, .. } => map_items(items, each),
            Block::Quote { paragraphs } => paragraphs.iter_mut().for_each(&mut *each),
            Block::Table(t) => {
                each(&mut t.caption);
                t.columns.iter_mut().for_each(|c| each(&mut c.label));
                t.rows.iter_mut().flatten().for_each(&mut *each);
            }
            Block::Signatures { signers } => {
                for s in signers {
                    each(&mut s.name);
                    each(&mut s.role);
                    each(&mut s.recorded);
                }
            }
            Block::Chart(c) => {
                each(&mut c.title);
                each(&mut c.description);
                c.series.iter_mut().for_each(&mut *each);
                for g in &mut c.groups {
                    each(&mut g.label);
                    g.labels.iter_mut().for_each(&mut *each);
                }
                c.ticks.iter_mut().for_each(|t| each(&mut t.label));
            }
        }
    }
}

fn map_items(items: &mut [ListItem], each: &mut impl FnMut(&mut String)) {
    for item in items {
        item.spans.iter_mut().for_each(|s| each(&mut s.text));
        map_items(&mut item.children, each);
    }
}
