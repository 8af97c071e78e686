//! A host facing hostile peers: every bad frame closes at most its own connection, the host
//! keeps serving the others, the plan is unchanged and memory stays bounded. All on 127.0.0.1;
//! every wait has a bound.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use throughline_session::{
    plan_served_at, Host, HostOptions, HostedPlan, JoinAddress, JoinCodes, JoinStatus, Joined,
    Layer, Network, PeerUpdate, PlanSink, Role, SessionError, SinkError,
};
use throughline_sync::message::Message;
use tokio_tungstenite::tungstenite::Message as Ws;
use yrs::{Doc, GetString, Text, Transact};

const WAIT: Duration = Duration::from_secs(20);

/// Keeps what the host commits, in memory.
#[derive(Default)]
struct Kept {
    updates: Mutex<Vec<Vec<u8>>>,
}

impl PlanSink for Kept {
    fn save(&self, _layer: Layer, updates: &[PeerUpdate]) -> Result<(), SinkError> {
        let mut kept = self.updates.lock().unwrap();
        kept.extend(updates.iter().map(|u| u.update.clone()));
        Ok(())
    }

    fn reload(&self, _layer: Layer) -> Result<Doc, SinkError> {
        Err(SinkError("not in this test".into()))
    }
}

fn text_of(doc: &Doc) -> String {
    let text = doc.get_or_insert_text("body");
    text.get_string(&doc.transact())
}

