//! Our side of a connection to a host: a Throughline host or any y-websocket server.
//!
//! [`Joined`] stays connected, reconnecting with backoff as y-websocket's provider does
//! (100 ms doubling to 2.5 s, with jitter so thirty laptops do not return in step after the
//! host comes back). Nothing is queued while apart: the plan file holds every edit, and the
//! sync steps exchanged on reconnect carry whatever the other side lacks.
//!
//! To a host serving `wss://` with a join code, our side first pairs ([`pair_with_host`]) and
//! then connects with the session token, trusting only the certificate it paired with; the
//! code itself never crosses the network. A token the host no longer knows (it restarted) is
//! replaced by pairing again, which must find the same certificate.
//!
//! [`sync_once`] connects, exchanges everything and returns once the server has taken in
//! what we sent: after answering the server's sync step 1 we send a step 1 of our own, and
//! servers answer a connection's messages in order, so its answer proves our step 2 was
//! handled (by a Throughline host: committed to its plan file).

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use throughline_sync::{Client, ClientEvent, Layer, Limits};
use tokio::net::TcpStream;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Bytes, Message as WsMessage};
use tokio_tungstenite::WebSocketStream;

use crate::address::JoinAddress;
use crate::error::SessionError;
use crate::join_code::JoinCode;
use crate::pairing::{Laptop, Paired, PairingError};
use crate::presence::{Presence, RENEW_EVERY};
use crate::sink::{PeerUpdate, PlanSink};
use crate::tls::{Trust, Wire};

type Socket = WebSocketStream<Wire<tokio_rustls::client::TlsStream<TcpStream>>>;

const CONNECT_WITHIN: Duration = Duration::from_secs(10);
/// A host pings every 15 s and renews its presence; this long without a frame means the
/// connection is gone even if the operating system has not noticed.
const SILENT_FOR: Duration = Duration::from_secs(45);
const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_millis(2500);
/// After "too many wrong codes" there is no point in knocking sooner.
const THROTTLED_RETRY: Duration = Duration::from_secs(30);

/// Where a joined laptop stands with its host.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum JoinStatus {
    Connecting {
        attempt: u32,
    },
    /// Connected; the host's copy is still arriving.
    Connected,
    /// Holding everything the host had when we connected; edits flow both ways.
    Synced,
    /// Apart from the host: edits stay in the plan file and travel on reconnect.
    Apart {
        reason: String,
        retry_in_ms: u64,
    },
    /// Stopped for good: the code was refused, the host does not serve this plan, or the plan
    /// file could not be written. Nothing more is tried.
    Stopped {
        reason: String,
    },
    Left,
}

enum Control {
    LocalUpdate(Vec<u8>),
    SetPresence(Option<String>),
    Leave(oneshot::Sender<()>),
}

/// A laptop joined to a host.
pub struct Joined {
    control: mpsc::UnboundedSender<Control>,
    status: watch::Receiver<JoinStatus>,
    presence: watch::Receiver<Vec<Presence>>,
    denied: watch::Receiver<Option<String>>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for Joined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Joined")
            .field("status", &*self.status.borrow())
            .finish_non_exhaustive()
    }
}

impl Joined {
    /// Joins `address` with `doc` (the local plan's live document; updates from the host are
    /// applied to it and saved through `sink` before anything is answered).
    pub fn start(
        runtime: &Handle,
        address: JoinAddress,
        doc: yrs::Doc,
        sink: Arc<dyn PlanSink>,
    ) -> Result<Joined, SessionError> {
        let client = client_for(&address, doc)?;
        let (control, control_rx) = mpsc::unbounded_channel();
        let (status_tx, status) = watch::channel(JoinStatus::Connecting { attempt: 0 });
        let (presence_tx, presence) = watch::channel(Vec::new());
        let (denied_tx, denied) = watch::channel(None);
        let session = Session {
            address,
            client,
            sink,
            status: status_tx,
            presence: presence_tx,
            denied: denied_tx,
            own_presence: None,
            paired: None,
        };
        let task = runtime.spawn(session.run(control_rx));
        Ok(Joined {
            control,
            status,
            presence,
            denied,
            task,
        })
    }

