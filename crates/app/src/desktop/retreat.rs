//! Retreat mode for the desktop: host the open plan for the room, join another laptop's
//! session, leave, and who is here.

use std::path::Path;
use std::time::{Duration, Instant};

use throughline_session::discovery::{browse, Interfaces};
use throughline_session::{JoinAddress, JoinStatus, Presence};

use super::at_hand::PlanAtHand;
use super::folder::PLAN_EXTENSION;
use super::retreat_types::*;
use super::session::DesktopSession;
use super::types::{OpenedPlan, UiError, UiErrorKind};
use crate::retreat::{
    district_address, join_address, plan_id_of, HostingOptions, RetreatHost, RetreatJoin,
};
use crate::OpenPlan;

/// How long the join screen listens for hosts announcing themselves.
const BROWSE_FOR: Duration = Duration::from_millis(1500);
/// How long joining waits for the host to accept the code before saying it cannot reach it.
const JOIN_WITHIN: Duration = Duration::from_secs(10);
/// How often joining looks at whether the host has answered yet.
const JOIN_LOOK_EVERY: Duration = Duration::from_millis(50);

impl DesktopSession {
    /// Hosts the open plan for the room: it closes and reopens inside the host, so the UI's
    /// copy stays valid. If hosting cannot start, the plan is open alone again, as before.
    pub fn host_plan(&mut self) -> Result<HostingView, UiError> {
        let path = match self.at_hand()? {
            PlanAtHand::Alone { plan, .. } => plan.path().to_path_buf(),
            PlanAtHand::Hosting(host) => return Ok(hosting_view(host)),
            PlanAtHand::Joined(_) => {
                return Err(UiError::new(
                    UiErrorKind::Invalid,
                    "leave the session before hosting this plan yourself",
                ))
            }
        };
        // The UI's copy stays, so what it was last given stays true of the reopened plan.
        let caught_up = self.caught_up.take();
        self.close_at_hand()?;
        // The certificate is kept beside the app's preferences, so it stays the same.
        let options = HostingOptions {
            certificate_folder: self.home.prefs_file.parent().map(Path::to_path_buf),
            ..HostingOptions::default()
        };
        let started = RetreatHost::start(&path, &self.author, &options)
            // The usual port is taken (another app, or a second plan hosted): any free one will do.
            .or_else(|_| {
                RetreatHost::start(
                    &path,
                    &self.author,
                    &HostingOptions {
                        port: 0,
                        ..options.clone()
                    },
                )
            });
        match started {
            Ok(host) => {
                let view = hosting_view(&host);
                self.open = Some(PlanAtHand::Hosting(host));
                self.attach_live();
                self.caught_up = caught_up;
                Ok(view)
            }
            Err(e) => {
                self.reopen_alone(&path, caught_up)?;
                Err(e.into())
            }
        }
    }

    /// Stops hosting (peers keep their copies); the plan stays open on this laptop alone.
    pub fn stop_hosting(&mut self) -> Result<(), UiError> {
        self.end_session(|at_hand| matches!(at_hand, PlanAtHand::Hosting(_)))
    }

    /// Leaves the session; the local copy stays open on this laptop alone.
    pub fn leave_session(&mut self) -> Result<(), UiError> {
        self.end_session(|at_hand| matches!(at_hand, PlanAtHand::Joined(_)))
    }

    fn end_session(&mut self, is: impl Fn(&PlanAtHand) -> bool) -> Result<(), UiError> {
        let at_hand = self.at_hand()?;
        if !is(at_hand) {
            return Err(UiError::new(
                UiErrorKind::Invalid,
                "the plan is not in that kind of session",
            ));
        }
        let path = at_hand.read(|plan, _| plan.path().to_path_buf());
        let caught_up = self.caught_up.take();
        self.close_at_hand()?;
        self.reopen_alone(&path, caught_up)
    }

    /// Reopens the plan the UI still shows; `caught_up` is what the UI was last given of it,
    /// which stays true (peers' last changes may not have reached the UI yet).
    fn reopen_alone(
        &mut self,
        path: &Path,
        caught_up: Option<yrs::Snapshot>,
    ) -> Result<(), UiError> {
        let plan = OpenPlan::open(path, &self.author)?;
        self.opened(plan)?;
        self.caught_up = caught_up;
        Ok(())
    }

    /// The open plan's session: alone, hosting or joined, who is here and whether this laptop
    /// is with the others.
    pub fn session(&self) -> Result<SessionView, UiError> {
        Ok(match self.at_hand()? {
            PlanAtHand::Alone { .. } => SessionView::Alone,
            PlanAtHand::Hosting(host) => SessionView::Hosting {
                connection: match host.failure() {
                    Some(reason) => Connection::Offline { reason },
                    None => Connection::Online,
                },
                hosting: hosting_view(host),
                people: people(host.presence()),
            },
            PlanAtHand::Joined(join) => SessionView::Joined {
                connection: connection(&join.status()),
                host: self.joined_to.clone().unwrap_or_default(),
                people: people(join.presence()),
                refused: join.permission_denied(),
            },
        })
    }

    /// Tells the others which section this person is in (`None`: none in particular). Alone,
    /// there is nobody to tell.
    pub fn set_section(&mut self, section: Option<String>) -> Result<(), UiError> {
        let section = section.as_deref().map(str::trim).filter(|s| !s.is_empty());
        match self.at_hand()? {
            PlanAtHand::Alone { .. } => Ok(()),
            PlanAtHand::Hosting(host) => Ok(host.set_section(section)?),
            PlanAtHand::Joined(join) => Ok(join.set_section(section)?),
        }
    }

