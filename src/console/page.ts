// The console's static page and style sheet. Static on purpose: no secrets, no per-request content, no inline
// script or style (the Content-Security-Policy in routes.ts allows only this origin's files). Behaviour is in
// console/ (the browser sources), bundled into script.generated.ts.
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>kinesis-edge console</title>
<link rel="stylesheet" href="/console/console.css">
<script src="/console/console.js" defer></script>
</head>
<body>
<header>
<h1>kinesis-edge console</h1>
<p id="whoami"></p>
</header>
<section id="keys-panel">
<form id="keys-form" autocomplete="off">
<label>Access key id <input id="access-key-id" name="access-key-id" required spellcheck="false" autocomplete="off"></label>
<label>Secret access key <input id="secret-access-key" name="secret-access-key" type="password" required autocomplete="off"></label>
<label>Region <input id="region" name="region" value="us-east-1" required spellcheck="false"></label>
<label>Session token (optional) <input id="session-token" name="session-token" type="password" autocomplete="off"></label>
<button type="submit" id="use-keys">Use these keys</button>
<button type="button" id="forget-keys">Forget keys</button>
</form>
<p class="hint">Every request this page makes is a Kinesis API call signed in this tab with these keys (SigV4), so it
sees exactly what the keys see. The keys stay in this tab's sessionStorage and are forgotten when it closes.</p>
</section>
<p id="error" role="alert" hidden></p>
<main id="main" hidden>
<p class="toolbar"><label>Show record data as <select id="data-view"></select></label></p>
<section id="streams-panel">
<h2>Streams</h2>
<p><button type="button" id="refresh-streams">Refresh</button> <span id="streams-status"></span></p>
<ul id="streams"></ul>
<button type="button" id="more-streams" hidden>More streams</button>
</section>
<section id="stream-panel" hidden>
<h2 id="stream-title"></h2>
<dl id="stream-summary"></dl>
<p><button type="button" id="start-tail">Live tail</button></p>
<h3>Shards <span id="shards-status" class="detail"></span></h3>
<table id="shards">
<thead><tr><th>Shard</th><th>State</th><th>Starting hash key</th><th>Ending hash key</th><th>Parents</th><th></th></tr></thead>
<tbody id="shards-body"></tbody>
</table>
<button type="button" id="more-shards" hidden>More shards</button>
<h3>Consumers <span id="consumers-status" class="detail"></span></h3>
<ul id="consumers"></ul>
<button type="button" id="more-consumers" hidden>More consumers</button>
</section>
<section id="tail-panel" hidden>
<h2>Live tail of <span id="tail-stream"></span></h2>
<p><button type="button" id="pause-tail">Pause</button> <button type="button" id="stop-tail">Stop</button>
<button type="button" id="clear-tail">Clear</button></p>
<p id="tail-status"></p>
<p id="tail-count" class="detail"></p>
<ol id="tail-records" class="records"></ol>
</section>
<section id="records-panel" hidden>
<h2 id="records-title"></h2>
<form id="read-form">
<label>From <select id="iterator-type">
<option value="TRIM_HORIZON">TRIM_HORIZON (oldest)</option>
<option value="LATEST">LATEST (new records only)</option>
<option value="AT_SEQUENCE_NUMBER">AT_SEQUENCE_NUMBER</option>
<option value="AFTER_SEQUENCE_NUMBER">AFTER_SEQUENCE_NUMBER</option>
<option value="AT_TIMESTAMP">AT_TIMESTAMP</option>
</select></label>
<label>Sequence number or time <input id="iterator-position" spellcheck="false" placeholder="49590338271490256608559692538361571095921575989136588898 or 2026-01-31T12:00:00Z"></label>
<button type="submit" id="read">Read</button>
</form>
<p id="records-status"></p>
<ol id="records" class="records"></ol>
<button type="button" id="next-page" hidden>Next page</button>
</section>
</main>
</body>
</html>
`;

export const CONSOLE_CSS = `:root { font-family: system-ui, sans-serif; color-scheme: light dark; }
body { margin: 0 auto; max-width: 78rem; padding: 0 1rem 3rem; }
header { display: flex; align-items: baseline; gap: 1rem; }
h1 { font-size: 1.4rem; }
form label { display: inline-block; margin: 0 1rem 0.5rem 0; }
input { font-family: ui-monospace, monospace; }
.hint, .detail { color: GrayText; font-size: 0.9em; }
#error { border: 1px solid #c33; padding: 0.5rem; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; font-size: 0.9em; }
td, th { border-bottom: 1px solid #8884; padding: 0.2rem 0.5rem; text-align: left; }
td.hash { font-family: ui-monospace, monospace; overflow-wrap: anywhere; max-width: 18rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dd { margin: 0; overflow-wrap: anywhere; }
ol.records { list-style: none; padding: 0; }
li.record { border-top: 1px solid #8884; padding: 0.4rem 0; }
li.record .meta { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.85em; }
li.record .seq, li.record .key { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
li.record pre.data { margin: 0.3rem 0 0; padding: 0.4rem; background: #8881; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 20rem; overflow: auto; }
`;
