//! The room's running state, carried in y-protocols awareness states beside presence: who
//! facilitates, the agenda block running and when it started, where the facilitator asks
//! everyone to be, and each person's "done" and "stepped away".
//!
//! Why awareness and not the plan: this changes every few minutes during a retreat and is no
//! part of the plan's history (the agenda itself is in the plan; running it is not), and
//! awareness is already carried to every laptop and to any Yjs peer. A late joiner receives
//! every current state on joining, so it sees the running block and can count down from it.
//!
//! The run is one JSON object (`"run"` in a state) with a `version`. Only the facilitator's
//! laptop changes it, each time with a version one above the highest it has seen; handing the
//! role over is such a change, naming another client as facilitator, whose laptop then
//! announces the run as its own. Everyone reads the same rule: the run with the highest
//! version (the lowest client id on a tie) is the room's. So the run survives the laptop that
//! handed it over leaving, and nobody needs to agree on anything but the rule.
//!
//! A peer's state is never trusted to be well formed: a field of the wrong shape or out of
//! bounds makes that part absent (a malformed run is no run at all), never an error. A peer
//! holding an editor's link can announce a run of its own, as it can edit the plan: the link
//! is the trust. Times are milliseconds since the Unix epoch on the facilitator's clock,
//! handed in by the caller (this crate reads no wall clock).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest id or key kept from a peer's state.
const MAX_KEY_CHARS: usize = 80;
/// JavaScript's largest safe integer: what any Yjs peer can write as a number.
const MAX_SAFE: u64 = (1 << 53) - 1;
/// The furthest a block may be extended (or cut short), in seconds: a whole day.
pub const MAX_EXTENSION_S: i64 = 24 * 60 * 60;

/// The agenda block running now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunningBlock {
    /// The agenda block's id in the plan (`ag…`).
    pub id: String,
    /// When the facilitator started it (ms since the Unix epoch, the facilitator's clock).
    pub started_at: i64,
    /// Time added (or, negative, taken off) since it started, in seconds.
    pub extended_s: i64,
}

impl RunningBlock {
    /// When the block ends, for a block of `minutes` on the agenda (ms since the Unix epoch).
    pub fn ends_at(&self, minutes: i64) -> i64 {
        self.started_at
            .saturating_add(minutes.max(0).saturating_mul(60_000))
            .saturating_add(self.extended_s.saturating_mul(1000))
    }

    /// Milliseconds left at `now` (negative once over time).
    pub fn left_ms(&self, minutes: i64, now: i64) -> i64 {
        self.ends_at(minutes).saturating_sub(now)
    }
}

/// The room's running state, as the facilitator's laptop announces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// One more than the run it replaced; the highest in the room is the room's.
    pub version: u64,
    /// The Yjs client id of the facilitator's laptop.
    pub facilitator: u64,
    /// The block running, if any.
    pub block: Option<RunningBlock>,
    /// The section the facilitator brings everyone to (a section id), if any.
    pub section: Option<String>,
    /// The activity the facilitator brings everyone to (an agenda activity key), if any.
    pub activity: Option<String>,
}

impl Run {
    /// The run a host starts with: it facilitates, nothing running.
    pub fn first(facilitator: u64) -> Run {
        Run {
            version: 1,
            facilitator,
            block: None,
            section: None,
            activity: None,
        }
    }

    /// Reads a run from a peer's JSON, or `None` when any part of it is malformed.
    pub fn from_value(value: &Value) -> Option<Run> {
        let run = value.as_object()?;
        let block = match run.get("block") {
            None | Some(Value::Null) => None,
            Some(b) => {
                let b = b.as_object()?;
                let extended_s = b.get("extended_s").map_or(Some(0), Value::as_i64)?;
                if extended_s.abs() > MAX_EXTENSION_S {
                    return None;
                }
                let started_at = b.get("started_at")?.as_i64()?;
                if started_at < 0 || started_at as u64 > MAX_SAFE {
                    return None;
                }
                Some(RunningBlock {
                    id: key(b.get("id")?)?,
                    started_at,
                    extended_s,
                })
            }
        };
        let optional_key = |name| match run.get(name) {
            None | Some(Value::Null) => Some(None),
            Some(v) => key(v).map(Some),
        };
        Some(Run {
            version: safe(run.get("version")?)?,
            facilitator: safe(run.get("facilitator")?)?,
            block,
            section: optional_key("section")?,
            activity: optional_key("activity")?,
        })
    }

    /// The run that replaces this one: the same with `version` one higher.
    pub fn next(&self) -> Run {
        Run {
            version: self.version.saturating_add(1).min(MAX_SAFE),
            ..self.clone()
        }
    }
}

fn safe(value: &Value) -> Option<u64> {
    value.as_u64().filter(|n| *n <= MAX_SAFE)
}

