import { SCOPE } from './defaults';
import type { ActiveFault, SandboxApp, SandboxSeller } from './types';

/** HTML pages of the sandbox: self-contained, no scripts, no external resources. */

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** Shows 4 leading and 4 trailing characters of a secret. */
export function maskSecret(s: string): string {
  return s.length <= 12 ? '\u2022\u2022\u2022\u2022' : `${s.slice(0, 4)}\u2026${s.slice(-4)}`;
}

const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--bg:#f5f6f8;--card:#fff;--muted:#555a64;--accent:#0a5fd6;--accent-fg:#fff;--border:#c9ced6;--danger:#a4161a}
@media (prefers-color-scheme:dark){:root{--fg:#eceef2;--bg:#16181d;--card:#21242b;--muted:#b4bac5;--accent:#5c9bff;--accent-fg:#0b0d12;--border:#3b404a;--danger:#ff8a8d}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}
.card{background:var(--card);border:1px solid var(--border);border-radius:.5rem;padding:1.25rem;margin:1rem 0}
.badge{display:inline-block;border:1px solid var(--border);border-radius:1rem;padding:0 .6rem;font-size:.85rem;color:var(--muted)}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.1rem;margin:.25rem 0 .75rem}
p,li{color:var(--fg)}
.muted{color:var(--muted)}
ul.sellers{list-style:none;padding:0;margin:0}
ul.sellers li{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;padding:.6rem 0;border-top:1px solid var(--border)}
ul.sellers li:first-child{border-top:0}
button{font:inherit;cursor:pointer;border-radius:.4rem;padding:.5rem 1rem;border:2px solid var(--accent);background:var(--accent);color:var(--accent-fg)}
button.secondary{background:transparent;color:var(--danger);border-color:var(--danger)}
button:focus-visible,a:focus-visible{outline:3px solid var(--fg);outline-offset:2px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;word-break:break-all}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-top:1px solid var(--border);vertical-align:top}
a{color:var(--accent)}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<p><span class="badge">Local sandbox &mdash; not Mercado Pago</span></p>
${body}
</main>
</body>
</html>`;
}

export function consentPage(opts: {
  requestId: string;
  app: SandboxApp;
  redirectUri: string;
  sellers: readonly SandboxSeller[];
}): string {
  let host = opts.redirectUri;
  try {
    host = new URL(opts.redirectUri).host || opts.redirectUri;
  } catch {
    /* keep the raw value */
  }
  const rid = `<input type="hidden" name="request_id" value="${esc(opts.requestId)}">`;
  const sellers = opts.sellers
    .map(
      (s) => `<li>
<span><strong>${esc(s.nickname)}</strong> <span class="muted">(${esc(s.siteId)} &middot; user ${esc(s.userId)})</span></span>
<button type="submit" name="approve_as" value="${esc(s.userId)}">Approve as ${esc(s.nickname)}</button>
</li>`,
    )
    .join('\n');
  return page(
    `Authorize ${opts.app.name}`,
    `<h1>Authorize &ldquo;${esc(opts.app.name)}&rdquo;?</h1>
<div class="card">
<p>The application <strong>${esc(opts.app.name)}</strong> (client id <code>${esc(opts.app.clientId)}</code>)
asks to act on your Mercado Pago account with the scopes <code>${esc(SCOPE)}</code>.</p>
<p class="muted">After your decision you will be sent back to <code>${esc(host)}</code>.</p>
</div>
<form class="card" method="post" action="/authorization/decision" aria-labelledby="pick">
${rid}
<h2 id="pick">Choose a test seller</h2>
<ul class="sellers">
${sellers}
</ul>
</form>
<form class="card" method="post" action="/authorization/decision">
${rid}
<input type="hidden" name="deny" value="1">
<button type="submit" class="secondary">Deny</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(
    title,
    `<h1>${esc(title)}</h1>
<div class="card" role="alert"><p>${esc(message)}</p></div>`,
  );
}

export function indexPage(opts: {
  url: string;
  apps: readonly SandboxApp[];
  sellers: readonly SandboxSeller[];
  faults: readonly ActiveFault[];
  autoApprove: string | null;
  clockOffsetMs: number;
}): string {
  const apps = opts.apps
    .map(
      (a) => `<tr><td>${esc(a.name)}</td><td><code>${esc(a.clientId)}</code></td><td><code>${esc(maskSecret(a.clientSecret))}</code></td>
<td>${a.pkce ? 'on' : 'off'}</td><td>${a.redirectUris.length ? a.redirectUris.map((u) => `<code>${esc(u)}</code>`).join('<br>') : '<span class="muted">none</span>'}</td></tr>`,
    )
    .join('\n');
  const sellers = opts.sellers
    .map(
      (s) =>
        `<tr><td><code>${esc(s.userId)}</code></td><td>${esc(s.nickname)}</td><td>${esc(s.siteId)}</td><td>${esc(s.email)}</td></tr>`,
    )
    .join('\n');
  const faults = opts.faults.length
    ? `<ul>${opts.faults.map((f) => `<li><code>${esc(JSON.stringify(f))}</code></li>`).join('')}</ul>`
    : '<p class="muted">No faults queued.</p>';
  return page(
    'Mercado Pago sandbox',
    `<h1>Mercado Pago sandbox</h1>
<div class="card">
<p>Serving at <code>${esc(opts.url)}</code>. Endpoints: <code>GET /authorization</code>, <code>POST /oauth/token</code>,
<code>GET /users/me</code>, <code>GET /v1/payments/search</code>.</p>
<p>Auto-approve: <strong>${opts.autoApprove === null ? 'off (consent page)' : esc(opts.autoApprove)}</strong>.
Clock offset: <strong>${esc(String(opts.clockOffsetMs))} ms</strong>.</p>
</div>
<section class="card" aria-labelledby="apps"><h2 id="apps">Applications</h2>
<table><thead><tr><th scope="col">Name</th><th scope="col">Client id</th><th scope="col">Client secret</th><th scope="col">PKCE</th><th scope="col">Redirect URLs</th></tr></thead>
<tbody>${apps}</tbody></table></section>
<section class="card" aria-labelledby="sellers"><h2 id="sellers">Test sellers</h2>
<table><thead><tr><th scope="col">User id</th><th scope="col">Nickname</th><th scope="col">Site</th><th scope="col">Email</th></tr></thead>
<tbody>${sellers}</tbody></table></section>
<section class="card" aria-labelledby="faults"><h2 id="faults">Faults</h2>${faults}</section>
<section class="card" aria-labelledby="links"><h2 id="links">Links</h2>
<ul><li><a href="/healthz">/healthz</a></li><li><a href="/__sandbox/requests">/__sandbox/requests</a> (request log, no secrets)</li>
<li><a href="/__sandbox/faults">/__sandbox/faults</a></li></ul></section>`,
  );
}
