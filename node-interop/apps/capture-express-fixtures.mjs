// Prints vectors captured from the real express-session (and its cookie-signature, cookie and
// uid-safe) as JSON: the fixtures ExpressSessionFixturesTest checks sessions4j against.
import session from 'express-session';
import express from 'express';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.resolve('express-session'));
const signature = require('cookie-signature');
const cookie = require('cookie');

const out = { signatures: [], setCookies: [], documents: [] };
for (const [id, secret] of [['apple', 'keyboard cat'], ['/foo', 'keyboard cat'],
    ['8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN', 'keyboard cat'], ['8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN', 's'],
    ['a.b.c', 'ünïcödé secret'], ['xSxoU_gpuC-jbNfBmX-oLh3kuYQL_06_', 'a much longer secret of forty-six characters!']]) {
  const value = 's:' + signature.sign(id, secret);
  out.signatures.push({ id, secret, cookieValue: encodeURIComponent(value) });
}

// Set-Cookie and stored JSON as express-session emits them, through a store that records writes
class RecordingStore extends session.Store {
  constructor() { super(); this.sessions = {}; }
  get(sid, cb) { cb(null, this.sessions[sid] ? JSON.parse(this.sessions[sid]) : null); }
  set(sid, sess, cb) { this.sessions[sid] = JSON.stringify(sess); cb(null); }
  destroy(sid, cb) { delete this.sessions[sid]; cb(null); }
  touch(sid, sess, cb) { cb(null); }
}
const configs = [
  { maxAge: 3600000 },
  {},
  { maxAge: 60000, secure: false, sameSite: 'lax', domain: 'example.com', path: '/app' },
];
for (const cookieOptions of configs) {
  const store = new RecordingStore();
  const app = express();
  app.use(session({ secret: 'keyboard cat', store, resave: false, saveUninitialized: false,
    cookie: cookieOptions }));
  app.use((req, res) => { req.session.passport = { user: 'alice' }; req.session.flash = { info: ['hi'] };
    req.session.n = 1.5; res.end('ok'); });
  const server = app.listen(0, '127.0.0.1');
  await new Promise(r => server.on('listening', r));
  const res = await fetch('http://127.0.0.1:' + server.address().port + (cookieOptions.path || '/'));
  const setCookie = res.headers.get('set-cookie');
  server.close();
  const [sid] = Object.keys(store.sessions);
  out.setCookies.push({ cookieOptions, id: sid, setCookie });
  out.documents.push({ cookieOptions, id: sid, json: store.sessions[sid] });
}
console.log(JSON.stringify(out, null, 2));
