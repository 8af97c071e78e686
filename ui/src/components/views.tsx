// How a section's long list is shown (cards, a table, a timeline…), one click apart and
// remembered per section on this laptop, so the person finds it as they left it.
import { useState } from "preact/hooks";

export interface ViewChoice<V extends string> {
  key: V;
  label: string;
}

const STORE = "throughline:view:";

function remembered<V extends string>(section: string, choices: ViewChoice<V>[]): V | null {
  try {
    const v = localStorage.getItem(STORE + section);
    return choices.find((c) => c.key === v)?.key ?? null;
  } catch {
    // Storage refused (a locked-down profile): the first view, every time.
    return null;
  }
}

/** The section's view and a way to change it; the first choice until one is made. */
export function useView<V extends string>(section: string, choices: ViewChoice<V>[]): [V, (v: V) => void] {
  const first = choices[0]?.key as V;
  const [view, setView] = useState<V>(() => remembered(section, choices) ?? first);
  const choose = (v: V) => {
    setView(v);
    try {
      localStorage.setItem(STORE + section, v);
    } catch {
      // Not remembered; shown all the same.
    }
  };
  return [view, choose];
}

/** The buttons that switch a section's view; the one shown is pressed. */
export function ViewSwitch<V extends string>(props: { label: string; choices: ViewChoice<V>[]; view: V; onChoose(v: V): void }) {
  return (
    <div class="view-switch" role="group" aria-label={props.label}>
      {props.choices.map((c) => (
        <button key={c.key} type="button" class="view-option" aria-pressed={c.key === props.view} data-view={c.key} onClick={() => props.onChoose(c.key)}>
          {c.label}
        </button>
      ))}
    </div>
  );
}
