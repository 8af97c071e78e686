//! Retreat mode from a shell: `serve` hosts a plan for the room, `sync` exchanges a plan's
//! updates with a host or any y-websocket server.

use std::io::Write as _;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use throughline_app::retreat::{
    data_folder, district_address, join_address, sync_with, HostingOptions, JoinAddress,
    JoinStatus, RetreatHost, RetreatJoin, DEFAULT_PORT,
};

/// How long `sync` waits for the server before giving up.
const SYNC_WITHIN: Duration = Duration::from_secs(30);
/// How often `serve` checks that hosting still works, and `sync --watch` looks for changes
/// other programs saved to the plan file.
const LOOK_EVERY: Duration = Duration::from_millis(500);

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Host the plan for the room: prints one wss:// address per role (editor, reviewer,
    /// viewer), each usable as-is by a y-websocket client, and the certificate's PEM file for
    /// such a client to trust. Stops on Ctrl-C or SIGTERM.
    Serve {
        plan: PathBuf,
        /// The address to listen on (default: every interface).
        #[arg(long, value_name = "ADDR", default_value = "0.0.0.0")]
        bind: IpAddr,
        /// The port; 0 picks a free one.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_PORT)]
        port: u16,
        /// Draw new join codes instead of the ones kept from the last time.
        #[arg(long)]
        new_codes: bool,
        /// Serve plain ws:// without TLS: anyone on the network can read the plan and the
        /// join codes.
        #[arg(long)]
        insecure: bool,
    },
    /// Exchange updates (the plan and its review) with a host, a standard y-websocket
    /// server or a district's Hocuspocus server: what it has is saved into PLAN (created if
    /// missing), what PLAN has is sent to it.
    Sync {
        plan: PathBuf,
        /// The host's address as its screen shows it (HOST:PORT, with --code), or a whole
        /// link: ws://HOST:PORT/ROOM?code=CODE. With --protocol hocuspocus:
        /// ws://HOST:PORT/DOCUMENT, the document being the plan's id.
        address: String,
        /// The join code, as read aloud (4821-0937), for an address typed without a link.
        #[arg(long, value_name = "CODE", default_value = "")]
        code: String,
        /// How the server speaks: a Throughline host or y-websocket server, or Hocuspocus
        /// (a district's server, which needs --token).
        #[arg(long, value_enum, default_value_t = Protocol::YWebsocket)]
        protocol: Protocol,
        /// The token the district's IT issued (Hocuspocus only).
        #[arg(long, value_name = "TOKEN")]
        token: Option<String>,
        /// Stay connected (reconnecting as needed) until Ctrl-C or SIGTERM.
        #[arg(long)]
        watch: bool,
    },
}

/// The protocols `sync` speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Protocol {
    YWebsocket,
    Hocuspocus,
}

pub fn run(command: SessionCommand, author: &str) -> Result<()> {
    match command {
        SessionCommand::Serve {
            plan,
            bind,
            port,
            new_codes,
            insecure,
        } => serve(plan, bind, port, new_codes, insecure, author),
        SessionCommand::Sync {
            plan,
            address,
            code,
            protocol,
            token,
            watch,
        } => {
            let address = match (protocol, token) {
                (Protocol::YWebsocket, None) => join_address(&address, &code, None)?,
                (Protocol::YWebsocket, Some(_)) => {
                    bail!("--token is for a district's server (--protocol hocuspocus)")
                }
                (Protocol::Hocuspocus, token) => {
                    if !code.is_empty() {
                        bail!("a district's server takes a --token, not a join code");
                    }
                    district_address(&address, token.as_deref().unwrap_or_default())?
                }
            };
            if watch {
                sync_watch(plan, &address, author)
            } else {
                sync(plan, &address, author)
            }
        }
    }
}

fn serve(
    plan: PathBuf,
    bind: IpAddr,
    port: u16,
    new_codes: bool,
    insecure: bool,
    author: &str,
) -> Result<()> {
    let options = HostingOptions {
        bind,
        port,
        announce: true,
        new_codes,
        certificate_folder: (!insecure).then(data_folder),
    };
    let host = RetreatHost::start(&plan, author, &options)
        .with_context(|| format!("cannot host {}", plan.display()))?;
    let mut signal = host.stop_signal()?;
    let mut out = std::io::stdout().lock();
    for link in host.join_links(None) {
        writeln!(out, "{:<9}{}", link.role, link.url)?;
    }
    match host.certificate_path() {
        Some(pem) => writeln!(out, "certificate: {}", pem.display())?,
        None => eprintln!(
            "throughline: serving without TLS (--insecure): anyone on this network can read \
             the plan and the join codes"
        ),
    }
    out.flush()?;
    drop(out);
    if let Some(problem) = host.announce_problem() {
        eprintln!(
            "throughline: not announced on the network ({problem}); people can type the address"
        );
    }
    let failure = loop {
        if host.wait_for(&mut signal, LOOK_EVERY) {
            break None;
        }
        if let Some(failure) = host.failure() {
            break Some(failure);
        }
    };
    host.stop()?;
    if let Some(failure) = failure {
        bail!(failure);
    }
    Ok(())
}

fn sync(plan: PathBuf, address: &JoinAddress, author: &str) -> Result<()> {
    let summary = sync_with(&plan, author, address, SYNC_WITHIN)?;
    if let Some(refused) = summary.refused {
        eprintln!("throughline: the server kept its copy unchanged: {refused}");
    }
    if summary.received_bytes > 0 {
        crate::output::print(&format!(
            "synced {} ({} bytes of changes received)\n",
            plan.display(),
            summary.received_bytes
        ))
    } else {
        crate::output::print(&format!(
            "synced {} (nothing new from the server)\n",
            plan.display()
        ))
    }
}

fn sync_watch(plan: PathBuf, address: &JoinAddress, author: &str) -> Result<()> {
    let join = RetreatJoin::start(&plan, author, address)?;
    let mut signal = join.stop_signal()?;
    let mut shown = None;
    loop {
        if join.wait_for(&mut signal, LOOK_EVERY) {
            break;
        }
        join.pick_up_file_changes()?;
        let status = join.status();
        if shown.as_ref() != Some(&status) {
            eprintln!("throughline: {}", serde_json::to_string(&status)?);
            shown = Some(status.clone());
        }
        if let JoinStatus::Stopped { reason } = status {
            join.leave()?;
            bail!(reason);
        }
    }
    join.leave()?;
    Ok(())
}
