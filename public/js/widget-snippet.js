/* The website widget's snippet generator, pure (no DOM): the Configuration tab's fields become the options of
 * `ChatEngine.initChat` (defaults left out), the options become the code to paste (docs/widget.md), and a website
 * on https with an http ChatEngine is explained. Used by the generator page and the preview page; tested in node.
 */

/** The jtel text set the init call may override, each also with a language suffix (`noAgents#de`). */
export const TEXT_KEYS = ['noAgents', 'outOfService', 'agentTyping', 'bye', 'byeNoAgent', 'welcomeMessage', 'editorPlaceholder'];

/** The loader's own defaults (docs/widget.md): options equal to them are left out of the snippet. */
export const DEFAULTS = Object.freeze({
  position: 'bottom-right',
  primaryColor: '#0a5fb4',
  textColor: '#ffffff',
  title: 'Chat',
  launcherText: 'Chat with us',
  showWhenUnavailable: false,
});

export const POSITIONS = ['bottom-right', 'bottom-left'];
/** The loader's limits on visitor data (docs/widget.md). */
export const MAX_DATA_FIELDS = 20;
export const MAX_DATA_VALUE = 500;
const DATA_KEY = /^[A-Za-z0-9_.-]{1,40}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
const COLOR = /^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)|[a-zA-Z]{3,20})$/;
/** Longest text of any one field (titles, texts, links). */
export const MAX_TEXT = 1000;

/** A form as the Configuration tab starts: every field at its default, nothing entered. */
export function emptyForm(server) {
  return {
    server: server || '', website: '', language: '', channel: '', position: DEFAULTS.position,
    primaryColor: DEFAULTS.primaryColor, textColor: DEFAULTS.textColor, title: '', launcherText: '',
    showWhenUnavailable: false, noAgentLinkURL: '', noAgentLinkText: '', noAgentLinkDelay: '',
    texts: {}, variantLanguage: 'de', variants: {}, moreTexts: '', pdata: '', udata: '',
  };
}

/** `https://chat.example.com/otrs/` from what the admin typed (trailing slash added); null when not an http(s) URL. */
export function normalizeServer(text) {
  const value = String(text || '').trim();
  let url;
  try { url = new URL(value); } catch { return null; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.search || url.hash || url.username || url.password) return null;
  return url.origin + (url.pathname.endsWith('/') ? url.pathname : url.pathname + '/');
}

/** The loader's address: the server's origin with ChatEngine's web path (`/otrs-web/`). */
export function loaderURL(server, webPath) {
  const base = normalizeServer(server);
  if (!base) return '';
  let path = String(webPath || '/otrs-web/');
  if (!path.startsWith('/')) path = '/' + path;
  if (!path.endsWith('/')) path += '/';
  return new URL(base).origin + path + 'widget/loader.js';
}

/** `key: value` lines (pdata/udata) as an object, with the problems found (line numbers from 1). */
export function parseFields(text, label) {
  const fields = {};
  const problems = [];
  const lines = String(text || '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const colon = line.indexOf(':');
    if (colon < 0) {
      problems.push(`${label}, line ${index + 1}: write it as "key: value".`);
      return;
    }
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!DATA_KEY.test(key)) {
      problems.push(`${label}, line ${index + 1}: the key "${key}" may have 1 to 40 letters, digits, "_", "." or "-".`);
    } else if ([...value].length > MAX_DATA_VALUE) {
      problems.push(`${label}, line ${index + 1}: the value of "${key}" is longer than ${MAX_DATA_VALUE} characters.`);
    } else if (Object.prototype.hasOwnProperty.call(fields, key)) {
      problems.push(`${label}, line ${index + 1}: "${key}" is there twice.`);
    } else {
      fields[key] = value;
    }
  });
  return { fields, problems };
}

/** `noAgents#fr: …` lines (more language variants) as text keys, with the problems found. */
export function parseMoreTexts(text) {
  const texts = {};
  const problems = [];
  String(text || '').split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const colon = line.indexOf(':');
    const key = colon < 0 ? line.trim() : line.slice(0, colon).trim();
    const [name, language, extra] = key.split('#');
    if (colon < 0 || !TEXT_KEYS.includes(name) || (language !== undefined && !LANGUAGE.test(language)) || extra !== undefined) {
      problems.push(`More texts, line ${index + 1}: write it as "text#language: text", e.g. "bye#fr: Au revoir", with one of ${TEXT_KEYS.join(', ')}.`);
      return;
    }
    texts[key] = line.slice(colon + 1).trim();
  });
  return { texts, problems };
}

/** `noAgents` or `noAgents#de`. */
export function textKey(name, language) {
  return language ? `${name}#${language}` : name;
}

function trimmed(value) {
  return String(value === undefined || value === null ? '' : value).trim();
}

function tooLong(value, label, problems) {
  if ([...value].length > MAX_TEXT) problems.push(`${label} is longer than ${MAX_TEXT} characters.`);
}

/**
 * The options of `initChat` for a form, and the problems that keep fields out: only what differs from the
 * loader's defaults, with texts as `key` and `key#language`.
 */
