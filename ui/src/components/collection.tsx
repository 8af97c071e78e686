// A collection of a plan's items (strategies, evidence findings…): each item a card with an
// editor for every field, plus adding, reordering and removing. Sections with their own layout
// reuse the pieces.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { fieldId, placeId, usePlan, useYText } from "../plan/context";
import * as read from "../plan/read";
import { part, titleField } from "../plan/schema";
import { FieldEditor, useCommand } from "./fields";
import { focusSoon } from "./focus";
import { insertInEditor } from "./TextEditor";
import { useTerms } from "../sections/terms";
import { useReviewStore } from "../review/board";

/** Fields shown in a compact grid rather than one per row. */
const SMALL = new Set(["enum", "date", "fiscal_year", "int", "num", "bool", "ref", "str"]);

export function FieldsOf(props: { partName: string; at: string; map: read.ItemMap; skip?: string[] }) {
  const schema = part(props.partName);
  const skip = new Set(props.skip ?? []);
  const fields = schema.fields.filter((f) => !skip.has(f.name) && f.shape.kind !== "json" && f.shape.kind !== "ratings");
  const small = fields.filter((f) => SMALL.has(f.shape.kind));
  const large = fields.filter((f) => !SMALL.has(f.shape.kind));
  // The item's own words first (its name or statement), then the small facts, then the rest.
  const firstText = large.find((f) => f.shape.kind === "text");
  const rest = large.filter((f) => f !== firstText);
  const editor = (f: (typeof fields)[number]) => (
    <FieldEditor key={f.name} partName={props.partName} at={props.at} map={props.map} name={f.name} shape={f.shape} />
  );
  return (
    <div class="fields">
      {firstText && editor(firstText)}
      {small.length > 0 && <div class="field-grid">{small.map(editor)}</div>}
      {rest.map(editor)}
    </div>
  );
}

export function ItemCard(props: {
  partName: string;
  item: read.Item;
  index: number;
  count: number;
  previousId: string | null;
  nextId: string | null;
  headingLevel?: 3 | 4;
  children?: ComponentChildren;
  skip?: string[];
  /** Extra words before the title ("Tactic 3"). */
  label?: string;
}) {
  const run = useCommand();
  const schema = part(props.partName);
  const at = `${props.partName}/${props.item.id}`;
  const title = read.titleOf(props.partName, props.item.map, schema.noun);
  const titleText = titleField(props.partName);
  const Heading = props.headingLevel === 4 ? "h4" : "h3";
  const [confirming, setConfirming] = useState(false);
  const drawn = useDrawnWhenNear();
  const review = useReviewStore();
  const pasted = usePastedLines(props.partName, props.item, titleText);
  return (
    <article
      onPasteCapture={pasted.onPaste}
      class={`item-card ${drawn.near ? "" : "not-drawn"}`}
      ref={drawn.ref}
      id={placeId(at)}
      data-path={at}
      aria-labelledby={`${placeId(at)}-title`}
      tabIndex={-1}
    >
      <header class="item-header">
        <Heading id={`${placeId(at)}-title`} class="item-title">
          {props.label && <span class="item-kicker">{props.label}</span>}
          <LiveTitle partName={props.partName} map={props.item.map} field={titleText} noun={schema.noun} />
        </Heading>
        <div class="item-actions" role="group" aria-label={`Arrange ${title}`}>
          <button
            type="button"
            class="quiet"
            aria-label={`Comment on ${title}`}
            onClick={() => review.compose({ on: "object", at, label: `${schema.noun}: ${title}` })}
          >
            Comment
          </button>
          <button
            type="button"
            class="quiet"
            disabled={props.index === 0}
            aria-label={`Move ${title} up`}
            onClick={() => {
              // Moving up means placing it after the item two above (or first).
              void run({ op: "move", at, after: props.previousId });
            }}
          >
            ↑
          </button>
          <button
            type="button"
            class="quiet"
            disabled={props.nextId === null}
            aria-label={`Move ${title} down`}
            onClick={() => void run({ op: "move", at, after: props.nextId })}
          >
            ↓
          </button>
          {confirming ? (
            <span class="confirm">
              <button type="button" class="danger" onClick={() => void run({ op: "remove", at })}>
                Remove {schema.noun}
              </button>
              <button type="button" class="quiet" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" class="quiet" aria-label={`Remove ${title}`} onClick={() => setConfirming(true)}>
              Remove
            </button>
          )}
        </div>
      </header>
      {pasted.offer}
      {drawn.near && (props.children ?? <FieldsOf partName={props.partName} at={at} map={props.item.map} skip={props.skip} />)}
    </article>
  );
}

/** The items in a pasted list: one per non-blank line, bullets and numbering dropped. */
export function pastedLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-*•–]|\d+[.)])\s+/, "").trim())
    .filter((l) => l !== "");
}

/** Fields a new item copies from the one a list was pasted into, so it lands in the same group. */
const GROUPING = ["strategy", "problem", "parent", "function", "kind", "unit", "fiscal_year", "section"];

/**
 * A list of lines pasted into an item's name (strategies typed up from sticky notes): offered
 * as one item per line, or kept as one line. The first line stays in this item.
 */
