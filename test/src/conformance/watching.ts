/**
 * Watch helpers of the conformance suite. A watch ERROR event (a Status object in the stream) or
 * a watch that ends with an error fails the waiting test at once, with the server's message,
 * instead of letting it time out. Objects the control plane creates on its own are tolerated by
 * name ({@link CONTROL_PLANE_OBJECTS}).
 */
import * as k8s from '@kubernetes/client-node';

/**
 * Objects a real control plane creates in every namespace by itself: the controller manager's
 * root CA ConfigMap (shortly after the namespace is created). Tests that watch or count a
 * namespace's objects ignore these names.
 */
export const CONTROL_PLANE_OBJECTS = ['kube-root-ca.crt'];

/** Whether an object is one the control plane creates by itself. */
export function isControlPlaneObject(obj: any): boolean {
  return CONTROL_PLANE_OBJECTS.includes(obj?.metadata?.name);
}

/** One event received on a watch. */
export interface SeenEvent {
  type: string;
  obj: any;
}

/** A running watch. */
export interface WatchHandle {
  /** Every event received, in order (ERROR events included). */
  events: SeenEvent[];
  /** The events of the test's own objects: without control-plane objects and ERROR events. */
  own(): SeenEvent[];
  /**
   * Waits until `pred` holds; throws at once when an ERROR event arrives or the watch ends with
   * an error, and after `timeoutMs` otherwise.
   */
  until<T>(what: string, pred: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Undefined while open; null when it ended cleanly; the error otherwise. */
  ended(): unknown;
  abort(): void;
}

/** Starts a watch on `path` with `params` (k8s.Watch, as informers use it). */
export async function startWatch(kc: k8s.KubeConfig, path: string, params: Record<string, unknown>): Promise<WatchHandle> {
  const events: SeenEvent[] = [];
  let ended: unknown = undefined;
  const req = await new k8s.Watch(kc).watch(path, params, (type, obj) => events.push({ type, obj }), err => {
    ended = err ?? null;
  });
  const failure = () => {
    const error = events.find(e => e.type === 'ERROR');
    if (error) return `watch ERROR event: ${error.obj?.code} ${error.obj?.reason}: ${error.obj?.message}`;
    if (ended) return `watch ended with an error: ${(ended as Error)?.message ?? String(ended)}`;
    return undefined;
  };
  return {
    events,
    own: () => events.filter(e => e.type !== 'ERROR' && !isControlPlaneObject(e.obj)),
    ended: () => ended,
    abort: () => req.abort(),
    async until(what, pred, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const failed = failure();
        if (failed) throw new Error(`${what}: ${failed}`);
        const v = pred();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}; events: ${JSON.stringify(events.map(e => `${e.type} ${e.obj?.metadata?.name ?? ''}`))}`);
        await new Promise(r => setTimeout(r, 100));
      }
    },
  };
}

/** The server's `/version` major and minor (e.g. 1 and 26; a `+` suffix is dropped). */
export async function serverVersion(kc: k8s.KubeConfig): Promise<{ major: number; minor: number; gitVersion: string }> {
  const info = await kc.makeApiClient(k8s.VersionApi).getCode();
  return { major: Number(info.major), minor: Number(String(info.minor).replace(/\D+$/, '')), gitVersion: info.gitVersion };
}
