import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { jsonBody } from './jsonBody';

function app() {
  const a = express();
  a.use(jsonBody({ limit: '1kb' }));
  a.all('/echo', (req, res) => {
    res.json({ body: req.body ?? null });
  });
  a.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return a;
}

describe('jsonBody', () => {
  it('parses JSON bodies, vendor +json types included', async () => {
    await request(app()).patch('/echo').send({ a: 1 }).expect(200, { body: { a: 1 } });
    await request(app())
      .post('/echo')
      .set('content-type', 'application/vnd.x+json')
      .send('{"b":2}')
      .expect(200, { body: { b: 2 } });
  });

  it('lets requests without a body through', async () => {
    await request(app()).post('/echo').expect(200);
    await request(app()).delete('/echo').set('content-type', 'text/plain').expect(200);
  });

  it('refuses a body that is not JSON with a 400 naming the content type', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const res = await request(app())
        .patch('/echo')
        .set('content-type', type)
        .send('{"description":"x"}')
        .expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(type);
    }
  });

  it('answers 413 past the limit and 400 for malformed JSON', async () => {
    await request(app()).post('/echo').send({ x: 'y'.repeat(2000) }).expect(413);
    await request(app()).post('/echo').set('content-type', 'application/json').send('{"a":').expect(400);
  });
});