/// An id or key: a non-empty string of at most [`MAX_KEY_CHARS`], else `None`.
fn key(value: &Value) -> Option<String> {
    let s = value.as_str()?.trim();
    (!s.is_empty() && s.chars().count() <= MAX_KEY_CHARS).then(|| s.to_owned())
}

/// What one person says about the room in their state, besides presence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InTheRoom {
    /// The run their laptop announces (well formed), if any.
    pub run: Option<Run>,
    /// The agenda block they said they are done with.
    pub done: Option<String>,
    /// They stepped away from following the facilitator.
    pub away: bool,
}

impl InTheRoom {
    /// Reads the room's parts of one state (parsed JSON), leniently.
    pub fn from_state(state: &Value) -> InTheRoom {
        InTheRoom {
            run: state.get("run").and_then(Run::from_value),
            done: state.get("done").and_then(key),
            away: state.get("away").and_then(Value::as_bool).unwrap_or(false),
        }
    }

    /// Writes these parts into a state object.
    pub fn write_into(&self, state: &mut serde_json::Map<String, Value>) {
        if let Some(run) = &self.run {
            if let Ok(run) = serde_json::to_value(run) {
                state.insert("run".into(), run);
            }
        }
        if let Some(done) = &self.done {
            state.insert("done".into(), Value::String(done.clone()));
        }
        if self.away {
            state.insert("away".into(), Value::Bool(true));
        }
    }
}

/// The room's run: of everyone's (client id, run), the one with the highest version, the
/// lowest client id on a tie.
pub fn room_run<'a>(runs: impl IntoIterator<Item = (u64, &'a Run)>) -> Option<&'a Run> {
    runs.into_iter()
        .max_by(|(a_client, a), (b_client, b)| {
            a.version
                .cmp(&b.version)
                .then_with(|| b_client.cmp(a_client))
        })
        .map(|(_, run)| run)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use serde_json::json;

    fn run(v: Value) -> Option<Run> {
        Run::from_value(&v)
    }

    #[test]
    fn a_run_round_trips_through_its_json() {
        let mut r = Run::first(42).next();
        r.block = Some(RunningBlock {
            id: "ag-1".into(),
            started_at: 1_000_000,
            extended_s: 300,
        });
        r.section = Some("vision".into());
        let mut state = serde_json::Map::new();
        InTheRoom {
            run: Some(r.clone()),
            done: Some("ag-1".into()),
            away: true,
        }
        .write_into(&mut state);
        let read = InTheRoom::from_state(&Value::Object(state));
        assert_eq!(read.run, Some(r));
        assert_eq!(read.done.as_deref(), Some("ag-1"));
        assert!(read.away);
    }

    #[test]
    fn a_malformed_run_is_no_run() {
        let good = json!({"version": 2, "facilitator": 7});
        assert!(run(good).is_some());
        for bad in [
            json!("run"),
            json!({"version": -1, "facilitator": 7}),
            json!({"version": 2.5, "facilitator": 7}),
            json!({"version": 2, "facilitator": "7"}),
            json!({"version": 9007199254740993u64, "facilitator": 7}),
            json!({"version": 2}),
            json!({"version": 2, "facilitator": 7, "block": "ag"}),
            json!({"version": 2, "facilitator": 7, "block": {"id": "", "started_at": 1}}),
            json!({"version": 2, "facilitator": 7, "block": {"id": "ag", "started_at": -5}}),
            json!({"version": 2, "facilitator": 7, "block": {"id": "ag", "started_at": 1, "extended_s": 99999999}}),
            json!({"version": 2, "facilitator": 7, "section": 12}),
            json!({"version": 2, "facilitator": 7, "activity": "x".repeat(81)}),
        ] {
            assert_eq!(run(bad.clone()), None, "{bad}");
        }
        let odd = InTheRoom::from_state(&json!({"done": 3, "away": "yes", "run": null}));
        assert_eq!(odd, InTheRoom::default());
    }

    #[test]
    fn the_highest_version_is_the_rooms_run_and_a_tie_goes_to_the_lowest_client() {
        let host = Run::first(1);
        let handed = Run {
            facilitator: 2,
            ..host.next()
        };
        let stale = Run::first(3);
        let runs = [(1, &host), (2, &handed), (3, &stale)];
        assert_eq!(room_run(runs).unwrap().facilitator, 2);
        let tie = Run {
            facilitator: 9,
            ..handed.clone()
        };
        assert_eq!(room_run([(9, &tie), (2, &handed)]).unwrap().facilitator, 2);
        assert_eq!(room_run(std::iter::empty()), None);
    }

    #[test]
    fn time_left_counts_down_from_the_start_and_extensions() {
        let b = RunningBlock {
            id: "ag".into(),
            started_at: 1_000_000,
            extended_s: 120,
        };
        assert_eq!(b.left_ms(10, 1_000_000), 12 * 60_000);
        assert_eq!(b.left_ms(10, 1_000_000 + 13 * 60_000), -60_000);
    }
}
