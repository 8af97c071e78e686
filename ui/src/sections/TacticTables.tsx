// The tactics as a sortable, filterable table and as a timeline of bars by start and due date
// per strategy; every cell edits the plan as the tactic's card does.
import { memo } from "preact/compat";
import { useState } from "preact/hooks";
import { formatAmount } from "../plan/amounts";
import { usePlan } from "../plan/context";
import {
  barPlace,
  monthTicks,
  nextSort,
  sortRows,
  tacticMatches,
  tacticRows,
  tacticSortValue,
  timelineSpan,
  type SortState,
  type TacticColumn,
  type TacticRow,
} from "../plan/rows";
import { labelOf, part, vocabulary } from "../plan/schema";
import { ChoiceCell, Grid, ShownCell, TextCell, TypedCell, editCellSoon, rowHeaderId, sortSaid, type GridColumn } from "../components/grid";
import { useCommand, useTypedValue } from "../components/fields";
import { useTerms } from "./terms";

/** A stored date as people read it: "Sep 1, 2025". */
export function shownDate(date: string | null): string {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return date ?? "";
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toLocaleDateString("en-US", {
    timeZone: "UTC",
    month: "short",
    day: "numeric",
    year: "numeric",
  });
}

function useTacticRows(): TacticRow[] {
  const { peer } = usePlan();
  const terms = useTerms();
  return tacticRows(peer.doc, {
    tactic: terms.singular("tactics").toLowerCase(),
    strategy: terms.singular("strategies").toLowerCase(),
    member: part("members").noun,
  });
}

/** Adds a tactic (under `strategy`, if any) and opens its name cell for typing. */
function useAddTactic(): (strategy: string | null, after: string | null) => Promise<void> {
  const run = useCommand();
  return async (strategy, after) => {
    const id = await run({ op: "add", to: "tactics", fields: strategy ? { strategy } : {}, after });
    if (id) editCellSoon(`tactics/${id}`, "description");
  };
}

function DateCell(props: { at: string; row: TacticRow; name: "start" | "due"; label: string; labelledBy: string }) {
  const commit = useTypedValue(props.at, props.name);
  const stored = props.row[props.name] ?? "";
  return (
    <TypedCell
      at={props.at}
      map={props.row.item.map}
      name={props.name}
      label={props.label}
      labelledBy={props.labelledBy}
      stored={stored}
      shown={shownDate(props.row[props.name])}
      placeholder="9/1/2026"
      commit={commit}
      className="date-cell"
    />
  );
}

