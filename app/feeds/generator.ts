/** Written as the generator of every feed, instead of the library's URL. */
export const GENERATOR = 'Folio';
