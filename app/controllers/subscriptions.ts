/**
 * The links in reply-subscription mails. A GET only asks (mail scanners
 * fetch links, and must neither confirm nor end anything); the page's button
 * POSTs back to the same address, which does it. A mail client's one-click
 * unsubscribe (RFC 8058) POSTs there directly, with no page and no cookie.
 */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { confirmReplySubscription, endReplySubscription, subscriptionByToken } from '#app/models/reply-subscription.ts';
import type { SubscriptionPurpose } from '#app/models/reply-subscription/tokens.ts';
import { presentSubscriptionPage } from '#app/presenters/subscription.ts';
import { renderPage } from '#app/themes/page.ts';
import { notFound } from '#app/middleware/http-errors.ts';

const badLink =
  'This link does not work: it may have been cut short or changed, or the subscription it was for has ended. ' +
  'Copy the whole link from the mail, or subscribe again with your next comment.';

/** GET /subscriptions/:token/confirmation */
export const askConfirmation = page('confirm', false);
/** POST /subscriptions/:token/confirmation */
export const confirm = page('confirm', true);
/** GET /subscriptions/:token/deletion */
export const askDeletion = page('unsubscribe', false);
/** POST /subscriptions/:token/deletion (the page's button, or a mail client's one-click) */
export const destroy = page('unsubscribe', true);

function page(purpose: SubscriptionPurpose, act: boolean) {
  return async (req: Request, res: Response) => {
    const token = String(req.params.token);
    const subscription = await subscriptionByToken(token, purpose, appContext(req).config.sessionSecret);
    if (!subscription) throw notFound(badLink);
    if (act && purpose === 'confirm') await confirmReplySubscription(subscription.id);
    if (act && purpose === 'unsubscribe') await endReplySubscription(subscription.id);
    // A page for one address's owner: no cache may keep it.
    res.setHeader('Cache-Control', 'no-store');
    const data = presentSubscriptionPage(purpose, act, subscription.article, req.originalUrl.split('?')[0]!);
    await renderPage(req, res, 'subscription', data, { title: data.subscription.heading });
  };
}
