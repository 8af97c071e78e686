//! Retreat mode for both front ends: host the open plan on the room's network, join a host,
//! leave, and who is here. The network itself is `throughline-session`; this module joins it
//! to the plan file.
//!
//! Everyone edits through [`RetreatHost::edit`] / [`RetreatJoin::edit`]: the change is
//! committed to this laptop's plan file first, then sent to the others. What peers send is
//! saved through [`FileSink`]: on a host, each room's relay thread hands it everything that
//! queued up during the last commit (thirty peers typing share fsyncs), and relays only once
//! that is committed.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use throughline_session::discovery::{Announcement, Interfaces};
use throughline_session::presence::state_json;
use throughline_session::{
    sync_once, Host, HostOptions, HostedPlan, JoinAddress, JoinCode, JoinCodes, Joined, Layer,
    Network, PeerUpdate, PlanSink, RoomName, SessionError, SinkError, StopSignal, SyncReport,
};
use throughline_store::{NewUpdate, PlanFile, StoreError};
use yrs::{Doc, Origin, ReadTxn, Transact};

use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::open_review::OpenReview;

pub use throughline_session::{JoinStatus, Presence};

/// The port a host listens on unless told otherwise, so a typed address can be short.
pub const DEFAULT_PORT: u16 = 4455;
/// Where a host keeps its join codes in the plan file, so a host that restarts (after a crash,
/// or the next morning) keeps the codes people already have.
const CODES_META_KEY: &str = "retreat_join_codes";

/// Why retreat mode could not do something; one line for a person.
#[derive(Debug, thiserror::Error)]
pub enum RetreatError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{} is a copy of plan {ours}, but {address} serves plan {theirs}", .path.display())]
    DifferentPlan {
        path: PathBuf,
        ours: String,
        theirs: String,
        address: String,
    },
}

/// How to host.
#[derive(Debug, Clone)]
pub struct HostingOptions {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Announce the plan on the network (mDNS) so laptops find it in a list.
    pub announce: bool,
    /// Draw new join codes instead of the ones kept from the last time this plan was hosted.
    pub new_codes: bool,
}

impl Default for HostingOptions {
    fn default() -> Self {
        HostingOptions {
            bind: IpAddr::from([0, 0, 0, 0]),
            port: DEFAULT_PORT,
            announce: true,
            new_codes: false,
        }
    }
}

/// One role's way in, as the host screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JoinLink {
    /// `editor`, `reviewer` or `viewer`.
    pub role: String,
    /// Usable as-is by any y-websocket client.
    pub url: String,
    /// The code to say aloud: `4821-0937`.
    pub code: String,
}

/// The open plan and its review document, shared by the front end and the network.
struct Open {
    plan: OpenPlan,
    review: OpenReview,
}

/// Updates made on this laptop (not by peers, not loaded from the file), captured as they are
/// made so they can be sent once committed.
#[derive(Default)]
struct Captured {
    plan: Vec<Vec<u8>>,
    review: Vec<Vec<u8>>,
}

static NEXT_OBSERVER: AtomicU64 = AtomicU64::new(1);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // What these guard stays consistent across a panic elsewhere (each write is one call).
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Watches `doc` for this laptop's own changes.
fn capture_local(doc: &Doc, into: &Arc<Mutex<Captured>>, layer: Layer) -> Result<String, AppError> {
    let key = format!(
        "throughline-app/retreat/{}",
        NEXT_OBSERVER.fetch_add(1, Ordering::Relaxed)
    );
    let captured = Arc::clone(into);
    let peers = Origin::from(throughline_session::SYNC_ORIGIN);
    let file = Origin::from(throughline_store::STORE_ORIGIN);
    doc.observe_update_v1(key.as_str(), move |txn, event| {
        let origin = txn.origin();
        if origin == Some(&peers) || origin == Some(&file) {
            return;
        }
        let mut captured = lock(&captured);
        match layer {
            Layer::Plan => captured.plan.push(event.update.clone()),
            Layer::Review => captured.review.push(event.update.clone()),
        }
    })
    .map_err(|_| AppError::Plan(throughline_plan::PlanError::Damaged))?;
    Ok(key)
}

/// Saves what peers send into this laptop's plan file, through connections of its own (the
/// front end's edits keep theirs).
struct FileSink {
    open: Arc<Mutex<Open>>,
    captured: Arc<Mutex<Captured>>,
    /// `None` once closed.
    plan_file: Mutex<Option<PlanFile>>,
    review_file: Arc<Mutex<PlanFile>>,
}

