//! Finding hosts on the room's network with mDNS / DNS-SD, so a person picks "Cedar Hollow
//! plan, hosted by Ana" from a list instead of typing an address.
//!
//! A host announces `_throughline._tcp.local.` with TXT records `v=1`, `plan=<plan id>`,
//! `title=<plan title>`, `host=<host person's name>`. The join code is never announced: finding
//! a host gives its address, and only the spoken code gives the plan. Where multicast is blocked
//! (hotel Wi-Fi with client isolation), a person types the address instead
//! ([`crate::JoinAddress::typed`]).

use std::net::IpAddr;
use std::time::{Duration, Instant};

use mdns_sd::{IfKind, ServiceDaemon, ServiceEvent, ServiceInfo};
use serde::Serialize;

use crate::error::SessionError;

pub const SERVICE_TYPE: &str = "_throughline._tcp.local.";
/// The version of what the TXT records mean.
const TXT_VERSION: &str = "1";
/// Longest title or name put in a TXT record (each record holds at most 255 bytes).
const MAX_TXT_CHARS: usize = 100;

/// A host found on the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundHost {
    pub plan_id: String,
    pub title: String,
    /// The host person's name.
    pub host: String,
    pub addresses: Vec<IpAddr>,
    pub port: u16,
}

/// Which network interfaces to use: all of them at a retreat; loopback only in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interfaces {
    All,
    LoopbackOnly,
}

fn daemon(interfaces: Interfaces) -> Result<ServiceDaemon, SessionError> {
    let err = |e: mdns_sd::Error| SessionError::Discovery(e.to_string());
    let daemon = ServiceDaemon::new().map_err(err)?;
    if interfaces == Interfaces::LoopbackOnly {
        daemon.disable_interface(IfKind::All).map_err(err)?;
        daemon.enable_interface(IfKind::LoopbackV4).map_err(err)?;
        daemon.set_multicast_loop_v4(true).map_err(err)?;
    }
    Ok(daemon)
}

fn short(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(MAX_TXT_CHARS)
        .collect()
}

/// A host's announcement, withdrawn when stopped or dropped.
pub struct Announcement {
    daemon: ServiceDaemon,
    fullname: String,
}

impl std::fmt::Debug for Announcement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Announcement")
            .field("fullname", &self.fullname)
            .finish()
    }
}

impl Announcement {
    /// Announces a plan hosted on `port` of this machine.
    pub fn start(
        plan_id: &str,
        title: &str,
        host_name: &str,
        port: u16,
        interfaces: Interfaces,
    ) -> Result<Announcement, SessionError> {
        let daemon = daemon(interfaces)?;
        // Instance names must differ between hosts of one plan (a take-over while the old host
        // is still announced); the port makes them differ on one machine too.
        let short_id: String = plan_id.chars().take(8).collect();
        let instance = format!("{} {short_id}-{port}", short(title));
        let machine = format!("throughline-{short_id}-{port}.local.");
        let properties = [
            ("v", TXT_VERSION.to_owned()),
            ("plan", plan_id.to_owned()),
            ("title", short(title)),
            ("host", short(host_name)),
        ];
        let addresses: &[IpAddr] = match interfaces {
            Interfaces::All => &[],
            Interfaces::LoopbackOnly => &[IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)],
        };
        let info = ServiceInfo::new(
            SERVICE_TYPE,
            &instance,
            &machine,
            addresses,
            port,
            &properties[..],
        )
        .map_err(|e| SessionError::Discovery(e.to_string()))?;
        let info = if addresses.is_empty() {
            info.enable_addr_auto()
        } else {
            info
        };
        let fullname = info.get_fullname().to_owned();
        daemon
            .register(info)
            .map_err(|e| SessionError::Discovery(e.to_string()))?;
        Ok(Announcement { daemon, fullname })
    }

    /// Withdraws the announcement (peers see the host go) and stops the responder.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Announcement {
    fn drop(&mut self) {
        if let Ok(done) = self.daemon.unregister(&self.fullname) {
            let _ = done.recv_timeout(Duration::from_secs(1));
        }
        let _ = self.daemon.shutdown();
    }
}

/// Looks for hosts for `wait`, then returns every one found (blocking). Finding none is not
/// an error: the screen then offers typing an address.
pub fn browse(wait: Duration, interfaces: Interfaces) -> Result<Vec<FoundHost>, SessionError> {
    let daemon = daemon(interfaces)?;
    let events = daemon
        .browse(SERVICE_TYPE)
        .map_err(|e| SessionError::Discovery(e.to_string()))?;
    let deadline = Instant::now() + wait;
    let mut found: Vec<FoundHost> = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match events.recv_timeout(left) {
            Ok(ServiceEvent::ServiceResolved(service)) => {
                if service.get_property_val_str("v") != Some(TXT_VERSION) {
                    continue;
                }
                let Some(plan_id) = service.get_property_val_str("plan") else {
                    continue;
                };
                let mut addresses: Vec<IpAddr> = service
                    .get_addresses()
                    .iter()
                    .map(|a| a.to_ip_addr())
                    .collect();
                // IPv4 first: link-local IPv6 needs a scope a URL cannot carry everywhere.
                addresses.sort_by_key(|a| (a.is_ipv6(), *a));
                let host = FoundHost {
                    plan_id: plan_id.to_owned(),
                    title: service
                        .get_property_val_str("title")
                        .unwrap_or_default()
                        .to_owned(),
                    host: service
                        .get_property_val_str("host")
                        .unwrap_or_default()
                        .to_owned(),
                    addresses,
                    port: service.get_port(),
                };
                found.retain(|h| !(h.plan_id == host.plan_id && h.port == host.port));
                found.push(host);
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let _ = daemon.stop_browse(SERVICE_TYPE);
    let _ = daemon.shutdown();
    found.sort_by(|a, b| (&a.title, &a.host).cmp(&(&b.title, &b.host)));
    Ok(found)
}
