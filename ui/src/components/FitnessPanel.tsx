// The plan's fitness: how many strategies and tactics, the share of tactics paid for, measures
// per strategy and root causes answered, with any guidance they suggest. Rust computes the
// figures and words them (`crates/plan/src/fitness.rs`); this only lays them out. Folded to
// one line by default, so it is seen beside the balance without nagging; guidance is advice,
// never a finding to fix.
import type { Review } from "../ipc";

export function FitnessPanel({ review }: { review: Review | null }) {
  if (review === null) return null;
  const { figures, guidance } = review.fitness;
  const count = (key: string) => figures.find((f) => f.key === key)?.text ?? "0";
  const counted = (key: string, one: string, many: string) => `${count(key)} ${count(key) === "1" ? one : many}`;
  const line = `${counted("strategies", "strategy", "strategies")}, ${counted("tactics", "tactic", "tactics")}`;
  return (
    <details class="fitness">
      <summary>
        <h2 id="fitness-heading">Plan fitness</h2>
        <span class="fitness-line">
          {line}
          {guidance.length > 0 && ` · ${guidance.length === 1 ? "1 suggestion" : `${guidance.length} suggestions`}`}
        </span>
      </summary>
      <dl class="fitness-figures">
        {figures.map((f) => (
          <div key={f.key} data-key={f.key}>
            <dt>{f.label}</dt>
            <dd>{f.text}</dd>
          </div>
        ))}
      </dl>
      {guidance.length === 0 ? (
        <p class="fitness-note">A plan of a size teams usually carry through.</p>
      ) : (
        <ul class="fitness-guidance" aria-label="Suggestions">
          {guidance.map((g) => (
            <li key={g.key} data-key={g.key}>
              {g.text}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