impl PlanSink for FileSink {
    fn save(&self, layer: Layer, updates: &[PeerUpdate]) -> Result<(), SinkError> {
        let failed = |e: StoreError| SinkError(e.to_string());
        let at_ms = Now::read().ms;
        match layer {
            Layer::Plan => {
                let mut plan_file = lock(&self.plan_file);
                let file = plan_file
                    .as_mut()
                    .ok_or_else(|| SinkError(String::from("the plan file is closed")))?;
                let rows: Vec<NewUpdate<'_>> = updates
                    .iter()
                    .map(|u| NewUpdate {
                        data: &u.update,
                        author: &u.author,
                        at_ms,
                    })
                    .collect();
                // One transaction; a row the store refuses (it is quarantined) stops hosting
                // like any failed write, but the others are kept.
                for row in file.append_each(&rows).map_err(failed)? {
                    row.map_err(failed)?;
                }
                Ok(())
            }
            // The review layer's updates are few (comments, statuses): one append each.
            Layer::Review => {
                let mut file = lock(&self.review_file);
                for u in updates {
                    file.append_review(&u.update, &u.author, at_ms)
                        .map_err(failed)?;
                }
                Ok(())
            }
        }
    }

    fn reload(&self, layer: Layer) -> Result<Doc, SinkError> {
        let fail = |e: AppError| SinkError(e.to_string());
        let mut open = lock(&self.open);
        match layer {
            Layer::Plan => {
                let fresh = OpenPlan::open(open.plan.path(), open.plan.author()).map_err(fail)?;
                capture_local(fresh.plan().doc(), &self.captured, Layer::Plan).map_err(fail)?;
                let doc = fresh.plan().doc().clone();
                open.plan = fresh;
                Ok(doc)
            }
            Layer::Review => {
                let fresh = OpenReview::open(&open.plan).map_err(fail)?;
                capture_local(fresh.review().doc(), &self.captured, Layer::Review).map_err(fail)?;
                let doc = fresh.review().doc().clone();
                open.review = fresh;
                Ok(doc)
            }
        }
    }
}

impl FileSink {
    fn start(
        open: &Arc<Mutex<Open>>,
        captured: &Arc<Mutex<Captured>>,
    ) -> Result<Self, RetreatError> {
        let guard = lock(open);
        let plan_file = guard.plan.second_connection()?;
        let review_file = guard.plan.second_connection()?;
        drop(guard);
        Ok(FileSink {
            open: Arc::clone(open),
            captured: Arc::clone(captured),
            plan_file: Mutex::new(Some(plan_file)),
            review_file: Arc::new(Mutex::new(review_file)),
        })
    }

    /// Closes this sink's connection for the plan's updates (everything saved is committed).
    fn close(&self) -> Result<(), RetreatError> {
        if let Some(file) = lock(&self.plan_file).take() {
            file.close()?;
        }
        Ok(())
    }
}

/// Opens the plan and its review document with this laptop's own changes captured.
type Shared = (Arc<Mutex<Open>>, Arc<Mutex<Captured>>);

fn open_shared(plan: OpenPlan) -> Result<Shared, RetreatError> {
    let review = OpenReview::open(&plan)?;
    let captured = Arc::new(Mutex::new(Captured::default()));
    capture_local(plan.plan().doc(), &captured, Layer::Plan)?;
    capture_local(review.review().doc(), &captured, Layer::Review)?;
    Ok((Arc::new(Mutex::new(Open { plan, review })), captured))
}

fn stored_codes(file: &mut PlanFile, fresh: bool) -> Result<JoinCodes, RetreatError> {
    if !fresh {
        if let Some(stored) = file.meta(CODES_META_KEY)? {
            let parts: Vec<&str> = stored.split(',').collect();
            if let [e, r, v] = parts[..] {
                if let (Ok(e), Ok(r), Ok(v)) =
                    (JoinCode::parse(e), JoinCode::parse(r), JoinCode::parse(v))
                {
                    if let Ok(codes) = JoinCodes::new(e, r, v) {
                        return Ok(codes);
                    }
                }
            }
        }
    }
    let codes = JoinCodes::generate()?;
    file.set_meta(
        CODES_META_KEY,
        &format!(
            "{},{},{}",
            codes.editor.as_str(),
            codes.reviewer.as_str(),
            codes.viewer.as_str()
        ),
    )?;
    Ok(codes)
}

/// This laptop hosting its open plan for the room.
pub struct RetreatHost {
    network: Network,
    host: Option<Host>,
    open: Arc<Mutex<Open>>,
    captured: Arc<Mutex<Captured>>,
    sink: Arc<FileSink>,
    announcement: Option<Announcement>,
    announce_problem: Option<String>,
    author: String,
}

