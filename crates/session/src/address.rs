//! The address a person joins by: `wss://HOST:PORT/ROOM?code=CODE` (`ws://` for a host
//! serving without TLS or a plain y-websocket server), exactly what a y-websocket
//! client builds from `new WebsocketProvider('ws://HOST:PORT', ROOM, doc, { params })`; or a
//! district's Hocuspocus server, `ws://HOST:PORT/DOCUMENT` with a token, where the document's
//! name is the room's (`PLAN-ID`, `PLAN-ID/review`) and rides in every frame.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use throughline_sync::{Layer, Role, RoomName};

use crate::error::SessionError;
use crate::join_code::JoinCode;

/// Where to join: a server, a room on it and the query (join code, name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinAddress {
    /// `wss://HOST:PORT` or `ws://HOST:PORT`, no trailing slash.
    server: String,
    /// The path after the server, without its leading `/`: the room (y-websocket) or document
    /// (Hocuspocus) name, which must name one of a plan's two documents.
    room: RoomName,
    /// The raw query without `?`, possibly empty.
    query: String,
    protocol: Protocol,
}

/// How the server at an address speaks.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Protocol {
    /// y-websocket (a Throughline host or any y-websocket server): admitted by the URL.
    #[default]
    YWebsocket,
    /// Hocuspocus: admitted by a token sent in its first message, per document.
    Hocuspocus { token: String },
}

impl fmt::Debug for Protocol {
    // A token is a secret: it never reaches a log through `{:?}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Protocol::YWebsocket => f.write_str("YWebsocket"),
            Protocol::Hocuspocus { .. } => f.write_str("Hocuspocus { token: … }"),
        }
    }
}

impl JoinAddress {
    /// Reads an address as printed by `throughline serve` or any y-websocket URL.
    pub fn parse(url: &str) -> Result<JoinAddress, SessionError> {
        let bad = || SessionError::BadAddress(url.chars().take(200).collect());
        let trimmed = url.trim();
        let (scheme, rest) = match trimmed.strip_prefix("wss://") {
            Some(rest) => ("wss", rest),
            None => ("ws", trimmed.strip_prefix("ws://").ok_or_else(bad)?),
        };
        let (authority, path_query) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => return Err(bad()),
        };
        if authority.is_empty() || authority.contains(['@', ' ']) {
            return Err(bad());
        }
        let (room, query) = match path_query.split_once('?') {
            Some((room, query)) => (room, query),
            None => (path_query, ""),
        };
        if room.is_empty() || room.contains(['#', ' ']) || query.contains(['#', ' ']) {
            return Err(bad());
        }
        // A path that names neither a plan nor its review is refused here, once: read as the
        // plan, a review room mapped under another name would be synced into the plan.
        let room = RoomName::parse(room)
            .map_err(|_| SessionError::NotAPlanRoom(trimmed.chars().take(200).collect()))?;
        // A district's server is often written without a port (`wss://plans.district.org/…`),
        // meaning the scheme's own; the socket needs it spelled out.
        let authority = self::authority(authority, if scheme == "wss" { 443 } else { 80 })?;
        Ok(JoinAddress {
            server: format!("{scheme}://{authority}"),
            room,
            query: query.to_owned(),
            protocol: Protocol::YWebsocket,
        })
    }

    /// The address of one of a host's rooms, with a join code; `wss://` when `secure`.
    pub fn for_host(
        addr: SocketAddr,
        room: &RoomName,
        code: &JoinCode,
        secure: bool,
    ) -> JoinAddress {
        let scheme = if secure { "wss" } else { "ws" };
        JoinAddress {
            server: format!("{scheme}://{addr}"),
            room: room.clone(),
            query: format!("code={}", code.as_str()),
            protocol: Protocol::YWebsocket,
        }
    }

    /// From what a person typed on the join screen: `HOST:PORT` (or `HOST`, with the default
    /// port), the plan's id and the join code. It is `wss://` unless the person typed
    /// `ws://` (a host serving without TLS).
    pub fn typed(
        host_port: &str,
        default_port: u16,
        room: &RoomName,
        code: &str,
    ) -> Result<JoinAddress, SessionError> {
        let code = JoinCode::parse(code)?;
        let authority = authority(host_port, default_port)?;
        let scheme = if typed_plain(host_port) { "ws" } else { "wss" };
        JoinAddress::parse(&format!(
            "{scheme}://{authority}/{room}?code={}",
            code.as_str()
        ))
    }

    /// The same address on a Hocuspocus server, presenting `token` (as the district's IT
    /// issued it; surrounding spaces dropped). An empty token is refused.
    pub fn on_hocuspocus(&self, token: &str) -> Result<JoinAddress, SessionError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(SessionError::NoToken);
        }
        Ok(JoinAddress {
            protocol: Protocol::Hocuspocus {
                token: token.to_owned(),
            },
            ..self.clone()
        })
    }

    pub fn protocol(&self) -> &Protocol {
        &self.protocol
    }

    /// The Hocuspocus token, if this address is on a Hocuspocus server.
    pub fn hocuspocus_token(&self) -> Option<&str> {
        match &self.protocol {
            Protocol::YWebsocket => None,
            Protocol::Hocuspocus { token } => Some(token),
        }
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// `HOST:PORT`, without the scheme.
    pub fn authority(&self) -> &str {
        self.server
            .split_once("://")
            .map_or(self.server.as_str(), |(_, a)| a)
    }

    /// Over TLS (`wss://`).
    pub fn is_secure(&self) -> bool {
        self.server.starts_with("wss://")
    }

    pub fn room(&self) -> &RoomName {
        &self.room
    }

    /// Which document this address syncs: a room named `…/review` holds the review layer.
    pub fn layer(&self) -> Layer {
        self.room.layer()
    }

    /// The same server and query (code, name) for another room: the plan's room and its review
    /// room are joined with one code.
    pub fn in_room(&self, room: &RoomName) -> JoinAddress {
        JoinAddress {
            room: room.clone(),
            ..self.clone()
        }
    }

    /// The value of one query parameter, percent-decoded.
    pub fn param(&self, key: &str) -> Option<String> {
        query_param(&self.query, key)
    }

    /// The address with one more query parameter (e.g. the person's name).
    pub fn with_param(&self, key: &str, value: &str) -> JoinAddress {
        let mut query = self.query.clone();
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&percent_encode(key));
        query.push('=');
        query.push_str(&percent_encode(value));
        JoinAddress {
            query,
            ..self.clone()
        }
    }
}

