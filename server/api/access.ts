import type { Role } from '@/generated/prisma/enums';

/**
 * The minimum role of every tRPC procedure, in one table. The middleware refuses a
 * procedure that has no entry (fail closed), and tests/integration/roles-matrix
 * enumerates the router and asserts this table for anonymous, viewer, operator, admin.
 */
export type Access = 'PUBLIC' | Role;

export const procedureAccess: Record<string, Access> = {
  'health.ping': 'PUBLIC',
  'auth.me': 'VIEWER',
  'overview.get': 'VIEWER',
  'control.setSafeMode': 'OPERATOR',
  'control.listCommands': 'VIEWER',
  'alerts.list': 'VIEWER',
  'alerts.critical': 'VIEWER',
  'alerts.acknowledge': 'OPERATOR',
  'audit.list': 'VIEWER',
  'audit.verify': 'ADMIN',
  'users.list': 'ADMIN',
  'users.create': 'ADMIN',
  'users.setRole': 'ADMIN',
  'users.setDisabled': 'ADMIN',
  'users.resetPassword': 'ADMIN',
  'users.unlock': 'ADMIN',
  'users.resetSecondFactor': 'ADMIN',
  // one's own second factor: every signed-in user (the services act on the caller only)
  'twoFactor.get': 'VIEWER',
  'twoFactor.startEnrolment': 'VIEWER',
  'twoFactor.confirmEnrolment': 'VIEWER',
  'twoFactor.disable': 'VIEWER',
  'risk.get': 'VIEWER',
  'risk.signals': 'VIEWER',
  'system.get': 'VIEWER',
  'system.series': 'VIEWER',
  // per-key request and order rates, auth errors: no key material (only its last 4)
  'system.apiUsage': 'VIEWER',
  // worker ids, hostnames, leases and queue counts: no secret, no account figure
  'system.workers': 'VIEWER',
  'risk.updateConfig': 'ADMIN',
  'risk.resetLock': 'ADMIN',
  'positions.list': 'VIEWER',
  'positions.close': 'OPERATOR',
  'positions.chart': 'VIEWER',
  'journal.list': 'VIEWER',
  'journal.facets': 'VIEWER',
  'performance.get': 'VIEWER',
  // backtest sweeps: results are research on shipped candles, no account figure; queuing or cancelling one uses the workers' time
  'research.sweeps': 'VIEWER',
  'research.sweep': 'VIEWER',
  'research.curves': 'VIEWER',
  'research.options': 'VIEWER',
  'research.create': 'OPERATOR',
  'research.cancel': 'OPERATOR',
  'stages.get': 'VIEWER',
  'stages.promote': 'OPERATOR',
  'stages.rollback': 'OPERATOR',
  'checklist.get': 'VIEWER',
  'checklist.setTick': 'OPERATOR',
  'exchange.get': 'VIEWER',
  'exchange.journal': 'VIEWER',
  'credentials.list': 'ADMIN',
  'credentials.add': 'ADMIN',
  'credentials.verify': 'ADMIN',
  'credentials.rotate': 'ADMIN',
  'alertChannels.list': 'ADMIN',
  'alertChannels.add': 'ADMIN',
  'alertChannels.setEnabled': 'ADMIN',
  'alertChannels.delete': 'ADMIN',
  'alertChannels.sendTest': 'ADMIN',
  'emergency.get': 'VIEWER',
  'emergency.stop': 'OPERATOR',
  'emergency.setExtremeMode': 'OPERATOR',
  'emergency.cancelOrders': 'OPERATOR',
  'emergencyContacts.list': 'VIEWER',
  'emergencyContacts.add': 'ADMIN',
  'emergencyContacts.update': 'ADMIN',
  'emergencyContacts.delete': 'ADMIN',
  'ops.list': 'VIEWER',
  'ops.tick': 'OPERATOR',
  'reports.list': 'VIEWER',
  'reports.get': 'VIEWER',
  'llm.get': 'VIEWER',
  'llm.setJustification': 'ADMIN',
};

const RANK: Record<Access, number> = { PUBLIC: 0, VIEWER: 1, OPERATOR: 2, ADMIN: 3 };

export function hasAccess(role: Role | null, required: Access): boolean {
  if (required === 'PUBLIC') return true;
  return role !== null && RANK[role] >= RANK[required];
}
