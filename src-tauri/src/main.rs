//! The desktop app's entry point: runs the shell and reports a failure to start on one line.

// No console window on Windows release builds; irrelevant on Linux, harmless elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    match throughline_desktop::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("throughline: {e:#}");
            ExitCode::FAILURE
        }
    }
}
