//! Joining by what a person has: a whole link from the host's screen, or the host's address
//! and a code as read aloud (`192.168.1.20:4455`, `4821-0937`), for both front ends.

use std::time::Duration;

use throughline_session::{plan_served_at, JoinAddress, JoinCode, Layer, RoomName, SessionError};

use super::{RetreatError, DEFAULT_PORT};

/// How long a typed host may take to say which plan it serves.
const ASK_HOST_WITHIN: Duration = Duration::from_secs(3);

/// Where to join. `typed` is a whole link (`wss://HOST:PORT/PLAN?code=…`, usable as-is), or a
/// host's address as its screen shows it (`HOST:PORT`, or `HOST` for the usual port) with the
/// join `code`. `plan_id`, when known (a host picked from those announced), saves asking the
/// host which plan it serves.
pub fn join_address(
    typed: &str,
    code: &str,
    plan_id: Option<&str>,
) -> Result<JoinAddress, RetreatError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(RetreatError::NoAddress);
    }
    if let Some(link) = whole_link(typed, code)? {
        return Ok(link);
    }
    let plan_id = match plan_id.map(str::trim).filter(|p| !p.is_empty()) {
        Some(id) => id.to_owned(),
        None => plan_asked_of(typed, code)?,
    };
    let room = RoomName::new(&plan_id, Layer::Plan)
        .map_err(|_| RetreatError::NotAPlanId(plan_id.clone()))?;
    Ok(JoinAddress::typed(typed, DEFAULT_PORT, &room, code)?)
}

/// `typed` as a whole link, if it is one (it names a room), with `code` added when it has none
/// (a standard y-websocket server needs none).
fn whole_link(typed: &str, code: &str) -> Result<Option<JoinAddress>, RetreatError> {
    let names_a_room = typed
        .strip_prefix("wss://")
        .or_else(|| typed.strip_prefix("ws://"))
        .is_some_and(|rest| rest.trim_end_matches('/').contains('/'));
    if !names_a_room {
        return Ok(None);
    }
    let link = JoinAddress::parse(typed)?;
    if link.param("code").is_some() || code.trim().is_empty() {
        return Ok(Some(link));
    }
    let code = JoinCode::parse(code)?;
    Ok(Some(link.with_param("code", code.as_str())))
}

/// The plan a typed `HOST[:PORT]` serves: the address people read aloud does not carry the
/// plan's id. The host is asked directly, with the code (see `plan_served_at`), so typing the
/// address works where multicast is blocked and the host's announcement never arrives.
fn plan_asked_of(typed: &str, code: &str) -> Result<String, RetreatError> {
    plan_served_at(typed, DEFAULT_PORT, code, ASK_HOST_WITHIN).map_err(|e| match e {
        SessionError::WrongCode
        | SessionError::Throttled
        | SessionError::NotAJoinCode
        | SessionError::BadAddress(_) => e.into(),
        other => RetreatError::NoHostAt {
            address: typed.to_owned(),
            reason: other.to_string(),
        },
    })
}

/// A plan on a district's Hocuspocus server: `url` is `ws://HOST:PORT/DOCUMENT`, where the
/// document is named as a room is (the plan's id; its review is `PLAN-ID/review`, joined
/// beside it), and `token` is what the district's IT issued this person (its role decides
/// which documents it may change).
pub fn district_address(url: &str, token: &str) -> Result<JoinAddress, RetreatError> {
    Ok(JoinAddress::parse(url)?.on_hocuspocus(token)?)
}

/// The id of the plan whose room `address` names.
pub fn plan_id_of(address: &JoinAddress) -> String {
    address.room().plan_id().to_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_whole_link_is_used_as_it_is_with_a_code_added_when_it_has_none() {
        let link = "ws://127.0.0.1:4455/plan1?code=48210937";
        assert_eq!(join_address(link, "", None).unwrap().to_string(), link);
        assert_eq!(
            join_address(" ws://h:1/plan1 ", "", None)
                .unwrap()
                .to_string(),
            "ws://h:1/plan1"
        );
        assert_eq!(
            join_address("ws://h:1/plan1", "4821-0937", None)
                .unwrap()
                .to_string(),
            "ws://h:1/plan1?code=48210937"
        );
        assert!(join_address("ws://h:1/plan1", "12", None).is_err());
    }

    #[test]
    fn a_district_address_names_the_plan_document_and_carries_a_token() {
        let a = district_address("ws://district.example:1234/plan1", " t0k ").unwrap();
        assert_eq!(a.hocuspocus_token(), Some("t0k"));
        assert_eq!(plan_id_of(&a), "plan1");
        assert_eq!(a.to_string(), "ws://district.example:1234/plan1");
        assert!(
            !format!("{a:?}").contains("t0k"),
            "a token never reaches a log"
        );
        assert!(matches!(
            district_address("ws://h:1/plan1", " "),
            Err(RetreatError::Session(SessionError::NoToken))
        ));
        assert!(matches!(
            district_address("ws://h:1/plan1/drafts", "t"),
            Err(RetreatError::Session(SessionError::NotAPlanRoom(_)))
        ));
    }

    #[test]
    fn a_link_to_a_room_that_is_neither_the_plan_nor_its_review_is_refused() {
        let refused = join_address("ws://h:1/plan1/comments", "4821-0937", None);
        assert!(
            matches!(
                refused,
                Err(RetreatError::Session(SessionError::NotAPlanRoom(_)))
            ),
            "{refused:?}"
        );
        let review = join_address("ws://h:1/plan1/review", "", None).unwrap();
        assert_eq!(plan_id_of(&review), "plan1");
    }

    #[test]
    fn a_typed_address_with_a_known_plan_needs_no_question_to_the_host() {
        let a = join_address("192.168.1.20", "4821-0937", Some("plan1")).unwrap();
        assert_eq!(a.to_string(), "wss://192.168.1.20:4455/plan1?code=48210937");
        assert!(matches!(
            join_address("  ", "4821-0937", None),
            Err(RetreatError::NoAddress)
        ));
        assert!(matches!(
            join_address("h:1", "4821-0937", Some("no/such")),
            Err(RetreatError::NotAPlanId(_))
        ));
    }
}