impl std::fmt::Debug for RetreatHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RetreatHost")
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

impl RetreatHost {
    /// Opens the plan at `path` and hosts it. The person hosting is `author`.
    pub fn start(
        path: &Path,
        author: &str,
        options: &HostingOptions,
    ) -> Result<RetreatHost, RetreatError> {
        let plan = OpenPlan::open(path, author)?;
        let plan_id = plan.plan_id()?;
        let title = plan.content().record.title;
        let codes = {
            let mut file = plan.second_connection()?;
            let codes = stored_codes(&mut file, options.new_codes)?;
            file.close()?;
            codes
        };
        let (open, captured) = open_shared(plan)?;
        let sink = Arc::new(FileSink::start(&open, &captured)?);
        let (plan_doc, review_doc) = {
            let guard = lock(&open);
            (
                guard.plan.plan().doc().clone(),
                guard.review.review().doc().clone(),
            )
        };
        let network = Network::start()?;
        let host = Host::start(
            network.handle(),
            HostedPlan {
                plan_id: plan_id.clone(),
                plan: plan_doc,
                review: review_doc,
                codes,
            },
            HostOptions {
                bind: options.bind,
                port: options.port,
                ..HostOptions::default()
            },
            Arc::clone(&sink) as Arc<dyn PlanSink>,
        );
        let host = match host {
            Ok(host) => host,
            Err(e) => {
                let _ = sink.close();
                return Err(e.into());
            }
        };
        let (announcement, announce_problem) = if options.announce && !options.bind.is_loopback() {
            match Announcement::start(
                &plan_id,
                &title,
                author,
                host.local_addr().port(),
                Interfaces::All,
            ) {
                Ok(a) => (Some(a), None),
                Err(e) => (None, Some(e.to_string())),
            }
        } else {
            (None, None)
        };
        Ok(RetreatHost {
            network,
            host: Some(host),
            open,
            captured,
            sink,
            announcement,
            announce_problem,
            author: author.to_owned(),
        })
    }

    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.host.as_ref().map(Host::local_addr)
    }

    /// One link per role. `reach` is the address others use to reach this laptop; by default
    /// the listening address, or this laptop's address on the local network when listening on
    /// all of them.
    pub fn join_links(&self, reach: Option<IpAddr>) -> Vec<JoinLink> {
        let Some(host) = &self.host else {
            return Vec::new();
        };
        let reach = reach.or_else(|| {
            host.local_addr()
                .ip()
                .is_unspecified()
                .then(throughline_session::address::lan_address)
                .flatten()
        });
        host.join_addresses(reach)
            .into_iter()
            .map(|(role, address)| JoinLink {
                role: role.as_str().to_owned(),
                url: address.to_string(),
                code: host.codes().for_role(role).spoken(),
            })
            .collect()
    }

    /// Why the plan is not announced on the network, if it should have been (e.g. multicast
    /// blocked): people then type the address.
    pub fn announce_problem(&self) -> Option<&str> {
        self.announce_problem.as_deref()
    }

    /// Makes a change as the host person: `change` gets the plan and its review document; what
    /// it changed is committed by it (as [`OpenPlan::apply`] does) and then sent to everyone.
    pub fn edit<R>(
        &self,
        change: impl FnOnce(&mut OpenPlan, &mut OpenReview) -> Result<R, AppError>,
    ) -> Result<R, RetreatError> {
        let result = {
            let mut open = lock(&self.open);
            let Open { plan, review } = &mut *open;
            change(plan, review)
        };
        self.send_captured()?;
        Ok(result?)
    }

    fn send_captured(&self) -> Result<(), RetreatError> {
        let Captured { plan, review } = std::mem::take(&mut *lock(&self.captured));
        if let Some(host) = &self.host {
            for update in plan {
                host.local_update(Layer::Plan, update)?;
            }
            for update in review {
                host.local_update(Layer::Review, update)?;
            }
        }
        Ok(())
    }

    /// Reads the plan as it is now (peers' changes included).
    pub fn read<R>(&self, read: impl FnOnce(&OpenPlan, &OpenReview) -> R) -> R {
        let open = lock(&self.open);
        read(&open.plan, &open.review)
    }

    /// The host person's presence: which section they are in (`None`: none in particular).
    pub fn set_section(&self, section: Option<&str>) -> Result<(), RetreatError> {
        if let Some(host) = &self.host {
            host.set_presence(Some(state_json(&self.author, Some("host"), None, section)))?;
        }
        Ok(())
    }

    /// Who is here, the host person included once they have set a section.
    pub fn presence(&self) -> Vec<Presence> {
        self.host.as_ref().map(Host::presence).unwrap_or_default()
    }

    /// Set when hosting stopped on its own (the plan file could not be written).
    pub fn failure(&self) -> Option<String> {
        self.host
            .as_ref()
            .and_then(|h| h.failure().borrow().clone())
    }

    /// Listens for Ctrl-C and SIGTERM (the CLI's `serve`).
    pub fn stop_signal(&self) -> Result<StopSignal, RetreatError> {
        Ok(self.network.stop_signal()?)
    }

    /// Waits for a stop signal for at most `within`; true if one came.
    pub fn wait_for(&self, signal: &mut StopSignal, within: Duration) -> bool {
        signal.wait(&self.network, Some(within))
    }

    /// Stops hosting: peers are disconnected (they keep their copies), everything received is
    /// committed, and the plan file is closed complete (snapshot when due, checkpoint).
    pub fn stop(mut self) -> Result<(), RetreatError> {
        drop(self.announcement.take());
        if let Some(host) = self.host.take() {
            self.network.block_on(host.stop());
        }
        self.sink.close()?;
        let review_file = Arc::clone(&self.sink.review_file);
        drop(self.sink);
        if let Ok(file) = Arc::try_unwrap(review_file) {
            file.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .close()?;
        }
        close_open(self.open)
    }
}

