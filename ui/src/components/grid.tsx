// A long list as a spreadsheet-style table: sortable headers, arrow keys between cells, Enter or
// typing to edit a cell in place, and each cell changing the plan exactly as the card's field
// does (prose through its Y.Text in the same editor, everything else through the same command).
import { toChildArray, type ComponentChild, type ComponentChildren, type VNode } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { fieldId, placeId, usePlan } from "../plan/context";
import * as read from "../plan/read";
import type { SortState } from "../plan/rows";
import { vocabulary } from "../plan/schema";
import { setValue, useCommand } from "./fields";
import { revealInPane, scrollingPane } from "./focus";
import { TextEditor, focusAtEnd } from "./TextEditor";

export interface GridColumn<K extends string> {
  key: K;
  label: string;
  numeric?: boolean;
  /** Not a column to sort by (a timeline's bars). */
  unsorted?: boolean;
  /** Drawn in the header after the label (a timeline's month scale). */
  extra?: ComponentChildren;
  /** The column's share of the table's width (a percentage) when a long table is drawn in
   * part; a shorter table sizes its columns to what they hold. */
  width: number;
}

/** Up to this many rows a table draws them all; beyond, only those near the screen. */
const DRAW_ALL_UP_TO = 200;
/** Rows drawn beyond each edge of the screen, so scrolling and the arrow keys find rows there. */
const OVERSCAN = 25;
/** A row's height until rows drawn say otherwise (one line of text and its padding). */
const FIRST_ROW_HEIGHT = 34;

/** The rows of a long table to draw: those on screen and a margin each side. */
interface RowWindow {
  first: number;
  last: number;
}

/** The row (by its key) that the next edit is for: a long table draws it before anything else. */
let pendingRow: string | null = null;

/** The rows of a table's body that are drawn, in order: its spacer rows left out. */
function drawnRowsOf(table: HTMLTableElement | null): HTMLTableRowElement[] {
  return [...(table?.tBodies[0]?.rows ?? [])].filter((r) => !r.classList.contains("grid-spacer"));
}

const rowKey = (row: ComponentChild): string | null => {
  const key = (row as VNode | null)?.key as unknown;
  return typeof key === "string" || typeof key === "number" ? String(key) : null;
};

/**
 * A table whose cells are one tab stop (the last one used): arrows, Home/End, Page Up/Down and
 * Ctrl+Home/End move between cells; each cell edits itself on Enter, F2 or a typed character.
 *
 * A long table (a plan of five hundred tactics or a thousand ledger lines) draws only the rows
 * near the screen, between two empty rows as tall as the rows they stand for: a page of a
 * thousand rows costs every keystroke in every cell a layout and a paint of all of them. The
 * row with the cursor is always drawn, the keys reach rows not drawn yet, the table tells
 * screen readers its full size (aria-rowcount, aria-rowindex), and the filter finds any row.
 * Written here because the windowing libraries for Preact draw <div>s, not a table's rows with
 * its headers and keys.
 */
