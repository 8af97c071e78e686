// Export: the plan (the draft or a named version) as a document for the board or the public,
// saved to a file; or the same plan in another program's words and order (a lens), or as a
// state's plan (a profile). The export runs in Rust off the window's thread; this dialog says
// what it is doing and then where the file went.
import { useEffect, useRef, useState } from "preact/hooks";
import { app, PlanRequestError, type ExportFormat, type ExportProfileView, type TemplateView, type VersionView } from "../ipc";
import { usePlan } from "../plan/context";

export interface FormatChoice {
  format: ExportFormat;
  label: string;
  ext: string;
  what: string;
}
export const PDF: FormatChoice = { format: "Pdf", label: "PDF", ext: "pdf", what: "for printing and the board packet" };
export const FORMATS: FormatChoice[] = [
  PDF,
  { format: "Docx", label: "Word (DOCX)", ext: "docx", what: "to edit further in Word" },
  { format: "Html", label: "Web page (HTML)", ext: "html", what: "one file to post or email" },
  { format: "Markdown", label: "Markdown", ext: "md", what: "plain text for other tools" },
];

/** The spreadsheet a state's plan of rows and sums (MICIP) is written as. */
export const XLSX: FormatChoice = { format: "Xlsx", label: "Spreadsheet (XLSX)", ext: "xlsx", what: "rows and sums for the state's form" };
const EVERY_FORMAT: FormatChoice[] = [...FORMATS, XLSX];

/** What the dialog writes: the plan in its own words, through a lens (a template id), or a
 * state's plan (a profile), as the value of one select. */
type Kind = { lens: string | null; profile: ExportProfileView | null };

type Progress =
  | { kind: "idle" }
  | { kind: "working"; label: string }
  | { kind: "done"; path: string; bytes: number }
  | { kind: "failed"; message: string }
  /** A file is already at the path: replaced only when the person says so. */
  | { kind: "exists"; path: string };

