// The resource ledger: investments and the sources that pay for them (the stop-doing list),
// per fiscal year and unit. The balance and the gap stay in view, with a chart of investments
// against sources for each year, and the funding cliffs: the year one-time money ends and what
// it leaves uncovered, marked and said in words.
import { useEffect, useState } from "preact/hooks";
import { tradeOffs, type BalanceRowView, type CliffView } from "../ipc";
import { editableAmount, formatAmount, parseAmount, shortAmount } from "../plan/amounts";
import { fieldId, placeId, usePlan, useReview } from "../plan/context";
import * as read from "../plan/read";
import { vocabulary } from "../plan/schema";
import { ItemCard, neighbours } from "../components/collection";
import { focusSoon } from "../components/focus";
import {
  BoolField,
  ChoiceField,
  FiscalYearField,
  LinkPicker,
  TextField,
  setValue,
  useCommand,
} from "../components/fields";
import { useTerms } from "./terms";
import { LedgerGrid } from "./LedgerGrid";
import { ViewSwitch, useView, type ViewChoice } from "../components/views";

const LEDGER_VIEWS: ViewChoice<"cards" | "grid">[] = [
  { key: "cards", label: "Cards" },
  { key: "grid", label: "Spreadsheet" },
];

export function LedgerSection() {
  const { peer } = usePlan();
  const [view, setView] = useView("ledger", LEDGER_VIEWS);
  const lines = read.items(peer.doc, "ledger");
  const investments = lines.filter((l) => read.str(l.map, "kind") !== "source");
  const sources = lines.filter((l) => read.str(l.map, "kind") === "source");
  return (
    <>
      <LedgerBalance />
      <ViewSwitch label="Show the ledger as" choices={LEDGER_VIEWS} view={view} onChoose={setView} />
      {view === "grid" ? (
        <LedgerGrid />
      ) : (
        <>
          <LedgerList kind="investment" lines={investments} />
          <LedgerList kind="source" lines={sources} />
        </>
      )}
    </>
  );
}

