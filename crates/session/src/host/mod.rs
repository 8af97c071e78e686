//! The host: a laptop serving one plan to the room over WebSocket, as y-websocket's server
//! does, so that any y-websocket client joins with `new WebsocketProvider('ws://HOST:PORT',
//! ROOM, doc, { params: { code } })`.
//!
//! A peer is admitted at the HTTP upgrade, before a single byte of the plan is sent: the path
//! must name this plan's room (`<plan-id>` or `<plan-id>/review`, else 404) and the `code`
//! parameter must be one of the three join codes (missing: 401, wrong: 403), from an address
//! that has not used up its failed attempts (429, see [`crate::attempts`]). The code decides
//! the role the room enforces.
//!
//! Served as `wss://` with the host's kept certificate ([`crate::tls`]) unless hosting was
//! asked for without it. Over TLS the host also answers pairing at `/pair`
//! ([`crate::pairing`]): a laptop that proves the code there gets a session token and
//! upgrades with `token=` instead of `code=`, so the code never crosses the network. Stock
//! clients still upgrade with `code=`, inside TLS.
//!
//! Built on tokio-tungstenite rather than axum: the host serves exactly one endpoint, and
//! tungstenite's handshake callback refuses a request with any status before upgrading, which
//! is all the admission needs, without an HTTP framework's tree of dependencies.

mod connection;
mod room_task;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use throughline_sync::{Layer, Limits, Role, RoomName};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Bytes, Message};
use tokio_tungstenite::WebSocketStream;

use crate::address::{query_param, JoinAddress};
use crate::attempts::{counted_as, Attempts, Verdict};
use crate::error::SessionError;
use crate::join_code::JoinCodes;
use crate::pairing::{HostAnswering, TokenKey, REFUSED};
use crate::presence::Presence;
use crate::sink::PlanSink;
use crate::tls::{Fingerprint, HostCertificate, Wire};
use connection::{Pace, Peer};
use room_task::{Control, RoomEvent, TICK_EVERY};

/// A connection must finish its HTTP upgrade within this long.
const HANDSHAKE_WITHIN: Duration = Duration::from_secs(10);
/// Frames waiting for a room's task, across all its connections.
const ROOM_INBOX: usize = 1024;
/// Connections get this long to close before they are dropped when the host stops.
const STOP_WITHIN: Duration = Duration::from_secs(3);
/// Longest name a joining person may give (the `name` parameter), kept as the author of
/// their changes in the plan file.
const MAX_NAME_CHARS: usize = 64;

/// Where and how to host.
#[derive(Debug, Clone)]
pub struct HostOptions {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub limits: Limits,
    /// Open sockets at once, upgraded or not. Each costs a few KiB plus what it is sending.
    pub max_connections: usize,
    /// Open sockets at once from one address (IPv6: one /64).
    pub max_connections_per_address: usize,
    /// Serve `wss://` with this certificate; `None` serves plain `ws://` (only when a person
    /// asked for it: everything, the join codes included, then travels readable).
    pub certificate: Option<HostCertificate>,
}

impl Default for HostOptions {
    fn default() -> Self {
        HostOptions {
            bind: IpAddr::from([0, 0, 0, 0]),
            port: 0,
            limits: Limits::default(),
            max_connections: 256,
            max_connections_per_address: 64,
            certificate: None,
        }
    }
}

/// The plan a host serves: its id (the room names), its two live documents and the codes.
#[derive(Debug)]
pub struct HostedPlan {
    pub plan_id: String,
    /// The plan document, shared with the host's own app (its edits go to
    /// [`Host::local_update`]).
    pub plan: yrs::Doc,
    /// The review layer's document.
    pub review: yrs::Doc,
    pub codes: JoinCodes,
}

struct RoomHandle {
    events: mpsc::Sender<RoomEvent>,
    control: mpsc::UnboundedSender<Control>,
    presence: watch::Receiver<Vec<Presence>>,
    task: JoinHandle<()>,
    relay: std::thread::JoinHandle<()>,
}

