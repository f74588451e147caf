/* ChatEngine: the page's configuration (rendered by the server into <script id="ce-config" type="application/json">)
 * and the settings the views read from it; light, so the public chat's start form loads without the chat modules.
 */
import { TYPING_TIMEOUT_MS } from './typing-state.js';

export function readConfig() {
  const node = document.getElementById('ce-config');
  try {
    const parsed = JSON.parse((node && node.textContent) || '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch (e) {
    return {};
  }
}

/**
 * The page's settings as the views use them. Texts and the waiting threshold come with the page and are
 * refreshed by every snapshot (the server reads both from SysConfig).
 */
export function pageSettings(config) {
  const settings = config.Settings || {};
  let texts = Object.assign({}, settings.Texts || {});
  let threshold = Number(settings.CustomerThresholdMinutes) || 0;
  return {
    config,
    settings,
    maxLength: Number(config.MaxMessageLength),
    typingTimeoutMs: Number(settings.TypingTimeoutMs) || TYPING_TIMEOUT_MS,
    texts: () => texts,
    thresholdMinutes: () => threshold,
    takeSnapshot(data) {
      if (data.Texts) texts = Object.assign({}, texts, data.Texts);
      if (data.CustomerThresholdMinutes !== undefined) threshold = Number(data.CustomerThresholdMinutes) || 0;
    },
  };
}
