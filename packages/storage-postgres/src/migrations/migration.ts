/**
 * One versioned migration: plain SQL, run inside the migration transaction with `search_path` set to the target
 * schema, so its table names are unqualified. Applied migrations are never edited: a change is a new version.
 *
 * @category Migrations
 */
export interface Migration {
  /** Version: 1, 2, 3 … in the order they apply. */
  readonly version: number;
  /** Short name, e.g. `"reservations"`. */
  readonly name: string;
  /** The SQL script. */
  readonly sql: string;
}
