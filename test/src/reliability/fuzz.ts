/**
 * Bad requests for one route of the inventory, generated with fast-check from what the inventory
 * says about it: path parameters (unicode, dot segments, encoded slashes, NUL, overlong, SQL and
 * template injection), query parameters (wrong types, arrays, `__proto__`, deep nesting, overlong),
 * headers (content types, oversize values, malformed credentials) and bodies (malformed JSON,
 * non-objects, every known field of a wrong type, unknown fields, bodies past any size limit).
 * Every request is invalid by construction: a route that accepts one (2xx on a route that changes
 * something) is a finding, as is any 5xx.
 */
import fc from 'fast-check';
import { FieldType, InventoryRoute } from './inventory';
import { RawRequest } from './http';

/** Path parameter values no route may take, sent percent-encoded or raw. */
const TRICKY_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2F',
  'a%2Fb',
  '%00',
  '%',
  '%zz',
  ' ',
  'UPPER-case',
  '__proto__',
  'constructor',
  "x' OR '1'='1",
  '${7*7}',
  '<script>alert(1)</script>',
  '-leading-dash',
  'trailing-dash-',
  'a'.repeat(64),
  'b'.repeat(300),
  'c'.repeat(5000),
  '😀',
  'ünïcödé',
  'x\u202Ey',
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
];

/** Strings of every kind of character, percent-encoded for a path or query. */
const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 256, maxLength: 2048 }),
);

/** Percent-encodes what may not go on the wire raw (spaces, controls, non-ASCII); keeps `%`, `.`. */
const wireSafe = (s: string) =>
  s.replace(/[\uD800-\uDFFF]/g, '?').replace(/[^\x21-\x7e]/gu, c => encodeURIComponent(c));

const segment = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY_SEGMENTS.map(wireSafe)) },
  {
    weight: 3,
    arbitrary: anyString.map(s => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?'))),
  },
);

/** A value that is not of `type` (and not a valid one of it). */
export function wrongValue(type: FieldType): fc.Arbitrary<unknown> {
  const others: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
    fc.constant({ __proto__: { polluted: true } }),
    fc.string({ unit: 'grapheme', minLength: 2000, maxLength: 5000 }),
  ];
  const exclude: Record<FieldType, number[]> = {
    // an overlong string is still wrong for a string field: no field takes 2,000 characters
    string: [],
    number: [1, 2],
    boolean: [3],
    array: [4],
    object: [5, 6],
    // an enum takes a few words: anything else (a random short string may match none) is wrong
    enum: [],
  };
  return fc.oneof(...others.filter((_, i) => !exclude[type].includes(i)));
}

/** A query string value that is not of `type`. */
function wrongQueryValue(type: FieldType): fc.Arbitrary<string[]> {
  const text = fc.oneof(
    fc.constantFrom('', 'NaN', '-1', '0', '1e309', '99999999999999999999', '1.5', 'true', '[]', '{}'),
    anyString,
  );
  const values = type === 'number' ? text : fc.oneof(text, fc.constantFrom('x'.repeat(5000)));
  // one value, or the key repeated (Express gives the handler an array)
  return fc.oneof(values.map(v => [v]), fc.array(values, { minLength: 2, maxLength: 4 }));
}

