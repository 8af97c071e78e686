//! One peer's socket on the host: frames in (paced), frames out (batched), keep-alive.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use throughline_sync::{ConnId, Role};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Bytes, Message};

use super::room_task::{Outbox, RoomEvent, OUTBOX_FRAMES};
use super::HostSocket;

/// The host pings this often; y-websocket clients (and browsers) answer on their own.
const PING_EVERY: Duration = Duration::from_secs(15);
/// A peer from which nothing at all (not even a pong) arrived for this long is gone: its
/// socket is closed and its presence dropped.
const SILENT_FOR: Duration = Duration::from_secs(45);
/// Frames written before one flush, so a burst of relays costs one write.
const BATCH: usize = 64;
/// How long a closing handshake may take before the socket is simply dropped.
const CLOSE_WITHIN: Duration = Duration::from_secs(1);

/// How fast one connection may send. A y-websocket client typing sends a few frames a second
/// and one sync step on connecting; these bounds are far above that and keep one peer from
/// making the host encode the whole plan in a loop (every sync step 1 costs that).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pace {
    pub frames_per_second: f64,
    pub frame_burst: f64,
    pub bytes_per_second: f64,
    pub byte_burst: f64,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            frames_per_second: 200.0,
            frame_burst: 400.0,
            bytes_per_second: 4.0 * 1024.0 * 1024.0,
            // A whole plan's first sync step 2 must pass at once.
            byte_burst: 32.0 * 1024.0 * 1024.0,
        }
    }
}

struct Bucket {
    frames: f64,
    bytes: f64,
    at: Instant,
}

impl Bucket {
    /// How long to wait before a frame of `size` bytes may be handled; takes its tokens.
    fn take(&mut self, pace: &Pace, size: usize) -> Duration {
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = now;
        self.frames = (self.frames + elapsed * pace.frames_per_second).min(pace.frame_burst);
        self.bytes = (self.bytes + elapsed * pace.bytes_per_second).min(pace.byte_burst);
        self.frames -= 1.0;
        self.bytes -= size as f64;
        let frame_wait = (-self.frames).max(0.0) / pace.frames_per_second;
        let byte_wait = (-self.bytes).max(0.0) / pace.bytes_per_second;
        Duration::from_secs_f64(frame_wait.max(byte_wait))
    }
}

pub(crate) struct Peer {
    pub conn: ConnId,
    pub role: Role,
    pub author: String,
    pub room: mpsc::Sender<RoomEvent>,
    pub stop: watch::Receiver<bool>,
    pub pace: Pace,
}

pub(crate) async fn serve(ws: HostSocket, peer: Peer) {
    let Peer {
        conn,
        role,
        author,
        room,
        mut stop,
        pace,
    } = peer;
    let (frames, mut outbox) = mpsc::channel::<Bytes>(OUTBOX_FRAMES);
    let (close, mut closed) = watch::channel(false);
    let close = Arc::new(close);
    let mut closed_too = closed.clone();
    let mut stop_too = stop.clone();
    let connected = room
        .send(RoomEvent::Connect {
            conn,
            role,
            author,
            outbox: Outbox {
                frames,
                close: Arc::clone(&close),
            },
        })
        .await;
    if connected.is_err() {
        return;
    }
    let (mut write, mut read) = ws.split();

    let writer = async {
        let mut ping = tokio::time::interval_at(Instant::now() + PING_EVERY, PING_EVERY);
        loop {
            tokio::select! {
                biased;
                _ = until_true(&mut closed) => break,
                _ = until_true(&mut stop) => break,
                frame = outbox.recv() => {
                    let Some(frame) = frame else { break };
                    if write.feed(Message::Binary(frame)).await.is_err() {
                        return;
                    }
                    let mut more = 0;
                    while more < BATCH {
                        match outbox.try_recv() {
                            Ok(frame) => {
                                if write.feed(Message::Binary(frame)).await.is_err() {
                                    return;
                                }
                                more += 1;
                            }
                            Err(_) => break,
                        }
                    }
                    if write.flush().await.is_err() {
                        return;
                    }
                }
                _ = ping.tick() => {
                    if write.send(Message::Ping(Bytes::new())).await.is_err() {
                        return;
                    }
                }
            }
        }
        let close = Message::Close(Some(CloseFrame {
            code: CloseCode::Normal,
            reason: "".into(),
        }));
        let _ = tokio::time::timeout(CLOSE_WITHIN, write.send(close)).await;
    };

    let reader = async {
        let mut bucket = Bucket {
            frames: pace.frame_burst,
            bytes: pace.byte_burst,
            at: Instant::now(),
        };
        loop {
            let next = match tokio::time::timeout(SILENT_FOR, read.next()).await {
                Ok(Some(Ok(message))) => message,
                // Silent, closed, or broken (bad framing, a frame over the size limit).
                Ok(Some(Err(_))) | Ok(None) | Err(_) => break,
            };
            match next {
                Message::Binary(bytes) => {
                    let wait = bucket.take(&pace, bytes.len());
                    if !wait.is_zero() {
                        tokio::time::sleep(wait).await;
                    }
                    if room.send(RoomEvent::Frame { conn, bytes }).await.is_err() {
                        break;
                    }
                }
                // y-websocket speaks binary only; text is someone else's protocol.
                Message::Text(_) | Message::Close(_) => break,
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {}
            }
        }
    };

    // A peer that stops reading can block the writer in the middle of a frame; being told to
    // close (it lagged, it misbehaved, the host stops) then ends the connection all the same.
    tokio::select! {
        _ = writer => {}
        _ = reader => {}
        _ = async {
            tokio::select! {
                _ = until_true(&mut closed_too) => {}
                _ = until_true(&mut stop_too) => {}
            }
            tokio::time::sleep(CLOSE_WITHIN).await;
        } => {}
    }
    let _ = room.send(RoomEvent::Disconnect { conn }).await;
}

/// Resolves once the flag is set (or its sender is gone).
pub(crate) async fn until_true(flag: &mut watch::Receiver<bool>) {
    let _ = flag.wait_for(|set| *set).await;
}
