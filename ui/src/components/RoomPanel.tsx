// Retreat mode in the workspace: the host panel (join codes to read aloud across the room, the
// address to type, who is here) and the header's online / reconnecting / offline state.
import { useEffect, useRef } from "preact/hooks";
import type { Connection, HostingView, PersonHere, SessionView } from "../ipc";
import type { SectionView } from "../ipc";

const ROLES: Record<string, { label: string; may: string }> = {
  editor: { label: "Editors", may: "write and change the plan" },
  reviewer: { label: "Reviewers", may: "read the plan and comment, not change it" },
  viewer: { label: "Viewers", may: "read the plan only" },
};

export function connectionLabel(c: Connection): string {
  switch (c.kind) {
    case "Online":
      return "Online";
    case "Reconnecting":
      return "Reconnecting…";
    case "Offline":
      return "Offline";
    default:
      return "Offline";
  }
}

/** Joined to a host or server over plain `ws://`: anyone on the network can read the plan. */
export function unencrypted(session: SessionView): boolean {
  return session.kind === "Joined" && session.host.startsWith("ws://");
}

/** The header's state of the session: a word that never relies on colour alone. */
export function SessionBadge({ session, onOpen }: { session: SessionView; onOpen(): void }) {
  if (session.kind === "Alone") return null;
  const c = session.connection;
  const n = session.people.length;
  const detail = c.kind === "Online" ? `${n} ${n === 1 ? "person" : "people"} here` : c.reason;
  return (
    <button type="button" class={`session-badge ${c.kind.toLowerCase()}`} onClick={onOpen} title={detail}>
      <span class="session-dot" aria-hidden="true" />
      <span>
        {session.kind === "Hosting" ? "Hosting" : "Joined"} · {connectionLabel(c)}
        {unencrypted(session) && " · not encrypted"}
      </span>
      <span class="visually-hidden">: {detail}. Show the session.</span>
    </button>
  );
}

function People({ people, sections }: { people: PersonHere[]; sections: SectionView[] }) {
  const sectionLabel = (id: string | null | undefined) => sections.find((s) => s.id === id)?.label ?? null;
  if (people.length === 0) return <p class="empty-note">Nobody has joined yet.</p>;
  return (
    <ul class="people-here">
      {people.map((p, i) => (
        <li key={`${p.name}-${i}`}>
          <span class="person-name">{p.name}</span>
          {p.role === "host" && <span class="person-role"> (hosting)</span>}
          <span class="person-section"> — {sectionLabel(p.section) ?? "no section yet"}</span>
        </li>
      ))}
    </ul>
  );
}

/** The dialog for a plan in a session: hosting (codes, address, stop) or joined (leave). */
export function RoomDialog(props: {
  session: SessionView;
  sections: SectionView[];
  problem: string | null;
  onStop(): void;
  onClose(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const { session } = props;
  if (session.kind === "Alone") return null;
  return (
    <dialog ref={dialog} class="room-dialog" aria-labelledby="room-heading" onClose={props.onClose} onCancel={props.onClose}>
      <h2 id="room-heading">{session.kind === "Hosting" ? "Hosting this plan for the room" : "In a session"}</h2>
      <p class={`connection-line ${session.connection.kind.toLowerCase()}`} role="status">
        <strong>{connectionLabel(session.connection)}</strong>
        {session.connection.kind !== "Online" && <span> — {session.connection.reason}</span>}
        {session.connection.kind === "Online" &&
          (session.kind === "Hosting" ? (
            <span> — changes flow between everyone joined.</span>
          ) : (
            <span> — joined to {session.host.replace(/^wss?:\/\//, "")}.</span>
          ))}
      </p>
      {unencrypted(session) && (
        <p class="banner error" role="note">
          Not encrypted: this session runs over plain ws://, so anyone on this network can read the plan and what is
          typed into it. Ask the host to serve it without --insecure.
        </p>
      )}
      {session.kind === "Hosting" && <HostCodes hosting={session.hosting} />}
      {session.kind === "Joined" && session.refused && (
        <p class="field-error" role="alert">
          {session.refused}
        </p>
      )}
      <h3>Who is here</h3>
      <People people={session.people} sections={props.sections} />
      {props.problem && (
        <p class="field-error" role="alert">
          {props.problem}
        </p>
      )}
      <div class="dialog-actions apart">
        <button type="button" class="danger" onClick={props.onStop}>
          {session.kind === "Hosting" ? "Stop hosting" : "Leave the session"}
        </button>
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <p class="hint">
        {session.kind === "Hosting"
          ? "Stopping disconnects everyone; each laptop keeps its copy of the plan, and so does this one."
          : "Leaving keeps this laptop's copy of the plan open, to keep working alone."}
      </p>
    </dialog>
  );
}

function HostCodes({ hosting }: { hosting: HostingView }) {
  return (
    <>
      <div class="host-address">
        <p class="host-address-label" id="host-address-label">
          On the join screen, type this address
        </p>
        <p class="host-address-value" aria-labelledby="host-address-label">
          {hosting.address}
        </p>
      </div>
      {hosting.announce_problem && (
        <p class="banner info">
          Laptops will not find this plan in their list ({hosting.announce_problem}); they can type the address above.
        </p>
      )}
      <p class="host-codes-intro">…and the code for what each person may do:</p>
      <ul class="join-codes">
        {hosting.links.map((l) => {
          const role = ROLES[l.role] ?? { label: l.role, may: "" };
          return (
            <li key={l.role} class="join-code" data-role={l.role}>
              <span class="join-code-role">{role.label}</span>
              <span class="join-code-value">{l.code}</span>
              <span class="join-code-may">{role.may}</span>
              <details>
                <summary>Link for other tools</summary>
                <code class="join-link">{l.url}</code>
              </details>
            </li>
          );
        })}
      </ul>
    </>
  );
}
