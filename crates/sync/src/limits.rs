//! Size limits applied to everything a peer sends, before any of it is used.

/// Upper bounds on what one peer may send. The defaults are far above what a real plan
/// produces (a whole plan's state is a few hundred KiB) and far below what would hurt a
/// laptop hosting thirty people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// One WebSocket frame, which may hold several messages.
    pub max_frame_bytes: usize,
    /// Messages in one frame.
    pub max_messages_per_frame: usize,
    /// One Yjs update (sync step 2 or update), encoded.
    pub max_update_bytes: usize,
    /// One state vector (sync step 1), encoded.
    pub max_state_vector_bytes: usize,
    /// One awareness message's payload.
    pub max_awareness_bytes: usize,
    /// Entries in one awareness message.
    pub max_awareness_entries: usize,
    /// One awareness state (JSON text) of one client.
    pub max_awareness_state_bytes: usize,
    /// Awareness client ids one connection may own at once. A y-websocket client owns one;
    /// browser tabs sharing a BroadcastChannel forward each other's, hence a few more.
    pub max_awareness_clients_per_connection: usize,
    /// The reason text of an auth message.
    pub max_auth_reason_bytes: usize,
    /// Awareness entries (live and departed) the room remembers; departed ones are forgotten
    /// first when this is reached.
    pub max_awareness_entries_remembered: usize,
    /// A Hocuspocus document name, which every Hocuspocus frame starts with.
    pub max_document_name_bytes: usize,
    /// A Hocuspocus token (a district's tokens may be JWTs of a few KiB).
    pub max_token_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_frame_bytes: 16 << 20,
            max_messages_per_frame: 64,
            max_update_bytes: 16 << 20,
            max_state_vector_bytes: 1 << 20,
            max_awareness_bytes: 256 << 10,
            max_awareness_entries: 256,
            max_awareness_state_bytes: 16 << 10,
            max_awareness_clients_per_connection: 8,
            max_auth_reason_bytes: 1 << 10,
            max_awareness_entries_remembered: 4096,
            max_document_name_bytes: 1 << 10,
            max_token_bytes: 16 << 10,
        }
    }
}
