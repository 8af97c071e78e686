// The plan workspace: the template's guided flow as navigation, the current section, and the
// coherence panel with the ledger's balance, always in view.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import * as Y from "yjs";
import { app, listenLive, updateBytes, type FindingView, type OpenedPlan, type PersonHere, type RoomView, type Section, type SessionView, type TemplateView } from "../ipc";
import { PlanContext, usePlanVersion, useReview, type PlanContextValue, type PlanPlace } from "../plan/context";
import type { PlanPeer, SaveState } from "../plan/peer";
import { focusSoon } from "../components/focus";
import { Logo } from "../components/Logo";
import { CoherencePanel } from "../components/CoherencePanel";
import { VersionsDialog } from "../components/VersionsDialog";
import { SignOffDialog } from "../components/SignOffDialog";
import { PlanDetailsDialog } from "../components/PlanDetailsDialog";
import { ExportDialog } from "../components/ExportDialog";
import { RoomDialog, SessionBadge } from "../components/RoomPanel";
import { AgendaDialog, RunDialog, RunStrip } from "../components/RoomRun";
import { TablesDialog } from "../components/Tables";
import { VotesDialog } from "../components/VotesDialog";
import { TradeOffsDialog } from "../components/TradeOffsDialog";
import { SectionScreen } from "../sections/SectionScreen";
import { single, text } from "../plan/read";
import { ReviewContext, ReviewStore, stageLabel, useBoard, type CommentTarget } from "../review/board";
import { ReviewPanel } from "../review/ReviewPanel";
import { CommentDialog } from "../review/CommentDialog";

interface Props {
  opened: OpenedPlan;
  peer: PlanPeer;
  onClose(): void;
}