struct Gate {
    plan_id: String,
    codes: JoinCodes,
    attempts: Mutex<Attempts>,
    open: Mutex<OpenSockets>,
    limits: Limits,
    max_connections: usize,
    max_per_address: usize,
    next_conn: AtomicU64,
    tls: Option<Tls>,
    tokens: TokenKey,
}

struct Tls {
    acceptor: tokio_rustls::TlsAcceptor,
    fingerprint: Fingerprint,
}

/// A socket as the host serves it: TLS unless hosting was asked for without it.
pub(crate) type HostSocket = WebSocketStream<Wire<tokio_rustls::server::TlsStream<TcpStream>>>;

#[derive(Default)]
struct OpenSockets {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// A socket counted against the limits until it is dropped.
struct Counted {
    gate: Arc<Gate>,
    address: IpAddr,
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut open = lock(&self.gate.open);
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                open.by_address.remove(&self.address);
            }
        }
    }
}

/// A plan being hosted. Dropping it without [`Host::stop`] leaves its tasks to end with the
/// runtime.
pub struct Host {
    addr: SocketAddr,
    gate: Arc<Gate>,
    plan: RoomHandle,
    review: RoomHandle,
    stop: watch::Sender<bool>,
    accept: JoinHandle<()>,
    ticker: JoinHandle<()>,
    failure: watch::Receiver<Option<String>>,
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("addr", &self.addr)
            .field("plan_id", &self.gate.plan_id)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Plain counters: a panic elsewhere cannot leave them inconsistent.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Host {
    /// Starts hosting on `runtime`: binds the port (so the address is known when this
    /// returns) and serves until [`Host::stop`]. Updates from peers are committed through
    /// `sink` before they are relayed to anyone.
    pub fn start(
        runtime: &Handle,
        hosted: HostedPlan,
        options: HostOptions,
        sink: Arc<dyn PlanSink>,
    ) -> Result<Host, SessionError> {
        let wanted = SocketAddr::new(options.bind, options.port);
        let cannot = |e: std::io::Error| SessionError::CannotListen {
            addr: wanted,
            reason: e.to_string(),
        };
        let std_listener = std::net::TcpListener::bind(wanted).map_err(cannot)?;
        std_listener.set_nonblocking(true).map_err(cannot)?;
        let addr = std_listener.local_addr().map_err(cannot)?;
        let plan_room = RoomName::new(&hosted.plan_id, Layer::Plan)?;
        let review_room = RoomName::new(&hosted.plan_id, Layer::Review)?;

        let (failure_tx, failure) = watch::channel(None);
        let failure_tx = Arc::new(failure_tx);
        let plan = start_room(
            runtime,
            plan_room,
            hosted.plan,
            &options.limits,
            &sink,
            &failure_tx,
        )?;
        let review = start_room(
            runtime,
            review_room,
            hosted.review,
            &options.limits,
            &sink,
            &failure_tx,
        )?;
        let tls = match &options.certificate {
            Some(certificate) => Some(Tls {
                acceptor: tokio_rustls::TlsAcceptor::from(certificate.server_config()?),
                fingerprint: certificate.fingerprint(),
            }),
            None => None,
        };
        let tokens = TokenKey::generate().map_err(|e| SessionError::NoRandomness(e.to_string()))?;
        let gate = Arc::new(Gate {
            plan_id: hosted.plan_id,
            codes: hosted.codes,
            attempts: Mutex::new(Attempts::new()),
            open: Mutex::new(OpenSockets::default()),
            limits: options.limits.clone(),
            max_connections: options.max_connections,
            max_per_address: options.max_connections_per_address,
            next_conn: AtomicU64::new(1),
            tls,
            tokens,
        });
        let (stop, stop_rx) = watch::channel(false);
        let rooms = Rooms {
            plan: plan.events.clone(),
            review: review.events.clone(),
        };
        let accept = {
            let _entered = runtime.enter();
            let listener = TcpListener::from_std(std_listener).map_err(cannot)?;
            runtime.spawn(accept_loop(
                listener,
                Arc::clone(&gate),
                rooms,
                stop_rx.clone(),
            ))
        };
        let ticker = {
            let controls = [plan.control.clone(), review.control.clone()];
            let mut stop_rx = stop_rx;
            runtime.spawn(async move {
                let mut tick = tokio::time::interval(TICK_EVERY);
                loop {
                    tokio::select! {
                        _ = stop_rx.changed() => return,
                        _ = tick.tick() => {
                            for c in &controls {
                                let _ = c.send(Control::Tick);
                            }
                        }
                    }
                }
            })
        };
        Ok(Host {
            addr,
            gate,
            plan,
            review,
            stop,
            accept,
            ticker,
            failure,
        })
    }

    /// The address the host listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn plan_id(&self) -> &str {
        &self.gate.plan_id
    }