    /// Our own edit, already saved to the local plan file: sent now if connected, else
    /// carried by the sync steps on reconnect.
    pub fn local_update(&self, update: Vec<u8>) {
        let _ = self.control.send(Control::LocalUpdate(update));
    }

    /// Our presence (JSON; see [`crate::presence::state_json`]), renewed every 15 s.
    pub fn set_presence(&self, state: Option<String>) {
        let _ = self.control.send(Control::SetPresence(state));
    }

    pub fn status(&self) -> JoinStatus {
        self.status.borrow().clone()
    }

    pub fn watch_status(&self) -> watch::Receiver<JoinStatus> {
        self.status.clone()
    }

    /// Who is in the room, as the host tells us (us included).
    pub fn presence(&self) -> Vec<Presence> {
        self.presence.borrow().clone()
    }

    pub fn watch_presence(&self) -> watch::Receiver<Vec<Presence>> {
        self.presence.clone()
    }

    /// Calls `changed` on `network` each time where this laptop stands with the host, who is
    /// here, or a refusal changes, until this connection ends.
    pub fn on_change(&self, network: &crate::Network, changed: impl Fn() + Send + 'static) {
        let mut status = self.status.clone();
        let mut presence = self.presence.clone();
        let mut denied = self.denied.clone();
        network.handle().spawn(async move {
            loop {
                let open = tokio::select! {
                    r = status.changed() => r.is_ok(),
                    r = presence.changed() => r.is_ok(),
                    r = denied.changed() => r.is_ok(),
                };
                if !open {
                    return;
                }
                changed();
            }
        });
    }

    /// Set when the host refused an edit of ours (e.g. we joined with a viewer's code).
    pub fn permission_denied(&self) -> Option<String> {
        self.denied.borrow().clone()
    }

    /// Says goodbye (our presence is withdrawn) and closes the connection.
    pub async fn leave(self) {
        let (done, wait) = oneshot::channel();
        if self.control.send(Control::Leave(done)).is_ok() {
            let _ = tokio::time::timeout(Duration::from_secs(3), wait).await;
        }
        self.task.abort();
    }
}

struct Session {
    address: JoinAddress,
    client: Client,
    sink: Arc<dyn PlanSink>,
    status: watch::Sender<JoinStatus>,
    presence: watch::Sender<Vec<Presence>>,
    denied: watch::Sender<Option<String>>,
    own_presence: Option<String>,
    /// What pairing with a `wss://` host gave: the pin and the token reconnects use.
    paired: Option<Paired>,
}

enum Ended {
    Left,
    Lost(String),
    Stopped(String),
}

impl Session {
    async fn run(mut self, mut control: mpsc::UnboundedReceiver<Control>) {
        let mut attempt: u32 = 0;
        loop {
            self.status.send_replace(JoinStatus::Connecting { attempt });
            let retry_in =
                match connect(&self.address, self.client_limits(), &mut self.paired).await {
                    Ok(socket) => {
                        attempt = 0;
                        let ended = self.connected(socket, &mut control).await;
                        self.client.closed();
                        self.publish_presence();
                        match ended {
                            Ended::Left => {
                                self.status.send_replace(JoinStatus::Left);
                                return;
                            }
                            Ended::Stopped(reason) => {
                                self.status.send_replace(JoinStatus::Stopped { reason });
                                return;
                            }
                            Ended::Lost(reason) => {
                                let wait = backoff(0);
                                self.apart(reason, wait);
                                wait
                            }
                        }
                    }
                    Err(
                        e @ (SessionError::WrongCode
                        | SessionError::NotServed(_)
                        | SessionError::NotPinned
                        | SessionError::NotTheHost
                        | SessionError::BadPairing(_)),
                    ) => {
                        self.status.send_replace(JoinStatus::Stopped {
                            reason: e.to_string(),
                        });
                        return;
                    }
                    Err(e) => {
                        let wait = if matches!(e, SessionError::Throttled) {
                            THROTTLED_RETRY
                        } else {
                            backoff(attempt)
                        };
                        attempt = attempt.saturating_add(1);
                        self.apart(e.to_string(), wait);
                        wait
                    }
                };
            let sleep = tokio::time::sleep(retry_in);
            tokio::pin!(sleep);
            loop {
                tokio::select! {
                    _ = &mut sleep => break,
                    c = control.recv() => match c {
                        None => return,
                        Some(Control::Leave(done)) => {
                            self.status.send_replace(JoinStatus::Left);
                            let _ = done.send(());
                            return;
                        }
                        // Already in the plan file: the next sync carries it.
                        Some(Control::LocalUpdate(_)) => {}
                        Some(Control::SetPresence(state)) => {
                            self.own_presence = state.clone();
                            let _ = self.client.set_local_awareness(state.as_deref());
                        }
                    },
                }
            }
        }
    }