export function Grid<K extends string>(props: {
  id: string;
  caption: string;
  columns: GridColumn<K>[];
  sort: SortState<K> | null;
  onSort(key: K): void;
  className?: string;
  /** Every row, each with a key (the item's id). */
  children: ComponentChildren;
}) {
  const table = useRef<HTMLTableElement>(null);
  const rows = toChildArray(props.children);
  const count = rows.length;
  const keys = rows.map(rowKey);
  const windowed = count > DRAW_ALL_UP_TO;
  const [shown, setShown] = useState<RowWindow>({ first: 0, last: Math.min(count, 2 * OVERSCAN) });
  const rowHeight = useRef(FIRST_ROW_HEIGHT);
  /** The key of the row holding the cursor: drawn wherever the window is. */
  const focusedRow = useRef<string | null>(null);
  /** A row the keys moved to before it was drawn, and the column: focused once drawn. */
  const pendingFocus = useRef<{ index: number; column: number; step: number } | null>(null);

  /** A row to bring on screen once drawn (one an Add is about to edit). */
  const toReveal = useRef<number | null>(null);
  // A row that an Add is about to edit is drawn and brought on screen first.
  if (windowed && pendingRow !== null) {
    const i = keys.indexOf(pendingRow);
    if (i >= 0) {
      pendingRow = null;
      toReveal.current = i;
      if (i < shown.first || i >= shown.last) setShown(around(i, count));
    }
  }

  // Which rows to draw: the window, and the cursor's row wherever it is.
  const drawn: number[] = [];
  if (windowed) {
    const first = Math.min(shown.first, count);
    const last = Math.min(shown.last, count);
    const held = focusedRow.current === null ? -1 : keys.indexOf(focusedRow.current);
    if (held >= 0 && held < first) drawn.push(held);
    for (let i = first; i < last; i++) drawn.push(i);
    if (held >= last) drawn.push(held);
  } else {
    for (let i = 0; i < count; i++) drawn.push(i);
  }

  useEffect(() => {
    if (!windowed || !table.current) return;
    const el = table.current;
    let frame = 0;
    const follow = () => {
      frame = 0;
      // From outside the table's own box, which scrolls only sideways; asked again each time,
      // since which box scrolls depends on the window's size.
      const pane = scrollingPane(el.parentElement ?? el);
      const body = el.tBodies[0];
      if (!body) return;
      // The spacers' heights follow the rows as drawn (measured after a frame is on screen,
      // never before the first).
      const drawnRows = drawnRowsOf(el);
      if (drawnRows.length > 0) {
        // Each row's own height (the row with the cursor may be drawn apart from the others).
        const h = drawnRows.reduce((sum, r) => sum + r.getBoundingClientRect().height, 0) / drawnRows.length;
        if (h > 0 && Math.abs(h - rowHeight.current) > rowHeight.current * 0.2) rowHeight.current = Math.min(h, 10 * FIRST_ROW_HEIGHT);
      }
      const top = body.getBoundingClientRect().top;
      const view = pane ? pane.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
      const h = rowHeight.current;
      const from = Math.floor((view.top - top) / h);
      const to = Math.ceil((view.bottom - top) / h);
      setShown((w) => {
        // Redrawn only when the screen nears an edge of what is drawn.
        const near = (from - OVERSCAN / 2 < w.first && w.first > 0) || (to + OVERSCAN / 2 > w.last && w.last < count);
        if (!near && w.last <= count) return w;
        return { first: Math.max(0, from - OVERSCAN), last: Math.min(count, Math.max(0, to) + OVERSCAN) };
      });
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(follow);
    };
    // Scroll events do not bubble: caught on their way down, from whichever box scrolled.
    document.addEventListener("scroll", onScroll, { capture: true, passive: true });
    window.addEventListener("resize", onScroll);
    onScroll();
    return () => {
      document.removeEventListener("scroll", onScroll, { capture: true });
      window.removeEventListener("resize", onScroll);
      cancelAnimationFrame(frame);
    };
  }, [windowed, count]);

  useLayoutEffect(() => {
    const t = table.current;
    if (!t) return;
    const bodyRows = drawnRowsOf(t);
    if (windowed) {
      // Rows say where they stand in the whole table, for screen readers and for the keys.
      bodyRows.forEach((r, i) => r.setAttribute("aria-rowindex", String((drawn[i] ?? 0) + 2)));
    }
    // One cell in the tab order: the one last focused, else the first.
    if (!t.querySelector("tbody [data-cell][tabindex='0']")) t.querySelector<HTMLElement>("tbody [data-cell]")?.setAttribute("tabindex", "0");
    // On screen, so that following the screen keeps it drawn until its cell takes the cursor.
    const reveal = toReveal.current === null ? -1 : drawn.indexOf(toReveal.current);
    const revealed = bodyRows[reveal];
    if (revealed) {
      toReveal.current = null;
      revealInPane(revealed);
    }
    // The keys moved to a row that is drawn now: the cursor goes there.
    const wanted = pendingFocus.current;
    if (wanted) {
      let index = wanted.index;
      for (;;) {
        const at = drawn.indexOf(index);
        if (at < 0) return;
        const cell = bodyRows[at]?.cells[wanted.column];
        if (cell?.matches("[data-cell]")) {
          pendingFocus.current = null;
          revealInPane(cell);
          cell.focus({ preventScroll: true });
          return;
        }
        // A group's heading row (a strategy on the timeline) is passed over.
        index += wanted.step;
        if (index < 0 || index >= count) {
          pendingFocus.current = null;
          return;
        }
      }
    }
  });

  const indexOfRow = (row: HTMLTableRowElement): number => {
    return drawn[drawnRowsOf(table.current).indexOf(row)] ?? -1;
  };
  /** Puts the cursor in `column` of row `index` (drawing it first if need be), passing over
   * rows without such a cell in the direction `step`. */
  const focusRow = (index: number, column: number, step: number) => {
    pendingFocus.current = { index, column, step };
    if (windowed && (index < shown.first || index >= shown.last)) setShown(around(index, count));
    else setShown((w) => ({ ...w }));
  };

  const onFocusIn = (e: FocusEvent) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>("[data-cell]");
    if (!cell || !table.current) return;
    const index = indexOfRow(cell.parentElement as HTMLTableRowElement);
    if (index >= 0) focusedRow.current = keys[index] ?? null;
    for (const c of table.current.querySelectorAll<HTMLElement>("tbody [data-cell][tabindex='0']")) if (c !== cell) c.setAttribute("tabindex", "-1");
    cell.setAttribute("tabindex", "0");
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const cell = e.target as HTMLElement;
    if (!cell.matches("[data-cell]") || !table.current) return;
    const row = cell.parentElement as HTMLTableRowElement;
    const r = indexOfRow(row);
    if (r < 0) return;
    const c = [...row.cells].indexOf(cell as HTMLTableCellElement);
    let to: [number, number];
    const last = count - 1;
    switch (e.key) {
      case "ArrowUp":
        if (r === 0) {
          // Up from the first row reaches the column's sort button.
          const header = table.current.tHead?.rows[0]?.cells[c]?.querySelector("button");
          if (header) {
            e.preventDefault();
            header.focus();
          }
          return;
        }
        to = [r - 1, c];
        break;
      case "ArrowDown":
        to = [Math.min(last, r + 1), c];
        break;
      case "ArrowLeft":
        to = [r, Math.max(0, c - 1)];
        break;
      case "ArrowRight":
        to = [r, Math.min(row.cells.length - 1, c + 1)];
        break;
      case "Home":
        to = e.ctrlKey ? [0, 0] : [r, 0];
        break;
      case "End":
        to = e.ctrlKey ? [last, props.columns.length - 1] : [r, row.cells.length - 1];
        break;
      case "PageUp":
        to = [Math.max(0, r - 10), c];
        break;
      case "PageDown":
        to = [Math.min(last, r + 10), c];
        break;
      default:
        return;
    }
    e.preventDefault();
    if (to[0] === r) {
      const target = row.cells[to[1]];
      if (target?.matches("[data-cell]")) {
        revealInPane(target);
        target.focus({ preventScroll: true });
      }
      return;
    }
    focusRow(to[0], to[1], to[0] < r ? -1 : 1);
  };
  const onHeaderKeyDown = (e: KeyboardEvent, index: number) => {
    if (e.key !== "ArrowDown" || count === 0) return;
    e.preventDefault();
    focusRow(0, index, 1);
  };

  // The rows drawn, with an empty row standing for each run of rows not drawn.
  const body: ComponentChildren[] = [];
  const h = rowHeight.current;
  let next = 0;
  for (const i of drawn) {
    if (i > next) body.push(<Spacer key={`gap-${next}`} rows={i - next} height={h} columns={props.columns.length} />);
    body.push(rows[i]);
    next = i + 1;
  }
  if (count > next) body.push(<Spacer key={`gap-${next}`} rows={count - next} height={h} columns={props.columns.length} />);

  return (
    // A narrow window scrolls the table sideways in its own box; nothing is cut off.
    <div class="table-scroll grid-scroll">
      <table
        ref={table}
        id={props.id}
        role="grid"
        class={`grid ${windowed ? "windowed" : ""} ${props.className ?? ""}`}
        aria-rowcount={windowed ? count + 1 : undefined}
        onFocusIn={onFocusIn}
        onKeyDown={onKeyDown}
      >
        <caption>{props.caption}</caption>
        {/* Drawn in part, the table keeps its columns' widths whatever rows are drawn. */}
        {windowed && (
          <colgroup>
            {props.columns.map((col) => (
              <col key={col.key} style={{ width: `${col.width}%` }} />
            ))}
          </colgroup>
        )}
        <thead>
          <tr aria-rowindex={windowed ? 1 : undefined}>
            {props.columns.map((col, i) => {
              const sorted = props.sort?.key === col.key ? props.sort.direction : undefined;
              return (
                <th key={col.key} id={`${props.id}-${col.key}`} scope="col" class={col.numeric ? "num" : undefined} aria-sort={col.unsorted ? undefined : (sorted ?? "none")}>
                  {col.unsorted ? (
                    <>
                      {col.label}
                      {col.extra}
                    </>
                  ) : (
                    <button type="button" class="sort-button" onClick={() => props.onSort(col.key)} onKeyDown={(e) => onHeaderKeyDown(e, i)}>
                      {col.label}
                      <span class="sort-mark" aria-hidden="true">
                        {sorted === "ascending" ? "▲" : sorted === "descending" ? "▼" : "↕"}
                      </span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}

/** The window of rows centred on row `index`. */
function around(index: number, count: number): RowWindow {
  return { first: Math.max(0, index - 2 * OVERSCAN), last: Math.min(count, index + 2 * OVERSCAN) };
}

/** Stands for `rows` rows not drawn: as tall as they would be, empty, hidden from screen readers. */
function Spacer({ rows, height, columns }: { rows: number; height: number; columns: number }) {
  return (
    <tr class="grid-spacer" aria-hidden="true">
      <td colSpan={columns} style={{ height: `${Math.round(rows * height)}px` }} />
    </tr>
  );
}

/** The words a screen reader hears for the sort, spoken once when it changes. */
export function sortSaid(columns: GridColumn<string>[], sort: SortState<string> | null): string {
  if (!sort) return "";
  const label = columns.find((c) => c.key === sort.key)?.label ?? sort.key;
  return `Sorted by ${label.toLowerCase()}, ${sort.direction}`;
}

/** The cell that a new row's first field is edited in once drawn (after an Add). */
let pendingEdit: string | null = null;

/** Opens the cell of `field` in the row of `path` for typing as soon as it is drawn. */
export function editCellSoon(path: string, field: string): void {
  pendingEdit = fieldId(path, field);
  // A long table draws only the rows near the screen: this one must be drawn to be edited.
  pendingRow = path.split("/").pop() ?? null;
}

interface CellProps {
  at: string;
  map: read.ItemMap;
  name: string;
  /** Ids of the column header and the row's name cell, which label the cell's editor. */
  labelledBy: string;
  /** Words for the editor where an id cannot say it (a select's own label). */
  label: string;
  /** A row's name cell is its row header. */
  rowHeader?: boolean;
  className?: string;
}

type Editing = { typed?: string } | null;
/** Where the cursor goes when editing ends: back to the cell (none), on along the row, or
 * nowhere because the person already put it elsewhere. */
type Move = "next" | "previous" | "away";

/**
 * One editable cell: what the plan holds, and on Enter, F2 or a typed character the editor.
 * Escape or Enter ends editing and gives the cursor back to the cell; Tab ends it and moves on.
 */
function Cell(props: {
  id: string;
  rowHeader?: boolean | undefined;
  className?: string | undefined;
  /** Typing a character starts editing with that character (text), or just starts editing. */
  takesTyping: boolean;
  editing: Editing;
  setEditing(e: Editing): void;
  shown: ComponentChildren;
  editor: (done: (move?: Move) => void) => ComponentChildren;
  /** The editor commits on Tab itself (a typed value), rather than the cell moving on. */
  commitsOnTab?: boolean;
  /** Told of characters typed on the cell after editing began but before its editor took the cursor. */
  early?: (key: string) => void;
  /** Escape pressed while editing: what the plan holds comes back. */
  onEscape?: () => void;
}) {
  const ref = useRef<HTMLTableCellElement>(null);
  const returning = useRef(false);
  // Before the next key arrives: a key typed just after Enter belongs to this cell, not the page.
  useLayoutEffect(() => {
    if (props.editing || !returning.current) return;
    returning.current = false;
    ref.current?.focus({ preventScroll: true });
  }, [props.editing]);
  const done = (move?: Move) => {
    const cell = ref.current;
    props.setEditing(null);
    // The person clicked elsewhere: the cursor stays where they put it.
    if (move === "away") return;
    if (!move) {
      returning.current = true;
      return;
    }
    const row = cell?.parentElement as HTMLTableRowElement | undefined;
    const cells = row ? [...row.cells] : [];
    const i = cell ? cells.indexOf(cell) : -1;
    const next = cells[move === "next" ? i + 1 : i - 1];
    if (next?.matches("[data-cell]")) next.focus();
    else returning.current = true;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== ref.current) return;
    const printable = e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
    if (props.editing) {
      // Typed while the editor is being made: kept for it, not lost.
      if (printable && props.early) {
        e.preventDefault();
        e.stopPropagation();
        props.early(e.key);
      }
      return;
    }
    if (e.key === "Escape" && props.onEscape) {
      props.onEscape();
    } else if (e.key === "Enter" || e.key === "F2") {
      e.preventDefault();
      e.stopPropagation();
      props.setEditing({});
    } else if (printable && e.key !== " ") {
      e.preventDefault();
      e.stopPropagation();
      props.setEditing(props.takesTyping ? { typed: e.key } : {});
    }
  };
  const onKeyDownCapture = (e: KeyboardEvent) => {
    if (!props.editing) return;
    if (e.key === "Escape" || (e.key === "Tab" && !props.commitsOnTab)) {
      e.preventDefault();
      e.stopPropagation();
      if (e.key === "Escape") props.onEscape?.();
      done(e.key === "Tab" ? (e.shiftKey ? "previous" : "next") : undefined);
    }
  };
  const Tag = props.rowHeader ? "th" : "td";
  return (
    <Tag
      ref={ref}
      id={props.id}
      scope={props.rowHeader ? "row" : undefined}
      data-cell=""
      tabIndex={-1}
      class={`cell ${props.editing ? "editing" : ""} ${props.className ?? ""}`}
      onKeyDown={onKeyDown}
      onKeyDownCapture={onKeyDownCapture}
      onDblClick={() => !props.editing && props.setEditing({})}
    >
      {props.editing ? props.editor(done) : props.shown}
    </Tag>
  );
}

/** Prose (a tactic's words, a line's description): shown as text, edited in the card's editor. */
export function TextCell(props: CellProps) {
  const run = useCommand();
  const id = fieldId(props.at, props.name);
  const [editing, setEditing] = useState<Editing>(null);
  const early = useRef("");
  useEffect(() => {
    if (pendingEdit !== id) return;
    pendingEdit = null;
    setEditing({});
  });
  const ytext = read.ytext(props.map, props.name);
  const typed = () => {
    const all = (editing?.typed ?? "") + early.current;
    early.current = "";
    return all;
  };
  const shown = read.text(props.map, props.name).replace(/\s+/g, " ").trim();
  return (
    <Cell
      id={`${id}-cell`}
      rowHeader={props.rowHeader}
      className={`text-cell ${props.className ?? ""}`}
      takesTyping
      editing={editing}
      setEditing={(e) => {
        early.current = "";
        setEditing(e);
      }}
      early={(key) => (early.current += key)}
      shown={shown === "" ? <span class="cell-blank">Blank</span> : shown}
      editor={(done) => <TextCellEditor id={id} ytext={ytext} labelledBy={props.labelledBy} typed={typed} done={done} missing={() => void run(setValue(props.at, props.name, ""))} />}
    />
  );
}

function TextCellEditor(props: {
  id: string;
  ytext: import("yjs").Text | null;
  labelledBy: string;
  /** What was typed to open the cell, read once when the editor takes the cursor. */
  typed(): string;
  done(move?: Move): void;
  missing(): void;
}) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The editor is made in its own effect, which may run after this one: look until it is there.
    let tries = 0;
    let frame = 0;
    const take = () => {
      const el = holder.current?.querySelector(".cm-content");
      if (!el) {
        if (tries++ < 30) frame = requestAnimationFrame(take);
        return;
      }
      revealInPane(el as HTMLElement);
      focusAtEnd(el, props.typed());
    };
    take();
    return () => cancelAnimationFrame(frame);
    // Only when the editor first opens: what was typed to open it is typed once.
  }, [props.ytext]);
  return (
    <div
      ref={holder}
      onKeyDownCapture={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          e.stopPropagation();
          props.done();
        }
      }}
      onFocusOut={(e) => {
        if (!holder.current?.contains(e.relatedTarget as Node | null)) props.done("away");
      }}
    >
      <TextEditor ytext={props.ytext} id={props.id} labelledBy={props.labelledBy} onMissing={props.missing} />
    </div>
  );
}

