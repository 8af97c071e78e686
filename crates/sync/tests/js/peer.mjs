// A real y-websocket client (WebsocketProvider from the npm package, with yjs and
// y-protocols) whose socket is this process's stdio, so a Rust test can stand in for the
// server frame by frame.
//
// Usage: node peer.mjs CLIENT_ID
// Reads one JSON command per line and answers each with one JSON line:
//   {"op":"open"}                      the socket opens (the provider sends step 1, awareness)
//   {"op":"recv","hex":"..."}          a frame arrives from the server
//   {"op":"insert","index":N,"text":S} type into the shared text "body"
//   {"op":"delete","index":N,"len":N}
//   {"op":"awareness","state":{...}}   setLocalState
//   {"op":"close"}                     the socket closes
//   {"op":"quit"}
// Every answer is {"sent":[hex frames the provider sent meanwhile], "text": body text,
//   "states": {clientId: state}, "warnings": [console.warn lines], "synced": bool}.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { createInterface } from 'node:readline'

const clientId = Number(process.argv[2] ?? '1')
const sent = []
const warnings = []
console.warn = (...args) => warnings.push(args.join(' '))

class StdioSocket {
  constructor (url) {
    this.url = url
    this.OPEN = 1
    this.CLOSED = 3
    this.readyState = 0
    this.binaryType = 'blob'
    this.onopen = null
    this.onmessage = null
    this.onclose = null
    this.onerror = null
  }

  send (bytes) {
    sent.push(Buffer.from(bytes).toString('hex'))
  }

  close () {
    this.readyState = this.CLOSED
  }
}

const doc = new Y.Doc()
doc.clientID = clientId
const provider = new WebsocketProvider('ws://test.invalid', 'plan', doc, {
  WebSocketPolyfill: StdioSocket,
  disableBc: true
})

function answer () {
  const states = {}
  for (const [id, state] of provider.awareness.getStates()) states[id] = state
  const line = JSON.stringify({
    sent: sent.splice(0),
    text: doc.getText('body').toString(),
    states,
    warnings: warnings.splice(0),
    synced: provider.synced
  })
  process.stdout.write(line + '\n')
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  const cmd = JSON.parse(line)
  const ws = provider.ws
  switch (cmd.op) {
    case 'open':
      ws.readyState = ws.OPEN
      ws.onopen()
      break
    case 'recv': {
      const bytes = Buffer.from(cmd.hex, 'hex')
      ws.onmessage({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) })
      break
    }
    case 'insert':
      doc.getText('body').insert(cmd.index, cmd.text)
      break
    case 'delete':
      doc.getText('body').delete(cmd.index, cmd.len)
      break
    case 'awareness':
      provider.awareness.setLocalState(cmd.state)
      break
    case 'close':
      ws.readyState = ws.CLOSED
      ws.onclose({ code: 1000, reason: '' })
      // Stay closed: no reconnect attempts while the test runs.
      provider.shouldConnect = false
      break
    case 'quit':
      answer()
      process.exit(0)
      break
    default:
      throw new Error(`unknown op ${cmd.op}`)
  }
  answer()
})
lines.on('close', () => process.exit(0))
