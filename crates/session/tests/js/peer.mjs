// A real Yjs peer: yjs + y-websocket's WebsocketProvider (over `ws`, as Node 20 has no
// WebSocket), driven by one JSON command per line on stdin; one JSON answer per line on stdout.
//
//   node peer.mjs SERVER_URL ROOM [CODE]
//
// Commands ({"cmd": ...}):
//   wait_synced {timeout_ms}                   the provider has synced with the server
//   insert {map, key, index, text}             types into the Y.Text at doc.getMap(map).get(key)
//   read {map, key}                            -> {text}
//   dump {map}                                 -> {json}: the whole root map as Yjs gives it
//   wait_contains {map, key, text, timeout_ms} until that text contains `text`
//   awareness {state}                          sets this peer's awareness state
//   peers                                      -> {peers: [{client, state}]} (others only)
//   wait_peers {count, timeout_ms}             until `count` others are present
//   disconnect / connect                       drops / re-opens the socket (y-websocket's own calls)
//   status                                     -> {connected, synced}
//   type {map, key, prefix, every_ms}          keeps appending `<prefix><n>;` in the background
//   stop_typing                                -> {typed}
//   switch {server, room, code}                leaves this server and joins another (a take-over)
//   quit
// Every wait is bounded by its timeout (default 20 s) and answers {ok:false} when it runs out.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import readline from 'node:readline'
import { readFileSync } from 'node:fs'

const [serverUrl, room, code] = process.argv.slice(2)
// A host's wss:// is trusted through exactly its certificate, the PEM file `throughline serve`
// names (THROUGHLINE_CA), as any stock Node client would: `ws` with `ca:`.
const ca = process.env.THROUGHLINE_CA ? readFileSync(process.env.THROUGHLINE_CA) : null
class TrustingWebSocket extends WebSocket {
  constructor (url, protocols) {
    super(url, protocols, ca ? { ca } : {})
  }
}
const doc = new Y.Doc()
const open = (server, roomName, joinCode) => new WebsocketProvider(server, roomName, doc, {
  params: joinCode ? { code: joinCode } : {},
  WebSocketPolyfill: TrustingWebSocket,
  disableBc: true
})
let provider = open(serverUrl, room, code)
let typing = null

const answer = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

function textAt (map, key) {
  const value = doc.getMap(map).get(key)
  return value instanceof Y.Text ? value : null
}

function until (check, timeoutMs = 20000) {
  return new Promise((resolve) => {
    if (check()) return resolve(true)
    const onChange = () => {
      if (check()) { cleanup(); resolve(true) }
    }
    const timer = setTimeout(() => { cleanup(); resolve(false) }, timeoutMs)
    const poll = setInterval(onChange, 20)
    doc.on('update', onChange)
    provider.awareness.on('change', onChange)
    provider.on('sync', onChange)
    function cleanup () {
      clearTimeout(timer)
      clearInterval(poll)
      doc.off('update', onChange)
      provider.awareness.off('change', onChange)
      provider.off('sync', onChange)
    }
  })
}

function others () {
  const out = []
  provider.awareness.getStates().forEach((state, client) => {
    if (client !== doc.clientID) out.push({ client, state })
  })
  return out
}

async function handle (c) {
  switch (c.cmd) {
    case 'wait_synced':
      return { ok: await until(() => provider.synced, c.timeout_ms) }
    case 'insert': {
      const t = textAt(c.map, c.key)
      if (!t) return { ok: false, error: `no text at ${c.map}.${c.key}` }
      t.insert(Math.min(c.index ?? t.length, t.length), c.text)
      return { ok: true }
    }
    case 'read': {
      const t = textAt(c.map, c.key)
      return { ok: !!t, text: t ? t.toString() : null }
    }
    case 'dump':
      return { ok: true, json: doc.getMap(c.map).toJSON() }
    case 'wait_contains': {
      const ok = await until(() => {
        const t = textAt(c.map, c.key)
        return !!t && t.toString().includes(c.text)
      }, c.timeout_ms)
      const t = textAt(c.map, c.key)
      return { ok, text: t ? t.toString() : null }
    }
    case 'awareness':
      provider.awareness.setLocalState(c.state)
      return { ok: true }
    case 'peers':
      return { ok: true, peers: others() }
    case 'wait_peers': {
      const ok = await until(() => others().length === c.count, c.timeout_ms)
      return { ok, peers: others() }
    }
    case 'disconnect':
      provider.disconnect()
      return { ok: true }
    case 'connect':
      provider.connect()
      return { ok: true }
    case 'type': {
      let n = 0
      typing = setInterval(() => {
        const t = textAt(c.map, c.key)
        if (t) { t.insert(t.length, `${c.prefix}${n};`); n++ }
      }, c.every_ms)
      typing.count = () => n
      return { ok: true }
    }
    case 'stop_typing': {
      const typed = typing ? typing.count() : 0
      clearInterval(typing)
      typing = null
      return { ok: true, typed }
    }
    case 'switch': {
      const state = provider.awareness.getLocalState()
      provider.destroy()
      provider = open(c.server, c.room, c.code)
      provider.awareness.setLocalState(state)
      return { ok: true }
    }
    case 'status':
      return { ok: true, connected: provider.wsconnected, synced: provider.synced }
    case 'quit':
      provider.destroy()
      answer({ ok: true })
      process.exit(0)
      break
    default:
      return { ok: false, error: `unknown command ${c.cmd}` }
  }
}

const lines = readline.createInterface({ input: process.stdin })
let queue = Promise.resolve()
lines.on('line', (line) => {
  if (!line.trim()) return
  queue = queue.then(async () => {
    try {
      answer(await handle(JSON.parse(line)))
    } catch (e) {
      answer({ ok: false, error: String(e) })
    }
  })
})
lines.on('close', () => { provider.destroy(); process.exit(0) })
