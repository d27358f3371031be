import http from 'node:http';
import { hostUrl } from './portalSlb';

/** One request through an Nginx host of dev-public with the domain as Host header. */
export function getThroughNginx(address: string, domain: string): Promise<{ status?: number; body: string }> {
  return new Promise(resolve => {
    const req = http.get(hostUrl(address), { headers: { host: domain }, agent: false, timeout: 5000 }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', c => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', e => resolve({ status: undefined, body: String(e) }));
  });
}