export function buildOptions(form) {
  const f = { ...emptyForm(), ...(form || {}) };
  const problems = [];
  const options = {};
  const server = normalizeServer(f.server);
  if (server) options.server = server;
  else problems.push('ChatEngine address: enter the http(s) address of ChatEngine with its script alias, e.g. https://chat.example.com/otrs/.');

  const language = trimmed(f.language);
  if (language) {
    if (LANGUAGE.test(language)) options.language = language;
    else problems.push(`Language: "${language}" is not a language code such as en, de or pt-BR.`);
  }
  const channel = trimmed(f.channel);
  if (channel) options.channel = channel;
  if (f.position && f.position !== DEFAULTS.position) {
    if (POSITIONS.includes(f.position)) options.position = f.position;
    else problems.push(`Position: "${f.position}" is none of ${POSITIONS.join(', ')}.`);
  }
  const colors = {};
  for (const [field, name, label] of [['primaryColor', 'primary', 'Main colour'], ['textColor', 'text', 'Text colour']]) {
    const value = trimmed(f[field]);
    if (!value || value.toLowerCase() === DEFAULTS[field]) continue;
    if (COLOR.test(value)) colors[name] = value;
    else problems.push(`${label}: "${value}" is not a colour (#rgb, #rrggbb, rgb(…) or a name).`);
  }
  if (Object.keys(colors).length) options.colors = colors;
  for (const [field, label] of [['title', 'Title'], ['launcherText', 'Button text']]) {
    const value = trimmed(f[field]);
    tooLong(value, label, problems);
    if (value && value !== DEFAULTS[field]) options[field] = value;
  }
  if (f.showWhenUnavailable === true) options.showWhenUnavailable = true;

  const linkURL = trimmed(f.noAgentLinkURL);
  if (linkURL) {
    let url = null;
    try { url = new URL(linkURL); } catch { /* refused below */ }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      problems.push(`No-agent link: "${linkURL}" is not an http(s) address.`);
    } else {
      const link = { url: url.href };
      const text = trimmed(f.noAgentLinkText);
      tooLong(text, 'No-agent link text', problems);
      if (text) link.text = text;
      const delay = trimmed(f.noAgentLinkDelay);
      if (delay) {
        if (/^\d{1,5}$/.test(delay)) link.delay = Number(delay);
        else problems.push(`No-agent link delay: "${delay}" is not a number of seconds.`);
      }
      options.noAgentLink = link;
    }
  }

  const texts = {};
  const variantLanguage = trimmed(f.variantLanguage);
  const variantOK = !variantLanguage || LANGUAGE.test(variantLanguage);
  if (!variantOK) problems.push(`Language of the text variants: "${variantLanguage}" is not a language code such as de.`);
  for (const name of TEXT_KEYS) {
    const base = trimmed((f.texts || {})[name]);
    tooLong(base, `The text ${name}`, problems);
    if (base) texts[name] = base;
    const variant = trimmed((f.variants || {})[name]);
    tooLong(variant, `The text ${textKey(name, variantLanguage)}`, problems);
    if (variant && variantLanguage && variantOK) texts[textKey(name, variantLanguage)] = variant;
  }
  const more = parseMoreTexts(f.moreTexts);
  problems.push(...more.problems);
  for (const [key, value] of Object.entries(more.texts)) {
    tooLong(value, `The text ${key}`, problems);
    if (value) texts[key] = value;
  }
  if (Object.keys(texts).length) options.texts = texts;

  let fieldCount = 0;
  for (const [field, label] of [['pdata', 'Visitor data (pdata)'], ['udata', 'More fields (udata)']]) {
    const parsed = parseFields(f[field], label);
    problems.push(...parsed.problems);
    fieldCount += Object.keys(parsed.fields).length;
    if (Object.keys(parsed.fields).length) options[field] = parsed.fields;
  }
  if (fieldCount > MAX_DATA_FIELDS) {
    problems.push(`Visitor data: ${fieldCount} fields, at most ${MAX_DATA_FIELDS} are kept (pdata and udata together).`);
  }
  return { options, problems };
}

/**
 * JSON that stays data inside an HTML `<script>` element: `<`, `>` and `&` (so no `</script>` or `<!--` can end
 * or confuse it) and the line separators JavaScript once refused become `\uXXXX` escapes, still valid JSON and JS.
 */
export function scriptSafeJSON(value, indent) {
  return JSON.stringify(value, null, indent)
    .replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** The code to paste before `</body>`: the async loader and the queued init call (docs/widget.md). */
export function snippet(options, webPath) {
  const src = loaderURL(options.server, webPath);
  const body = scriptSafeJSON(options, 2).replace(/\n/g, '\n  ');
  return [
    `<script async src="${escapeAttribute(src)}"></script>`,
    '<script>',
    '  window.ChatEngine = window.ChatEngine || { q: [] };',
    '  ChatEngine.initChat = ChatEngine.initChat || function (o) { ChatEngine.q.push(o); };',
    `  ChatEngine.initChat(${body});`,
    '</script>',
  ].join('\n');
}

/** An attribute value in double quotes. */
export function escapeAttribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A website on https with ChatEngine on http: the browser blocks the http loader and frame as mixed content.
 * Null when fine or not yet known; else what happens and what to change (the seeds' `HttpType` note).
 */
export function mixedContent(website, server) {
  let site;
  let chat;
  try { site = new URL(String(website || '').trim()); chat = new URL(String(server || '').trim()); } catch { return null; }
  if (site.protocol !== 'https:' || chat.protocol !== 'http:') return null;
  return `Your website ${site.origin} is served over https, but ChatEngine's address ${chat.origin} is http: `
    + 'browsers block an http script and frame on an https page (mixed content), so the chat would not appear. '
    + 'Serve ChatEngine over https (set HttpType to https and put it behind TLS) and use its https address here; '
    + 'the website and ChatEngine must use the same protocol.';
}

/** The `#…` the preview page reads its options from, and back. */
export function previewFragment(options) {
  return encodeURIComponent(JSON.stringify(options));
}

export function optionsFromFragment(hash) {
  const text = String(hash || '').replace(/^#/, '');
  if (!text) return null;
  try {
    const value = JSON.parse(decodeURIComponent(text));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