fn type_into(doc: &Doc, s: &str) -> Vec<u8> {
    let text = doc.get_or_insert_text("body");
    let mut txn = doc.transact_mut();
    let len = text.len(&txn);
    text.insert(&mut txn, len, s);
    txn.encode_update_v1()
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

struct Fixture {
    network: Network,
    host: Option<Host>,
    doc: Doc,
    kept: Arc<Kept>,
}

impl Fixture {
    fn start() -> Fixture {
        let network = Network::start().unwrap();
        let doc = Doc::new();
        type_into(&doc, "the plan as it was");
        let kept = Arc::new(Kept::default());
        let host = Host::start(
            network.handle(),
            HostedPlan {
                plan_id: "hostileplan".into(),
                plan: doc.clone(),
                review: Doc::new(),
                codes: JoinCodes::generate().unwrap(),
            },
            HostOptions {
                bind: [127, 0, 0, 1].into(),
                ..HostOptions::default()
            },
            Arc::clone(&kept) as Arc<dyn PlanSink>,
        )
        .unwrap();
        Fixture {
            network,
            host: Some(host),
            doc,
            kept,
        }
    }

    fn host(&self) -> &Host {
        self.host.as_ref().unwrap()
    }

    fn url(&self, role: Role) -> String {
        self.host()
            .join_addresses(None)
            .into_iter()
            .find(|(r, _)| *r == role)
            .unwrap()
            .1
            .to_string()
    }

    /// A well-behaved joined laptop with its own copy.
    fn join(&self) -> (Joined, Doc) {
        let doc = Doc::new();
        let joined = Joined::start(
            self.network.handle(),
            JoinAddress::parse(&self.url(Role::Editor)).unwrap(),
            doc.clone(),
            Arc::new(Kept::default()),
        )
        .unwrap();
        let mut status = joined.watch_status();
        self.network.block_on(async {
            tokio::time::timeout(WAIT, status.wait_for(|s| *s == JoinStatus::Synced))
                .await
                .expect("synced in time")
                .unwrap();
        });
        (joined, doc)
    }

    fn wait_text(&self, doc: &Doc, want: &str) {
        let deadline = Instant::now() + WAIT;
        while !text_of(doc).contains(want) {
            assert!(Instant::now() < deadline, "{want:?} never arrived");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Opens a socket with the editor's code, sends `frames`, and reports whether the host
    /// closed it afterwards.
    fn send_and_see_closed(&self, frames: Vec<Vec<u8>>) -> bool {
        let url = self.url(Role::Editor);
        self.network.block_on(async move {
            let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str())
                .await
                .unwrap();
            for frame in frames {
                if ws.send(Ws::Binary(frame.into())).await.is_err() {
                    return true;
                }
            }
            tokio::time::timeout(WAIT, async {
                loop {
                    match ws.next().await {
                        Some(Ok(Ws::Close(_))) | None | Some(Err(_)) => return true,
                        Some(Ok(_)) => {}
                    }
                }
            })
            .await
            .unwrap_or(false)
        })
    }

    fn stop(mut self) {
        let host = self.host.take().unwrap();
        self.network.block_on(host.stop());
    }
}

fn update_frame(update: &[u8]) -> Vec<u8> {
    Message::Update(update).encode()
}

#[test]
fn each_bad_frame_closes_only_its_own_connection_and_changes_nothing() {
    let fx = Fixture::start();
    let (ana, ana_doc) = fx.join();
    let (_bo, bo_doc) = fx.join();
    fx.wait_text(&ana_doc, "the plan as it was");

    let real_update = type_into(&Doc::new(), "an edit from elsewhere");
    let mut corrupted = real_update.clone();
    let last = corrupted.len() - 3;
    corrupted[last] ^= 0xff;
    corrupted.truncate(corrupted.len() - 1);
    let mut rng = test_support::Rng::new(7);
    let random: Vec<u8> = (0..512).map(|_| (rng.next_u64() >> 56) as u8).collect();
    let hostile: Vec<(&str, Vec<u8>)> = vec![
        ("random bytes", random),
        ("truncated varint", vec![0x80]),
        ("truncated sync varint", vec![0x00, 0x80, 0x80]),
        (
            "length prefix claiming gigabytes",
            vec![0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3],
        ),
        ("corrupted update", update_frame(&corrupted)),
        (
            "garbage awareness",
            vec![0x01, 0x06, 0x01, 0x05, 0x01, 0x02, b'{', b'x'],
        ),
        ("unknown message type", vec![0x07, 0x01, 0x02, 0x03]),
        ("empty frame", vec![]),
    ];
    for (what, frame) in hostile {
        assert!(
            fx.send_and_see_closed(vec![frame]),
            "{what}: the host kept the connection"
        );
    }
    // Oversized: one frame above the 16 MiB limit.
    assert!(fx.send_and_see_closed(vec![vec![0u8; (16 << 20) + 1]]));

    assert_eq!(text_of(&fx.doc), "the plan as it was", "nothing changed");
    assert!(
        fx.kept.updates.lock().unwrap().is_empty(),
        "nothing committed"
    );

    // The others were never disturbed: their edits still flow both ways.
    ana.local_update(type_into(&ana_doc, " +Ana"));
    fx.wait_text(&bo_doc, "+Ana");
    assert!(text_of(&fx.doc).ends_with(" +Ana"));
    assert_eq!(fx.kept.updates.lock().unwrap().len(), 1);
    fx.stop();
}

#[test]
fn many_connections_opened_and_closed_fast_leave_the_host_serving_in_bounded_memory() {
    let fx = Fixture::start();
    let (ana, ana_doc) = fx.join();
    let (_bo, bo_doc) = fx.join();
    let addr = fx.host().local_addr();
    let url = fx.url(Role::Viewer);
    let before = rss_kib();
    fx.network.block_on(async {
        for round in 0..10 {
            let mut opened = Vec::new();
            for _ in 0..40 {
                // Bare TCP that never upgrades, and real upgrades dropped at once.
                opened.push(tokio::net::TcpStream::connect(addr).await.ok().map(drop));
            }
            for _ in 0..20 {
                if let Ok((ws, _)) = tokio_tungstenite::connect_async(url.as_str()).await {
                    drop(ws);
                }
            }
            // Claimed-huge frames: a header announcing 15 MiB, then the socket goes away.
            if round % 2 == 0 {
                for _ in 0..10 {
                    if let Ok((mut ws, _)) = tokio_tungstenite::connect_async(url.as_str()).await {
                        let _ = ws.send(Ws::Binary(vec![0u8; 15 << 20].into())).await;
                    }
                }
            }
        }
    });
    let deadline = Instant::now() + WAIT;
    // The two well-behaved laptops stay; everything else is let go.
    while fx.host().open_connections() > 2 {
        assert!(
            Instant::now() < deadline,
            "{} sockets still open",
            fx.host().open_connections()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    ana.local_update(type_into(&ana_doc, " +still here"));
    fx.wait_text(&bo_doc, "+still here");
    let grown_mib = rss_kib().saturating_sub(before) / 1024;
    assert!(grown_mib < 200, "memory grew by {grown_mib} MiB");
    fx.stop();
}

#[test]
fn a_viewer_is_refused_and_a_closed_laptop_leaves_presence() {
    let fx = Fixture::start();
    let (ana, ana_doc) = fx.join();
    ana.set_presence(Some(
        r#"{"user":{"name":"Ana","role":"editor"},"section":"vision"}"#.into(),
    ));
    let deadline = Instant::now() + WAIT;
    while !fx
        .host()
        .presence()
        .iter()
        .any(|p| p.name.as_deref() == Some("Ana") && p.section.as_deref() == Some("vision"))
    {
        assert!(Instant::now() < deadline, "Ana never showed up");
        std::thread::sleep(Duration::from_millis(10));
    }
    let viewer_doc = Doc::new();
    let viewer = Joined::start(
        fx.network.handle(),
        JoinAddress::parse(&fx.url(Role::Viewer)).unwrap(),
        viewer_doc.clone(),
        Arc::new(Kept::default()),
    )
    .unwrap();
    fx.wait_text(&viewer_doc, "the plan as it was");
    viewer.local_update(type_into(&viewer_doc, " [viewer]"));
    let deadline = Instant::now() + WAIT;
    while viewer.permission_denied().is_none() {
        assert!(Instant::now() < deadline, "the viewer was never told");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(text_of(&fx.doc), "the plan as it was");
    assert!(!text_of(&ana_doc).contains("[viewer]"));

    fx.network.block_on(ana.leave());
    let deadline = Instant::now() + WAIT;
    while !fx.host().presence().is_empty() {
        assert!(Instant::now() < deadline, "Ana's presence stayed");
        std::thread::sleep(Duration::from_millis(10));
    }
    fx.stop();
}

#[test]
fn a_typed_address_learns_the_plan_only_with_a_right_code() {
    let f = Fixture::start();
    let editor = JoinAddress::parse(&f.url(Role::Editor)).unwrap();
    // This host serves plain ws://, so the address is typed with its scheme.
    let typed = editor.server().to_owned();
    let code = f.url(Role::Viewer);
    let viewer_code = code.rsplit("code=").next().unwrap().to_owned();
    let within = Duration::from_secs(5);

    // Any role's code names the plan; the room is then the plan's, as a join needs.
    assert_eq!(
        plan_served_at(&typed, 4455, &viewer_code, within).unwrap(),
        "hostileplan"
    );
    // A wrong code learns nothing, and counts as a wrong code: enough of them and the
    // address is held off, even with the right one.
    let wrong = if viewer_code.starts_with('1') {
        "22222222"
    } else {
        "11111111"
    };
    assert!(matches!(
        plan_served_at(&typed, 4455, wrong, within),
        Err(SessionError::WrongCode)
    ));
    // The same wrong code again is not a new guess; different ones are.
    let valid: Vec<String> = [Role::Editor, Role::Reviewer, Role::Viewer]
        .iter()
        .map(|r| f.url(*r).rsplit("code=").next().unwrap().to_owned())
        .collect();
    let guesses = (0..)
        .map(|i| format!("{:08}", 31_415_926 + i))
        .filter(|g| !valid.contains(g));
    let throttled = guesses.take(40).any(|guess| {
        matches!(
            plan_served_at(&typed, 4455, &guess, within),
            Err(SessionError::Throttled)
        )
    });
    assert!(throttled, "wrong codes are rate-limited here too");
    assert!(matches!(
        plan_served_at(&typed, 4455, &viewer_code, within),
        Err(SessionError::Throttled)
    ));
    // Nothing listening: a clear error.
    assert!(matches!(
        plan_served_at("127.0.0.1:1", 4455, &viewer_code, within),
        Err(SessionError::Unreachable { .. })
    ));
    // Not an address at all.
    assert!(matches!(
        plan_served_at("127.0.0.1/x?y", 4455, &viewer_code, within),
        Err(SessionError::BadAddress(_))
    ));
    assert_eq!(text_of(&f.doc), "the plan as it was");
    f.stop();
}
