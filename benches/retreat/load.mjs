// Retreat load: N real Yjs peers (yjs + y-websocket over ws) in one room, each typing about R
// characters a second into one shared text, run side by side in one invocation against
// `throughline serve` (committing every update to the plan file before relaying it; over wss://
// as by default, and `throughline-insecure` the same host with --insecure, plain ws://) and the npm
// reference server @y/websocket-server 0.1.1 (in memory).
//
//   node benches/retreat/load.mjs [--clients 30] [--procs 3] [--rate 5] [--secs 20] [--runs 1]
//                                 [--servers throughline,throughline-insecure,floor,relay,reference]
//                                 [--relay-cmd CMD]
//
// The anchors, measured in the same run:
// - `floor`, the durability floor: `crates/session/examples/floor_relay.rs`, a y-websocket server
//   that only keeps one yrs document and commits each batch of updates to a SQLite log (WAL,
//   synchronous = FULL, as the plan file) before relaying it. No host that commits every update
//   before relaying can do much better on this disk in this hour.
// - `relay`, the same server persisting nothing (`--no-commit`), or any other bare relay given
//   by --relay-cmd (`{port}` standing for a free port; it must print one line ending in the
//   port it listens on), for example yrs-warp's example server built outside this repository.
//
// Needs `cargo build --release -p throughline-cli`,
// `cargo build --release -p throughline-session --example floor_relay` and `npm ci` in
// crates/session/tests/js.
// Latency is one peer's insert -> another peer's provider applied it, for every (edit,
// receiver) pair, on CLOCK_MONOTONIC (process.hrtime) shared by the processes. Server CPU
// (µs per edit) and RSS (peak VmHWM) are read from /proc for the server process alone; the
// load generator's own CPU is reported too, since on two cores it can be the bottleneck.
// The disk is shared and drifts (see performance-anchors.md), so only figures from the same
// run compare.

import { spawn } from 'node:child_process'
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import readline from 'node:readline'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const jsDir = join(root, 'crates', 'session', 'tests', 'js')
const require = createRequire(join(jsDir, 'package.json'))
const fromJs = (name) => import(require.resolve(name))

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]])
  return acc
}, []))
const opt = {
  clients: Number(args.clients ?? 30),
  procs: Number(args.procs ?? 3),
  rate: Number(args.rate ?? 5),
  secs: Number(args.secs ?? 20),
  runs: Number(args.runs ?? 1),
  servers: (args.servers ?? 'throughline,throughline-insecure,floor,relay,reference').split(','),
  relayCmd: args['relay-cmd'],
  warmup: 3,
  drain: 4
}

if (args.worker !== undefined) {
  await worker(JSON.parse(args.worker))
} else {
  await main()
}

// ---- one load process: some of the peers --------------------------------------------------
async function worker ({ server, room, code, ca, count, rate, secs, warmup, drain, base: baseNs }) {
  const base = BigInt(baseNs)
  const Y = await fromJs('yjs')
  const { WebsocketProvider } = await fromJs('y-websocket')
  const PlainWebSocket = (await fromJs('ws')).default
  // A wss:// host is trusted through exactly the certificate it printed, as a stock client would.
  const trusted = ca ? readFileSync(ca) : null
  const WebSocket = trusted
    ? class extends PlainWebSocket { constructor (url, protocols) { super(url, protocols, { ca: trusted }) } }
    : PlainWebSocket
  const peers = []
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(server, room, doc, {
      params: code ? { code } : {}, WebSocketPolyfill: WebSocket, disableBc: true
    })
    const peer = { doc, provider, sent: [], recv: [] }
    doc.on('update', (update, origin) => {
      if (origin !== provider) return
      const t = process.hrtime.bigint()
      for (const s of Y.decodeUpdate(update).structs) {
        if (s.id.client !== doc.clientID && s.constructor.name === 'Item') {
          peer.recv.push([s.id.client, s.id.clock, Number(t - base)])
        }
      }
    })
    peers.push(peer)
  }
  await Promise.all(peers.map(p => new Promise(resolve => {
    if (p.provider.synced) resolve()
    else p.provider.once('sync', resolve)
  })))
  process.send({ ready: true })
  await new Promise(resolve => process.once('message', resolve))
  const cpu0 = process.cpuUsage()
  const every = 1000 / rate
  const stopAt = Date.now() + (warmup + secs) * 1000
  const timers = peers.map(p => new Promise(resolve => {
    const tick = () => {
      if (Date.now() >= stopAt) return resolve()
      const text = p.doc.getText('bench')
      const clock = Y.getState(p.doc.store, p.doc.clientID)
      const at = Math.floor(Math.random() * (text.length + 1))
      text.insert(at, String.fromCharCode(97 + (clock % 26)))
      p.sent.push([p.doc.clientID, clock, Number(process.hrtime.bigint() - base)])
      setTimeout(tick, every)
    }
    setTimeout(tick, Math.random() * every)
  }))
  await Promise.all(timers)
  await new Promise(resolve => setTimeout(resolve, drain * 1000))
  const cpu = process.cpuUsage(cpu0)
  process.send({
    sent: peers.flatMap(p => p.sent),
    recv: peers.map(p => p.recv),
    text: peers.map(p => p.doc.getText('bench').toString()),
    cpuUs: cpu.user + cpu.system
  }, () => {
    // Exit only once the results are handed over: a large message is still being written
    // to the IPC pipe when send() returns, and exiting then loses it (the parent waits forever).
    for (const p of peers) p.provider.destroy()
    process.exit(0)
  })
}

