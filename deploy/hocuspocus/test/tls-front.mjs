// Stands in, in tests, for the TLS reverse proxy (nginx, Caddy, the district's load balancer)
// that serves a district's Hocuspocus as wss://: it ends TLS with the given certificate and
// passes the bytes on to one instance on loopback, as such a proxy does.
//
//   node tls-front.mjs CERT.pem KEY.pem INSTANCE_PORT
//
// Prints `listening on wss://localhost:PORT` once ready.
import { readFileSync } from 'node:fs'
import net from 'node:net'
import tls from 'node:tls'

const [cert, key, target] = process.argv.slice(2)
const front = tls.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (client) => {
  const instance = net.connect(Number(target), '127.0.0.1')
  client.pipe(instance).pipe(client)
  client.on('error', () => instance.destroy())
  instance.on('error', () => client.destroy())
})
// A client that fails the handshake (it does not trust the certificate) is its own business.
front.on('tlsClientError', () => {})
front.listen(0, '127.0.0.1', () => {
  console.log(`listening on wss://localhost:${front.address().port}`)
})
