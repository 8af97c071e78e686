// The coherence panel: the ledger's balance and every open finding, in plain words, each a
// button that goes to the place to fix it. Recomputed by the plan model after every change.
import type { FindingView, Review, SectionView } from "../ipc";
import { useReview } from "../plan/context";
import type { PlanPeer } from "../plan/peer";
import { FitnessPanel } from "./FitnessPanel";

interface Props {
  peer: PlanPeer;
  sections: SectionView[];
  onGo(finding: FindingView): void;
  drawer?: SideDrawer;
}

/** The side panel shown as a drawer in a narrow window: whether it is open, and closing it. */
export interface SideDrawer {
  open: boolean;
  close(): void;
}

/** The drawer's close button (Escape closes it too: the workspace listens). */
export function DrawerClose({ drawer }: { drawer?: SideDrawer | undefined }) {
  if (!drawer) return null;
  return (
    <button type="button" class="quiet aside-close" onClick={drawer.close}>
      Close
    </button>
  );
}


export function CoherencePanel({ peer, sections, onGo, drawer }: Props) {
  const review = useReview(peer);
  const findings = review?.findings ?? [];
  const label = (id: string) => sections.find((s) => s.id === id)?.label;
  // Findings in sections the template leaves out still count: they are grouped under "Other".
  const groups = new Map<string, FindingView[]>();
  for (const f of findings) {
    const key = label(f.section) ? f.section : "other";
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const ordered = [...sections.map((s) => s.id as string), "other"].filter((id) => groups.has(id));
  return (
    <aside class={`coherence ${drawer?.open ? "open" : ""}`} aria-labelledby="coherence-heading">
      <DrawerClose drawer={drawer} />
      <BalanceSummary review={review} />
      <FitnessPanel review={review} />
      <h2 id="coherence-heading" class="coherence-heading">
        Coherence{" "}
        <span class="count">
          {review === null ? "" : findings.length === 0 ? "— all clear" : `${findings.length} open`}
        </span>
      </h2>
      {review === null ? (
        <p class="empty-note">Checking the plan…</p>
      ) : findings.length === 0 ? (
        <p class="all-clear">Every strategy, tactic and ledger line hangs together. Nothing to fix.</p>
      ) : (
        <div class="finding-groups">
          {ordered.map((id) => (
            <section key={id} class="finding-group" aria-label={label(id) ?? "Other sections"}>
              <h3>{label(id) ?? "Other sections"}</h3>
              <ul class="findings" data-section={id}>
                {(groups.get(id) ?? []).map((f, i) => (
                  <li key={`${f.code}-${f.path}-${i}`}>
                    <button type="button" class="finding" data-code={f.code} data-path={f.path} onClick={() => onGo(f)}>
                      {f.message}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </aside>
  );
}

/**
 * The balance, always in view: one line per fiscal year, saying either that every unit
 * balances or which units fall short and by how much.
 */
export function BalanceSummary({ review }: { review: Review | null }) {
  const rows = review?.balance ?? [];
  const years = [...new Set(rows.map((r) => r.fiscal_year))];
  return (
    <section class="balance-summary" aria-labelledby="balance-summary-heading">
      <h2 id="balance-summary-heading">Balance</h2>
      {rows.length === 0 ? (
        <p class="empty-note">No ledger lines with an amount, unit and fiscal year yet.</p>
      ) : (
        <ul class="balance-rows">
          {years.map((year) => {
            const ofYear = rows.filter((r) => r.fiscal_year === year);
            const short = ofYear.filter((r) => !r.balanced);
            return (
              <li key={year} class={short.length === 0 ? "balanced" : "gap"} data-year={year}>
                <span class="balance-year">{year}</span>
                <span class="balance-state">
                  {short.length === 0
                    ? ofYear.length === 1
                      ? `${ofYear[0]?.unit_label} balanced`
                      : `Balanced in all ${ofYear.length} units`
                    : short.map((r) => (
                        <span class="balance-gap" key={r.unit} data-unit={r.unit}>
                          {r.unit_label} short by {r.gap_text}
                        </span>
                      ))}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
