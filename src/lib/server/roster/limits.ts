// The numbers a roster import holds to, with their reasons.

/** A 10,000-person district's bundle is about 2 MB unzipped; 20 MB leaves room for big ones and refuses zip bombs. */
export const MAX_UNZIPPED_BYTES = 20 * 1024 * 1024;

/** The ZIP itself, as uploaded (form or API). A compressed 10,000-person roster is well under 1 MB. */
export const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

/** Rows per file: far above any district's staff, low enough that one import cannot starve the server. */
export const MAX_ROWS = 200_000;

/** Rows per INSERT when adding people: under Postgres' 65,535 parameters with room to spare. */
export const INSERT_BATCH = 1000;

/** Unusable rows kept in a preview and the history: enough to fix a file by, bounded for a broken one. */
export const MAX_PROBLEMS_LISTED = 500;
