/** A recipe problem, named by the field it is in (`servers[1].roles[0]: unknown role "wbe"`). */
export class RecipeError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(field ? `${field}: ${problem}` : problem);
    this.name = 'RecipeError';
  }
}
