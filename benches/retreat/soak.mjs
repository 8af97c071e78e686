// A retreat day, compressed: N real Yjs peers (yjs + y-websocket) typing into one hosted plan at a
// retreat's pace for a day's worth of edits in minutes, against `throughline serve` (TLS, committing
// every update before relaying it); then the same host killed with SIGKILL, round after round,
// while peers write.
//
//   node benches/retreat/soak.mjs [--clients 30] [--edits 54000] [--minutes 15]
//                                 [--kill-rounds 100] [--kill-clients 5]
//
// Day: the host's RSS and the plan file's size are sampled every 10 s; at the end every peer and
// a fresh peer holding only what the host has must hold the same text (nothing lost), and a host
// restarted from the file must serve it again. Memory's anchor: that restarted host's RSS with
// as many peers synced, the same document on a host that served no day. Kill rounds: each round starts the host on the
// plan file, lets peers write for a random 0.5-2.5 s, and SIGKILLs it; on the next start, every
// edit that any peer had received from the host (so the host had relayed it, after committing)
// must be in what the restarted host serves. Needs `cargo build --release -p throughline-cli` and
// `npm ci` in crates/session/tests/js.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import net from 'node:net'
import readline from 'node:readline'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const jsDir = join(root, 'crates', 'session', 'tests', 'js')
const require = createRequire(join(jsDir, 'package.json'))
const Y = await import(require.resolve('yjs'))
const { WebsocketProvider } = await import(require.resolve('y-websocket'))
const PlainWebSocket = (await import(require.resolve('ws'))).default

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]])
  return acc
}, []))
const opt = {
  clients: Number(args.clients ?? 30),
  edits: Number(args.edits ?? 54000),
  minutes: Number(args.minutes ?? 15),
  killRounds: Number(args['kill-rounds'] ?? 100),
  killClients: Number(args['kill-clients'] ?? 5)
}
const bin = process.env.THROUGHLINE_BIN ?? join(root, 'target', 'release', 'throughline')
const dir = mkdtempSync(join(tmpdir(), 'throughline-soak-'))
const plan = join(dir, 'retreat.throughline')
const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))

function lines (stream) {
  const rl = readline.createInterface({ input: stream })
  const queue = []
  const waiters = []
  rl.on('line', l => { const w = waiters.shift(); w ? w(l) : queue.push(l) })
  return () => new Promise((resolve, reject) => {
    if (queue.length) return resolve(queue.shift())
    const timer = setTimeout(() => reject(new Error('no line from the host in 60 s')), 60000)
    waiters.push(l => { clearTimeout(timer); resolve(l) })
  })
}

function run (cmd, argv) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, XDG_DATA_HOME: join(dir, 'data') } })
    let out = ''
    p.stdout.on('data', d => { out += d })
    p.on('exit', code => code === 0 ? resolve(out) : reject(new Error(`${cmd} ${argv.join(' ')}: ${code}`)))
  })
}

