//! Typing on the desktop's real path, beside its anchor in the same run. A person types into a
//! strategy's description in the demo plan while hosting a retreat that one laptop has joined.
//! Each keystroke is the Yjs update the UI's copy of the plan makes, handed to
//! `DesktopSession::receive_update` (what the `receive_update` command calls): decoded, committed
//! to the plan file, applied, then sent to the room. Two times per keystroke: until
//! `receive_update` returns (committed), and until the joined laptop (a plain websocket client
//! on loopback) has the update (committed and relayed). A copy of the same plan open on a
//! laptop alone takes the same keystrokes too, to split what hosting adds.
//!
//! The anchor, per keystroke: yrs decoding and applying the same update to a bare document
//! holding the same plan, plus a bare SQLite INSERT + COMMIT of the same bytes (WAL,
//! synchronous = FULL, a file on the same disk). Goal: committed and relayed within 1.3× of the
//! anchor's sum. The two sides alternate in blocks, so the disk's drifting fsync rate hits both;
//! the ratios are medians of per-block ratios (this machine drifts ±30% between runs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{add_strategy, bench_dir, edit_command, keystrokes, median, summarize, us};
use futures_util::StreamExt;
use test_support::anchor::{bare_commit, bare_log};
use throughline_app::desktop::{DesktopHome, DesktopSession};
use throughline_plan::Plan;
use tokio_tungstenite::tungstenite::Message;
use yrs::updates::decoder::Decode;
use yrs::{Transact, Update};

/// Keystrokes per block; blocks alternate between the two sides.
const BLOCK: usize = 250;
const BLOCKS: usize = 10;
/// Commits before measuring: a new file's first ~1,000 commits cost twice the fsync (the WAL
/// has not wrapped yet); a person's plan file is long past that.
const WARMUP: usize = 1500;
/// The UI's copy of the plan: a Yjs client of its own.
const UI_CLIENT: u64 = 7;

/// The joined laptop: reads every frame, and reports the arrival time of each document update
/// (y-protocols: message type 0 sync, 2 update).
fn joined_laptop(runtime: &tokio::runtime::Runtime, url: &str) -> mpsc::Receiver<Instant> {
    let (mut socket, _) = runtime
        .block_on(tokio_tungstenite::connect_async(url))
        .unwrap();
    let (arrived, arrivals) = mpsc::channel();
    runtime.spawn(async move {
        while let Some(Ok(message)) = socket.next().await {
            if let Message::Binary(bytes) = message {
                if bytes.starts_with(&[0, 2]) && arrived.send(Instant::now()).is_err() {
                    return;
                }
            }
        }
    });
    arrivals
}

/// Per keystroke: until committed, and until the joined laptop has it.
#[derive(Default)]
struct Ours {
    committed: Vec<Duration>,
    relayed: Vec<Duration>,
}

/// Per keystroke: yrs decoding and applying, and the bare commit, and their sum.
#[derive(Default)]
struct Anchor {
    yrs: Vec<Duration>,
    sqlite: Vec<Duration>,
    sum: Vec<Duration>,
}

fn mean(v: &[Duration]) -> f64 {
    v.iter().map(Duration::as_secs_f64).sum::<f64>() / v.len() as f64
}

fn row(label: &str, lat: &[Duration]) {
    let mut lat = lat.to_vec();
    let s = summarize(&mut lat);
    println!(
        "{label:<52} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
        mean(&lat) * 1e6,
        us(s.p50),
        us(s.p99),
        us(s.max)
    );
}

