import { parse, validate } from 'graphql';
import { querySchema } from '@cellport/skywalking-dev';
import { ALL_QUERIES } from './queries';

describe('SkyWalking queries', () => {
  const schema = querySchema();
  it.each(Object.entries(ALL_QUERIES))('%s validates against the query protocol subset', (_, query) => {
    expect(validate(schema, parse(query)).map(e => e.message)).toEqual([]);
  });

  it('a query the protocol does not have is refused (the check can fail)', () => {
    const errors = validate(schema, parse('{ getAllTheThings { id } }'));
    expect(errors.map(e => e.message)).toEqual([
      'Cannot query field "getAllTheThings" on type "Query".',
    ]);
  });
});
