// The start screen's "Connect to the district's server": a plan kept all year on the district's
// Hocuspocus server, reached with the link and the token its IT department gave this person.
// Joining goes through the same command as joining a retreat; the token decides what may change.
import { useState } from "preact/hooks";
import { JoiningNameField, useJoiningName } from "./JoiningName";
import { app, type JoinRequest, type OpenedPlan } from "../ipc";

export function DistrictPanel({ name, onJoin }: { name: string; onJoin(what: string, join: () => Promise<OpenedPlan>): void }) {
  const [address, setAddress] = useState("");
  const [token, setToken] = useState("");
  const [joinName, setJoinName, nameToSend] = useJoiningName(name);

  const connect = () => {
    const request: JoinRequest = {
      address: address.trim(),
      code: "",
      plan_id: null,
      name: nameToSend,
      token: token.trim(),
    };
    onJoin(`Connecting to ${address.trim()}…`, () => app.joinSession(request));
  };

  return (
    <section class="panel" aria-labelledby="district-heading">
      <h2 id="district-heading">Connect to the district's server</h2>
      <p>Between retreats, the plan can live on a server your district runs. Your IT department gives you its link and your token.</p>
      <form
        class="fields"
        onSubmit={(e) => {
          e.preventDefault();
          connect();
        }}
      >
        <div class="field">
          <label for="district-address">Plan's link on the server</label>
          <input
            id="district-address"
            type="text"
            value={address}
            spellcheck={false}
            placeholder="ws://plans.district.org:1234/PLAN-ID"
            onInput={(e) => setAddress((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="district-token">Your token</label>
          <input
            id="district-token"
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={token}
            aria-describedby="district-token-hint"
            onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
          />
          <p class="hint" id="district-token-hint">
            It decides what you may change: an editor's token changes the plan, a reviewer's only comments and statuses.
          </p>
        </div>
        <JoiningNameField id="district-name" value={joinName} onInput={setJoinName} />
        <button type="submit" class="primary" disabled={address.trim() === "" || token.trim() === ""}>
          Connect
        </button>
      </form>
    </section>
  );
}
