//! Live: real Yjs peers (yjs + y-websocket, `live_typists.mjs`) typing into a hosted plan, the
//! host committing every update before relaying it; the time from a peer's keystroke to its
//! arrival at the app's subscribers (the host's own and a joined laptop's pushed news, what
//! the desktop sends down its live channel), p50 and p99. Then the CPU this process uses while
//! the plan stays open, hosted and joined, and nothing happens.
//!
//! `LIVE_PEERS` (30), `LIVE_RATE` edits a second each (5), `LIVE_SECS` (60) and
//! `LIVE_IDLE_SECS` (10) size the run; CI runs it short. Needs `npm ci` in
//! crates/session/tests/js. Run: `cargo bench -p throughline-app --bench live`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use throughline_app::desktop::LiveNews;
use throughline_app::retreat::{Arrival, HostingOptions, Listener, RetreatHost, RetreatJoin};
use throughline_app::{NewPlan, OpenPlan};
use throughline_session::JoinAddress;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact, Update};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn wall_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64
}

/// What a subscriber was pushed: when, and the update's bytes (as the UI decodes them).
type Heard = Arc<Mutex<Vec<(i64, Vec<u8>)>>>;

fn subscriber() -> (Listener, Heard) {
    let heard: Heard = Arc::default();
    let into = Arc::clone(&heard);
    let listener: Listener = Arc::new(move |arrival: Arrival| {
        let at = wall_us();
        // What the desktop's channel carries: the news as the UI gets it (base64 and all).
        let news = LiveNews::from(arrival);
        if let Some(update) = news.plan_update() {
            into.lock().unwrap().push((at, update));
        }
    });
    (listener, heard)
}

/// Keystroke → arrival, for every keystroke a subscriber heard: each push is applied to a copy
/// of the plan (as the UI does), and the keystrokes it made known arrived at that moment.
fn latencies(base: &[u8], sent: &HashMap<(u64, u32), i64>, heard: &Heard) -> Vec<Duration> {
    let doc = yrs::Doc::new();
    doc.transact_mut()
        .apply_update(Update::decode_v1(base).unwrap())
        .unwrap();
    let mut out = Vec::new();
    for (at, update) in heard.lock().unwrap().iter() {
        let before = doc.transact().state_vector();
        doc.transact_mut()
            .apply_update(Update::decode_v1(update).unwrap())
            .unwrap();
        for (client, upto) in doc.transact().state_vector().iter() {
            for clock in before.get(client)..*upto {
                if let Some(typed) = sent.get(&(client.get(), clock)) {
                    out.push(Duration::from_micros((at - typed).max(0) as u64));
                }
            }
        }
    }
    out
}

fn main() {
    let peers = env("LIVE_PEERS", 30);
    let rate = env("LIVE_RATE", 5);
    let secs = env("LIVE_SECS", 60);
    let idle = env("LIVE_IDLE_SECS", 10);
    let dir = common::bench_dir();
    let plan = dir.path().join("live.throughline");
    let content = throughline_app::demo_content().unwrap();
    OpenPlan::create(&plan, NewPlan::Content(&content), "Ana")
        .unwrap()
        .close()
        .unwrap();

    let host = RetreatHost::start(
        &plan,
        "Ana",
        &HostingOptions {
            bind: [127, 0, 0, 1].into(),
            port: 0,
            announce: false,
            new_codes: true,
            // The live path's cost, as before TLS; the relay bench measures TLS.
            certificate_folder: None,
        },
    )
    .unwrap();
    let base = host.read(|plan, _| plan.plan().encode_state());
    let (listener, heard_host) = subscriber();
    host.listen(Some(listener));
    let link = host.join_links(None);
    let editor = link.iter().find(|l| l.role == "editor").unwrap();
    let address = JoinAddress::parse(&editor.url).unwrap();

    let copy = dir.path().join("copy.throughline");
    let join = RetreatJoin::start(&copy, "Ben", &address).unwrap();
    let (listener, heard_join) = subscriber();
    join.listen(Some(listener));

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/live_typists.mjs");
    let mut node = Command::new(test_support::tool("node", "nodejs"))
        .args([
            script,
            address.server(),
            &address.room().to_string(),
            &address.param("code").unwrap(),
            &peers.to_string(),
            &rate.to_string(),
            &secs.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(node.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready", "the typists did not start");
    heard_host.lock().unwrap().clear();
    heard_join.lock().unwrap().clear();
    writeln!(node.stdin.as_mut().unwrap(), "go").unwrap();
    line.clear();
    out.read_line(&mut line).unwrap();
    node.wait().unwrap();
    let typed: Vec<(u64, u32, i64)> = serde_json::from_str(&line).unwrap();
    let sent: HashMap<(u64, u32), i64> = typed.iter().map(|&(c, k, t)| ((c, k), t)).collect();

    println!(
        "live: {peers} yjs peers × {rate} edits/s × {secs} s = {} keystrokes, host commits each before relaying",
        typed.len()
    );
    for (who, heard) in [
        ("host app's subscriber", &heard_host),
        ("joined app's subscriber", &heard_join),
    ] {
        let pushes = heard.lock().unwrap().len();
        let mut lat = latencies(&base, &sent, heard);
        let n = lat.len();
        if n == 0 {
            println!("  {who}: heard nothing");
            continue;
        }
        let s = common::summarize(&mut lat);
        println!(
            "  keystroke → {who}: {n} keystrokes in {pushes} pushes, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            common::us(s.p50) / 1e3,
            common::us(s.p99) / 1e3,
            common::us(s.max) / 1e3
        );
    }

    // Nothing happening: the plan stays hosted here and joined beside it, the typists gone.
    std::thread::sleep(Duration::from_secs(1));
    let before = common::process_sched();
    heard_host.lock().unwrap().clear();
    std::thread::sleep(Duration::from_secs(idle));
    let spent = common::process_sched() - before;
    println!(
        "  idle {idle} s with the plan hosted and joined (both in this process): {:.2} ms CPU ({:.4} % of one core), {} pushes",
        spent.run_ns as f64 / 1e6,
        spent.run_ns as f64 / (idle as f64 * 1e9) * 100.0,
        heard_host.lock().unwrap().len()
    );
    join.leave().unwrap();
    host.stop().unwrap();
}
