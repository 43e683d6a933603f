// express-session with its default MemoryStore: the same three endpoints and the same 11-byte body
// as benchmarks/http/servlet/io/sessions4j/bench/http/BenchServlet.java.
// Usage: node server.js [PORT]   (prints "READY PORT express" when listening)
'use strict';
const express = require('express');
const session = require('express-session');

const port = Number(process.argv[2] || 8080);
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(session({
  secret: 'sessions4j-benchmark-key-not-a-secret-0123456789',
  resave: false,
  saveUninitialized: false,
  cookie: { maxAge: 24 * 3600 * 1000 },
}));

function write(res, status, value) {
  const body = String(value).padStart(10, '0') + '\n';
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': 11 });
  res.end(body);
}

app.get('/read', (req, res) => {
  const v = req.session.counter;
  if (v === undefined) return write(res, 409, 0);
  write(res, 200, v);
});
app.get('/modify', (req, res) => {
  const v = req.session.counter;
  if (v === undefined) return write(res, 409, 0);
  req.session.counter = v + 1;
  write(res, 200, v + 1);
});
app.get('/new', (req, res) => {
  req.session.counter = 0;
  write(res, 200, 0);
});

app.listen(port, '127.0.0.1', () => console.log(`READY ${port} express`));
