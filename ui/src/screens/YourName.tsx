// Who this person is to the others: asked on first launch, shown (and changeable) after. The
// name is kept on this laptop and saved with every change, comment and status they make.
import { useEffect, useRef, useState } from "preact/hooks";
import { app, type DisplayNameView } from "../ipc";

export function YourName({ onChange }: { onChange?(view: DisplayNameView): void }) {
  const [view, setView] = useState<DisplayNameView | null>(null);
  const [editing, setEditing] = useState(false);
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void app.displayName().then((v) => {
      setView(v);
      onChange?.(v);
      setTyped(v.offered);
      setEditing(!v.chosen);
    });
  }, []);

  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing]);

  if (!view) return null;

  const save = async () => {
    setProblem(null);
    try {
      const v = await app.setDisplayName(typed);
      setView(v);
      onChange?.(v);
      setEditing(false);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  if (!editing) {
    return (
      <p class="your-name">
        You appear to the others as <strong id="your-name-shown">{view.name}</strong>.{" "}
        <button type="button" class="quiet" onClick={() => setEditing(true)}>
          Change
        </button>
      </p>
    );
  }
  return (
    <section class="panel your-name" aria-labelledby="your-name-heading">
      <h2 id="your-name-heading">{view.chosen ? "Change your name" : "What should the others call you?"}</h2>
      <p>Your name goes with everything you write, comment or approve, and shows beside you when you work together.</p>
      <form
        class="fields"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div class="field">
          <label for="display-name">Your name</label>
          <input
            id="display-name"
            ref={input}
            type="text"
            autoComplete="name"
            value={typed}
            maxLength={60}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "display-name-problem" : undefined}
            onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
          />
          {problem && (
            <p class="field-error" id="display-name-problem" role="alert">
              {problem}
            </p>
          )}
        </div>
        <button type="submit" class="primary">
          Save my name
        </button>
        {view.chosen && (
          <button type="button" class="quiet" onClick={() => setEditing(false)}>
            Cancel
          </button>
        )}
      </form>
    </section>
  );
}
