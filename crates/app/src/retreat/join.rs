//! The joined side: this laptop connected to a host (or any y-websocket server serving this
//! plan's rooms) with a copy of the plan, in both of the plan's rooms: the plan's and its
//! review's, so comments and section statuses travel as edits do.

use std::path::Path;
use std::sync::Arc;

use throughline_session::{
    JoinAddress, JoinStatus, Joined, Layer, Network, PlanSink, Presence, RoomName, SessionError,
};
use throughline_store::PlanFile;

use super::address::plan_id_of;
use super::shared::{Retreat, Side, Starting};
use super::RetreatError;
use crate::clock::Now;
use crate::open_plan::OpenPlan;

/// A joined laptop's connections: one per room, with the same code and name.
pub struct Joining {
    plan: Joined,
    review: Joined,
}

impl Joining {
    fn both(&self) -> [&Joined; 2] {
        [&self.plan, &self.review]
    }
}

impl Side for Joining {
    const FACILITATES_FIRST: bool = false;
    const ROLE: Option<&'static str> = None;

    fn send(&self, layer: Layer, update: Vec<u8>) -> Result<(), SessionError> {
        match layer {
            Layer::Plan => self.plan.local_update(update),
            Layer::Review => self.review.local_update(update),
        }
        Ok(())
    }

    fn set_presence(&self, state: String) -> Result<(), SessionError> {
        // In both rooms, as the host's own person is.
        for joined in self.both() {
            joined.set_presence(Some(state.clone()));
        }
        Ok(())
    }

    fn presence(&self) -> Vec<Presence> {
        self.plan.presence()
    }

    fn on_change(&self, network: &Network, changed: Arc<dyn Fn() + Send + Sync>) {
        // The review room's standing speaks in `status` too; one callback serves both.
        let again = Arc::clone(&changed);
        self.plan.on_change(network, move || changed());
        self.review.on_change(network, move || again());
    }

    fn end(self, network: &Network) {
        network.block_on(async {
            self.review.leave().await;
            self.plan.leave().await;
        });
    }
}

/// This laptop joined to a host (or to any y-websocket server serving this plan's rooms).
pub type RetreatJoin = Retreat<Joining>;

/// The address of the plan's room and of its review room, whichever of the two `address` names.
fn rooms(address: &JoinAddress) -> Result<(JoinAddress, JoinAddress), RetreatError> {
    let plan_id = plan_id_of(address);
    let room = |layer| {
        RoomName::new(&plan_id, layer)
            .map(|room| address.in_room(&room))
            .map_err(|_| SessionError::BadAddress(address.to_string()))
    };
    Ok((room(Layer::Plan)?, room(Layer::Review)?))
}

/// The plan file for `address`: the copy at `path`, which must be of the plan the address
/// serves, or (if there is no file there yet) a new empty copy of it to fill from the host.
pub(super) fn open_copy(
    path: &Path,
    author: &str,
    address: &JoinAddress,
) -> Result<OpenPlan, RetreatError> {
    let served = plan_id_of(address);
    if !path.exists() {
        let file = PlanFile::create(path, &served, Now::read().ms)?;
        file.close()?;
    }
    let plan = OpenPlan::open(path, author)?;
    let ours = plan.plan_id()?;
    if ours != served {
        return Err(RetreatError::DifferentPlan {
            path: path.to_path_buf(),
            ours,
            theirs: served,
            address: address.server().to_owned(),
        });
    }
    Ok(plan)
}

/// Removes the empty copy made at `path` for a join or sync that then failed: it holds
/// nothing of anyone's, and a refused attempt leaves nothing behind.
pub(crate) fn remove_new_copy(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-writer"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
}

/// The address of each room, this person's name added if the address does not carry one.
pub(super) fn rooms_for(
    address: &JoinAddress,
    author: &str,
) -> Result<(JoinAddress, JoinAddress), RetreatError> {
    let named = if address.param("name").is_none() {
        address.with_param("name", author)
    } else {
        address.clone()
    };
    rooms(&named)
}

impl Retreat<Joining> {
    /// Joins the host at `address` (see [`super::join_address`]) with the copy of the plan at
    /// `path`, created empty if there is none yet. Edits made while apart are exchanged on
    /// every reconnect.
    pub fn start(
        path: &Path,
        author: &str,
        address: &JoinAddress,
    ) -> Result<RetreatJoin, RetreatError> {
        let (plan_room, review_room) = rooms_for(address, author)?;
        let plan = open_copy(path, author, address)?;
        let starting = Starting::open(plan)?;
        let join = |room: JoinAddress, doc: yrs::Doc| {
            Joined::start(
                starting.network.handle(),
                room,
                doc,
                Arc::clone(&starting.sink) as Arc<dyn PlanSink>,
            )
        };
        let joined = join(plan_room, starting.plan.clone())
            .and_then(|plan| Ok((plan, join(review_room, starting.review.clone())?)));
        match joined {
            Ok((plan, review)) => Ok(starting.with(Joining { plan, review })),
            Err(e) => {
                let _ = starting.close();
                Err(e.into())
            }
        }
    }

    /// Where this laptop stands with the host: the room furthest from synced speaks for both
    /// (a laptop whose comments cannot travel is not with the others).
    pub fn status(&self) -> JoinStatus {
        let Some(joining) = &self.side else {
            return JoinStatus::Left;
        };
        let [plan, review] = joining.both().map(Joined::status);
        if standing(&review) > standing(&plan) {
            review
        } else {
            plan
        }
    }

    /// Set when the host refused an edit (this laptop joined with a viewer's code, or a
    /// reviewer's code and changed the plan).
    pub fn permission_denied(&self) -> Option<String> {
        let joining = self.side.as_ref()?;
        joining
            .both()
            .into_iter()
            .find_map(Joined::permission_denied)
    }

    /// Leaves: presence withdrawn, connections closed, plan file closed complete. This laptop
    /// keeps its copy and can keep editing it, or host it.
    pub fn leave(self) -> Result<(), RetreatError> {
        self.end()
    }
}

/// How far from synced a connection is: the greater, the further.
fn standing(status: &JoinStatus) -> u8 {
    match status {
        JoinStatus::Synced => 0,
        JoinStatus::Connected => 1,
        JoinStatus::Connecting { .. } => 2,
        JoinStatus::Apart { .. } => 3,
        JoinStatus::Left => 4,
        JoinStatus::Stopped { .. } => 5,
    }
}