impl JoinAddress {
    /// The address without one query parameter (e.g. the code, once a token replaces it).
    pub fn without_param(&self, key: &str) -> JoinAddress {
        let query = self
            .query
            .split('&')
            .filter(|pair| {
                let k = pair.split_once('=').map_or(*pair, |(k, _)| k);
                percent_decode(k).as_deref() != Some(key)
            })
            .collect::<Vec<_>>()
            .join("&");
        JoinAddress {
            query,
            ..self.clone()
        }
    }
}

/// Whether a typed address asks for plain `ws://`.
fn typed_plain(host_port: &str) -> bool {
    host_port.trim().starts_with("ws://")
}

impl fmt::Display for JoinAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.server, self.room)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        Ok(())
    }
}

/// This laptop's address on the local network: the one the operating system would send from
/// towards other machines (a UDP socket is pointed outwards; no packet is sent). `None` with
/// no network at all.
pub fn lan_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind(("0.0.0.0", 0)).ok()?;
    // Any non-local address will do: only the route is looked up.
    socket.connect(("192.0.2.1", 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// One role's line as `throughline serve` prints it.
pub fn role_line(role: Role, address: &JoinAddress) -> String {
    format!("{:<9}{address}", role.as_str())
}

/// The value of `key` in a URL query, percent-decoded (`+` is a space, as browsers send it).
pub fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k)? == key).then(|| percent_decode(v))?
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `HOST:PORT` for a URL from what a person typed: `HOST:PORT`, or `HOST` with the default
/// port (a bare IPv6 address is bracketed).
fn authority(host_port: &str, default_port: u16) -> Result<String, SessionError> {
    let typed = host_port
        .trim()
        .trim_start_matches("wss://")
        .trim_start_matches("ws://")
        .trim_end_matches('/');
    if typed.is_empty() || typed.contains(['/', '?', '#', '@', ' ']) {
        return Err(SessionError::BadAddress(typed.chars().take(200).collect()));
    }
    let has_port = match typed.rsplit_once(':') {
        // A bare IPv6 address has colons but no port; one with a port is bracketed.
        Some((h, p)) => p.parse::<u16>().is_ok() && (!h.contains(':') || h.ends_with(']')),
        None => false,
    };
    Ok(if has_port {
        typed.to_owned()
    } else if typed.contains(':') && !typed.starts_with('[') {
        format!("[{typed}]:{default_port}")
    } else {
        format!("{typed}:{default_port}")
    })
}

