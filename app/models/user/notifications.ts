/**
 * What a user chooses to be mailed about. Comments on their own articles:
 * none, those held for moderation (the default), or every new one (the
 * blog's switch in Settings comes first: when it is off, nobody is mailed);
 * and, for administrators, alerts.
 */
import { z } from 'zod';
import { db, type User } from '#app/models/db.ts';
import { validInput } from '#app/models/validation.ts';

export const notifyCommentChoices = ['off', 'held', 'all'] as const;
export type NotifyComments = (typeof notifyCommentChoices)[number];

const choicesInput = z.object({
  notifyComments: z.enum(notifyCommentChoices, 'Choose one of the three.'),
  /** Administrators only: mail when an alert fires or resolves (app/monitor/alerts/notify.ts). */
  notifyAlerts: z.boolean().optional(),
});
export type NotificationChoices = z.input<typeof choicesInput>;

/** Whether an author who chose `choice` wants mail about a comment in `status`. */
export function wantsCommentMail(choice: string, status: string): boolean {
  return choice === 'all' || (choice === 'held' && status === 'pending');
}

/** Saves the user's own choices. No page shows them, so there is nothing to announce. */
export async function updateNotificationChoices(id: number, input: NotificationChoices): Promise<User> {
  return db.user.update({ where: { id }, data: validInput(choicesInput, input) });
}
