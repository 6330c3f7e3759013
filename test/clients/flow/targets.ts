// The servers the client-flow suite runs against: ours in memory (--in-memory) and ours persisted (--path DIR), each
// started for the suite; or, when KINESIS_EDGE_FLOW_URL (or the client suites' KINESIS_ENDPOINT) is set, only that
// endpoint, which the suite neither starts nor stops: a deployed Worker, say. Such an endpoint must map the suite's
// example credentials to account 000000000000 in us-east-1, as ours does.
import { externalEndpoint, startServer } from '../server';

export interface Running {
  url: string;
  /** The server's ready line and later output; '' for an endpoint the suite did not start. */
  stdout(): string;
  stop(): Promise<unknown>;
}

export interface FlowTarget {
  name: string;
  start(): Promise<Running>;
  /** What the ready line says of where the streams live; undefined for an endpoint the suite did not start. */
  storage?: RegExp;
}

const flowUrl = process.env.KINESIS_EDGE_FLOW_URL || externalEndpoint;

/** A server of ours, with the stream status delays at 0 so the suite waits on nothing but the flow. */
async function ours(args: string[]): Promise<Running> {
  const server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true, args });
  return { url: server.url, stdout: () => server.output().stdout, stop: () => server.stop() };
}

export function flowTargets(): FlowTarget[] {
  if (flowUrl) return [{ name: `the endpoint ${flowUrl}`, start: async () => ({ url: flowUrl.replace(/\/+$/, ''), stdout: () => '', stop: async () => undefined }) }];
  return [
    { name: 'ours in memory', start: () => ours(['--in-memory']), storage: /\(in memory\)/ },
    { name: 'ours persisted', start: () => ours([]), storage: /\(data in \S+\)/ },
  ];
}
