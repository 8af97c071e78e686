//! Any bytes another program appends to a plan file's update log: quarantined or logged, and
//! the file still opens into a plan that reads; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline_plan::Plan;
use throughline_store::PlanFile;

fuzz_target!(
    init: {
        // libFuzzer's hook aborts on every panic, even one our code catches on purpose (yrs
        // panics on some updates, and every yrs call on outside bytes runs under
        // catch_unwind). A panic that escapes still aborts: the harness catches it itself.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
    // A fresh file each run, in memory-backed /dev/shm when there is one.
    let dir = std::path::Path::new("/dev/shm");
    let base = if dir.is_dir() { dir.to_path_buf() } else { std::env::temp_dir() };
    let path = base.join(format!("throughline-fuzz-{}.throughline", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let Ok(mut file) = PlanFile::create(&path, "fuzz", 0) else {
        return;
    };
    let _ = file.append(data, "fuzzer", 1);
    let plan = Plan::empty(42);
    if file.load_into(plan.doc()).is_ok() {
        let _ = plan.content();
    }
    drop(file);
    let _ = std::fs::remove_file(&path);
    }
);
