// GET /console serves the web console (src/console/) with a strict Content-Security-Policy, and takes nothing from
// the Kinesis API: POST / and POST /console still answer as Kinesis, and any other GET still gets the pipeline's
// refusal for a non-POST request (aws-behaviour §1.1, §1.3).
import { describe, expect, it } from 'vitest';
import { JSON_11, TARGET_PREFIX, kinesis, send, signatureHeaders } from '../helpers/kinesis';

const PAGE_PATHS = ['/console', '/console/'];

describe('GET /console', () => {
  for (const path of PAGE_PATHS) {
    it(`${path} answers the page as HTML with a CSP that allows only this origin's script, and nosniff`, async () => {
      const reply = await send({ method: 'GET', path });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = (reply.headers.get('content-security-policy') ?? '').split(/;\s*/);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(reply.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(reply.text).toMatch(/^<!doctype html>/i);
      expect(reply.text).toContain('<title>kinesis-edge console</title>');
    });
  }

  it('has no inline script, no inline event handler and no inline style', async () => {
    const { text } = await send({ method: 'GET', path: '/console' });
    const scripts = [...text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBe(1);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/console\/console\.js"/);
      expect(body).toBe('');
    }
    expect(text).not.toMatch(/\son[a-z]+\s*=/i);
    expect(text).not.toMatch(/<style\b|\sstyle\s*=/i);
  });

  it('serves the script and the style sheet it names, typed and nosniff', async () => {
    const js = await send({ method: 'GET', path: '/console/console.js' });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    // The bundle signs with @smithy/signature-v4: its algorithm name is in it.
    expect(js.text).toContain('AWS4-HMAC-SHA256');
    const css = await send({ method: 'GET', path: '/console/console.css' });
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the Kinesis API is unchanged', () => {
  it('POST / answers ListStreams', async () => {
    const reply = await kinesis('ListStreams', {});
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(reply.body).toMatchObject({ StreamNames: expect.any(Array), HasMoreStreams: false });
    expect(reply.headers.get('content-security-policy')).toBeNull();
  });

  it('POST /console is a Kinesis request like any path (the path is ignored)', async () => {
    const atRoot = await kinesis('DescribeStream', { StreamName: 'no-such-stream' });
    const atConsole = await send({ ...requestOf('DescribeStream', { StreamName: 'no-such-stream' }), path: '/console' });
    expect(atConsole.status).toBe(400);
    expect(atConsole.body).toEqual(atRoot.body);
    expect(atConsole.body.__type).toBe('ResourceNotFoundException');
  });

  it('a GET of any other path, under /console/ too, still gets the refusal of a non-POST request', async () => {
    for (const path of ['/', '/console/other', '/consoles']) {
      const reply = await send({ method: 'GET', path });
      expect(reply.status).toBe(403);
      expect(reply.text).toContain('AccessDeniedException');
      expect(reply.headers.get('content-security-policy')).toBeNull();
    }
  });
});

/** The headers and body kinesis() sends, to send them to another path. */
function requestOf(operation: string, body: unknown) {
  return {
    headers: { 'X-Amz-Target': `${TARGET_PREFIX}.${operation}`, 'Content-Type': JSON_11, ...signatureHeaders() },
    body: JSON.stringify(body),
  };
}
