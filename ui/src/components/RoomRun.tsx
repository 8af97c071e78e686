// Running the room: the strip under the toolbar (the running agenda block and its countdown,
// who facilitates, following them or stepping away, "I'm done"), the facilitator's controls
// (start, extend, end, bring everyone here, hand the role over, who is done, the wall screen)
// and the agenda editor. The running state lives in Rust (session awareness); this only shows
// it and asks for changes.
import { useEffect, useRef, useState } from "preact/hooks";
import { app, type BlockNow, type PersonInRoom, type RoomView, type SectionView } from "../ipc";
import { usePlan, usePlanVersion } from "../plan/context";
import * as read from "../plan/read";
import { Collection, ItemCard, neighbours } from "./collection";
import { FieldEditor, setValue, useCommand } from "./fields";

/** Milliseconds left of `block` now, counted on the clock the room view was read with. */
export function useTimeLeft(block: BlockNow | null, readAt: number | null): number | null {
  // How far this window's clock is from the one Rust read (zero on one laptop, but the wall
  // screen's window may have read the view a moment ago).
  const offset = useRef(0);
  useEffect(() => {
    offset.current = readAt === null ? 0 : readAt - Date.now();
  }, [readAt]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!block) return;
    // A countdown ticks while a block runs, and only then.
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [block?.id, block?.ends_at]);
  if (!block) return null;
  return (block.ends_at ?? now) - (now + offset.current);
}

