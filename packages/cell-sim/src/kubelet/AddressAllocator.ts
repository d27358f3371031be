import net from 'node:net';

function toInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some(x => !Number.isInteger(x) || x < 0 || x > 255)) throw new Error(`invalid IPv4 address ${ip}`);
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

function toIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Tries to bind each port on an address; true when all are free. */
export async function canBind(ip: string, ports: number[]): Promise<boolean> {
  const servers: net.Server[] = [];
  try {
    for (const port of ports) {
      const s = net.createServer();
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen({ port, host: ip, exclusive: true }, () => resolve());
      });
      servers.push(s);
    }
    return true;
  } catch {
    return false;
  } finally {
    await Promise.all(servers.map(s => new Promise<void>(r => s.close(() => r()))));
  }
}

/**
 * Hands out loopback addresses (127.x.y.z) for pods from a per-cell range, skipping addresses
 * in use by this simulator and those where binding fails (taken by another process).
 */
export class AddressAllocator {
  private cursor: number;
  private readonly start: number;
  private readonly end: number;
  private readonly inUse = new Set<string>();

  /** `base` is the first address; the range spans `size` addresses. */
  constructor(base: string, size = 65_000) {
    this.start = toInt(base);
    if (this.start >>> 24 !== 127) throw new Error(`pod address base ${base} is not a loopback (127.0.0.0/8) address`);
    this.end = Math.min(this.start + size, toInt('127.255.255.254'));
    this.cursor = this.start;
  }

  /** Reserves a specific address (nodes). */
  reserve(ip: string) {
    this.inUse.add(ip);
  }

  /** Allocates an address where all `ports` can be bound. */
  async allocate(ports: number[]): Promise<string> {
    const total = this.end - this.start;
    for (let tries = 0; tries < Math.min(total, 4096); tries++) {
      const n = this.cursor;
      this.cursor = this.cursor + 1 >= this.end ? this.start : this.cursor + 1;
      const last = n & 255;
      if (last === 0 || last === 255) continue;
      const ip = toIp(n);
      if (this.inUse.has(ip)) continue;
      this.inUse.add(ip);
      if (ports.length === 0 || (await canBind(ip, ports))) return ip;
      this.inUse.delete(ip);
    }
    throw new Error('no free pod address in the cell\'s range');
  }

  /** Returns an address to the pool. */
  release(ip: string) {
    this.inUse.delete(ip);
  }

  /** Address `offset` positions after the base (nodes use the top of the range). */
  static offset(base: string, offset: number): string {
    return toIp(toInt(base) + offset);
  }
}