/** A file name from the plan's title: letters, digits and dashes. */
export function fileStem(title: string): string {
  const stem = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
  return stem || "plan";
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function ExportDialog({ title, onClose }: { title: string; onClose(): void }) {
  const { peer } = usePlan();
  const dialog = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ExportFormat>("Pdf");
  const [versions, setVersions] = useState<VersionView[]>([]);
  const [version, setVersion] = useState("");
  const [findings, setFindings] = useState(false);
  const [folder, setFolder] = useState<string | null>(null);
  const [path, setPath] = useState("");
  const [pathTouched, setPathTouched] = useState(false);
  const [progress, setProgress] = useState<Progress>({ kind: "idle" });
  const [lenses, setLenses] = useState<TemplateView[]>([]);
  const [profiles, setProfiles] = useState<ExportProfileView[]>([]);
  const [what, setWhat] = useState("");

  useEffect(() => {
    dialog.current?.showModal();
    void app.versions().then(setVersions, () => setVersions([]));
    void app.plansFolder().then(setFolder, () => setFolder(""));
    void app.templates().then((c) => setLenses(c.templates), () => setLenses([]));
    void app.exportProfiles().then(setProfiles, () => setProfiles([]));
  }, []);

  const kind: Kind = what.startsWith("lens:")
    ? { lens: what.slice("lens:".length), profile: null }
    : { lens: null, profile: profiles.find((p) => `profile:${p.id}` === what) ?? null };
  // A state's plan is offered only in the formats Rust writes it in.
  const offered = kind.profile ? EVERY_FORMAT.filter((f) => kind.profile?.formats.includes(f.format)) : FORMATS;
  useEffect(() => {
    const first = offered[0];
    if (first && !offered.some((f) => f.format === format)) setFormat(first.format);
  }, [what, profiles]);
  const chosen = offered.find((f) => f.format === format) ?? offered[0] ?? PDF;
  useEffect(() => {
    // The suggested name follows the format until the person types their own.
    if (folder === null || pathTouched) return;
    const stem =
      fileStem(title) + (kind.profile ? `-${kind.profile.id}` : "") + (kind.lens ? `-${fileStem(kind.lens)}-lens` : "") + (version ? `-${fileStem(version)}` : "");
    setPath(`${folder.replace(/\/+$/, "")}/${stem}.${chosen.ext}`);
  }, [folder, format, version, title, pathTouched, what, chosen.ext]);

  const [opened, setOpened] = useState<string | null>(null);
  const run = async (replace: boolean) => {
    setProgress({ kind: "working", label: chosen.label });
    setOpened(null);
    try {
      // Everything typed so far is in the plan before it is exported.
      await peer.settle();
      const saved = await app.exportPlan({
        format: chosen.format,
        version: version || null,
        // A state's plan lists its own gaps; the findings appendix belongs to the plan document.
        include_findings: findings && !kind.profile,
        lens: kind.lens,
        profile: kind.profile?.profile ?? null,
        path,
        replace,
      });
      setProgress({ kind: "done", path: saved.path, bytes: saved.bytes });
    } catch (e) {
      if (e instanceof PlanRequestError && e.kind === "Exists") setProgress({ kind: "exists", path: path.trim() });
      else setProgress({ kind: "failed", message: e instanceof Error ? e.message : String(e) });
    }
  };
  // Another name answers the question: it is asked again only if that file is there too.
  useEffect(() => setProgress((p) => (p.kind === "exists" && p.path !== path.trim() ? { kind: "idle" } : p)), [path]);
  const hand = async (what: "open" | "folder", file: string) => {
    try {
      await (what === "open" ? app.openDocument(file) : app.showDocumentInFolder(file));
      setOpened(what === "open" ? "Opening the document…" : "Opening its folder…");
    } catch (e) {
      setOpened(`Not opened: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  useEffect(() => {
    // The question takes the cursor, so Enter answers it and Tab reaches the other answer.
    if (progress.kind === "exists") document.getElementById("export-keep")?.focus();
    if (progress.kind === "done") document.getElementById("export-open")?.focus();
  }, [progress.kind]);
  const working = progress.kind === "working";

  return (
    <dialog ref={dialog} class="export-dialog" aria-labelledby="export-heading" onClose={onClose} onCancel={onClose}>
      <h2 id="export-heading">Export the plan</h2>
      <p class="hint">A document to share: for the board, the public, or to keep working on in another tool.</p>
      <form
        class="fields"
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
      >
        <div class="field">
          <label for="export-kind">What to write</label>
          <select id="export-kind" value={what} onChange={(e) => setWhat((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">The plan, in its own words</option>
            {lenses.length > 0 && (
              <optgroup label="The same plan in another program's words and order">
                {lenses.map((t) => (
                  <option key={t.id} value={`lens:${t.id}`}>
                    In the words of {t.name}
                  </option>
                ))}
              </optgroup>
            )}
            {profiles.length > 0 && (
              <optgroup label="A state's plan, filled from this plan">
                {profiles.map((p) => (
                  <option key={p.id} value={`profile:${p.id}`}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          <p class="hint">
            {kind.profile
              ? "Filled from the plan's own parts, in the state's order and words; what the plan does not give it yet is listed."
              : kind.lens
                ? "Every part of the plan, under the other program's labels; parts it has no place for come last. The plan itself is not changed."
                : "The plan in its own template's order and words."}
          </p>
        </div>
        <fieldset>
          <legend>Format</legend>
          <div class="choice-list">
            {offered.map((f) => (
              <label key={f.format} class="choice">
                <input type="radio" name="export-format" value={f.format} checked={format === f.format} onChange={() => setFormat(f.format)} />
                <span>
                  <span class="choice-label">{f.label}</span> <span class="hint">{f.what}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label for="export-version">What to export</label>
          <select id="export-version" value={version} onChange={(e) => setVersion((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">The current draft</option>
            {[...versions].reverse().map((v) => (
              <option key={v.label} value={v.label}>
                Version “{v.label}”
              </option>
            ))}
          </select>
          <p class="hint">A named version carries its sign-offs; the draft carries none.</p>
        </div>
        {!kind.profile && (
          <div class="check-row">
            <input id="export-findings" type="checkbox" checked={findings} onChange={(e) => setFindings((e.currentTarget as HTMLInputElement).checked)} />
            <label for="export-findings">Add the coherence findings as an appendix (for the team, not the public)</label>
          </div>
        )}
        <div class="field">
          <label for="export-path">Save as</label>
          <input
            id="export-path"
            type="text"
            value={path}
            spellcheck={false}
            onInput={(e) => {
              setPathTouched(true);
              setPath((e.currentTarget as HTMLInputElement).value);
            }}
          />
          <p class="hint">If a file is already there, you are asked before it is replaced.</p>
        </div>
        <div class="export-progress" role="status">
          {progress.kind === "working" && <p class="working">Working… writing the {progress.label} document.</p>}
          {progress.kind === "done" && (
            <p class="success">
              Saved {formatSize(progress.bytes)} to <span class="path">{progress.path}</span>
            </p>
          )}
          {opened && <p class="hint">{opened}</p>}
        </div>
        {progress.kind === "done" && (
          <div class="export-done-actions">
            <button type="button" class="secondary" id="export-open" onClick={() => void hand("open", progress.path)}>
              Open
            </button>
            <button type="button" class="secondary" onClick={() => void hand("folder", progress.path)}>
              Show in folder
            </button>
          </div>
        )}
        {progress.kind === "exists" && (
          <ReplaceQuestion
            id="export"
            path={progress.path}
            onKeep={() => {
              setProgress({ kind: "idle" });
              document.getElementById("export-path")?.focus();
            }}
            onReplace={() => void run(true)}
          />
        )}
        {progress.kind === "failed" && (
          <p class="field-error" role="alert">
            Not exported: {progress.message}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
            Close
          </button>
          <button type="submit" class="primary" disabled={working || progress.kind === "exists" || path.trim() === ""}>
            {working ? "Exporting…" : "Export"}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Asked when a document's file name is taken: keep that file, or replace it. */
export function ReplaceQuestion(props: { id: string; path: string; onKeep: () => void; onReplace: () => void }) {
  return (
    <div class="export-replace" role="alertdialog" aria-labelledby={`${props.id}-replace-question`} aria-describedby={`${props.id}-replace-path`}>
      <p id={`${props.id}-replace-question`}>
        <strong>A file with this name is already there. Replace it?</strong>
      </p>
      <p class="path" id={`${props.id}-replace-path`}>
        {props.path}
      </p>
      <div class="dialog-actions">
        <button type="button" class="secondary" id={`${props.id}-keep`} onClick={props.onKeep}>
          Keep it, choose another name
        </button>
        <button type="button" class="danger" onClick={props.onReplace}>
          Replace it
        </button>
      </div>
    </div>
  );
}