    fn client_limits(&self) -> &'static Limits {
        default_limits()
    }

    fn apart(&self, reason: String, wait: Duration) {
        self.status.send_replace(JoinStatus::Apart {
            reason,
            retry_in_ms: wait.as_millis() as u64,
        });
    }

    fn publish_presence(&self) {
        let now = Presence::all(&self.client.awareness_states());
        self.presence.send_if_modified(|old| {
            let changed = *old != now;
            if changed {
                *old = now;
            }
            changed
        });
    }

    async fn connected(
        &mut self,
        socket: Socket,
        control: &mut mpsc::UnboundedReceiver<Control>,
    ) -> Ended {
        let (mut write, mut read) = socket.split();
        self.status.send_replace(JoinStatus::Connected);
        if let Some(state) = self.own_presence.clone() {
            let _ = self.client.set_local_awareness(Some(&state));
        }
        for frame in self.client.opened() {
            if write.send(WsMessage::Binary(frame.into())).await.is_err() {
                return Ended::Lost(String::from("the host closed the connection"));
            }
        }
        let mut renew = tokio::time::interval(RENEW_EVERY);
        renew.tick().await;
        loop {
            let outgoing: Vec<Vec<u8>> = tokio::select! {
                c = control.recv() => match c {
                    None => return Ended::Left,
                    Some(Control::Leave(done)) => {
                        if let Ok(Some(bye)) = self.client.set_local_awareness(None) {
                            let _ = write.send(WsMessage::Binary(bye.into())).await;
                        }
                        let _ = tokio::time::timeout(Duration::from_secs(1), write.close()).await;
                        let _ = done.send(());
                        return Ended::Left;
                    }
                    Some(Control::LocalUpdate(update)) => {
                        self.client.local_update(&update).into_iter().collect()
                    }
                    Some(Control::SetPresence(state)) => {
                        self.own_presence = state.clone();
                        let frame = self.client.set_local_awareness(state.as_deref());
                        self.publish_presence();
                        frame.ok().flatten().into_iter().collect()
                    }
                },
                _ = renew.tick() => match &self.own_presence {
                    Some(state) => {
                        let state = state.clone();
                        self.client.set_local_awareness(Some(&state)).ok().flatten().into_iter().collect()
                    }
                    None => Vec::new(),
                },
                message = tokio::time::timeout(SILENT_FOR, read.next()) => {
                    let bytes = match message {
                        Ok(Some(Ok(WsMessage::Binary(bytes)))) => bytes,
                        Ok(Some(Ok(WsMessage::Close(_)))) | Ok(None) => {
                            return Ended::Lost(String::from("the host closed the connection"));
                        }
                        Ok(Some(Ok(_))) => continue,
                        Ok(Some(Err(e))) => return Ended::Lost(e.to_string()),
                        Err(_) => return Ended::Lost(String::from("the host went silent")),
                    };
                    match self.on_frame(&bytes).await {
                        Ok(replies) => replies,
                        Err(ended) => return ended,
                    }
                }
            };
            for frame in outgoing {
                if write.send(WsMessage::Binary(frame.into())).await.is_err() {
                    return Ended::Lost(String::from("the host closed the connection"));
                }
            }
        }
    }

    /// One frame from the host: saved (if it changed the plan) before anything is answered.
    async fn on_frame(&mut self, bytes: &Bytes) -> Result<Vec<Vec<u8>>, Ended> {
        let received = match self.client.receive(bytes) {
            Ok(r) => r,
            // The host sent what no y-websocket server sends; nothing changed. Reconnect.
            Err(e) => return Err(Ended::Lost(format!("the host sent a bad message: {e}"))),
        };
        if let Some(update) = received.changed {
            let layer = self.address.layer();
            let author = format!("peers via {}", self.address.server());
            commit(&self.sink, layer, update, &author)
                .await
                .map_err(Ended::Stopped)?;
        }
        for event in &received.events {
            match event {
                ClientEvent::Synced => {
                    self.status.send_replace(JoinStatus::Synced);
                }
                ClientEvent::PermissionDenied { reason } => {
                    self.denied.send_replace(Some(reason.clone()));
                }
                ClientEvent::AwarenessChanged => self.publish_presence(),
                ClientEvent::Authenticated { read_only } => {
                    if *read_only {
                        self.denied
                            .send_replace(Some(read_only_notice(&self.address)));
                    }
                }
                ClientEvent::TokenRefused { reason } => {
                    return Err(Ended::Stopped(
                        SessionError::TokenRefused(reason.clone()).to_string(),
                    ));
                }
                ClientEvent::ServerClosed { reason } => {
                    return Err(Ended::Lost(format!(
                        "the server closed the document: {reason}"
                    )));
                }
            }
        }
        Ok(received.replies)
    }
}

