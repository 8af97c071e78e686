//! Where what peers send is saved: the caller's plan file, behind a trait so that this crate
//! knows nothing of SQLite (the app implements it with the plan file's group committer).

use throughline_sync::Layer;

/// Why an update could not be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SinkError(pub String);

/// Saves peers' updates durably.
///
/// `submit` must return at once; the ticket's `wait` blocks until the update is committed.
/// Splitting the two lets a host queue the updates of many peers before waiting on the first,
/// so they share one fsync (group commit), while it relays each only after its own commit.
pub trait PlanSink: Send + Sync + 'static {
    /// Starts saving one yrs v1 update of `layer`'s document, made by `author`.
    fn submit(&self, layer: Layer, update: Vec<u8>, author: &str) -> Box<dyn CommitTicket>;

    /// The document of `layer` rebuilt from the plan file, after the live one was damaged by an
    /// update yrs failed on half-way. Everything submitted before has been waited for.
    fn reload(&self, layer: Layer) -> Result<yrs::Doc, SinkError>;
}

/// One pending commit.
pub trait CommitTicket: Send {
    /// Blocks until the update is durably in the plan file (or could not be).
    fn wait(self: Box<Self>) -> Result<(), SinkError>;
}

/// A commit that has already happened (or failed).
#[derive(Debug)]
pub struct Committed(pub Result<(), SinkError>);

impl CommitTicket for Committed {
    fn wait(self: Box<Self>) -> Result<(), SinkError> {
        self.0
    }
}