export function TacticsTable() {
  const terms = useTerms();
  const all = useTacticRows();
  const add = useAddTactic();
  const [sort, setSort] = useState<SortState<TacticColumn> | null>(null);
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState("");
  const filtered = all.filter((r) => tacticMatches(r, query) && (status === "" || (r.status ?? "none") === status));
  const rows = sort ? sortRows(filtered, (r) => tacticSortValue(r, sort.key), sort.direction) : filtered;
  const tactic = terms.singular("tactics");
  const plural = terms.plural("tactics");
  const columns: GridColumn<TacticColumn>[] = [
    { key: "name", label: tactic, width: 26 },
    { key: "strategy", label: terms.singular("strategies"), width: 17 },
    { key: "owner", label: "Owner", width: 13 },
    { key: "start", label: "Start", width: 11 },
    { key: "due", label: "Due", width: 11 },
    { key: "status", label: "Status", width: 12 },
    { key: "cost", label: "Cost", numeric: true, width: 10 },
  ];
  return (
    <section class="table-view tactics-table-view" aria-labelledby="tactics-table-title">
      <div class="collection-header">
        <h2 id="tactics-table-title">
          {plural} <span class="count">{all.length}</span>
        </h2>
        <button type="button" class="primary" onClick={() => void add(null, all[all.length - 1]?.id ?? null)}>
          Add {terms.aNoun("tactics")}
        </button>
      </div>
      <div class="table-filters">
        <div class="field">
          <label for="tactics-filter">Find</label>
          <input id="tactics-filter" type="search" value={query} placeholder={`Words from a ${tactic.toLowerCase()}, owner or ${terms.singular("strategies").toLowerCase()}`} onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="tactics-status-filter">Status</label>
          <select id="tactics-status-filter" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">Any status</option>
            {vocabulary("tactic_status").map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
            <option value="none">No status yet</option>
          </select>
        </div>
        <p class="table-count" role="status">
          {rows.length === all.length ? `${all.length} ${plural.toLowerCase()}` : `Showing ${rows.length} of ${all.length} ${plural.toLowerCase()}`}
          {sort ? `. ${sortSaid(columns, sort)}` : ""}
        </p>
      </div>
      <p class="hint table-keys">Arrow keys move between cells; Enter or typing edits a cell, Escape leaves it.</p>
      <Grid id="tactics-table" caption={`${plural}: ${terms.singular("strategies").toLowerCase()}, owner, dates, status and cost`} columns={columns} sort={sort} onSort={(k) => setSort(nextSort(sort, k))}>
        {rows.map((r) => (
          <TacticLine key={r.id} row={r} tactic={tactic} strategy={terms.singular("strategies")} />
        ))}
      </Grid>
    </section>
  );
}

const head = (k: TacticColumn) => `tactics-table-${k}`;

/** One row of the tactics table. Redrawn only when its own values change: typing in one cell of
 * a plan of five hundred tactics redraws one row, not all of them (each row's owner and strategy
 * cells list the team and the strategies). */
const TacticLine = memo(
  function TacticLine({ row: r, tactic, strategy }: { row: TacticRow; tactic: string; strategy: string }) {
    const at = `tactics/${r.id}`;
    const by = (k: TacticColumn) => `${head(k)} ${rowHeaderId(at, "description")}`;
    return (
      <tr data-path={at}>
        <TextCell at={at} map={r.item.map} name="description" label={tactic} labelledBy={head("name")} rowHeader />
        <ChoiceCell at={at} map={r.item.map} name="strategy" label={`${strategy} of ${r.name}`} labelledBy={by("strategy")} to="strategies" noneLabel="Not placed yet" />
        <ChoiceCell
          at={at}
          map={r.item.map}
          name="owner"
          label={`Owner of ${r.name}`}
          labelledBy={by("owner")}
          to="members"
          noneLabel="Nobody yet"
          fallback={r.owner ? `${r.owner} (outside the team)` : ""}
        />
        <DateCell at={at} row={r} name="start" label={`Start of ${r.name}`} labelledBy={by("start")} />
        <DateCell at={at} row={r} name="due" label={`Due date of ${r.name}`} labelledBy={by("due")} />
        <ChoiceCell at={at} map={r.item.map} name="status" label={`Status of ${r.name}`} labelledBy={by("status")} vocabulary="tactic_status" noneLabel="No status yet" className="status-cell" />
        <ShownCell id={`tactics-table-cost-${r.id}`} className="num">
          {r.cost === null ? <span class="cell-blank">None linked</span> : formatAmount(r.cost, "usd")}
        </ShownCell>
      </tr>
    );
  },
  (a, b) => a.tactic === b.tactic && a.strategy === b.strategy && sameTactic(a.row, b.row),
);

function sameTactic(a: TacticRow, b: TacticRow): boolean {
  return (
    a.id === b.id &&
    a.item.map === b.item.map &&
    a.description === b.description &&
    a.strategyId === b.strategyId &&
    a.strategy === b.strategy &&
    a.ownerId === b.ownerId &&
    a.owner === b.owner &&
    a.start === b.start &&
    a.due === b.due &&
    a.status === b.status &&
    a.cost === b.cost
  );
}

type TimelineColumn = "name" | "owner" | "status" | "when";

/** Tactics as bars from start to due, grouped under their strategies, with owner and status. */
export function TacticsTimeline() {
  const terms = useTerms();
  const all = useTacticRows();
  const add = useAddTactic();
  const span = timelineSpan(all);
  const strategies = sortRows(
    [...new Map(all.map((r) => [r.strategyId ?? "", { id: r.strategyId, title: r.strategy, rank: r.strategyRank }])).values()],
    (s) => s.rank,
    "ascending",
  );
  const byStart = (rows: TacticRow[]) => sortRows(rows, (r) => r.start ?? r.due, "ascending");
  const tactic = terms.singular("tactics");
  const columns: GridColumn<TimelineColumn>[] = [
    { key: "name", label: tactic, unsorted: true, width: 26 },
    { key: "owner", label: "Owner", unsorted: true, width: 15 },
    { key: "status", label: "Status", unsorted: true, width: 13 },
    {
      key: "when",
      label: "From start to due date",
      unsorted: true,
      // Room for five month labels side by side at 1024 px.
      width: 46,
      extra: span && (
        <span class="timeline-scale" aria-hidden="true">
          {monthTicks(span, 5).map((m) => (
            <span key={m} style={{ left: `${barPlace({ start: m, due: m }, span)?.left ?? 0}%` }}>
              {shownDate(m).replace(/ \d+,/, "")}
            </span>
          ))}
        </span>
      ),
    },
  ];
  const head = (k: TimelineColumn) => `tactics-timeline-${k}`;
  return (
    <section class="table-view tactics-timeline-view" aria-labelledby="tactics-timeline-title">
      <div class="collection-header">
        <h2 id="tactics-timeline-title">
          Timeline <span class="count">{all.length}</span>
        </h2>
        <button type="button" class="primary" onClick={() => void add(null, all[all.length - 1]?.id ?? null)}>
          Add {terms.aNoun("tactics")}
        </button>
      </div>
      {span === null ? (
        <p class="empty-note">Bars appear once {terms.plural("tactics").toLowerCase()} have start or due dates.</p>
      ) : (
        <p class="hint">
          From {shownDate(span.from)} to {shownDate(span.to)}. Dates are edited in the table, or on each {terms.singular("tactics").toLowerCase()}'s card.
        </p>
      )}
      <Grid id="tactics-timeline" caption={`${terms.plural("tactics")} by ${terms.singular("strategies").toLowerCase()}, from start to due date`} columns={columns} sort={null} onSort={() => undefined} className="timeline">
        {strategies.flatMap((s) => {
          const rows = byStart(all.filter((r) => (r.strategyId ?? "") === (s.id ?? "")));
          const heading = s.id ? s.title || `Untitled ${terms.singular("strategies").toLowerCase()}` : `Not under a ${terms.singular("strategies").toLowerCase()} yet`;
          return [
            <tr key={`group-${s.id ?? ""}`} class="timeline-group">
              <th scope="rowgroup" colSpan={columns.length}>
                {s.id && <span class="item-kicker">{terms.singular("strategies")}</span>}
                {heading} <span class="count">{rows.length}</span>
              </th>
            </tr>,
            ...rows.map((r) => {
              const at = `tactics/${r.id}`;
              const by = (k: TimelineColumn) => `${head(k)} ${rowHeaderId(at, "description")}`;
              const place = span ? barPlace(r, span) : null;
              return (
                <tr key={r.id} data-path={at}>
                  <TextCell at={at} map={r.item.map} name="description" label={tactic} labelledBy={head("name")} rowHeader />
                  <ChoiceCell at={at} map={r.item.map} name="owner" label={`Owner of ${r.name}`} labelledBy={by("owner")} to="members" noneLabel="Nobody yet" fallback={r.owner ? `${r.owner} (outside the team)` : ""} />
                  <ChoiceCell at={at} map={r.item.map} name="status" label={`Status of ${r.name}`} labelledBy={by("status")} vocabulary="tactic_status" noneLabel="No status yet" className="status-cell" />
                  <ShownCell id={`tactics-timeline-when-${r.id}`} className="bar-cell">
                    {place ? (
                      <span
                        class={`timeline-bar status-${r.status ?? "none"} ${place.width < 0.5 ? "point" : ""}`}
                        style={{ left: `${place.left}%`, width: `${Math.max(place.width, 0.5)}%` }}
                        title={`${shownDate(r.start)} – ${shownDate(r.due)}`}
                      >
                        <span class="visually-hidden">
                          {r.start && r.due ? `${shownDate(r.start)} to ${shownDate(r.due)}` : r.due ? `due ${shownDate(r.due)}` : `from ${shownDate(r.start)}`}
                          {r.status ? `, ${labelOf("tactic_status", r.status)}` : ""}
                        </span>
                      </span>
                    ) : (
                      <span class="cell-blank">No dates yet</span>
                    )}
                  </ShownCell>
                </tr>
              );
            }),
          ];
        })}
      </Grid>
    </section>
  );
}