    pub fn codes(&self) -> &JoinCodes {
        &self.gate.codes
    }

    /// One address per role, each usable as-is by a y-websocket client, with `reach` as the
    /// host part (the listening address itself when it is not a wildcard).
    pub fn join_addresses(&self, reach: Option<IpAddr>) -> Vec<(Role, JoinAddress)> {
        let ip = match reach {
            Some(ip) => ip,
            None if self.addr.ip().is_unspecified() => IpAddr::from([127, 0, 0, 1]),
            None => self.addr.ip(),
        };
        let at = SocketAddr::new(ip, self.addr.port());
        let room = RoomName::new(&self.gate.plan_id, Layer::Plan);
        [Role::Editor, Role::Reviewer, Role::Viewer]
            .into_iter()
            .filter_map(|role| {
                let room = room.as_ref().ok()?;
                Some((
                    role,
                    JoinAddress::for_host(
                        at,
                        room,
                        self.gate.codes.for_role(role),
                        self.gate.tls.is_some(),
                    ),
                ))
            })
            .collect()
    }

    /// The fingerprint of the certificate served (`None`: plain `ws://`).
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.gate.tls.as_ref().map(|t| t.fingerprint)
    }

    /// The host's own edit to `layer`, already committed to the plan file: sent to everyone.
    pub fn local_update(&self, layer: Layer, update: Vec<u8>) -> Result<(), SessionError> {
        self.room(layer)
            .control
            .send(Control::LocalUpdate(update))
            .map_err(|_| SessionError::HostStopped)
    }

    /// The host person's awareness state (JSON; see [`crate::presence::state_json`]), renewed
    /// every 15 s until changed; `None` when they step away.
    pub fn set_presence(&self, state: Option<String>) -> Result<(), SessionError> {
        for layer in [Layer::Plan, Layer::Review] {
            self.room(layer)
                .control
                .send(Control::SetPresence(state.clone()))
                .map_err(|_| SessionError::HostStopped)?;
        }
        Ok(())
    }

    /// Who is in the plan's room now, the host's own person included.
    pub fn presence(&self) -> Vec<Presence> {
        self.plan.presence.borrow().clone()
    }

    /// Changes to [`Host::presence`], for a screen that shows who is where.
    pub fn watch_presence(&self) -> watch::Receiver<Vec<Presence>> {
        self.plan.presence.clone()
    }

    /// Calls `changed` on `network` each time who is here changes or hosting stops on its own,
    /// until hosting stops: a screen that shows them is told, never asks again and again.
    pub fn on_change(&self, network: &crate::Network, changed: impl Fn() + Send + 'static) {
        let mut presence = self.plan.presence.clone();
        let mut failure = self.failure.clone();
        network.handle().spawn(async move {
            loop {
                let open = tokio::select! {
                    r = presence.changed() => r.is_ok(),
                    r = failure.changed() => r.is_ok(),
                };
                if !open {
                    return;
                }
                changed();
            }
        });
    }

    /// Set when hosting stopped on its own (the plan file could not be written); peers then
    /// keep working on their copies and another laptop can host.
    pub fn failure(&self) -> watch::Receiver<Option<String>> {
        self.failure.clone()
    }

    /// Open sockets now.
    pub fn open_connections(&self) -> usize {
        lock(&self.gate.open).total
    }

    /// Stops accepting, closes every connection and waits until every update received has
    /// been committed. The documents stay as they are, for the caller to close its file.
    pub async fn stop(self) {
        self.stop.send_replace(true);
        let mut accept = self.accept;
        if tokio::time::timeout(STOP_WITHIN, &mut accept)
            .await
            .is_err()
        {
            // A peer that stopped reading holds its socket's writer; dropping it closes it.
            accept.abort();
        }
        self.ticker.abort();
        for room in [self.plan, self.review] {
            let (done, wait) = oneshot::channel();
            if room.control.send(Control::Stop(done)).is_ok() {
                let _ = wait.await;
            }
            drop(room.events);
            drop(room.control);
            let _ = room.task.await;
            let _ = tokio::task::spawn_blocking(move || room.relay.join()).await;
        }
    }

    fn room(&self, layer: Layer) -> &RoomHandle {
        match layer {
            Layer::Plan => &self.plan,
            Layer::Review => &self.review,
        }
    }
}

