// The template's own words for the plan's objects ("Strategic priorities"), with the plan's
// neutral nouns where the template sets none.
import type { TemplateView } from "../ipc";
import { usePlan } from "../plan/context";
import { part } from "../plan/schema";

/** Which template word names each collection. */
const KIND_OF_PART: Record<string, string> = {
  catalysts: "catalyst",
  evidence: "evidence",
  capacity: "capacity_indicator",
  problems: "priority_problem",
  root_causes: "root_cause",
  statements: "theory_of_action",
  strategies: "strategy",
  tactics: "tactic",
  ledger: "resource_line",
  process_shifts: "process_shift",
  measures: "measure",
};

export interface Terms {
  plural(partName: string): string;
  singular(partName: string): string;
  /** "a strategy" / "an investment", lower case for inside a sentence. */
  aNoun(partName: string): string;
}

export function termsOf(template: TemplateView): Terms {
  const term = (partName: string) => {
    const kind = KIND_OF_PART[partName];
    return kind ? template.terms.find((x) => x.kind === kind) : undefined;
  };
  const singular = (partName: string) => term(partName)?.singular ?? part(partName).noun;
  return {
    plural(partName) {
      const t = term(partName);
      if (t) return t.plural;
      const noun = part(partName).noun;
      const p = noun.endsWith("y") && !noun.endsWith("ey") ? `${noun.slice(0, -1)}ies` : `${noun}s`;
      return p.charAt(0).toUpperCase() + p.slice(1);
    },
    singular,
    aNoun(partName) {
      const word = singular(partName);
      const lower = /^[A-Z][a-z]/.test(word) ? word.charAt(0).toLowerCase() + word.slice(1) : word;
      return /^[aeiou]/i.test(lower) ? `an ${lower}` : `a ${lower}`;
    },
  };
}

export function useTerms(): Terms {
  return termsOf(usePlan().opened.template);
}
