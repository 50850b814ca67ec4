import divisions from './reference/morocco-divisions.json';

/** Urban or rural, by HCP code, for the communes the reference data lists. */
export function communeKinds(): { code: string; kind: 'URBAN' | 'RURAL' }[] {
  return divisions.tangier_asilah.communes.map((commune) => ({
    code: commune.hcp_code,
    kind: commune.kind === 'urban' ? 'URBAN' : 'RURAL',
  }));
}

/** Records each commune's kind where it is not known yet; answers how many rows changed. */
export async function seedCommuneKinds(db: {
  query(sql: string, params: unknown[]): Promise<unknown>;
}): Promise<number> {
  const kinds = communeKinds();
  const [{ changed }] = (await db.query(
    `WITH changed AS (
       UPDATE territory t SET commune_kind = k.kind
         FROM unnest(CAST($1 AS text[]), CAST($2 AS text[])) AS k(code, kind)
        WHERE t.code = k.code AND t.kind = 'COMMUNE' AND t.commune_kind IS NULL RETURNING 1)
     SELECT count(*)::int AS changed FROM changed`,
    [kinds.map((k) => k.code), kinds.map((k) => k.kind)],
  )) as { changed: number }[];
  return changed;
}
