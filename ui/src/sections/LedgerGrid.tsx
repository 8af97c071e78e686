// The ledger as a spreadsheet: one row a line, edited in its cells, sorted and filtered, with
// the totals by fiscal year, unit and fund under it. Cells change the plan as the cards do.
import { memo } from "preact/compat";
import { useState } from "preact/hooks";
import { editableAmount, formatAmount, parseAmount } from "../plan/amounts";
import { usePlan } from "../plan/context";
import { ledgerMatches, ledgerRows, ledgerSortValue, ledgerTotals, nextSort, sortRows, type LedgerColumn, type LedgerRow, type SortState } from "../plan/rows";
import { labelOf } from "../plan/schema";
import { ChoiceCell, Grid, TextCell, TypedCell, editCellSoon, rowHeaderId, sortSaid, type GridColumn } from "../components/grid";
import { setValue, useCommand, useTypedValue } from "../components/fields";

const COLUMNS: GridColumn<LedgerColumn>[] = [
  { key: "description", label: "What it is", width: 25 },
  { key: "kind", label: "Investment or source", width: 13 },
  { key: "amount", label: "Amount", numeric: true, width: 16 },
  { key: "unit", label: "Unit", width: 10 },
  { key: "fiscal_year", label: "Fiscal year", width: 10 },
  { key: "fund", label: "Fund", width: 14 },
  { key: "status", label: "Status", width: 12 },
];
const head = (k: LedgerColumn) => `ledger-grid-${k}`;

