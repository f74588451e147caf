/* ChatEngine: texts in the reader's language, the OTRS way. The source text is English; the page's
 * configuration carries the translations of its language (`Translations`, from Kernel/Language/*.pm, chosen
 * by the server from Lang= or Accept-Language). A text without a translation stays English.
 * `t('Chat with %s', name)` fills each %s in order. The widget's per-site texts (`texts` of initChat, with
 * '#de' variants) win over both: `siteText('noAgents')`.
 */
import { resolveSiteTexts } from './site-texts.js';

let table = null;
let site = {};

function dictionary() {
  if (table) return table;
  table = {};
  const node = typeof document !== 'undefined' ? document.getElementById('ce-config') : null;
  try {
    const config = JSON.parse((node && node.textContent) || '{}');
    if (config && config.Translations && typeof config.Translations === 'object') table = config.Translations;
  } catch (e) { /* no translations: English */ }
  return table;
}

/** Replaces the translations (tests; a page whose configuration arrives later). */
export function setTranslations(translations) {
  table = translations && typeof translations === 'object' ? translations : {};
}

// The server's rule (ChatLanguage.fill): each %s takes the next value as it is (never read as a pattern or a
// placeholder); a translation with another %s count is not used, the English source is.
function fill(format, values) {
  const pieces = format.split('%s');
  if (pieces.length !== values.length + 1) return null;
  return pieces.reduce((out, piece, i) => out + String(values[i - 1]) + piece);
}

export function t(text, ...values) {
  const dict = dictionary();
  const own = Object.prototype.hasOwnProperty.call(dict, text) && typeof dict[text] === 'string' && dict[text] ? dict[text] : text;
  return fill(own, values) ?? fill(text, values) ?? text;
}

/** The widget's per-site texts for `language` (see site-texts.js). */
export function setSiteTexts(texts, language) {
  site = resolveSiteTexts(texts, language);
}

/** A per-site text by its jtel name, or '' when the site set none. */
export function siteText(name) {
  return site[name] || '';
}
