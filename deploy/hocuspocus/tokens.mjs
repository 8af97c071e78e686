// Tokens and roles: who may read or change which of a plan's two documents. Kept apart from
// the server so the rule can be tested without one.
//
// A tokens file has one token a line: ROLE TOKEN [PLAN-ID ...]
//   editor    changes the plan and its review
//   reviewer  reads the plan, changes its review (comments, statuses, sign-offs)
//   viewer    reads both
// With plan ids after the token, it opens only those plans; without, every plan on the server.
// Blank lines and lines starting with # are ignored.

import { readFileSync } from "node:fs";

const ROLES = new Set(["editor", "reviewer", "viewer"]);
// A plan's document is its id; its review's is the id and "/review" (as Throughline names
// the rooms of a retreat host). Anything else is no Throughline document.
const DOCUMENT = /^([A-Za-z0-9_-]{1,128})(\/review)?$/;

export function parseTokens(text) {
  const tokens = new Map();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const [role, token, ...plans] = line.split(/\s+/);
    if (!ROLES.has(role)) throw new Error(`line ${i + 1}: role "${role}" is none of editor, reviewer, viewer`);
    if (!token) throw new Error(`line ${i + 1}: no token after the role`);
    if (token.length < 16) throw new Error(`line ${i + 1}: a token needs at least 16 characters`);
    if (tokens.has(token)) throw new Error(`line ${i + 1}: the same token twice`);
    for (const plan of plans) {
      if (!DOCUMENT.test(plan) || plan.endsWith("/review")) throw new Error(`line ${i + 1}: "${plan}" is not a plan id`);
    }
    tokens.set(token, { role, plans: plans.length ? new Set(plans) : null });
  });
  if (tokens.size === 0) throw new Error("no tokens: nobody could connect");
  return tokens;
}

export function readTokens(path) {
  return parseTokens(readFileSync(path, "utf8"));
}

/** What `token` may do on `documentName`: { role, readOnly } or { refused: reason }. */
export function access(tokens, token, documentName) {
  const entry = tokens.get(token);
  if (!entry) return { refused: "unknown token" };
  const match = DOCUMENT.exec(documentName);
  if (!match) return { refused: `"${documentName.slice(0, 100)}" is not a Throughline plan or review document` };
  const [, plan, review] = match;
  if (entry.plans && !entry.plans.has(plan)) return { refused: "this token does not open this plan" };
  const readOnly =
    entry.role === "viewer" || (entry.role === "reviewer" && !review);
  return { role: entry.role, readOnly };
}