async function freePort () {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/** Starts the host on the plan file, on `port`, with the same codes each time (the file keeps them). */
async function startHost (port) {
  const child = spawn(bin, ['serve', plan, '--bind', '127.0.0.1', '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_DATA_HOME: join(dir, 'data') } })
  let err = ''
  child.stderr.on('data', d => { err += d })
  const next = lines(child.stdout)
  const url = (await next().catch(e => { throw new Error(`${e.message}: ${err}`) })).split(/\s+/)[1]
  const [, server, room, code] = url.match(/^(wss?:\/\/[^/]+)\/([^?]+)\?code=(\d+)$/)
  let ca = null
  for (let line = await next(); ; line = await next()) {
    const m = line.match(/^certificate: (.+)$/)
    if (m) { ca = readFileSync(m[1].trim()); break }
  }
  return { child, server, room, code, ca }
}

function peer (host, name) {
  const doc = new Y.Doc()
  const ca = host.ca
  class Trusting extends PlainWebSocket { constructor (url, protocols) { super(url, protocols, { ca }) } }
  const provider = new WebsocketProvider(host.server, host.room, doc, {
    params: { code: host.code }, WebSocketPolyfill: Trusting, disableBc: true, maxBackoffTime: 300
  })
  const p = { name, doc, provider, seen: new Map() }
  // What this peer received from the host: the highest clock of each other writer.
  doc.on('update', (update, origin) => {
    if (origin !== provider) return
    for (const s of Y.decodeUpdate(update).structs) {
      if (s.id.client === doc.clientID) continue
      const end = s.id.clock + s.length
      if ((p.seen.get(s.id.client) ?? 0) < end) p.seen.set(s.id.client, end)
    }
  })
  return p
}

const synced = (p, ms = 60000) => p.provider.synced
  ? Promise.resolve()
  : new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${p.name} did not sync in ${ms} ms`)), ms)
    p.provider.once('sync', () => { clearTimeout(timer); resolve() })
  })

/** One keystroke: mostly typing, some deleting, anywhere in the shared text. */
function edit (p) {
  const text = p.doc.getText('retreat')
  if (text.length > 40 && Math.random() < 0.25) {
    text.delete(Math.floor(Math.random() * (text.length - 1)), 1)
  } else {
    text.insert(Math.floor(Math.random() * (text.length + 1)), String.fromCharCode(97 + Math.floor(Math.random() * 26)))
  }
}

function hostSample (pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))[1])
  let fileKib = 0
  for (const f of [plan, `${plan}-wal`]) {
    try { fileKib += statSync(f).size / 1024 } catch {}
  }
  return { rssMiB: +(kib('VmRSS') / 1024).toFixed(1), fileMiB: +(fileKib / 1024).toFixed(2) }
}

async function day () {
  const port = await freePort()
  const host = await startHost(port)
  const peers = Array.from({ length: opt.clients }, (_, i) => peer(host, `peer ${i + 1}`))
  await Promise.all(peers.map(p => synced(p)))
  const perPeerEvery = (opt.minutes * 60 * 1000) / (opt.edits / opt.clients)
  const samples = [{ at: 0, ...hostSample(host.child.pid) }]
  const started = Date.now()
  const until = started + opt.minutes * 60 * 1000
  const sampler = setInterval(() => samples.push({ at: Math.round((Date.now() - started) / 1000), ...hostSample(host.child.pid) }), 10000)
  let made = 0
  await Promise.all(peers.map(p => (async () => {
    await sleep(Math.random() * perPeerEvery)
    while (Date.now() < until) {
      edit(p)
      made++
      // Bursts and pauses, as people type: the mean interval is the day's pace.
      await sleep(perPeerEvery * (0.2 + Math.random() * 1.6))
    }
  })()))
  clearInterval(sampler)
  samples.push({ at: Math.round((Date.now() - started) / 1000), ...hostSample(host.child.pid) })
  // Let the last edits arrive, then every peer must hold the same text.
  const deadline = Date.now() + 60000
  const texts = () => new Set(peers.map(p => p.doc.getText('retreat').toString()))
  while (texts().size > 1 && Date.now() < deadline) await sleep(200)
  const converged = texts().size === 1
  const text = peers[0].doc.getText('retreat').toString()
  const late = peer(host, 'late joiner')
  await synced(late)
  await sleep(500)
  const lateHas = late.doc.getText('retreat').toString() === text
  for (const p of [...peers, late]) p.provider.destroy()
  host.child.kill('SIGTERM')
  await new Promise(resolve => host.child.once('exit', resolve))
  // The file alone: a restarted host serves the same text.
  const again = await startHost(port)
  const reader = peer(again, 'after restart')
  await synced(reader)
  await sleep(500)
  const restartedHas = reader.doc.getText('retreat').toString() === text
  // The anchor for memory: the same document and as many peers, on a host that has served no
  // day. What the day's host holds beyond this is what hours of serving left behind.
  const fresh = Array.from({ length: opt.clients - 1 }, (_, i) => peer(again, `fresh ${i + 1}`))
  await Promise.all(fresh.map(p => synced(p)))
  await sleep(2000)
  const freshHost = hostSample(again.child.pid)
  for (const p of fresh) p.provider.destroy()
  reader.provider.destroy()
  again.child.kill('SIGTERM')
  await new Promise(resolve => again.child.once('exit', resolve))
  return { port, made, converged, lateHas, restartedHas, textChars: text.length, samples, freshHost }
}

async function killRounds (port) {
  const peers = []
  let lost = 0
  let checked = 0
  let host = await startHost(port)
  for (let i = 0; i < opt.killClients; i++) peers.push(peer(host, `writer ${i + 1}`))
  for (let round = 1; round <= opt.killRounds; round++) {
    await Promise.all(peers.map(p => synced(p)))
    // Everything seen before this round must survive the kill to come.
    const writing = peers.map(p => (async () => {
      const stop = Date.now() + 500 + Math.random() * 2000
      while (Date.now() < stop) { edit(p); await sleep(20 + Math.random() * 60) }
    })())
    await sleep(500 + Math.random() * 2000)
    host.child.kill('SIGKILL')
    await new Promise(resolve => host.child.once('exit', resolve))
    await Promise.all(writing)
    const seen = new Map()
    for (const p of peers) {
      for (const [client, end] of p.seen) if ((seen.get(client) ?? 0) < end) seen.set(client, end)
    }
    host = await startHost(port)
    // A fresh peer holds only what the restarted host has.
    const judge = peer(host, `judge ${round}`)
    await synced(judge)
    const sv = Y.decodeStateVector(Y.encodeStateVector(judge.doc))
    for (const [client, end] of seen) {
      checked++
      if ((sv.get(client) ?? 0) < end) {
        lost++
        console.error(`round ${round}: writer ${client} had clock ${end} relayed, the restarted host has ${sv.get(client) ?? 0}`)
      }
    }
    judge.provider.destroy()
    if (round % 10 === 0) console.error(`kill round ${round}: ${lost} lost of ${checked} writer clocks checked`)
  }
  for (const p of peers) p.provider.destroy()
  host.child.kill('SIGTERM')
  await new Promise(resolve => host.child.once('exit', resolve))
  return { rounds: opt.killRounds, checked, lost }
}

await run(bin, ['new', plan, '--demo'])
const d = await day()
const rss = d.samples.map(s => s.rssMiB)
const file = d.samples.map(s => s.fileMiB)
console.log(JSON.stringify({
  day: {
    clients: opt.clients,
    minutes: opt.minutes,
    edits: d.made,
    converged: d.converged,
    lateJoinerHasAll: d.lateHas,
    restartedHostHasAll: d.restartedHas,
    textChars: d.textChars,
    rssMiB: { first: rss[0], min: Math.min(...rss), max: Math.max(...rss), last: rss[rss.length - 1], freshHostSameDocAndPeers: d.freshHost.rssMiB },
    fileMiB: { first: file[0], max: Math.max(...file), last: file[file.length - 1] },
    samples: d.samples
  }
}))
const k = await killRounds(d.port)
console.log(JSON.stringify({ kill: k }))
rmSync(dir, { recursive: true, force: true })
process.exit(d.converged && d.lateHas && d.restartedHas && k.lost === 0 ? 0 : 1)
