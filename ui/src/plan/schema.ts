// The plan's shape, generated from the Rust plan model (PLAN_SCHEMA), with the lookups the
// screens need. How the plan is shown (field labels, title fields, choice labels) comes with
// it, so the editor reads as the CLI, history, compare and exports do.
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

/** The words for a field, from the plan schema (Rust's `display::field_label`):
 * `strategies.owner` → "Executive owner". */
export function fieldLabel(partName: string, fieldName: string): string {
  return field(partName, fieldName).label;
}

/** The text field whose words name an item (Rust's `ItemSchema::title`), or null. */
export function titleField(partName: string): string | null {
  return part(partName).title_field ?? null;
}
