/* ChatEngine: the public chat page as the website widget's frame (Widget=1; docs/widget.md). Its only partner
 * is the loader on the host page (HostOrigin): messages go to that origin only, and only messages from the
 * parent window with that origin are read. The loader hands over the options and the resume token (the
 * frame's own storage is blocked where third-party storage is); the frame hands back token and state.
 */
const MARK = 1;
// waiting-time.js (the server's clock) only matters once a chat exists: loaded then, not before the first message
let timing = null;
const withTiming = (use) => (timing ||= import('../js/waiting-time.js')).then(use);

/**
 * The widget side of the page, or null outside widget mode. onInit(options, token) runs once the loader has
 * answered; `refused(message)` tells the loader to take the widget off the page.
 */
export function widgetFrame(settings) {
  if (!settings || !settings.Widget) return null;
  const hostOrigin = String(settings.HostOrigin || '');
  const ancestors = window.location.ancestorOrigins;
  // our parent must be the page the loader says it is (a frame moved to another site finds nobody to talk to)
  const parentOK = window.parent !== window && hostOrigin &&
    (!ancestors || ancestors.length === 0 || ancestors[0] === hostOrigin);
  let open = false;
  let lastSeen = 0;
  let unread = 0;
  let linkTimer = null;
  let linkGeneration = 0;
  let initialised = false;
  const listeners = { init: [], open: [] };

  function post(msg) {
    if (!parentOK) return;
    msg.ChatEngine = MARK;
    window.parent.postMessage(msg, hostOrigin);
  }

  window.addEventListener('message', (e) => {
    if (!parentOK || e.source !== window.parent || e.origin !== hostOrigin) return;
    const m = e.data;
    if (!m || m.ChatEngine !== MARK) return;
    if (m.type === 'init' && !initialised) {
      initialised = true;
      open = !!m.open;
      const options = m.options && typeof m.options === 'object' ? m.options : {};
      const token = m.token && m.token.VisitorToken ? { VisitorToken: String(m.token.VisitorToken), ChatID: String(m.token.ChatID) } : null;
      // F's texts and G's preview listen for the options too
      document.dispatchEvent(new CustomEvent('ce-widget-init', { detail: { options } }));
      for (const f of listeners.init) f(options, token);
      if (open && m.focus) for (const f of listeners.open) f(true);
    } else if (m.type === 'open') {
      open = true;
      unread = 0;
      post({ type: 'state', unread: 0 });
      for (const f of listeners.open) f(!!m.focus);
    } else if (m.type === 'close') {
      open = false;
    }
  });
  // Escape inside the frame closes the panel, as it does on the loader's header
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') post({ type: 'close' }); });
  // A phone's keyboard shrinks the frame (the loader follows visualViewport) and would leave the history's
  // scroll where it was, hiding the latest messages: a history read to its end stays at its end, and the field
  // being typed in (with its Send button when both fit) stays in view; only this page scrolls, never the host's.
  const atEnd = new WeakMap();
  document.addEventListener('scroll', (e) => {
    const n = e.target;
    if (n instanceof Element && n.matches('[data-test="messages"]')) atEnd.set(n, n.scrollHeight - n.scrollTop - n.clientHeight < 60);
  }, true);
  window.addEventListener('resize', () => {
    for (const n of document.querySelectorAll('[data-test="messages"]')) if (atEnd.get(n) !== false) n.scrollTop = n.scrollHeight;
    const field = document.activeElement;
    if (!field || !field.matches('input, textarea, select')) return;
    let scroller = field.parentElement;
    while (scroller && !(/auto|scroll/.test(getComputedStyle(scroller).overflowY) && scroller.scrollHeight > scroller.clientHeight)) scroller = scroller.parentElement;
    scroller = scroller || document.scrollingElement;
    const bottom = Math.min(window.innerHeight, scroller.getBoundingClientRect().bottom);
    const form = field.closest('form, .ce-compose');
    const box = (form && form.getBoundingClientRect().height <= bottom ? form : field).getBoundingClientRect();
    if (box.bottom > bottom) scroller.scrollTop += Math.ceil(box.bottom - bottom);
  });

  return {
    hostOrigin,
    /** Runs f(options, token) when the loader's init arrives. */
    onInit(f) { listeners.init.push(f); },
    /** Runs f(focus) when the panel is shown. */
    onOpen(f) { listeners.open.push(f); },
    ready() {
      if (!parentOK) {
        const why = 'the chat frame is not embedded by ' + (hostOrigin || 'a widget loader') + ', so it does not start';
        if (window.console) window.console.warn('ChatEngine widget: ' + why);
        return false;
      }
      post({ type: 'ready' });
      return true;
    },
    token(token) {
      post({ type: 'token', token: token || null });
      post({ type: 'state', chatting: !!token, unread });
    },
    refused(message, tokenRefused) { post({ type: 'refused', message, token: !!tokenRefused }); },
    /** New events of the visitor's chat: unread agent messages while the panel is hidden; the no-agent link. */
    events(payload, first) {
      withTiming(({ serverTime }) => { for (const ev of payload.events || []) if (ev) serverTime.saw(ev.At); });
      for (const ev of payload.events || []) {
        const seq = Number(ev.Seq) || 0;
        if (seq <= lastSeen) continue;
        lastSeen = seq;
        if (!first && !open && ev.Kind === 'message' && !ev.Mine) unread++;
      }
      if (!first && !open && unread) post({ type: 'state', unread });
    },
    /**
     * The operator's link (noAgentLink) below the chat once `delay` seconds passed without an agent (public-chat.js
     * gives ChatEngine::CustomerThreshold's when the init call set none: the link then comes with the no-agents
     * text), by the server's clock as that text (waiting-time.js), never the visitor's. Each call re-times it.
     */
    waiting(chat, link, area) {
      const generation = ++linkGeneration;
      const waitingNow = chat && chat.State === 'request';
      if (linkTimer) { clearTimeout(linkTimer); linkTimer = null; }
      if (!waitingNow || !link || !/^https?:\/\//i.test(link.url || '')) {
        if (!waitingNow) { const old = document.getElementById('ce-widget-noagent'); if (old) old.remove(); }
        return;
      }
      if (document.getElementById('ce-widget-noagent')) return;
      withTiming(({ msUntilWaited, serverTime }) => {
        if (generation !== linkGeneration) return; // a later update timed it anew
        serverTime.saw(chat.CreatedAt);
        const wait = msUntilWaited(Date.parse(chat.CreatedAt), link.delay, serverTime.now());
        linkTimer = setTimeout(() => {
          linkTimer = null;
          const p = document.createElement('p');
          p.id = 'ce-widget-noagent';
          p.className = 'ce-box ce-widget-noagent';
          p.setAttribute('role', 'status');
          const a = document.createElement('a');
          a.href = link.url;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          a.textContent = link.text || link.url;
          p.appendChild(a);
          area.appendChild(p);
        }, wait);
      });
    },
  };
}
