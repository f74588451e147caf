/* The chat integration screen (AgentChatWidgetIntegration): three ARIA tabs; every change in Configuration
 * rebuilds the Integration Code at once (nothing is saved); Copy uses the Clipboard API, else selects the code
 * and copies it the old way; Preview loads the stand-in website with the current options in its `#…`.
 */
import {
  buildOptions, DEFAULTS, emptyForm, mixedContent, previewFragment, snippet, TEXT_KEYS,
} from './widget-snippet.js';

const $ = (id) => document.getElementById(id);

function readConfig() {
  try {
    return JSON.parse($('ce-config').textContent || '{}') || {};
  } catch {
    return {};
  }
}

const config = readConfig();
const settings = config.Settings || {};
const scriptDir = String(config.Script || '/otrs/index.pl').replace(/[^/]*$/, '');
/** This ChatEngine as the admin reaches it: the default address and the preview's server. */
const thisServer = window.location.origin + scriptDir;
const webPath = settings.WebPath || '/otrs-web/';

// ---- tabs (WAI-ARIA tabs with automatic activation)

const tabs = [...document.querySelectorAll('#ce-wi [role="tab"]')];

function selectTab(tab, focus) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) tab.focus();
  if (tab.id === 'ce-wi-tab-preview') showPreview(false);
}

for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab, false));
  tab.addEventListener('keydown', (ev) => {
    const index = tabs.indexOf(tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[ev.key];
    if (next === undefined) return;
    ev.preventDefault();
    selectTab(tabs[(next + tabs.length) % tabs.length], true);
  });
}

// ---- configuration → options → code

const form = $('ce-wi-form');
const initial = emptyForm(thisServer);
$('ce-wi-server').value = initial.server;
$('ce-wi-primary').value = DEFAULTS.primaryColor;
$('ce-wi-text-color').value = DEFAULTS.textColor;
$('ce-wi-variant-language').value = initial.variantLanguage;

function readForm() {
  const fields = { ...emptyForm(), texts: {}, variants: {} };
  for (const element of form.elements) {
    if (!element.name) continue;
    fields[element.name] = element.type === 'checkbox' ? element.checked : element.value;
  }
  for (const input of form.querySelectorAll('input[data-text]')) fields.texts[input.dataset.text] = input.value;
  for (const input of form.querySelectorAll('input[data-variant]')) fields.variants[input.dataset.variant] = input.value;
  return fields;
}

let current = { options: {}, code: '' };
let previewed = null;

function update() {
  const fields = readForm();
  const { options, problems } = buildOptions(fields);
  const code = snippet(options, webPath);
  current = { options, code };
  $('ce-wi-code').textContent = code;  // text, so the page shows the code escaped
  $('ce-wi-code').dataset.options = JSON.stringify(options);
  const list = $('ce-wi-problems');
  list.replaceChildren(...problems.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
  const mixed = mixedContent(fields.website, fields.server);
  $('ce-wi-mixed').textContent = mixed || '';
  $('ce-wi-mixed').hidden = !mixed;
  $('ce-wi-variant-label').textContent = fields.variantLanguage.trim() || '–';
  for (const input of form.querySelectorAll('input[data-variant]')) input.disabled = !fields.variantLanguage.trim();
  $('ce-wi-copy-status').textContent = '';
}

form.addEventListener('input', update);
form.addEventListener('change', update);
form.addEventListener('submit', (ev) => ev.preventDefault());
update();

// ---- copy

async function copy() {
  const status = $('ce-wi-copy-status');
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error('no Clipboard API');
    await navigator.clipboard.writeText(current.code);
    status.textContent = 'Copied to the clipboard.';
    return;
  } catch {
    // plain http or no permission: select the code and copy it the old way
  }
  const range = document.createRange();
  range.selectNodeContents($('ce-wi-code'));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  let copied = false;
  try { copied = document.execCommand('copy'); } catch { copied = false; }
  status.textContent = copied ? 'Copied to the clipboard.' : 'The code is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
}

$('ce-wi-copy').addEventListener('click', copy);

// ---- preview

let reloads = 0;

/** Loads the stand-in website with the current options, unless it shows them already (or `force`). */
function showPreview(force) {
  const options = { ...current.options, server: thisServer };
  const key = JSON.stringify(options);
  if (!force && key === previewed) return;
  previewed = key;
  reloads += 1;
  // a new query makes the frame load anew; the options travel in the fragment (never sent, no URL limit)
  $('ce-wi-preview').src = `${config.Script}?Action=AgentChatWidgetIntegration;Subaction=Preview;Reload=${reloads}#${previewFragment(options)}`;
  const elsewhere = current.options.server && current.options.server !== thisServer;
  $('ce-wi-preview-status').textContent = elsewhere
    ? `Preview loaded from this ChatEngine (${thisServer}); the code points at ${current.options.server}.`
    : 'Preview loaded.';
}

$('ce-wi-reload').addEventListener('click', () => showPreview(true));

for (const name of TEXT_KEYS) {
  if (!form.querySelector(`input[data-text="${name}"]`)) console.warn(`chat integration: no field for the text ${name}`);
}
