// A section's review status under its title: where it stands, who set it and when, and a way
// to change it (naming reviewers when it is ready for review).
import { useEffect, useState } from "preact/hooks";
import { reviewing, type ReviewStage, type Section } from "../ipc";
import { formatWhen } from "../screens/StartScreen";
import { STAGES, stageLabel, useBoard, useReviewStore } from "./board";
import { PeoplePicker } from "./PeoplePicker";

export function SectionStatus({ section, label }: { section: Section; label: string }) {
  const board = useBoard();
  const store = useReviewStore();
  const status = board?.sections.find((s) => s.section === section) ?? null;
  const [stage, setStage] = useState<ReviewStage>(status?.stage ?? "draft");
  const [asked, setAsked] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);
  useEffect(() => {
    if (!changing && status) setStage(status.stage);
  }, [status?.stage, changing]);

  const save = async () => {
    setProblem(null);
    try {
      await store.run(reviewing.setStatus(section, stage, stage === "ready_for_review" ? asked : []));
      setChanging(false);
      setAsked([]);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  const current = status?.stage ?? "draft";
  return (
    <section class={`section-status stage-${current}`} aria-labelledby="section-status-heading">
      <h2 id="section-status-heading" class="visually-hidden">
        Review status of {label}
      </h2>
      <p class="section-status-line">
        <span class="stage-pill" data-stage={current}>
          {stageLabel(current)}
        </span>
        {status?.by && (
          <span class="hint">
            {" "}
            set by {status.by}
            {status.at ? `, ${formatWhen(status.at)}` : ""}
          </span>
        )}
        {status && status.asked.length > 0 && current === "ready_for_review" && (
          <span class="hint"> · reviewers: {status.asked.join(", ")}</span>
        )}
        {status?.changed_since_approval && (
          <span class="tag changed-since">Changed since it was approved</span>
        )}
        {status?.waiting_on_me && <span class="tag">Waiting on you</span>}
        {!changing && (
          <button type="button" class="quiet small" onClick={() => setChanging(true)}>
            Change the review status<span class="visually-hidden"> of {label}</span>
          </button>
        )}
      </p>
      {status?.changed_since_approval && (
        <p class="hint changed-since-note">
          The approval covers this section as it read then, not the changes made since. Look at
          them (Versions, Who changed this section) and approve it again, or send it back.
        </p>
      )}
      {changing && (
        <form
          class="status-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset>
            <legend>Review status of {label}</legend>
            <div class="choice-list">
              {STAGES.map((s) => (
                <label key={s.stage} class="choice" for={`stage-${s.stage}`}>
                  <input
                    type="radio"
                    id={`stage-${s.stage}`}
                    name="review-stage"
                    value={s.stage}
                    checked={stage === s.stage}
                    onChange={() => setStage(s.stage)}
                  />
                  {s.label}
                </label>
              ))}
            </div>
          </fieldset>
          {stage === "ready_for_review" && <PeoplePicker legend="Ask to review" chosen={asked} onChange={setAsked} idPrefix="status-ask" />}
          {problem && (
            <p class="field-error" role="alert">
              {problem}
            </p>
          )}
          <div class="row">
            <button type="submit" class="primary small">
              Save the status
            </button>
            <button type="button" class="quiet small" onClick={() => setChanging(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
