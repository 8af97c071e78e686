// y-protocols messages made and read by the real npm packages, for byte-level checks of
// crates/sync's codec.
//
// node wire.mjs produce
//   prints one JSON object of named frames (hex) built with y-protocols from real yjs docs.
// node wire.mjs consume < {"frames":[hex...], "initial": text?}
//   reads each frame with y-protocols' own decoders into a fresh Y.Doc (client 424242, its
//   text "body" set to `initial`) and Awareness, as a y-websocket peer would, requiring each
//   frame to be consumed exactly; prints {"text", "states", "denied", "replies":[hex],
//   "step1": hex} (replies: what y-protocols answered; step1: the doc's before the frames).

import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as sync from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as auth from 'y-protocols/auth'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const frame = (write) => {
  const encoder = encoding.createEncoder()
  write(encoder)
  return hex(encoding.toUint8Array(encoder))
}

function produce () {
  const out = {}
  const empty = new Y.Doc()
  out.step1_empty = frame((e) => { encoding.writeVarUint(e, 0); sync.writeSyncStep1(e, empty) })

  // Client 1 types "a" into root text "test".
  const doc = new Y.Doc()
  doc.clientID = 1
  const updates = []
  doc.on('update', (u) => updates.push(u))
  doc.getText('test').insert(0, 'a')
  out.update_a = frame((e) => { encoding.writeVarUint(e, 0); sync.writeUpdate(e, updates[0]) })
  out.update_a_payload = hex(updates[0])

  // Client 7 types a sentence, one character per update, then deletes a word.
  const typist = new Y.Doc()
  typist.clientID = 7
  const typed = []
  typist.on('update', (u) => typed.push(u))
  const sentence = 'Every school, one plan.'
  for (let i = 0; i < sentence.length; i++) typist.getText('body').insert(i, sentence[i])
  typist.getText('body').delete(6, 8)
  out.typed = typed.map((u) => frame((e) => { encoding.writeVarUint(e, 0); sync.writeUpdate(e, u) }))
  out.typed_text = typist.getText('body').toString()
  out.typist_step1 = frame((e) => { encoding.writeVarUint(e, 0); sync.writeSyncStep1(e, typist) })
  out.typist_step2_for_empty = frame((e) => {
    encoding.writeVarUint(e, 0)
    sync.writeSyncStep2(e, typist, Y.encodeStateVector(empty))
  })

  const awarenessDoc = new Y.Doc()
  awarenessDoc.clientID = 1
  const awareness = new awarenessProtocol.Awareness(awarenessDoc)
  awareness.setLocalState({ key: 'value' })
  out.awareness_kv = frame((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [1]))
  })
  awareness.setLocalState(null)
  out.awareness_gone = frame((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [1]))
  })
  awareness.destroy()

  const person = new Y.Doc()
  person.clientID = 3000000000
  const presence = new awarenessProtocol.Awareness(person)
  presence.setLocalState({ user: { name: 'Ana Órla', color: '#30bced' }, section: 'goal-2' })
  out.awareness_person = frame((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(presence, [person.clientID]))
  })
  presence.destroy()

  out.query_awareness = frame((e) => encoding.writeVarUint(e, 3))
  out.auth_denied = frame((e) => { encoding.writeVarUint(e, 2); auth.writePermissionDenied(e, 'read-only') })
  process.stdout.write(JSON.stringify(out) + '\n')
}

async function consume () {
  let input = ''
  for await (const chunk of process.stdin) input += chunk
  const { frames, initial } = JSON.parse(input)
  const doc = new Y.Doc()
  doc.clientID = 424242
  if (initial) doc.getText('body').insert(0, initial)
  const step1 = frame((e) => { encoding.writeVarUint(e, 0); sync.writeSyncStep1(e, doc) })
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(null)
  const denied = []
  const replies = []
  for (const h of frames) {
    const decoder = decoding.createDecoder(Buffer.from(h, 'hex'))
    const encoder = encoding.createEncoder()
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case 0:
        encoding.writeVarUint(encoder, 0)
        sync.readSyncMessage(decoder, encoder, doc, 'rust', (err) => { throw err })
        if (encoding.length(encoder) > 1) replies.push(hex(encoding.toUint8Array(encoder)))
        break
      case 1:
        awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'rust')
        break
      case 2:
        auth.readAuthMessage(decoder, doc, (_doc, reason) => denied.push(reason))
        break
      case 3:
        break
      default:
        throw new Error(`unknown message type ${type}`)
    }
    if (decoding.hasContent(decoder)) throw new Error(`frame ${h} has bytes left over`)
  }
  const states = {}
  for (const [id, state] of awareness.getStates()) states[id] = state
  process.stdout.write(JSON.stringify({ text: doc.getText('body').toString(), states, denied, replies, step1 }) + '\n')
  awareness.destroy()
}

const mode = process.argv[2]
if (mode === 'produce') produce()
else if (mode === 'consume') await consume()
else throw new Error('usage: node wire.mjs produce|consume')