fn close_open(open: Arc<Mutex<Open>>) -> Result<(), RetreatError> {
    let open = match Arc::try_unwrap(open) {
        Ok(m) => m.into_inner().unwrap_or_else(|p| p.into_inner()),
        // Still shared (a network task that has not ended): its drop closes the connection;
        // everything is committed already.
        Err(_) => return Ok(()),
    };
    open.review.close()?;
    open.plan.close()?;
    Ok(())
}

/// This laptop joined to a host (or to any y-websocket server serving this plan's room).
pub struct RetreatJoin {
    network: Network,
    joined: Option<Joined>,
    open: Arc<Mutex<Open>>,
    captured: Arc<Mutex<Captured>>,
    sink: Arc<FileSink>,
    layer: Layer,
    author: String,
}

impl std::fmt::Debug for RetreatJoin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RetreatJoin")
            .field("joined", &self.joined)
            .finish_non_exhaustive()
    }
}

/// The plan file for `address`: the copy at `path`, which must be of the plan the address
/// serves, or (if there is no file there yet) a new empty copy of it to fill from the host.
fn open_copy(path: &Path, author: &str, address: &JoinAddress) -> Result<OpenPlan, RetreatError> {
    let served = RoomName::parse(address.room())
        .map_err(|_| SessionError::BadAddress(address.to_string()))?;
    if !path.exists() {
        let file = PlanFile::create(path, served.plan_id(), Now::read().ms)?;
        file.close()?;
    }
    let plan = OpenPlan::open(path, author)?;
    let ours = plan.plan_id()?;
    if ours != served.plan_id() {
        return Err(RetreatError::DifferentPlan {
            path: path.to_path_buf(),
            ours,
            theirs: served.plan_id().to_owned(),
            address: address.server().to_owned(),
        });
    }
    Ok(plan)
}

fn layer_doc(open: &Open, layer: Layer) -> Doc {
    match layer {
        Layer::Plan => open.plan.plan().doc().clone(),
        Layer::Review => open.review.review().doc().clone(),
    }
}

impl RetreatJoin {
    /// Joins the host at `address` (a link from the host screen) with the copy of the plan at
    /// `path`, created empty if there is none yet. Edits made while apart are exchanged on
    /// every reconnect.
    pub fn start(path: &Path, author: &str, address: &str) -> Result<RetreatJoin, RetreatError> {
        let address = JoinAddress::parse(address)?;
        let plan = open_copy(path, author, &address)?;
        let (open, captured) = open_shared(plan)?;
        let sink = Arc::new(FileSink::start(&open, &captured)?);
        let layer = address.layer();
        let doc = layer_doc(&lock(&open), layer);
        let network = Network::start()?;
        let with_name = if address.param("name").is_none() {
            address.with_param("name", author)
        } else {
            address
        };
        let joined = Joined::start(
            network.handle(),
            with_name,
            doc,
            Arc::clone(&sink) as Arc<dyn PlanSink>,
        )?;
        Ok(RetreatJoin {
            network,
            joined: Some(joined),
            open,
            captured,
            sink,
            layer,
            author: author.to_owned(),
        })
    }