/** The query string of a bad request. */
function badQuery(route: Omit<InventoryRoute, 'access'>): fc.Arbitrary<string> {
  const known = Object.entries(route.query ?? {});
  const pairs: fc.Arbitrary<[string, string[]]>[] = [
    ...known.map(([k, t]) => wrongQueryValue(t).map(v => [k, v] as [string, string[]])),
    fc.tuple(
      fc.constantFrom('__proto__[polluted]', 'constructor[prototype][x]', 'a[b][c][d][e][f][g]', 'limit[]', 'q[$ne]', 'x'.repeat(300)),
      fc.constantFrom(['1'], ['yes'], ['']),
    ),
    fc.tuple(anyString, anyString.map(v => [v])),
  ];
  return fc
    .array(fc.oneof(...pairs), { minLength: 0, maxLength: 4 })
    .map(list =>
      list
        .flatMap(([k, vs]) =>
          vs.map(v => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '?'))}`),
        )
        .join('&'),
    );
}

/** A body that no route with `fields` accepts, with its content type. */
function badBody(
  fields: Record<string, FieldType>,
): fc.Arbitrary<{ body: string | Buffer; contentType?: string }> {
  const json = 'application/json';
  const wrongObject = fc
    .record(Object.fromEntries(Object.entries(fields).map(([k, t]) => [k, wrongValue(t)])))
    .chain(obj =>
      fc
        .dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
        .map(extra => ({ ...extra, ...obj })),
    );
  return fc.oneof(
    wrongObject.map(o => ({ body: JSON.stringify(o), contentType: json })),
    fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}x').map(b => ({ body: b, contentType: json })),
    fc.jsonValue({ maxDepth: 2 }).filter(v => v === null || typeof v !== 'object' || Array.isArray(v))
      .map(v => ({ body: JSON.stringify(v), contentType: json })),
    // a JSON body sent under another content type (not parsed: the route sees no body)
    wrongObject.chain(o =>
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-7', 'application/jsonx')
        .map(ct => ({ body: JSON.stringify(o), contentType: ct })),
    ),
    // past every body limit (1 MB is the largest a Cellport route takes)
    fc.constantFrom(2, 3).map(mb => ({
      body: JSON.stringify({ padding: 'x'.repeat(mb * 1024 * 1024) }),
      contentType: json,
    })),
    // deeply nested
    fc.integer({ min: 500, max: 3000 }).map(depth => ({
      body: `${'['.repeat(depth)}${']'.repeat(depth)}`,
      contentType: json,
    })),
  );
}

/** Headers that say odd things, beside the caller's credentials. */
const oddHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ['accept', 'text/html'],
        ['accept', 'application/xml'],
        ['accept-encoding', 'br, gzip, zstd, *;q=0'],
        ['x-forwarded-for', '1.2.3.4, <script>'],
        ['x-forwarded-proto', 'gopher'],
        ['x-http-method-override', 'DELETE'],
        ['x-requested-with', 'XMLHttpRequest'],
        ['origin', 'http://evil.invalid'],
        ['cookie', 'backstage-auth=garbage'],
        ['range', 'bytes=0-1'],
        ['if-none-match', '*'],
        ['x-large', 'y'.repeat(8000)],
        ['x-too-large', 'z'.repeat(20000)],
      ) as fc.Arbitrary<[string, string]>,
    ),
    { maxLength: 3 },
  )
  .map(list => Object.fromEntries(list));

/** Credentials that are not credentials. */
const badAuthorization = fc.constantFrom(
  'Bearer',
  'Bearer ',
  'Bearer x.y.z',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvb2xpdmlhIn0.',
  'Basic',
  'Basic !!!',
  `Basic ${Buffer.from('olivia:').toString('base64')}`,
  `Basic ${Buffer.from(':x').toString('base64')}`,
  `Basic ${Buffer.from(`${'u'.repeat(300)}:x`).toString('base64')}`,
  'Digest username="x"',
  'bearer '.padEnd(3000, 'a'),
);

/** Options of {@link badRequests}. */
export interface BadRequestOptions {
  /** Valid values of the path parameters (the seeded resources), sometimes used. */
  seeded: Record<string, string>;
  /** The caller's headers (credentials). */
  auth: Record<string, string>;
}

/**
 * Bad requests for `route`. Path parameters take the seeded values only where bad input cannot
 * change anything (not on `destructive` routes), so a case reaches the route's validation.
 */
export function badRequests(route: Omit<InventoryRoute, 'access'>, options: BadRequestOptions): fc.Arbitrary<RawRequest> {
  const names = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map(m => m[1]);
  const param = (name: string) =>
    route.destructive || options.seeded[name] === undefined
      ? segment
      : fc.oneof({ weight: 3, arbitrary: fc.constant(encodeURIComponent(options.seeded[name])) }, { weight: 2, arbitrary: segment });
  const params = fc.tuple(...names.map(param));
  // a PATCH without a body is an empty patch (valid, changes nothing): a PATCH always gets one
  let body: fc.Arbitrary<{ body: string | Buffer; contentType?: string } | undefined>;
  if (!route.body) {
    body = fc.option(badBody({ anything: 'string' }), { nil: undefined, freq: 2 });
  } else if (route.method === 'PATCH') {
    body = badBody(route.body);
  } else {
    body = fc.option(badBody(route.body), { nil: undefined, freq: 8 });
  }
  const auth = fc.oneof(
    { weight: 5, arbitrary: fc.constant(options.auth) },
    { weight: 1, arbitrary: badAuthorization.map(a => ({ authorization: a })) },
  );
  return fc
    .record({ values: params, query: badQuery(route), body, headers: oddHeaders, auth })
    .filter(({ values, query, body: b, headers, auth: a }) => {
      // the caller's own credentials, a valid path, no query, no body and no odd header is a valid
      // request: not bad input
      const allSeeded = names.every((n, i) => values[i] === encodeURIComponent(options.seeded[n] ?? '\0'));
      return !(allSeeded && query === '' && b === undefined && a === options.auth && Object.keys(headers).length === 0)
        || route.method === 'GET';
    })
    .map(({ values, query, body: b, headers, auth: a }) => {
      let i = 0;
      const path = route.path.replace(/:([a-zA-Z]+)/g, () => values[i++]);
      return {
        method: route.method,
        path: query ? `${path}?${query}` : path,
        headers: {
          ...headers,
          ...a,
          ...(b?.contentType ? { 'content-type': b.contentType } : {}),
        },
        body: b?.body,
      };
    });
}