/** One of a closed vocabulary, or an item of another collection (an owner), chosen in a list. */
export function ChoiceCell(props: CellProps & { vocabulary?: string; to?: string; noneLabel: string; fallback?: string }) {
  const run = useCommand();
  const { peer } = usePlan();
  const id = fieldId(props.at, props.name);
  const [editing, setEditing] = useState<Editing>(null);
  const value = read.str(props.map, props.name) ?? "";
  const options = props.to
    ? read.items(peer.doc, props.to).map((o) => ({ key: o.id, label: read.titleOf(props.to ?? "", o.map, props.to ?? "") }))
    : vocabulary(props.vocabulary ?? "");
  const label = options.find((o) => o.key === value)?.label ?? (value === "" ? "" : value);
  return (
    <Cell
      id={`${id}-cell`}
      className={props.className}
      takesTyping={false}
      editing={editing}
      setEditing={setEditing}
      shown={
        label !== "" ? <span class={`choice choice-${value}`}>{label}</span> : props.fallback ? props.fallback : <span class="cell-blank">{props.noneLabel}</span>
      }
      editor={(done) => (
        <select
          id={id}
          aria-label={props.label}
          value={value}
          ref={(el) => {
            // Focused once, when the cell opens; later redraws leave the cursor alone.
            if (el && !el.dataset.opened) {
              el.dataset.opened = "1";
              el.focus();
            }
          }}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            void run(setValue(props.at, props.name, v === "" ? null : v));
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              done();
            }
          }}
          onBlur={(e) => {
            if (!(e.currentTarget as HTMLElement).parentElement?.contains(e.relatedTarget as Node | null)) done("away");
          }}
        >
          <option value="">{props.noneLabel}</option>
          {options.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/**
 * A value typed as people write it (a date, a fiscal year, an amount), committed on Enter, Tab
 * or leaving the cell. The cell closes at once, so the next keys go where the person went; a
 * refused entry comes back into the cell as typed, with the plan's reason beside it, and stays
 * until it is corrected or Escape brings back what the plan holds.
 */
export function TypedCell(props: CellProps & { stored: string; shown: string; commit(text: string): Promise<string | null>; placeholder?: string }) {
  const id = fieldId(props.at, props.name);
  const [editing, setEditing] = useState<Editing>(null);
  const [kept, setKept] = useState<{ text: string; problem: string } | null>(null);
  const errorId = `${id}-error`;
  const submit = (text: string, done: (move?: Move) => void, move?: Move) => {
    done(move);
    if (text === props.stored) {
      setKept(null);
      return;
    }
    void props.commit(text).then((problem) => setKept(problem === null ? null : { text, problem }));
  };
  return (
    <Cell
      id={`${id}-cell`}
      className={`${props.className ?? ""} ${kept ? "invalid" : ""}`}
      takesTyping
      commitsOnTab
      editing={editing}
      setEditing={setEditing}
      onEscape={() => setKept(null)}
      shown={
        kept ? (
          <>
            <span class="kept" aria-describedby={errorId}>
              {kept.text}
            </span>
            <span class="field-error cell-error" id={errorId} role="alert">
              {kept.problem}
            </span>
          </>
        ) : props.shown === "" ? (
          <span class="cell-blank">Not set</span>
        ) : (
          props.shown
        )
      }
      editor={(done) => (
        <TypedCellInput
          id={id}
          label={props.label}
          start={editing?.typed ?? kept?.text ?? props.stored}
          placeholder={props.placeholder}
          problem={kept?.problem ?? null}
          submit={(text, move) => submit(text, done, move)}
        />
      )}
    />
  );
}

function TypedCellInput(props: {
  id: string;
  label: string;
  start: string;
  placeholder: string | undefined;
  problem: string | null;
  submit(text: string, move?: Move): void;
}) {
  const [draft, setDraft] = useState(props.start);
  const input = useRef<HTMLInputElement>(null);
  // Focused as soon as it is in the page, so the next key typed lands in it.
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  // Submitted once: the blur of an input leaving the page must not send it again.
  const closed = useRef(false);
  const finish = (move?: Move) => {
    if (closed.current) return;
    closed.current = true;
    props.submit(draft, move);
  };
  const errorId = `${props.id}-error`;
  return (
    <>
      <input
        ref={input}
        id={props.id}
        type="text"
        aria-label={props.label}
        value={draft}
        placeholder={props.placeholder}
        aria-invalid={props.problem ? "true" : undefined}
        aria-describedby={props.problem ? errorId : undefined}
        onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === "Tab") {
            e.preventDefault();
            e.stopPropagation();
            finish(e.key === "Tab" ? (e.shiftKey ? "previous" : "next") : undefined);
          }
        }}
        onBlur={(e) => {
          if (!(e.currentTarget as HTMLElement).parentElement?.contains(e.relatedTarget as Node | null)) finish("away");
        }}
      />
      {props.problem && (
        <p class="field-error cell-error" id={errorId}>
          {props.problem}
        </p>
      )}
    </>
  );
}

/** A plain value the table shows but does not edit (a tactic's cost, summed from the ledger). */
export function ShownCell(props: { id: string; className?: string; children: ComponentChildren }) {
  return (
    <td id={props.id} data-cell="" tabIndex={-1} class={`cell shown-cell ${props.className ?? ""}`}>
      {props.children}
    </td>
  );
}

/** The DOM id of a row's name cell (its row header), which labels the row's other editors. */
export function rowHeaderId(path: string, field: string): string {
  return `${fieldId(path, field)}-cell`;
}

/** The place a whole row stands for, for going to it from a finding. */
export function rowId(path: string): string {
  return `${placeId(path)}-row`;
}
