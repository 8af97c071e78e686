//! The little world the Typst compiler sees: our template as the main file, the plan as
//! `plan.json`, the fonts we were given, and a fixed date. Nothing else can be read.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

use super::PdfFonts;

const TEMPLATE: &str = include_str!("plan.typ");

/// The standard library, built once: `a11y-extras` gives tables their row headers.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    LazyHash::new(
        Library::builder()
            .with_features([Feature::A11yExtras].into_iter().collect())
            .build(),
    )
});

pub(crate) struct PlanWorld<'a> {
    fonts: &'a PdfFonts,
    main: Source,
    data: Bytes,
    today: Option<Datetime>,
}

impl<'a> PlanWorld<'a> {
    pub fn new(fonts: &'a PdfFonts, data: Vec<u8>, today: Option<Datetime>) -> PlanWorld<'a> {
        PlanWorld {
            fonts,
            main: Source::detached(TEMPLATE),
            data: Bytes::new(data),
            today,
        }
    }
}

impl World for PlanWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().get_without_slash();
        if path == "plan.json" {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(path.into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