/** The balance per fiscal year in one unit at a time: a table and a chart, recomputed live. */
function LedgerBalance() {
  const { peer } = usePlan();
  const review = useReview(peer);
  const rows = review?.balance ?? [];
  const units = [...new Set(rows.map((r) => r.unit))];
  const [chosen, setChosen] = useState<string | null>(null);
  const unit = chosen && units.includes(chosen) ? chosen : units.includes("usd") ? "usd" : (units[0] ?? "usd");
  const shown = rows.filter((r) => r.unit === unit);
  const elsewhere = rows.filter((r) => r.unit !== unit && !r.balanced);
  const [cliffs, setCliffs] = useState<CliffView[]>([]);
  const [cliffProblem, setCliffProblem] = useState<string | null>(null);
  // Rust projects the cliffs; they are read again whenever the balance is.
  useEffect(() => {
    let gone = false;
    void tradeOffs.cliffs().then(
      (c) => {
        if (gone) return;
        setCliffs(c);
        setCliffProblem(null);
      },
      (e: unknown) => !gone && setCliffProblem(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      gone = true;
    };
  }, [review]);
  return (
      <section class="ledger-balance" id={placeId("ledger")} tabIndex={-1} aria-labelledby="ledger-balance-heading">
        <div class="ledger-balance-header">
          <h2 id="ledger-balance-heading">Balance by fiscal year</h2>
          {units.length > 1 && (
            <fieldset class="unit-switch">
              <legend class="visually-hidden">Unit shown</legend>
              {units.map((u) => (
                <span key={u} class="unit-option">
                  <input
                    type="radio"
                    name="ledger-unit"
                    id={`ledger-unit-${u}`}
                    checked={u === unit}
                    onChange={() => setChosen(u)}
                  />
                  <label for={`ledger-unit-${u}`}>{rows.find((r) => r.unit === u)?.unit_label ?? u}</label>
                </span>
              ))}
            </fieldset>
          )}
        </div>
        {rows.length === 0 ? (
          <p class="empty-note">Lines appear here once they have an amount, a unit and a fiscal year.</p>
        ) : (
          <div class="balance-body">
            <BalanceTable rows={shown} />
            <BalanceChart rows={shown} cliffs={cliffs.filter((c) => c.unit === unit)} />
          </div>
        )}
        {cliffProblem && <p class="hint">The funding cliffs could not be read: {cliffProblem}</p>}
        {elsewhere.length > 0 && (
          <p class="balance-elsewhere">
            Also short:{" "}
            {elsewhere.map((r, i) => (
              <span key={`${r.fiscal_year}-${r.unit}`}>
                {i > 0 && "; "}
                {r.unit_label} in {r.fiscal_year} by {r.gap_text}
              </span>
            ))}
          </p>
        )}
      </section>
  );
}

function BalanceTable({ rows }: { rows: BalanceRowView[] }) {
  const unit = rows[0]?.unit_label ?? "";
  return (
    // A narrow window scrolls the table inside its own box: the Gap column is never cut off.
    <div class="table-scroll" role="region" aria-label={`Balance by fiscal year, in ${unit}`} tabIndex={0}>
    <table class="balance-table">
      <caption class="visually-hidden">Investments, sources and the gap for each fiscal year, in {unit}</caption>
      <thead>
        <tr>
          <th scope="col">Fiscal year</th>
          <th scope="col" class="num">
            Investments
          </th>
          <th scope="col" class="num">
            Sources
          </th>
          <th scope="col" class="num">
            Gap
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.fiscal_year}-${r.unit}`} class={r.balanced ? "balanced" : "gap"} data-year={r.fiscal_year} data-unit={r.unit}>
            <th scope="row">{r.fiscal_year}</th>
            <td class="num">{r.investments_text}</td>
            <td class="num">{r.sources_text}</td>
            <td class="num gap-cell">
              {r.balanced ? (r.gap < 0 ? `${r.gap_text} to spare` : "Balanced") : `${r.gap_text} short`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** A cliff in words: the year, what it leaves uncovered, the money that ends. */
function cliffWords(c: CliffView): string {
  return `${c.fiscal_year}${c.projected ? " (projected)" : ""}: ${c.uncovered_text} a year uncovered when “${c.description}” ends after ${c.last_year}`;
}

/**
 * Investments against sources per year, in one unit, and the funding cliffs in that unit: a
 * year past the ledger that holds a cliff gets a place of its own, without bars.
 */
export function BalanceChart({ rows, cliffs = [] }: { rows: BalanceRowView[]; cliffs?: CliffView[] }) {
  const unit = rows[0]?.unit ?? "usd";
  const data = rows;
  const years = [...new Set([...data.map((r) => r.fiscal_year), ...cliffs.map((c) => c.fiscal_year)])].sort();
  const max = Math.max(1, ...data.flatMap((r) => [r.investments, r.sources]));
  const width = 560;
  const height = cliffs.length > 0 ? 244 : 200;
  // Room above the bars for a cliff's three lines of words.
  const pad = { left: 64, right: 12, top: cliffs.length > 0 ? 64 : 24, bottom: 32 };
  const plotH = height - pad.top - pad.bottom;
  const groupW = (width - pad.left - pad.right) / Math.max(1, years.length);
  const barW = Math.min(40, groupW / 3);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);
  const unitLabel = data[0]?.unit_label ?? unit;
  const summary = [
    ...data.map((r) => `${r.fiscal_year}: investments ${r.investments_text}, sources ${r.sources_text}${r.balanced ? "" : `, short by ${r.gap_text}`}`),
    ...cliffs.map((c) => `funding cliff in ${cliffWords(c)}`),
  ].join("; ");
  const cliffYears = [...new Set(cliffs.map((c) => c.fiscal_year))];
  return (
    <figure class="balance-chart">
      <figcaption id="chart-title">Investments and sources per year ({unitLabel})</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title chart-summary" class="chart">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} class="grid" />
            <text x={pad.left - 8} y={y(t) + 4} class="tick" text-anchor="end">
              {shortAmount(Math.round(t), unit)}
            </text>
          </g>
        ))}
        {years.map((year, i) => {
          const cx = pad.left + groupW * i + groupW / 2;
          const r = data.find((d) => d.fiscal_year === year);
          return (
            <g key={year}>
              {r && <rect x={cx - barW - 2} y={y(r.investments)} width={barW} height={pad.top + plotH - y(r.investments)} class="bar investment" />}
              {r && <rect x={cx + 2} y={y(r.sources)} width={barW} height={pad.top + plotH - y(r.sources)} class="bar source" />}
              {r && !r.balanced && r.gap > 0 && <ShortfallMark x={cx + 2} width={barW} top={y(r.investments)} bottom={y(r.sources)} text={`${shortAmount(r.gap, unit)} short`} />}
              <text x={cx} y={height - pad.bottom + 18} class="tick" text-anchor="middle">
                {r ? year : `${year} (after)`}
              </text>
            </g>
          );
        })}
        {cliffYears.map((year) => {
          const at = cliffs.filter((c) => c.fiscal_year === year);
          const uncovered = at.reduce((sum, c) => sum + c.uncovered, 0);
          const x = pad.left + groupW * years.indexOf(year) + 1;
          return (
            <g key={`cliff-${year}`} class="cliff" data-year={year}>
              <line x1={x} x2={x} y1={6} y2={pad.top + plotH} class="cliff-line" />
              <text x={x + 4} y={16} class="cliff-label">
                Funding ends
              </text>
              {/* Three short lines, so neighbouring years' words never run into each other. */}
              <text x={x + 4} y={30} class="cliff-amount">
                {shortAmount(uncovered, unit)} a year
              </text>
              <text x={x + 4} y={44} class="cliff-amount">
                uncovered
              </text>
            </g>
          );
        })}
      </svg>
      <p id="chart-summary" class="visually-hidden">
        {summary}
      </p>
      <ul class="legend" aria-hidden="true">
        <li>
          <span class="swatch investment" /> Investments
        </li>
        <li>
          <span class="swatch source" /> Sources
        </li>
        {data.some((r) => !r.balanced && r.gap > 0) && (
          <li>
            <span class="swatch shortfall" /> Shortfall
          </li>
        )}
        {cliffs.length > 0 && (
          <li>
            <span class="swatch cliff" /> Funding cliff: one-time money ends
          </li>
        )}
      </ul>
      {cliffs.length > 0 && (
        // Said in words under the chart too, for whoever reads rather than looks.
        <ul class="cliff-notes" aria-label="Funding cliffs">
          {cliffs.map((c) => (
            <li key={`${c.fiscal_year}-${c.description}`}>Funding cliff in {cliffWords(c)}.</li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** The smallest shortfall drawn tall enough to see, in chart units (a $48,400 gap on $4.4M). */
const SHORTFALL_MIN_HEIGHT = 8;

/**
 * What a year is short, stacked on its sources bar up to the investments: hatched, outlined
 * and labelled, and never thinner than can be seen, so a small gap on a tall bar still shows.
 */
function ShortfallMark(props: { x: number; width: number; top: number; bottom: number; text: string }) {
  const height = Math.max(SHORTFALL_MIN_HEIGHT, props.bottom - props.top);
  const top = props.bottom - height;
  return (
    <g class="shortfall">
      <rect x={props.x} y={top} width={props.width} height={height} class="bar shortfall" />
      <text x={props.x + props.width / 2} y={top - 4} class="shortfall-label" text-anchor="middle">
        {props.text}
      </text>
    </g>
  );
}

function LedgerList({ kind, lines }: { kind: "investment" | "source"; lines: read.Item[] }) {
  const run = useCommand();
  const [year, setYear] = useState<string>("all");
  const headingId = `heading-ledger-${kind}`;
  const years = [...new Set(lines.map((l) => read.str(l.map, "fiscal_year") ?? "none"))].sort();
  const shown = year === "all" ? lines : lines.filter((l) => (read.str(l.map, "fiscal_year") ?? "none") === year);
  const add = async () => {
    const fields: Record<string, string> = { kind, unit: "usd" };
    if (year !== "all" && year !== "none") fields.fiscal_year = year;
    const id = await run({ op: "add", to: "ledger", fields, after: null });
    if (id) focusSoon(`ledger/${id}`);
  };
  const title = kind === "investment" ? "Investments" : "Sources: what we stop, shrink or reallocate";
  return (
    <section class="collection ledger-list" aria-labelledby={headingId} data-kind={kind}>
      <div class="collection-header">
        <h2 id={headingId}>
          {title} <span class="count">{lines.length}</span>
        </h2>
        <button type="button" class="primary" onClick={() => void add()}>
          {kind === "investment" ? "Add an investment" : "Add a source"}
        </button>
      </div>
      {years.length > 1 && (
        <fieldset class="unit-switch year-filter">
          <legend class="visually-hidden">Show {title.toLowerCase()} for</legend>
          {["all", ...years].map((y) => (
            <span key={y} class="unit-option">
              <input type="radio" name={`${kind}-year`} id={`${kind}-year-${y}`} checked={y === year} onChange={() => setYear(y)} />
              <label for={`${kind}-year-${y}`}>{y === "all" ? "All years" : y === "none" ? "No year yet" : y}</label>
            </span>
          ))}
        </fieldset>
      )}
      {shown.length === 0 ? (
        <p class="empty-note">None yet.</p>
      ) : (
        <div class="cards ledger-cards">
          {shown.map((l, i) => (
            <ItemCard key={l.id} partName="ledger" item={l} index={i} count={shown.length} {...neighbours(shown, i)}>
              <LedgerLine item={l} />
            </ItemCard>
          ))}
        </div>
      )}
    </section>
  );
}

function LedgerLine({ item }: { item: read.Item }) {
  const terms = useTerms();
  const at = `ledger/${item.id}`;
  const kind = read.str(item.map, "kind");
  const linked = read.keys(item.map, "tactics").length;
  // The folded part is drawn only when opened: a ledger of a thousand lines stays light.
  const [open, setOpen] = useState(false);
  return (
    <div class="fields">
      <div class="ledger-row">
        <TextField at={at} map={item.map} name="description" label="What it is" className="ledger-description" />
        <AmountField at={at} map={item.map} />
        <ChoiceField at={at} map={item.map} name="unit" label="Unit" vocabulary="unit" />
        <FiscalYearField at={at} map={item.map} name="fiscal_year" label="Fiscal year" />
      </div>
      <details class="line-details" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          Fund, status and {linked === 1 ? `1 linked ${terms.singular("tactics").toLowerCase()}` : `${linked} linked ${terms.plural("tactics").toLowerCase()}`}
        </summary>
        {open && (
        <div class="fields">
          <div class="field-grid">
            <ChoiceField at={at} map={item.map} name="kind" label="Investment or source" vocabulary="line_kind" />
            {kind === "source" && <ChoiceField at={at} map={item.map} name="source_kind" label="How it frees resources" vocabulary="source_kind" />}
            <ChoiceField at={at} map={item.map} name="fund_source" label="Fund" vocabulary="fund_source" />
            <ChoiceField at={at} map={item.map} name="category" label="People, time or money" vocabulary="resource_category" />
            <ChoiceField at={at} map={item.map} name="status" label="Status" vocabulary="line_status" />
            <BoolField at={at} map={item.map} name="one_time" label="One-time money" />
          </div>
          <LinkPicker
            at={at}
            map={item.map}
            name="tactics"
            label={kind === "source" ? `${terms.plural("tactics")} it frees resources for` : `${terms.plural("tactics")} it pays for`}
            to="tactics"
          />
          <TextField at={at} map={item.map} name="stakeholder_impact" label="Who is affected, and how" multiline />
        </div>
        )}
      </details>
    </div>
  );
}

/** The amount in the line's unit: typed as people write money, stored as whole steps. */
function AmountField({ at, map }: { at: string; map: read.ItemMap }) {
  const run = useCommand();
  const unit = read.str(map, "unit") ?? "usd";
  const stored = read.num(map, "amount");
  const id = fieldId(at, "amount");
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = draft ?? (stored === null ? "" : editableAmount(stored, unit));
  const unitWord = vocabulary("unit").find((u) => u.key === unit)?.label ?? unit;
  const commit = () => {
    if (draft === null) return;
    const text = draft;
    if (text.trim() === "") {
      setDraft(null);
      setProblem(null);
      void run(setValue(at, "amount", null));
      return;
    }
    const parsed = parseAmount(text, unit);
    if (!parsed.ok) {
      // What was typed stays in the box beside the reason.
      setProblem(parsed.message);
      return;
    }
    setDraft(null);
    setProblem(null);
    void run(setValue(at, "amount", parsed.steps));
  };
  return (
    <div class="field amount-field">
      <label for={id}>Amount ({unitWord})</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={shown}
        aria-invalid={problem ? "true" : undefined}
        aria-describedby={problem ? `${id}-error` : `${id}-shown`}
        onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            commit();
          }
        }}
      />
      {problem ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          {problem}
        </p>
      ) : (
        <p class="hint" id={`${id}-shown`}>
          {stored === null ? "Not set" : formatAmount(stored, unit)}
        </p>
      )}
    </div>
  );
}
