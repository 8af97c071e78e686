// The name a person joins under, offered again on each join form (a shared laptop may change
// hands): the retreat's and the district server's panels both ask it the same way.
import { useEffect, useState } from "preact/hooks";

/** The name typed on a join form, starting from the one kept; what to send (`null`: the kept one). */
export function useJoiningName(kept: string): [string, (v: string) => void, string | null] {
  const [typed, setTyped] = useState(kept);
  useEffect(() => setTyped(kept), [kept]);
  const send = typed.trim() === "" || typed.trim() === kept ? null : typed;
  return [typed, setTyped, send];
}

export function JoiningNameField({ id, value, onInput }: { id: string; value: string; onInput(v: string): void }) {
  return (
    <div class="field">
      <label for={id}>Your name</label>
      <input
        id={id}
        type="text"
        autoComplete="name"
        maxLength={60}
        value={value}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </div>
  );
}
