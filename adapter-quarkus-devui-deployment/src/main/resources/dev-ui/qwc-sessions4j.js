import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';

/**
 * The sessions4j Dev UI page: the session count, a user's sessions (ids redacted) with buttons to
 * end one or all of them, and the configuration (secrets hidden). Every call goes through the
 * JSON-RPC methods of io.sessions4j.quarkus.devui.SessionsDevUiService.
 */
export class QwcSessions4j extends LitElement {
  jsonRpc = new JsonRpc(this);

  static styles = css`
    :host { display: flex; flex-direction: column; gap: 1em; padding: 1em; }
    table { border-collapse: collapse; }
    th, td { text-align: left; padding: 0.2em 0.8em; border-bottom: 1px solid var(--lumo-contrast-10pct, #ddd); }
    .error { color: var(--lumo-error-text-color, #c00); }
    .row { display: flex; gap: 0.5em; align-items: center; }
  `;

  static properties = {
    _count: { state: true },
    _username: { state: true },
    _sessions: { state: true },
    _config: { state: true },
    _message: { state: true },
    _error: { state: true },
  };

  constructor() {
    super();
    this._count = null;
    this._username = '';
    this._sessions = null;
    this._config = null;
    this._message = '';
    this._error = '';
  }

  connectedCallback() {
    super.connectedCallback();
    this._refreshCount();
    this.jsonRpc.configuration().then(r => { this._config = r.result; }, e => this._fail(e));
  }

  render() {
    return html`
      <div class="row">
        <strong>Live sessions:</strong>
        <span>${this._count === null ? '…' : this._count}</span>
        <button @click=${this._refreshCount}>Refresh</button>
      </div>
      <div class="row">
        <label for="username">User (principal attribute):</label>
        <input id="username" .value=${this._username} @input=${e => { this._username = e.target.value; }}
               @keydown=${e => { if (e.key === 'Enter') this._find(); }}>
        <button @click=${this._find}>Show sessions</button>
        <button @click=${this._endAll} ?disabled=${!this._username}>End all of this user's sessions</button>
      </div>
      ${this._error ? html`<div class="error">${this._error}</div>` : ''}
      ${this._message ? html`<div>${this._message}</div>` : ''}
      ${this._renderSessions()}
      ${this._renderConfig()}
    `;
  }

  _renderSessions() {
    if (this._sessions === null) {
      return '';
    }
    if (this._sessions.length === 0) {
      return html`<div>No live session of this user.</div>`;
    }
    return html`<table>
      <tr><th>handle</th><th>id</th><th>created</th><th>last access</th><th>expires</th><th>client</th><th></th></tr>
      ${this._sessions.map(s => html`<tr>
        <td><code>${s.handle}</code></td><td><code>${s.id}</code></td><td>${s.createdAt}</td>
        <td>${s.lastAccessedAt}</td><td>${s.expiresAt}</td>
        <td>${[s.userAgent, s.clientAddress].filter(Boolean).join(' · ')}</td>
        <td><button @click=${() => this._end(s.handle)}>End</button></td>
      </tr>`)}
    </table>`;
  }

  _renderConfig() {
    if (!this._config) {
      return '';
    }
    const properties = Object.entries(this._config.properties || {});
    return html`<div>
      <strong>Configuration</strong>: mode ${this._config.mode}, store ${this._config.store},
      principal attribute ${this._config.principalAttribute}
      <table>
        ${properties.map(([name, value]) => html`<tr><td><code>${name}</code></td><td><code>${value}</code></td></tr>`)}
      </table>
    </div>`;
  }

  _refreshCount() {
    this.jsonRpc.count().then(r => { this._count = r.result.count; }, e => this._fail(e));
  }

  _find() {
    this._clear();
    this.jsonRpc.sessions({ username: this._username })
      .then(r => { this._sessions = r.result; }, e => this._fail(e));
  }

  _end(handle) {
    this._clear();
    this.jsonRpc.end({ username: this._username, handle: handle }).then(r => {
      this._message = r.result ? 'Session ended: its client is logged out on its next request.' : 'No such session.';
      this._find();
      this._refreshCount();
    }, e => this._fail(e));
  }

  _endAll() {
    this._clear();
    this.jsonRpc.endAll({ username: this._username }).then(r => {
      this._message = `${r.result} session(s) ended.`;
      this._find();
      this._refreshCount();
    }, e => this._fail(e));
  }

  _clear() {
    this._error = '';
    this._message = '';
  }

  _fail(e) {
    this._error = (e && e.error && e.error.message) || String(e);
  }
}
customElements.define('qwc-sessions4j', QwcSessions4j);
