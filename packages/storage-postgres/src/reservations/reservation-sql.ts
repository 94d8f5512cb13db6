/** The SQL of the reservation store for one (already quoted) schema. @internal */
export function reservationSql(schema: string) {
  const table = `${schema}.reservations`;
  const live = "status IN ('held', 'confirmed', 'active')";
  const columns = (r: string) => `(${r}->>'id')::int4, (${r}->>'version')::int4, ${r}->>'site', ${r}->>'assignedEvse',
    ${r}->>'driver', ${r}->>'status', int8range((${r}#>>'{occupancy,start}')::int8, (${r}#>>'{occupancy,end}')::int8),
    (${r}#>>'{window,start}')::int8, (${r}#>>'{window,end}')::int8, ${r}`;
  return {
    nextId: `SELECT nextval('${schema}.reservation_ids')::int4 AS id`,
    get: `SELECT record FROM ${table} WHERE id = $1`,
    /** The stored rows a change touches, locked until the end of the transaction. */
    lockStored: `SELECT id, version, site, driver, status FROM ${table} WHERE id = ANY($1::int4[]) ORDER BY id FOR UPDATE`,
    update: `UPDATE ${table} AS t SET
  (id, version, site, assigned_evse, driver, status, occupancy, window_start, window_end, record) = (${columns("x.r")})
  FROM jsonb_array_elements($1::jsonb) AS x(r) WHERE t.id = (x.r->>'id')::int4`,
    /** Creates that may collide with stored ids: the ids actually inserted come back. */
    insertNew: `INSERT INTO ${table}
  (id, version, site, assigned_evse, driver, status, occupancy, window_start, window_end, record)
  SELECT ${columns("x.r")} FROM jsonb_array_elements($1::jsonb) AS x(r)
  ON CONFLICT (id) DO NOTHING RETURNING id`,
    /**
     * One row: the first written record (in change order) whose occupancy overlaps a live record on its site and
     * assigned EVSE that is either not part of the change or comes earlier in it (the answer the memory store
     * gives), and the live count of driver `$2` (null when `$2` is null).
     */
    check: `SELECT hit.id, hit.other,
    CASE WHEN $2::text IS NULL THEN NULL
      ELSE (SELECT count(*)::int4 FROM ${table} WHERE driver = $2 AND ${live}) END AS live
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT w.id, other.id AS other
    FROM unnest($1::int4[]) WITH ORDINALITY AS w(id, n)
    JOIN ${table} AS mine ON mine.id = w.id AND mine.${live}
    JOIN ${table} AS other ON other.site = mine.site AND other.assigned_evse = mine.assigned_evse
      AND other.occupancy && mine.occupancy AND other.id <> mine.id AND other.${live}
    LEFT JOIN unnest($1::int4[]) WITH ORDINALITY AS o(id, n) ON o.id = other.id
    WHERE o.n IS NULL OR o.n < w.n
    ORDER BY w.n, other.id
    LIMIT 1
  ) AS hit ON true`,
    listLive: (bySite: boolean, byDriver: boolean) => {
      const where = [live];
      if (bySite) where.push("site = $1");
      if (byDriver) where.push(`driver = $${bySite ? 2 : 1}`);
      return `SELECT record FROM ${table} WHERE ${where.join(" AND ")} ORDER BY lower(occupancy), id`;
    },
    history: `SELECT record FROM ${table} WHERE driver = $1 AND window_end >= $2
  ORDER BY window_start DESC, id DESC LIMIT $3`,
  };
}
