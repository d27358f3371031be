// ${{ values.name }}: HTTP service with a health endpoint and Prometheus metrics.
const http = require('node:http');

const port = Number(process.env.PORT || 8080);
let requests = 0;
let errors = 0;

const server = http.createServer((req, res) => {
  requests++;
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end('{"status":"ok"}');
  }
  if (req.url === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    return res.end(
      `# TYPE http_requests_total counter\nhttp_requests_total ${requests}\n` +
        `# TYPE http_errors_total counter\nhttp_errors_total ${errors}\n`,
    );
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  return res.end(JSON.stringify({ service: '${{ values.name }}', path: req.url }));
});

server.listen(port, () => console.log(`${{ values.name }} listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
