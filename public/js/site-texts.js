/* ChatEngine: the website's own texts for the widget (initChat's `texts`, the jtel set), pure.
 * A variant for the language (`noAgents#de`) wins over the plain text (`noAgents`); `de-AT` also takes
 * `#de`. Only the known names, only strings, trimmed, at most 1000 characters each.
 */
export const SITE_TEXT_NAMES = ['noAgents', 'outOfService', 'agentTyping', 'bye', 'byeNoAgent', 'welcomeMessage',
  'editorPlaceholder'];
const MAX_LENGTH = 1000;

function clean(value) {
  if (typeof value !== 'string') return '';
  const text = value.trim();
  return text.length > MAX_LENGTH ? text.slice(0, MAX_LENGTH) : text;
}

/** The languages to try for `language`, most specific first: 'de-AT' -> ['de-at', 'de_at', 'de']. */
export function languageVariants(language) {
  const code = String(language || '').trim().toLowerCase();
  if (!/^[a-z]{2,3}([-_][a-z0-9]{1,8})*$/.test(code)) return [];
  const primary = code.split(/[-_]/)[0];
  return [...new Set([code, code.replace(/-/g, '_'), code.replace(/_/g, '-'), primary])];
}

/** { noAgents: '…', … } for `language`: only the names the site set (in any variant that applies). */
export function resolveSiteTexts(texts, language) {
  const out = {};
  if (!texts || typeof texts !== 'object') return out;
  const variants = languageVariants(language);
  const keys = Object.keys(texts);
  for (const name of SITE_TEXT_NAMES) {
    let chosen = '';
    for (const variant of variants) {
      const key = keys.find((k) => k.toLowerCase() === (name + '#' + variant).toLowerCase());
      chosen = key ? clean(texts[key]) : '';
      if (chosen) break;
    }
    if (!chosen) chosen = clean(texts[name]);
    if (chosen) out[name] = chosen;
  }
  return out;
}

/** The typing text with the agent's (masked) name in place of $agent. */
export function agentTypingText(template, name) {
  return String(template).split('$agent').join(String(name));
}
