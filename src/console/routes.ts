// GET /console: the web console, served by the Worker itself. Three static answers (page, script, style sheet);
// the page then talks to the Kinesis API like any other client (console/kinesis.ts), so nothing here reads keys,
// tenants or state. Only these GET paths are the console's: every other request, POST /console included, still goes
// to the Kinesis pipeline (app.ts), which ignores the path (aws-behaviour §1.1).
import { Hono } from 'hono';
import { CONSOLE_CSS, CONSOLE_HTML } from './page';
import { CONSOLE_SCRIPT } from './script.generated';

/** Only this origin's script and style, requests only to this origin, no framing, no plugins, no forms posted. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // The files are rebuilt with the Worker and carry no version in their names: always revalidate.
  'Cache-Control': 'no-cache',
};

const answer = (body: string, contentType: string, extra: Record<string, string> = {}) => () =>
  new Response(body, { headers: { 'Content-Type': contentType, ...COMMON, ...extra } });

const page = answer(CONSOLE_HTML, 'text/html; charset=utf-8', { 'Content-Security-Policy': CONSOLE_CSP, 'X-Frame-Options': 'DENY' });

export const consoleRoutes = new Hono();
consoleRoutes.get('/console', page);
consoleRoutes.get('/console/', page);
consoleRoutes.get('/console/console.js', answer(CONSOLE_SCRIPT, 'text/javascript; charset=utf-8'));
consoleRoutes.get('/console/console.css', answer(CONSOLE_CSS, 'text/css; charset=utf-8'));
