//! Join-code storage: a host keeps its three codes in the plan file, so a host that restarts
//! (after a crash, or the next morning) keeps the codes people already have.

use throughline_session::{JoinCode, JoinCodes};
use throughline_store::PlanFile;

use super::RetreatError;

const CODES_META_KEY: &str = "retreat_join_codes";

/// The codes kept from the last time this plan was hosted, or (when there are none, they no
/// longer read, or `fresh` asks for new ones) new codes, kept for next time.
pub(super) fn stored_codes(file: &mut PlanFile, fresh: bool) -> Result<JoinCodes, RetreatError> {
    if !fresh {
        if let Some(codes) = file.meta(CODES_META_KEY)?.as_deref().and_then(read_codes) {
            return Ok(codes);
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

/// `editor,reviewer,viewer` as stored; `None` if it no longer reads as three distinct codes.
fn read_codes(stored: &str) -> Option<JoinCodes> {
    let parts: Vec<&str> = stored.split(',').collect();
    let [e, r, v] = parts[..] else {
        return None;
    };
    let (e, r, v) = (
        JoinCode::parse(e).ok()?,
        JoinCode::parse(r).ok()?,
        JoinCode::parse(v).ok()?,
    );
    JoinCodes::new(e, r, v).ok()
}
