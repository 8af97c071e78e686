//! Where what peers send is saved: the caller's plan file, behind a trait so that this crate
//! knows nothing of SQLite (the app implements it with the plan file).

use throughline_sync::Layer;

/// Why an update could not be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SinkError(pub String);

/// One update a peer sent, with the person it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerUpdate {
    /// A yrs v1 update: yrs's own encoding of what the room's (or the joined copy's) document
    /// just integrated, so a sink may log it without decoding it again.
    pub update: Vec<u8>,
    pub author: String,
}

/// Saves peers' updates durably.
pub trait PlanSink: Send + Sync + 'static {
    /// Saves `updates` of `layer`'s document, in one commit where the file allows, and returns
    /// once they are durable (or could not be made so). Blocks on the disk: a host calls it
    /// from each room's relay thread with everything that queued up while the last commit ran,
    /// so thirty peers typing share one fsync (group commit) with no thread in between.
    fn save(&self, layer: Layer, updates: &[PeerUpdate]) -> Result<(), SinkError>;

    /// The document of `layer` rebuilt from the plan file, after the live one was damaged by an
    /// update yrs failed on half-way. Everything handed to `save` before has been saved.
    fn reload(&self, layer: Layer) -> Result<yrs::Doc, SinkError>;
}