fn start_room(
    runtime: &Handle,
    name: RoomName,
    doc: yrs::Doc,
    limits: &Limits,
    sink: &Arc<dyn PlanSink>,
    failure: &Arc<watch::Sender<Option<String>>>,
) -> Result<RoomHandle, SessionError> {
    let (presence_tx, presence) = watch::channel(Vec::new());
    let (task, relay) = room_task::start(
        name,
        doc,
        limits.clone(),
        Arc::clone(sink),
        presence_tx,
        Arc::clone(failure),
    )?;
    let (events, events_rx) = mpsc::channel(ROOM_INBOX);
    let (control, control_rx) = mpsc::unbounded_channel();
    let task = runtime.spawn(task.run(events_rx, control_rx));
    Ok(RoomHandle {
        events,
        control,
        presence,
        task,
        relay,
    })
}

#[derive(Clone)]
struct Rooms {
    plan: mpsc::Sender<RoomEvent>,
    review: mpsc::Sender<RoomEvent>,
}

async fn accept_loop(
    listener: TcpListener,
    gate: Arc<Gate>,
    rooms: Rooms,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let (tcp, peer) = match accepted {
                    Ok(a) => a,
                    // Out of file descriptors and the like: let some close first.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let Some(counted) = count(&gate, peer.ip()) else {
                    drop(tcp);
                    continue;
                };
                let _ = tcp.set_nodelay(true);
                connections.spawn(admit(tcp, peer, counted, rooms.clone(), stop.clone()));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    // Each connection sees `stop` and closes itself.
    while connections.join_next().await.is_some() {}
}

fn count(gate: &Arc<Gate>, address: IpAddr) -> Option<Counted> {
    let address = counted_as(address);
    let mut open = lock(&gate.open);
    let here = open.by_address.get(&address).copied().unwrap_or(0);
    if open.total >= gate.max_connections || here >= gate.max_per_address {
        return None;
    }
    open.total += 1;
    *open.by_address.entry(address).or_insert(0) += 1;
    Some(Counted {
        gate: Arc::clone(gate),
        address,
    })
}

struct Admitted {
    /// `None`: the laptop asked to pair.
    layer: Option<Layer>,
    role: Role,
    name: Option<String>,
}

