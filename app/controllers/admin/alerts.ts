import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type RefusedInput } from '#app/controllers/concerns/form-errors.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { openAlerts } from '#app/monitor/alerts/open.ts';
import { recentAlerts } from '#app/monitor/alerts/history.ts';
import { currentRules, repeatRange, resetRule, saveRule, windowRange } from '#app/monitor/alerts/rule-settings.ts';
import { definitionOf, isRuleKind, ruleDefinitions, type RuleKind } from '#app/monitor/alerts/rules.ts';

const fields = ['enabled', 'threshold', 'windowMinutes', 'repeatMinutes'] as const;

/** GET /admin/alerts */
export async function index(req: Request, res: Response) {
  await renderIndex(req, res);
}

/** POST /admin/alerts/rules/:kind */
export async function updateRule(req: Request, res: Response) {
  const kind = ruleKindParam(req);
  const values = formFields(req, fields);
  await saveOrShowErrors(
    async () => {
      await saveRule(kind, values);
      flash(req, 'notice', `The ${definitionOf(kind).title} rule is saved.`);
      res.redirect(303, '/admin/alerts');
    },
    (refused) => renderIndex(req, res, { kind, values, ...refused }),
  );
}

/** POST /admin/alerts/rules/:kind/defaults: back to the defaults. */
export async function restoreDefaults(req: Request, res: Response) {
  const kind = ruleKindParam(req);
  await resetRule(kind);
  flash(req, 'notice', `The ${definitionOf(kind).title} rule is back to its defaults.`);
  res.redirect(303, '/admin/alerts');
}

interface RefusedRule extends RefusedInput {
  kind: RuleKind;
  values: Record<string, string>;
}

async function renderIndex(req: Request, res: Response, refused?: RefusedRule) {
  const { monitoring } = appContext(req).config;
  const [rules, firing, history] = await Promise.all([currentRules(), openAlerts(), recentAlerts()]);
  await renderAdmin(
    req,
    res,
    'alerts/index',
    {
      rules: rules.map((rule) => ({ ...rule, definition: ruleDefinitions.get(rule.kind)! })),
      firing,
      history,
      titleOf: (kind: string) => (isRuleKind(kind) ? definitionOf(kind).title : kind),
      refused: refused ?? null,
      windowRange,
      repeatRange,
      channels: { mail: Boolean(monitoring.smtpUrl), webhook: Boolean(monitoring.webhookUrl) },
      notifyAlerts: req.currentUser!.notifyAlerts,
      hasEmail: req.currentUser!.email !== '',
    },
    { title: 'Alerts', section: 'alerts', status: refused?.status },
  );
}

function ruleKindParam(req: Request): RuleKind {
  const kind = String(req.params.kind);
  return orNotFound(isRuleKind(kind) ? kind : null, 'There is no such alert rule.');
}
