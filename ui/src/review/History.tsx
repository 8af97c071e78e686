// Who changed what: a section's history (under its title, opened on demand) and what each
// person changed since a named version (in the versions dialog). Both are read from the plan
// file's log, where every change keeps the name of the laptop that made it.
import { useState } from "preact/hooks";
import { reviewing, type DigestPerson, type HistoryLine, type Section, type SectionHistoryView, type VersionView } from "../ipc";
import { formatWhen } from "../screens/StartScreen";
import { KIND_WORDS } from "./compare";

/** `changed strategy “Coaching for every classroom”`, the title left out when it only repeats the noun. */
export function changeWords(kind: keyof typeof KIND_WORDS, noun: string, title: string): string {
  const t = title.trim();
  const named = t === "" || t.toLowerCase() === noun.toLowerCase() ? "" : ` “${t}”`;
  return `${KIND_WORDS[kind]} ${noun}${named}`;
}

export function SectionHistory({ section, label }: { section: Section; label: string }) {
  const [history, setHistory] = useState<SectionHistoryView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = () => {
    setProblem(null);
    reviewing
      .sectionHistory(section)
      .then(setHistory)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  };
  return (
    <details
      class="section-history"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) load();
      }}
    >
      <summary>
        Who changed this section<span class="visually-hidden">: {label}</span>
      </summary>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {history === null && !problem && <p class="empty-note">Loading…</p>}
      {history && (
        <>
          {history.entries.length === 0 ? (
            <p class="empty-note">No changes to this section yet.</p>
          ) : (
            <ol class="history-list">
              {[...history.entries].reverse().map((e, i) => (
                <HistoryItem key={`${e.from}-${i}`} entry={e} />
              ))}
            </ol>
          )}
          {history.folded_before && (
            <p class="hint">Changes before {formatWhen(history.folded_before)} were folded into the file and are not listed one by one.</p>
          )}
        </>
      )}
    </details>
  );
}

function HistoryItem({ entry: e }: { entry: HistoryLine }) {
  return (
    <li>
      <span class="history-when">{formatWhen(e.to)}</span> <strong>{e.author}</strong> {changeWords(e.kind, e.noun, e.title)}
      {e.kind === "changed" && e.fields.length > 0 && <span class="hint"> ({e.fields.join(", ").replace(/_/g, " ")})</span>}
    </li>
  );
}

/** What each person changed since a version chosen from the list. */
export function Digest({ versions }: { versions: VersionView[] }) {
  const newest = versions[versions.length - 1]?.label ?? "";
  const [since, setSince] = useState(newest);
  const [digest, setDigest] = useState<{ since: string; people: DigestPerson[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const show = async () => {
    setProblem(null);
    try {
      setDigest({ since, people: await reviewing.mergeDigest(since) });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section class="digest" aria-labelledby="digest-heading">
      <h3 id="digest-heading">Who changed what since a version</h3>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        <label for="digest-since">Since</label>
        <div class="row">
          <select id="digest-since" value={since} onChange={(e) => setSince((e.currentTarget as HTMLSelectElement).value)}>
            {[...versions].reverse().map((v) => (
              <option key={v.label} value={v.label}>
                {v.label}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary">
            Show who changed what
          </button>
        </div>
      </form>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {digest &&
        (digest.people.length === 0 ? (
          <p class="success" role="status">
            Nothing has changed since “{digest.since}”.
          </p>
        ) : (
          <div class="digest-result" role="status">
            {digest.people.map((p) => (
              <section key={p.person ?? ""} class="digest-person" aria-label={p.person ?? "Changes that follow from others"}>
                <h4>{p.person ?? "Changes that follow from others"}</h4>
                <ul>
                  {p.changes.map((c) => (
                    <li key={`${c.section_label}/${c.change.path}`}>
                      <span class="digest-section">{c.section_label}:</span> {changeWords(c.change.kind, c.change.noun, c.change.title)}
                      {c.change.kind === "changed" && c.change.fields.length > 0 && (
                        <span class="hint"> ({c.change.fields.map((f) => f.label).join(", ")})</span>
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        ))}
    </section>
  );
}
