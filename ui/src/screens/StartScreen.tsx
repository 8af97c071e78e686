// The start screen: recent plans, a new plan from a template, a plan file, the demo plan.
// (Hosting and joining a retreat session join this screen when the session layer lands.)
import { useEffect, useRef, useState } from "preact/hooks";
import {
  app,
  PlanRequestError,
  type FolderListing,
  type OpenedPlan,
  type RecentPlan,
  type RepairView,
  type TemplateChoices,
  type TemplateView,
} from "../ipc";
import { JoinPanel } from "../components/JoinPanel";
import { DistrictPanel } from "../components/DistrictPanel";
import { Logo } from "../components/Logo";
import { YourName } from "./YourName";

interface Props {
  onOpened(opened: OpenedPlan): void;
  initialError: string | null;
  /** A plan that could not be opened because its file is damaged, to offer for repair. */
  initialDamaged?: string | null;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Where a repaired copy of a damaged plan goes by default: beside it, named so. */
export function repairedName(path: string): string {
  const stem = path.replace(/\.throughline$/, "");
  return `${stem} (repaired).throughline`;
}

export function StartScreen({ onOpened, initialError, initialDamaged = null }: Props) {
  const [error, setError] = useState<string | null>(initialError);
  // A plan that failed to open because its file is damaged: offered for repair.
  const [damaged, setDamaged] = useState<string | null>(initialDamaged);
  const [repaired, setRepaired] = useState<RepairView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [name, setName] = useState("");
  const banner = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The request may have been made far down the page: bring the reason into view.
    if (error) banner.current?.scrollIntoView({ block: "nearest" });
  }, [error]);

  const attempt = async (what: string, open: () => Promise<OpenedPlan>, path?: string) => {
    setBusy(what);
    setError(null);
    setDamaged(null);
    setRepaired(null);
    try {
      onOpened(await open());
    } catch (e) {
      setError(message(e));
      if (path && e instanceof PlanRequestError && e.kind === "Damaged") setDamaged(path);
      setBusy(null);
    }
  };

  const repair = async (path: string) => {
    setBusy(`Repairing ${path}…`);
    try {
      const view = await app.repairPlan(path, repairedName(path));
      setError(null);
      setDamaged(null);
      setRepaired(view);
    } catch (e) {
      setError(message(e));
    }
    setBusy(null);
  };

  return (
    <div class="start">
      <header class="start-banner">
        <Logo />
        <div>
          <p class="product">Throughline</p>
          <p class="tagline">A district redesign plan, written together — from context to the resources that pay for it.</p>
        </div>
      </header>
      <main class="start-main" aria-labelledby="start-heading">
        <h1 id="start-heading" class="visually-hidden">
          Start
        </h1>
        {error && (
          <div class="banner error" role="alert" ref={banner}>
            <p>{error}</p>
            {damaged && (
              <button type="button" onClick={() => void repair(damaged)}>
                Repair into a new file
              </button>
            )}
            <button type="button" class="quiet" onClick={() => setError(null)}>
              Dismiss
            </button>
          </div>
        )}
        {repaired && (
          <div class="banner info report" role="status">
            <p>Wrote {repaired.path} from what could still be read.</p>
            <ul>
              {repaired.recovered.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {repaired.lost.length > 0 ? (
              <>
                <p>Not recovered:</p>
                <ul>
                  {repaired.lost.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p>Nothing was lost.</p>
            )}
            {repaired.opened && (
              <button type="button" onClick={() => repaired.opened && onOpened(repaired.opened)}>
                Open the repaired plan
              </button>
            )}
          </div>
        )}
        {busy && (
          <p class="banner info" role="status">
            {busy}
          </p>
        )}
        <div class="start-grid">
          <div class="start-column">
            <YourName onChange={(v) => setName(v.name)} />
            <RecentPlans onOpen={(p) => void attempt(`Opening ${p.title || p.path}…`, () => app.openPlan(p.path), p.path)} />
            <JoinPanel name={name} onJoin={(what, join) => void attempt(what, join)} />
            <DistrictPanel name={name} onJoin={(what, join) => void attempt(what, join)} />
            <DemoPanel onOpen={(program, name) => void attempt(`Opening the ${name} demo plan…`, () => app.openDemo(program))} />
            <OpenFile onOpen={(path) => void attempt(`Opening ${path}…`, () => app.openPlan(path), path)} />
          </div>
          <div class="start-column wide">
            <NewPlan onCreate={(req) => void attempt(`Creating ${req.title}…`, () => app.createPlan(req))} />
          </div>
        </div>
      </main>
    </div>
  );
}

function RecentPlans({ onOpen }: { onOpen(p: RecentPlan): void }) {
  const [recent, setRecent] = useState<RecentPlan[] | null>(null);
  useEffect(() => {
    app
      .recentPlans()
      .then(setRecent)
      .catch(() => setRecent([]));
  }, []);
  return (
    <section class="panel" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent plans</h2>
      {recent === null ? (
        <p class="empty-note">Looking…</p>
      ) : recent.length === 0 ? (
        <p class="empty-note">Plans you open on this laptop are listed here.</p>
      ) : (
        <ul class="recent-list">
          {recent.map((p) => (
            <li key={p.path}>
              <button type="button" class="recent" onClick={() => onOpen(p)}>
                <span class="recent-title">{p.title || "Untitled plan"}</span>
                <span class="recent-meta">
                  {p.district && <>{p.district} · </>}
                  opened {formatWhen(p.opened_at)}
                </span>
                <span class="recent-path">{p.path}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function formatWhen(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function OpenFile({ onOpen }: { onOpen(path: string): void }) {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [path, setPath] = useState("");
  const browse = (folder: string | null) => {
    app
      .listFolder(folder)
      .then((l) => {
        setListing(l);
        setProblem(null);
      })
      .catch((e: unknown) => setProblem(message(e)));
  };
  useEffect(() => browse(null), []);
  return (
    <section class="panel" aria-labelledby="open-heading">
      <h2 id="open-heading">Open a plan file</h2>
      {listing && (
        <div class="browser">
          <p class="browser-folder">
            <span class="visually-hidden">Folder: </span>
            {listing.folder}
          </p>
          <ul class="browser-list" aria-label={`Folders and plans in ${listing.folder}`}>
            {listing.parent && (
              <li>
                <button type="button" class="quiet browser-entry" onClick={() => browse(listing.parent)}>
                  ↑ Up to {listing.parent}
                </button>
              </li>
            )}
            {listing.entries.map((e) => (
              <li key={e.path}>
                <button
                  type="button"
                  class={`quiet browser-entry ${e.is_plan ? "plan" : "folder"}`}
                  onClick={() => (e.is_plan ? onOpen(e.path) : browse(e.path))}
                >
                  <span aria-hidden="true">{e.is_plan ? "▤" : "▸"}</span> {e.name}
                  <span class="visually-hidden">{e.is_plan ? " (plan)" : " (folder)"}</span>
                </button>
              </li>
            ))}
            {listing.entries.length === 0 && <li class="empty-note">No plans or folders here.</li>}
          </ul>
        </div>
      )}
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) onOpen(path.trim());
        }}
      >
        <label for="open-path">Or type the path of a plan file</label>
        <div class="row">
          <input
            id="open-path"
            type="text"
            value={path}
            placeholder="/home/you/Throughline/plan.throughline"
            onInput={(e) => setPath((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="secondary" disabled={path.trim() === ""}>
            Open
          </button>
        </div>
      </form>
    </section>
  );
}

function NewPlan({ onCreate }: { onCreate(req: import("../ipc").NewPlanRequest): void }) {
  const [choices, setChoices] = useState<TemplateChoices | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [template, setTemplate] = useState<string>("");
  const [addOns, setAddOns] = useState<string[]>([]);
  const [title, setTitle] = useState("");
  const [district, setDistrict] = useState("");
  const [fileName, setFileName] = useState("");
  const [fileTouched, setFileTouched] = useState(false);
  const [folder, setFolder] = useState("");
  const [tried, setTried] = useState(false);

  useEffect(() => {
    app
      .templates()
      .then((c) => {
        setChoices(c);
        setTemplate((t) => t || c.templates[0]?.id || "");
      })
      .catch((e: unknown) => setProblem(message(e)));
    app
      .plansFolder()
      .then(setFolder)
      .catch(() => undefined);
  }, []);

  const suggestedFile = title.trim().replace(/[\\/:*?"<>|]+/g, "-").slice(0, 60);
  const file = fileTouched ? fileName : suggestedFile;
  const titleMissing = title.trim() === "";
  const chosen: TemplateView | undefined = choices?.templates.find((t) => t.id === template);

  return (
    <section class="panel new-plan" aria-labelledby="new-heading">
      <h2 id="new-heading">Start a new plan</h2>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (titleMissing) {
            document.getElementById("new-title")?.focus();
            return;
          }
          if (!template || file.trim() === "") return;
          onCreate({
            folder,
            file_name: file.trim(),
            template: [template, ...addOns].join("+"),
            title: title.trim(),
            district: district.trim(),
          });
        }}
      >
        <fieldset class="template-choice">
          <legend>Program template</legend>
          <p class="hint">The template sets the plan's sections, their order, the words and the questions for the team.</p>
          {choices?.templates.map((t) => (
            <div class={`template-option ${t.id === template ? "chosen" : ""}`} key={t.id}>
              <input
                type="radio"
                name="template"
                id={`template-${t.id}`}
                value={t.id}
                checked={t.id === template}
                aria-describedby={`template-${t.id}-about`}
                onChange={() => setTemplate(t.id)}
              />
              <label for={`template-${t.id}`}>
                <span class="template-name">{t.name}</span>
                <span class="template-program">{t.program}</span>
              </label>
              <p class="template-about" id={`template-${t.id}-about`}>
                {t.description}
              </p>
            </div>
          ))}
          {choices?.problems.map((p) => (
            <p class="field-error" key={p}>
              {p}
            </p>
          ))}
        </fieldset>
        {choices && choices.add_ons.length > 0 && (
          <fieldset class="add-ons">
            <legend>Add-ons</legend>
            {choices.add_ons.map((a) => (
              <div class="check-field" key={a.id}>
                <input
                  type="checkbox"
                  id={`addon-${a.id}`}
                  checked={addOns.includes(a.id)}
                  aria-describedby={`addon-${a.id}-about`}
                  onChange={(e) =>
                    setAddOns((list) =>
                      (e.currentTarget as HTMLInputElement).checked ? [...list, a.id] : list.filter((x) => x !== a.id),
                    )
                  }
                />
                <label for={`addon-${a.id}`}>{a.name}</label>
                <p class="template-about" id={`addon-${a.id}-about`}>
                  {a.description}
                </p>
              </div>
            ))}
          </fieldset>
        )}
        {chosen && (
          <details class="sections-preview">
            <summary>The {chosen.sections.length} sections of {chosen.name}</summary>
            <ol>
              {chosen.sections.map((s) => (
                <li key={s.id}>{s.label}</li>
              ))}
            </ol>
          </details>
        )}
        <div class="field">
          <label for="new-title">Plan title</label>
          <input
            id="new-title"
            type="text"
            value={title}
            aria-invalid={tried && titleMissing ? "true" : undefined}
            aria-describedby={tried && titleMissing ? "new-title-error" : undefined}
            onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
          />
          {tried && titleMissing && (
            <p class="field-error" id="new-title-error">
              Give the plan a title.
            </p>
          )}
        </div>
        <div class="field">
          <label for="new-district">District</label>
          <input id="new-district" type="text" value={district} onInput={(e) => setDistrict((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field-grid two">
          <div class="field">
            <label for="new-file">File name</label>
            <input
              id="new-file"
              type="text"
              value={file}
              aria-describedby="new-file-hint"
              onInput={(e) => {
                setFileTouched(true);
                setFileName((e.currentTarget as HTMLInputElement).value);
              }}
            />
            <p class="hint" id="new-file-hint">
              {file.trim().replace(/\.throughline$/, "") ? (
                <>
                  Saved as <strong>{file.trim().replace(/\.throughline$/, "")}.throughline</strong>; one file holds the whole plan.
                </>
              ) : (
                "The file takes the plan's title once it has one; one file holds the whole plan."
              )}
            </p>
          </div>
          <div class="field">
            <label for="new-folder">Folder</label>
            <input id="new-folder" type="text" value={folder} onInput={(e) => setFolder((e.currentTarget as HTMLInputElement).value)} />
          </div>
        </div>
        <button type="submit" class="primary">
          Create the plan
        </button>
      </form>
    </section>
  );
}

/** "Explore a demo plan": a fictional district's plan in the program picked. */
function DemoPanel({ onOpen }: { onOpen(program: string, name: string): void }) {
  // The programs with a demo are Rust's to say (the templates' `has_demo`), as for the CLI.
  const [programs, setPrograms] = useState<TemplateView[]>([]);
  useEffect(() => {
    void app.templates().then(
      (c) => setPrograms(c.templates.filter((t) => t.has_demo)),
      () => setPrograms([]),
    );
  }, []);
  const [program, setProgram] = useState("dsdp");
  const name = programs.find((p) => p.id === program)?.name ?? program;
  return (
    <section class="panel" aria-labelledby="demo-heading">
      <h2 id="demo-heading">Explore a demo plan</h2>
      <p>
        A fictional district's plan carried through a program's sections, with a few gaps left for the coherence
        check to find. Changes you make are saved in your own copy.
      </p>
      <div class="field">
        <label for="demo-program">Program</label>
        <select id="demo-program" value={program} onChange={(e) => setProgram((e.currentTarget as HTMLSelectElement).value)}>
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" class="secondary" onClick={() => onOpen(program, name)}>
        Open the demo plan
      </button>
    </section>
  );
}
