//! The moment of a change, read once per operation so that the log's time and the plan's
//! recorded time agree. The plan model never reads the clock itself (its tests pass times in).

use chrono::{SecondsFormat, Utc};

/// One reading of the clock, in the two forms the plan and its file use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Now {
    /// Milliseconds since the Unix epoch (the plan file's log and versions).
    pub ms: i64,
    /// RFC 3339 in UTC, to the second (the plan's own fields).
    pub rfc3339: String,
}

impl Now {
    pub fn read() -> Now {
        let t = Utc::now();
        Now {
            ms: t.timestamp_millis(),
            rfc3339: t.to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    }

    /// The calendar day (UTC), for a document's cover.
    pub fn date(&self) -> chrono::NaiveDate {
        chrono::DateTime::from_timestamp_millis(self.ms)
            .unwrap_or_default()
            .date_naive()
    }

    /// A given moment (tests, and replays that must carry the original time).
    pub fn at_ms(ms: i64) -> Now {
        let rfc3339 = chrono::DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        Now { ms, rfc3339 }
    }
}
