// The plan's shape, generated from the Rust plan model (PLAN_SCHEMA), with the lookups the
// screens need. Field labels people read live here too: the schema knows field names, and
// these are the words for them.
import { PLAN_SCHEMA } from "../ipc";
import type { FieldSchema, PartSchema } from "../generated/bindings";

export type { FieldSchema, PartSchema };
export type FieldShape = FieldSchema["shape"];

const parts = PLAN_SCHEMA.parts as unknown as PartSchema[];

export function part(name: string): PartSchema {
  const p = parts.find((x) => x.name === name);
  if (!p) throw new Error(`the plan has no part called ${name}`);
  return p;
}

export function allParts(): PartSchema[] {
  return parts;
}

export function field(partName: string, fieldName: string): FieldSchema {
  const f = part(partName).fields.find((x) => x.name === fieldName);
  if (!f) throw new Error(`a ${partName} item has no field ${fieldName}`);
  return f;
}

export interface Option {
  key: string;
  label: string;
}

export function vocabulary(name: string): Option[] {
  const v = PLAN_SCHEMA.vocabularies.find((x) => x.name === name);
  return v ? v.options.map((o) => ({ key: o.key, label: o.label })) : [];
}

export function labelOf(vocab: string, key: string | null | undefined): string {
  if (!key) return "";
  return vocabulary(vocab).find((o) => o.key === key)?.label ?? key;
}

/** Words for fields whose names do not read well on their own. */
const FIELD_WORDS: Record<string, string> = {
  "record.planning_period": "Planning period",
  "charter.decision_rule": "How the team decides",
  "charter.meeting_cadence": "When and how often the team meets",
  "members.role_team": "Role team",
  "members.constituency": "Speaks for",
  "catalysts.kind": "Kind of catalyst",
  "student_voices.who_heard": "Who was heard",
  "student_voices.quotes": "Key quotes (shared with consent)",
  "equity_patterns.structures": "Structures, policies and practices that hold it in place",
  "equity_patterns.mental_models": "Mental models and assumptions underneath",
  "equity_patterns.level": "Iceberg level",
  "capacity.function": "Core function",
  "capacity.consensus": "Team's consensus rating",
  "capacity.evidence": "Evidence for the rating",
  "capacity.disposition": "Decision",
  "capacity.not_a_priority_reason": "Why it is not a priority",
  "capacity.in_place_evidence": "Evidence that it is in place, and how it will last",
  "root_causes.within_control": "Within the district's control",
  "root_causes.verified": "Verified with evidence",
  "root_causes.parent": "Explains",
  "root_causes.problem": "Priority problem",
  "statements.practice_change": "Then (how teaching and leading change)",
  "statements.student_outcome": "So that (what students achieve)",
  "statements.rationale": "Evidence and rationale",
  "strategies.statements": "Theory-of-action statements it enacts",
  "strategies.root_causes": "Root causes it addresses",
  "strategies.student_groups": "Student groups it serves",
  "strategies.owner": "Executive owner",
  "strategies.priority": "Priority rank",
  "strategies.evidence_base": "Evidence base",
  "tactics.owner": "Accountable owner",
  "tactics.sites": "Schools or sites",
  "tactics.start": "Start date",
  "tactics.due": "Due date",
  "tactics.benchmark": "Implementation benchmark",
  "tactics.no_cost": "Needs no new resources",
  "ledger.kind": "Investment or source",
  "ledger.source_kind": "Where it comes from",
  "ledger.fiscal_year": "Fiscal year",
  "ledger.fund_source": "Fund",
  "ledger.tactics": "Tactics",
  "ledger.stakeholder_impact": "Who is affected, and how",
  "ledger.one_time": "One-time money",
  "process_shifts.current_state": "How it works now",
  "process_shifts.future_state": "How it should work",
  "process_shifts.shift_type": "Kind of shift",
  "process_shifts.statement": "Theory-of-action statement",
  "process_shifts.school_change": "School-level change it enables",
  "measures.rba": "Results-based accountability",
  "measures.baseline_date": "Baseline date",
  "measures.data_source": "Data source",
  "measures.strategies": "Strategies it tracks",
  "measures.goals": "Goals it serves",
  "measures.vision": "Speaks to the vision itself",
  "probes.where_who": "Where and with whom",
  "probes.safe_to_fail": "Safe-to-fail bound",
  "probes.amplify_criteria": "We amplify when",
  "probes.dampen_criteria": "We dampen when",
  "pdsa_cycles.number": "Cycle number",
  "pdsa_cycles.change_idea": "Change idea",
  "pdsa_cycles.data_plan": "Data plan",
  "pdsa_cycles.do_notes": "Do: what happened",
  "pdsa_cycles.study": "Study: data against the prediction",
  "pdsa_cycles.act": "Act",
  "phases.stage": "Implementation stage",
  "implementation.monitoring_cadence": "Monitoring cadence",
  "implementation.capacity_building": "Capacity building",
  "implementation.accountability": "Accountability: who reports to whom, on what",
};

/** The words for a field: `strategies.owner` → "Executive owner". */
export function fieldLabel(partName: string, fieldName: string): string {
  return FIELD_WORDS[`${partName}.${fieldName}`] ?? humanize(fieldName);
}

export function humanize(name: string): string {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The field that names an item in lists, pickers and findings. */
const TITLE_FIELD: Record<string, string> = {
  capacity: "indicator",
  process_shifts: "future_state",
  statements: "practice_change",
};

export function titleField(partName: string): string | null {
  if (TITLE_FIELD[partName]) return TITLE_FIELD[partName] ?? null;
  const first = part(partName).fields.find((f) => f.shape.kind === "text");
  return first ? first.name : null;
}
