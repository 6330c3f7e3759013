// DecreaseStreamRetentionPeriod: a shorter retention, down to 24 hours; older records stop being readable at once.
import { changeRetention } from './change-retention';

export default changeRetention('decrease');
