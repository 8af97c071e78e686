// Named versions: the list, newest first, and "save a version" of the plan as it is now.
import { useEffect, useRef, useState } from "preact/hooks";
import { app, type VersionView } from "../ipc";
import { usePlan } from "../plan/context";
import { formatWhen } from "../screens/StartScreen";

export function VersionsDialog({ onClose }: { onClose(): void }) {
  const { peer } = usePlan();
  const dialog = useRef<HTMLDialogElement>(null);
  const [versions, setVersions] = useState<VersionView[] | null>(null);
  const [label, setLabel] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const load = () =>
    app
      .versions()
      .then(setVersions)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));

  useEffect(() => {
    dialog.current?.showModal();
    void load();
  }, []);

  const saveVersion = async () => {
    setProblem(null);
    setSaved(null);
    try {
      // Everything typed so far is in the plan before it is named.
      await peer.settle();
      const v = await app.createVersion(label);
      setSaved(`Saved “${v.label}”.`);
      setLabel("");
      await load();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <dialog ref={dialog} class="versions-dialog" aria-labelledby="versions-heading" onClose={onClose} onCancel={onClose}>
      <h2 id="versions-heading">Versions</h2>
      <p class="hint">A version is the plan as it was at one moment, kept unchanged: a draft for cabinet, what the board adopted.</p>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void saveVersion();
        }}
      >
        <label for="version-label">Name this version</label>
        <div class="row">
          <input
            id="version-label"
            type="text"
            value={label}
            placeholder="Draft for cabinet"
            aria-describedby={problem ? "version-problem" : undefined}
            onInput={(e) => setLabel((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="primary" disabled={label.trim() === ""}>
            Save a version
          </button>
        </div>
      </form>
      {problem && (
        <p class="field-error" id="version-problem" role="alert">
          {problem}
        </p>
      )}
      {saved && (
        <p class="success" role="status">
          {saved}
        </p>
      )}
      <h3>Saved versions</h3>
      {versions === null ? (
        <p class="empty-note">Loading…</p>
      ) : versions.length === 0 ? (
        <p class="empty-note">No versions yet.</p>
      ) : (
        <table class="versions-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved by</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {[...versions].reverse().map((v) => (
              <tr key={v.label}>
                <th scope="row">{v.label}</th>
                <td>{v.author}</td>
                <td>{formatWhen(v.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="dialog-actions">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
