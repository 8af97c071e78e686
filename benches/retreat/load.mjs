// Retreat load: N real Yjs peers (yjs + y-websocket over ws) in one room, each typing about R
// characters a second into one shared text, run side by side in one invocation against
// `throughline serve` (committing every update to the plan file before relaying it; over wss://
// as by default, and `throughline-insecure` the same host with --insecure, plain ws://) and the npm
// reference server @y/websocket-server 0.1.1 (in memory).
//
//   node benches/retreat/load.mjs [--clients 30] [--procs 3] [--rate 5] [--secs 20] [--runs 1]
//                                 [--servers throughline,throughline-insecure,reference,relay]
//                                 [--relay-cmd CMD]
//                                 [--floor off]
//
// `relay` is a bare relay that persists nothing (the issue names yrs-warp's example server),
// built outside this repository: --relay-cmd is its command line, `{port}` standing for a
// free port; it must print one line ending in the port it listens on.
//
// Needs `cargo build --release -p throughline-cli` and `npm ci` in crates/session/tests/js.
// Latency is one peer's insert -> another peer's provider applied it, for every (edit,
// receiver) pair, on CLOCK_MONOTONIC (process.hrtime) shared by the processes. Server CPU
// (µs per edit) and RSS (peak VmHWM) are read from /proc for the server process alone; the
// load generator's own CPU is reported too, since on two cores it can be the bottleneck.
//
// The durability floor (physical limit, measured in the same run): the bare relay runs once
// more, and meanwhile a probe process writes one 8 KiB record and fdatasync()s it at the same aggregate edit rate
// into a file beside the plan (overwriting, like a WAL in steady state), so it sees the same
// disk under the same load. `relay+flush` adds one such flush, drawn at random, to every
// receiver of each relayed edit: the latency of a relay that waited for one flush per edit
// and nothing else. `relay+log` also queues: edits are committed in turn to one log, each
// flush taking all that arrived during the previous one, the best a host with one plan file
// that commits every update before relaying it can do on this disk in this hour. The disk is shared and drifts (see performance-anchors.md), so
// only figures from the same run compare.

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
  servers: (args.servers ?? (args['relay-cmd'] ? 'throughline,reference,relay' : 'throughline,reference')).split(','),
  relayCmd: args['relay-cmd'],
  floor: args.floor !== 'off',
  warmup: 3,
  drain: 4
}

// The durability floor's run: the bare relay again, with the flush probe beside it.
const FLOOR = 'relay+flush'

