// UpdateAccountSettings: enables or disables the minimum throughput billing commitment at once, answering the
// settings as they now are; a disable inside the 24-hour minimum is scheduled for its earliest allowed end
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MinimumThroughputBillingCommitmentInput.html;
// rules in model/capacity.ts).
import { operation } from './operation';
import { accountObjectName } from '../objects/names';
import { commitmentView } from './account-settings';

export const UpdateAccountSettings = operation('UpdateAccountSettings', async function UpdateAccountSettings(ctx, input) {
  const account = ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant));
  const commitment = await account.updateCommitment(input.MinimumThroughputBillingCommitment.Status, ctx.now);
  return { MinimumThroughputBillingCommitment: commitmentView(commitment, ctx.now) };
});
