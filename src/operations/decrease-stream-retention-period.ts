// DecreaseStreamRetentionPeriod: a shorter retention, down to 24 hours; older records stop being readable at once.
import { changeRetention } from './change-retention';
import { operation } from './operation';

export const DecreaseStreamRetentionPeriod = operation('DecreaseStreamRetentionPeriod', async function DecreaseStreamRetentionPeriod(ctx, input) {
  return changeRetention(ctx, input, 'decrease');
});