// ---- the parent: servers, workers, figures -----------------------------------------------
function procStat (pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))[1])
  return { cpuUs: ticks * 10000, rssKib: kib('VmRSS'), hwmKib: kib('VmHWM') }
}

function lines (stream) {
  const rl = readline.createInterface({ input: stream })
  const queue = []
  const waiters = []
  rl.on('line', l => { const w = waiters.shift(); w ? w(l) : queue.push(l) })
  return () => new Promise((resolve, reject) => {
    if (queue.length) return resolve(queue.shift())
    const timer = setTimeout(() => reject(new Error('no line from server in 30 s')), 30000)
    waiters.push(l => { clearTimeout(timer); resolve(l) })
  })
}

function run (cmd, argv, env) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', d => { out += d })
    p.on('exit', code => code === 0 ? resolve(out) : reject(new Error(`${cmd} ${argv.join(' ')}: ${code}`)))
  })
}

async function startServer (kind, dir) {
  if (kind === 'throughline' || kind === 'throughline-insecure') {
    const bin = process.env.THROUGHLINE_BIN ?? join(root, 'target', 'release', 'throughline')
    const plan = join(dir, `${kind}.throughline`)
    await run(bin, ['new', plan, '--demo'])
    const insecure = kind === 'throughline-insecure' ? ['--insecure'] : []
    // The certificate is kept in the data folder: one per run, in the run's own folder.
    const child = spawn(bin, ['serve', plan, '--bind', '127.0.0.1', '--port', '0', ...insecure],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, XDG_DATA_HOME: join(dir, 'data') } })
    const next = lines(child.stdout)
    const url = (await next()).split(/\s+/)[1]
    const [, server, room, code] = url.match(/^(wss?:\/\/[^/]+)\/([^?]+)\?code=(\d+)$/)
    let ca = null
    if (!insecure.length) {
      // The reviewer's and viewer's links, then the certificate the peers trust.
      for (let line = await next(); ; line = await next()) {
        const m = line.match(/^certificate: (.+)$/)
        if (m) { ca = m[1].trim(); break }
      }
    }
    return { child, server, room, code, ca }
  }
  const port = 20000 + Math.floor(Math.random() * 20000)
  if (kind === 'relay' || kind === 'floor') {
    const ours = join(root, 'target', 'release', 'examples', 'floor_relay')
    const line = kind === 'relay' && opt.relayCmd
      ? opt.relayCmd
      : `${ours} {port} ${join(dir, 'floor.sqlite')}${kind === 'relay' ? ' --no-commit' : ''}`
    const [cmd, ...argv] = line.replace('{port}', String(port)).split(/\s+/)
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] })
    const listening = (await lines(child.stdout)()).trim().split(/\s+/).pop()
    return { child, server: `ws://127.0.0.1:${listening}`, room: 'bench-room', code: '' }
  }
  const child = spawn(process.execPath, [join(jsDir, 'node_modules/@y/websocket-server/src/server.js')],
    { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] })
  await lines(child.stdout)()
  return { child, server: `ws://127.0.0.1:${port}`, room: 'bench-room', code: '' }
}

