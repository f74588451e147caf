/* ChatEngine: what the pages need from the browser beyond the DOM: storage and random command IDs. */

export function storageGet(storage, key) {
  try { return window[storage].getItem(key); } catch (e) { return null; }
}

export function storageSet(storage, key, value) {
  try {
    if (value === null || value === undefined) window[storage].removeItem(key);
    else window[storage].setItem(key, value);
  } catch (e) { /* storage blocked (third-party iframe): keep it in memory only */ }
}

/** A client-generated CommandID: random, so a resend is recognised and nobody can guess it. */
export function newCommandID() {
  const c = window.crypto;
  if (c && typeof c.randomUUID === 'function') return 'c-' + c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return 'c-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
