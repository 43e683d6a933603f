// A small Express app sharing sessions with sessions4j (cross-language tests, issue 13).
// Environment: PORT (0 = any), STORE = redis | mysql, SECRETS (JSON array, first signs),
// REDIS_URL, MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_DATABASE, TABLE (express-mysql-session tableName).
// Prints "listening <port>" once it accepts connections.
import express from 'express';
import session from 'express-session';

const secrets = JSON.parse(process.env.SECRETS || '["keyboard cat"]');
let store;
if (process.env.STORE === 'redis') {
  const { createClient } = await import('redis');
  const { RedisStore } = await import('connect-redis');
  const client = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' });
  await client.connect();
  store = new RedisStore({ client, prefix: process.env.PREFIX || 'sess:' });
} else if (process.env.STORE === 'mysql') {
  const MySQLStoreFactory = (await import('express-mysql-session')).default;
  const MySQLStore = MySQLStoreFactory(session);
  store = new MySQLStore({
    host: process.env.MYSQL_HOST || '127.0.0.1',
    port: Number(process.env.MYSQL_PORT || 3306),
    user: process.env.MYSQL_USER || 'root',
    password: process.env.MYSQL_PASSWORD || '',
    database: process.env.MYSQL_DATABASE || 'test',
    schema: { tableName: process.env.TABLE || 'sessions' },
  });
  await store.onReady();
} else {
  throw new Error('STORE must be redis or mysql');
}

const app = express();
app.use(session({
  secret: secrets.length === 1 ? secrets[0] : secrets,
  store,
  resave: false,
  saveUninitialized: false,
  cookie: { maxAge: 3600 * 1000 },
}));

app.get('/login', (req, res) => {
  // what passport's req.login and connect-flash's req.flash leave in the session
  req.session.passport = { user: req.query.user };
  req.session.flash = { info: ['Welcome back'] };
  res.json({ id: req.sessionID });
});
app.get('/view', (req, res) => {
  res.json({ id: req.sessionID, session: req.session });
});
app.get('/set', (req, res) => {
  for (const [k, v] of Object.entries(req.query)) req.session[k] = v;
  res.json({ id: req.sessionID });
});
app.get('/destroy', (req, res, next) => {
  req.session.destroy(err => (err ? next(err) : res.json({ destroyed: true })));
});

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
process.on('SIGTERM', () => process.exit(0));