/// Asks the Throughline host at a typed `HOST[:PORT]` which plan it serves, showing it a join
/// code: the address a host reads aloud carries no plan id, and where multicast is blocked its
/// announcement never arrives. A right code is redirected to the plan's room, whose name is
/// the plan's id; a wrong one is refused (and counted) like any wrong code. Blocks for at most
/// about `within`.
pub fn plan_served_at(
    host_port: &str,
    default_port: u16,
    code: &str,
    within: Duration,
) -> Result<String, SessionError> {
    use std::net::{TcpStream, ToSocketAddrs};
    use tokio_tungstenite::tungstenite::handshake::HandshakeError;
    use tokio_tungstenite::tungstenite::http::StatusCode;
    use tokio_tungstenite::tungstenite::Error;

    let code = JoinCode::parse(code)?;
    let authority = authority(host_port, default_port)?;
    if !typed_plain(host_port) {
        // Over TLS the host names its plan to a laptop that paired, so the code is never sent.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SessionError::NoRuntime(e.to_string()))?;
        let paired = runtime.block_on(async {
            tokio::time::timeout(within, crate::join::pair_with_host(&authority, &code)).await
        });
        return match paired {
            Ok(paired) => Ok(paired?.plan_id),
            Err(_) => Err(SessionError::TimedOut {
                address: authority,
                seconds: within.as_secs(),
            }),
        };
    }
    let unreachable = |reason: String| SessionError::Unreachable {
        address: authority.clone(),
        reason,
    };
    let socket = authority
        .to_socket_addrs()
        .map_err(|e| unreachable(e.to_string()))?
        .next()
        .ok_or_else(|| unreachable(String::from("the name has no address")))?;
    let stream =
        TcpStream::connect_timeout(&socket, within).map_err(|e| unreachable(e.to_string()))?;
    stream
        .set_read_timeout(Some(within))
        .and_then(|()| stream.set_write_timeout(Some(within)))
        .map_err(|e| unreachable(e.to_string()))?;
    let url = format!("ws://{authority}/?code={}", code.as_str());
    let response = match tokio_tungstenite::tungstenite::client(url.as_str(), stream) {
        Err(HandshakeError::Failure(Error::Http(response))) => response,
        // It upgraded a connection to no room: some other WebSocket server.
        Ok(_) => {
            return Err(unreachable(String::from(
                "it is not a Throughline host; paste the whole link from the host's screen",
            )))
        }
        Err(HandshakeError::Failure(Error::Io(e)))
            if e.kind() == std::io::ErrorKind::WouldBlock =>
        {
            return Err(SessionError::TimedOut {
                address: authority.clone(),
                seconds: within.as_secs(),
            })
        }
        Err(e) => return Err(unreachable(e.to_string())),
    };
    match response.status() {
        StatusCode::TEMPORARY_REDIRECT => {}
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => return Err(SessionError::WrongCode),
        StatusCode::TOO_MANY_REQUESTS => return Err(SessionError::Throttled),
        status => return Err(unreachable(format!("it answered HTTP {status}"))),
    }
    let room = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(|l| l.trim_start_matches('/'))
        .and_then(|l| RoomName::parse(l).ok())
        .ok_or_else(|| unreachable(String::from("it named no plan")))?;
    Ok(room.plan_id().to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn reads_what_serve_prints_and_y_websocket_builds() {
        let a = JoinAddress::parse("ws://127.0.0.1:4455/abc123?code=48210937").unwrap();
        assert_eq!(a.server(), "ws://127.0.0.1:4455");
        assert_eq!(a.room().to_string(), "abc123");
        assert_eq!(a.param("code").as_deref(), Some("48210937"));
        assert_eq!(a.layer(), Layer::Plan);
        assert_eq!(a.to_string(), "ws://127.0.0.1:4455/abc123?code=48210937");
        let r = JoinAddress::parse("ws://[::1]:9/abc/review?code=1").unwrap();
        assert_eq!(r.layer(), Layer::Review);
        let plan_room = RoomName::new("abc", Layer::Plan).unwrap();
        assert_eq!(r.in_room(&plan_room).to_string(), "ws://[::1]:9/abc?code=1");
        assert!(JoinAddress::parse("http://x:1/a").is_err());
        assert!(JoinAddress::parse("ws://x:1").is_err());
        assert!(JoinAddress::parse("ws://x:1/").is_err());
        assert!(JoinAddress::parse("ws://x:1/a b").is_err());
    }

    #[test]
    fn an_address_without_a_port_means_the_schemes_own() {
        let a = JoinAddress::parse("wss://plans.district.org/abc123").unwrap();
        assert_eq!(a.authority(), "plans.district.org:443");
        assert!(a.is_secure());
        let b = JoinAddress::parse("ws://plans.district.org/abc123/review").unwrap();
        assert_eq!(b.authority(), "plans.district.org:80");
        assert_eq!(
            JoinAddress::parse("wss://[::1]/abc").unwrap().authority(),
            "[::1]:443"
        );
    }

    #[test]
    fn a_path_naming_neither_a_plan_nor_its_review_is_refused_not_read_as_the_plan() {
        for url in [
            "ws://h:1/abc-review/other",
            "ws://h:1/abc/comments",
            "ws://h:1/abc/review/x",
            "ws://h:1/a.b",
            "ws://h:1//review",
            "ws://h:1/%61bc",
        ] {
            let refused = JoinAddress::parse(url);
            assert!(
                matches!(&refused, Err(SessionError::NotAPlanRoom(u)) if u == url),
                "{url}: {refused:?}"
            );
            assert!(refused.unwrap_err().to_string().contains("review"));
        }
        assert_eq!(
            JoinAddress::parse("ws://h:1/abc/review").unwrap().layer(),
            Layer::Review
        );
    }

    #[test]
    fn names_travel_percent_encoded() {
        let a = JoinAddress::parse("ws://h:1/p?code=1")
            .unwrap()
            .with_param("name", "Ana María & co");
        assert_eq!(a.param("name").as_deref(), Some("Ana María & co"));
        assert_eq!(query_param("a=1&code=2", "code").as_deref(), Some("2"));
        assert_eq!(query_param("code=%zz", "code"), None);
    }

    #[test]
    fn a_typed_address_gets_the_default_port() {
        let room = RoomName::new("plan1", Layer::Plan).unwrap();
        let a = JoinAddress::typed("192.168.1.20", 4455, &room, "4821 0937").unwrap();
        assert_eq!(a.to_string(), "wss://192.168.1.20:4455/plan1?code=48210937");
        assert!(a.is_secure());
        let b = JoinAddress::typed("host.local:80", 4455, &room, "48210937").unwrap();
        assert_eq!(b.server(), "wss://host.local:80");
        let c = JoinAddress::typed("fe80::1", 4455, &room, "48210937").unwrap();
        assert_eq!(c.server(), "wss://[fe80::1]:4455");
        assert_eq!(c.authority(), "[fe80::1]:4455");
        // Plain only when typed so.
        let d = JoinAddress::typed("ws://10.0.0.2:4455", 4455, &room, "48210937").unwrap();
        assert_eq!(d.server(), "ws://10.0.0.2:4455");
        assert!(!d.is_secure());
        let e = JoinAddress::parse("wss://h:1/plan1?code=1&name=x").unwrap();
        assert_eq!(
            e.without_param("code").to_string(),
            "wss://h:1/plan1?name=x"
        );
        assert!(JoinAddress::typed("h/x", 1, &room, "48210937").is_err());
        assert!(JoinAddress::typed("h", 1, &room, "12").is_err());
    }
}
