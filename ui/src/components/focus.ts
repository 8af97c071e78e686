// Where the cursor goes and what scrolls when the app brings a part of the plan to the person:
// after every "Add", and on going to a finding. Only the pane a part lives in ever scrolls.
import { placeId } from "../plan/context";
import { field as fieldSchema, part, titleField } from "../plan/schema";

/**
 * The field a part's name is typed in (a strategy's name, a ledger line's description, a
 * theory-of-action slot's text): where the cursor goes in a new item. Found by the schema,
 * because a prose editor is drawn a moment after the simple inputs beside it.
 */
function nameField(path: string): string | null {
  const [partName, id, nested] = path.split("/");
  try {
    if (!partName || !id || !part(partName).collection) return null;
    if (!nested) return titleField(partName);
    const shape = fieldSchema(partName, nested).shape;
    return shape.kind === "items" ? (shape.title_field ?? null) : null;
  } catch {
    // A section-wide place (`ledger`) or a path the schema does not know: no name field.
    return null;
  }
}

const FOCUSABLE = "[contenteditable=true], input, select, textarea, button:not([disabled])";
/** Where typing goes: a text editor or a form control, not a button. */
const TYPING = "[contenteditable=true], input:not([type=checkbox]):not([type=radio]):not([type=search]), textarea, select";

/**
 * The first place to type in an item: its first field, never the buttons of its header (a
 * name typed into the Comment button opens the comment dialog at its first space).
 */
export function firstField(area: HTMLElement): HTMLElement | null {
  if (area.matches(TYPING)) return area;
  for (const el of area.querySelectorAll<HTMLElement>(TYPING)) {
    if (!el.closest(".item-header")) return el;
  }
  return null;
}

/** The card of the item a nested path lies in (`statements/ID` for one of its slots). */
function enclosingCard(path: string): HTMLElement | null {
  const parts = path.split("/");
  for (let n = parts.length - 2; n >= 2; n -= 2) {
    const el = document.getElementById(placeId(parts.slice(0, n).join("/")));
    if (el) return el;
  }
  return null;
}

/** Whether `el` is a pane that scrolls up and down now (a table's sideways box does not). */
export function scrollsUpAndDown(el: HTMLElement): boolean {
  const overflow = getComputedStyle(el).overflowY;
  return (overflow === "auto" || overflow === "scroll") && el.scrollHeight > el.clientHeight;
}

/** The nearest pane around `el` that scrolls up and down (the section's), if any. */
export function scrollingPane(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrollsUpAndDown(p)) return p;
  return null;
}

/**
 * Scrolls the panes an element lives in until it is in view, and nothing around them: the page
 * itself (and with it the toolbar) never moves, which `scrollIntoView` does not promise.
 */
export function revealInPane(el: HTMLElement): void {
  for (let pane = el.parentElement; pane && pane !== document.body; pane = pane.parentElement) {
    if (!scrollsUpAndDown(pane)) continue;
    const box = pane.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    if (r.top >= box.top && r.bottom <= box.bottom) continue;
    // Centred where it fits; a tall element shows its top.
    const room = box.height - Math.min(r.height, box.height);
    pane.scrollTop += r.top - box.top - room / 2;
  }
}

/**
 * Focuses a part's field (its first field, or the one named) once it has rendered, and shows
 * it. Every "Add" and every "go to" a finding ends here, so the cursor lands where the person
 * types next.
 */
export function focusSoon(path: string, named?: string | null): void {
  let tries = 0;
  const field = named ?? nameField(path);
  const attempt = () => {
    // A nested item (a statement's slot) has no card of its own: its item's card is drawn.
    const holder = document.getElementById(placeId(path)) ?? enclosingCard(path);
    const fieldEl = field ? document.getElementById(`${placeId(path)}--${field}`) : null;
    // A card's editors are drawn once it is near the screen, and a text editor once its
    // effect has run: bring it there, then look again.
    const drawing = field ? !fieldEl : !holder || holder.classList.contains("not-drawn");
    const area = fieldEl ?? holder;
    const typing = area ? firstField(area) : null;
    if ((drawing || !typing) && tries++ < 30) {
      if (holder) revealInPane(holder);
      requestAnimationFrame(attempt);
      return;
    }
    const fallback = area?.matches(FOCUSABLE) ? area : area?.querySelector<HTMLElement>(FOCUSABLE);
    const target = typing ?? fallback ?? area;
    if (!target) return;
    revealInPane(target);
    if (!target.matches(FOCUSABLE) && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.classList.add("flash");
    setTimeout(() => target.classList.remove("flash"), 1600);
  };
  requestAnimationFrame(attempt);
}
