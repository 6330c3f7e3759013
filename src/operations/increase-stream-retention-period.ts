// IncreaseStreamRetentionPeriod: a longer retention, up to 8760 hours; never shorter than the current one.
import { changeRetention } from './change-retention';

export default changeRetention('increase');
