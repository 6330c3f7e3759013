// IncreaseStreamRetentionPeriod: a longer retention, up to 8760 hours; never shorter than the current one.
import { changeRetention } from './change-retention';
import { operation } from './operation';

export const IncreaseStreamRetentionPeriod = operation('IncreaseStreamRetentionPeriod', async function IncreaseStreamRetentionPeriod(ctx, input) {
  return changeRetention(ctx, input, 'increase');
});