function usePastedLines(partName: string, item: read.Item, titleField: string | null) {
  const run = useCommand();
  const terms = useTerms();
  const [pending, setPending] = useState<{ lines: string[]; editor: Element } | null>(null);
  const onPaste = (e: ClipboardEvent) => {
    const editor = (e.target as Element | null)?.closest?.("[contenteditable=true]");
    if (!titleField || !editor || editor.id !== fieldId(`${partName}/${item.id}`, titleField)) return;
    const lines = pastedLines(e.clipboardData?.getData("text/plain") ?? "");
    if (lines.length < 2) return;
    e.preventDefault();
    e.stopPropagation();
    setPending({ lines, editor });
  };
  const oneEach = async (lines: string[], editor: Element) => {
    setPending(null);
    insertInEditor(editor, lines[0] ?? "");
    const copied: Record<string, string> = {};
    for (const f of GROUPING) {
      const v = read.str(item.map, f);
      if (v !== null) copied[f] = v;
    }
    let after = item.id;
    for (const line of lines.slice(1)) {
      const id = await run({ op: "add", to: partName, fields: { ...copied, [titleField ?? ""]: line }, after });
      if (!id) return;
      after = id;
    }
  };
  useEffect(() => {
    // The choice takes the cursor, so Enter accepts it and Tab reaches the other.
    if (pending) document.getElementById(`${placeId(`${partName}/${item.id}`)}-paste`)?.focus();
  }, [pending, partName, item.id]);
  const plural = terms.plural(partName).toLowerCase();
  const offer = pending && (
    <div class="paste-offer" role="group" aria-label="Pasted lines">
      <p>
        You pasted {pending.lines.length} lines. Make each one {terms.aNoun(partName)}?
      </p>
      <button type="button" class="primary small" id={`${placeId(`${partName}/${item.id}`)}-paste`} onClick={() => void oneEach(pending.lines, pending.editor)}>
        Add {pending.lines.length} {plural}, one per line
      </button>
      <button
        type="button"
        class="quiet small"
        onClick={() => {
          setPending(null);
          insertInEditor(pending.editor, pending.lines.join(" "));
        }}
      >
        Keep them as one line
      </button>
    </div>
  );
  return { onPaste, offer };
}

/**
 * Whether a card has come near the screen. A card's editors are created the first time it
 * comes within a screen or so of view (or takes focus) and then kept, so a section of hundreds
 * of items opens and types as lightly as a short one; its heading and buttons are always there.
 */
function useDrawnWhenNear(): { near: boolean; ref: { current: HTMLElement | null } } {
  const ref = useRef<HTMLElement | null>(null);
  const [near, setNear] = useState(typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    const show = () => setNear(true);
    // The section scrolls inside its own pane; the margin must be measured from that pane.
    const watch = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && show(), {
      root: el.closest(".section-main"),
      rootMargin: "900px 0px",
    });
    watch.observe(el);
    el.addEventListener("focusin", show);
    return () => {
      watch.disconnect();
      el.removeEventListener("focusin", show);
    };
  }, [near]);
  return { near, ref };
}

/** An item's name, redrawn on its own as someone types it. */
function LiveTitle(props: { partName: string; map: read.ItemMap; field: string | null; noun: string }) {
  useYText(props.field ? read.ytext(props.map, props.field) : null);
  return <>{read.titleOf(props.partName, props.map, props.noun)}</>;
}

/** Where each item of a list moves to: up = after the one two above; down = after the next. */
export function neighbours(list: read.Item[], i: number): { previousId: string | null; nextId: string | null } {
  return {
    previousId: i >= 2 ? (list[i - 2]?.id ?? null) : null,
    nextId: list[i + 1]?.id ?? null,
  };
}

export function Collection(props: {
  partName: string;
  heading: string;
  addLabel: string;
  /** Words read after the add button's label by screen readers only ("to Talent"). */
  addContext?: string;
  intro?: string;
  items?: read.Item[];
  newFields?: Record<string, string | boolean | number>;
  renderItem?: (item: read.Item, index: number, list: read.Item[]) => ComponentChildren;
  skip?: string[];
  /** Tells apart several groups of one collection on a screen (capacity by core function). */
  group?: string;
}) {
  const { peer } = usePlan();
  const run = useCommand();
  const list = props.items ?? read.items(peer.doc, props.partName);
  const key = props.group ? `${props.partName}-${props.group.replace(/[^A-Za-z0-9_-]+/g, "-")}` : props.partName;
  const headingId = `heading-${key}`;
  const add = async () => {
    const id = await run({ op: "add", to: props.partName, fields: props.newFields ?? {}, after: null });
    if (id) focusSoon(`${props.partName}/${id}`);
  };
  return (
    <section class="collection" aria-labelledby={headingId} id={placeId(key)}>
      <div class="collection-header">
        <h2 id={headingId}>
          {props.heading} <span class="count">{list.length}</span>
        </h2>
        <button type="button" class="primary" onClick={() => void add()}>
          {props.addLabel}
          {props.addContext && <span class="visually-hidden"> {props.addContext}</span>}
        </button>
      </div>
      {props.intro && <p class="section-intro">{props.intro}</p>}
      {list.length === 0 ? (
        <p class="empty-note">None yet.</p>
      ) : (
        <div class="cards">
          {list.map((item, i) =>
            props.renderItem ? (
              props.renderItem(item, i, list)
            ) : (
              <ItemCard key={item.id} partName={props.partName} item={item} index={i} count={list.length} {...neighbours(list, i)} skip={props.skip} />
            ),
          )}
        </div>
      )}
    </section>
  );
}