/// Our client for `address`: y-websocket's framing, or Hocuspocus's with the address's token
/// and the room's name as the document's.
fn client_for(address: &JoinAddress, doc: yrs::Doc) -> Result<Client, SessionError> {
    let client = Client::new(doc)?;
    Ok(match address.hocuspocus_token() {
        Some(token) => client.hocuspocus(&address.room().to_string(), token),
        None => client,
    })
}

/// What a person is told when the server lets them read a document but not change it.
fn read_only_notice(address: &JoinAddress) -> String {
    format!(
        "this token may only read {}; changes to it stay on this laptop",
        address.room()
    )
}

async fn commit(
    sink: &Arc<dyn PlanSink>,
    layer: Layer,
    update: Vec<u8>,
    author: &str,
) -> Result<(), String> {
    let sink = Arc::clone(sink);
    let saved = vec![PeerUpdate {
        update,
        author: author.to_owned(),
    }];
    match tokio::task::spawn_blocking(move || sink.save(layer, &saved)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("the plan file could not be written: {e}")),
        Err(e) => Err(format!("the plan file could not be written: {e}")),
    }
}

fn default_limits() -> &'static Limits {
    static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();
    LIMITS.get_or_init(Limits::default)
}

/// The wait before reconnect attempt `attempt + 1`: 100 ms doubling to 2.5 s, ±25 %.
fn backoff(attempt: u32) -> Duration {
    let base = FIRST_RETRY
        .saturating_mul(1u32 << attempt.min(8))
        .min(LAST_RETRY);
    let mut byte = [0u8; 1];
    let jitter = match getrandom::fill(&mut byte) {
        Ok(()) => 0.75 + f64::from(byte[0]) / 255.0 * 0.5,
        Err(_) => 1.0,
    };
    base.mul_f64(jitter)
}

/// Opens a connection to `address`: plain for `ws://`; for `wss://`, with the token from
/// `paired` (pairing first when there is none, or the host no longer knows it) and only to the
/// certificate paired with.
async fn connect(
    address: &JoinAddress,
    limits: &Limits,
    paired: &mut Option<Paired>,
) -> Result<Socket, SessionError> {
    if !address.is_secure() {
        return within(address, open(address, None, limits)).await;
    }
    if address.hocuspocus_token().is_some() {
        // A district's server: its certificate is vouched for by an authority this computer
        // trusts, and its token admits us; there is no retreat host to pair with.
        return within(address, open(address, Some(Trust::System), limits)).await;
    }
    let code = match address.param("code") {
        Some(code) => Some(JoinCode::parse(&code)?),
        None => None,
    };
    let mut paired_now = false;
    loop {
        let pairing = match (paired.clone(), &code) {
            (Some(p), _) => p,
            (None, Some(code)) => {
                let fresh = within(address, pair_with_host(address.authority(), code)).await?;
                paired_now = true;
                *paired = Some(fresh.clone());
                fresh
            }
            (None, None) => {
                return Err(SessionError::BadAddress(format!(
                    "{} (a secure address needs the join code)",
                    address.without_param("token")
                )))
            }
        };
        let target = address
            .without_param("code")
            .with_param("token", &pairing.token);
        let opened = open(&target, Some(Trust::Pinned(pairing.fingerprint)), limits);
        match within(address, opened).await {
            // The host restarted and forgot its tokens: pair again, to the same certificate.
            Err(SessionError::WrongCode) if !paired_now && code.is_some() => {
                let Some(code) = &code else { continue };
                let fresh = pair_with_host(address.authority(), code).await?;
                if fresh.fingerprint != pairing.fingerprint {
                    return Err(SessionError::NotPinned);
                }
                paired_now = true;
                *paired = Some(fresh);
            }
            result => return result,
        }
    }
}

