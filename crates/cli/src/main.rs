//! `throughline`: the plan file from a shell. Follows the CLI contract in
//! `shared/design/architecture.md`; every verb is a thin call into `throughline-app`.

mod commands;
mod export_command;
mod output;
mod review_commands;
mod session_commands;

use std::process::ExitCode;

use clap::Parser;

// glibc's malloc interleaves yrs's items with the store's buffers; mimalloc keeps typing through
// the plan file within reach of yrs alone (crates/app/benches/typing.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Last resort: a bug must still read as one line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("throughline: internal error{at}; please report it (your plan file was not changed by this command after the error)");
    }));
    let cli = match commands::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !output::is_broken_pipe(&e) {
                eprintln!("throughline: {}", output::one_line(&format!("{e:#}")));
            }
            ExitCode::from(1)
        }
    }
}
