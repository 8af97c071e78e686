//! Retreat mode and export for the desktop: host the open plan for the room, join another
//! laptop's session, who is here, and documents written to a file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use throughline_session::discovery::{browse, Interfaces};
use throughline_session::{plan_served_at, JoinAddress, JoinStatus, Presence, RoomName};

use super::at_hand::PlanAtHand;
use super::folder::PLAN_EXTENSION;
use super::session::DesktopSession;
use super::types::*;
use crate::retreat::{HostingOptions, RetreatHost, RetreatJoin, DEFAULT_PORT};
use crate::{ExportOptions, OpenPlan};

/// How long the join screen listens for hosts announcing themselves.
const BROWSE_FOR: Duration = Duration::from_millis(1500);
/// How long a typed host may take to say which plan it serves.
const ASK_HOST_WITHIN: Duration = Duration::from_secs(3);
/// How long joining waits for the host to accept the code before saying it cannot reach it.
const JOIN_WITHIN: Duration = Duration::from_secs(10);
/// How often joining looks at whether the host has answered yet.
const JOIN_LOOK_EVERY: Duration = Duration::from_millis(50);

impl DesktopSession {
    /// Writes the plan (the draft or a named version) as a document to `request.path`,
    /// replacing any file there. Nothing is written when the export fails.
    pub fn export_plan(&self, request: ExportRequest) -> Result<ExportedFile, UiError> {
        let path = export_target(&request.path)?;
        let options = ExportOptions {
            version: request
                .version
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
            include_findings: request.include_findings,
        };
        let bytes = self
            .at_hand()?
            .read(|plan, _| plan.export(request.format.into(), &options))?;
        let size = u32::try_from(bytes.len())
            .map_err(|_| UiError::new(UiErrorKind::Invalid, "the document is too large to save"))?;
        write_whole(&path, &bytes)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            bytes: size,
        })
    }

    /// Writes the comparison of two versions (or a version and the draft) as a redline
    /// document to `request.path`, replacing any file there. Nothing is written on failure.
    pub fn export_comparison(
        &self,
        request: ComparisonExportRequest,
    ) -> Result<ExportedFile, UiError> {
        let path = export_target(&request.path)?;
        let (from, to) = (request.from.into(), request.to.into());
        let bytes = self
            .at_hand()?
            .read(|plan, _| plan.export_comparison(&from, &to, request.format.into()))?;
        let size = u32::try_from(bytes.len())
            .map_err(|_| UiError::new(UiErrorKind::Invalid, "the document is too large to save"))?;
        write_whole(&path, &bytes)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            bytes: size,
        })
    }

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
        self.close_plan()?;
        let started = RetreatHost::start(&path, &self.author, &HostingOptions::default())
            // The usual port is taken (another app, or a second plan hosted): any free one will do.
            .or_else(|_| {
                RetreatHost::start(
                    &path,
                    &self.author,
                    &HostingOptions {
                        port: 0,
                        ..HostingOptions::default()
                    },
                )
            });
        match started {
            Ok(host) => {
                let view = hosting_view(&host);
                self.open = Some(PlanAtHand::Hosting(host));
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
        self.close_plan()?;
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
            PlanAtHand::Joined(join) => {
                join.set_section(section);
                Ok(())
            }
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
        let address = join_address(&request)?;
        let room = RoomName::parse(address.room()).map_err(|_| {
            UiError::new(
                UiErrorKind::Invalid,
                format!("{address}: that link does not name a plan"),
            )
        })?;
        std::fs::create_dir_all(&self.home.plans).map_err(|e| {
            UiError::new(
                UiErrorKind::FileProblem,
                format!(
                    "{}: cannot create the folder ({e})",
                    self.home.plans.display()
                ),
            )
        })?;
        let path = self
            .home
            .plans
            .join(format!("{}.{PLAN_EXTENSION}", room.plan_id()));
        let is_new = !path.exists();
        let previous = match self.at_hand() {
            Ok(at_hand) => Some(at_hand.read(|plan, _| plan.path().to_path_buf())),
            Err(_) => None,
        };
        self.close_plan()?;
        let joined = RetreatJoin::start(&path, &self.author, &address.to_string())
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
                self.joined_to = Some(address.server().to_owned());
                Ok(opened)
            }
            Err(e) => {
                if is_new {
                    // The empty copy made for this attempt holds nothing of anyone's.
                    let _ = std::fs::remove_file(&path);
                    for suffix in ["-wal", "-shm"] {
                        let mut side = path.clone().into_os_string();
                        side.push(suffix);
                        let _ = std::fs::remove_file(side);
                    }
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

fn join_address(request: &JoinRequest) -> Result<JoinAddress, UiError> {
    let typed = request.address.trim();
    if typed.is_empty() {
        return Err(UiError::new(
            UiErrorKind::Invalid,
            "type the host's address (as its screen shows it), or pick a host from the list",
        ));
    }
    if typed.starts_with("ws://") && typed.contains('?') {
        return JoinAddress::parse(typed).map_err(invalid);
    }
    let plan_id = match request
        .plan_id
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(id) => id.to_owned(),
        None => plan_announced_at(typed, &request.code)?,
    };
    let plan_id = plan_id.as_str();
    let room = RoomName::new(plan_id, throughline_session::Layer::Plan).map_err(|_| {
        UiError::new(
            UiErrorKind::Invalid,
            format!("“{plan_id}” is not a plan id"),
        )
    })?;
    JoinAddress::typed(typed, DEFAULT_PORT, &room, &request.code).map_err(invalid)
}

/// The plan a typed `HOST[:PORT]` serves: the address people read aloud does not carry the
/// plan's id. The host is asked directly, with the code (see `plan_served_at`), so typing the
/// address works where multicast is blocked and the host's announcement never arrives.
fn plan_announced_at(typed: &str, code: &str) -> Result<String, UiError> {
    use throughline_session::SessionError;
    plan_served_at(typed, DEFAULT_PORT, code, ASK_HOST_WITHIN).map_err(|e| match e {
        SessionError::WrongCode
        | SessionError::Throttled
        | SessionError::NotAJoinCode
        | SessionError::BadAddress(_) => invalid(e),
        other => UiError::new(
            UiErrorKind::Invalid,
            format!(
                "no Throughline host answers at {typed} ({other}); check the address on the \
                 host's screen, or paste the whole link from it (under “Link for other tools”)"
            ),
        ),
    })
}

fn invalid(e: throughline_session::SessionError) -> UiError {
    UiError::new(UiErrorKind::Invalid, e.to_string())
}

fn hosting_view(host: &RetreatHost) -> HostingView {
    let links = host.join_links(None);
    let address = links
        .first()
        .and_then(|l| JoinAddress::parse(&l.url).ok())
        .map(|a| a.server().trim_start_matches("ws://").to_owned())
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
            name: p.name.unwrap_or_else(|| "someone".to_owned()),
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

/// Writes beside the target first, so a failed write never leaves half a document there.
/// The file a document is to be written to: a whole path into a folder that exists.
fn export_target(path: &str) -> Result<PathBuf, UiError> {
    let path = PathBuf::from(path.trim());
    if path.as_os_str().is_empty() || path.file_name().is_none() {
        return Err(UiError::new(
            UiErrorKind::Invalid,
            "name the file to save the document as",
        ));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => {
            return Err(UiError::new(
                UiErrorKind::Invalid,
                format!("{}: give the whole path, folder included", path.display()),
            ))
        }
    };
    if !folder.is_dir() {
        return Err(UiError::new(
            UiErrorKind::NotFound,
            format!("{}: there is no such folder", folder.display()),
        ));
    }
    Ok(path)
}

fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), UiError> {
    let problem = |e: std::io::Error| {
        UiError::new(
            UiErrorKind::FileProblem,
            format!("{}: cannot save the document ({e})", path.display()),
        )
    };
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, bytes).map_err(problem)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        problem(e)
    })
}
