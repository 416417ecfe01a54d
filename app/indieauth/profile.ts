/** What a redeemed code tells the client about the author (IndieAuth §5.3.4): `me`, and with the profile scope a name and URL. */
import type { User } from '#app/models/db.ts';

export function profileAnswer(user: User, me: string, scope: string) {
  const scopes = scope.split(' ');
  if (!scopes.includes('profile')) return { me };
  return {
    me,
    profile: {
      name: user.displayName,
      url: me,
      ...(scopes.includes('email') && user.email ? { email: user.email } : {}),
    },
  };
}
