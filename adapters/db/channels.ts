/** NOTIFY channels. Payloads are ids only; listeners read the rows. */
export const CONTROL_CHANNEL = 'sentinel_control'; // web → worker: a ControlCommand row was written
export const EVENTS_CHANNEL = 'sentinel_events'; // worker → web: state changed (command applied, heartbeat…)
export const ALERTS_CHANNEL = 'sentinel_alerts'; // any → worker: an alert was raised (its deliveries are due)
