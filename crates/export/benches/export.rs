//! Export time per format for the demo plan and for a large plan, and, in the same run,
//! LibreOffice converting our DOCX of the large plan to PDF (the PDF goal is to beat it).
//! Run in release: `cargo bench -p throughline-export`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use throughline_export::{export, ExportInput, Format, PdfFonts};
use throughline_plan::{Plan, PlanContent};

fn demo() -> PlanContent {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/demo.json");
    Plan::content_from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The demo plan with its strategies, tactics, measures, evidence and ledger lines repeated
/// (fresh ids, links kept within each copy): a plan of a large district, a few dozen pages
/// longer than the demo.
fn large() -> PlanContent {
    let base = demo();
    let mut plan = base.clone();
    for copy in 1..=2 {
        let tag = |id: &str| format!("{id}x{copy}");
        let tags = |ids: &[String]| ids.iter().map(|i| tag(i)).collect::<Vec<_>>();
        for s in &base.strategies {
            let mut s = s.clone();
            s.id = tag(&s.id);
            s.name = format!("{} (region {})", s.name, copy + 1);
            plan.strategies.push(s);
        }
        for t in &base.tactics {
            let mut t = t.clone();
            t.id = tag(&t.id);
            t.strategy = t.strategy.as_deref().map(tag);
            plan.tactics.push(t);
        }
        for m in &base.measures {
            let mut m = m.clone();
            m.id = tag(&m.id);
            m.strategies = tags(&m.strategies);
            plan.measures.push(m);
        }
        for e in &base.evidence {
            let mut e = e.clone();
            e.id = tag(&e.id);
            plan.evidence.push(e);
        }
        for l in &base.ledger {
            let mut l = l.clone();
            l.id = tag(&l.id);
            l.tactics = tags(&l.tactics);
            plan.ledger.push(l);
        }
    }
    plan
}

fn input<'a>(content: &'a PlanContent, fonts: &'a PdfFonts) -> ExportInput<'a> {
    ExportInput {
        content,
        version: None,
        signoffs: Vec::new(),
        include_findings: true,
        exported_on: NaiveDate::from_ymd_opt(2026, 6, 19).unwrap(),
        fonts: Some(fonts),
        lens: None,
        profile: None,
    }
}

/// The page count `pdfinfo` reports for a PDF file, if poppler is installed.
fn pages(pdf: &std::path::Path) -> String {
    Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()))
        })
        .unwrap_or_else(|| "?".into())
}

fn benches(c: &mut Criterion) {
    let fonts = PdfFonts::from_data(test_support::debian_fonts(&PdfFonts::FILES)).unwrap();
    let plans = [("demo", demo()), ("large", large())];
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-bench");
    let _ = std::fs::create_dir_all(&dir);
    for (name, content) in &plans {
        let input = input(content, &fonts);
        let pdf = dir.join(format!("{name}.typst.pdf"));
        std::fs::write(&pdf, export(&input, Format::Pdf).unwrap()).unwrap();
        eprintln!("{name} plan: our PDF has {} pages", pages(&pdf));
        let mut group = c.benchmark_group(format!("export/{name}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(8));
        for format in [Format::Markdown, Format::Html, Format::Docx, Format::Pdf] {
            group.bench_function(format.extension(), |b| {
                b.iter(|| export(&input, format).unwrap())
            });
        }
        group.finish();
    }

    // LibreOffice converting our DOCX of the large plan: what a district would otherwise do to
    // get a PDF. Timed as a subprocess, profile already warm.
    let docx = dir.join("large.docx");
    std::fs::write(
        &docx,
        export(&input(&plans[1].1, &fonts), Format::Docx).unwrap(),
    )
    .unwrap();
    let convert = || {
        let status = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.join("lo-profile").display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&dir)
            .arg(&docx)
            .output()
            .expect("soffice (libreoffice-writer) runs");
        assert!(status.status.success(), "LibreOffice converted the DOCX");
    };
    convert();
    eprintln!(
        "large plan: LibreOffice lays our DOCX out on {} pages",
        pages(&dir.join("large.pdf"))
    );
    let mut group = c.benchmark_group("libreoffice/large");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("docx-to-pdf", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                convert();
            }
            start.elapsed()
        })
    });
    group.finish();
}

criterion_group!(export_benches, benches);
criterion_main!(export_benches);
