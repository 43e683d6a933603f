// A small Koa app with koa-session: in cookie mode (`koa.sess` + `koa.sess.sig`), or with STORE=redis
// in its external-store mode on koa-redis (the cookie holds only the external key, a UUID).
// Environment: PORT (0 = any), KEYS (JSON array, first signs), STORE (unset or redis), REDIS_URL.
// Prints "listening <port>".
import Koa from 'koa';
import session from 'koa-session';

const app = new Koa();
app.keys = JSON.parse(process.env.KEYS || '["a","b"]');
const options = { key: 'koa.sess', maxAge: 3600 * 1000 };
if (process.env.STORE === 'redis') {
  const redisStore = (await import('koa-redis')).default;
  options.store = redisStore({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' });
}
app.use(session(options, app));
app.use(async ctx => {
  const q = ctx.query;
  if (ctx.path === '/login') {
    ctx.session.passport = { user: q.user };
    ctx.body = { ok: true };
  } else if (ctx.path === '/view') {
    ctx.body = { session: ctx.session.toJSON(), isNew: Boolean(ctx.session.isNew), key: ctx.session.externalKey };
  } else if (ctx.path === '/set') {
    for (const [k, v] of Object.entries(q)) ctx.session[k] = v;
    ctx.body = { ok: true };
  } else if (ctx.path === '/destroy') {
    ctx.session = null;
    ctx.body = { destroyed: true };
  } else {
    ctx.status = 404;
  }
});
const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => console.log('listening ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
