//! The one handle both sides of a session share: the plan and its review document open on this
//! laptop, its own changes waiting to be sent, the sink peers' changes are saved through, and
//! the network. Everything a person does in a session (edit, read, say where they are, wait,
//! end) is done here once, for the host and the joined side alike; a [`Side`] only says how
//! the others are reached.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use throughline_session::facilitation::{InTheRoom, Run};
use throughline_session::presence::announce;
use throughline_session::{Layer, Network, Presence, SessionError, StopSignal};
use yrs::{Doc, ReadTxn, Transact};

use super::arrivals::{people_changed, Arrival, Listener, Listening};
use super::capture::{capture_local, Captured};
use super::sink::FileSink;
use super::{lock, RetreatError};
use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::open_review::OpenReview;

/// The open plan and its review document, shared by the front end and the network.
pub(super) struct Open {
    pub(super) plan: OpenPlan,
    pub(super) review: OpenReview,
}

impl Open {
    pub(super) fn doc(&self, layer: Layer) -> Doc {
        match layer {
            Layer::Plan => self.plan.plan().doc().clone(),
            Layer::Review => self.review.review().doc().clone(),
        }
    }
}

/// How one side of a session reaches the other laptops: the host through its rooms, a joined
/// laptop through its connections to the host's.
pub trait Side {
    /// The role shown beside this person in "who is here", if any.
    const ROLE: Option<&'static str>;
    /// This side facilitates when the session starts (the host does, until it hands over).
    const FACILITATES_FIRST: bool;
    /// Sends a change made here, already committed to this laptop's plan file.
    fn send(&self, layer: Layer, update: Vec<u8>) -> Result<(), SessionError>;
    /// This person's presence (JSON, see `state_json`).
    fn set_presence(&self, state: String) -> Result<(), SessionError>;
    /// Who is here.
    fn presence(&self) -> Vec<Presence>;
    /// Calls `changed` whenever who is here, or this side's standing with the others, changes.
    fn on_change(&self, network: &Network, changed: Arc<dyn Fn() + Send + Sync>);
    /// Ends this side's part of the network (peers disconnected or left, received changes
    /// committed).
    fn end(self, network: &Network);
}

/// This laptop in a session: hosting ([`super::RetreatHost`]) or joined
/// ([`super::RetreatJoin`]).
///
/// Everyone edits through [`Retreat::edit`]: the change is committed to this laptop's plan file
/// first, then sent to the others, both documents' changes alike.
pub struct Retreat<S: Side> {
    network: Network,
    /// `None` once ended.
    pub(super) side: Option<S>,
    open: Arc<Mutex<Open>>,
    captured: Arc<Mutex<Captured>>,
    sink: Arc<FileSink>,
    listening: Arc<Listening>,
    author: String,
    /// What this person announces: where they are and what they say about the room.
    pub(super) own: Mutex<Own>,
    /// This laptop's awareness client id (its plan document's Yjs client id).
    pub(super) me: u64,
}

/// This person's own awareness state, announced whole on every change.
#[derive(Debug, Default)]
pub(super) struct Own {
    pub(super) section: Option<String>,
    pub(super) room: InTheRoom,
}

impl<S: Side> std::fmt::Debug for Retreat<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Retreat")
            .field("author", &self.author)
            .finish_non_exhaustive()
    }
}

/// What a side needs to start: the network, the two live documents and the sink.
pub(super) struct Starting {
    pub(super) network: Network,
    pub(super) plan: Doc,
    pub(super) review: Doc,
    pub(super) sink: Arc<FileSink>,
    open: Arc<Mutex<Open>>,
    captured: Arc<Mutex<Captured>>,
    listening: Arc<Listening>,
    author: String,
}

impl Starting {
    /// Opens the plan's review document beside it, with this laptop's own changes to both
    /// captured, and the sink and network a side starts on.
    pub(super) fn open(plan: OpenPlan) -> Result<Starting, RetreatError> {
        let review = OpenReview::open(&plan)?;
        let captured = Arc::new(Mutex::new(Captured::default()));
        capture_local(plan.plan().doc(), &captured, Layer::Plan)?;
        capture_local(review.review().doc(), &captured, Layer::Review)?;
        let author = plan.author().to_owned();
        let open = Arc::new(Mutex::new(Open { plan, review }));
        let listening = Arc::new(Listening::default());
        let sink = Arc::new(FileSink::start(&open, &captured, &listening)?);
        let (plan, review) = {
            let open = lock(&open);
            (open.doc(Layer::Plan), open.doc(Layer::Review))
        };
        Ok(Starting {
            network: Network::start()?,
            plan,
            review,
            sink,
            open,
            captured,
            listening,
            author,
        })
    }

