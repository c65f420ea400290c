import { createCallerFactory, router } from './trpc';
import { ping } from './routers/health/ping';
import { me } from './routers/auth/me';
import { getOverview } from './routers/overview/get-overview';
import { setSafeMode } from './routers/control/set-safe-mode';
import { listCommands } from './routers/control/list-commands';
import { criticalAlerts, listAlerts } from './routers/alerts/list-alerts';
import { acknowledgeAlert } from './routers/alerts/acknowledge-alert';
import { listAudit } from './routers/audit/list-audit';
import { verifyAudit } from './routers/audit/verify-audit';
import { listUsers } from './routers/users/list-users';
import { createUser } from './routers/users/create-user';
import { setRole } from './routers/users/set-role';
import { setDisabled } from './routers/users/set-disabled';
import { resetPassword } from './routers/users/reset-password';
import { unlockUser } from './routers/users/unlock-user';
import { resetSecondFactor } from './routers/users/reset-second-factor';
import { getTwoFactor } from './routers/two-factor/get-two-factor';
import { startEnrolment } from './routers/two-factor/start-enrolment';
import { confirmEnrolment } from './routers/two-factor/confirm-enrolment';
import { disableTwoFactor } from './routers/two-factor/disable-two-factor';
import { getRisk } from './routers/risk/get-risk';
import { getRiskSignals } from './routers/risk/get-risk-signals';
import { getSystem } from './routers/system/get-system';
import { getSystemSeries } from './routers/system/get-system-series';
import { getApiUsage } from './routers/system/get-api-usage';
import { getWorkers } from './routers/system/get-workers';
import { updateConfig } from './routers/risk/update-config';
import { resetLock } from './routers/risk/reset-lock';
import { listPositions } from './routers/positions/list-positions';
import { closePosition } from './routers/positions/close-position';
import { positionChart } from './routers/positions/position-chart';
import { journalFacets, listJournal } from './routers/journal/list-journal';
import { getPerformance } from './routers/performance/get-performance';
import { getStages, promote, rollback } from './routers/stages/stages';
import { getChecklist, setTick } from './routers/checklist/checklist';
import { getExchange } from './routers/exchange/get-exchange';
import { listReconcileJournal } from './routers/exchange/list-reconcile-journal';
import { listChannels } from './routers/alert-channels/list-channels';
import { addChannelProcedure } from './routers/alert-channels/add-channel';
import { setChannelEnabledProcedure } from './routers/alert-channels/set-channel-enabled';
import { deleteChannelProcedure } from './routers/alert-channels/delete-channel';
import { sendTestAlertProcedure } from './routers/alert-channels/send-test-alert';
import { addCredentialProcedure, listCredentials, rotateCredentialProcedure, verifyCredentialProcedure } from './routers/credentials/credentials';
import { getEmergency } from './routers/emergency/get-emergency';
import { emergencyStop } from './routers/emergency/emergency-stop';
import { setExtremeMode } from './routers/emergency/set-extreme-mode';
import { cancelOrders } from './routers/emergency/cancel-orders';
import { listContacts } from './routers/emergency-contacts/list-contacts';
import { addContact } from './routers/emergency-contacts/add-contact';
import { updateContact } from './routers/emergency-contacts/update-contact';
import { deleteContact } from './routers/emergency-contacts/delete-contact';
import { listTasks } from './routers/ops/list-tasks';
import { tickTask } from './routers/ops/tick-task';
import { listReports } from './routers/reports/list-reports';
import { getReport } from './routers/reports/get-report';
import { getLlmAdvisory } from './routers/llm/get-llm-advisory';
import { setLlmJustification } from './routers/llm/set-llm-justification';
import { listSweepsProcedure } from './routers/research/list-sweeps';
import { getSweep } from './routers/research/get-sweep';
import { runCurvesProcedure } from './routers/research/run-curves';
import { createSweepProcedure } from './routers/research/create-sweep';
import { cancelSweepProcedure } from './routers/research/cancel-sweep';
import { researchOptions } from './routers/research/research-options';

export const appRouter = router({
  llm: router({ get: getLlmAdvisory, setJustification: setLlmJustification }),
  health: router({ ping }),
  auth: router({ me }),
  overview: router({ get: getOverview }),
  control: router({ setSafeMode, listCommands }),
  alerts: router({ list: listAlerts, critical: criticalAlerts, acknowledge: acknowledgeAlert }),
  audit: router({ list: listAudit, verify: verifyAudit }),
  users: router({ list: listUsers, create: createUser, setRole, setDisabled, resetPassword, unlock: unlockUser, resetSecondFactor }),
  twoFactor: router({ get: getTwoFactor, startEnrolment, confirmEnrolment, disable: disableTwoFactor }),
  risk: router({ get: getRisk, signals: getRiskSignals, updateConfig, resetLock }),
  system: router({ get: getSystem, series: getSystemSeries, apiUsage: getApiUsage, workers: getWorkers }),
  positions: router({ list: listPositions, close: closePosition, chart: positionChart }),
  journal: router({ list: listJournal, facets: journalFacets }),
  performance: router({ get: getPerformance }),
  research: router({ sweeps: listSweepsProcedure, sweep: getSweep, curves: runCurvesProcedure, create: createSweepProcedure, cancel: cancelSweepProcedure, options: researchOptions }),
  stages: router({ get: getStages, promote, rollback }),
  checklist: router({ get: getChecklist, setTick }),
  exchange: router({ get: getExchange, journal: listReconcileJournal }),
  credentials: router({ list: listCredentials, add: addCredentialProcedure, verify: verifyCredentialProcedure, rotate: rotateCredentialProcedure }),
  ops: router({ list: listTasks, tick: tickTask }),
  reports: router({ list: listReports, get: getReport }),
  emergency: router({ get: getEmergency, stop: emergencyStop, setExtremeMode, cancelOrders }),
  emergencyContacts: router({ list: listContacts, add: addContact, update: updateContact, delete: deleteContact }),
  alertChannels: router({ list: listChannels, add: addChannelProcedure, setEnabled: setChannelEnabledProcedure, delete: deleteChannelProcedure, sendTest: sendTestAlertProcedure }),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
