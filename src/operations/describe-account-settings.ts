// DescribeAccountSettings: the account's settings in this region, today its minimum throughput billing commitment
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeAccountSettings.html).
import { operation } from './operation';
import { accountObjectName } from '../objects/names';
import { commitmentView } from './account-settings';

export const DescribeAccountSettings = operation('DescribeAccountSettings', async function DescribeAccountSettings(ctx) {
  const commitment = await ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant)).commitment();
  return { MinimumThroughputBillingCommitment: commitmentView(commitment, ctx.now) };
});
