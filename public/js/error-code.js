/* ChatEngine: error codes compared loosely (its own small module, so the public start form's POSTs do not
 * download the connection's state machine). */

/** Error codes compared loosely: the protocol doc spells them no_session, the server NoSession. */
export function normCode(code) {
  return String(code || '').replace(/[_\s-]/g, '').toLowerCase();
}
