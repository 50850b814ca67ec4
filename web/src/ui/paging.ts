import { useEffect, useState } from 'react';

/**
 * The rows of a paged list read so far ("show more"): the first page replaces them, a next page (read
 * after a cursor) is appended, and a row that moved between pages is kept once.
 */
export function useRowsSoFar<T extends { id: string }>(
  edges: ReadonlyArray<{ node: T }> | undefined,
  after: string | null,
): T[] {
  const [rows, setRows] = useState<T[]>([]);
  useEffect(() => {
    if (!edges) return;
    const page = edges.map((edge) => edge.node);
    setRows((seen) =>
      after ? [...seen.filter((row) => !page.some((n) => n.id === row.id)), ...page] : page,
    );
  }, [edges, after]);
  return rows;
}
