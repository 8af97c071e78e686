//! Relaying typed characters through a room to 30 connections: what one keystroke costs the
//! host in the sync layer (decode, rehearse, integrate, frame the relay), beside bare yrs
//! integrating the same updates, and the bytes that go out.
//!
//! Setups: one person typing while 29 watch; thirty people typing at once (round robin, each
//! at their own place in a shared 20 KB text); and a newcomer's sync step 1 answered with the
//! whole plan.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use throughline_sync::{ConnId, Layer, Message, Role, Room, RoomName};
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Text, Transact, Update};

const CONNECTIONS: u64 = 30;
const PLAN_TEXT_BYTES: usize = 20_000;

fn plan_doc() -> Doc {
    let doc = Doc::with_client_id(1_000_000);
    let text = doc.get_or_insert_text("body");
    let paragraph = "Every student in the district reads at grade level by third grade. ";
    let mut body = String::new();
    while body.len() < PLAN_TEXT_BYTES {
        body.push_str(paragraph);
    }
    text.insert(&mut doc.transact_mut(), 0, &body);
    doc
}

fn copy_of(doc: &Doc, client: u64) -> Doc {
    let copy = Doc::with_client_id(client);
    let state = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    copy.transact_mut()
        .apply_update(Update::decode_v1(&state).unwrap())
        .unwrap();
    copy
}

/// `count` one-character updates, typed by `typists` people round robin, each at their own
/// place in the text, as (connection, framed update). Typists far apart need not see each
/// other's keystrokes to type theirs: each one's edits hang off the base text and their own.
fn typing(base: &Doc, typists: u64, count: usize) -> Vec<(ConnId, Vec<u8>)> {
    let docs: Vec<Doc> = (0..typists).map(|i| copy_of(base, i + 1)).collect();
    let mut cursors: Vec<u32> = (0..typists).map(|i| (i as u32 + 1) * 500).collect();
    let mut frames = Vec::with_capacity(count);
    for n in 0..count {
        let who = n % typists as usize;
        let doc = &docs[who];
        let text = doc.get_or_insert_text("body");
        let update = {
            let mut txn = doc.transact_mut();
            text.insert(&mut txn, cursors[who], "e");
            txn.encode_update_v1()
        };
        cursors[who] += 1;
        frames.push((ConnId(who as u64 + 1), Message::Update(&update).encode()));
    }
    frames
}

fn room_with_everyone(base: &Doc) -> Room {
    let mut room = Room::new(
        RoomName::new("bench-plan", Layer::Plan).unwrap(),
        copy_of(base, 999_999),
    )
    .unwrap();
    for c in 1..=CONNECTIONS {
        room.connect(ConnId(c), Role::Editor).unwrap();
    }
    room
}

struct Tally {
    frames_in: usize,
    bytes_in: usize,
    frames_out: usize,
    bytes_out: usize,
}

/// Sends every frame through a fresh room, counting what comes out per recipient.
fn relay_all(base: &Doc, frames: &[(ConnId, Vec<u8>)]) -> (Duration, Tally) {
    let mut room = room_with_everyone(base);
    let mut tally = Tally {
        frames_in: 0,
        bytes_in: 0,
        frames_out: 0,
        bytes_out: 0,
    };
    let start = Instant::now();
    for (conn, frame) in frames {
        let r = room.receive(*conn, frame).unwrap();
        tally.frames_in += 1;
        tally.bytes_in += frame.len();
        for o in &r.outgoing {
            let recipients = (1..=CONNECTIONS)
                .filter(|&c| o.to.includes(ConnId(c)))
                .count();
            tally.frames_out += recipients;
            tally.bytes_out += recipients * o.bytes.len();
        }
        black_box(r);
    }
    (start.elapsed(), tally)
}

fn bare_yrs(base: &Doc, frames: &[(ConnId, Vec<u8>)]) -> Duration {
    let doc = copy_of(base, 999_999);
    let updates: Vec<Vec<u8>> = frames
        .iter()
        .map(
            |(_, f)| match throughline_sync::decode_frame(f, &Default::default()).unwrap()[0] {
                Message::Update(u) => u.to_vec(),
                _ => unreachable!(),
            },
        )
        .collect();
    let start = Instant::now();
    for u in &updates {
        doc.transact_mut()
            .apply_update(Update::decode_v1(u).unwrap())
            .unwrap();
    }
    start.elapsed()
}

fn report(name: &str, base: &Doc, typists: u64) {
    let n = 20_000;
    let frames = typing(base, typists, n);
    let (elapsed, t) = relay_all(base, &frames);
    let bare = bare_yrs(base, &frames);
    let per = elapsed.as_secs_f64() / n as f64;
    println!(
        "{name}: {n} keystrokes in {:.1} ms = {:.0} updates/s ({:.1} µs each; bare yrs apply {:.1} µs); \
         in {:.1} B/update; out {} frames, {:.1} B/update to {} recipients ({:.0} KB/s at 150 keystrokes/s)",
        elapsed.as_secs_f64() * 1e3,
        1.0 / per,
        per * 1e6,
        bare.as_secs_f64() / n as f64 * 1e6,
        t.bytes_in as f64 / t.frames_in as f64,
        t.frames_out,
        t.bytes_out as f64 / t.frames_in as f64,
        CONNECTIONS - 1,
        t.bytes_out as f64 / t.frames_in as f64 * 150.0 / 1e3,
    );
}

fn relay(c: &mut Criterion) {
    let base = plan_doc();
    report("one typist, 29 watching", &base, 1);
    report("thirty typists", &base, CONNECTIONS);

    let mut group = c.benchmark_group("relay to 30 connections");
    group.throughput(Throughput::Elements(1));
    for (name, typists) in [("one typist", 1), ("thirty typists", CONNECTIONS)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let frames = typing(&base, typists, iters as usize);
                relay_all(&base, &frames).0
            })
        });
    }
    group.bench_function("bare yrs apply, thirty typists", |b| {
        b.iter_custom(|iters| {
            let frames = typing(&base, CONNECTIONS, iters as usize);
            bare_yrs(&base, &frames)
        })
    });
    group.finish();

    let mut group = c.benchmark_group("newcomer");
    let mut room = room_with_everyone(&base);
    room.connect(ConnId(100), Role::Viewer).unwrap();
    let step1 = Message::SyncStep1(&[0]).encode();
    let answer = room.receive(ConnId(100), &step1).unwrap();
    println!(
        "newcomer: sync step 2 of a {PLAN_TEXT_BYTES}-byte plan text is {} bytes",
        answer.outgoing[0].bytes.len()
    );
    group.bench_function("answer an empty sync step 1", |b| {
        b.iter(|| black_box(room.receive(ConnId(100), &step1).unwrap()))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(4));
    targets = relay
}
criterion_main!(benches);