function percentile (sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

async function measure (kind) {
  const dir = mkdtempSync(join(tmpdir(), 'retreat-load-'))
  const s = await startServer(kind, dir)
  const base = process.hrtime.bigint()
  const idle = procStat(s.child.pid)
  const per = Math.ceil(opt.clients / opt.procs)
  const workers = []
  for (let i = 0; i < opt.procs; i++) {
    const count = Math.min(per, opt.clients - i * per)
    const w = spawn(process.execPath, [fileURLToPath(import.meta.url), '--worker', JSON.stringify({
      server: s.server, room: s.room, code: s.code, ca: s.ca, count, rate: opt.rate, secs: opt.secs,
      warmup: opt.warmup, drain: opt.drain, base: 0
    }).replace('"base":0', `"base":"${base}"`)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    workers.push(w)
  }
  await Promise.all(workers.map(w => new Promise(resolve => w.once('message', resolve))))
  const start = procStat(s.child.pid)
  const t0 = Number(process.hrtime.bigint() - base)
  for (const w of workers) w.send({ go: true })
  const results = await Promise.all(workers.map(w => new Promise(resolve => w.once('message', resolve))))
  const end = procStat(s.child.pid)
  s.child.kill('SIGTERM')
  await new Promise(resolve => s.child.once('exit', resolve))
  rmSync(dir, { recursive: true, force: true })

  const measuredFrom = t0 + opt.warmup * 1e9
  const measuredTo = measuredFrom + opt.secs * 1e9
  const sentAt = new Map()
  for (const r of results) for (const [c, k, t] of r.sent) sentAt.set(`${c}:${k}`, t)
  const latencies = []
  const lastArrival = new Map()
  let pairs = 0
  let missing = 0
  const receivers = results.flatMap(r => r.recv)
  for (const [key, t] of sentAt) {
    if (t < measuredFrom || t > measuredTo) continue
    pairs += receivers.length - 1
  }
  for (const recv of receivers) {
    for (const [c, k, t] of recv) {
      const key = `${c}:${k}`
      const sent = sentAt.get(key)
      if (sent === undefined || sent < measuredFrom || sent > measuredTo) continue
      latencies.push((t - sent) / 1e6)
      lastArrival.set(key, Math.max(lastArrival.get(key) ?? 0, (t - sent) / 1e6))
    }
  }
  missing = pairs - latencies.length
  latencies.sort((a, b) => a - b)
  const all = [...lastArrival.values()].sort((a, b) => a - b)
  const texts = results.flatMap(r => r.text)
  const ops = [...sentAt.values()].filter(t => t >= measuredFrom && t <= measuredTo).length
  const windowSecs = (end.cpuUs >= 0 ? opt.secs + opt.warmup + opt.drain : 0)
  return {
    server: kind,
    sentOpsPerSec: +(ops / opt.secs).toFixed(1),
    p50: +percentile(latencies, 0.5).toFixed(2),
    p99: +percentile(latencies, 0.99).toFixed(2),
    p999: +percentile(latencies, 0.999).toFixed(2),
    all29p99: +percentile(all, 0.99).toFixed(2),
    missingPairs: missing,
    converged: texts.every(t => t === texts[0]),
    serverCpuUsPerOp: Math.round((end.cpuUs - start.cpuUs) / [...sentAt.values()].length),
    serverCpuPct: +(100 * (end.cpuUs - start.cpuUs) / (windowSecs * 1e6)).toFixed(1),
    serverRssIdleMiB: +(idle.rssKib / 1024).toFixed(1),
    serverRssPeakMiB: +(end.hwmKib / 1024).toFixed(1),
    loadCpuPct: +(100 * results.reduce((a, r) => a + r.cpuUs, 0) / (windowSecs * 1e6)).toFixed(1)
  }
}

async function main () {
  const rows = []
  for (let run = 0; run < opt.runs; run++) {
    for (const kind of opt.servers) {
      const row = await measure(kind)
      rows.push({ run, ...row })
      console.log(JSON.stringify({ run, ...row }))
    }
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const by = (kind, field) => median(rows.filter(r => r.server === kind).map(r => r[field]))
  const others = opt.servers.filter(k => k !== 'throughline')
  if (opt.servers.includes('throughline') && others.length) {
    console.log(`\n${opt.clients} peers x ${opt.rate} edits/s, ${opt.secs} s, medians of ${opt.runs}:`)
    for (const field of ['p50', 'p99', 'p999', 'all29p99', 'serverCpuUsPerOp', 'serverRssPeakMiB', 'loadCpuPct']) {
      const t = by('throughline', field)
      const cells = others.map(k => `${k} ${String(by(k, field)).padStart(8)} (ratio ${(t / by(k, field)).toFixed(2)})`)
      console.log(`${field.padEnd(18)} throughline ${String(t).padStart(8)}  ${cells.join('  ')}`)
    }
  }
}
