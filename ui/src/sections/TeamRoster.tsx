// The redesign team as cards or as a compact roster (name, role, whom each speaks for, role
// team) edited in its cells, one click apart; both change the same plan the same way.
import { usePlan } from "../plan/context";
import * as read from "../plan/read";
import { fieldLabel } from "../plan/schema";
import { Collection } from "../components/collection";
import { ChoiceCell, Grid, TextCell, editCellSoon, rowHeaderId, type GridColumn } from "../components/grid";
import { useCommand } from "../components/fields";
import { ViewSwitch, useView, type ViewChoice } from "../components/views";
import { useTerms } from "./terms";

const TEAM_VIEWS: ViewChoice<"cards" | "roster">[] = [
  { key: "cards", label: "Cards" },
  { key: "roster", label: "Roster" },
];

type RosterColumn = "name" | "role" | "constituency" | "role_team";

export function TeamMembers() {
  const terms = useTerms();
  const [view, setView] = useView("team", TEAM_VIEWS);
  return (
    <>
      <ViewSwitch label={`Show ${terms.plural("members").toLowerCase()} as`} choices={TEAM_VIEWS} view={view} onChoose={setView} />
      {view === "roster" ? <TeamRoster /> : <Collection partName="members" heading={terms.plural("members")} addLabel={`Add ${terms.aNoun("members")}`} />}
    </>
  );
}

function TeamRoster() {
  const { peer } = usePlan();
  const terms = useTerms();
  const run = useCommand();
  const members = read.items(peer.doc, "members");
  const widths: Record<RosterColumn, number> = { name: 28, role: 26, constituency: 26, role_team: 20 };
  const columns: GridColumn<RosterColumn>[] = (["name", "role", "constituency", "role_team"] as const).map((k) => ({
    key: k,
    label: fieldLabel("members", k),
    unsorted: true,
    width: widths[k],
  }));
  const head = (k: RosterColumn) => `team-roster-${k}`;
  const add = async () => {
    const last = members[members.length - 1];
    const id = await run({ op: "add", to: "members", fields: {}, after: last ? last.id : null });
    if (id) editCellSoon(`members/${id}`, "name");
  };
  return (
    <section class="table-view team-roster-view" aria-labelledby="team-roster-title">
      <div class="collection-header">
        <h2 id="team-roster-title">
          {terms.plural("members")} <span class="count">{members.length}</span>
        </h2>
        <button type="button" class="primary" onClick={() => void add()}>
          Add {terms.aNoun("members")}
        </button>
      </div>
      {members.length === 0 ? (
        <p class="empty-note">None yet.</p>
      ) : (
        <Grid id="team-roster" caption={`${terms.plural("members")}: role, whom each speaks for and role team`} columns={columns} sort={null} onSort={() => undefined} className="roster">
          {members.map((m) => {
            const at = `members/${m.id}`;
            const name = read.titleOf("members", m.map, "team member");
            const by = (k: RosterColumn) => `${head(k)} ${rowHeaderId(at, "name")}`;
            return (
              <tr key={m.id} data-path={at}>
                <TextCell at={at} map={m.map} name="name" label="Name" labelledBy={head("name")} rowHeader />
                <ChoiceCell at={at} map={m.map} name="role" label={`Role of ${name}`} labelledBy={by("role")} vocabulary="team_role" noneLabel="Not set" />
                <TextCell at={at} map={m.map} name="constituency" label="Speaks for" labelledBy={by("constituency")} />
                <ChoiceCell at={at} map={m.map} name="role_team" label={`Role team of ${name}`} labelledBy={by("role_team")} vocabulary="role_team" noneLabel="None" />
              </tr>
            );
          })}
        </Grid>
      )}
    </section>
  );
}