    /// The laptops announcing a plan on the local network. Needs no session, so the window
    /// keeps working while it listens.
    pub fn find_hosts() -> Result<Vec<FoundHostView>, UiError> {
        let found = browse(BROWSE_FOR, Interfaces::All).map_err(|e| {
            UiError::new(
                UiErrorKind::Invalid,
                format!("cannot look for hosts on the network ({e}); type the address instead"),
            )
        })?;
        Ok(found
            .into_iter()
            .filter_map(|h| {
                // Prefer IPv4: it is what people read and type.
                let ip = h
                    .addresses
                    .iter()
                    .find(|a| a.is_ipv4())
                    .or_else(|| h.addresses.first())?;
                let address = match ip {
                    std::net::IpAddr::V4(v4) => format!("{v4}:{}", h.port),
                    std::net::IpAddr::V6(v6) => format!("[{v6}]:{}", h.port),
                };
                Some(FoundHostView {
                    plan_id: h.plan_id,
                    title: h.title,
                    host: h.host,
                    address,
                })
            })
            .collect())
    }

    /// Joins another laptop's session. The plan is kept as a local copy in the plans folder
    /// (one file per plan), then opened. A wrong code, or a host that cannot be reached,
    /// changes nothing: the plan open before stays open.
    pub fn join_session(&mut self, request: JoinRequest) -> Result<OpenedPlan, UiError> {
        if let Some(name) = request.name.as_deref().filter(|n| n.trim() != self.author) {
            self.set_display_name(name)?;
        }
        let address = match request.token.as_deref().map(str::trim) {
            Some(token) if !token.is_empty() => district_address(request.address.trim(), token)?,
            _ => join_address(&request.address, &request.code, request.plan_id.as_deref())?,
        };
        let plan_id = plan_id_of(&address);
        std::fs::create_dir_all(&self.home.plans).map_err(|e| {
            UiError::new(
                UiErrorKind::FileProblem,
                format!(
                    "{}: cannot create the folder ({e})",
                    self.home.plans.display()
                ),
            )
        })?;
        let path = self.home.plans.join(format!("{plan_id}.{PLAN_EXTENSION}"));
        let is_new = !path.exists();
        let previous = match self.at_hand() {
            Ok(at_hand) => Some(at_hand.read(|plan, _| plan.path().to_path_buf())),
            Err(_) => None,
        };
        self.close_plan()?;
        let joined = RetreatJoin::start(&path, &self.author, &address)
            .map_err(UiError::from)
            .and_then(wait_until_synced);
        match joined {
            Ok(join) => {
                let opened = match join.read(|plan, _| self.describe(plan)) {
                    Ok(opened) => opened,
                    Err(e) => {
                        let _ = join.leave();
                        return Err(e);
                    }
                };
                self.open = Some(PlanAtHand::Joined(join));
                self.attach_live();
                self.joined_to = Some(address.server().to_owned());
                Ok(opened)
            }
            Err(e) => {
                if is_new {
                    crate::retreat::join::remove_new_copy(&path);
                }
                if let Some(previous) = previous {
                    let plan = OpenPlan::open(&previous, &self.author)?;
                    self.opened(plan)?;
                }
                Err(e)
            }
        }
    }
}

/// Waits (bounded) until the host has sent its copy or refused; a refusal is an error.
fn wait_until_synced(join: RetreatJoin) -> Result<RetreatJoin, UiError> {
    let started = Instant::now();
    loop {
        let refused = match join.status() {
            JoinStatus::Synced => return Ok(join),
            JoinStatus::Stopped { reason } => Some(reason),
            JoinStatus::Apart { reason, .. } if started.elapsed() >= JOIN_WITHIN => Some(reason),
            _ if started.elapsed() >= JOIN_WITHIN => {
                Some("the host did not answer in time".to_owned())
            }
            _ => None,
        };
        if let Some(reason) = refused {
            let _ = join.leave();
            return Err(UiError::new(
                UiErrorKind::Invalid,
                format!("could not join: {reason}"),
            ));
        }
        std::thread::sleep(JOIN_LOOK_EVERY);
    }
}

fn hosting_view(host: &RetreatHost) -> HostingView {
    let links = host.join_links(None);
    let address = links
        .first()
        .and_then(|l| JoinAddress::parse(&l.url).ok())
        .map(|a| a.authority().to_owned())
        .or_else(|| host.local_addr().map(|a| a.to_string()))
        .unwrap_or_default();
    HostingView {
        address,
        links: links
            .into_iter()
            .map(|l| JoinLinkView {
                role: l.role,
                code: l.code,
                url: l.url,
            })
            .collect(),
        announce_problem: host.announce_problem().map(str::to_owned),
    }
}

fn people(presence: Vec<Presence>) -> Vec<PersonHere> {
    presence
        .into_iter()
        .map(|p| PersonHere {
            name: p.name.unwrap_or_else(|| crate::NOBODY.to_owned()),
            role: p.role,
            section: p.section,
        })
        .collect()
}

fn connection(status: &JoinStatus) -> Connection {
    match status {
        JoinStatus::Synced => Connection::Online,
        JoinStatus::Connecting { .. } | JoinStatus::Connected => Connection::Reconnecting {
            reason: "connecting to the host".to_owned(),
        },
        JoinStatus::Apart { reason, .. } => Connection::Reconnecting {
            reason: reason.clone(),
        },
        JoinStatus::Stopped { reason } => Connection::Offline {
            reason: reason.clone(),
        },
        JoinStatus::Left => Connection::Offline {
            reason: "left the session".to_owned(),
        },
    }
}
