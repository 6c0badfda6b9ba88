/**
 * What a public server's connections may cost: timeouts for slow or idle clients, a cap on open
 * connections, and a smaller cap per client so that one host holding thousands of idle, half-sent
 * requests cannot take the connections everyone else needs. main.ts applies it; the tests apply the
 * same to their servers.
 */
import type { Server, ServerOptions } from 'node:http';
import { normalizeAddress, senderKey, TRUST_NOTHING, type ProxyTrust } from './client-ip.js';

export interface ConnectionLimits {
  /** A request's headers must have arrived within this long (slowloris). */
  headersTimeoutMs: number;
  /** The whole request, body included, within this long. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Open connections at most (`server.maxConnections`); past it new ones are closed at once. */
  maxConnections: number;
  /**
   * Open connections one client (an IPv4 address, an IPv6 /64) holds at most; past it its new ones
   * are closed at once. Connections from trusted proxies (`TRUST_PROXY`) are not counted: the proxy
   * speaks for many clients, and limits them itself.
   */
  maxConnectionsPerClient: number;
}

export const PUBLIC_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
  maxConnectionsPerClient: 256,
};

/**
 * Options for `http.createServer` (`serve({ serverOptions })`): Node looks for connections past
 * their header or request timeout only every `connectionsCheckingInterval` (30 s by default), so it
 * is shortened to make a 10-second header timeout close a connection within about 12 seconds.
 */
export const serverOptions = (limits: ConnectionLimits): ServerOptions => ({
  connectionsCheckingInterval: Math.max(100, Math.min(2000, Math.floor(limits.headersTimeoutMs / 4))),
  headersTimeout: limits.headersTimeoutMs,
  requestTimeout: limits.requestTimeoutMs,
  keepAliveTimeout: limits.keepAliveTimeoutMs,
});

/** Applies the timeouts and caps to `server` (made with `serverOptions(limits)`). */
export function limitConnections(server: Server, limits: ConnectionLimits, trust: ProxyTrust = TRUST_NOTHING): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;

  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const peer = normalizeAddress(socket.remoteAddress ?? '') ?? 'unknown';
    if (trust.isProxy(peer)) return;
    const key = senderKey(peer);
    const count = (open.get(key) ?? 0) + 1;
    if (count > limits.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = open.get(key)! - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