if (args.worker !== undefined) {
  await worker(JSON.parse(args.worker))
} else if (args.probe !== undefined) {
  await flushProbe(JSON.parse(args.probe))
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

// ---- the durability floor: one flush per edit, at the peers' aggregate rate ---------------
async function flushProbe ({ file, rate }) {
  const { openSync, writeSync, fdatasyncSync, closeSync } = await import('node:fs')
  const record = Buffer.alloc(8192, 7)
  const slots = 512
  const fd = openSync(file, 'w+')
  for (let i = 0; i < slots; i++) writeSync(fd, record, 0, record.length, i * record.length)
  fdatasyncSync(fd)
  const flushes = []
  let stop = false
  process.once('message', () => { stop = true })
  process.send({ ready: true })
  let i = 0
  while (!stop) {
    // Exponential gaps: edits from 30 people arrive at random, not on a clock.
    await new Promise(resolve => setTimeout(resolve, -Math.log(1 - Math.random()) * 1000 / rate))
    const t = process.hrtime.bigint()
    writeSync(fd, record, 0, record.length, (i++ % slots) * record.length)
    fdatasyncSync(fd)
    flushes.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  closeSync(fd)
  process.send({ flushes }, () => process.exit(0))
}

function startProbe (dir) {
  const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--probe', JSON.stringify({
    file: join(dir, 'flush-probe.bin'), rate: opt.clients * opt.rate
  })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const ready = new Promise(resolve => p.once('message', resolve))
  return {
    ready,
    stop: async () => {
      const done = new Promise(resolve => p.once('message', resolve))
      p.send({ stop: true })
      return (await done).flushes
    }
  }
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
  if (kind === 'relay') {
    if (!opt.relayCmd) throw new Error('--servers relay needs --relay-cmd')
    const [cmd, ...argv] = opt.relayCmd.replace('{port}', String(port)).split(/\s+/)
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
  // The floor's run is the bare relay's again, with the flush probe beside it: the relay's own
  // figures come from a run without the probe.
  const s = await startServer(kind === FLOOR ? 'relay' : kind, dir)
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
  const probe = kind === FLOOR ? startProbe(dir) : null
  if (probe) await probe.ready
  const start = procStat(s.child.pid)
  const t0 = Number(process.hrtime.bigint() - base)
  for (const w of workers) w.send({ go: true })
  const results = await Promise.all(workers.map(w => new Promise(resolve => w.once('message', resolve))))
  const end = procStat(s.child.pid)
  const flushes = probe ? await probe.stop() : []
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
  const floor = {}
  if (flushes.length) {
    const draw = () => flushes[Math.floor(Math.random() * flushes.length)]
    // Own flush: each edit waits for one flush of its own. Queued: one log, committed in
    // turn, each commit taking everything that arrived while the previous one ran (group
    // commit), as a host with one plan file must.
    const own = new Map()
    const queued = new Map()
    let start = -Infinity
    let end = -Infinity
    const bySent = [...sentAt].sort((a, b) => a[1] - b[1])
    for (const [key, sent] of bySent) {
      own.set(key, draw())
      if (sent >= end) {
        start = sent
        end = sent + draw() * 1e6
      } else if (sent >= start) {
        // The latest commit is under way: the next one takes this edit.
        start = end
        end = start + draw() * 1e6
      }
      // else: the latest commit has not started yet, and takes this edit too.
      queued.set(key, (end - sent) / 1e6)
    }
    const withOwn = []
    const withQueued = []
    for (const recv of receivers) {
      for (const [c, k, t] of recv) {
        const key = `${c}:${k}`
        const sent = sentAt.get(key)
        if (sent === undefined || sent < measuredFrom || sent > measuredTo) continue
        withOwn.push((t - sent) / 1e6 + own.get(key))
        withQueued.push((t - sent) / 1e6 + queued.get(key))
      }
    }
    const sorted = (xs) => [...xs].sort((a, b) => a - b)
    const p = (xs, q) => +percentile(xs, q).toFixed(2)
    const f = sorted(flushes)
    const o = sorted(withOwn)
    const g = sorted(withQueued)
    Object.assign(floor, {
      flushP50: p(f, 0.5), flushP99: p(f, 0.99),
      relayFlushP50: p(o, 0.5), relayFlushP99: p(o, 0.99),
      relayLogP50: p(g, 0.5), relayLogP99: p(g, 0.99)
    })
  }
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
    loadCpuPct: +(100 * results.reduce((a, r) => a + r.cpuUs, 0) / (windowSecs * 1e6)).toFixed(1),
    ...floor
  }
}

async function main () {
  const rows = []
  const kinds = opt.servers.includes('relay') && opt.floor ? [...opt.servers, FLOOR] : opt.servers
  for (let run = 0; run < opt.runs; run++) {
    for (const kind of kinds) {
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
    if (kinds.includes(FLOOR)) {
      const f = (field) => by(FLOOR, field)
      const t = by('throughline', 'p99')
      console.log(`\ndurability floor, same runs (ms): one flush p50 ${f('flushP50')} p99 ${f('flushP99')}; ` +
        `the relay beside the probe p50 ${f('p50')} p99 ${f('p99')}`)
      console.log(`relay + a flush of its own per edit   p50 ${f('relayFlushP50')} p99 ${f('relayFlushP99')}  ` +
        `(${(f('relayFlushP99') / f('p99')).toFixed(2)}x that relay; throughline ${(t / f('relayFlushP99')).toFixed(2)}x this)`)
      console.log(`relay + one log, group commit          p50 ${f('relayLogP50')} p99 ${f('relayLogP99')}  ` +
        `(${(f('relayLogP99') / f('p99')).toFixed(2)}x that relay; throughline ${(t / f('relayLogP99')).toFixed(2)}x this)`)
    }
  }
}
