// One section of the guided flow: its name in the template's words, the template's questions
// for the team, an editor for every part of the section, its reflections, and the way on.
import type { SectionView } from "../ipc";
import { usePlan } from "../plan/context";
import { allParts } from "../plan/schema";
import * as read from "../plan/read";
import { Collection, FieldsOf } from "../components/collection";
import { CapacitySection } from "./CapacitySection";
import { LedgerSection } from "./LedgerSection";
import { RootCauseSection } from "./RootCauseSection";
import { StrategiesSection } from "./StrategiesSection";
import { TacticsSection } from "./TacticsSection";
import { TheoryOfActionSection } from "./TheoryOfActionSection";
import { ProcessShiftsSection } from "./ProcessShiftsSection";
import { Reflections } from "./Reflections";
import { useTerms } from "./terms";
import { TeamMembers } from "./TeamRoster";
import { RoleTeams } from "./RoleTeams";
import { SectionStatus } from "../review/SectionStatus";
import { SectionHistory } from "../review/History";

interface Props {
  section: SectionView;
  step: number;
  steps: number;
  next: SectionView | null;
}

export function SectionScreen({ section, step, steps, next }: Props) {
  const { go } = usePlan();
  return (
    <div class="section-screen" data-section={section.id}>
      <header class="section-header">
        <p class="step-kicker">
          Step {step} of {steps}
        </p>
        <h1 id="section-title">{section.label}</h1>
        <SectionStatus key={section.id} section={section.id} label={section.label} />
        <SectionHistory key={`history-${section.id}`} section={section.id} label={section.label} />
      </header>
      {section.prompts.length > 0 && (
        <section class="prompts" aria-labelledby="prompts-heading">
          <h2 id="prompts-heading" class="prompts-heading">
            Questions for the team
          </h2>
          <ul>
            {section.prompts.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </section>
      )}
      <SectionBody section={section} />
      <Reflections section={section} />
      {next && (
        <div class="section-next">
          <button type="button" class="secondary" onClick={() => go({ section: next.id })}>
            Next: {next.label} →
          </button>
        </div>
      )}
    </div>
  );
}

function SectionBody({ section }: { section: SectionView }) {
  switch (section.id) {
    case "capacity":
      return <CapacitySection />;
    case "root_causes":
      return <RootCauseSection />;
    case "theory_of_action":
      return <TheoryOfActionSection />;
    case "strategies":
      return <StrategiesSection />;
    case "tactics":
      return <TacticsSection />;
    case "ledger":
      return <LedgerSection />;
    case "process_shifts":
      return <ProcessShiftsSection />;
    default:
      return <PartsOfSection section={section} />;
  }
}

/** Every part that belongs to the section: single parts as forms, collections as cards. */
function PartsOfSection({ section }: { section: SectionView }) {
  const { peer, opened } = usePlan();
  const terms = useTerms();
  // Role teams only where the program works in them (Rust decides from the template's words);
  // a plan that already holds role-team sessions keeps them in view whatever its template.
  const roleTeams = opened.template.role_teams || read.items(peer.doc, "role_sessions").length > 0;
  const parts = allParts().filter((p) => p.section === section.id && (p.name !== "role_sessions" || roleTeams));
  const singles = parts.filter((p) => !p.collection);
  const collections = parts.filter((p) => p.collection);
  return (
    <>
      {singles.map((p) => (
        <section class="single-part" key={p.name} aria-label={capitalize(p.noun)}>
          <FieldsOf partName={p.name} at={p.name} map={read.single(peer.doc, p.name)} />
        </section>
      ))}
      {collections.map((p) =>
        p.name === "members" ? (
          <TeamMembers key={p.name} />
        ) : p.name === "role_sessions" ? (
          <RoleTeams key={p.name} />
        ) : (
        <Collection
          key={p.name}
          partName={p.name}
          heading={terms.plural(p.name)}
          addLabel={`Add ${terms.aNoun(p.name)}`}
        />
        ),
      )}
    </>
  );
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
