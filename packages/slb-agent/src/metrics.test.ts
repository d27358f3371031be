import { upstreamsBody } from './AdminClient';
import { LUA_BUCKETS, luaStatsExposition } from './metrics';

describe('Lua stats exposition', () => {
  it('turns the dict counters into a counter and a cumulative histogram', () => {
    const text = luaStatsExposition(
      [
        { key: 'r|a.example.com|10.0.0.1:80|2xx', value: 5 },
        { key: 'r|a.example.com|10.0.0.1:80|5xx', value: 1 },
        { key: 'h|a.example.com|10.0.0.1:80|0.005', value: 4 },
        { key: 'h|a.example.com|10.0.0.1:80|0.1', value: 1 },
        { key: 'h|a.example.com|10.0.0.1:80|+Inf', value: 1 },
        { key: 's|a.example.com|10.0.0.1:80', value: 12.5 },
        { key: 'garbage', value: 1 },
      ],
      LUA_BUCKETS,
      { group: 'g', host: 'h' },
    );
    const l = 'group="g",host="h",domain="a.example.com",server="10.0.0.1:80"';
    expect(text).toContain(`cellport_slb_requests_total{${l},class="5xx"} 1`);
    expect(text).toContain(`cellport_slb_request_duration_seconds_bucket{${l},le="0.005"} 4`);
    expect(text).toContain(`cellport_slb_request_duration_seconds_bucket{${l},le="0.05"} 4`);
    expect(text).toContain(`cellport_slb_request_duration_seconds_bucket{${l},le="0.1"} 5`);
    expect(text).toContain(`cellport_slb_request_duration_seconds_bucket{${l},le="+Inf"} 6`);
    expect(text).toContain(`cellport_slb_request_duration_seconds_sum{${l}} 12.5`);
    expect(text).toContain(`cellport_slb_request_duration_seconds_count{${l}} 6`);
  });

  it('sends upstreams sorted, weights included', () => {
    const body = upstreamsBody(
      new Map([
        ['b:80', { app: 'b', port: 80, cells: {}, servers: [] }],
        [
          'a:80',
          {
            app: 'a',
            port: 80,
            cells: {},
            servers: [
              { address: '10.0.0.2:80', cell: 'c', version: 'v', weight: 3 },
              { address: '10.0.0.1:80', cell: 'c', version: 'v', weight: 1 },
            ],
          },
        ],
      ]),
    );
    expect(body).toBe('a:80 10.0.0.1:80=1,10.0.0.2:80=3\nb:80 ');
  });
});
