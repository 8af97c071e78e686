// A pause to reflect in a section (the template's Notice / Reflect prompts), and what the team
// wrote when it paused.
import type { SectionView } from "../ipc";
import { placeId, usePlan } from "../plan/context";
import * as read from "../plan/read";
import { labelOf } from "../plan/schema";
import { focusSoon } from "../components/focus";
import { ChoiceField, TextField, useCommand } from "../components/fields";
import { formatWhen } from "../screens/StartScreen";

export function Reflections({ section }: { section: SectionView }) {
  const { peer, me } = usePlan();
  const run = useCommand();
  const list = read.items(peer.doc, "reflections").filter((r) => read.str(r.map, "section") === section.id);
  if (section.reflection_prompts.length === 0 && list.length === 0) return null;
  const add = async () => {
    const fields: Record<string, string> = { section: section.id, kind: "notice", at: new Date().toISOString().slice(0, 19) + "Z" };
    if (me) fields.author = me;
    const id = await run({ op: "add", to: "reflections", fields, after: null });
    if (id) focusSoon(`reflections/${id}`, "text");
  };
  return (
    <section class="collection reflections" aria-labelledby={`reflect-${section.id}`}>
      <div class="collection-header">
        <h2 id={`reflect-${section.id}`}>Pause and reflect</h2>
        <button type="button" class="secondary" onClick={() => void add()}>
          Add a reflection
        </button>
      </div>
      {section.reflection_prompts.length > 0 && (
        <ul class="reflection-prompts">
          {section.reflection_prompts.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <ul class="reflection-list">
        {list.map((r) => {
          const at = `reflections/${r.id}`;
          const author = read.str(r.map, "author");
          const who = author ? read.titleOf("members", read.item(peer.doc, "members", author), "team member") : "Someone";
          return (
            <li key={r.id} id={placeId(at)} class="reflection">
              <p class="reflection-meta">
                {labelOf("reflection_kind", read.str(r.map, "kind"))} · {who}
                {read.str(r.map, "at") && <> · {formatWhen(read.str(r.map, "at") ?? "")}</>}
              </p>
              <div class="field-grid">
                <ChoiceField at={at} map={r.map} name="kind" label="Kind" vocabulary="reflection_kind" />
              </div>
              <TextField at={at} map={r.map} name="text" label="Reflection" multiline />
              <button type="button" class="quiet small" onClick={() => void run({ op: "remove", at })}>
                Remove this reflection
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