/** The amount as typed in its unit, stored in the unit's steps, refused with the reason. */
function AmountCell({ at, row, labelledBy }: { at: string; row: LedgerRow; labelledBy: string }) {
  const { peer } = usePlan();
  const commit = async (text: string): Promise<string | null> => {
    let value: number | null = null;
    if (text.trim() !== "") {
      const parsed = parseAmount(text, row.unit);
      if (!parsed.ok) return parsed.message;
      value = parsed.steps;
    }
    try {
      await peer.command(setValue(at, "amount", value));
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  return (
    <TypedCell
      at={at}
      map={row.item.map}
      name="amount"
      label={`Amount of ${row.description || "this line"}`}
      labelledBy={labelledBy}
      stored={row.amount === null ? "" : editableAmount(row.amount, row.unit)}
      shown={row.amount === null ? "" : formatAmount(row.amount, row.unit)}
      commit={commit}
      className="num"
    />
  );
}

function FiscalYearCell({ at, row, labelledBy }: { at: string; row: LedgerRow; labelledBy: string }) {
  const commit = useTypedValue(at, "fiscal_year");
  return (
    <TypedCell
      at={at}
      map={row.item.map}
      name="fiscal_year"
      label={`Fiscal year of ${row.description || "this line"}`}
      labelledBy={labelledBy}
      stored={row.fiscalYear ?? ""}
      shown={row.fiscalYear ?? ""}
      placeholder="2026-27"
      commit={commit}
    />
  );
}

export function LedgerGrid() {
  const { peer } = usePlan();
  const run = useCommand();
  const all = ledgerRows(peer.doc);
  const [sort, setSort] = useState<SortState<LedgerColumn> | null>(null);
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState("");
  const [year, setYear] = useState("");
  const years = [...new Set(all.map((r) => r.fiscalYear ?? "none"))].sort();
  const filtered = all.filter((r) => ledgerMatches(r, query) && (kind === "" || r.kind === kind) && (year === "" || (r.fiscalYear ?? "none") === year));
  const rows = sort ? sortRows(filtered, (r) => ledgerSortValue(r, sort.key), sort.direction) : filtered;
  const add = async (k: "investment" | "source") => {
    const fields: Record<string, string> = { kind: k, unit: "usd" };
    if (year !== "" && year !== "none") fields.fiscal_year = year;
    const id = await run({ op: "add", to: "ledger", fields, after: null });
    if (!id) return;
    // The new line must be in the rows shown to be typed in.
    setQuery("");
    if (kind !== "" && kind !== k) setKind("");
    editCellSoon(`ledger/${id}`, "description");
  };
  return (
    <>
      <section class="table-view ledger-grid-view" aria-labelledby="ledger-grid-title">
        <div class="collection-header">
          <h2 id="ledger-grid-title">
            Ledger lines <span class="count">{all.length}</span>
          </h2>
          <div class="header-actions">
            <button type="button" class="primary" onClick={() => void add("investment")}>
              Add an investment
            </button>
            <button type="button" class="secondary" onClick={() => void add("source")}>
              Add a source
            </button>
          </div>
        </div>
        <div class="table-filters">
          <div class="field">
            <label for="ledger-filter">Find</label>
            <input id="ledger-filter" type="search" value={query} placeholder="Words from a line, a fund or a status" onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="ledger-kind-filter">Lines</label>
            <select id="ledger-kind-filter" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">Investments and sources</option>
              <option value="investment">Investments</option>
              <option value="source">Sources</option>
            </select>
          </div>
          <div class="field">
            <label for="ledger-year-filter">Fiscal year</label>
            <select id="ledger-year-filter" value={year} onChange={(e) => setYear((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">All years</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y === "none" ? "No year yet" : y}
                </option>
              ))}
            </select>
          </div>
          <p class="table-count" role="status">
            {rows.length === all.length ? `${all.length} lines` : `Showing ${rows.length} of ${all.length} lines`}
            {sort ? `. ${sortSaid(COLUMNS, sort)}` : ""}
          </p>
        </div>
        <p class="hint table-keys">Arrow keys move between cells; Enter or typing edits a cell, Escape leaves it. Fund, links and who is affected are on each line's card.</p>
        <Grid id="ledger-grid" caption="Ledger lines: amount, unit, fiscal year, fund and status" columns={COLUMNS} sort={sort} onSort={(k) => setSort(nextSort(sort, k))}>
          {rows.map((r) => (
            <LedgerLine key={r.id} row={r} />
          ))}
        </Grid>
      </section>
      <LedgerTotals rows={all} />
    </>
  );
}

/** One line of the spreadsheet. Redrawn only when its own values change: a plan of a thousand
 * lines redraws one row, not all of them, when someone types in a cell. */
const LedgerLine = memo(
  function LedgerLine({ row: r }: { row: LedgerRow }) {
    const at = `ledger/${r.id}`;
    const name = r.description || "this line";
    const by = (k: LedgerColumn) => `${head(k)} ${rowHeaderId(at, "description")}`;
    return (
      <tr data-path={at} class={`line-${r.kind}`}>
        <TextCell at={at} map={r.item.map} name="description" label="What it is" labelledBy={head("description")} rowHeader />
        <ChoiceCell at={at} map={r.item.map} name="kind" label={`Investment or source: ${name}`} labelledBy={by("kind")} vocabulary="line_kind" noneLabel="Investment" />
        <AmountCell at={at} row={r} labelledBy={by("amount")} />
        <ChoiceCell at={at} map={r.item.map} name="unit" label={`Unit of ${name}`} labelledBy={by("unit")} vocabulary="unit" noneLabel="US dollars" />
        <FiscalYearCell at={at} row={r} labelledBy={by("fiscal_year")} />
        <ChoiceCell at={at} map={r.item.map} name="fund_source" label={`Fund of ${name}`} labelledBy={by("fund")} vocabulary="fund_source" noneLabel="No fund named" />
        <ChoiceCell at={at} map={r.item.map} name="status" label={`Status of ${name}`} labelledBy={by("status")} vocabulary="line_status" noneLabel="No status yet" />
      </tr>
    );
  },
  (a, b) => sameLine(a.row, b.row),
);

function sameLine(a: LedgerRow, b: LedgerRow): boolean {
  return (
    a.id === b.id &&
    a.item.map === b.item.map &&
    a.kind === b.kind &&
    a.description === b.description &&
    a.amount === b.amount &&
    a.unit === b.unit &&
    a.fiscalYear === b.fiscalYear &&
    a.fund === b.fund &&
    a.status === b.status
  );
}

/** Totals by fiscal year and unit, each followed by its funds; a short year says by how much. */
function LedgerTotals({ rows }: { rows: LedgerRow[] }) {
  const totals = ledgerTotals(rows);
  if (totals.length === 0) return null;
  return (
    <section class="ledger-totals" aria-labelledby="ledger-totals-title">
      <h2 id="ledger-totals-title">Totals by fiscal year, unit and fund</h2>
      <div class="table-scroll" role="region" aria-label="The totals table (scrolls sideways in a narrow window)" tabIndex={0}>
        <table class="totals-table">
          <thead>
            <tr>
              <th scope="col">Fiscal year</th>
              <th scope="col">Unit</th>
              <th scope="col">Fund</th>
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
            {totals.map((t) => {
              const whole = t.fund === null;
              return (
                <tr key={`${t.fiscalYear}-${t.unit}-${t.fund ?? "*"}`} class={whole ? `year-total ${t.gap > 0 ? "gap" : ""}` : "fund-total"} data-year={t.fiscalYear} data-unit={t.unit} data-fund={t.fund ?? ""}>
                  <th scope="row">{whole ? t.fiscalYear : <span class="visually-hidden">{t.fiscalYear}</span>}</th>
                  <td>{labelOf("unit", t.unit)}</td>
                  <td>{whole ? <strong>All funds</strong> : t.fund ? labelOf("fund_source", t.fund) : "No fund named"}</td>
                  <td class="num">{t.investmentsText}</td>
                  <td class="num">{t.sourcesText}</td>
                  <td class="num">{whole ? (t.gap > 0 ? `${t.gapText} short` : t.gap < 0 ? `${t.gapText} to spare` : "Balanced") : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