/** "12:05", "1:02:00", or "3:10 over". */
export function clockText(ms: number): string {
  const over = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  const text = `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
  return over ? `${text} over` : text;
}

/** The countdown, spoken only when asked for (a live region would speak every second). */
export function Countdown({ block, readAt, className }: { block: BlockNow; readAt: number | null; className?: string }) {
  const left = useTimeLeft(block, readAt) ?? 0;
  const minutes = Math.max(0, Math.ceil(left / 60000));
  return (
    <span class={`countdown ${left < 0 ? "over" : left < 120000 ? "soon" : ""} ${className ?? ""}`} role="timer" aria-live="off" aria-label={left < 0 ? `Over time by ${clockText(left).replace(" over", "")}` : `${minutes} ${minutes === 1 ? "minute" : "minutes"} left`}>
      {clockText(left)}
    </span>
  );
}

function report(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Where the facilitator brings the room, in words. */
export function placeText(room: RoomView): string | null {
  const parts = [room.section_label, room.activity_label].filter((x): x is string => !!x);
  return parts.length ? parts.join(" · ") : null;
}

/** The strip under the toolbar while in a session. */
export function RunStrip(props: { room: RoomView; onRun(): void; onProblem(message: string): void }) {
  const { room } = props;
  const me = room.people.find((p) => p.me);
  const away = me?.away ?? false;
  const place = placeText(room);
  const act = (p: Promise<unknown>) => void p.catch((e: unknown) => props.onProblem(report(e)));
  return (
    <section class="run-strip" aria-label="The room">
      <p class="run-facilitator">
        {room.facilitator ? (
          <>
            Facilitator: <strong>{room.facilitator}</strong>
            {room.i_facilitate && " (you)"}
          </>
        ) : (
          "Nobody facilitates yet"
        )}
      </p>
      {room.block ? (
        <p class="run-block">
          <strong>{room.block.title || "Untitled block"}</strong>
          {room.block.place && <span class="run-place"> · {room.block.place}</span>} <Countdown block={room.block} readAt={room.now} />
        </p>
      ) : (
        <p class="run-block quiet-text">No agenda block running</p>
      )}
      {!room.i_facilitate && (
        <p class="run-follow">
          {away ? "You stepped away" : place ? `Following the facilitator: ${place}` : "Following the facilitator"}{" "}
          <button type="button" class="quiet" onClick={() => act(app.setAway(!away))}>
            {away ? "Rejoin the room" : "Step away"}
          </button>
        </p>
      )}
      {room.block && (
        <button type="button" class="secondary" aria-pressed={me?.done ?? false} onClick={() => act(app.setDone(!(me?.done ?? false)))}>
          {me?.done ? "Done ✓" : "I'm done"}
        </button>
      )}
      {room.i_facilitate && (
        <>
          <span class="run-done-count">
            {room.people.filter((p) => p.done).length} of {room.people.length} done
          </span>
          <button type="button" class="primary" onClick={props.onRun}>
            Run the room
          </button>
          <button type="button" class="secondary" onClick={() => act(app.openWall())}>
            Wall screen
          </button>
        </>
      )}
    </section>
  );
}

/** The facilitator's controls: the agenda to start from, time, bringing everyone, the people. */
export function RunDialog(props: { room: RoomView; current: string; sections: SectionView[]; onClose(): void }) {
  const { peer } = usePlan();
  usePlanVersion(peer);
  const dialog = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const { room } = props;
  const act = (p: Promise<unknown>) => {
    setProblem(null);
    void p.catch((e: unknown) => setProblem(report(e)));
  };
  const blocks = read.items(peer.doc, "agenda");
  const label = (id: string) => props.sections.find((s) => s.id === id)?.label ?? id;
  return (
    <dialog ref={dialog} class="versions-dialog run-dialog" aria-labelledby="run-heading" onClose={props.onClose} onCancel={props.onClose}>
      <h2 id="run-heading">Run the room</h2>
      {problem && (
        <p class="banner error" role="alert">
          {problem}
        </p>
      )}
      <section aria-labelledby="run-now-heading">
        <h3 id="run-now-heading">Now</h3>
        {room.block ? (
          <div class="run-now">
            <p>
              <strong>{room.block.title || "Untitled block"}</strong> <Countdown block={room.block} readAt={room.now} />
            </p>
            <div class="dialog-actions leading">
              <button type="button" class="secondary" onClick={() => act(app.facilitate({ do: "extend", minutes: 5 }))}>
                Add 5 minutes
              </button>
              <button type="button" class="secondary" onClick={() => act(app.facilitate({ do: "extend", minutes: -5 }))}>
                Take 5 minutes off
              </button>
              <button type="button" class="secondary" onClick={() => act(app.facilitate({ do: "end" }))}>
                End the block
              </button>
            </div>
          </div>
        ) : (
          <p class="empty-note">No block running: start one from the agenda below.</p>
        )}
        <div class="dialog-actions leading">
          <button type="button" class="secondary" onClick={() => act(app.facilitate({ do: "bring_here", section: props.current, activity: null }))}>
            Bring everyone to {label(props.current)}
          </button>
          <button type="button" class="quiet" onClick={() => act(app.facilitate({ do: "bring_here", section: null, activity: null }))}>
            Let everyone go where they like
          </button>
        </div>
      </section>
      <section aria-labelledby="run-agenda-heading">
        <h3 id="run-agenda-heading">Agenda</h3>
        {blocks.length === 0 ? (
          <p class="empty-note">The agenda is empty: prepare it with the toolbar's Agenda.</p>
        ) : (
          <ol class="run-agenda">
            {blocks.map((b) => {
              const title = read.text(b.map, "title") || "Untitled block";
              const running = room.block?.id === b.id;
              return (
                <li key={b.id} class={running ? "running" : ""}>
                  <span>
                    Day {read.num(b.map, "day") ?? 1} · {title} · {read.num(b.map, "minutes") ?? 0} min
                  </span>
                  <button type="button" class={running ? "secondary" : "quiet"} aria-label={`${running ? "Restart" : "Start"} ${title}`} onClick={() => act(app.facilitate({ do: "start", block: b.id }))}>
                    {running ? "Restart" : "Start"}
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <section aria-labelledby="run-people-heading">
        <h3 id="run-people-heading">Who is here</h3>
        <ul class="run-people">
          {room.people.map((p) => (
            <RunPerson key={p.client} person={p} sectionLabel={p.section ? label(p.section) : null} onHand={() => act(app.facilitate({ do: "hand_over", client: p.client }))} />
          ))}
        </ul>
      </section>
      <div class="dialog-actions">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

function RunPerson(props: { person: PersonInRoom; sectionLabel: string | null; onHand(): void }) {
  const p = props.person;
  const facts = [
    p.facilitates ? "facilitates" : null,
    p.done ? "done" : null,
    p.away ? "stepped away" : null,
    props.sectionLabel ? `in ${props.sectionLabel}` : null,
  ].filter(Boolean);
  return (
    <li>
      <span>
        <strong>
          {p.name}
          {p.me && " (you)"}
        </strong>
        {facts.length > 0 && <span class="run-facts"> — {facts.join(", ")}</span>}
      </span>
      {!p.facilitates && (
        <button type="button" class="quiet" onClick={props.onHand}>
          Make {p.name} the facilitator
        </button>
      )}
    </li>
  );
}

/** The agenda, prepared before the retreat: timed blocks, each with a section or an activity. */
export function AgendaDialog(props: { sections: SectionView[]; onClose(): void }) {
  const { peer } = usePlan();
  usePlanVersion(peer);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const blocks = read.items(peer.doc, "agenda");
  const lastDay = blocks.length ? read.num(blocks[blocks.length - 1]!.map, "day") ?? 1 : 1;
  const total = blocks.reduce((sum, b) => sum + (read.num(b.map, "minutes") ?? 0), 0);
  return (
    <dialog ref={dialog} class="versions-dialog agenda-dialog" aria-labelledby="agenda-dialog-heading" onClose={props.onClose} onCancel={props.onClose}>
      <h2 id="agenda-dialog-heading">Agenda</h2>
      <p class="hint">
        The retreat's timed blocks, kept in the plan. During the retreat the facilitator starts each one and everyone sees its countdown. {blocks.length} blocks,{" "}
        {Math.floor(total / 60)} h {total % 60} min in all.
      </p>
      <Collection
        partName="agenda"
        heading="Blocks"
        addLabel="Add a block"
        newFields={{ day: lastDay, minutes: 30 }}
        items={blocks}
        renderItem={(item, i, list) => (
          <ItemCard key={item.id} partName="agenda" item={item} index={i} count={list.length} {...neighbours(list, i)} label={`Day ${read.num(item.map, "day") ?? 1}`}>
            <BlockFields at={`agenda/${item.id}`} map={item.map} sections={props.sections} />
          </ItemCard>
        )}
      />
      <div class="dialog-actions">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

function BlockFields(props: { at: string; map: read.ItemMap; sections: SectionView[] }) {
  const run = useCommand();
  const id = `${props.at.replace("/", "-")}-section`;
  const section = read.str(props.map, "section") ?? "";
  return (
    <div class="fields">
      <FieldEditor partName="agenda" at={props.at} map={props.map} name="title" />
      <div class="field-grid">
        <FieldEditor partName="agenda" at={props.at} map={props.map} name="day" />
        <FieldEditor partName="agenda" at={props.at} map={props.map} name="minutes" label="Minutes" />
        <div class="field">
          <label for={id}>Section</label>
          <select id={id} value={section} onChange={(e) => void run(setValue(props.at, "section", e.currentTarget.value || null))}>
            <option value="">None</option>
            {props.sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <FieldEditor partName="agenda" at={props.at} map={props.map} name="activity" label="Activity" />
      </div>
      <FieldEditor partName="agenda" at={props.at} map={props.map} name="purpose" />
    </div>
  );
}
