// Prints vectors captured from the real cookie-session and koa-session (keygrip signatures and the
// Set-Cookie headers they send) as JSON: the fixtures NodeCookieFixturesTest checks sessions4j against.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.resolve('cookie-session'));
const Keygrip = require('keygrip');

const out = { keygrip: [], apps: {} };
for (const [keys, data] of [[['a', 'b'], 'session=eyJtZXNzYWdlIjoiaGkifQ=='], [['b', 'a'], 'session=eyJtZXNzYWdlIjoiaGkifQ=='],
    [['keyboard cat'], 'koa.sess=eyJwYXNzcG9ydCI6eyJ1c2VyIjoiYWxpY2UifX0='], [['ünï'], 'session=e30=']]) {
  out.keygrip.push({ key: keys[0], data, signature: new Keygrip(keys).sign(data) });
}
for (const app of ['cookie-session-app.mjs', 'koa-app.mjs']) {
  const child = spawn('node', [new URL(app, import.meta.url).pathname], { env: { ...process.env, PORT: '0', KEYS: '["a","b"]' } });
  const port = await new Promise(resolve => child.stdout.on('data', d => {
    const m = /listening (\d+)/.exec(String(d)); if (m) resolve(Number(m[1]));
  }));
  const login = await fetch(`http://127.0.0.1:${port}/login?user=alice`);
  const setCookies = login.headers.getSetCookie();
  const cookie = setCookies.map(c => c.split(';')[0]).join('; ');
  const destroy = await fetch(`http://127.0.0.1:${port}/destroy`, { headers: { cookie } });
  out.apps[app] = { login: setCookies, destroy: destroy.headers.getSetCookie() };
  child.kill();
}
console.log(JSON.stringify(out, null, 2));
