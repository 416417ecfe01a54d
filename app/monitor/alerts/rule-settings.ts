/**
 * The rules as the admin set them: an AlertRule row holds one rule's values
 * in place of its defaults (rules.ts); resetting deletes the row, so a later
 * release's better default reaches every rule nobody changed.
 */
import { db } from '#app/models/db.ts';
import { ValidationError } from '#app/models/validation.ts';
import { TIERS } from '#app/monitor/sample.ts';
import { definitionOf, ruleKinds, type RuleKind, type RuleSettings } from '#app/monitor/alerts/rules.ts';

/** A window reads the 'hour' tier, which keeps two hours. */
export const windowRange = [1, TIERS.hour.keepSeconds / 60] as const;
/** At least this long between two notifications of one alert: the bound on its rate. */
export const repeatRange = [5, 7 * 24 * 60] as const;

export interface RuleState extends RuleSettings {
  /** Whether the admin changed the defaults. */
  readonly customized: boolean;
}

/** Every rule, in the order of rules.ts, with the admin's values where there are some. */
export async function currentRules(): Promise<RuleState[]> {
  const rows = new Map((await db.alertRule.findMany()).map((row) => [row.kind, row]));
  return ruleKinds.map((kind) => {
    const row = rows.get(kind);
    if (!row) return { kind, ...definitionOf(kind).defaults, customized: false };
    const { enabled, threshold, windowMinutes, repeatMinutes } = row;
    return { kind, enabled, threshold, windowMinutes, repeatMinutes, customized: true };
  });
}

/** The form's fields as typed: `enabled` is a checkbox (present or not). */
export interface RuleInput {
  readonly enabled: string;
  readonly threshold: string;
  readonly windowMinutes: string;
  readonly repeatMinutes: string;
}

/** Saves the admin's values for `kind`, or refuses them field by field (ValidationError). */
export async function saveRule(kind: RuleKind, input: RuleInput): Promise<RuleSettings> {
  const definition = definitionOf(kind);
  const errors: Record<string, string> = {};
  const [low, high] = definition.thresholdRange;
  const threshold = numberIn(input.threshold, low, high, false);
  if (threshold === null)
    errors.threshold = `The threshold must be a number from ${low} to ${high} (${definition.unit}).`;
  const windowMinutes = definition.usesWindow
    ? numberIn(input.windowMinutes, windowRange[0], windowRange[1], true)
    : definition.defaults.windowMinutes;
  if (windowMinutes === null)
    errors.windowMinutes = `The window must be a whole number of minutes from ${windowRange[0]} to ${windowRange[1]}.`;
  const repeatMinutes = numberIn(input.repeatMinutes, repeatRange[0], repeatRange[1], true);
  if (repeatMinutes === null)
    errors.repeatMinutes = `The repeat interval must be a whole number of minutes from ${repeatRange[0]} to ${repeatRange[1]} (a week).`;
  if (threshold === null || windowMinutes === null || repeatMinutes === null) throw new ValidationError(errors);
  const values = { enabled: input.enabled !== '', threshold, windowMinutes, repeatMinutes };
  await db.alertRule.upsert({ where: { kind }, create: { kind, ...values }, update: values });
  return { kind, ...values };
}

/** Back to the defaults. */
export async function resetRule(kind: RuleKind): Promise<void> {
  await db.alertRule.deleteMany({ where: { kind } });
}

function numberIn(text: string, low: number, high: number, whole: boolean): number | null {
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  if (value < low || value > high || (whole && !Number.isInteger(value))) return null;
  return value;
}
