// Real Yjs peers (yjs + y-websocket over ws, from crates/session/tests/js) typing into one
// room for the live bench (crates/app/benches/live.rs), which reads what this prints.
//
//   node live_typists.mjs SERVER_URL ROOM CODE COUNT RATE SECS
//
// Prints `ready` once every peer has synced, waits for a line on stdin, then each peer types
// one character RATE times a second for SECS seconds (started at random offsets, as people
// do), and prints one JSON line: every keystroke as [client, clock, wall-clock µs].
import { createRequire } from 'node:module'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import readline from 'node:readline'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, '..', '..', 'session', 'tests', 'js', 'package.json'))
const Y = await import(require.resolve('yjs'))
const { WebsocketProvider } = await import(require.resolve('y-websocket'))
const WebSocket = (await import(require.resolve('ws'))).default

const [server, room, code, count, rate, secs] = process.argv.slice(2)
// Wall-clock microseconds: the bench's Rust side reads the same clock when an update arrives.
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000)

const peers = []
for (let i = 0; i < Number(count); i++) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server, room, doc, {
    params: { code }, WebSocketPolyfill: WebSocket, disableBc: true
  })
  peers.push({ doc, provider })
}
await Promise.all(peers.map(p => new Promise(resolve => {
  if (p.provider.synced) resolve()
  else p.provider.once('sync', resolve)
})))
const lines = readline.createInterface({ input: process.stdin })
const next = () => new Promise(resolve => lines.once('line', resolve))
process.stdout.write('ready\n')
await next()

const sent = []
const every = 1000 / Number(rate)
const stopAt = Date.now() + Number(secs) * 1000
await Promise.all(peers.map(p => new Promise(resolve => {
  const text = p.doc.getMap('vision').get('statement')
  const tick = () => {
    if (Date.now() >= stopAt) return resolve()
    const clock = Y.getState(p.doc.store, p.doc.clientID)
    const at = Math.floor(Math.random() * (text.length + 1))
    sent.push([p.doc.clientID, clock, nowUs()])
    text.insert(at, String.fromCharCode(97 + (clock % 26)))
    setTimeout(tick, every)
  }
  setTimeout(tick, Math.random() * every)
})))
// Let the last keystrokes travel before the sockets close.
await new Promise(resolve => setTimeout(resolve, 1000))
for (const p of peers) p.provider.destroy()
// Exit only once the line is written: a pipe takes a large write in pieces.
process.stdout.write(JSON.stringify(sent) + '\n', () => process.exit(0))
