/** The `subscription` template's data: a mail link's question, or its answer once the button was pressed. */
import { articlePath } from '#app/helpers/permalinks.ts';
import type { SubscriptionPageData } from '#app/presenters/template-data.ts';

type Purpose = SubscriptionPageData['subscription']['purpose'];

const wording: Record<Purpose, Record<'ask' | 'done', { heading: string; message: string }> & { button: string }> = {
  confirm: {
    ask: {
      heading: 'Confirm your subscription',
      message:
        'Press the button to be mailed when someone comments on this article. Every mail has a link to stop them.',
    },
    done: {
      heading: 'Subscription confirmed',
      message: 'You will be mailed when someone comments on this article. Every mail has a link to stop them.',
    },
    button: 'Confirm',
  },
  unsubscribe: {
    ask: {
      heading: 'Stop these mails?',
      message: 'Press the button to get no more mail about new comments on this article.',
    },
    done: {
      heading: 'Unsubscribed',
      message: 'You will get no more mail about new comments on this article.',
    },
    button: 'Unsubscribe',
  },
};

export function presentSubscriptionPage(
  purpose: Purpose,
  done: boolean,
  article: { title: string; slug: string; publishedOn: string | null },
  action: string,
): SubscriptionPageData {
  const words = wording[purpose];
  return {
    subscription: {
      purpose,
      done,
      ...words[done ? 'done' : 'ask'],
      article: { title: article.title, url: articlePath(article) },
      action,
      button: words.button,
    },
  };
}
