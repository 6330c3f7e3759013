// DisableEnhancedMonitoring: removes shard-level metrics (`ALL`: every one); answers the metrics before and after.
import { operation } from './operation';
import { changeMonitoring } from './enhanced-monitoring';

export const DisableEnhancedMonitoring = operation('DisableEnhancedMonitoring', async function DisableEnhancedMonitoring(ctx, input) {
  return changeMonitoring(ctx, input, 'disable');
});
