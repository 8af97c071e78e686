//! Who changed the plan, and how much: the log's attribution, kept across compaction.

use crate::{PlanFile, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorStats {
    pub author: String,
    /// Updates logged by this author, folded ones included.
    pub updates: u64,
    pub last_at_ms: i64,
}

impl PlanFile {
    /// Per-author update counts: those compaction folded away (kept in `authors`) plus the rows
    /// still in the log. Ordered by author.
    pub fn authors(&self) -> Result<Vec<AuthorStats>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT author, sum(n), max(last) FROM (
                 SELECT author, updates AS n, last_at_ms AS last FROM authors
                 UNION ALL
                 SELECT author, count(*), max(at_ms) FROM updates GROUP BY author
             ) GROUP BY author ORDER BY author",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AuthorStats {
                author: r.get(0)?,
                updates: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                last_at_ms: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
