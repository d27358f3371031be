import { ClusterApi } from '../api/ClusterApi';
import { apiVersionOf, resourceForKind } from '../api/resources';
import { KubeObject } from '../util/objects';
import { nowRfc3339 } from '../util/time';

/** Who reports an event. */
export interface EventSource {
  component: string;
  host?: string;
}

/**
 * Records core/v1 Events like client-go's recorder, aggregating repeats of the same
 * reason and message on the same object into one Event with a count.
 */
export class EventRecorder {
  private readonly seen = new Map<string, string>();
  private readonly rt = resourceForKind('Event');

  constructor(private readonly api: ClusterApi) {}

  /** Records an event about `involved`. */
  record(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string) {
    const namespace = involved.metadata.namespace || 'default';
    const key = `${involved.metadata.uid}|${reason}|${message}|${source.component}|${fieldPath ?? ''}`;
    const now = nowRfc3339();
    try {
      const existingName = this.seen.get(key);
      if (existingName) {
        const updated = this.api.mutate(this.rt, namespace, existingName, source.component, ev => {
          ev.count = (ev.count ?? 1) + 1;
          ev.lastTimestamp = now;
        });
        if (updated) return;
      }
      const rt = resourceForKind(involved.kind ?? 'Pod');
      const name = `${involved.metadata.name}.${(Date.now() * 1e6 + Math.floor(Math.random() * 1e6)).toString(16)}`;
      this.api.create(this.rt, namespace, {
        metadata: { name, namespace },
        involvedObject: {
          kind: involved.kind,
          namespace: involved.metadata.namespace,
          name: involved.metadata.name,
          uid: involved.metadata.uid,
          apiVersion: apiVersionOf(rt),
          resourceVersion: involved.metadata.resourceVersion,
          ...(fieldPath ? { fieldPath } : {}),
        },
        reason,
        message,
        source,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      }, { manager: source.component });
      this.seen.set(key, name);
      if (this.seen.size > 50000) this.seen.clear();
    } catch {
      // e.g. the namespace is terminating: events are best effort, like the real recorder.
    }
  }
}
