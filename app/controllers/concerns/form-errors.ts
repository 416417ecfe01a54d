/**
 * The one answer to input the model refuses (a ValidationError): the form
 * again with each field's error beside it, status 422. Any other error goes
 * on to the error page.
 */
import { ValidationError } from '#app/models/validation.ts';

export interface RefusedInput {
  /** Field name → what is wrong with it. */
  errors: Record<string, string>;
  /** Every field's message in one sentence, for places without fields (a flash, JSON). */
  message: string;
  status: 422;
}

/** A form's typed values and, once the model refused them, the errors and the status to answer with. */
export interface FormState {
  values: Record<string, string>;
  errors?: Record<string, string>;
  status?: number;
}

/** Runs `save` (which redirects on success); if the model refuses the input, `showAgain` answers instead. */
export async function saveOrShowErrors(
  save: () => Promise<unknown>,
  showAgain: (refused: RefusedInput) => unknown,
): Promise<void> {
  try {
    await save();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await showAgain({ errors: error.fields, message: error.message, status: 422 });
  }
}
