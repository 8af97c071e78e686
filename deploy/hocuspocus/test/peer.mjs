// A real Hocuspocus client for the tests: @hocuspocus/provider (over `ws`, as Node 20 has no
// WebSocket) on one document, driven by one JSON command per line on stdin; one JSON answer
// per line on stdout.
//
//   node test/peer.mjs SERVER_URL DOCUMENT TOKEN
//
// Commands ({"cmd": ...}):
//   wait_synced {timeout_ms}               the server accepted the token and the provider synced
//   scope                                  -> {scope}: "read-write", "readonly" or null
//   insert {map, key, index, text}         types into the Y.Text at doc.getMap(map).get(key),
//                                          made if missing
//   read {map, key}                        -> {text}
//   wait_contains {map, key, text, timeout_ms}
//   quit
// Every wait is bounded by its timeout (default 20 s) and answers {ok:false} when it runs out.

import * as Y from 'yjs'
import { HocuspocusProvider } from '@hocuspocus/provider'
import WebSocket from 'ws'
import readline from 'node:readline'

const [url, name, token] = process.argv.slice(2)
const doc = new Y.Doc()
let refused = null
const provider = new HocuspocusProvider({
  url,
  name,
  token,
  document: doc,
  WebSocketPolyfill: WebSocket,
  onAuthenticationFailed: ({ reason }) => { refused = reason }
})

const answer = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

function textAt (map, key, make = false) {
  const m = doc.getMap(map)
  let value = m.get(key)
  if (!(value instanceof Y.Text) && make) {
    value = new Y.Text()
    m.set(key, value)
  }
  return value instanceof Y.Text ? value : null
}

function until (check, timeoutMs = 20000) {
  return new Promise((resolve) => {
    if (check()) return resolve(true)
    const timer = setTimeout(() => { clearInterval(poll); resolve(false) }, timeoutMs)
    const poll = setInterval(() => {
      if (check()) { clearTimeout(timer); clearInterval(poll); resolve(true) }
    }, 20)
  })
}

async function handle (c) {
  switch (c.cmd) {
    case 'wait_synced':
      return { ok: await until(() => provider.isSynced || refused !== null, c.timeout_ms) && refused === null, refused }
    case 'scope':
      return { ok: true, scope: provider.authorizedScope ?? null, refused }
    case 'insert': {
      const t = textAt(c.map, c.key, true)
      t.insert(c.index ?? t.length, c.text)
      return { ok: true }
    }
    case 'read': {
      const t = textAt(c.map, c.key)
      return { ok: t !== null, text: t ? t.toString() : null }
    }
    case 'wait_contains':
      return { ok: await until(() => (textAt(c.map, c.key)?.toString() ?? '').includes(c.text), c.timeout_ms) }
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
for await (const line of lines) {
  if (!line.trim()) continue
  let command
  try { command = JSON.parse(line) } catch (e) { answer({ ok: false, error: String(e) }); continue }
  answer(await handle(command))
}
process.exit(0)
