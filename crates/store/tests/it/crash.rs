//! Crash safety: a writer process is SIGKILLed at random moments (mid-append, mid-compaction,
//! mid-open) and every update it acknowledged must be in the file when it is reopened.
//!
//! The writer is this same test binary, re-run with `WRITER_ENV` set: it runs this test, sees
//! the variable and becomes the writer, printing `@@ack <seq> <n>` after each append returns.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{insert, text_of};
use test_support::Rng;
use throughline_store::PlanFile;
use yrs::Doc;

const WRITER_ENV: &str = "THROUGHLINE_STORE_CRASH_WRITER";
const TEST_NAME: &str = "acknowledged_updates_survive_sigkill";
const ROUNDS: u64 = 60;
/// A writer whose parent vanished must not run forever.
const MAX_APPENDS: u64 = 3000;

/// The name the test harness knows `test` by: its module path without the binary's own crate
/// name (`crash::acknowledged_updates_survive_sigkill` in the crate's one test binary), so that
/// `--exact` runs that one test in the child wherever this file sits. A name that matched
/// nothing would run no test at all: the writer would never ack and the reader never print.
fn harness_name(test: &str) -> String {
    let module = module_path!()
        .split_once("::")
        .map_or("", |(_, module)| module);
    if module.is_empty() {
        test.to_owned()
    } else {
        format!("{module}::{test}")
    }
}

fn token(round: u64, n: u64) -> String {
    format!("<{round}.{n}>")
}

#[test]
fn acknowledged_updates_survive_sigkill() {
    match std::env::var(WRITER_ENV) {
        Ok(spec) => writer(&spec),
        Err(_) => parent(),
    }
}

/// spec: "<path>|<round>|<compact: 0/1>|<seed>"
fn writer(spec: &str) {
    let parts: Vec<&str> = spec.split('|').collect();
    let path = PathBuf::from(parts[0]);
    let round: u64 = parts[1].parse().unwrap();
    let compacting = parts[2] == "1";
    let mut rng = Rng::new(parts[3].parse().unwrap());
    let out = std::io::stdout();
    let say = |line: String| {
        let mut out = out.lock();
        writeln!(out, "@@{line}").unwrap();
        out.flush().unwrap();
    };

    let mut file = PlanFile::open(&path).unwrap();
    let doc = Doc::new();
    file.load_into(&doc).unwrap();
    say(String::from("ready"));
    let mut next_compaction = 10 + rng.below(60);
    for n in 0..MAX_APPENDS {
        let at = if n % 3 == 0 { 0 } else { u32::MAX };
        let update = insert(&doc, at, &token(round, n));
        let seq = file.append(&update, "writer", n as i64).unwrap();
        say(format!("ack {seq} {n}"));
        if compacting && n == next_compaction {
            say(String::from("compacting"));
            if rng.below(2) == 0 {
                file.compact().unwrap();
            } else {
                file.compact_from_doc(&doc).unwrap();
            }
            say(String::from("compacted"));
            next_compaction = n + 5 + rng.below(40);
        }
    }
}

enum Kill {
    /// After this many acks, plus a random delay of up to `jitter_us`.
    AfterAcks { acks: u64, jitter_us: u64 },
    /// Right after the writer announces a compaction, plus a short random delay.
    DuringCompaction { jitter_us: u64 },
    /// A random moment from spawn: possibly while it opens and loads.
    AfterSpawn { delay_us: u64 },
}