async fn admit(
    tcp: TcpStream,
    peer: SocketAddr,
    counted: Counted,
    rooms: Rooms,
    stop: watch::Receiver<bool>,
) {
    let gate = Arc::clone(&counted.gate);
    let mut admitted: Option<Admitted> = None;
    let config = WebSocketConfig::default()
        .read_buffer_size(16 << 10)
        .write_buffer_size(0)
        .max_write_buffer_size(gate.limits.max_frame_bytes.saturating_add(1 << 20))
        .max_message_size(Some(gate.limits.max_frame_bytes))
        .max_frame_size(Some(gate.limits.max_frame_bytes));
    // The shape of tungstenite's callback, large error and all.
    #[allow(clippy::result_large_err)]
    let callback = |request: &Request, response: Response| match check(&gate, peer.ip(), request) {
        Ok(a) => {
            admitted = Some(a);
            Ok(response)
        }
        Err(refusal) => Err(refusal.response()),
    };
    let mut stopping = stop.clone();
    let handshake = async {
        let wire = match &gate.tls {
            Some(tls) => Wire::Tls(Box::new(tls.acceptor.accept(tcp).await.ok()?)),
            None => Wire::Plain(tcp),
        };
        tokio_tungstenite::accept_hdr_async_with_config(wire, callback, Some(config))
            .await
            .ok()
    };
    let upgraded = tokio::select! {
        upgraded = tokio::time::timeout(HANDSHAKE_WITHIN, handshake) => upgraded,
        _ = connection::until_true(&mut stopping) => return,
    };
    let (Ok(Some(ws)), Some(admitted)) = (upgraded, admitted) else {
        return;
    };
    if *stop.borrow() {
        return;
    }
    let Some(layer) = admitted.layer else {
        pair(ws, &gate, peer.ip(), stop).await;
        return;
    };
    let author = match &admitted.name {
        Some(name) => format!("{name} ({})", admitted.role),
        None => format!("{} at {}", admitted.role, peer.ip()),
    };
    let room = match layer {
        Layer::Plan => rooms.plan,
        Layer::Review => rooms.review,
    };
    let conn = throughline_sync::ConnId(gate.next_conn.fetch_add(1, Ordering::Relaxed));
    connection::serve(
        ws,
        Peer {
            conn,
            role: admitted.role,
            author,
            room,
            stop,
            pace: Pace::default(),
        },
    )
    .await;
    drop(counted);
}

/// Why a request was not upgraded; the body says it in one line, and nothing of the plan.
struct Refusal {
    status: StatusCode,
    text: &'static str,
    retry_after: Option<Duration>,
    /// With a redirect: where the plan is.
    location: Option<String>,
}

fn refuse(status: StatusCode, text: &'static str) -> Refusal {
    Refusal {
        status,
        text,
        retry_after: None,
        location: None,
    }
}

impl Refusal {
    fn response(self) -> ErrorResponse {
        let mut response = ErrorResponse::new(Some(format!("{}\n", self.text)));
        *response.status_mut() = self.status;
        if let Some(wait) = self.retry_after {
            if let Ok(value) = wait.as_secs().to_string().parse() {
                response.headers_mut().insert("retry-after", value);
            }
        }
        if let Some(value) = self.location.and_then(|l| l.parse().ok()) {
            response.headers_mut().insert("location", value);
        }
        response
    }
}

