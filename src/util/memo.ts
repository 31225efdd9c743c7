/**
 * The one promise per key: made on first ask, shared by every later one; a rejected one is
 * forgotten, so the next ask tries again (the engine or the database may be back by then).
 */
export function sharedPromise<K, V>(cache: Map<K, Promise<V>>, key: K, make: () => Promise<V>): Promise<V> {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
    value.catch(() => cache.delete(key));
  }
  return value;
}
