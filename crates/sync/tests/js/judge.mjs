// Yjs as the judge of updates: what npm `yjs` does with each update, applied to a copy of one
// base document, so that crates/sync's tests can check the host never accepts what Yjs would
// not apply (tests/it/yjs_judge.rs).
//
// node judge.mjs < {"base": hex, "updates": [hex...]}
//   prints [{"verdict": "threw"|"unchanged"|"changed", "state": hex?}...], one per update:
//   "threw" when Y.applyUpdate throws; "unchanged" when the document's content (state vector
//   and delete set) is what it was, whether the update was a no-op or parked as pending;
//   "changed" with the whole resulting state (pending parts included) otherwise.

import * as Y from 'yjs'

const bytes = (hex) => Uint8Array.from(Buffer.from(hex, 'hex'))
const hex = (b) => Buffer.from(b).toString('hex')

// The content a peer sees: integrated structs and deletions, not what is parked as pending.
const content = (doc) => hex(Y.encodeSnapshot(Y.snapshot(doc)))

let input = ''
for await (const chunk of process.stdin) input += chunk
const { base, updates } = JSON.parse(input)
const out = updates.map((u) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, bytes(base))
  const before = content(doc)
  try {
    Y.applyUpdate(doc, bytes(u))
  } catch (e) {
    return { verdict: 'threw', reason: String(e && e.message ? e.message : e).slice(0, 120) }
  }
  if (content(doc) === before) return { verdict: 'unchanged' }
  return { verdict: 'changed', state: hex(Y.encodeStateAsUpdate(doc)) }
})
process.stdout.write(JSON.stringify(out))
