/**
 * The mission's pre-deployment checklist: [key, category, title, description, isAutomatic,
 * requiredFor]. isAutomatic items are verified by the system with evidence, never ticked by
 * a person. requiredFor is the stage whose entry the item gates: everything before real
 * money (stage 2, small live), backups before full production (stage 4).
 */
export const CHECKLIST_ITEMS = [
  ['env.runtime', 'Environment', 'Runtime installed', 'Node 20 or newer runs the server and the worker', true, 2],
  ['env.dependencies', 'Environment', 'Dependencies installed', 'node_modules matches package-lock.json (npm ci)', true, 2],
  ['env.configured', 'Environment', 'Environment configured', 'Every variable parses (TRADING_MODE, CAPITAL_ALLOCATION, keys)', true, 2],
  ['env.credentials', 'Environment', 'Exchange credentials configured and tested', 'The active key authenticates against the exchange', true, 2],
  ['env.llm', 'Environment', 'LLM advisory checked', 'LLM advisory is off, or its use is justified in writing', true, 2],
  ['env.database', 'Environment', 'Database ready', 'Every migration in prisma/migrations is applied', true, 2],
  ['risk.account-size', 'Risk configuration', 'Limits fit the account size', 'Per-trade risk and exposure caps reviewed against the account equity', false, 2],
  ['risk.sizing', 'Risk configuration', 'Position sizing verified', 'Sizing checked on sample intents', false, 2],
  ['risk.daily-loss', 'Risk configuration', 'Daily loss limit set', 'Daily loss limit (5% or tighter) confirmed', false, 2],
  ['risk.drawdown', 'Risk configuration', 'Drawdown thresholds reviewed', '10% / 15% / 20% tiers (or tighter) confirmed', false, 2],
  ['exchange.permissions', 'Exchange setup', 'Key permissions minimal', 'Read-only for testing; trade only when live; never withdraw', true, 2],
  ['exchange.sandbox', 'Exchange setup', 'Sandbox configured', 'The paper account runs on the sandbox (EXCHANGE_SANDBOX=true)', true, 2],
  ['exchange.rate-limits', 'Exchange setup', 'Rate limits configured', 'Client rate limiting matches the exchange limits', false, 2],
  ['exchange.withdrawals', 'Exchange setup', 'Withdrawal restrictions', 'The key cannot withdraw (verified) and the account has a withdrawal allow-list', true, 2],
  ['testing.unit', 'Testing', 'Unit tests pass', 'npm test: unit phase green on this version', false, 2],
  ['testing.integration', 'Testing', 'Integration tests pass', 'npm test: integration phase green on this version', false, 2],
  ['testing.paper', 'Testing', 'Paper validation', 'Paper results meet the paper stage criteria', true, 2],
  ['testing.risk', 'Testing', 'Risk validation', 'Risk engine property tests green; limits exercised in paper', false, 2],
  ['testing.benchmarks', 'Testing', 'Performance benchmarks', 'npm run bench meets its targets on this machine', false, 2],
  ['ops.backup', 'Operations', 'Backups in place', 'A database backup younger than 7 days that restores', true, 4],
] as const;

export type ChecklistKey = (typeof CHECKLIST_ITEMS)[number][0];
