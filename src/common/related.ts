/**
 * The rows a read brought along with a model through a join (a mandate's post, role and person; a
 * participation's person), each under the name of the field that shows it. The row reader puts them
 * on the entity (`SelectOptions.joined` in database/rows), the model's mapper carries them over, and
 * the field resolver reads them through `related()`: answered at once when the join brought the row,
 * from the loader when it did not.
 */
export interface Joined<R> {
  joined?: Partial<R>;
}

/** A related row as its model: the one the join brought, else the one `load` finds. */
export function related<R, K extends keyof R, M>(
  model: Joined<R>,
  key: K,
  load: () => Promise<R[K] | undefined>,
  map: (row: R[K]) => M,
): M | Promise<M> {
  const row = model.joined?.[key];
  if (row !== undefined) return map(row as R[K]);
  return load().then((loaded) => map(loaded as R[K]));
}
