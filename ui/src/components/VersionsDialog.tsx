// Named versions: the list, newest first, and "save a version" of the plan as it is now;
// comparing any two (or one and the current draft), restoring one, and signing one off.
import { useEffect, useRef, useState } from "preact/hooks";
import { app, PlanRequestError, reviewing, type ComparisonView, type ExportFormat, type SignoffItem, type VersionView } from "../ipc";
import { FORMATS, PDF, ReplaceQuestion, fileStem, formatSize } from "./ExportDialog";
import { CompareView } from "../review/CompareView";
import { Digest } from "../review/History";
import { DRAFT, sideOf, verdict } from "../review/compare";
import { usePlan } from "../plan/context";
import { single, text } from "../plan/read";
import { formatWhen } from "../screens/StartScreen";

export function VersionsDialog({ onClose }: { onClose(): void }) {
  const { peer } = usePlan();
  const dialog = useRef<HTMLDialogElement>(null);
  const [versions, setVersions] = useState<VersionView[] | null>(null);
  const [label, setLabel] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [signoffs, setSignoffs] = useState<SignoffItem[] | null>(null);

  const load = () =>
    Promise.all([app.versions(), reviewing.signoffs()])
      .then(([v, s]) => {
        setVersions(v);
        setSignoffs(s);
      })
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
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...versions].reverse().map((v) => (
              <tr key={v.label}>
                <th scope="row">{v.label}</th>
                <td>{v.author}</td>
                <td>{formatWhen(v.at)}</td>
                <td>
                  <RestoreButton label={v.label} onRestored={(words) => {
                    setSaved(words);
                    void load();
                  }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {versions && versions.length > 0 && <Compare versions={versions} />}
      {versions && versions.length > 0 && <Digest versions={versions} />}
      {versions && versions.length > 0 && signoffs && <SignoffsHeld signoffs={signoffs} />}
      <div class="dialog-actions">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

/** Restores a version as a forward change, after the person confirms. */
function RestoreButton({ label, onRestored }: { label: string; onRestored(words: string): void }) {
  const { peer } = usePlan();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const restore = async () => {
    setProblem(null);
    try {
      const r = await peer.restore((sv) => reviewing.restore(label, sv));
      setConfirming(false);
      onRestored(
        r.changed
          ? `Restored “${label}”. The draft before it is kept as “${r.saved_before ?? ""}”.`
          : `The draft already says what “${label}” says; nothing changed.`,
      );
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  if (!confirming) {
    return (
      <button type="button" class="quiet small" onClick={() => setConfirming(true)}>
        Restore…<span class="visually-hidden"> “{label}”</span>
      </button>
    );
  }
  return (
    <div class="confirm restore-confirm" role="group" aria-label={`Restore “${label}”`}>
      <p>The draft is saved as a version first, then changed to say what “{label}” says. Everyone sees the change.</p>
      <button type="button" class="danger small" onClick={() => void restore()}>
        Restore “{label}”
      </button>
      <button type="button" class="quiet small" onClick={() => setConfirming(false)}>
        Keep the draft
      </button>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** Picks two sides and shows what changed between them. */
function Compare({ versions }: { versions: VersionView[] }) {
  const { peer } = usePlan();
  const newest = versions[versions.length - 1]?.label ?? "";
  const [from, setFrom] = useState(newest);
  const [to, setTo] = useState(DRAFT);
  useEffect(() => {
    // A version just saved is the likeliest to compare with the draft.
    setFrom(newest);
  }, [newest]);
  const [result, setResult] = useState<ComparisonView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const compare = async () => {
    setProblem(null);
    try {
      await peer.settle();
      setResult(await reviewing.compare(sideOf(from), sideOf(to)));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const options = (
    <>
      <option value={DRAFT}>The current draft</option>
      {[...versions].reverse().map((v) => (
        <option key={v.label} value={v.label}>
          {v.label}
        </option>
      ))}
    </>
  );
  return (
    <section class="compare" aria-labelledby="compare-heading">
      <h3 id="compare-heading">Compare</h3>
      <form
        class="compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          void compare();
        }}
      >
        <div class="field">
          <label for="compare-from">From</label>
          <select id="compare-from" value={from} onChange={(e) => setFrom((e.currentTarget as HTMLSelectElement).value)}>
            {options}
          </select>
        </div>
        <div class="field">
          <label for="compare-to">To</label>
          <select id="compare-to" value={to} onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}>
            {options}
          </select>
        </div>
        <button type="submit" class="secondary">
          Compare
        </button>
      </form>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {result && <CompareView comparison={result} />}
      {result && <SaveRedline from={from} to={to} />}
    </section>
  );
}

/** Saving the comparison as a redline document for the cabinet or the board. */
function SaveRedline({ from, to }: { from: string; to: string }) {
  const { peer } = usePlan();
  const [format, setFormat] = useState<ExportFormat>("Docx");
  const [path, setPath] = useState("");
  const [touched, setTouched] = useState(false);
  const [folder, setFolder] = useState<string | null>(null);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const [working, setWorking] = useState(false);
  useEffect(() => {
    void app.plansFolder().then(setFolder, () => setFolder(""));
  }, []);
  const chosen = FORMATS.find((f) => f.format === format) ?? PDF;
  useEffect(() => {
    if (touched || folder === null) return;
    const title = text(single(peer.doc, "record"), "title") || "plan";
    const name = `${fileStem(title)}-changes.${chosen.ext}`;
    setPath(folder ? `${folder.replace(/\/+$/, "")}/${name}` : name);
  }, [folder, chosen.ext, touched, peer]);
  /** The file name asked about: a file is already there (replaced only when the person says so). */
  const [taken, setTaken] = useState<string | null>(null);
  useEffect(() => setTaken((t) => (t !== null && t !== path.trim() ? null : t)), [path]);
  const save = async (replace: boolean) => {
    setSaid(null);
    setTaken(null);
    setWorking(true);
    try {
      await peer.settle();
      const done = await reviewing.exportComparison({ from: sideOf(from), to: sideOf(to), format, path, replace });
      setSaid({ ok: true, text: `Saved ${formatSize(done.bytes)} to ${done.path}.` });
    } catch (e) {
      if (e instanceof PlanRequestError && e.kind === "Exists") setTaken(path.trim());
      else setSaid({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setWorking(false);
    }
  };
  return (
    <form
      class="redline-form"
      aria-labelledby="redline-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <h4 id="redline-heading">Save this comparison as a redline</h4>
      <div class="field">
        <label for="redline-format">Format</label>
        <select
          id="redline-format"
          value={format}
          onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as ExportFormat)}
        >
          {FORMATS.map((f) => (
            <option key={f.format} value={f.format}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="redline-path">Save as</label>
        <input
          id="redline-path"
          type="text"
          value={path}
          // Once the person is in the field, a suggestion arriving late must not land under
          // what they type.
          onFocus={() => setTouched(true)}
          onInput={(e) => {
            setTouched(true);
            setPath((e.currentTarget as HTMLInputElement).value);
          }}
        />
      </div>
      <button type="submit" class="secondary" disabled={working}>
        {working ? "Saving…" : "Save the redline"}
      </button>
      {taken !== null && (
        <ReplaceQuestion
          id="redline"
          path={taken}
          onKeep={() => {
            setTaken(null);
            document.getElementById("redline-path")?.focus();
          }}
          onReplace={() => void save(true)}
        />
      )}
      <p role="status" class={said && !said.ok ? "field-error" : "redline-saved"}>
        {said?.text ?? ""}
      </p>
    </form>
  );
}

/** Every sign-off and whether it still holds; signing itself is in the Sign-off dialog. */
function SignoffsHeld({ signoffs }: { signoffs: SignoffItem[] }) {
  return (
    <section class="signoffs" aria-labelledby="signoffs-heading">
      <h3 id="signoffs-heading">Sign-offs</h3>
      <p class="hint">To sign a version, use Sign-off in the toolbar: it lists what is still open first.</p>
      <SignoffTable signoffs={signoffs} />
    </section>
  );
}

/**
 * Signing a named version, and every sign-off with whether it still holds. With anything still
 * open, the signer says they sign knowing it.
 */
export function Signoffs(props: { versions: VersionView[]; signoffs: SignoffItem[]; stillOpen: string[]; onSigned(): void }) {
  const [knowingly, setKnowingly] = useState(false);
  const newest = props.versions[props.versions.length - 1]?.label ?? "";
  const [version, setVersion] = useState(newest);
  useEffect(() => setVersion(newest), [newest]);
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const sign = async () => {
    setProblem(null);
    setDone(null);
    try {
      const s = await reviewing.sign({ version, name, role });
      setDone(`${s.name} (${s.role}) signed “${s.version}”.`);
      setName("");
      setRole("");
      props.onSigned();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section class="signoffs" aria-labelledby="signoffs-heading">
      <h3 id="signoffs-heading">Sign-off</h3>
      <p class="hint">A sign-off covers one version’s exact text. Later changes to the draft are never covered by it.</p>
      <form
        class="sign-form"
        onSubmit={(e) => {
          e.preventDefault();
          void sign();
        }}
      >
        <div class="field">
          <label for="sign-version">Version</label>
          <select id="sign-version" value={version} onChange={(e) => setVersion((e.currentTarget as HTMLSelectElement).value)}>
            {[...props.versions].reverse().map((v) => (
              <option key={v.label} value={v.label}>
                {v.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="sign-name">Name</label>
          <input id="sign-name" type="text" value={name} placeholder="Dr. Ana Ruiz" onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="sign-role">Role</label>
          <input id="sign-role" type="text" value={role} placeholder="Superintendent" onInput={(e) => setRole((e.currentTarget as HTMLInputElement).value)} />
        </div>
        {props.stillOpen.length > 0 && (
          <div class="field check-field knowingly">
            <input id="sign-knowingly" type="checkbox" checked={knowingly} onChange={(e) => setKnowingly((e.currentTarget as HTMLInputElement).checked)} />
            <label for="sign-knowingly">
              I sign knowing that {props.stillOpen.length === 1 ? "one thing is" : `${props.stillOpen.length} things are`} still open
            </label>
          </div>
        )}
        <button
          type="submit"
          class="primary"
          disabled={version === "" || name.trim() === "" || role.trim() === "" || (props.stillOpen.length > 0 && !knowingly)}
        >
          Sign this version
        </button>
      </form>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p class="success" role="status">
          {done}
        </p>
      )}
      <SignoffTable signoffs={props.signoffs} />
    </section>
  );
}

function SignoffTable(props: { signoffs: SignoffItem[] }) {
  return props.signoffs.length === 0 ? (
        <p class="empty-note">No sign-offs yet.</p>
      ) : (
        <table class="versions-table signoffs-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Signed by</th>
              <th scope="col">When</th>
              <th scope="col">Does it hold?</th>
            </tr>
          </thead>
          <tbody>
            {[...props.signoffs].reverse().map((s) => {
              const v = verdict(s);
              return (
                <tr key={`${s.version}-${s.at}-${s.name}`}>
                  <th scope="row">{s.version}</th>
                  <td>
                    {s.name}, {s.role}
                  </td>
                  <td>{formatWhen(s.at)}</td>
                  <td class={v.holds ? "holds" : "void"}>
                    <strong>{v.holds ? "✓ " : "✗ "}</strong>
                    {v.words}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      );
}
