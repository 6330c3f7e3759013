// EnableEnhancedMonitoring: adds shard-level metrics (`ALL`: all seven); answers the metrics before and after.
import { operation } from './operation';
import { changeMonitoring } from './enhanced-monitoring';

export const EnableEnhancedMonitoring = operation('EnableEnhancedMonitoring', async function EnableEnhancedMonitoring(ctx, input) {
  return changeMonitoring(ctx, input, 'enable');
});