    /// Makes a change on this laptop: committed to its plan file by `change`, then sent to
    /// the host (or, while apart, carried by the next sync).
    pub fn edit<R>(
        &self,
        change: impl FnOnce(&mut OpenPlan, &mut OpenReview) -> Result<R, AppError>,
    ) -> Result<R, RetreatError> {
        let result = {
            let mut open = lock(&self.open);
            let Open { plan, review } = &mut *open;
            change(plan, review)
        };
        self.send_captured();
        Ok(result?)
    }

    fn send_captured(&self) {
        let Captured { plan, review } = std::mem::take(&mut *lock(&self.captured));
        let ours = match self.layer {
            Layer::Plan => plan,
            Layer::Review => review,
        };
        if let Some(joined) = &self.joined {
            for update in ours {
                joined.local_update(update);
            }
        }
    }

    /// Takes in what other programs saved to this plan file (another `throughline` command)
    /// and sends it on. Returns whether anything was new.
    pub fn pick_up_file_changes(&self) -> Result<bool, RetreatError> {
        let update = {
            let mut open = lock(&self.open);
            let doc = layer_doc(&open, self.layer);
            let before = doc.transact().state_vector();
            match self.layer {
                Layer::Plan => {
                    open.plan.refresh()?;
                }
                Layer::Review => open.review.refresh()?,
            }
            let txn = doc.transact();
            if txn.state_vector() == before {
                return Ok(false);
            }
            txn.encode_state_as_update_v1(&before)
        };
        if let Some(joined) = &self.joined {
            joined.local_update(update);
        }
        Ok(true)
    }

    pub fn read<R>(&self, read: impl FnOnce(&OpenPlan, &OpenReview) -> R) -> R {
        let open = lock(&self.open);
        read(&open.plan, &open.review)
    }

    pub fn status(&self) -> JoinStatus {
        self.joined
            .as_ref()
            .map_or(JoinStatus::Left, Joined::status)
    }

    /// Set when the host refused an edit (this laptop joined with a viewer's code).
    pub fn permission_denied(&self) -> Option<String> {
        self.joined.as_ref().and_then(Joined::permission_denied)
    }

    pub fn set_section(&self, section: Option<&str>) {
        if let Some(joined) = &self.joined {
            joined.set_presence(Some(state_json(&self.author, None, None, section)));
        }
    }

    pub fn presence(&self) -> Vec<Presence> {
        self.joined
            .as_ref()
            .map(Joined::presence)
            .unwrap_or_default()
    }

    pub fn stop_signal(&self) -> Result<StopSignal, RetreatError> {
        Ok(self.network.stop_signal()?)
    }

    pub fn wait_for(&self, signal: &mut StopSignal, within: Duration) -> bool {
        signal.wait(&self.network, Some(within))
    }

    /// Leaves: presence withdrawn, connection closed, plan file closed complete. This laptop
    /// keeps its copy and can keep editing it, or host it.
    pub fn leave(mut self) -> Result<(), RetreatError> {
        if let Some(joined) = self.joined.take() {
            self.network.block_on(joined.leave());
        }
        // The network's tasks hold the sink; they end with the runtime.
        drop(self.network);
        self.sink.close()?;
        let review_file = Arc::clone(&self.sink.review_file);
        drop(self.sink);
        if let Ok(file) = Arc::try_unwrap(review_file) {
            file.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .close()?;
        }
        close_open(self.open)
    }
}

/// What `throughline sync` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    pub received_bytes: usize,
    pub refused: Option<String>,
}

impl From<SyncReport> for SyncSummary {
    fn from(r: SyncReport) -> Self {
        SyncSummary {
            received_bytes: r.received_bytes,
            refused: r.refused,
        }
    }
}

/// Exchanges updates once with the host or y-websocket server at `address`: saves into the
/// plan at `path` (created if missing) what the server has, gives it what the plan has, and
/// returns once the server has taken that in.
pub fn sync_with(
    path: &Path,
    author: &str,
    address: &str,
    within: Duration,
) -> Result<SyncSummary, RetreatError> {
    let address = JoinAddress::parse(address)?;
    let plan = open_copy(path, author, &address)?;
    let (open, captured) = open_shared(plan)?;
    let sink = Arc::new(FileSink::start(&open, &captured)?);
    let doc = layer_doc(&lock(&open), address.layer());
    let network = Network::start()?;
    let result = network.block_on(sync_once(
        &address,
        doc,
        Arc::clone(&sink) as Arc<dyn PlanSink>,
        within,
    ));
    drop(network);
    sink.close()?;
    let review_file = Arc::clone(&sink.review_file);
    drop(sink);
    if let Ok(file) = Arc::try_unwrap(review_file) {
        file.into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .close()?;
    }
    close_open(open)?;
    Ok(result?.into())
}