/// `attempt`, or timed out after [`CONNECT_WITHIN`].
async fn within<T>(
    address: &JoinAddress,
    attempt: impl std::future::Future<Output = Result<T, SessionError>>,
) -> Result<T, SessionError> {
    match tokio::time::timeout(CONNECT_WITHIN, attempt).await {
        Ok(result) => result,
        Err(_) => Err(SessionError::TimedOut {
            address: address.server().to_owned(),
            seconds: CONNECT_WITHIN.as_secs(),
        }),
    }
}

/// One WebSocket upgrade to `address`, over TLS trusting as `trust` says (`None`: plain).
async fn open(
    address: &JoinAddress,
    trust: Option<Trust>,
    limits: &Limits,
) -> Result<Socket, SessionError> {
    let config = WebSocketConfig::default()
        .max_message_size(Some(limits.max_frame_bytes))
        .max_frame_size(Some(limits.max_frame_bytes));
    let server = address.server().to_owned();
    let wire = match trust {
        Some(trust) => Wire::Tls(Box::new(
            crate::tls::connect(address.authority(), trust).await?.0,
        )),
        None => Wire::Plain(TcpStream::connect(address.authority()).await.map_err(|e| {
            SessionError::Unreachable {
                address: server.clone(),
                reason: e.to_string(),
            }
        })?),
    };
    let url = address.to_string();
    match tokio_tungstenite::client_async_with_config(url.as_str(), wire, Some(config)).await {
        Ok((socket, _)) => Ok(socket),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(match response.status() {
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => SessionError::WrongCode,
                StatusCode::NOT_FOUND => SessionError::NotServed(address.room().to_string()),
                StatusCode::TOO_MANY_REQUESTS => SessionError::Throttled,
                status => SessionError::Unreachable {
                    address: server,
                    reason: format!("it answered HTTP {status}"),
                },
            })
        }
        Err(e) => Err(SessionError::Unreachable {
            address: server,
            reason: e.to_string(),
        }),
    }
}

/// Pairs with the host at `authority` (`HOST:PORT`, serving `wss://`) by the spoken `code`
/// ([`crate::pairing`]): the host's session token, its certificate's fingerprint to pin, the
/// role the code is for and the plan the host serves. A wrong code is one guess for the host's
/// limiter and [`SessionError::WrongCode`] here.
pub async fn pair_with_host(authority: &str, code: &JoinCode) -> Result<Paired, SessionError> {
    let server = format!("wss://{authority}");
    let (tls, seen) = crate::tls::connect(authority, Trust::WhilePairing).await?;
    let url = format!("{server}/pair");
    let (mut ws, _) =
        match tokio_tungstenite::client_async(url.as_str(), Wire::Tls(Box::new(tls))).await {
            Ok(upgraded) => upgraded,
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                return Err(match response.status() {
                    StatusCode::TOO_MANY_REQUESTS => SessionError::Throttled,
                    status => SessionError::BadPairing(format!("it answered HTTP {status}")),
                })
            }
            Err(e) => {
                return Err(SessionError::Unreachable {
                    address: server,
                    reason: e.to_string(),
                })
            }
        };
    let lost = || SessionError::BadPairing(String::from("it closed the connection"));
    let (laptop, hello) = Laptop::start(code);
    ws.send(WsMessage::Binary(hello.into()))
        .await
        .map_err(|_| lost())?;
    let answer = next_binary(&mut ws).await.ok_or_else(lost)?;
    let (confirming, confirm) = laptop.confirm(&answer, &seen).map_err(pairing_error)?;
    ws.send(WsMessage::Binary(confirm.into()))
        .await
        .map_err(|_| lost())?;
    let last = next_binary(&mut ws).await.ok_or_else(lost)?;
    let _ = tokio::time::timeout(Duration::from_secs(1), ws.close(None)).await;
    confirming.finish(&last, seen).map_err(pairing_error)
}

