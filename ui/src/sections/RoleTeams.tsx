// The instructional-rounds role teams (senior leaders, school leadership teams, the district
// capacity team), one at a time: who is on it and when it meets to learn, together, so a person
// sees their own team's work in one place. Members join a team by their "Role team" field.
import { useState } from "preact/hooks";
import { placeId, usePlan } from "../plan/context";
import * as read from "../plan/read";
import { labelOf, vocabulary } from "../plan/schema";
import { Collection } from "../components/collection";

export function RoleTeams() {
  const { peer } = usePlan();
  const teams = vocabulary("role_team");
  const [chosen, setChosen] = useState<string>(teams[0]?.key ?? "");
  const members = read.items(peer.doc, "members");
  const sessions = read.items(peer.doc, "role_sessions");
  const onTeam = (key: string) => members.filter((m) => read.str(m.map, "role_team") === key);
  const meetings = (key: string) => sessions.filter((s) => read.str(s.map, "role_team") === key);
  const label = labelOf("role_team", chosen);
  const people = onTeam(chosen);
  // Sessions of no team yet (added elsewhere, or their team cleared) stay reachable.
  const unassigned = sessions.filter((s) => !teams.some((t) => t.key === read.str(s.map, "role_team")));
  return (
    <section class="role-teams" id={placeId("role_sessions")} aria-labelledby="role-teams-heading">
      <h2 id="role-teams-heading">Each role team: its members and sessions</h2>
      <div class="view-switch" role="group" aria-label="Show the role team">
        {teams.map((t) => (
          <button key={t.key} type="button" class="view-option" aria-pressed={t.key === chosen} data-role-team={t.key} onClick={() => setChosen(t.key)}>
            {t.label} <span class="count">{onTeam(t.key).length} · {meetings(t.key).length}</span>
            <span class="visually-hidden">
              {" "}
              ({onTeam(t.key).length} members, {meetings(t.key).length} sessions)
            </span>
          </button>
        ))}
      </div>
      <section class="role-team-members" aria-labelledby="role-team-members-heading">
        <h3 id="role-team-members-heading">
          {label}: members <span class="count">{people.length}</span>
        </h3>
        {people.length === 0 ? (
          <p class="empty-note">No one yet: choose "{label}" as a member's role team.</p>
        ) : (
          <ul class="role-team-list">
            {people.map((m) => (
              <li key={m.id}>
                {read.titleOf("members", m.map, "team member")}
                {read.str(m.map, "role") && <span class="hint"> · {labelOf("team_role", read.str(m.map, "role"))}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Collection
        key={chosen}
        partName="role_sessions"
        group={chosen}
        heading={`${label}: learning sessions`}
        addLabel="Add a session"
        addContext={`for ${label}`}
        newFields={{ role_team: chosen }}
        items={meetings(chosen)}
      />
      {unassigned.length > 0 && (
        <Collection partName="role_sessions" group="none" heading="Sessions of no role team yet" addLabel="Add a session" items={unassigned} />
      )}
    </section>
  );
}
