//! Shared helpers: the demo plan, export inputs, scratch directories, external tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use chrono::NaiveDate;
use throughline_export::{ExportInput, PdfFonts, Signoff, VersionStamp};
use throughline_plan::{Plan, PlanContent};

/// The demo plan (`assets/demo/demo.json`).
pub fn demo() -> PlanContent {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/demo.json");
    let json = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the demo plan {}: {e}", path.display()));
    Plan::content_from_json(&json).expect("the demo plan parses")
}

pub fn exported_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 19).unwrap()
}

/// Fonts for PDF tests, found once per test run.
pub fn fonts() -> &'static PdfFonts {
    static FONTS: OnceLock<PdfFonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        PdfFonts::from_data(test_support::debian_fonts(&PdfFonts::FILES))
            .expect("Debian's Noto Sans files are fonts")
    })
}

/// The demo plan's adopted version with two sign-offs, findings included.
pub fn input(content: &PlanContent) -> ExportInput<'_> {
    let hash =
        "sha256:9f2c4e1ab37d5e08c6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7".to_string();
    ExportInput {
        content,
        version: Some(VersionStamp {
            label: "Adopted by the board".into(),
            at: "2026-06-18T20:15:00-07:00".into(),
            content_hash: hash.clone(),
        }),
        signoffs: vec![
            Signoff {
                name: "Dr. Teresa Alvarez".into(),
                role: "Superintendent".into(),
                at: "2026-06-18T21:02:00-07:00".into(),
                version_label: "Adopted by the board".into(),
                content_hash: hash.clone(),
            },
            Signoff {
                name: "Naomi Begay".into(),
                role: "Board of Education, Trustee Area 3".into(),
                at: "2026-06-19T08:30:00-07:00".into(),
                version_label: "Adopted by the board".into(),
                content_hash: hash,
            },
        ],
        include_findings: true,
        exported_on: exported_on(),
        fonts: Some(fonts()),
        lens: None,
        profile: None,
    }
}

/// A fresh directory under the target directory for files a test writes (kept for looking at).
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("export")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub use test_support::tool;

/// Runs a command; a failure shows its output.
pub fn run(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {shown}: {e}"));
    assert!(
        out.status.success(),
        "{shown} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `pdfinfo`'s report as text.
pub fn pdfinfo(pdf: &Path) -> String {
    let out = run(Command::new(tool("pdfinfo", "poppler-utils")).arg(pdf));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The page count `pdfinfo` reports.
pub fn pages(pdf: &Path) -> usize {
    pdfinfo(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gives no page count for {}", pdf.display()))
}

/// The PDF's text, as `pdftotext` extracts it.
pub fn pdf_text(pdf: &Path) -> String {
    let out = run(Command::new(tool("pdftotext", "poppler-utils"))
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders every page to a small greyscale image and returns, per page, how many pixels carry
/// ink: a blank page has none.
pub fn inked_pixels_per_page(pdf: &Path, dir: &Path) -> Vec<usize> {
    let prefix = dir.join("page");
    run(Command::new(tool("pdftoppm", "poppler-utils"))
        .args(["-gray", "-r", "24"])
        .arg(pdf)
        .arg(&prefix));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| inked(&std::fs::read(f).unwrap()))
        .collect()
}

/// Dark pixels in a binary PGM (P5) image.
fn inked(pgm: &[u8]) -> usize {
    // Header: "P5", width, height, maxval, each followed by whitespace.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 && i < pgm.len() {
        while i < pgm.len() && pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        while i < pgm.len() && !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    pgm[(i + 1).min(pgm.len())..]
        .iter()
        .filter(|&&v| v < 160)
        .count()
}

/// Converts a DOCX to a tagged PDF with LibreOffice, in a private profile so that tests running
/// at the same time do not share one.
pub fn libreoffice_pdf(docx: &Path, out_dir: &Path) -> PathBuf {
    let soffice = tool("soffice", "libreoffice-writer");
    let profile = out_dir.join("lo-profile");
    run(Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to"])
        .arg(r#"pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},"PDFUACompliance":{"type":"boolean","value":"true"}}"#)
        .arg("--outdir")
        .arg(out_dir)
        .arg(docx));
    let pdf = out_dir.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(
        pdf.is_file(),
        "LibreOffice wrote no PDF for {}",
        docx.display()
    );
    pdf
}

/// A Python with pikepdf, in a virtual environment under the target directory (made once).
pub fn python_with_pikepdf() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-venv");
            let python = venv.join("bin").join("python");
            let ready = || {
                Command::new(&python)
                    .args(["-c", "import pikepdf"])
                    .output()
                    .is_ok_and(|o| o.status.success())
            };
            if !ready() {
                let python3 = tool("python3", "python3-venv");
                let made = Command::new(python3).arg("-m").arg("venv").arg(&venv).output();
                assert!(
                    made.is_ok_and(|o| o.status.success()),
                    "cannot make a Python virtual environment (Debian package python3-venv); run scripts/setup"
                );
                run(Command::new(venv.join("bin").join("pip"))
                    .args(["install", "--quiet", "--disable-pip-version-check", "pikepdf>=9,<11"]));
                assert!(ready(), "pikepdf did not install into {}", venv.display());
            }
            python
        })
        .clone()
}

/// Runs our PDF accessibility checker; returns its report, failing on any problem it finds.
pub fn check_pdf_accessibility(pdf: &Path, ua1: bool) -> String {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/check_pdf_a11y.py");
    let mut cmd = Command::new(python_with_pikepdf());
    cmd.arg(script).arg(pdf);
    if ua1 {
        cmd.arg("--ua1");
    }
    let out = run(&mut cmd);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One file out of a DOCX package, as text.
pub fn docx_part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("the DOCX is a zip");
    let mut part = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("the DOCX has no {name}"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut part, &mut text).unwrap();
    text
}