export function Workspace({ opened: asOpened, peer, onClose }: Props) {
  usePlanVersion(peer);
  // The plan may be viewed with another program's words (a lens, applied in Rust). The choice
  // is this window's alone: it is not saved in the plan or anywhere else, and closing the plan
  // ends it. Everything below reads the template shown.
  const [lens, setLens] = useState<TemplateView | null>(null);
  const opened = useMemo(() => (lens ? { ...asOpened, template: lens } : asOpened), [asOpened, lens]);
  const sections = opened.template.sections;
  const [current, setCurrent] = useState<Section>(sections[0]?.id ?? "vision");
  const [me, setMeState] = useState<string | null>(opened.me);
  const [notice, setNotice] = useState<string | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [signOffOpen, setSignOffOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const [reviewOpen, setReviewOpen] = useState(false);
  // Below 1280 px the side panel (findings or review) is a drawer, open only when asked for.
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [composing, setComposing] = useState<CommentTarget | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [roomOpen, setRoomOpen] = useState(false);
  const [roomProblem, setRoomProblem] = useState<string | null>(null);
  const [session, setSession] = useState<SessionView>({ kind: "Alone" });
  const [room, setRoom] = useState<RoomView | null>(null);
  const [runOpen, setRunOpen] = useState(false);
  const [agendaOpen, setAgendaOpen] = useState(false);
  const [tablesOpen, setTablesOpen] = useState(false);
  const [votesOpen, setVotesOpen] = useState(false);
  const [tradeOffsOpen, setTradeOffsOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const reviewStore = useMemo(() => new ReviewStore(), [peer]);

  useEffect(() => {
    void reviewStore.refresh().catch((e: unknown) => setNotice(e instanceof Error ? e.message : String(e)));
    // Where comments land moves with the text: read the board again whenever the plan's
    // findings are (after each burst of changes), so an orphaned comment says so promptly.
    const stopFollowing = peer.onReview(() => void reviewStore.refresh().catch(() => undefined));
    const stopComposing = reviewStore.onCompose(setComposing);
    return () => {
      stopFollowing();
      stopComposing();
    };
  }, [peer, reviewStore]);

  useEffect(() => {
    performance.mark("throughline:workspace-shown");
  }, []);

  // Others' changes, comments and who is here are pushed by Rust as they arrive; nothing here
  // asks on a timer. Once listening, one catch-up brings what arrived before (a joined plan
  // opens already in its session, with its host's copy).
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    const readSession = () => {
      void app.session().then((s) => !gone && setSession(s), () => undefined);
      // The room's running state travels with presence, so it changes when the session does.
      void app.room().then((r) => !gone && setRoom(r), () => undefined);
    };
    void listenLive((news) => {
      if (news.kind === "Plan") peer.receive(updateBytes(news.update));
      else if (news.kind === "Review") void reviewStore.refresh().catch(() => undefined);
      else readSession();
    }).then(
      (unlisten) => {
        stop = unlisten;
        if (gone) unlisten();
        void peer.catchUp().catch(() => undefined);
        void reviewStore.refresh().catch(() => undefined);
        readSession();
      },
      (e: unknown) => setNotice(`Others' changes will not show until the plan is reopened: ${e instanceof Error ? e.message : String(e)}`),
    );
    return () => {
      gone = true;
      stop?.();
    };
  }, [peer, reviewStore]);

  const inSession = session.kind !== "Alone";
  const running = inSession && room?.in_session ? room : null;

  // Bring everyone here: each time the facilitator brings the room somewhere, this laptop goes
  // there too, unless its person stepped away. Going elsewhere by hand is allowed in between.
  const followed = useRef<string | null>(null);
  const away = running?.people.find((p) => p.me)?.away ?? false;
  useEffect(() => {
    const target = running && !running.i_facilitate ? (running.section ?? null) : null;
    if (away || target === followed.current) return;
    followed.current = target;
    if (target && sections.some((s) => s.id === target)) go({ section: target as Section });
  }, [running?.section, running?.i_facilitate, away]);

  useEffect(() => {
    if (inSession) void app.setSection(current).catch(() => undefined);
  }, [current, inSession]);

  const host = async () => {
    setRoomProblem(null);
    try {
      // Everything typed so far is in the plan file before the host reopens it.
      await peer.settle();
      await app.hostPlan();
      setSession(await app.session());
      setRoomOpen(true);
    } catch (e) {
      setNotice(`Not hosting: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const endSession = async () => {
    setRoomProblem(null);
    try {
      await peer.settle();
      if (session.kind === "Hosting") await app.stopHosting();
      else await app.leaveSession();
      setSession({ kind: "Alone" });
      setRoomOpen(false);
    } catch (e) {
      setRoomProblem(e instanceof Error ? e.message : String(e));
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) {
        e.preventDefault();
        peer.undo();
      } else if ((key === "z" && e.shiftKey) || key === "y") {
        e.preventDefault();
        peer.redo();
      }
    };
    document.addEventListener("keydown", onKey, true);
    return () => document.removeEventListener("keydown", onKey, true);
  }, [peer]);

  useEffect(() => {
    if (!drawerOpen) return;
    // The drawer takes the cursor, and Escape (from anywhere) closes it.
    requestAnimationFrame(() => document.querySelector<HTMLElement>("aside.open .aside-close")?.focus());
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !document.querySelector("dialog[open]")) setDrawerOpen(false);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [drawerOpen, reviewOpen]);

  const go = (place: PlanPlace) => {
    // A section opens at its top; going to a place then scrolls to it.
    if (mainRef.current) mainRef.current.scrollTop = 0;
    setDrawerOpen(false);
    setCurrent(place.section);
    if (place.path) focusSoon(place.path, place.field);
    else requestAnimationFrame(() => mainRef.current?.focus());
  };

  const ctx: PlanContextValue = useMemo(
    () => ({
      peer,
      opened,
      ownTemplate: asOpened.template,
      me,
      setMe: (member) => {
        setMeState(member);
        void app.setMe(member).catch((e: unknown) => setNotice(e instanceof Error ? e.message : String(e)));
      },
      go,
      report: (e) => setNotice(e instanceof Error ? e.message : String(e)),
    }),
    // `go` only sets state; the context changes with what it carries.
    [peer, opened, me],
  );

  const index = Math.max(
    0,
    sections.findIndex((s) => s.id === current),
  );
  const section = sections[index] ?? sections[0];
  // Back from a lens, a section only the lens showed is no longer a step: go to the first.
  useEffect(() => {
    if (sections[0] && !sections.some((s) => s.id === current)) setCurrent(sections[0].id);
  }, [sections]);

  const viewWith = async (id: string | null) => {
    try {
      const shown = await app.viewPlanWith(id);
      setLens(id === null ? null : shown);
      // Where the team stands is told in the phases of the words shown.
      await peer.refreshReview();
    } catch (e) {
      setNotice(`The view is unchanged: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const title = text(single(peer.doc, "record"), "title") || opened.title || "Untitled plan";
  const district = text(single(peer.doc, "record"), "district") || opened.district;

  return (
    <PlanContext.Provider value={ctx}>
      <ReviewContext.Provider value={reviewStore}>
      <div class="workspace">
        <a class="skip-link" href="#section-main">
          Skip to the section
        </a>
        <header class="topbar">
          <div class="plan-id">
            <Logo size={32} />
            <div>
              <p class="plan-title" title={title}>{title}</p>
              <p class="plan-district">{district}</p>
            </div>
          </div>
          <div class="topbar-actions">
            <SessionBadge session={session} onOpen={() => setRoomOpen(true)} />
            <SaveStatus peer={peer} planPath={opened.path} />
            <UndoRedo peer={peer} />
            <button type="button" class="quiet" onClick={() => setDetailsOpen(true)}>
              Plan details
            </button>
            <button type="button" class="quiet" onClick={() => setAgendaOpen(true)}>
              Agenda
            </button>
            <button type="button" class="quiet" onClick={() => setTablesOpen(true)}>
              Tables
            </button>
            <button type="button" class="quiet" onClick={() => setVotesOpen(true)}>
              Votes
            </button>
            <button type="button" class="quiet" onClick={() => setTradeOffsOpen(true)}>
              Trade-offs
            </button>
            <FindingsToggle
              peer={peer}
              open={drawerOpen && !reviewOpen}
              onToggle={() => {
                setDrawerOpen(reviewOpen || !drawerOpen);
                setReviewOpen(false);
              }}
            />
            <ReviewToggle
              open={reviewOpen}
              onToggle={() => {
                setDrawerOpen(!reviewOpen);
                setReviewOpen((o) => !o);
              }}
            />
            <button type="button" class="secondary" onClick={() => setVersionsOpen(true)}>
              Versions
            </button>
            <button type="button" class="secondary" onClick={() => setSignOffOpen(true)}>
              Sign-off
            </button>
            <button type="button" class="secondary" onClick={() => setExportOpen(true)}>
              Export
            </button>
            {!inSession && (
              <button type="button" class="secondary" onClick={() => void host()}>
                Host this plan for the room
              </button>
            )}
            <button
              type="button"
              class="quiet"
              onClick={() =>
                peer.settle().then(onClose, (e: unknown) =>
                  setNotice(
                    `The plan stays open: the last changes are not saved yet (${e instanceof Error ? e.message : String(e)}).`,
                  ),
                )
              }
            >
              Close plan
            </button>
          </div>
        </header>
        <div class="notice-row">
          {running && (
            <RunStrip
              room={running}
              onRun={() => setRunOpen(true)}
              onProblem={setNotice}
            />
          )}
          {lens && (
            <div class="banner info lens-note" role="status">
              <p>
                Shown with the words of {lens.name}; the plan is unchanged.
              </p>
              <button type="button" class="quiet" onClick={() => void viewWith(null)}>
                Show in the plan's own words
              </button>
            </div>
          )}
          {notice && (
            <div class="banner error workspace-notice" role="alert">
              <p>{notice}</p>
              <button type="button" class="quiet" onClick={() => setNotice(null)}>
                Dismiss
              </button>
            </div>
          )}
        </div>
        <FlowNav
          peer={peer}
          opened={opened}
          current={current}
          ownTemplate={asOpened.template}
          onLens={(id) => void viewWith(id)}
          people={session.kind === "Alone" ? [] : session.people.filter((p) => p.name !== opened.author)}
          onGo={(section) => go({ section })}
        />
        <main class="section-main" id="section-main" ref={mainRef} tabIndex={-1} aria-labelledby="section-title">
          {section && (
            <SectionScreen
              key={section.id}
              section={section}
              step={index + 1}
              steps={sections.length}
              next={sections[index + 1] ?? null}
            />
          )}
        </main>
        {reviewOpen ? (
          <ReviewPanel sections={sections} drawer={{ open: drawerOpen, close: () => setDrawerOpen(false) }} />
        ) : (
          <CoherencePanel
            peer={peer}
            sections={sections}
            onGo={(f: FindingView) => go(f)}
            drawer={{ open: drawerOpen, close: () => setDrawerOpen(false) }}
          />
        )}
        {versionsOpen && <VersionsDialog onClose={() => setVersionsOpen(false)} />}
        {signOffOpen && <SignOffDialog sections={sections} onClose={() => setSignOffOpen(false)} />}
        {detailsOpen && <PlanDetailsDialog onClose={() => setDetailsOpen(false)} />}
        {composing && (
          <CommentDialog target={composing} onClose={() => setComposing(null)} onPosted={() => setReviewOpen(true)} />
        )}
        {agendaOpen && <AgendaDialog sections={sections} onClose={() => setAgendaOpen(false)} />}
        {tablesOpen && <TablesDialog sections={sections} onMerged={() => void reviewStore.refresh().catch(() => undefined)} onClose={() => setTablesOpen(false)} />}
        {votesOpen && <VotesDialog onClose={() => setVotesOpen(false)} />}
        {tradeOffsOpen && <TradeOffsDialog onClose={() => setTradeOffsOpen(false)} />}
        {runOpen && running && <RunDialog room={running} current={current} sections={sections} onClose={() => setRunOpen(false)} />}
        {exportOpen && <ExportDialog title={title} onClose={() => setExportOpen(false)} />}
        {roomOpen && inSession && (
          <RoomDialog
            session={session}
            sections={sections}
            problem={roomProblem}
            onStop={() => void endSession()}
            onClose={() => setRoomOpen(false)}
          />
        )}
      </div>
      </ReviewContext.Provider>
    </PlanContext.Provider>
  );
}

/** The guided flow: the template's sections, each with how many findings it has open. A
 * program that works in phases (its template names each section's `phase`) shows each phase as
 * a heading over its steps with where the team stands in it; "begun" is Rust's one rule
 * (`throughline_plan::progress`: anything the team wrote in a section, a seeded benchmark only
 * once rated), sent in the review, never decided here. Steps are numbered straight through. */
function FlowNav(props: {
  peer: PlanPeer;
  opened: OpenedPlan;
  ownTemplate: TemplateView;
  current: Section;
  people: PersonHere[];
  onGo(section: Section): void;
  onLens(id: string | null): void;
}) {
  const review = useReview(props.peer);
  const findingsBySection = countBy(review?.findings ?? []);
  const sections = props.opened.template.sections;
  const step = (s: (typeof sections)[number]) => {
    const n = findingsBySection.get(s.id) ?? 0;
    const here = props.people.filter((p) => p.section === s.id).map((p) => p.name);
    return (
      <li key={s.id}>
        <button
          type="button"
          class={`flow-step ${s.id === props.current ? "current" : ""}`}
          aria-current={s.id === props.current ? "step" : undefined}
          onClick={() => props.onGo(s.id)}
        >
          <span class="step-number" aria-hidden="true">
            {sections.indexOf(s) + 1}
          </span>
          <span class="step-label">{s.label}</span>
          <StageBadge section={s.id} />
          {n > 0 && (
            <span class="step-findings">
              {n}
              <span class="visually-hidden"> {n === 1 ? "finding" : "findings"}</span>
            </span>
          )}
          {here.length > 0 && <span class="step-people">{here.join(", ")} here</span>}
        </button>
      </li>
    );
  };
  const phases = phasesOf(sections);
  return (
    <nav class="flow" aria-label="Guided flow">
      <p class="flow-heading" id="flow-heading">
        {props.opened.template.name}
      </p>
      <LensChoice own={props.ownTemplate} shown={props.opened.template} onLens={props.onLens} />
      {phases.length === 0 ? (
        <ol aria-labelledby="flow-heading">{sections.map(step)}</ol>
      ) : (
        phases.map((phase, k) => {
          const standing = review?.phases.find((p) => p.name === phase.name);
          return (
            <section key={phase.name} class="flow-phase" aria-labelledby={`flow-phase-${k}`}>
              <h2 class="flow-phase-name" id={`flow-phase-${k}`}>
                {phase.name}
              </h2>
              {standing && (
                <p class="flow-phase-progress" data-phase={phase.name}>
                  {standing.text}
                </p>
              )}
              <ol aria-labelledby={`flow-phase-${k}`}>{phase.sections.map(step)}</ol>
            </section>
          );
        })
      )}
    </nav>
  );
}

/** "View with the words of…": the plan's own template or any other a plan could start from
 * (the built-ins and the facilitator's). Rust applies the lens; only the id is chosen here. */
function LensChoice({ own, shown, onLens }: { own: TemplateView; shown: TemplateView; onLens(id: string | null): void }) {
  const [others, setOthers] = useState<TemplateView[]>([]);
  useEffect(() => {
    void app.templates().then(
      (c) => setOthers(c.templates.filter((t) => t.id !== own.id)),
      () => setOthers([]),
    );
  }, [own.id]);
  if (others.length === 0) return null;
  return (
    <label class="lens-choice">
      View with the words of
      <select id="lens-choice" value={shown.id === own.id ? "" : shown.id} onChange={(e) => onLens(e.currentTarget.value || null)}>
        <option value="">{own.name} (the plan's own)</option>
        {others.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The template's sections in runs of one phase; none when the template has no phases (the
 * template reader holds that a phased template phases every section, each phase in one run). */
function phasesOf<T extends { phase: string | null }>(sections: T[]): { name: string; sections: T[] }[] {
  const runs: { name: string; sections: T[] }[] = [];
  for (const s of sections) {
    if (s.phase === null) continue;
    const last = runs[runs.length - 1];
    if (last && last.name === s.phase) last.sections.push(s);
    else runs.push({ name: s.phase, sections: [s] });
  }
  return runs;
}

/** The review stage of a step in the flow, when past draft (in words, not colour alone). */
function StageBadge({ section }: { section: Section }) {
  const board = useBoard();
  const status = board?.sections.find((x) => x.section === section);
  if (!status || status.stage === "draft") return null;
  return (
    <span class={`step-stage stage-${status.stage}${status.changed_since_approval ? " changed-since" : ""}`}>
      <span class="visually-hidden">, </span>
      {stageLabel(status.stage)}
      {status.changed_since_approval && ", changed since"}
    </span>
  );
}

/** Opens the findings as a drawer in a narrow window (hidden where they have a column). */
function FindingsToggle({ peer, open, onToggle }: { peer: PlanPeer; open: boolean; onToggle(): void }) {
  const review = useReview(peer);
  const n = review?.findings.length ?? 0;
  return (
    <button type="button" class="secondary aside-toggle" aria-expanded={open} onClick={onToggle}>
      Findings
      {n > 0 && <span class="badge">{n}</span>}
    </button>
  );
}

/** Shows the review panel in place of the coherence panel, with what waits on this person. */
function ReviewToggle({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const board = useBoard();
  const waiting = (board?.sections.filter((s) => s.waiting_on_me).length ?? 0) + (board?.threads.filter((t) => t.waiting_on_me).length ?? 0);
  return (
    <button type="button" class="secondary review-toggle" aria-pressed={open} onClick={onToggle}>
      Review
      {waiting > 0 && (
        <span class="badge">
          {waiting}
          <span class="visually-hidden"> waiting on you</span>
        </span>
      )}
    </button>
  );
}

function countBy(findings: FindingView[]): Map<Section, number> {
  const m = new Map<Section, number>();
  for (const f of findings) m.set(f.section, (m.get(f.section) ?? 0) + 1);
  return m;
}

/** Where a copy goes by default when the plan's own file cannot be written: beside it. */
export function copyName(path: string): string {
  return `${path.replace(/\.throughline$/, "")} (saved copy).throughline`;
}

/** Saved or saving, redrawn on its own (it changes with every keystroke). When saving fails,
 * what is on screen is kept, and it can be tried again or saved as a copy elsewhere. */
function SaveStatus({ peer, planPath }: { peer: PlanPeer; planPath: string }) {
  const [state, setState] = useState<SaveState>(peer.saveState());
  const [copyTo, setCopyTo] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => peer.onSaveState(setState), [peer]);
  const saveCopy = async (path: string) => {
    try {
      // The UI's own document holds the keystrokes the failing file refused.
      setCopied(`Saved a copy as ${await app.saveCopy(path, Y.encodeStateAsUpdate(peer.doc))}`);
      setCopyTo(null);
    } catch (e) {
      setCopied(`The copy was not saved either: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    // Not a live region while saving: it would speak on every keystroke. A failure is an alert.
    <div class={`save-status ${state.kind}`}>
      {state.kind === "saved" && <span>All changes saved</span>}
      {state.kind === "saving" && <span>Saving…</span>}
      {state.kind === "failed" && (
        <span role="alert">
          <span>Not saved: {state.message}</span>
          <button type="button" class="quiet" onClick={() => peer.retry()}>
            Try again
          </button>
          {copyTo === null ? (
            <button type="button" class="quiet" onClick={() => setCopyTo(copyName(planPath))}>
              Save a copy…
            </button>
          ) : (
            <form
              class="save-copy"
              onSubmit={(e) => {
                e.preventDefault();
                void saveCopy(copyTo);
              }}
            >
              <label>
                Copy to <input value={copyTo} onInput={(e) => setCopyTo(e.currentTarget.value)} />
              </label>
              <button type="submit">Save copy</button>
            </form>
          )}
        </span>
      )}
      {copied && <span role="status">{copied}</span>}
    </div>
  );
}

/** Undo and redo of this person's own edits, enabled as their history allows. */
function UndoRedo({ peer }: { peer: PlanPeer }) {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    peer.undoManager.on("stack-item-added", bump);
    peer.undoManager.on("stack-item-popped", bump);
    peer.undoManager.on("stack-cleared", bump);
    return () => {
      peer.undoManager.off("stack-item-added", bump);
      peer.undoManager.off("stack-item-popped", bump);
      peer.undoManager.off("stack-cleared", bump);
    };
  }, [peer]);
  return (
    <>
      <button type="button" class="quiet" onClick={() => peer.undo()} disabled={!peer.canUndo()} aria-keyshortcuts="Control+Z">
        Undo
      </button>
      <button type="button" class="quiet" onClick={() => peer.redo()} disabled={!peer.canRedo()} aria-keyshortcuts="Control+Shift+Z">
        Redo
      </button>
    </>
  );
}