fn pairing_error(e: PairingError) -> SessionError {
    match e {
        PairingError::Refused => SessionError::WrongCode,
        PairingError::NotTheHost => SessionError::NotTheHost,
        e => SessionError::BadPairing(e.to_string()),
    }
}

async fn next_binary(ws: &mut Socket) -> Option<Bytes> {
    loop {
        match ws.next().await? {
            Ok(WsMessage::Binary(bytes)) => return Some(bytes),
            Ok(WsMessage::Ping(_) | WsMessage::Pong(_)) => continue,
            _ => return None,
        }
    }
}

/// What one exchange with a server did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// Bytes of updates that were new to us (saved to the plan file).
    pub received_bytes: usize,
    /// The server refused our edits (e.g. a viewer's code); it still sent us its copy.
    pub refused: Option<String>,
}

/// Connects to `address`, saves everything the server has that `doc` lacks (through `sink`),
/// gives it everything `doc` has that it lacks, and returns once the server has taken that
/// in, or fails after `within`.
pub async fn sync_once(
    address: &JoinAddress,
    doc: yrs::Doc,
    sink: Arc<dyn PlanSink>,
    within: Duration,
) -> Result<SyncReport, SessionError> {
    let server = address.server().to_owned();
    match tokio::time::timeout(within, exchange(address, doc, sink)).await {
        Ok(result) => result,
        Err(_) => Err(SessionError::TimedOut {
            address: server,
            seconds: within.as_secs(),
        }),
    }
}

async fn exchange(
    address: &JoinAddress,
    doc: yrs::Doc,
    sink: Arc<dyn PlanSink>,
) -> Result<SyncReport, SessionError> {
    let limits = default_limits();
    let mut client = client_for(address, doc)?;
    let socket = connect(address, limits, &mut None).await?;
    let (mut write, mut read) = socket.split();
    let lost = |reason: String| SessionError::ConnectionLost {
        address: address.server().to_owned(),
        reason,
    };
    let mut fenced = false;
    let mut report = SyncReport {
        received_bytes: 0,
        refused: None,
    };
    for frame in client.opened() {
        write
            .send(WsMessage::Binary(frame.into()))
            .await
            .map_err(|e| lost(e.to_string()))?;
    }
    loop {
        let bytes = match read.next().await {
            Some(Ok(WsMessage::Binary(bytes))) => bytes,
            Some(Ok(WsMessage::Close(_))) | None => {
                return Err(lost(String::from("the server closed the connection")))
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(lost(e.to_string())),
        };
        let received = client.receive(&bytes)?;
        if let Some(update) = received.changed {
            report.received_bytes += update.len();
            let author = format!("peers via {}", address.server());
            commit(&sink, address.layer(), update, &author)
                .await
                .map_err(SessionError::NotCommitted)?;
        }
        for event in received.events {
            match event {
                ClientEvent::PermissionDenied { reason } => report.refused = Some(reason),
                ClientEvent::Authenticated { read_only: true } => {
                    report.refused = Some(read_only_notice(address));
                }
                ClientEvent::TokenRefused { reason } => {
                    return Err(SessionError::TokenRefused(reason))
                }
                ClientEvent::ServerClosed { reason } => return Err(lost(reason)),
                ClientEvent::Synced
                | ClientEvent::AwarenessChanged
                | ClientEvent::Authenticated { read_only: false } => {}
            }
        }
        let mut replies = received.replies;
        if received.asked && !fenced {
            // Sent after our answer to the server's step 1, so its reply proves the answer
            // was handled.
            replies.push(client.sync_step1());
            fenced = true;
        }
        for frame in replies {
            write
                .send(WsMessage::Binary(frame.into()))
                .await
                .map_err(|e| lost(e.to_string()))?;
        }
        if fenced && client.answers_awaited() == 0 {
            let _ = tokio::time::timeout(Duration::from_secs(1), write.close()).await;
            return Ok(report);
        }
    }
}
