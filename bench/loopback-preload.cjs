// Preloaded (node --require) into kinesis-mock, which listens on all interfaces: rewrites every net listen()
// onto 127.0.0.1 so the benchmark serves loopback only. Must not change anything else.
const net = require('node:net');

// Called with whatever arguments the patched listen() got: its overloads cannot be told apart statically.
const listen = /** @type {(...args: unknown[]) => import('node:net').Server} */ (net.Server.prototype.listen);
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  const isHandle = (o) => 'path' in o || 'fd' in o || 'handle' in o || '_handle' in o;
  if (first !== null && typeof first === 'object' && !isHandle(first)) {
    return listen.call(this, { ...first, host: '127.0.0.1' }, ...args.slice(1).filter((a) => typeof a === 'function'));
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const callback = args.find((a) => typeof a === 'function');
    const backlog = typeof args[1] === 'number' ? args[1] : typeof args[2] === 'number' ? args[2] : undefined;
    return backlog === undefined
      ? listen.call(this, Number(first), '127.0.0.1', callback)
      : listen.call(this, Number(first), '127.0.0.1', backlog, callback);
  }
  if (first === undefined || typeof first === 'function') {
    return listen.call(this, 0, '127.0.0.1', first);
  }
  return listen.apply(this, args); // a unix socket path or a handle: not a network interface
};
