// The start screen's "Join a session": hosts found on the network, or a typed address and code.
import { useState } from "preact/hooks";
import { JoiningNameField, useJoiningName } from "./JoiningName";
import { app, type FoundHostView, type JoinRequest, type OpenedPlan } from "../ipc";

export function JoinPanel({ name, onJoin }: { name: string; onJoin(what: string, join: () => Promise<OpenedPlan>): void }) {
  const [hosts, setHosts] = useState<FoundHostView[] | null>(null);
  const [looking, setLooking] = useState(false);
  const [lookProblem, setLookProblem] = useState<string | null>(null);
  const [picked, setPicked] = useState<FoundHostView | null>(null);
  const [address, setAddress] = useState("");
  const [code, setCode] = useState("");
  const [joinName, setJoinName, nameToSend] = useJoiningName(name);

  const look = async () => {
    setLooking(true);
    setLookProblem(null);
    try {
      setHosts(await app.findHosts());
    } catch (e) {
      setLookProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setLooking(false);
    }
  };

  const join = () => {
    const request: JoinRequest = {
      address,
      code,
      plan_id: picked && picked.address === address.trim() ? picked.plan_id : null,
      name: nameToSend,
      token: null,
    };
    onJoin(`Joining ${picked?.title ?? address}…`, () => app.joinSession(request));
  };

  return (
    <section class="panel" aria-labelledby="join-heading">
      <h2 id="join-heading">Join a session</h2>
      <p>At a retreat, one laptop hosts the plan; join it with the code its screen shows.</p>
      <button type="button" class="secondary" onClick={() => void look()} disabled={looking}>
        {looking ? "Looking…" : "Look for hosts on this network"}
      </button>
      <div role="status">
        {hosts !== null && hosts.length === 0 && <p class="empty-note">No host found; type the address its screen shows.</p>}
      </div>
      {lookProblem && <p class="field-error">{lookProblem}</p>}
      {hosts !== null && hosts.length > 0 && (
        <ul class="found-hosts" aria-label="Hosts found">
          {hosts.map((h) => (
            <li key={`${h.plan_id}-${h.address}`}>
              <button
                type="button"
                class={`recent ${picked === h ? "current" : ""}`}
                aria-pressed={picked === h}
                onClick={() => {
                  setPicked(h);
                  setAddress(h.address);
                }}
              >
                <span class="recent-title">{h.title}</span>
                <span class="recent-meta">
                  hosted by {h.host} at {h.address}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="fields"
        onSubmit={(e) => {
          e.preventDefault();
          join();
        }}
      >
        <div class="field">
          <label for="join-address">Host's address</label>
          <input
            id="join-address"
            type="text"
            value={address}
            spellcheck={false}
            placeholder="192.168.1.20:4455"
            aria-describedby="join-address-hint"
            onInput={(e) => setAddress((e.currentTarget as HTMLInputElement).value)}
          />
          <p class="hint" id="join-address-hint">
            As the host's screen shows it (pick a host above to fill it in), or the whole link from that screen.
          </p>
        </div>
        <div class="field">
          <label for="join-code">Join code</label>
          <input
            id="join-code"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={code}
            placeholder="4821-0937"
            onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <JoiningNameField id="join-name" value={joinName} onInput={setJoinName} />
        <button type="submit" class="primary" disabled={address.trim() === ""}>
          Join
        </button>
      </form>
    </section>
  );
}
