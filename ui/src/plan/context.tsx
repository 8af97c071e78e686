// What every screen of an open plan shares: the plan's Yjs peer, what was opened, who this
// person is in it, the latest findings and balance, and a way to go to a place in the plan.
import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import type * as Y from "yjs";
import type { OpenedPlan, Review, Section, TemplateView } from "../ipc";
import type { PlanPeer } from "./peer";

export interface PlanPlace {
  section: Section;
  /** `strategies/ID`, a section-wide place (`ledger`), or none for the section's top. */
  path?: string | null;
  field?: string | null;
}

export interface PlanContextValue {
  peer: PlanPeer;
  /** The plan as opened, its `template` the one shown: another program's through a lens. */
  opened: OpenedPlan;
  /** The template the plan was started from, whatever lens it is viewed through. */
  ownTemplate: TemplateView;
  me: string | null;
  setMe(member: string | null): void;
  go(place: PlanPlace): void;
  /** Reports a refused request to the person. */
  report(error: unknown): void;
}

export const PlanContext = createContext<PlanContextValue | null>(null);

export function usePlan(): PlanContextValue {
  const ctx = useContext(PlanContext);
  if (!ctx) throw new Error("usePlan outside an open plan");
  return ctx;
}

/** Re-renders the calling component whenever the plan's document changes (once a frame). */
export function usePlanVersion(peer: PlanPeer): number {
  const [version, setVersion] = useState(0);
  useEffect(() => peer.onChange(() => setVersion((v) => v + 1)), [peer]);
  return version;
}

/**
 * The latest findings and balance. Only the components that show them subscribe, so a new
 * review (several a second while people type) redraws the panel, not the section.
 */
export function useReview(peer: PlanPeer): Review | null {
  const [review, setReview] = useState<Review | null>(null);
  useEffect(() => peer.onReview(setReview), [peer]);
  return review;
}

/** Re-renders the caller when this one Y.Text changes (a live title while someone types). */
export function useYText(text: Y.Text | null): string {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!text) return;
    const bump = () => setVersion((v) => v + 1);
    text.observe(bump);
    return () => text.unobserve(bump);
  }, [text]);
  return text ? text.toString() : "";
}

/** The DOM id of a part (`strategies/ID`), for going there from a finding. */
export function placeId(path: string): string {
  return `place-${path.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** The DOM id of one field's control of a part. */
export function fieldId(path: string, field: string): string {
  return `${placeId(path)}--${field}`;
}
