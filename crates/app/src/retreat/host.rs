//! The host: this laptop serving its open plan (both documents) to the room, announced on the
//! network, with the join codes kept in the plan file.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use throughline_session::discovery::{Announcement, Interfaces};
use throughline_session::tls::HostCertificate;
use throughline_session::{
    Host, HostOptions, HostedPlan, Layer, Network, PlanSink, Presence, SessionError,
};

use super::codes::stored_codes;
use super::shared::{Retreat, Side, Starting};
use super::{RetreatError, DEFAULT_PORT};
use crate::open_plan::OpenPlan;

/// How to host.
#[derive(Debug, Clone)]
pub struct HostingOptions {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Announce the plan on the network (mDNS) so laptops find it in a list.
    pub announce: bool,
    /// Draw new join codes instead of the ones kept from the last time this plan was hosted.
    pub new_codes: bool,
    /// Serve `wss://` with the certificate kept in this folder (made there the first time, the
    /// same ever after); `None` serves plain `ws://`, which a person must ask for
    /// (`--insecure`): the plan and the codes then travel readable on the room's network.
    pub certificate_folder: Option<PathBuf>,
}

impl Default for HostingOptions {
    fn default() -> Self {
        HostingOptions {
            bind: IpAddr::from([0, 0, 0, 0]),
            port: DEFAULT_PORT,
            announce: true,
            new_codes: false,
            certificate_folder: Some(data_folder()),
        }
    }
}

/// This laptop's folder for Throughline's own state (`$XDG_DATA_HOME/throughline`, else
/// `~/.local/share/throughline`), where the host's certificate is kept.
pub fn data_folder() -> PathBuf {
    let set = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    match (set("XDG_DATA_HOME"), set("HOME")) {
        (Some(data), _) => data.join("throughline"),
        (None, Some(home)) => home.join(".local").join("share").join("throughline"),
        (None, None) => std::env::temp_dir().join("throughline"),
    }
}

/// One role's way in, as the host screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JoinLink {
    /// `editor`, `reviewer` or `viewer`.
    pub role: String,
    /// Usable as-is by any y-websocket client.
    pub url: String,
    /// The code to say aloud: `4821-0937`.
    pub code: String,
}

/// The host's side of a session: its rooms (the plan's and the review's) and its announcement.
pub struct Hosting {
    host: Host,
    announcement: Option<Announcement>,
    announce_problem: Option<String>,
    certificate: Option<HostCertificate>,
}

impl Side for Hosting {
    const FACILITATES_FIRST: bool = true;
    const ROLE: Option<&'static str> = Some("host");

    fn send(&self, layer: Layer, update: Vec<u8>) -> Result<(), SessionError> {
        self.host.local_update(layer, update)
    }

    fn set_presence(&self, state: String) -> Result<(), SessionError> {
        self.host.set_presence(Some(state))
    }

    fn presence(&self) -> Vec<Presence> {
        self.host.presence()
    }

    fn on_change(&self, network: &Network, changed: Arc<dyn Fn() + Send + Sync>) {
        self.host.on_change(network, move || changed());
    }

    fn end(self, network: &Network) {
        drop(self.announcement);
        network.block_on(self.host.stop());
    }
}

/// This laptop hosting its open plan for the room.
pub type RetreatHost = Retreat<Hosting>;

impl Retreat<Hosting> {
    /// Opens the plan at `path` and hosts it. The person hosting is `author`.
    pub fn start(
        path: &Path,
        author: &str,
        options: &HostingOptions,
    ) -> Result<RetreatHost, RetreatError> {
        let certificate = match &options.certificate_folder {
            Some(folder) => Some(HostCertificate::kept_in(folder)?),
            None => None,
        };
        let plan = OpenPlan::open(path, author)?;
        let plan_id = plan.plan_id()?;
        let title = plan.content().record.title;
        let codes = {
            let mut file = plan.second_connection()?;
            let codes = stored_codes(&mut file, options.new_codes)?;
            file.close()?;
            codes
        };
        let starting = Starting::open(plan)?;
        let host = Host::start(
            starting.network.handle(),
            HostedPlan {
                plan_id: plan_id.clone(),
                plan: starting.plan.clone(),
                review: starting.review.clone(),
                codes,
            },
            HostOptions {
                bind: options.bind,
                port: options.port,
                certificate: certificate.clone(),
                ..HostOptions::default()
            },
            Arc::clone(&starting.sink) as Arc<dyn PlanSink>,
        );
        let host = match host {
            Ok(host) => host,
            Err(e) => {
                let _ = starting.close();
                return Err(e.into());
            }
        };
        let (announcement, announce_problem) = if options.announce && !options.bind.is_loopback() {
            match Announcement::start(
                &plan_id,
                &title,
                author,
                host.local_addr().port(),
                Interfaces::All,
            ) {
                Ok(a) => (Some(a), None),
                Err(e) => (None, Some(e.to_string())),
            }
        } else {
            (None, None)
        };
        Ok(starting.with(Hosting {
            host,
            announcement,
            announce_problem,
            certificate,
        }))
    }

    fn host(&self) -> Option<&Host> {
        self.side.as_ref().map(|s| &s.host)
    }

    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.host().map(Host::local_addr)
    }

    /// One link per role. `reach` is the address others use to reach this laptop; by default
    /// the listening address, or this laptop's address on the local network when listening on
    /// all of them.
    pub fn join_links(&self, reach: Option<IpAddr>) -> Vec<JoinLink> {
        let Some(host) = self.host() else {
            return Vec::new();
        };
        let reach = reach.or_else(|| {
            host.local_addr()
                .ip()
                .is_unspecified()
                .then(throughline_session::address::lan_address)
                .flatten()
        });
        host.join_addresses(reach)
            .into_iter()
            .map(|(role, address)| JoinLink {
                role: role.as_str().to_owned(),
                url: address.to_string(),
                code: host.codes().for_role(role).spoken(),
            })
            .collect()
    }

    /// Why the plan is not announced on the network, if it should have been (e.g. multicast
    /// blocked): people then type the address.
    pub fn announce_problem(&self) -> Option<&str> {
        self.side.as_ref()?.announce_problem.as_deref()
    }

    /// The PEM file of the certificate served, for a stock client to trust (`ca:`); `None`
    /// when serving plain `ws://`.
    pub fn certificate_path(&self) -> Option<&Path> {
        Some(self.side.as_ref()?.certificate.as_ref()?.pem_path())
    }

    /// Set when hosting stopped on its own (the plan file could not be written).
    pub fn failure(&self) -> Option<String> {
        self.host().and_then(|h| h.failure().borrow().clone())
    }

    /// Stops hosting: peers are disconnected (they keep their copies), everything received is
    /// committed, and the plan file is closed complete (snapshot when due, checkpoint).
    pub fn stop(self) -> Result<(), RetreatError> {
        self.end()
    }
}
