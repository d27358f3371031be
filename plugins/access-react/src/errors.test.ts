import { ResponseError } from '@backstage/errors';
import { errorMessage, errorStatus } from './errors';

function response(status: number, statusText: string, body: string, type = 'application/json') {
  return new Response(body, { status, statusText, headers: { 'content-type': type } });
}

describe('errorMessage', () => {
  it("shows the server's message of a Backstage error response, not the status line", async () => {
    const error = await ResponseError.fromResponse(
      response(
        400,
        'Bad Request',
        JSON.stringify({
          error: { name: 'InputError', message: "image group name 'Walk' is invalid: use lowercase" },
          request: { method: 'POST', url: '/groups' },
          response: { statusCode: 400 },
        }),
      ),
    );
    expect(error.message).toBe('Request failed with 400 Bad Request');
    expect(errorMessage(error)).toBe("image group name 'Walk' is invalid: use lowercase");
    expect(errorStatus(error)).toBe(400);
  });

  it('falls back to the status line when the body is not a Backstage error', async () => {
    const error = await ResponseError.fromResponse(
      response(502, 'Bad Gateway', '<html>proxy</html>', 'text/html'),
    );
    expect(errorMessage(error)).toBe('Request failed with 502 Bad Gateway');
    expect(errorStatus(error)).toBe(502);
  });

  it('uses the message of other errors', () => {
    expect(errorMessage(new Error('offline'))).toBe('offline');
    expect(errorMessage('text')).toBe('text');
    expect(errorStatus(new Error('x'))).toBeUndefined();
  });
});
