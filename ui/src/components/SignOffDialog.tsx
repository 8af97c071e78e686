// Signing off a version, in a place of its own: what is still open in the plan (open comments,
// sections marked "needs work", years whose sources do not cover their investments), then the
// signature. Signing with things open is allowed, but only knowingly.
import { useEffect, useRef, useState } from "preact/hooks";
import { app, reviewing, type SectionView, type SignoffItem, type VersionView } from "../ipc";
import { usePlan, useReview } from "../plan/context";
import { useBoard } from "../review/board";
import { Signoffs } from "./VersionsDialog";

export function SignOffDialog({ sections, onClose }: { sections: SectionView[]; onClose(): void }) {
  const { peer } = usePlan();
  const board = useBoard();
  const review = useReview(peer);
  const dialog = useRef<HTMLDialogElement>(null);
  const [versions, setVersions] = useState<VersionView[] | null>(null);
  const [signoffs, setSignoffs] = useState<SignoffItem[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
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

  const label = (id: string) => sections.find((s) => s.id === id)?.label ?? id;
  const openThreads = board?.threads.filter((t) => !t.resolved).length ?? 0;
  const needsWork = board?.sections.filter((s) => s.stage === "needs_work").map((s) => label(s.section)) ?? [];
  const short = (review?.balance ?? []).filter((r) => !r.balanced);
  const open: string[] = [
    ...(openThreads > 0 ? [`${openThreads} open ${openThreads === 1 ? "comment" : "comments"}`] : []),
    ...needsWork.map((s) => `${s}: marked “Needs work”`),
    ...short.map((r) => `${r.fiscal_year}: ${r.unit_label} short by ${r.gap_text}`),
  ];

  return (
    <dialog ref={dialog} class="versions-dialog signoff-dialog" aria-labelledby="signoff-dialog-heading" onClose={onClose} onCancel={onClose}>
      <h2 id="signoff-dialog-heading">Sign-off</h2>
      <section class="still-open" aria-labelledby="still-open-heading">
        <h3 id="still-open-heading">Still open in the draft</h3>
        {board === null || review === null ? (
          <p class="empty-note">Checking the plan…</p>
        ) : open.length === 0 ? (
          <p class="all-clear">No open comments, no section needing work, and every year balances.</p>
        ) : (
          <ul class="open-list">
            {open.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        )}
      </section>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {versions && versions.length === 0 && (
        <p class="empty-note">A sign-off covers one saved version: save one under Versions first.</p>
      )}
      {versions && versions.length > 0 && signoffs && (
        <Signoffs versions={versions} signoffs={signoffs} stillOpen={open} onSigned={() => void load()} />
      )}
      <div class="dialog-actions">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
