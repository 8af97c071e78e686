use throughline_export::{export, Format};

use crate::support;

#[test]
fn dump_demo() {
    let content = support::demo();
    let input = support::input(&content);
    let dir = support::scratch("dump");
    for f in Format::ALL {
        let bytes = export(&input, f).unwrap();
        std::fs::write(dir.join(format!("demo.{}", f.extension())), bytes).unwrap();
    }
    eprintln!("{}", dir.display());
}
