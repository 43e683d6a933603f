// A small Express app with cookie-session (the whole session in the cookie `session` + `session.sig`).
// Environment: PORT (0 = any), KEYS (JSON array, first signs). Prints "listening <port>".
import express from 'express';
import cookieSession from 'cookie-session';

const app = express();
app.use(cookieSession({ name: 'session', keys: JSON.parse(process.env.KEYS || '["a","b"]'), maxAge: 3600 * 1000 }));
app.get('/login', (req, res) => {
  req.session.passport = { user: req.query.user };
  res.json({ ok: true });
});
app.get('/view', (req, res) => res.json({ session: req.session.toJSON ? req.session.toJSON() : req.session, isNew: req.session.isNew }));
app.get('/set', (req, res) => {
  for (const [k, v] of Object.entries(req.query)) req.session[k] = v;
  res.json({ ok: true });
});
app.get('/destroy', (req, res) => {
  req.session = null;
  res.json({ destroyed: true });
});
const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => console.log('listening ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
