// The deploy recipe: `npm run deploy -- setup` once, `npm run deploy -- check`,
// then `npm run deploy -- deploy` every time. `npm run deploy -- tasks` lists
// the tasks. It is checked before any host is touched; a mistake stops
// everything with a message that names the field.
import { after, defineRecipe } from '#deploy/dsl.ts';

export default defineRecipe({
  application: 'folio',

  // A git URL (each host keeps a mirror and needs read access to it), or a
  // path to a local checkout (a git archive of the branch is streamed to
  // each host over ssh: the hosts need no git and no access to your repo).
  repository: '.',
  branch: 'main',

  // On every host: releases/<UTC timestamp>/, shared/ and the `current` symlink.
  deployTo: '/var/www/folio',
  keepReleases: 5,

  // Roles: app runs the workers, web serves the maintenance page (Apache in
  // front), db runs migrations: exactly one db server is the primary.
  servers: [
    { host: 'blog.example.com', user: 'deploy', roles: ['app', 'web', 'db'], primary: true },
    // { host: 'app2.example.com', port: 2222, user: 'deploy', roles: ['app', 'web'] },
  ],

  // Linked into every release from shared/ (the default, written out):
  // data holds the database, uploads, the page cache, logs and pid files;
  // public/system holds the maintenance page.
  sharedPaths: { data: 'data', 'public/system': 'system' },

  // The app's environment on every host (written to each release's
  // .deploy-env, mode 600). FOLIO_DATA_DIR (<deployTo>/shared/data) and
  // NODE_ENV=production are filled in.
  env: {
    BASE_URL: 'https://blog.example.com',
    // SESSION_SECRET: process.env.FOLIO_SESSION_SECRET ?? '',  (else one is generated in the data dir)
  },

  // `npm run workers -- start` on app hosts: FastCGI workers for Apache on
  // 127.0.0.1:9000 and up. With http: true they speak plain HTTP instead.
  workers: { count: 2, listen: '127.0.0.1:9000', drainTimeout: 30 },

  // Before the switch each app host renders the pages that matter (home, the
  // newest article, the feed, sign-in) with the new release; after the
  // restart it asks every worker directly, then its own site on the loopback
  // (the webServer below). Within the timeout, or the deploy rolls back.
  healthCheck: { timeout: 120 },

  // The web server's site (`npm run deploy -- web:config`, and each deploy
  // after the switch): `npm run config:apache` of the release, installed on
  // web hosts when it changed (the old one kept as .previous), enabled,
  // checked with `apachectl configtest` and reloaded gracefully; a site that
  // fails the check is taken back. serverName defaults to BASE_URL's host,
  // siteFile to /etc/apache2/sites-available/<application>.conf; sudo: the
  // writes and commands run through `sudo -n` (README, "From a fresh server",
  // has the sudoers lines). Remove it to look after the web server yourself.
  webServer: { kind: 'apache', sudo: true },

  // Key authentication only; host keys are checked against this file and
  // an unknown or changed key is refused. Add a host with
  //   ssh-keyscan -p PORT HOST >> ~/.ssh/known_hosts   (after checking its fingerprint)
  ssh: { identityFile: '~/.ssh/id_ed25519', knownHosts: '~/.ssh/known_hosts', connectTimeout: 10 },

  // `--stage staging` picks these overrides (servers, branch, deployTo, env, workers, healthCheck, webServer).
  stages: {
    production: {},
    staging: {
      branch: 'staging',
      deployTo: '/var/www/folio-staging',
      env: { BASE_URL: 'https://staging.blog.example.com' },
      workers: { count: 1, listen: '127.0.0.1:9100' },
    },
  },
  defaultStage: 'production',

  // before/after any task or deploy phase (deploy:lock, deploy:update,
  // deploy:install, deploy:migrate, deploy:verify, deploy:switch, deploy:web,
  // deploy:restart, deploy:health, deploy:cleanup, deploy:unlock), on each
  // host, with the app's environment (at every phase). Throwing fails that
  // phase there, and the deploy rolls back.
  hooks: [
    after('deploy:install', 'show the installed Folio version', async ({ run }) => {
      await run(['node', '-p', 'require("./package.json").version']);
    }),
  ],
});