/// Decides a request at the upgrade: which room, which role, or which refusal.
///
/// A request that names no room (`ws://HOST:PORT/?code=…`) with a right code is redirected to
/// the plan's room: the address a host reads aloud carries no plan id, and where multicast is
/// blocked (so the host's announcement never arrives) this is how a laptop that typed it finds
/// the plan. Only a right code learns the id, and wrong ones count as any wrong code does.
fn check(gate: &Gate, ip: IpAddr, request: &Request) -> Result<Admitted, Refusal> {
    let path = request.uri().path().trim_start_matches('/');
    let query = request.uri().query().unwrap_or("");
    if path == PAIR_PATH && gate.tls.is_some() {
        // Pairing needs TLS: its confirmation covers the certificate's fingerprint.
        if let Verdict::Throttled(wait) = lock(&gate.attempts).check(ip, Instant::now()) {
            return Err(throttled(wait));
        }
        return Ok(Admitted {
            layer: None,
            role: Role::Viewer,
            name: None,
        });
    }
    let room = match RoomName::parse(path) {
        Ok(room) if room.plan_id() == gate.plan_id => Some(room),
        _ if path.is_empty() => None,
        _ => return Err(refuse(StatusCode::NOT_FOUND, "no such plan on this host")),
    };
    let now = Instant::now();
    let mut attempts = lock(&gate.attempts);
    if let Verdict::Throttled(wait) = attempts.check(ip, now) {
        return Err(throttled(wait));
    }
    let token_role = match query_param(query, "token") {
        // A token is 128 random bits under the host's key: not guessable, so a stale one (the
        // host restarted) is not counted as a guess; the laptop pairs again.
        Some(token) => match (
            gate.tls.is_some(),
            gate.tokens.role_of(&token, &gate.plan_id),
        ) {
            (true, Some(role)) => Some(role),
            _ => {
                return Err(refuse(
                    StatusCode::UNAUTHORIZED,
                    "the session token is not this host's; pair again",
                ))
            }
        },
        None => None,
    };
    let role = match (token_role, query_param(query, "code")) {
        (Some(role), _) => role,
        (None, None) => {
            attempts.failed(ip, None, now);
            return Err(refuse(StatusCode::UNAUTHORIZED, "a join code is needed"));
        }
        (None, Some(code)) => match gate.codes.role_of(&code) {
            Some(role) => role,
            None => {
                attempts.failed(ip, Some(&code), now);
                return Err(refuse(StatusCode::FORBIDDEN, "wrong join code"));
            }
        },
    };
    drop(attempts);
    let Some(room) = room else {
        return Err(Refusal {
            status: StatusCode::TEMPORARY_REDIRECT,
            text: "this host serves one plan, at the address given in Location",
            retry_after: None,
            location: Some(format!("/{}", gate.plan_id)),
        });
    };
    let name = query_param(query, "name")
        .map(|n| {
            n.chars()
                .filter(|c| !c.is_control())
                .take(MAX_NAME_CHARS)
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .filter(|n| !n.is_empty());
    Ok(Admitted {
        layer: Some(room.layer()),
        role,
        name,
    })
}

/// The path laptops pair at.
const PAIR_PATH: &str = "pair";

fn throttled(wait: Duration) -> Refusal {
    Refusal {
        status: StatusCode::TOO_MANY_REQUESTS,
        text: "too many wrong join codes from this address",
        retry_after: Some(wait),
        location: None,
    }
}

/// One laptop pairing ([`crate::pairing`]): a refused confirmation is one failed guess from
/// its address; a proved one leaves with a session token for the role it proved.
async fn pair(mut ws: HostSocket, gate: &Gate, ip: IpAddr, mut stop: watch::Receiver<bool>) {
    let Some(tls) = &gate.tls else { return };
    let exchange = async {
        let hello = next_binary(&mut ws).await?;
        let (host, answer) = HostAnswering::answer(&hello, &gate.codes).ok()?;
        ws.send(Message::Binary(answer.into())).await.ok()?;
        let confirm = next_binary(&mut ws).await?;
        let last = match host.check(&confirm, &tls.fingerprint) {
            Ok(role) => {
                let token = gate.tokens.issue(role, &gate.plan_id).ok()?;
                host.welcome(role, &token, &gate.plan_id, &tls.fingerprint)
            }
            Err(_) => {
                lock(&gate.attempts).failed(ip, None, Instant::now());
                REFUSED.to_vec()
            }
        };
        ws.send(Message::Binary(last.into())).await.ok()?;
        let _ = ws.close(None).await;
        Some(())
    };
    tokio::select! {
        _ = tokio::time::timeout(HANDSHAKE_WITHIN, exchange) => {}
        _ = connection::until_true(&mut stop) => {}
    }
}

/// The next binary message, or `None` when the laptop sent something else or went away.
async fn next_binary(ws: &mut HostSocket) -> Option<Bytes> {
    loop {
        match ws.next().await? {
            Ok(Message::Binary(bytes)) => return Some(bytes),
            Ok(Message::Ping(_) | Message::Pong(_)) => continue,
            _ => return None,
        }
    }
}
