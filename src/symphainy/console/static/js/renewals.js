// The renewals ledger: each spent refresh token and the token pair that replaced it, in
// IndexedDB. The tabs share their tokens through localStorage, but a tab's localStorage is a
// cache that other tabs' writes reach by message, with no ordering against the renewal lock:
// a tab taking the lock just after another renewed may still read the spent refresh token
// there. IndexedDB transactions are ordered, so the renewing tab records the renewal here
// before it releases the lock, and the next holder reads it here before presenting a token.

const DB = "symphainy";
const STORE = "renewals";
let opened = null;

function database() {
  opened = opened || new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opened;
}

/** Run `fn(objectStore)` in one transaction; resolves with what `fn` leaves in `out.value`
 * once the transaction has committed. */
async function transaction(mode, fn) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const out = { value: undefined };
    tx.oncomplete = () => resolve(out.value);
    tx.onabort = () => reject(tx.error || new Error("renewals ledger: transaction aborted"));
    fn(tx.objectStore(STORE), out);
  });
}

/** The newest pair descended from `refresh` (following renewal after renewal), or null when
 * no tab has spent `refresh`. */
export function latest(refresh) {
  return transaction("readonly", (store, out) => {
    out.value = null;
    const step = (token) => {
      const req = store.get(token);
      req.onsuccess = () => {
        if (!req.result) return;
        out.value = req.result;
        step(req.result.refresh_token);
      };
    };
    step(refresh);
  });
}

/** Record that `spent` was renewed into `pair` (committed when this resolves). */
export function record(spent, pair) {
  return transaction("readwrite", (store) => { store.put(pair, spent); });
}

/** Drop the ledger (signing out: the login's tokens are revoked, its renewals moot). */
export function clear() {
  return transaction("readwrite", (store) => { store.clear(); });
}
