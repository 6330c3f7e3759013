// Worker entry: the Hono app and the Durable Object classes the runtime must find by name.
import { app } from './app';

export { AccountObject } from './objects/account-object';
export { StreamObject } from './objects/stream-object';
export { ShardObject } from './objects/shard-object';
export { TenantObject } from './objects/tenant-object';
export { ChannelObject } from './objects/channel-object';

export default app;
