// The app: the start screen until a plan is open, then that plan's workspace.
import { useEffect, useState } from "preact/hooks";
import { app, backend, PlanRequestError, type OpenedPlan } from "./ipc";
import { PlanPeer } from "./plan/peer";
import { StartScreen } from "./screens/StartScreen";
import { Workspace } from "./screens/Workspace";

interface OpenState {
  opened: OpenedPlan;
  peer: PlanPeer;
}

export function App() {
  const [open, setOpen] = useState<OpenState | null>(null);
  const [startupError, setStartupError] = useState<string | null>(null);
  // The plan named at start, when its file turned out damaged: the start screen offers repair.
  const [startupDamaged, setStartupDamaged] = useState<string | null>(null);
  const [booting, setBooting] = useState(true);

  const show = (opened: OpenedPlan) => {
    // Marks for the startup benchmark (benches/desktop); a mark costs nothing to keep.
    performance.mark("throughline:plan-received");
    const peer = new PlanPeer(Uint8Array.from(opened.state), backend);
    document.title = `${opened.title || "Untitled plan"} — Throughline`;
    setOpen({ opened, peer });
    void peer.refreshReview().catch(() => undefined);
  };

  useEffect(() => {
    // A plan named on the command line (or opened from the file manager) opens straight away.
    performance.mark("throughline:ui-started");
    let named: string | null = null;
    app
      .startupPlan()
      .then((path) => {
        named = path;
        return path ? app.openPlan(path).then(show) : undefined;
      })
      .catch((e: unknown) => {
        setStartupError(e instanceof Error ? e.message : String(e));
        if (named && e instanceof PlanRequestError && e.kind === "Damaged") setStartupDamaged(named);
      })
      .finally(() => setBooting(false));
  }, []);

  const close = async () => {
    if (!open) return;
    await open.peer.settle().catch(() => undefined);
    open.peer.close();
    await app.closePlan().catch(() => undefined);
    document.title = "Throughline";
    setOpen(null);
  };

  if (booting) {
    return (
      <main class="booting" aria-busy="true">
        <p>Opening Throughline…</p>
      </main>
    );
  }
  if (open) {
    return <Workspace key={open.opened.path} opened={open.opened} peer={open.peer} onClose={() => void close()} />;
  }
  return <StartScreen onOpened={show} initialError={startupError} initialDamaged={startupDamaged} />;
}
