/**
 * PLACEHOLDER (helper "alerts" replaces this file): one round of the alert
 * rules on the host that holds the monitor lease: fire, repeat, resolve,
 * and queue the notifications.
 */
import type { MonitorContext } from '#app/monitor/context.ts';

export function checkAlerts(context: MonitorContext): Promise<void> {
  void context;
  return Promise.resolve();
}