fn parent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.throughline");
    PlanFile::create(&path, "crash", 0)
        .unwrap()
        .close()
        .unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng::new(0x5EED_CAFE);
    let mut acked: Vec<String> = Vec::new();
    let mut killed_during_compaction = 0;

    for round in 0..ROUNDS {
        let compacting = round % 3 != 0;
        let kill = match rng.below(5) {
            0 => Kill::AfterSpawn {
                delay_us: rng.below(40_000),
            },
            1 | 2 if compacting => Kill::DuringCompaction {
                jitter_us: rng.below(2_000),
            },
            _ => Kill::AfterAcks {
                acks: 1 + rng.below(60),
                jitter_us: rng.below(3_000),
            },
        };
        let seed = rng.next_u64();
        let mut child = Command::new(&exe)
            .args([
                &harness_name(TEST_NAME),
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                WRITER_ENV,
                format!("{}|{round}|{}|{seed}", path.display(), u8::from(compacting)),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let (lines_tx, lines) = mpsc::channel::<String>();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find("@@") {
                    let _ = lines_tx.send(line[at + 2..].to_owned());
                }
            }
        });

        let mut round_acks: Vec<u64> = Vec::new();
        let record = |line: &str, round_acks: &mut Vec<u64>| {
            if let Some(rest) = line.strip_prefix("ack ") {
                let n: u64 = rest.split(' ').nth(1).unwrap().parse().unwrap();
                round_acks.push(n);
            }
        };
        let wait = |lines: &mpsc::Receiver<String>| {
            lines
                .recv_timeout(Duration::from_secs(30))
                .expect("writer went silent")
        };
        let mut in_compaction = false;
        match kill {
            Kill::AfterSpawn { delay_us } => std::thread::sleep(Duration::from_micros(delay_us)),
            Kill::AfterAcks { acks, jitter_us } => {
                while (round_acks.len() as u64) < acks {
                    let line = wait(&lines);
                    record(&line, &mut round_acks);
                }
                std::thread::sleep(Duration::from_micros(jitter_us));
            }
            Kill::DuringCompaction { jitter_us } => {
                loop {
                    let line = wait(&lines);
                    record(&line, &mut round_acks);
                    if line == "compacting" {
                        break;
                    }
                }
                std::thread::sleep(Duration::from_micros(jitter_us));
                in_compaction = true;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        // Lines printed before the kill are acknowledgements too.
        for line in lines.try_iter() {
            if line == "compacted" {
                in_compaction = false;
            }
            record(&line, &mut round_acks);
        }
        if in_compaction {
            killed_during_compaction += 1;
        }
        acked.extend(round_acks.iter().map(|&n| token(round, n)));

        let mut file =
            PlanFile::open(&path).unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
        let doc = Doc::new();
        let report = file.load_into(&doc).unwrap();
        assert_eq!(report.quarantined, 0, "round {round}");
        assert!(!report.missing_updates, "round {round}");
        let text = text_of(&doc);
        for t in &acked {
            assert_eq!(
                text.matches(t.as_str()).count(),
                1,
                "round {round} (seed {seed}): acknowledged {t} lost"
            );
        }
        // Sometimes leave the WAL for the next writer, as a crashed app would.
        if rng.below(2) == 0 {
            file.close().unwrap();
        } else {
            drop(file);
        }
    }
    assert!(
        acked.len() > 100,
        "too few acknowledged updates to mean anything: {}",
        acked.len()
    );
    eprintln!(
        "crash test: {ROUNDS} kills, {} acknowledged updates verified, {killed_during_compaction} kills during compaction",
        acked.len()
    );
    check_integrity(&path);
}

fn check_integrity(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok");
}

const READER_ENV: &str = "THROUGHLINE_STORE_READER";
const READER_TEST: &str = "a_reader_in_another_process_leaves_the_writers_log_in_place";

/// The failure this guards against: the host opened the plan twice (its own connection, then
/// its relay's), the second open's probe read the header with a descriptor of its own and
/// closed it, which dropped the first connection's POSIX locks; a reader in another process
/// then took the exclusive lock at its close, checkpointed and unlinked the -wal the host was
/// still writing into. Every edit after that was invisible to other processes and lost on a
/// crash of the host.
#[test]
fn a_reader_in_another_process_leaves_the_writers_log_in_place() {
    if let Ok(spec) = std::env::var(READER_ENV) {
        // The reader: as `show` once did (read-write, then a close that checkpoints and, as
        // the last connection, deletes the log), or as it does now (read-only).
        let (mode, path) = spec.split_once('|').unwrap();
        let path = Path::new(path);
        let mut file = if mode == "rw" {
            PlanFile::open(path).unwrap()
        } else {
            PlanFile::open_read_only(path).unwrap()
        };
        let doc = Doc::new();
        file.load_into(&doc).unwrap();
        println!("@@text {}", text_of(&doc));
        file.close().unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hosted.throughline");
    PlanFile::create(&path, "hosted", 0)
        .unwrap()
        .close()
        .unwrap();
    let read_in_another_process = |mode: &str| -> String {
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                &harness_name(READER_TEST),
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(READER_ENV, format!("{mode}|{}", path.display()))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let at = stdout.find("@@text ").expect("the reader printed the plan");
        stdout[at + 7..].lines().next().unwrap_or("").to_owned()
    };

    let mut host = PlanFile::open(&path).unwrap();
    let doc = Doc::new();
    host.load_into(&doc).unwrap();
    host.append(&insert(&doc, 0, "before;"), "host", 1).unwrap();
    // The relay's own connection, opened beside the first as `serve` does.
    let relay = PlanFile::open(&path).unwrap();
    for mode in ["rw", "ro"] {
        assert!(read_in_another_process(mode).contains("before;"));
        assert!(
            common::wal_of(&path).exists(),
            "a {mode} reader deleted the host's write-ahead log"
        );
    }
    host.append(&insert(&doc, u32::MAX, "after;"), "host", 2)
        .unwrap();
    assert!(
        read_in_another_process("ro").contains("after;"),
        "the host's edit after the readers is not in the file others read"
    );
    let deleted: Vec<String> = std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .map(|p| p.display().to_string())
        .filter(|p| p.contains("hosted.throughline") && p.ends_with("(deleted)"))
        .collect();
    assert!(
        deleted.is_empty(),
        "the host writes into deleted files: {deleted:?}"
    );
    drop(relay);
    host.close().unwrap();
}