    /// The session, once `side` has started on this network.
    pub(super) fn with<S: Side>(self, side: S) -> Retreat<S> {
        side.on_change(&self.network, Arc::new(people_changed(&self.listening)));
        let me = self.plan.client_id().get();
        let own = Own {
            section: None,
            room: InTheRoom {
                run: S::FACILITATES_FIRST.then(|| Run::first(me)),
                ..InTheRoom::default()
            },
        };
        Retreat {
            own: Mutex::new(own),
            me,
            network: self.network,
            side: Some(side),
            open: self.open,
            captured: self.captured,
            sink: self.sink,
            listening: self.listening,
            author: self.author,
        }
    }

    /// Closes what was opened, with no side started (it could not start, or a one-shot
    /// exchange is over).
    pub(super) fn close(self) -> Result<(), RetreatError> {
        drop(self.network);
        close(self.sink, self.open)
    }
}

impl<S: Side> Retreat<S> {
    /// Makes a change as this laptop's person: `change` gets the plan and its review document;
    /// what it changed is committed by it (as [`OpenPlan::apply`] does) and then sent to the
    /// others (or, while apart, carried by the next sync).
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
        let captured = std::mem::take(&mut *lock(&self.captured));
        if let Some(side) = &self.side {
            for (layer, update) in captured.into_updates() {
                side.send(layer, update)?;
            }
        }
        Ok(())
    }

    /// Reads the plan as it is now (peers' changes included).
    pub fn read<R>(&self, read: impl FnOnce(&OpenPlan, &OpenReview) -> R) -> R {
        let open = lock(&self.open);
        read(&open.plan, &open.review)
    }

    /// Takes in what other programs saved to this plan file (another `throughline` command)
    /// and sends it on. Returns whether anything was new.
    pub fn pick_up_file_changes(&self) -> Result<bool, RetreatError> {
        let mut new = Vec::new();
        {
            let mut open = lock(&self.open);
            for layer in [Layer::Plan, Layer::Review] {
                let doc = open.doc(layer);
                let before = doc.transact().state_vector();
                match layer {
                    Layer::Plan => {
                        open.plan.refresh()?;
                    }
                    Layer::Review => open.review.refresh()?,
                }
                let txn = doc.transact();
                if txn.state_vector() != before {
                    new.push((layer, txn.encode_state_as_update_v1(&before)));
                }
            }
        }
        let any = !new.is_empty();
        for (layer, update) in &new {
            match layer {
                Layer::Plan => self.listening.tell_plan(&[update]),
                Layer::Review => self.listening.tell(Arrival::Review),
            }
        }
        if let Some(side) = &self.side {
            for (layer, update) in new {
                side.send(layer, update)?;
            }
        }
        Ok(any)
    }

    /// Tells `listener` (replacing any before it) what arrives from now on: peers' changes
    /// once committed, and changes in who is here. `None` stops telling.
    pub fn listen(&self, listener: Option<Listener>) {
        self.listening.set(listener);
    }

    /// This person's presence: which section they are in (`None`: none in particular).
    pub fn set_section(&self, section: Option<&str>) -> Result<(), RetreatError> {
        lock(&self.own).section = section.map(str::to_owned);
        self.announce()
    }

    /// Announces this person's state whole: presence and what they say about the room.
    pub(super) fn announce(&self) -> Result<(), RetreatError> {
        if let Some(side) = &self.side {
            side.set_presence(self.own_state())?;
        }
        Ok(())
    }

    /// This person's awareness state (JSON), as announced.
    pub(super) fn own_state(&self) -> String {
        let own = lock(&self.own);
        announce(
            &self.author,
            S::ROLE,
            None,
            own.section.as_deref(),
            &own.room,
        )
    }

    /// Who is here, this person included once they have set a section.
    pub fn presence(&self) -> Vec<Presence> {
        self.side.as_ref().map(S::presence).unwrap_or_default()
    }

    /// Listens for Ctrl-C and SIGTERM (the CLI's `serve` and `sync --watch`).
    pub fn stop_signal(&self) -> Result<StopSignal, RetreatError> {
        Ok(self.network.stop_signal()?)
    }

    /// Waits for a stop signal for at most `within`; true if one came.
    pub fn wait_for(&self, signal: &mut StopSignal, within: Duration) -> bool {
        signal.wait(&self.network, Some(within))
    }

    /// Ends the session: the side's network part ends, everything received is committed, and
    /// the plan file is closed complete (snapshot when due, checkpoint). This laptop keeps its
    /// copy.
    pub(super) fn end(mut self) -> Result<(), RetreatError> {
        if let Some(side) = self.side.take() {
            side.end(&self.network);
        }
        // The network's tasks hold the sink; they end with the runtime.
        drop(self.network);
        close(self.sink, self.open)
    }
}

fn close(sink: Arc<FileSink>, open: Arc<Mutex<Open>>) -> Result<(), RetreatError> {
    sink.close()?;
    drop(sink);
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