// The same allocator as the shipped binaries, so the figures are what people get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = bench_dir();
    let mut session = DesktopSession::new(
        DesktopHome::at(&dir.path().join("plans"), &dir.path().join("data")),
        "Ana Ruiz",
        None,
    );
    let opened = session.open_demo().unwrap();
    // The same plan on a laptop alone (a copy of the file, before anyone edits it), to split
    // what hosting adds from what the plan file and model cost.
    session.close_plan().unwrap();
    let alone_dir = dir.path().join("alone");
    std::fs::create_dir_all(&alone_dir).unwrap();
    let alone_path = alone_dir.join("demo.throughline");
    std::fs::copy(&opened.path, &alone_path).unwrap();
    let mut alone = DesktopSession::new(
        DesktopHome::at(&alone_dir, &dir.path().join("alone-data")),
        "Ana Ruiz",
        None,
    );
    alone.open_plan(&alone_path.to_string_lossy()).unwrap();
    session.open_plan(&opened.path).unwrap();
    let hosting = session.host_plan().unwrap();
    let editor = hosting
        .links
        .iter()
        .find(|l| l.role == "editor")
        .expect("an editor's link");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The peer's reads run on a thread of their own, as a laptop's would.
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let arrivals = joined_laptop(&runtime, &editor.url);
    let reading = std::thread::spawn(move || {
        runtime.block_on(async {
            let _ = tokio::task::spawn_blocking(move || stopped.recv()).await;
        })
    });

    // The UI's copy and the anchor's bare document both start from the opened plan.
    let ui = Plan::empty(UI_CLIENT);
    ui.apply_update(&opened.state).unwrap();
    let bare_doc = yrs::Doc::new();
    bare_doc
        .transact_mut()
        .apply_update(Update::decode_v1(&opened.state).unwrap())
        .unwrap();
    let bare = bare_log(&dir.path().join("bare.db"));

    // Every keystroke is typed once, into a strategy of its own per block, so both sides get
    // the same bytes: (the update adding the strategy, each keystroke's update).
    let type_into = |name: &str, n: usize, seed: u64| {
        let (at, added) = add_strategy(&ui, name);
        let keys: Vec<Vec<u8>> = keystrokes(n, seed)
            .iter()
            .map(|e| ui.apply(&edit_command(&at, e)).unwrap().update)
            .collect();
        (added, keys)
    };
    let warm = type_into("warm-up", WARMUP, 3);
    let blocks: Vec<_> = (0..3 * BLOCKS)
        .map(|b| type_into(&format!("block {b}"), BLOCK, 11 + b as u64))
        .collect();

    let ours_block =
        |session: &mut DesktopSession, (added, keys): &(Vec<u8>, Vec<Vec<u8>>), out: &mut Ours| {
            assert!(session.receive_update(added).unwrap());
            arrivals.recv_timeout(Duration::from_secs(10)).unwrap();
            for key in keys {
                let t = Instant::now();
                assert!(session.receive_update(key).unwrap());
                out.committed.push(t.elapsed());
                let arrived = arrivals.recv_timeout(Duration::from_secs(10)).unwrap();
                out.relayed.push(arrived.duration_since(t));
            }
        };
    let anchor_block = |(added, keys): &(Vec<u8>, Vec<Vec<u8>>), out: &mut Anchor| {
        bare_doc
            .transact_mut()
            .apply_update(Update::decode_v1(added).unwrap())
            .unwrap();
        bare_commit(&bare, added);
        for key in keys {
            let t = Instant::now();
            bare_doc
                .transact_mut()
                .apply_update(Update::decode_v1(key).unwrap())
                .unwrap();
            let applied = t.elapsed();
            bare_commit(&bare, key);
            let sqlite = t.elapsed() - applied;
            out.yrs.push(applied);
            out.sqlite.push(sqlite);
            out.sum.push(applied + sqlite);
        }
    };

    // Alone, every update goes to both copies (the hosted one untimed), so they stay alike.
    let alone_block = |alone: &mut DesktopSession,
                       (added, keys): &(Vec<u8>, Vec<Vec<u8>>),
                       out: &mut Vec<Duration>| {
        assert!(alone.receive_update(added).unwrap());
        for key in keys {
            let t = Instant::now();
            assert!(alone.receive_update(key).unwrap());
            out.push(t.elapsed());
        }
    };
    let alone_catch_up = |alone: &mut DesktopSession, (added, keys): &(Vec<u8>, Vec<Vec<u8>>)| {
        alone.receive_update(added).unwrap();
        for key in keys {
            alone.receive_update(key).unwrap();
        }
    };

    ours_block(&mut session, &warm, &mut Ours::default());
    alone_catch_up(&mut alone, &warm);
    anchor_block(&warm, &mut Anchor::default());

    let (mut ours, mut anchor, mut by_itself) = (Ours::default(), Anchor::default(), Vec::new());
    let mut ratios_committed = Vec::new();
    let mut ratios_relayed = Vec::new();
    let mut ratios_alone = Vec::new();
    let started = Instant::now();
    for (b, three) in blocks.chunks(3).enumerate() {
        let (mut o, mut a, mut l) = (Ours::default(), Anchor::default(), Vec::new());
        // Each side types its own block into every copy; only its own is timed. Rotated, so
        // no side always runs first.
        for (k, block) in three.iter().enumerate() {
            match (b + k) % 3 {
                0 => {
                    ours_block(&mut session, block, &mut o);
                    alone_catch_up(&mut alone, block);
                    anchor_block(block, &mut Anchor::default());
                }
                1 => {
                    anchor_block(block, &mut a);
                    ours_block(&mut session, block, &mut Ours::default());
                    alone_catch_up(&mut alone, block);
                }
                _ => {
                    alone_block(&mut alone, block, &mut l);
                    ours_block(&mut session, block, &mut Ours::default());
                    anchor_block(block, &mut Anchor::default());
                }
            }
        }
        ratios_committed.push(mean(&o.committed) / mean(&a.sum));
        ratios_relayed.push(mean(&o.relayed) / mean(&a.sum));
        ratios_alone.push(mean(&l) / mean(&a.sum));
        ours.committed.extend(o.committed);
        ours.relayed.extend(o.relayed);
        anchor.yrs.extend(a.yrs);
        anchor.sqlite.extend(a.sqlite);
        anchor.sum.extend(a.sum);
        by_itself.extend(l);
    }
    let wall = started.elapsed();
    session.close_plan().unwrap();
    alone.close_plan().unwrap();
    drop(stop);
    reading.join().unwrap();

    println!();
    println!(
        "typing on the desktop's real path: the demo plan, hosted with one laptop joined, and alone; {BLOCKS} blocks of {BLOCK} keystrokes each side, rotating, {:.1} s",
        wall.as_secs_f64()
    );
    println!(
        "{:<52} {:>8} {:>8} {:>8} {:>8}",
        "per keystroke (µs)", "mean", "p50", "p99", "max"
    );
    row("anchor: yrs decode + apply (bare document)", &anchor.yrs);
    row("anchor: bare SQLite INSERT + COMMIT", &anchor.sqlite);
    row("anchor: sum", &anchor.sum);
    row("receive_update, plan alone: committed", &by_itself);
    row(
        "receive_update, hosted: committed (returned)",
        &ours.committed,
    );
    row(
        "receive_update, hosted: committed and relayed",
        &ours.relayed,
    );
    println!(
        "÷ anchor sum (medians of per-block ratios of means): alone {:.2}x; hosted, committed {:.2}x; hosted, committed and relayed {:.2}x",
        median(&ratios_alone),
        median(&ratios_committed),
        median(&ratios_relayed)
    );
    println!("goal: committed and relayed <= 1.30x the anchor's sum");
}
