/**
 * The GraphQL documents the plugin sends to SkyWalking's OAP (query protocol of
 * apache/skywalking-query-protocol). Tests validate every one against the protocol subset kept in
 * `packages/skywalking-dev/src/query-protocol.graphqls`.
 */

/** The topology around one service. */
export const SERVICE_TOPOLOGY = `query ServiceTopology($serviceId: ID!, $duration: Duration!) {
  getServiceTopology(serviceId: $serviceId, duration: $duration) {
    nodes { id name type isReal }
    calls { id source target detectPoints }
  }
}`;

/** Traces of a service, filtered by endpoint, duration and state. */
export const BASIC_TRACES = `query BasicTraces($condition: TraceQueryCondition) {
  queryBasicTraces(condition: $condition) {
    traces { segmentId endpointNames duration start isError traceIds }
  }
}`;

/** All spans of one trace. */
export const TRACE = `query Trace($traceId: ID!) {
  queryTrace(traceId: $traceId) {
    spans {
      traceId segmentId spanId parentSpanId serviceCode serviceInstanceName startTime endTime
      endpointName type peer component isError layer
      refs { traceId parentSegmentId parentSpanId type }
      tags { key value }
    }
  }
}`;

/** The endpoints of a service. */
export const FIND_ENDPOINTS = `query Endpoints($serviceId: ID!, $limit: Int!) {
  findEndpoint(serviceId: $serviceId, limit: $limit) { id name }
}`;

/** One MQE expression for an entity over a duration. */
export const EXPRESSION = `query Expression($expression: String!, $entity: Entity!, $duration: Duration!) {
  execExpression(expression: $expression, entity: $entity, duration: $duration) {
    type
    error
    results { metric { labels { key value } } values { id value } }
  }
}`;

/** The instances of a service that reported in a duration. */
export const LIST_INSTANCES = `query Instances($serviceId: ID!, $duration: Duration!) {
  listInstances(serviceId: $serviceId, duration: $duration) { id name }
}`;

/** Every document, by name (for the schema validation test). */
export const ALL_QUERIES = { SERVICE_TOPOLOGY, BASIC_TRACES, TRACE, FIND_ENDPOINTS, EXPRESSION, LIST_INSTANCES };
